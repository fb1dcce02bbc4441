"""Listings of one enterprise from CSV/XLSX and back: any invalid row refuses the whole file.

Re-importing updates listings by `sku`; listings absent from the file stay as they are.
The export writes the same columns, so an exported file imports back unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from trading_floor.catalog import listing_rules
from trading_floor.catalog.models import (
    DELETED,
    DRAFT,
    PUBLISHED,
    SUBMITTED,
    Category,
    Listing,
)
from trading_floor.catalog.services import (
    CONTENT_FIELDS,
    SUBMITTABLE,
    ListingInput,
    commit_and_signal,
    record_status,
    sync_certifications,
    validate,
)
from trading_floor.core.spreadsheet import csv_bytes, xlsx_bytes
from trading_floor.core.tabular import ImportReport, RowError, read_table_or_refuse
from trading_floor.extensions import db
from trading_floor.registry.models import AdminUnit, RegistryEnterprise

COLUMNS: dict[str, tuple[str, ...]] = {
    "sku": ("mã sản phẩm", "ma san pham", "mã hàng"),
    "title": ("tên sản phẩm", "ten san pham", "tên"),
    "title_en": ("tên tiếng anh", "ten tieng anh"),
    "description": ("mô tả", "mo ta"),
    "category": ("danh mục", "danh muc"),
    "price_vnd": ("giá", "gia", "giá (đồng)", "đơn giá"),
    "unit": ("đơn vị", "don vi", "đơn vị tính"),
    "moq": ("số lượng tối thiểu", "so luong toi thieu", "đặt tối thiểu"),
    "tiers": ("bậc giá", "bac gia", "giá theo số lượng"),
    "availability": ("tình trạng", "tinh trang", "tình trạng hàng"),
    "certifications": ("chứng nhận", "chung nhan"),
    "origin_commune_code": ("mã xã xuất xứ", "xuất xứ", "ma xa xuat xu"),
}
REQUIRED = ("sku", "title", "category", "unit")
_COLUMN_OF = {"price_vnd": "price_vnd", "category": "category", "origin_commune_code":
              "origin_commune_code", "certifications": "certifications"}


@dataclass
class ListingImportReport(ImportReport):
    published: int = 0


def category_index() -> dict[str, int]:
    """Slug and lower-case Vietnamese name -> id (a slug wins over a name)."""
    index: dict[str, int] = {}
    for category in db.session.scalars(select(Category).order_by(Category.id.desc())):
        index[category.name_vi.strip().lower()] = category.id
    for category in db.session.scalars(select(Category)):
        index[category.slug] = category.id
    return index


def import_listings(content: bytes, filename: str, enterprise: RegistryEnterprise,
                    actor_id: int | None = None, publish: bool = False, submit: bool = False,
                    progress: Callable[[int, int], None] | None = None,
                    writing: Callable[[], None] | None = None) -> ListingImportReport:
    """Validates every row, then upserts by sku in one transaction.

    `progress(rows checked, rows)` follows the validation; `writing()` is called as the write
    starts.

    publish=True (an officer migrating a catalogue) publishes every listing of the file and
    vouches for the enterprise; submit=True sends new and changed listings to review.
    Callers check who may do what (the seller page: a member; the CLI: an officer's shell).
    """
    report = ListingImportReport()
    table = read_table_or_refuse(content, filename, COLUMNS, REQUIRED, report.errors)
    if table is None:
        return report
    categories = category_index()
    communes = set(db.session.scalars(select(AdminUnit.code)))
    existing = {listing.sku: listing for listing in db.session.scalars(
        select(Listing).where(Listing.enterprise_id == enterprise.id, Listing.status != DELETED))}
    seen: dict[str, int] = {}
    valid: list[tuple[dict, list[str]]] = []
    report.read = len(table.rows)
    for checked, (line, row) in enumerate(table.rows, start=1):
        before = len(report.errors)
        sku = row["sku"]
        if not sku:
            report.errors.append(RowError(line, "sku", _("thiếu mã sản phẩm (sku)")))
        elif sku in seen:
            report.errors.append(RowError(line, "sku", _("mã %(s)s trùng với dòng %(l)d",
                                                         s=sku, l=seen[sku])))
        else:
            seen[sku] = line
        category_id = categories.get(row["category"].strip().lower())
        data = ListingInput(
            sku=sku, title=row["title"], title_en=row["title_en"],
            description=row["description"],
            category=str(category_id) if category_id else row["category"],
            price=row["price_vnd"], unit=row["unit"], moq=row["moq"], tiers=row["tiers"],
            availability=row["availability"], certifications=row["certifications"],
            origin_commune_code=row["origin_commune_code"])
        old = existing.get(sku)
        values, codes, errors = validate(enterprise.id, data, old.id if old else None,
                                         communes=communes, check_sku=False)
        for column, reason in errors.items():
            report.errors.append(RowError(line, _COLUMN_OF.get(column, column), reason))
        if len(report.errors) == before:
            valid.append((values, codes))
        if progress and (checked % 500 == 0 or checked == report.read):
            progress(checked, report.read)
    report.valid = len(valid)
    if report.errors:
        return report

    if writing:
        writing()
    changed_listings: list[Listing] = []
    for values, codes in valid:
        listing = existing.get(values["sku"])
        if listing is None:
            listing = Listing(enterprise_id=enterprise.id, status=DRAFT, **values)
            db.session.add(listing)
            record_status(listing, DRAFT, actor_id, _("nhập từ tệp"))
            sync_certifications(listing, codes)
            report.added += 1
            changed = True
        else:
            before = {name: getattr(listing, name) for name in CONTENT_FIELDS}
            old_codes = sorted(listing.cert_codes)
            for name, value in values.items():
                setattr(listing, name, value)
            sync_certifications(listing, codes)
            changed = (old_codes != sorted(codes)
                       or any(before[n] != getattr(listing, n) for n in CONTENT_FIELDS))
            if changed:
                report.updated += 1
                if listing.status != DRAFT and not publish:
                    record_status(listing, DRAFT, actor_id, _("sửa nội dung (nhập từ tệp)"))
            else:
                report.unchanged += 1
        if publish and listing.status != PUBLISHED:
            record_status(listing, PUBLISHED, actor_id, _("cán bộ đăng khi chuyển dữ liệu"))
            report.published += 1
            changed = True
        elif submit and changed and listing.status in SUBMITTABLE:
            record_status(listing, SUBMITTED, actor_id)
            if current_app.config.get("LISTING_AUTO_PUBLISH"):
                record_status(listing, PUBLISHED, None, _("tự động đăng"))
                report.published += 1
        if changed:
            changed_listings.append(listing)
    if publish:
        from trading_floor.registry.services import vouch_by_import

        vouch_by_import(enterprise)
    db.session.flush()
    commit_and_signal([listing.id for listing in changed_listings])
    if publish:
        from trading_floor.core.signals import registry_changed

        registry_changed.send(enterprise_ids=[enterprise.id])
    return report


def export_rows(enterprise_id: int) -> list[list[str | int]]:
    """The enterprise's listings (every status but deleted) as rows of the import file."""
    rows: list[list[str | int]] = [list(COLUMNS)]
    for listing in db.session.scalars(select(Listing).where(Listing.enterprise_id == enterprise_id,
                                                            Listing.status != DELETED)
                                      .order_by(Listing.sku)):
        rows.append([
            listing.sku, listing.title, listing.title_en, listing.description,
            listing.category.slug,
            "" if listing.price_vnd is None else listing.price_vnd,
            listing.unit, listing.moq, listing_rules.format_tiers(listing.tiers),
            listing_rules.format_availability(listing.availability, listing.season_from,
                                              listing.season_to),
            ";".join(listing.cert_codes),
            listing.origin_commune_code or "",
        ])
    return rows


def export_csv(enterprise_id: int) -> bytes:
    """UTF-8 with BOM and CRLF, as Excel opens it without garbling Vietnamese."""
    return csv_bytes(export_rows(enterprise_id))


def export_xlsx(enterprise_id: int) -> bytes:
    # text cells stay text (a sku like 0012 must keep its zeros)
    return xlsx_bytes(_("Sản phẩm"), ([str(v) if isinstance(v, str) else v for v in row]
                                      for row in export_rows(enterprise_id)))
