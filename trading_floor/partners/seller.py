"""The seller API's rules: a listing sent as JSON goes through the catalogue's own services — one
listing through the web form's `save_listing`, a batch through the CSV import (all or nothing) —
so the API accepts exactly what the form and the file accept, and sends changes to review alike."""

from __future__ import annotations

import io
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from trading_floor.catalog import importer, services
from trading_floor.catalog.listing_rules import format_availability, format_tiers
from trading_floor.catalog.models import DELETED, Listing
from trading_floor.core.spreadsheet import csv_bytes
from trading_floor.extensions import db

MAX_BULK = 500
TEXT_FIELDS = ("title", "title_en", "description", "category", "unit")
FIELDS = ("sku", *TEXT_FIELDS, "price_vnd", "moq", "tiers", "availability", "season_from",
          "season_to", "certifications", "origin_commune_code")


class PayloadError(ValueError):
    """A JSON body the API cannot read; `fields` says which members and why."""

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.fields = fields or {}


def find_listing(enterprise_id: int, sku: str) -> Listing | None:
    return db.session.scalar(select(Listing).where(Listing.enterprise_id == enterprise_id,
                                                   Listing.sku == sku,
                                                   Listing.status != DELETED))


def _text(value, name: str, errors: dict[str, str]) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        errors[name] = _("phải là chuỗi")
        return ""
    return str(value)


def _number(value, name: str, errors: dict[str, str]) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, int):
        errors[name] = _("phải là số nguyên")
        return ""
    return str(value)


def row_of(sku: str, payload) -> dict[str, str]:
    """A JSON listing -> the text cells of one import row (the same rules read both)."""
    if not isinstance(payload, dict):
        raise PayloadError(_("Mỗi sản phẩm là một đối tượng JSON."))
    unknown = sorted(set(payload) - set(FIELDS) - {"submit"})
    errors: dict[str, str] = {name: _("trường không có trong API") for name in unknown}
    row = {name: _text(payload.get(name), name, errors) for name in TEXT_FIELDS}
    row["sku"] = sku
    row["price_vnd"] = _number(payload.get("price_vnd"), "price_vnd", errors)
    row["moq"] = _number(payload.get("moq", 1), "moq", errors) or "1"
    row["origin_commune_code"] = _number(payload.get("origin_commune_code"),
                                         "origin_commune_code", errors)
    tiers = payload.get("tiers") or []
    if not (isinstance(tiers, list) and all(
            isinstance(t, list) and len(t) == 2 and all(
                isinstance(n, int) and not isinstance(n, bool) for n in t) for t in tiers)):
        errors["tiers"] = _("phải là danh sách [số lượng, giá]")
        tiers = []
    row["tiers"] = format_tiers(tiers)
    season = [_number(payload.get(n), n, errors) for n in ("season_from", "season_to")]
    availability = _text(payload.get("availability") or "in_stock", "availability", errors)
    row["availability"] = format_availability(
        availability, int(season[0]) if season[0] else None, int(season[1]) if season[1] else None)
    certifications = payload.get("certifications") or []
    if not (isinstance(certifications, list) and all(isinstance(c, str) for c in certifications)):
        errors["certifications"] = _("phải là danh sách mã chứng nhận")
        certifications = []
    row["certifications"] = ";".join(certifications)
    if errors:
        raise PayloadError(_("Dữ liệu JSON sai kiểu: %(list)s.", list="; ".join(
            f"{k}: {v}" for k, v in errors.items())), errors)
    return row


def _input(row: dict[str, str]) -> services.ListingInput:
    return services.ListingInput(
        sku=row["sku"], title=row["title"], title_en=row["title_en"],
        description=row["description"], category=row["category"], price=row["price_vnd"],
        unit=row["unit"], moq=row["moq"], tiers=row["tiers"], availability=row["availability"],
        certifications=row["certifications"], origin_commune_code=row["origin_commune_code"])


def _keep_ocop(data: services.ListingInput, listing: Listing | None) -> None:
    """The API has no OCOP certificate number: a listing keeps the one its form gave it."""
    for certification in listing.certifications if listing is not None else ():
        if certification.code.startswith("OCOP"):
            data.ocop_number, data.ocop_expires = certification.number, certification.expires_on


@dataclass
class Upserted:
    listing: Listing
    created: bool


def upsert(user, enterprise, sku: str, payload, photos=()) -> Upserted:
    """Creates or updates the enterprise's listing with this sku, then sends it to review
    (unless payload["submit"] is false). Raises PayloadError or services.ListingError."""
    sku = (sku or "").strip()
    if not sku or len(sku) > 64:
        raise PayloadError(_("Mã sản phẩm (sku) trong đường dẫn phải có từ 1 đến 64 ký tự."),
                           {"sku": _("từ 1 đến 64 ký tự")})
    submit = payload.get("submit", True) if isinstance(payload, dict) else True
    if not isinstance(submit, bool):
        raise PayloadError(_("«submit» phải là true hoặc false."), {"submit": _("true/false")})
    data = _input(row_of(sku, payload))
    listing = find_listing(enterprise.id, sku)
    _keep_ocop(data, listing)
    saved = services.save_listing(user, enterprise, data, listing, photos=photos, submit=submit)
    return Upserted(saved, listing is None)


def current_payload(listing: Listing) -> dict:
    """What a listing holds now, as the API's JSON listing (to add photos and keep the rest)."""
    return {
        "title": listing.title, "title_en": listing.title_en, "description": listing.description,
        "category": str(listing.category_id), "unit": listing.unit,
        "price_vnd": listing.price_vnd, "moq": listing.moq, "tiers": listing.tiers or [],
        "availability": listing.availability, "season_from": listing.season_from,
        "season_to": listing.season_to, "certifications": listing.cert_codes,
        "origin_commune_code": listing.origin_commune_code,
    }


def add_photos(user, enterprise, listing: Listing, files: list[tuple[str, bytes]]) -> Listing:
    """Adds photos (name, bytes) to a listing, checked like uploads; a photo is content, so a
    public listing goes back to review like the form's."""
    uploads = [FileStorage(io.BytesIO(content), filename=name or "photo") for name, content in files]
    payload = current_payload(listing)
    payload["submit"] = listing.status != "draft"
    return upsert(user, enterprise, listing.sku, payload, photos=uploads).listing


def bulk(user, enterprise, items) -> importer.ListingImportReport:
    """Up to MAX_BULK listings by sku in one transaction, through the CSV import's rules: one bad
    listing refuses the whole call, with every error by position (line 2 = the first listing)."""
    if not isinstance(items, list) or not items:
        raise PayloadError(_("Gửi «listings»: một danh sách từ 1 đến %(n)d sản phẩm.", n=MAX_BULK))
    if len(items) > MAX_BULK:
        raise PayloadError(_("Mỗi lần gửi tối đa %(n)d sản phẩm (đã gửi %(m)d).",
                             n=MAX_BULK, m=len(items)))
    columns = list(importer.COLUMNS)
    rows: list[list[str]] = [columns]
    for position, item in enumerate(items, start=2):
        sku = item.get("sku") if isinstance(item, dict) else None
        if not isinstance(sku, str):
            raise PayloadError(_("Sản phẩm ở vị trí %(n)d: thiếu «sku» (chuỗi).", n=position - 1))
        try:
            row = row_of(sku, item)
        except PayloadError as error:
            raise PayloadError(_("Sản phẩm ở vị trí %(n)d: %(e)s", n=position - 1, e=str(error)),
                               error.fields) from error
        rows.append([row[column] for column in columns])
    return importer.import_listings(csv_bytes(rows), "api.csv", enterprise, actor_id=user.id,
                                    submit=True)


def queue_photo_url(token, listing: Listing, url: str) -> None:
    """Checks the URL now (form, and where it resolves: a private address is refused at once)
    and records the fetch job in the caller's transaction; the job checks the address again."""
    from trading_floor import jobs
    from trading_floor.partners.photo_fetch import check_url, resolve

    _scheme, host, port, _path = check_url(url)
    resolve(host, port)
    jobs.record("partners.fetch_photo", {"token_id": token.id, "listing_id": listing.id,
                                         "url": url})


def fetch_photo(token_id: int, listing_id: int, url: str) -> str:
    """The job: fetches the photo (SSRF-checked) and adds it as an upload would. Returns what
    happened; a refused URL or photo is the seller's to fix, so it is logged, not retried."""
    from trading_floor.catalog.images import PhotoError
    from trading_floor.partners.models import SellerToken
    from trading_floor.partners.photo_fetch import FetchRefused, fetch

    token = db.session.get(SellerToken, token_id)
    listing = db.session.get(Listing, listing_id)
    if token is None or token.revoked_at is not None or listing is None \
            or listing.enterprise_id != token.enterprise_id or listing.status == DELETED:
        return "skipped: token revoked or listing gone"
    try:
        name, content = fetch(url)
        add_photos(token.user, token.enterprise, listing, [(name, content)])
    except (FetchRefused, PhotoError, services.ListingError, services.NotAllowed) as error:
        return f"refused: {error}"
    return "added"
