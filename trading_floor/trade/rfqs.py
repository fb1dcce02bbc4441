"""Requests for quotation (chào mua) and quotes.

A request is open while its status is `open` and its deadline has not passed: the deadline is a
query condition, so a request is closed at its deadline even before `trade close-expired` (or a
lazy close on reading) writes the status down.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from flask import has_request_context, url_for
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import aliased, selectinload
from sqlalchemy.sql.elements import ColumnElement

from trading_floor import jobs, policy
from trading_floor.accounts.models import Membership
from trading_floor.catalog.models import Category, Listing
from trading_floor.catalog.visibility import public_listings
from trading_floor.core.signals import rfqs_changed
from trading_floor.extensions import db
from trading_floor.i18n import VN_TZ, format_vnd, to_local, utcnow
from trading_floor.registry.models import ACTIVE, AdminUnit, RegistryEnterprise
from trading_floor.trade import notifications
from trading_floor.trade.models import (
    QUOTE_ACCEPTED,
    QUOTE_DECLINED,
    QUOTE_SUBMITTED,
    RFQ_AWARDED,
    RFQ_CANCELLED,
    RFQ_CLOSED,
    RFQ_OPEN,
    Order,
    OrderLine,
    Quote,
    Rfq,
)
from trading_floor.trade.services import (
    MAX_ORDER_TOTAL_VND,
    MAX_QUANTITY,
    TradeError,
    bank_account_reminder,
    new_order,
    tell_members_about_bank_account,
)

MAX_DEADLINE_DAYS = 180


def today_vn() -> date:
    return to_local(utcnow()).date()


def end_of_day_utc(day: date) -> datetime:
    """The instant a Vietnamese calendar day ends, as naive UTC (how the database stores time)."""
    local = datetime.combine(day + timedelta(days=1), time(0), tzinfo=VN_TZ)
    return local.astimezone(UTC).replace(tzinfo=None)


def _url(endpoint: str, external: bool = False, **values) -> str:
    if not has_request_context():
        return ""
    return url_for(endpoint, _external=external, **values)


def open_condition(now: datetime | None = None) -> ColumnElement[bool]:
    return and_(Rfq.status == RFQ_OPEN, Rfq.deadline > (now or utcnow()))


def is_open(rfq: Rfq) -> bool:
    return rfq.status == RFQ_OPEN and rfq.deadline > utcnow()


def category_and_children(category_id: int) -> list[int]:
    ids, frontier = [category_id], [category_id]
    while frontier:
        frontier = list(db.session.scalars(select(Category.id).where(
            Category.parent_id.in_(frontier))))
        ids.extend(frontier)
    return ids


# --- posting a request -----------------------------------------------------------------------------
def create_rfq(buyer, *, title: str, description: str, category_id: int, quantity: int, unit: str,
               target_price_vnd: int | None, delivery_commune_code: int | None,
               delivery_place: str, deadline_day: date) -> Rfq:
    """A buyer posts a request; verified enterprises selling in that category are told."""
    if not policy.can_buy(buyer):
        raise TradeError(_("Tài khoản này không đăng yêu cầu chào mua được."))
    title, unit = (title or "").strip(), (unit or "").strip()
    if not title or not unit:
        raise TradeError(_("Hãy ghi tên hàng cần mua và đơn vị tính."))
    category = db.session.get(Category, category_id)
    if category is None:
        raise TradeError(_("Hãy chọn một danh mục."))
    if not 0 < quantity <= MAX_QUANTITY:
        raise TradeError(_("Số lượng phải là số nguyên dương."))
    if target_price_vnd is not None and target_price_vnd <= 0:
        raise TradeError(_("Giá mong muốn phải là số đồng dương (hoặc để trống)."))
    if delivery_commune_code is not None and db.session.get(AdminUnit, delivery_commune_code) is None:
        raise TradeError(_("Xã/phường giao hàng không có trong danh sách của tỉnh."))
    if delivery_commune_code is None and not (delivery_place or "").strip():
        raise TradeError(_("Hãy chọn xã/phường giao hàng hoặc ghi nơi giao hàng."))
    today = today_vn()
    if not today <= deadline_day <= today + timedelta(days=MAX_DEADLINE_DAYS):
        raise TradeError(_("Hạn chót phải từ hôm nay đến %(n)d ngày tới.", n=MAX_DEADLINE_DAYS))
    rfq = Rfq(buyer_id=buyer.id, title=title[:200], description=(description or "").strip()[:4000],
              category_id=category.id, quantity=quantity, unit=unit[:20],
              target_price_vnd=target_price_vnd, delivery_commune_code=delivery_commune_code,
              delivery_place=(delivery_place or "").strip()[:255],
              deadline=end_of_day_utc(deadline_day))
    db.session.add(rfq)
    db.session.flush()
    # finding the enterprises to tell, and telling them, is a job: the page does not wait on it
    jobs.record("trade.rfq_fan_out", {"rfq_id": rfq.id, "url": _url("trade.rfq", rfq_id=rfq.id),
                                      "external_url": _url("trade.rfq", external=True,
                                                           rfq_id=rfq.id),
                                      "deadline": deadline_day.strftime("%d/%m/%Y")},
                key=f"rfq-fan-out:{rfq.id}")
    db.session.commit()
    rfqs_changed.send(rfq_ids=[rfq.id])
    return rfq


def fan_out(rfq_id: int, url: str, external_url: str, deadline: str) -> int:
    """The job behind a new request: each member (owner or staff) of a verified enterprise
    selling in its category, or not listing yet with a matching VSIC code (not the buyer's own),
    gets a notification on the floor at once; the e-mail follows each member's choice for RFQ
    alerts (at once, in a daily or weekly digest, or never), which the job
    `alerts.rfq_matched` applies. All in the job's transaction (the caller commits it with the
    job's done mark). Returns how many members were told."""
    rfq = db.session.get(Rfq, rfq_id)
    if rfq is None or rfq.status != RFQ_OPEN:
        return 0
    members = [membership.user for enterprise in _enterprises_selling_in(rfq.category_id)
               if not policy.membership_of(rfq.buyer, enterprise.id)  # not one's own firm
               for membership in enterprise.memberships if membership.active]
    text = _("Yêu cầu chào mua mới trong danh mục %(cat)s: %(title)s",
             cat=rfq.category.name_vi, title=rfq.title)
    for member in members:
        notifications.notify(member, text, url)
    if members:
        jobs.record("alerts.rfq_matched", {"rfq_id": rfq.id, "user_ids": [m.id for m in members],
                                           "url": external_url}, key=f"rfq-matched:{rfq.id}")
    return len(members)


def _enterprises_selling_in(category_id: int) -> list[RegistryEnterprise]:
    """The verified, active enterprises a request is for: those with a public listing in the
    category (or below), and those with no public listing yet whose VSIC code is one of those
    sellers' codes (the floor has no category-to-VSIC table: the sellers' codes are the
    category's, as in the demand report). An enterprise that lists is matched by what it lists
    only, so a rice seller is not told of every farm product."""
    ids = category_and_children(category_id)
    listed = (public_listings().with_only_columns(Listing.enterprise_id)
              .where(Listing.category_id.in_(ids)).distinct())
    sellers = aliased(RegistryEnterprise)
    codes = select(sellers.vsic_code).where(sellers.id.in_(listed)).distinct()
    listing_anything = public_listings().with_only_columns(Listing.enterprise_id).distinct()
    enterprises = db.session.scalars(select(RegistryEnterprise).options(
        selectinload(RegistryEnterprise.memberships).selectinload(Membership.user)).where(or_(
        RegistryEnterprise.id.in_(listed),
        and_(RegistryEnterprise.vsic_code.in_(codes), RegistryEnterprise.id.not_in(listing_anything),
             RegistryEnterprise.verified_at.is_not(None), RegistryEnterprise.status == ACTIVE))))
    return list(enterprises)


# --- reading ---------------------------------------------------------------------------------------
def board(category_id: int | None = None, commune_code: int | None = None, page: int = 1):
    """Open requests, newest first, filtered by category (with its children) and commune."""
    stmt = (select(Rfq).where(open_condition()).order_by(Rfq.created_at.desc(), Rfq.id.desc())
            .options(selectinload(Rfq.quotes), selectinload(Rfq.category),
                     selectinload(Rfq.delivery_commune)))  # the board shows all three per row
    if category_id:
        stmt = stmt.where(Rfq.category_id.in_(category_and_children(category_id)))
    if commune_code:
        stmt = stmt.where(Rfq.delivery_commune_code == commune_code)
    return db.paginate(stmt, page=page, per_page=30, error_out=False)


def rfqs_of(buyer) -> list[Rfq]:
    return list(db.session.scalars(select(Rfq).where(Rfq.buyer_id == buyer.id)
                                   .order_by(Rfq.created_at.desc())))


def get_rfq(rfq_id: int) -> Rfq | None:
    """The request, closed on the way if its deadline passed (the lazy close)."""
    rfq = db.session.get(Rfq, rfq_id)
    if rfq is not None and rfq.status == RFQ_OPEN and rfq.deadline <= utcnow():
        close_expired()
        db.session.refresh(rfq)
    return rfq


def quote_of(rfq: Rfq, enterprise_id: int | None) -> Quote | None:
    return next((q for q in rfq.quotes if q.enterprise_id == enterprise_id), None)


def close_expired() -> int:
    """Closes every open request whose deadline has passed; returns how many."""
    now = utcnow()
    expired = (Rfq.status == RFQ_OPEN, Rfq.deadline <= now)
    ids = list(db.session.scalars(select(Rfq.id).where(*expired)))
    result = db.session.execute(update(Rfq).where(*expired, Rfq.id.in_(ids))
                                .values(status=RFQ_CLOSED, closed_at=now)
                                .execution_options(synchronize_session=False))
    db.session.commit()
    if ids:
        rfqs_changed.send(rfq_ids=ids)
    return result.rowcount or 0


def cancel_rfq(buyer, rfq: Rfq) -> None:
    if rfq.buyer_id != buyer.id:
        raise TradeError(_("Chỉ người đăng mới hủy được yêu cầu này."))
    if rfq.status not in (RFQ_OPEN, RFQ_CLOSED):
        raise TradeError(_("Yêu cầu này đã kết thúc."))
    rfq.status, rfq.closed_at = RFQ_CANCELLED, utcnow()
    db.session.commit()
    rfqs_changed.send(rfq_ids=[rfq.id])


# --- quotes ----------------------------------------------------------------------------------------
def submit_quote(user, rfq: Rfq, *, unit_price_vnd: int, quantity: int, lead_time_days: int,
                 valid_until: date, note: str = "") -> Quote:
    """A member of a verified enterprise answers an open request; one quote per enterprise."""
    if not policy.can_quote(user, rfq):
        raise TradeError(_("Chỉ thành viên của doanh nghiệp đã xác minh mới gửi được báo giá."))
    if not is_open(rfq):
        raise TradeError(_("Yêu cầu chào mua này đã đóng."))
    enterprise_id = policy.membership_of(user).enterprise_id
    if quote_of(rfq, enterprise_id):
        raise TradeError(_("Doanh nghiệp của bạn đã gửi báo giá cho yêu cầu này."))
    if unit_price_vnd <= 0 or not 0 < quantity <= MAX_QUANTITY:
        raise TradeError(_("Đơn giá và số lượng phải là số nguyên dương."))
    if unit_price_vnd * quantity > MAX_ORDER_TOTAL_VND:
        raise TradeError(_("Giá trị báo giá không được vượt quá %(max)s.",
                           max=format_vnd(MAX_ORDER_TOTAL_VND)))
    if not 0 <= lead_time_days <= 365:
        raise TradeError(_("Thời gian giao hàng phải từ 0 đến 365 ngày."))
    if valid_until < today_vn():
        raise TradeError(_("Ngày hết hiệu lực của báo giá không được ở trong quá khứ."))
    quote = Quote(rfq_id=rfq.id, enterprise_id=enterprise_id, author_id=user.id,
                  unit_price_vnd=unit_price_vnd, quantity=quantity, lead_time_days=lead_time_days,
                  valid_until=valid_until, note=(note or "").strip()[:2000])
    db.session.add(quote)
    text = _("Báo giá mới cho “%(title)s”: %(price)s / %(unit)s", title=rfq.title,
             price=format_vnd(unit_price_vnd), unit=rfq.unit)
    notifications.notify(rfq.buyer, text, _url("trade.rfq", rfq_id=rfq.id))
    notifications.email(rfq.buyer.email, text,
                        text + "\n\n" + _url("trade.rfq", external=True, rfq_id=rfq.id))
    db.session.commit()
    return quote


def accept_quote(buyer, quote: Quote) -> Order:
    """The buyer accepts one quote: the request is awarded (closed), the other quotes declined,
    and an order is created at the quoted price, awaiting payment."""
    rfq = quote.rfq
    if rfq.buyer_id != buyer.id:
        raise TradeError(_("Chỉ người đăng yêu cầu mới chấp nhận được báo giá."))
    if rfq.status not in (RFQ_OPEN, RFQ_CLOSED) or quote.status != QUOTE_SUBMITTED:
        raise TradeError(_("Yêu cầu này đã có báo giá được chấp nhận hoặc đã bị hủy."))
    if quote.valid_until < today_vn():
        raise TradeError(_("Báo giá này đã hết hiệu lực."))
    enterprise = quote.enterprise
    if not (enterprise.is_verified and enterprise.status == "active"):
        raise TradeError(_("Doanh nghiệp báo giá hiện không giao dịch trên sàn."))
    # conditional: two clicks (or two tabs) award the request once
    moved = db.session.execute(update(Rfq).where(Rfq.id == rfq.id,
                                                 Rfq.status.in_((RFQ_OPEN, RFQ_CLOSED)))
                               .values(status=RFQ_AWARDED, closed_at=utcnow())
                               .execution_options(synchronize_session=False))
    if moved.rowcount != 1:
        db.session.rollback()
        raise TradeError(_("Yêu cầu này đã có báo giá được chấp nhận hoặc đã bị hủy."))
    for other in rfq.quotes:
        other.status = QUOTE_ACCEPTED if other.id == quote.id else QUOTE_DECLINED
    line = OrderLine(listing_id=None, title=rfq.title, sku="", unit=rfq.unit,
                     quantity=quote.quantity, unit_price_vnd=quote.unit_price_vnd,
                     line_total_vnd=quote.unit_price_vnd * quote.quantity)
    place = rfq.delivery_place or (rfq.delivery_commune.name if rfq.delivery_commune else "")
    if rfq.delivery_commune and rfq.delivery_place:
        place = f"{rfq.delivery_place}, {rfq.delivery_commune.name}"
    order = new_order(buyer, quote.enterprise_id, [line], quote_id=quote.id,
                      delivery_address=place, note=quote.note)
    text = _("Báo giá của bạn cho “%(title)s” đã được chấp nhận: đơn hàng %(ref)s.",
             title=rfq.title, ref=order.reference)
    tell_members_about_bank_account(order, [text])
    owner = enterprise.owner
    reminder = bank_account_reminder(enterprise)
    if owner:
        notifications.email(owner.email, text,
                            text + "\n\n" + _url("trade.order", external=True,
                                                 reference=order.reference)
                            + (f"\n\n{reminder}\n" + _url("payments.bank_account", external=True)
                               if reminder else ""))
    db.session.commit()
    rfqs_changed.send(rfq_ids=[rfq.id])
    db.session.refresh(rfq)
    return order
