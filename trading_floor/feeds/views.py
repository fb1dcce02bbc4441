"""Feeds, sitemaps and robots.txt: public, cacheable (ETag, Last-Modified, Cache-Control) and
streamed. Thin: the rows come from rows.py, the documents from merchant/sitemaps/atom."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from trading_floor import policy
from trading_floor.catalog.models import Category
from trading_floor.catalog.queries import storefront
from trading_floor.extensions import db
from trading_floor.feeds import atom, merchant, merchant_import, rows, sitemaps
from trading_floor.feeds.forms import MerchantImportForm
from trading_floor.i18n import category_name, slugify
from trading_floor.policy import member_required

bp = Blueprint("feeds", __name__)
# paths robots are asked to leave alone: accounts, workspaces, back offices, carts
PRIVATE_PATHS = ("/tai-khoan", "/dang-nhap", "/dang-ky", "/quen-mat-khau", "/gian-hang",
                 "/hop-thu", "/don-hang", "/thanh-toan", "/quan-tri", "/so-cong-thuong",
                 "/theo-doi", "/api/")


def _cacheable(response: Response, etag: str, modified=None) -> Response:
    response.set_etag(etag)
    if modified is not None:
        response.last_modified = modified
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["FEED_MAX_AGE"]
    # a streamed body is never turned into a list (to measure its length) behind our back
    response.implicit_sequence_conversion = False
    return response.make_conditional(request)


def _urls() -> merchant.Urls:
    return merchant.Urls(
        listing=lambda listing_id, slug: url_for("catalog.listing", slug=slug,
                                                 listing_id=listing_id, _external=True),
        photo=lambda name: url_for("media.photo", name=name, _external=True))


def _omitted_note(count: int) -> str:
    if not count:
        return ""
    return " " + _("%(n)d sản phẩm giá \"liên hệ\" không có trong nguồn này (nguồn chỉ gồm "
                   "sản phẩm có giá).", n=count)


def _merchant(kind: str, enterprise=None) -> Response:
    enterprise_id = enterprise.id if enterprise is not None else None
    version = rows.version(enterprise_id)
    listings = rows.public_rows(enterprise_id, priced=True)
    if kind == "tsv":
        body = merchant.tsv_feed(listings, _urls())
        mimetype = "text/tab-separated-values"
    else:
        if enterprise is None:
            title = _("Sàn giao dịch TMĐT Hưng Yên — sản phẩm")
            link = url_for("core.home", _external=True)
        else:
            title = _("%(name)s — sản phẩm trên Sàn giao dịch TMĐT Hưng Yên", name=enterprise.name)
            link = url_for("catalog.storefront", code=enterprise.code, _external=True)
        description = _("Sản phẩm đang công khai, có giá bằng đồng.") + _omitted_note(
            version.unpriced)
        body = merchant.xml_feed(listings, _urls(), title=title, link=link,
                                 description=description)
        mimetype = "application/rss+xml"
    response = Response(stream_with_context(body), mimetype=mimetype)
    response.headers["X-Feed-Omitted-Price-On-Request"] = str(version.unpriced)
    return _cacheable(response, f"{kind}-{version.etag}", version.newest)


@bp.route("/feeds/merchant.xml")
def merchant_xml():
    return _merchant("xml")


@bp.route("/feeds/merchant.tsv")
def merchant_tsv():
    return _merchant("tsv")


@bp.route("/feeds/merchant/<code>.xml")
def merchant_enterprise(code: str):
    enterprise = storefront(code)
    if enterprise is None:
        abort(404)
    return _merchant("xml", enterprise)


# --- sitemaps and robots ---------------------------------------------------------------------------
def _chunk_size() -> int:
    return min(50_000, int(current_app.config["SITEMAP_CHUNK"]))


def _sitemap_url(endpoint: str, **values) -> str:
    if endpoint == "listing":
        return url_for("catalog.listing", slug=slugify(values["title"]),
                       listing_id=values["listing_id"], _external=True)
    if endpoint == "home":
        return url_for("core.home", _external=True)
    return url_for(f"catalog.{endpoint}", _external=True, **values)


@bp.route("/sitemap.xml")
def sitemap_index():
    size = _chunk_size()
    urls = [(url_for("feeds.sitemap", kind=kind, number=number, _external=True), None)
            for kind in sitemaps.KINDS for number in range(1, sitemaps.chunks(kind, size) + 1)]
    response = Response(stream_with_context(sitemaps.index(urls)), mimetype="application/xml")
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["FEED_MAX_AGE"]
    return response


@bp.route("/sitemap-<kind>-<int:number>.xml")
def sitemap(kind: str, number: int):
    size = _chunk_size()
    if kind not in sitemaps.KINDS or not 1 <= number <= sitemaps.chunks(kind, size):
        abort(404)
    body = sitemaps.urlset(sitemaps.entries(kind, number, size, _sitemap_url))
    response = Response(stream_with_context(body), mimetype="application/xml")
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["FEED_MAX_AGE"]
    return response


@bp.route("/robots.txt")
def robots():
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in PRIVATE_PATHS), "",
             f"Sitemap: {url_for('feeds.sitemap_index', _external=True)}", ""]
    response = Response("\n".join(lines), mimetype="text/plain")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response


# --- Atom ----------------------------------------------------------------------------------------
def _category(slug: str | None):
    if slug is None:
        return None, None
    category = atom.category_by_slug(slug)
    if category is None:
        abort(404)
    return category, atom.subtree(category)


def _atom(body: bytes) -> Response:
    response = Response(body, mimetype="application/atom+xml")
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["FEED_MAX_AGE"]
    response.add_etag()
    return response.make_conditional(request)


@bp.route("/feeds/san-pham.atom", defaults={"slug": None})
@bp.route("/feeds/san-pham/<slug>.atom")
def listings_atom(slug: str | None):
    category, ids = _category(slug)
    entries = [atom.Entry(url=url_for("catalog.listing", slug=slugify(r.title),
                                      listing_id=r.id, _external=True),
                          title=r.title, summary=r.description or r.title,
                          published=r.published_at or r.updated_at, updated=r.updated_at,
                          category=r.category_name)
               for r in rows.newest_rows(ids, atom.ATOM_SIZE)]
    title = (_("Sản phẩm mới: %(category)s", category=category.name_vi) if category
             else _("Sản phẩm mới trên Sàn giao dịch TMĐT Hưng Yên"))
    page = (url_for("catalog.category", slug=slug, _external=True) if category
            else url_for("core.home", _external=True))
    return _atom(atom.document(title=title, self_url=request.base_url, page_url=page,
                               author=_("Sàn giao dịch TMĐT Hưng Yên"), entries=entries))


@bp.route("/feeds/chao-mua.atom", defaults={"slug": None})
@bp.route("/feeds/chao-mua/<slug>.atom")
def rfqs_atom(slug: str | None):
    category, ids = _category(slug)
    entries = [atom.Entry(url=url_for("trade.rfq", rfq_id=rfq.id, _external=True),
                          title=rfq.title, summary=rfq.description or rfq.title,
                          published=rfq.created_at, updated=rfq.created_at,
                          category=rfq.category.name_vi)
               for rfq in atom.newest_rfqs(ids)]
    title = (_("Yêu cầu chào mua mới: %(category)s", category=category.name_vi) if category
             else _("Yêu cầu chào mua mới trên Sàn giao dịch TMĐT Hưng Yên"))
    return _atom(atom.document(title=title, self_url=request.base_url,
                               page_url=url_for("trade.rfq_board", _external=True),
                               author=_("Sàn giao dịch TMĐT Hưng Yên"), entries=entries))


# --- a Merchant feed file into the enterprise's listings ---------------------------------------------
@bp.route("/gian-hang/nhap-nguon-merchant", methods=["GET", "POST"])
@member_required
def import_merchant():
    form = MerchantImportForm()
    form.category.choices = [SelectChoice(c.slug, category_name(c)) for c in db.session.scalars(
        select(Category).order_by(Category.position, Category.name_vi))]
    report = None
    if form.validate_on_submit():
        upload = form.file.data
        enterprise = policy.membership_of(current_user).enterprise
        report = merchant_import.import_feed(upload.read(), upload.filename or "feed.tsv",
                                             enterprise, form.category.data,
                                             form.unit.data.strip(), current_user.id)
        if report.ok:
            flash(_("Đã nhập: thêm %(a)d, cập nhật %(u)d, không đổi %(n)d.", a=report.added,
                    u=report.updated, n=report.unchanged), "success")
        else:
            flash(_("Tệp bị từ chối, không có thay đổi nào: %(n)d lỗi.", n=len(report.errors)),
                  "error")
    return render_template("feeds/import.html", form=form, report=report)
