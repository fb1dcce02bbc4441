"""Orders: created from a listing (price decided by the server) or from an accepted quote, then
moved through their state machine, each step by the side allowed to take it and kept in the audit
trail (OrderEvent).

    awaiting_payment ─► paid ─► shipped ─► completed
          │               └────────┴──────────┴─► refunded   (payments only)
          └─► cancelled  (buyer or seller, before payment)

`paid` and `refunded` are reached only through `mark_paid` and `mark_refunded`, which the
payments part calls (webhooks, bank-statement matching, a seller confirming a transfer).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from flask import has_request_context, url_for
from flask_babel import gettext as _
from sqlalchemy import select, update

from trading_floor import policy
from trading_floor.catalog.listing_rules import in_season
from trading_floor.catalog.models import Listing
from trading_floor.catalog.visibility import is_public
from trading_floor.extensions import db
from trading_floor.i18n import format_vnd, to_local, utcnow
from trading_floor.registry.models import RegistryEnterprise
from trading_floor.registry.services import answer_hours_of
from trading_floor.trade import notifications
from trading_floor.trade.models import (
    AWAITING_PAYMENT,
    CANCELLED,
    COMPLETED,
    PAID,
    REFUNDED,
    SHIPPED,
    Order,
    OrderEvent,
    OrderLine,
)

CARD, BANK_TRANSFER = "card", "bank_transfer"
PAYMENT_METHODS = (CARD, BANK_TRANSFER)
# a sanity bound (one trillion đồng) against typing slips; money columns are 64-bit
MAX_ORDER_TOTAL_VND = 1_000_000_000_000
MAX_QUANTITY = 10_000_000

# which actions each side may take, from which state, to which state
CANCEL, SHIP, COMPLETE, CONFIRM_TRANSFER = "cancel", "ship", "complete", "confirm_transfer"
# the seller accepts an order; past the answer time without it the buyer may withdraw, no penalty
ACCEPT, WITHDRAW = "accept", "withdraw"


class TradeError(ValueError):
    """A rule refused the request; the message is for the user, in their language."""


@dataclass(frozen=True)
class LinePrice:
    unit_price_vnd: int
    line_total_vnd: int


# --- pricing ---------------------------------------------------------------------------------------
def out_of_season(listing: Listing | None, on: date) -> str:
    """A warning for a seasonal listing ordered outside its months ('' when in season)."""
    if listing is None or listing.availability != "seasonal" or not (
            listing.season_from and listing.season_to):
        return ""
    if in_season(listing.season_from, listing.season_to, on.month):
        return ""
    return _("“%(title)s” là hàng theo mùa (tháng %(a)d – tháng %(b)d); tháng %(m)d đang ngoài "
             "mùa. Người bán có thể chỉ giao được khi vào mùa: hãy hỏi người bán ngày giao trước "
             "khi thanh toán.", title=listing.title, a=listing.season_from, b=listing.season_to,
             m=on.month)


def season_warnings(order: Order) -> list[str]:
    """The out-of-season warnings of an order's lines, as of the day it was placed."""
    placed = to_local(order.created_at).date()
    listings = [db.session.get(Listing, line.listing_id) for line in order.lines
                if line.listing_id]
    return [text for text in (out_of_season(listing, placed) for listing in listings) if text]


def unit_price_for(listing: Listing, quantity: int) -> int | None:
    """The listing's price for that quantity: the highest volume tier whose quantity is at most the
    ordered quantity, otherwise the base price. None for a "liên hệ" (price on request) listing."""
    if listing.price_vnd is None:
        return None
    price = int(listing.price_vnd)
    best_qty = -1
    for tier in listing.tiers or []:
        try:
            qty, tier_price = int(tier[0]), int(tier[1])
        except (TypeError, ValueError, IndexError):
            continue  # a malformed tier never makes an order fail or cheaper
        if best_qty < qty <= quantity:
            best_qty, price = qty, tier_price
    return price


def price_listing(listing: Listing, quantity: int) -> LinePrice:
    """Checks an order quantity against the listing's terms and prices it (server side only)."""
    if listing.price_vnd is None:
        raise TradeError(_("Sản phẩm này có giá “liên hệ”, không đặt hàng trực tiếp được. "
                           "Hãy gửi câu hỏi cho doanh nghiệp hoặc đăng yêu cầu chào mua."))
    if quantity < max(listing.moq, 1):
        raise TradeError(_("Số lượng đặt tối thiểu là %(moq)s %(unit)s.", moq=listing.moq,
                           unit=listing.unit))
    if quantity > MAX_QUANTITY:
        raise TradeError(_("Số lượng quá lớn."))
    unit_price = unit_price_for(listing, quantity)
    total = unit_price * quantity
    if total > MAX_ORDER_TOTAL_VND:
        raise TradeError(_("Giá trị một đơn hàng không được vượt quá %(max)s. Hãy chia thành nhiều "
                           "đơn hoặc liên hệ doanh nghiệp.", max=format_vnd(MAX_ORDER_TOTAL_VND)))
    return LinePrice(unit_price, total)


# --- creating orders -------------------------------------------------------------------------------
def _link(endpoint: str, **values) -> str:
    if not has_request_context():
        return ""
    return url_for(endpoint, **values)


def answer_hours(enterprise_id: int | None = None) -> int:
    """The seller's answer time: the hours the enterprise publishes, else ORDER_ANSWER_HOURS (12)."""
    enterprise = db.session.get(RegistryEnterprise, enterprise_id) if enterprise_id else None
    return answer_hours_of(enterprise)


def order_answer_hours(order: Order) -> int:
    """The answer time this order was placed with (its own deadline, whatever was published since)."""
    if order.answer_due_at is None:
        return answer_hours(order.enterprise_id)
    return max(round((order.answer_due_at - order.created_at).total_seconds() / 3600), 1)


def new_order(buyer, enterprise_id: int, lines: list[OrderLine], *, quote_id: int | None = None,
              delivery_address: str = "", note: str = "",
              payment_method: str = BANK_TRANSFER) -> Order:
    """Adds an order with its lines and its first audit event; flushes, does not commit."""
    if payment_method not in PAYMENT_METHODS:
        raise TradeError(_("Phương thức thanh toán không hợp lệ."))
    total = sum(line.line_total_vnd for line in lines)
    now = utcnow()
    order = Order(reference=uuid.uuid4().hex[:20], buyer_id=buyer.id, enterprise_id=enterprise_id,
                  status=AWAITING_PAYMENT, total_vnd=total, quote_id=quote_id,
                  delivery_address=delivery_address.strip()[:1000], note=note.strip()[:2000],
                  payment_method=payment_method, created_at=now,
                  answer_due_at=now + timedelta(hours=answer_hours(enterprise_id)), lines=lines)
    db.session.add(order)
    db.session.flush()
    order.reference = f"HY{order.id:06d}"  # unique because the id is
    db.session.add(OrderEvent(order_id=order.id, from_status=None, to_status=AWAITING_PAYMENT,
                              actor_id=buyer.id))
    return order


def bank_account_reminder(enterprise) -> str:
    """What the seller must do before a buyer can transfer: '' once the account is set."""
    if enterprise is None or (enterprise.bank_bin and enterprise.bank_account):
        return ""
    return _("Doanh nghiệp chưa khai báo tài khoản nhận chuyển khoản: người mua chưa chuyển "
             "khoản được. Chủ doanh nghiệp khai báo tại Gian hàng → Tài khoản ngân hàng.")


def _announce_new_order(order: Order) -> None:
    text = _("Đơn hàng mới %(ref)s: %(total)s", ref=order.reference,
             total=format_vnd(order.total_vnd))
    tell_members_about_bank_account(order, [text])


def tell_members_about_bank_account(order: Order, texts: list[str]) -> None:
    """Notifies the seller's members of a new order, with the bank-account reminder if needed."""
    url = _link("trade.order", reference=order.reference)
    reminder = bank_account_reminder(order.enterprise)
    for member in enterprise_members(order.enterprise_id):
        for text in texts:
            notifications.notify(member, text, url)
        if reminder:
            notifications.notify(member, reminder, _link("payments.bank_account"))


def enterprise_members(enterprise_id: int) -> list:
    """Everyone who acts for the enterprise (owner and staff)."""
    from trading_floor.accounts.models import Membership, User

    return list(db.session.scalars(select(User).join(Membership).where(
        Membership.enterprise_id == enterprise_id, Membership.active.is_(True))))


def create_order_from_listing(buyer, listing: Listing, quantity: int, delivery_address: str = "",
                              note: str = "", payment_method: str = BANK_TRANSFER) -> Order:
    """A buyer orders straight from a public listing; the price is the server's, never the form's."""
    if not policy.can_buy(buyer):
        raise TradeError(_("Tài khoản này không đặt hàng được."))
    if not is_public(listing):
        raise TradeError(_("Sản phẩm này hiện không được bán trên sàn."))
    if policy.membership_of(buyer, listing.enterprise_id):
        raise TradeError(_("Bạn không thể đặt hàng sản phẩm của chính doanh nghiệp mình."))
    price = price_listing(listing, quantity)
    line = OrderLine(listing_id=listing.id, title=listing.title, sku=listing.sku, unit=listing.unit,
                     quantity=quantity, unit_price_vnd=price.unit_price_vnd,
                     line_total_vnd=price.line_total_vnd)
    order = new_order(buyer, listing.enterprise_id, [line], delivery_address=delivery_address,
                      note=note, payment_method=payment_method)
    _announce_new_order(order)
    owner = order.enterprise.owner
    if owner:
        notifications.email(owner.email, _("Đơn hàng mới %(ref)s", ref=order.reference),
                            _order_mail_body(order))
    db.session.commit()
    return order


def _order_mail_body(order: Order) -> str:
    lines = "\n".join(f"- {line.title}: {line.quantity} {line.unit} × "
                      f"{format_vnd(line.unit_price_vnd)}" for line in order.lines)
    url = _link("trade.order", reference=order.reference, _external=True)
    body = _("Đơn hàng %(ref)s của %(buyer)s:\n%(lines)s\nTổng cộng: %(total)s\n\n%(url)s",
             ref=order.reference, buyer=order.buyer.full_name, lines=lines,
             total=format_vnd(order.total_vnd), url=url)
    reminder = bank_account_reminder(order.enterprise)
    if reminder:
        body += "\n\n" + reminder + "\n" + _link("payments.bank_account", _external=True)
    return body


# --- reading orders --------------------------------------------------------------------------------
def visible_order(user, reference: str) -> Order | None:
    """The order if this user may see it (its buyer, its enterprise's members, an admin)."""
    order = db.session.scalar(select(Order).where(Order.reference == reference.upper()))
    if order is None or not policy.can_see_order(user, order):
        return None
    return order


def orders_of_buyer(user, page: int = 1):
    stmt = (select(Order).where(Order.buyer_id == user.id)
            .order_by(Order.created_at.desc(), Order.id.desc()))
    return db.paginate(stmt, page=page, per_page=30, error_out=False)


def orders_of_enterprise(enterprise_id: int, status: str | None = None, page: int = 1):
    stmt = (select(Order).where(Order.enterprise_id == enterprise_id)
            .order_by(Order.created_at.desc(), Order.id.desc()))
    if status:
        stmt = stmt.where(Order.status == status)
    return db.paginate(stmt, page=page, per_page=30, error_out=False)


def allowed_actions(user, order: Order) -> list[str]:
    """What this user may do to the order now (the page shows exactly these buttons)."""
    actions = []
    seller = policy.sells_for(user, order.enterprise_id)
    buyer = user.is_authenticated and order.buyer_id == user.id
    if order.status == AWAITING_PAYMENT:
        if seller and order.accepted_at is None:
            actions.append(ACCEPT)
        if buyer and may_withdraw(order):
            actions.append(WITHDRAW)
        if buyer or seller:
            actions.append(CANCEL)
        if seller and order.payment_method != CARD:
            actions.append(CONFIRM_TRANSFER)
    if order.status == PAID and seller:
        actions.append(SHIP)
    if order.status == SHIPPED and buyer:
        actions.append(COMPLETE)
    return actions


# --- the state machine -----------------------------------------------------------------------------
def _transition(order: Order, to_status: str, allowed_from: tuple[str, ...], actor, note: str,
                commit: bool, **values) -> bool:
    """Moves the order only if it is still in one of `allowed_from` (a conditional UPDATE, so two
    concurrent requests cannot both move it) and records who and when. Returns True if it moved."""
    from_status = db.session.scalar(select(Order.status).where(Order.id == order.id))
    if from_status not in allowed_from:
        return False
    result = db.session.execute(
        update(Order).where(Order.id == order.id, Order.status.in_(allowed_from))
        .values(status=to_status, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:  # another request moved it in between; nothing written here
        return False
    db.session.add(OrderEvent(order_id=order.id, from_status=from_status, to_status=to_status,
                              actor_id=actor.id if actor is not None else None,
                              note=(note or "").strip()[:2000]))
    if commit:
        db.session.commit()
    db.session.refresh(order)
    return True


transition = _transition  # the one primitive that moves an order and writes its audit trail


def _refused() -> TradeError:
    return TradeError(_("Không thể thực hiện thao tác này với đơn hàng ở trạng thái hiện tại."))


def _tell(user, order: Order, text: str, mail: bool = False) -> None:
    url = _link("trade.order", reference=order.reference)
    notifications.notify(user, text, url)
    if mail:
        notifications.email(user.email, text, text + "\n\n" +
                            _link("trade.order", reference=order.reference, _external=True))
    db.session.commit()


def cancel_order(order: Order, actor, note: str = "") -> None:
    """The buyer, or a member of the seller, cancels an order that is not paid yet."""
    if not (order.buyer_id == actor.id or policy.sells_for(actor, order.enterprise_id)):
        raise TradeError(_("Bạn không có quyền hủy đơn hàng này."))
    if order.status != AWAITING_PAYMENT or not _transition(order, CANCELLED, (AWAITING_PAYMENT,),
                                                           actor, note, commit=False):
        raise _refused()
    text = _("Đơn hàng %(ref)s đã bị hủy.", ref=order.reference)
    if order.buyer_id == actor.id:
        for member in enterprise_members(order.enterprise_id):
            notifications.notify(member, text, _link("trade.order", reference=order.reference))
        db.session.commit()
    else:
        _tell(order.buyer, order, text, mail=True)


def answer_lapsed(order: Order) -> bool:
    """The seller let the answer time pass without accepting the order."""
    return (order.accepted_at is None and order.answer_due_at is not None
            and utcnow() >= order.answer_due_at)


def may_withdraw(order: Order) -> bool:
    return order.status == AWAITING_PAYMENT and answer_lapsed(order)


def accept_order(order: Order, actor, note: str = "") -> None:
    """A member of the seller accepts an order that waits for its answer."""
    if not policy.sells_for(actor, order.enterprise_id):
        raise TradeError(_("Chỉ doanh nghiệp bán mới xác nhận nhận đơn."))
    moved = db.session.execute(
        update(Order).where(Order.id == order.id, Order.status == AWAITING_PAYMENT,
                            Order.accepted_at.is_(None))
        .values(accepted_at=utcnow()).execution_options(synchronize_session=False))
    if moved.rowcount != 1:
        raise _refused()
    db.session.add(OrderEvent(order_id=order.id, from_status=AWAITING_PAYMENT,
                              to_status=AWAITING_PAYMENT, actor_id=actor.id,
                              note=(note or "").strip()[:2000] or _("Doanh nghiệp đã nhận đơn.")))
    db.session.refresh(order)
    _tell(order.buyer, order, _("Doanh nghiệp đã nhận đơn hàng %(ref)s.", ref=order.reference),
          mail=True)


def withdraw_order(order: Order, actor, note: str = "") -> None:
    """The buyer withdraws an order the seller did not accept in time: cancelled, no penalty."""
    if order.buyer_id != actor.id:
        raise TradeError(_("Chỉ người mua mới rút được đơn hàng."))
    if not may_withdraw(order):
        raise TradeError(_("Chỉ rút đơn được khi doanh nghiệp chưa nhận đơn sau thời hạn trả lời."))
    reason = _("Người mua rút đơn không bị phạt: doanh nghiệp không trả lời trong %(h)d giờ.",
               h=order_answer_hours(order))
    text = (note or "").strip()
    if not _transition(order, CANCELLED, (AWAITING_PAYMENT,), actor,
                       f"{reason} {text}".strip(), commit=False):
        raise _refused()
    for member in enterprise_members(order.enterprise_id):
        notifications.notify(member, _("Người mua đã rút đơn hàng %(ref)s (quá hạn trả lời).",
                                       ref=order.reference),
                             _link("trade.order", reference=order.reference))
    db.session.commit()


def mark_shipped(order: Order, actor, note: str = "") -> None:
    """A member of the seller marks a paid order shipped."""
    if not policy.sells_for(actor, order.enterprise_id):
        raise TradeError(_("Chỉ doanh nghiệp bán mới đánh dấu đã giao hàng."))
    if not _transition(order, SHIPPED, (PAID,), actor, note, commit=False):
        raise _refused()
    _tell(order.buyer, order, _("Đơn hàng %(ref)s đã được giao đi.", ref=order.reference),
          mail=True)


def confirm_completed(order: Order, actor, note: str = "") -> None:
    """The buyer confirms that a shipped order arrived."""
    if order.buyer_id != actor.id:
        raise TradeError(_("Chỉ người mua mới xác nhận đã nhận hàng."))
    if not _transition(order, COMPLETED, (SHIPPED,), actor, note, commit=False):
        raise _refused()
    for member in enterprise_members(order.enterprise_id):
        notifications.notify(member, _("Người mua đã xác nhận nhận hàng, đơn %(ref)s hoàn tất.",
                                       ref=order.reference),
                             _link("trade.order", reference=order.reference))
    db.session.commit()


def mark_paid(order: Order, actor=None, method: str = BANK_TRANSFER, note: str = "",
              commit: bool = True) -> bool:
    """Records that the order is paid. Called by the payments part only.

    `actor=None` is the floor itself (a verified Stripe webhook, a bank-statement match). A person
    (a member of the seller: “đã nhận chuyển khoản”, or an officer/admin) may confirm a BANK
    TRANSFER only; nobody marks a card order paid by hand.
    Idempotent: returns True if this call paid the order, False if it was already paid (or later);
    raises TradeError if the order cannot be paid (cancelled) or the actor may not do it.
    With commit=False the caller's transaction (e.g. the webhook's event record) commits it.
    """
    if method not in PAYMENT_METHODS:
        raise TradeError(_("Phương thức thanh toán không hợp lệ."))
    if actor is not None:
        if method == CARD or order.payment_method == CARD:
            raise TradeError(_("Đơn thanh toán bằng thẻ chỉ được ghi nhận qua cổng thanh toán."))
        if not (policy.sells_for(actor, order.enterprise_id) or policy.is_officer(actor)):
            raise TradeError(_("Bạn không có quyền xác nhận thanh toán cho đơn hàng này."))
    # the step, its notifications and e-mails commit together (below, or the caller's commit)
    moved = _transition(order, PAID, (AWAITING_PAYMENT,), actor, note, commit=False,
                        payment_method=method)
    if not moved:
        db.session.refresh(order)
        if order.status in (PAID, SHIPPED, COMPLETED, REFUNDED):
            return False
        raise _refused()
    if commit:
        text = _("Đơn hàng %(ref)s đã được thanh toán.", ref=order.reference)
        for member in enterprise_members(order.enterprise_id):
            notifications.notify(member, text, _link("trade.order", reference=order.reference))
        _tell(order.buyer, order, text)
    return True


def mark_refunded(order: Order, actor=None, note: str = "", commit: bool = True) -> bool:
    """Records that a paid order was refunded (in full). Called by the payments part only.

    `actor=None` is the floor itself (a verified `charge.refunded` webhook); a person must be a
    member of the seller or an admin. Idempotent like `mark_paid`; refuses an unpaid order.
    """
    if actor is not None and not (policy.sells_for(actor, order.enterprise_id)
                                  or policy.is_admin(actor)):
        raise TradeError(_("Bạn không có quyền hoàn tiền đơn hàng này."))
    moved = _transition(order, REFUNDED, (PAID, SHIPPED, COMPLETED), actor, note, commit=False)
    if not moved:
        db.session.refresh(order)
        if order.status == REFUNDED:
            return False
        raise _refused()
    if commit:
        _tell(order.buyer, order, _("Đơn hàng %(ref)s đã được hoàn tiền.", ref=order.reference),
              mail=True)
    return True


def perform(order: Order, actor, action: str, note: str = "") -> None:
    """Dispatches an action chosen on the order page (the page offers only allowed ones)."""
    if action == CANCEL:
        cancel_order(order, actor, note)
    elif action == ACCEPT:
        accept_order(order, actor, note)
    elif action == WITHDRAW:
        withdraw_order(order, actor, note)
    elif action == SHIP:
        mark_shipped(order, actor, note)
    elif action == COMPLETE:
        confirm_completed(order, actor, note)
    elif action == CONFIRM_TRANSFER:
        if not mark_paid(order, actor, BANK_TRANSFER, note or _("Đã nhận chuyển khoản")):
            raise _refused()
    else:
        raise _refused()
