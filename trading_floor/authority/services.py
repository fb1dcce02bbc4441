"""Authorities' requests: recording them, taking the listing or the storefront down with a
reference to the document (the catalogue's own takedown, so the moderation log and the
participation history stay right), the register against AUTHORITY_TAKEDOWN_HOURS, and the
data export for a data request (a dated ZIP of XLSX sheets)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_floor.authority.models import (
    DATA,
    LISTING,
    STOREFRONT,
    TAKEDOWN,
    AuthorityRequest,
)
from trading_floor.catalog import moderation
from trading_floor.catalog.models import PUBLISHED, Listing, ListingStatusEvent
from trading_floor.core.spreadsheet import report_xlsx_bytes
from trading_floor.extensions import db
from trading_floor.i18n import format_date, format_datetime, local_today, to_local, utcnow
from trading_floor.registry.models import RegistryEnterprise
from trading_floor.trade.models import Order

KIND_LABELS = {TAKEDOWN: _l("Yêu cầu gỡ bỏ"), DATA: _l("Yêu cầu cung cấp dữ liệu")}


class AuthorityError(ValueError):
    """A rule refused the request; the message is for the officer. Nothing was saved."""


@dataclass
class Document:
    """The authority's document as the officer typed it."""

    issuer: str
    document_number: str
    document_date: date | None
    received_at: datetime | None  # naive UTC
    what: str


def deadline_hours() -> int:
    return current_app.config["AUTHORITY_TAKEDOWN_HOURS"]


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def _check(document: Document) -> Document:
    document.issuer = (document.issuer or "").replace("\x00", "").strip()
    document.document_number = (document.document_number or "").replace("\x00", "").strip()
    document.what = (document.what or "").replace("\x00", "").strip()
    if not document.issuer or not document.document_number or not document.what:
        raise AuthorityError(_("Hãy ghi cơ quan yêu cầu, số văn bản và nội dung yêu cầu."))
    if len(document.issuer) > 255 or len(document.document_number) > 100 \
            or len(document.what) > 5000:
        raise AuthorityError(_("Thông tin quá dài."))
    if document.document_date is None or document.document_date > local_today():
        raise AuthorityError(_("Ngày văn bản không hợp lệ."))
    if document.received_at is None or document.received_at > utcnow() + timedelta(minutes=5):
        raise AuthorityError(_("Thời điểm nhận không hợp lệ (không được ở tương lai)."))
    return document


def _enterprise(code: str) -> RegistryEnterprise:
    enterprise = db.session.scalar(select(RegistryEnterprise).where(
        RegistryEnterprise.code == (code or "").strip()))
    if enterprise is None:
        raise AuthorityError(_("Không tìm thấy doanh nghiệp có mã số này."))
    return enterprise


# --- takedowns ----------------------------------------------------------------------------------
def record_takedown(officer, document: Document, *, listing_id: int | None = None,
                    enterprise_code: str = "", take_down_now: bool = True) -> AuthorityRequest:
    """Records a takedown request for one listing or a storefront, and takes it down now unless
    the officer only records it (then `take_down` later)."""
    document = _check(document)
    if listing_id:
        listing = db.session.get(Listing, listing_id)
        if listing is None:
            raise AuthorityError(_("Không tìm thấy sản phẩm số %(id)s.", id=listing_id))
        target, enterprise = LISTING, listing.enterprise
    elif enterprise_code:
        listing, target, enterprise = None, STOREFRONT, _enterprise(enterprise_code)
    else:
        raise AuthorityError(_("Hãy ghi số sản phẩm hoặc mã số doanh nghiệp cần gỡ."))
    request = AuthorityRequest(kind=TAKEDOWN, issuer=document.issuer,
                               document_number=document.document_number,
                               document_date=document.document_date,
                               received_at=document.received_at, what=document.what,
                               target=target, listing_id=listing.id if listing else None,
                               enterprise_id=enterprise.id, recorded_by_id=officer.id,
                               recorded_at=utcnow())
    db.session.add(request)
    db.session.commit()
    if take_down_now:
        take_down(officer, request)
    return request


def take_down(officer, request: AuthorityRequest) -> int:
    """Takes the listing (or every published listing of the storefront) down, each with the
    document as the reason; returns how many listings were taken down."""
    if request.kind != TAKEDOWN or request.done_at is not None:
        raise AuthorityError(_("Yêu cầu này đã được xử lý."))
    reason = _("Theo yêu cầu của %(issuer)s, văn bản số %(number)s ngày %(date)s",
               issuer=request.issuer, number=request.document_number,
               date=format_date(request.document_date))
    if request.target == LISTING:
        listings = [request.listing] if request.listing is not None else []
    else:
        listings = list(db.session.scalars(select(Listing).where(
            Listing.enterprise_id == request.enterprise_id, Listing.status == PUBLISHED)))
    count = 0
    for listing in listings:
        if listing.status == PUBLISHED:
            moderation.take_down(officer, listing, reason)
            count += 1
    request.done_at, request.done_by_id, request.listings_taken_down = utcnow(), officer.id, count
    db.session.commit()
    return count


@dataclass(frozen=True)
class RegisterRow:
    request: AuthorityRequest
    deadline: datetime | None
    hours_taken: float | None
    overdue: bool


def register() -> list[RegisterRow]:
    """Every request, the newest first; for takedowns the time from receipt to takedown against
    the deadline (overdue when taken down late, or still up past it)."""
    now = utcnow()
    rows = []
    for request in db.session.scalars(select(AuthorityRequest).order_by(
            AuthorityRequest.received_at.desc(), AuthorityRequest.id.desc()).limit(5000)):
        if request.kind != TAKEDOWN:
            rows.append(RegisterRow(request, None, None, False))
            continue
        deadline = request.received_at + timedelta(hours=deadline_hours())
        end = request.done_at or now
        hours = round((end - request.received_at).total_seconds() / 3600, 1)
        rows.append(RegisterRow(request, deadline, hours if request.done_at else None,
                                end > deadline))
    return rows


def register_table(rows: list[RegisterRow]) -> tuple[list[str], list[list]]:
    headers = [_("Loại"), _("Cơ quan"), _("Số văn bản"), _("Ngày văn bản"), _("Nhận lúc"),
               _("Nội dung"), _("Đối tượng"), _("Hạn gỡ"), _("Xử lý lúc"), _("Số giờ"),
               _("Quá hạn")]
    table = []
    for row in rows:
        request = row.request
        target = request.listing.title if request.listing else (
            request.enterprise.name if request.enterprise else "")
        table.append([kind_label(request.kind), request.issuer, request.document_number,
                      format_date(request.document_date), format_datetime(request.received_at),
                      request.what, target, format_datetime(row.deadline),
                      format_datetime(request.done_at),
                      row.hours_taken if row.hours_taken is not None else "",
                      _("có") if row.overdue else ""])
    return headers, table


# --- data requests ------------------------------------------------------------------------------
def record_data_request(officer, document: Document, enterprise_code: str) -> AuthorityRequest:
    document = _check(document)
    enterprise = _enterprise(enterprise_code)
    now = utcnow()
    request = AuthorityRequest(kind=DATA, issuer=document.issuer,
                               document_number=document.document_number,
                               document_date=document.document_date,
                               received_at=document.received_at, what=document.what,
                               enterprise_id=enterprise.id, recorded_by_id=officer.id,
                               recorded_at=now, done_at=now, done_by_id=officer.id)
    db.session.add(request)
    db.session.commit()
    return request


def data_export(request: AuthorityRequest) -> tuple[str, bytes]:
    """(file name, ZIP bytes): the enterprise's registration data, its listings with their
    status history, and its orders with their lines, one XLSX each, plus the request itself."""
    enterprise = request.enterprise
    stamp = to_local(request.done_at or utcnow()).strftime("%Y-%m-%d")
    registration = [[_("Mã số doanh nghiệp"), enterprise.code], [_("Tên"), enterprise.name],
                    [_("Địa chỉ"), enterprise.address], [_("Mã xã/phường"), enterprise.commune_code],
                    [_("Ngành (VSIC)"), enterprise.vsic_code], [_("Quy mô"), enterprise.size_class],
                    [_("Tình trạng"), enterprise.status], [_("Điện thoại"), enterprise.phone],
                    [_("Thư điện tử"), enterprise.email],
                    [_("Ngày đăng ký"), format_date(enterprise.registered_on)],
                    [_("Xác minh trên sàn"), format_datetime(enterprise.verified_at)]]
    listings = list(db.session.scalars(select(Listing).where(
        Listing.enterprise_id == enterprise.id).order_by(Listing.id)))
    listing_rows = [[item.id, item.sku, item.title, item.price_vnd or "", item.unit, item.status,
                     format_datetime(item.published_at)] for item in listings]
    history = [[event.listing_id, event.status, format_datetime(event.changed_at), event.reason]
               for event in db.session.scalars(select(ListingStatusEvent).where(
                   ListingStatusEvent.enterprise_id == enterprise.id)
                   .order_by(ListingStatusEvent.listing_id, ListingStatusEvent.id))]
    orders = list(db.session.scalars(select(Order).where(Order.enterprise_id == enterprise.id)
                                     .order_by(Order.id)))
    order_rows = [[order.reference, format_datetime(order.created_at), order.status,
                   order.payment_method, order.total_vnd, line.title, line.quantity, line.unit,
                   line.unit_price_vnd, line.line_total_vnd]
                  for order in orders for line in order.lines]
    title = _("%(name)s — theo %(ref)s", name=enterprise.name, ref=request.reference_text)
    sheets = {
        "dang-ky.xlsx": report_xlsx_bytes(_("Đăng ký"), title, [_("Mục"), _("Giá trị")],
                                          registration),
        "san-pham.xlsx": report_xlsx_bytes(_("Sản phẩm"), title, [
            _("Số"), _("Mã"), _("Tên"), _("Giá (đồng)"), _("Đơn vị"), _("Trạng thái"),
            _("Đăng lúc")], listing_rows),
        "lich-su-san-pham.xlsx": report_xlsx_bytes(_("Lịch sử"), title, [
            _("Số sản phẩm"), _("Trạng thái"), _("Lúc"), _("Lý do")], history),
        "don-hang.xlsx": report_xlsx_bytes(_("Đơn hàng"), title, [
            _("Số đơn"), _("Ngày đặt"), _("Trạng thái"), _("Thanh toán"), _("Tổng (đồng)"),
            _("Sản phẩm"), _("Số lượng"), _("Đơn vị"), _("Đơn giá"), _("Thành tiền")], order_rows),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in sheets.items():
            archive.writestr(name, content)
        archive.writestr("yeu-cau.txt", "\n".join([
            request.issuer, request.document_number, format_date(request.document_date),
            request.what, format_datetime(request.done_at)]))
    return f"du-lieu-{enterprise.code}-{stamp}.zip", buffer.getvalue()
