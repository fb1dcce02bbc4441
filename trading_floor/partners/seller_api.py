"""The seller API, /api/v1/seller/…: an enterprise's own system keeps its listings here in step,
by its own sku, with a token its owner created in the seller workspace."""

from __future__ import annotations

from flask import Blueprint, g, jsonify, request
from flask_babel import gettext as _

from trading_floor.catalog import services
from trading_floor.extensions import csrf, db
from trading_floor.partners import seller
from trading_floor.partners.api import listing_json
from trading_floor.partners.auth import json_error, seller_required, too_many_requests
from trading_floor.partners.photo_fetch import FetchRefused

bp = Blueprint("seller_api", __name__, url_prefix="/api/v1/seller")
bp.register_error_handler(429, too_many_requests)


def own_json(listing) -> dict:
    return {**listing_json(listing), "status": listing.status,
            "rejection_reason": listing.rejection_reason}


def _body():
    data = request.get_json(silent=True)
    if data is None:
        raise seller.PayloadError(_("Thân yêu cầu phải là JSON (Content-Type: application/json)."))
    return data


def _refused(error: Exception):
    fields = getattr(error, "fields", {}) or {}
    return json_error(422, str(error), fields=fields)


def _own(sku: str):
    return seller.find_listing(g.seller_token.enterprise_id, sku)


def _not_found(sku: str):
    return json_error(404, _("Doanh nghiệp không có sản phẩm mã %(s)s.", s=sku))


@bp.route("/listings/<sku>", methods=["GET"])
@csrf.exempt
@seller_required
def get_listing(sku: str):
    listing = _own(sku)
    return jsonify(own_json(listing)) if listing is not None else _not_found(sku)


@bp.route("/listings/<sku>", methods=["PUT"])
@csrf.exempt
@seller_required
def put_listing(sku: str):
    token = g.seller_token
    try:
        result = seller.upsert(token.user, token.enterprise, sku, _body())
    except (seller.PayloadError, services.ListingError) as error:
        return _refused(error)
    response = jsonify(own_json(result.listing))
    response.status_code = 201 if result.created else 200
    return response


@bp.route("/listings/<sku>/archive", methods=["POST"])
@csrf.exempt
@seller_required
def archive_listing(sku: str):
    listing = _own(sku)
    if listing is None:
        return _not_found(sku)
    if listing.status != "archived":  # archiving twice is the same request: idempotent
        try:
            services.archive_listing(g.seller_token.user, listing)
        except services.ListingError as error:
            return _refused(error)
    return jsonify(own_json(_own(sku)))


@bp.route("/listings/bulk", methods=["POST"])
@csrf.exempt
@seller_required
def bulk():
    token = g.seller_token
    try:
        body = _body()
        items = body.get("listings") if isinstance(body, dict) else None
        report = seller.bulk(token.user, token.enterprise, items)
    except seller.PayloadError as error:
        return _refused(error)
    response = jsonify({
        "ok": report.ok, "added": report.added, "updated": report.updated,
        "unchanged": report.unchanged, "published": report.published,
        # line 2 is the first listing of the call (line 1 is the header of the CSV import)
        "errors": [{"line": e.line, "index": e.line - 2, "column": e.column, "reason": e.reason}
                   for e in report.errors],
    })
    response.status_code = 200 if report.ok else 422
    return response


@bp.route("/listings/<sku>/photos", methods=["POST"])
@csrf.exempt
@seller_required
def add_photos(sku: str):
    token = g.seller_token
    listing = _own(sku)
    if listing is None:
        return _not_found(sku)
    if request.mimetype == "multipart/form-data":
        files = [(f.filename or "photo", f.read()) for f in request.files.getlist("photo")
                 if f and f.filename]
        if not files:
            return json_error(422, _("Gửi ảnh trong trường «photo» (multipart/form-data)."))
        try:
            listing = seller.add_photos(token.user, token.enterprise, listing, files)
        except services.ListingError as error:
            return _refused(error)
        return jsonify(own_json(listing))
    try:
        body = _body()
        url = body.get("url") if isinstance(body, dict) else None
        if not isinstance(url, str):
            raise seller.PayloadError(_("Gửi {\"url\": \"https://…\"} hoặc ảnh multipart."))
        seller.queue_photo_url(token, listing, url)
    except (seller.PayloadError, FetchRefused) as error:
        db.session.rollback()
        return _refused(error)
    db.session.commit()
    return jsonify({"accepted": True, "url": url}), 202
