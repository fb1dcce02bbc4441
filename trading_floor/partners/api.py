"""The partner read API, /api/v1/…: listings by a changed-since cursor (with removals), public
enterprises, categories and open requests for quotation. JSON, prices in whole đồng, stable ids."""

from __future__ import annotations

from flask import Blueprint, g, jsonify, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from trading_floor.catalog import changes
from trading_floor.catalog.models import Category, Listing
from trading_floor.extensions import csrf, db
from trading_floor.partners.auth import json_error, partner_required, too_many_requests
from trading_floor.registry.models import ACTIVE, RegistryEnterprise
from trading_floor.trade.models import Rfq
from trading_floor.trade.rfqs import open_condition

bp = Blueprint("partner_api", __name__, url_prefix="/api/v1")
bp.register_error_handler(429, too_many_requests)
MAX_PER_PAGE = 500


def _iso(moment) -> str | None:
    return moment.isoformat(timespec="seconds") + "Z" if moment is not None else None


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name, "")
    if raw == "":
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ValueError(_("Tham số %(n)s phải là số nguyên từ %(lo)d đến %(hi)d.",
                           n=name, lo=low, hi=high))
    return int(raw)


def _listing_url(listing: Listing) -> str:
    """The listing's page by id (stable when the title changes; it redirects to the page with
    the title's slug). Built once per request: routing 1,000 URLs and folding 1,000 titles into
    slugs cost more than the rest of a page of changes."""
    if "listing_url_pattern" not in g:
        g.listing_url_pattern = url_for("catalog.listing_by_id", listing_id=1234567890,
                                        _external=True)
    return g.listing_url_pattern.replace("1234567890", str(listing.id))


def listing_json(listing: Listing) -> dict:
    return {
        "id": listing.id,
        "enterprise_id": listing.enterprise_id,
        "enterprise_code": listing.enterprise.code,
        "sku": listing.sku,
        "title": listing.title,
        "title_en": listing.title_en,
        "description": listing.description,
        "category_id": listing.category_id,
        "category": listing.category.slug,
        "price_vnd": listing.price_vnd,
        "unit": listing.unit,
        "moq": listing.moq,
        "tiers": [[int(qty), int(price)] for qty, price in listing.tiers or []],
        "availability": listing.availability,
        "season_from": listing.season_from,
        "season_to": listing.season_to,
        "certifications": listing.cert_codes,
        "origin_commune_code": listing.origin_commune_code,
        "images": [url_for("media.photo", name=image.filename, _external=True)
                   for image in listing.images],
        "url": _listing_url(listing),
        "published_at": _iso(listing.published_at),
        "updated_at": _iso(listing.updated_at),
    }


@bp.route("/listings")
@csrf.exempt
@partner_required("catalogue")
def listings():
    try:
        limit = _int_arg("limit", 100, 1, changes.MAX_PAGE)
        page = changes.changes_since(request.args.get("cursor"), limit)
    except (ValueError, changes.CursorError) as error:
        return json_error(400, str(error))
    return jsonify({
        "changes": [{"id": listing_id, "change": "upsert", "listing": listing_json(listing)}
                    if listing is not None else {"id": listing_id, "change": "removed"}
                    for listing_id, listing in page.changes],
        "next_cursor": page.next_cursor,
        "has_more": page.has_more,
    })


def _paged(stmt, as_json):
    """One page (?page=&per_page=) of an ordered SELECT, with the total, as JSON."""
    try:
        page = _int_arg("page", 1, 1, 1_000_000)
        per_page = _int_arg("per_page", 100, 1, MAX_PER_PAGE)
    except ValueError as error:
        return json_error(400, str(error))
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = db.session.scalars(stmt.offset((page - 1) * per_page).limit(per_page))
    return jsonify({"total": total, "page": page, "per_page": per_page,
                    "results": [as_json(row) for row in rows]})


def _public_enterprises():
    return select(RegistryEnterprise).where(RegistryEnterprise.status == ACTIVE,
                                            RegistryEnterprise.verified_at.is_not(None))


def enterprise_json(enterprise: RegistryEnterprise) -> dict:
    # the public seller fields only: no phone, e-mail, address or bank account
    return {
        "id": enterprise.id,
        "code": enterprise.code,
        "name": enterprise.name,
        "commune_code": enterprise.commune_code,
        "commune": enterprise.commune.name,
        "vsic_code": enterprise.vsic_code,
        "vsic_section": enterprise.vsic_section,
        "size_class": enterprise.size_class,
        "about": enterprise.about or "",
        "url": url_for("catalog.storefront", code=enterprise.code, _external=True),
    }


@bp.route("/enterprises")
@csrf.exempt
@partner_required("enterprises")
def enterprises():
    return _paged(_public_enterprises().order_by(RegistryEnterprise.id), enterprise_json)


@bp.route("/categories")
@csrf.exempt
@partner_required("catalogue")
def categories():
    rows = db.session.scalars(select(Category).order_by(Category.position, Category.id))
    return jsonify({"results": [{"id": c.id, "slug": c.slug, "parent_id": c.parent_id,
                                 "name_vi": c.name_vi, "name_en": c.name_en,
                                 "position": c.position} for c in rows]})


def rfq_json(rfq: Rfq) -> dict:
    # what the public request page shows, without the buyer's identity
    return {
        "id": rfq.id,
        "title": rfq.title,
        "description": rfq.description,
        "category_id": rfq.category_id,
        "category": rfq.category.slug,
        "quantity": rfq.quantity,
        "unit": rfq.unit,
        "target_price_vnd": rfq.target_price_vnd,
        "delivery_commune_code": rfq.delivery_commune_code,
        "delivery_place": rfq.delivery_place,
        "deadline": _iso(rfq.deadline),
        "created_at": _iso(rfq.created_at),
        "url": url_for("trade.rfq", rfq_id=rfq.id, _external=True),
    }


@bp.route("/rfqs")
@csrf.exempt
@partner_required("rfqs")
def rfqs():
    return _paged(select(Rfq).where(open_condition()).order_by(Rfq.id), rfq_json)


@bp.route("/openapi.json")
def openapi():
    """The OpenAPI 3.1 contract of every /api/v1 route (public, like the search it documents)."""
    from trading_floor.partners.openapi import document

    return jsonify(document())
