"""The public catalogue: categories, listing pages, storefronts and the enterprise directory."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from trading_floor.catalog import queries
from trading_floor.catalog.media_views import photo_url
from trading_floor.catalog.structured_data import embed, listing_jsonld
from trading_floor.catalog.visibility import is_public
from trading_floor.core.numbers import query_page
from trading_floor.core.signals import accessed
from trading_floor.i18n import category_name
from trading_floor.registry.codes import SECTION_NAMES
from trading_floor.registry.services import answer_hours_of

bp = Blueprint("catalog", __name__)


@bp.app_template_global()
def listing_url(listing, **kwargs) -> str:
    return url_for("catalog.listing", slug=listing.slug, listing_id=listing.id, **kwargs)


@bp.app_template_global()
def price_terms_label(code: str | None) -> str:
    """Whether the price includes VAT and delivery, in words ("" reads as included)."""
    from trading_floor.catalog.listing_rules import PRICE_TERMS_LABELS

    return str(PRICE_TERMS_LABELS.get(code or "", PRICE_TERMS_LABELS[""]))


@bp.app_template_global()
def listing_photo_url(image, thumb: bool = True) -> str | None:
    """The URL of a listing photo, served by the photo store of the seller side (`media`)."""
    return photo_url(image, thumb=thumb)


@bp.app_template_filter("category_name")
def category_label(category) -> str:
    """A category's name in the visitor's language (English when the taxonomy has it)."""
    return category_name(category)


def _record_access(kind: str, enterprise_id: int) -> None:
    """Announces the visit for the access rate (monitoring decides whether it counts)."""
    accessed.send(user=current_user, kind=kind, target_enterprise_id=enterprise_id)


def _page() -> int:
    return query_page(request.args)


def _sort() -> str:
    sort = request.args.get("sort", "newest")
    return sort if sort in queries.SORTS else "newest"


@bp.route("/danh-muc")
def categories():
    return render_template("catalog/categories.html", tree=queries.category_tree())


@bp.route("/danh-muc/<slug>")
def category(slug: str):
    node, trail = queries.find_node(slug)
    if node is None:
        abort(404)
    pagination = queries.category_listings(node, _sort(), _page())
    return render_template("catalog/category.html", node=node, trail=trail,
                           pagination=pagination, sort=_sort())


@bp.route("/san-pham/<int:listing_id>")
def listing_by_id(listing_id: int):
    listing = queries.listing_for(listing_id, current_user)
    if listing is None:
        abort(404)
    return redirect(listing_url(listing), 301)


@bp.route("/san-pham/<slug>-<int:listing_id>")
def listing(slug: str, listing_id: int):
    listing = queries.listing_for(listing_id, current_user)
    if listing is None:
        abort(404)
    if slug != listing.slug:
        return redirect(listing_url(listing), 301)
    public = is_public(listing)
    if public:  # a member's or officer's preview of an unpublished listing is not a view
        queries.record_view(listing, current_user)
        _record_access("listing", listing.enterprise_id)
    canonical = listing_url(listing, _external=True)
    seller_url = url_for("catalog.storefront", code=listing.enterprise.code, _external=True)
    photos = [u for u in (listing_photo_url(i, thumb=False) for i in listing.images) if u]
    jsonld = embed(listing_jsonld(listing, canonical, seller_url, photos))
    return render_template("catalog/listing.html", listing=listing, canonical=canonical,
                           jsonld=jsonld, public=public,
                           trail=queries.ancestors(listing.category),
                           answer_hours=answer_hours_of(listing.enterprise))


@bp.route("/doanh-nghiep/<code>")
def storefront(code: str):
    enterprise = queries.storefront(code)
    if enterprise is None:
        abort(404)
    _record_access("storefront", enterprise.id)
    pagination = queries.storefront_listings(enterprise, _page(), _sort())
    return render_template("catalog/storefront.html", enterprise=enterprise,
                           pagination=pagination, sort=_sort(),
                           answer_hours=answer_hours_of(enterprise),
                           sector_name=SECTION_NAMES.get(enterprise.vsic_section, ""))
