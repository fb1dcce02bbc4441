"""Paying orders: by card (Stripe, through the gateway seam) or by bank transfer (VietQR).

Every service owns its transaction. Amounts are whole đồng computed here from the order, never
taken from the browser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from trading_floor import policy
from trading_floor.extensions import db
from trading_floor.i18n import format_vnd
from trading_floor.payments import banks, order_state, vietqr
from trading_floor.payments.gateway import STRIPE_MAX_VND, GatewayError, get_gateway
from trading_floor.payments.models import (
    BANK_TRANSFER,
    CANCELED,
    CARD,
    FAILED,
    PENDING,
    REFUNDED,
    SUCCEEDED,
    Payment,
    PaymentRefund,
)
from trading_floor.trade.models import AWAITING_PAYMENT, PAID, Order

# the share of a total above Stripe's limit that the buyer pays by card as a deposit
DEPOSIT_PERCENT = 30
METHODS = (CARD, BANK_TRANSFER)


class PaymentError(Exception):
    """A refused payment step; the message is in Vietnamese and safe to show. Nothing changed."""


class PaymentForbidden(PaymentError):
    pass


# --- how an order is split between card and transfer ------------------------------------------
def deposit_vnd(total_vnd: int) -> int:
    """The card deposit for a total above Stripe's limit: 30%, rounded up, within the limit."""
    return min(STRIPE_MAX_VND, -(-total_vnd * DEPOSIT_PERCENT // 100))


def card_portion(order: Order) -> int:
    if order.payment_method != CARD:
        return 0
    return order.total_vnd if order.total_vnd <= STRIPE_MAX_VND else deposit_vnd(order.total_vnd)


def transfer_portion(order: Order) -> int:
    return order.total_vnd - card_portion(order)


def succeeded_vnd(order: Order) -> int:
    return db.session.scalar(
        select(func.coalesce(func.sum(Payment.amount_vnd), 0))
        .where(Payment.order_id == order.id, Payment.status.in_((SUCCEEDED, REFUNDED)))) or 0


def _payment(order: Order, method: str, statuses: tuple[str, ...]) -> Payment | None:
    return db.session.scalar(
        select(Payment).where(Payment.order_id == order.id, Payment.method == method,
                              Payment.status.in_(statuses)).order_by(Payment.id.desc()).limit(1))


def outstanding_transfer_vnd(order: Order) -> int:
    """What the buyer still has to send by transfer (0 once a transfer was recorded)."""
    if order.status != AWAITING_PAYMENT or _payment(order, BANK_TRANSFER, (SUCCEEDED, REFUNDED)):
        return 0
    return transfer_portion(order)


def succeeded_by_order(order_ids: list[int]) -> dict[int, int]:
    """Succeeded (or since refunded) payments per order, for many orders in a few queries."""
    sums: dict[int, int] = {}
    for start in range(0, len(order_ids), 500):
        for order_id, total in db.session.execute(
                select(Payment.order_id, func.sum(Payment.amount_vnd))
                .where(Payment.order_id.in_(order_ids[start:start + 500]),
                       Payment.status.in_((SUCCEEDED, REFUNDED)))
                .group_by(Payment.order_id)):
            sums[order_id] = int(total)
    return sums


def settle(order: Order, actor=None, method: str = "", covered: bool = False) -> bool:
    """Marks the order paid once its succeeded payments cover the total (caller commits).

    covered=True: the caller already checked the sum (bulk statement matching)."""
    if order.status == AWAITING_PAYMENT and (covered
                                             or succeeded_vnd(order) >= order.total_vnd):
        note = _("Đã thanh toán đủ %(amount)s (%(method)s).", amount=format_vnd(order.total_vnd),
                 method=method_label(method))
        return order_state.mark_paid(order, actor=actor, method=method, note=note)
    return False


def method_label(method: str) -> str:
    return {CARD: _("thẻ"), BANK_TRANSFER: _("chuyển khoản")}.get(method, method)


# --- what the order page shows ----------------------------------------------------------------
@dataclass
class PaymentPanel:
    order: Order
    card_enabled: bool
    over_card_limit: bool
    card_vnd: int
    transfer_vnd: int
    outstanding_transfer_vnd: int
    deposit_vnd: int
    payments: list[Payment] = field(default_factory=list)
    bank: vietqr.Beneficiary | None = None
    bank_info: banks.Bank | None = None  # the bank's names, from its BIN
    qr_payload: str | None = None
    is_seller: bool = False  # the viewer acts for the seller (sees "set your account", not "wait")
    can_set_bank: bool = False
    can_pay: bool = False
    can_choose: bool = False
    can_confirm_transfer: bool = False
    can_refund: bool = False

    @property
    def card_due(self) -> bool:
        return (self.card_enabled and self.card_vnd > 0 and self.order.status == AWAITING_PAYMENT
                and not any(p.method == CARD and p.status in (SUCCEEDED, REFUNDED)
                            for p in self.payments))

    @property
    def stripe_limit_vnd(self) -> int:
        return STRIPE_MAX_VND


def panel(order: Order, user) -> PaymentPanel:
    """The payment state of an order as the given user may see and act on it."""
    card_enabled = get_gateway().card_enabled
    enterprise = order.enterprise
    bank = None
    if enterprise is not None and enterprise.bank_bin and enterprise.bank_account:
        bank = vietqr.Beneficiary(enterprise.bank_bin, enterprise.bank_account,
                                  enterprise.bank_account_name or "")
    payments = list(db.session.scalars(
        select(Payment).where(Payment.order_id == order.id).order_by(Payment.id)))
    outstanding = outstanding_transfer_vnd(order)
    qr = None
    if bank and outstanding:
        try:
            qr = vietqr.payload(bank.bank_bin, bank.account, outstanding, order.reference)
        except ValueError:
            qr = None
    awaiting = order.status == AWAITING_PAYMENT
    return PaymentPanel(
        order=order, card_enabled=card_enabled,
        over_card_limit=order.total_vnd > STRIPE_MAX_VND,
        card_vnd=card_portion(order), transfer_vnd=transfer_portion(order),
        outstanding_transfer_vnd=outstanding, deposit_vnd=deposit_vnd(order.total_vnd),
        payments=payments, bank=bank, qr_payload=qr,
        bank_info=banks.bank_by_bin(bank.bank_bin) if bank else None,
        is_seller=policy.sells_for(user, order.enterprise_id),
        can_set_bank=policy.can_edit_bank_account(user, order.enterprise_id),
        can_pay=awaiting and policy.can_pay_order(user, order),
        can_choose=awaiting and card_enabled and policy.can_pay_order(user, order)
        and not any(p.status in (SUCCEEDED, REFUNDED) for p in payments),
        can_confirm_transfer=bool(outstanding) and policy.can_confirm_transfer(user, order),
        can_refund=policy.can_refund_payment(user, order)
        and any(p.method == CARD and p.refundable_vnd > 0 for p in payments),
    )


# --- the buyer's choice and the card payment --------------------------------------------------
def choose_method(order: Order, user, method: str) -> None:
    """The buyer picks card (a deposit by card above Stripe's limit) or bank transfer."""
    if not policy.can_pay_order(user, order):
        raise PaymentForbidden(_("Chỉ người mua mới chọn được cách thanh toán."))
    if method not in METHODS:
        raise PaymentError(_("Cách thanh toán không hợp lệ."))
    if order.status != AWAITING_PAYMENT:
        raise PaymentError(_("Đơn hàng không còn chờ thanh toán."))
    if method == CARD and not get_gateway().card_enabled:
        raise PaymentError(_("Sàn chưa nhận thanh toán bằng thẻ; vui lòng chuyển khoản."))
    if succeeded_vnd(order):
        raise PaymentError(_("Đơn hàng đã có khoản thanh toán; không đổi được cách thanh toán."))
    if method != order.payment_method:
        _cancel_open_card_payment(order)
    order.payment_method = method
    db.session.commit()


def _cancel_open_card_payment(order: Order) -> None:
    """An abandoned PaymentIntent is cancelled at Stripe, so an old tab cannot charge it later."""
    open_payment = _payment(order, CARD, (PENDING, FAILED))
    if open_payment is None or not open_payment.stripe_payment_intent_id:
        return
    gateway = get_gateway()
    intent = gateway.retrieve(open_payment.stripe_payment_intent_id)
    if intent.status == "succeeded":
        raise PaymentError(_("Khoản thanh toán thẻ vừa thành công; không đổi được cách "
                             "thanh toán."))
    if intent.status != "canceled":
        gateway.cancel(intent.id)
    open_payment.status = CANCELED


def start_card_payment(order: Order, user):
    """The PaymentIntent the pay page confirms: reused while open, created once per amount."""
    if not policy.can_pay_order(user, order):
        raise PaymentForbidden(_("Chỉ người mua mới thanh toán được đơn hàng này."))
    gateway = get_gateway()
    if not gateway.card_enabled:
        raise PaymentError(_("Sàn chưa nhận thanh toán bằng thẻ; vui lòng chuyển khoản."))
    if order.status != AWAITING_PAYMENT:
        raise PaymentError(_("Đơn hàng không còn chờ thanh toán."))
    if order.payment_method != CARD:
        raise PaymentError(_("Đơn hàng này thanh toán bằng chuyển khoản."))
    if (order.currency or "vnd").lower() != "vnd":
        raise PaymentError(_("Chỉ nhận thanh toán bằng đồng Việt Nam."))
    amount = card_portion(order)
    if amount <= 0 or amount > STRIPE_MAX_VND:  # card_portion keeps within the limit
        raise PaymentError(_("Số tiền thanh toán thẻ không hợp lệ."))
    if _payment(order, CARD, (SUCCEEDED, REFUNDED)):
        raise PaymentError(_("Phần thanh toán bằng thẻ của đơn hàng này đã được trả."))
    open_payment = _payment(order, CARD, (PENDING, FAILED))
    if open_payment and open_payment.amount_vnd == amount and open_payment.stripe_payment_intent_id:
        intent = gateway.retrieve(open_payment.stripe_payment_intent_id)
        if intent.status not in ("canceled", "succeeded") and intent.amount == amount:
            return intent
    attempts = db.session.scalar(select(func.count(Payment.id)).where(
        Payment.order_id == order.id, Payment.method == CARD)) or 0
    # the same order, amount and attempt always ask Stripe for the same PaymentIntent
    key = f"order-{order.id}-{order.reference}-card-{amount}-{attempts + 1}"
    intent = gateway.create_payment_intent(
        amount, idempotency_key=key,
        metadata={"order_reference": order.reference, "order_id": str(order.id)})
    db.session.add(Payment(order_id=order.id, method=CARD, amount_vnd=amount, currency="vnd",
                           status=PENDING, stripe_payment_intent_id=intent.id))
    try:
        db.session.commit()
    except IntegrityError:  # a second tab got the same PaymentIntent first
        db.session.rollback()
    return intent


# --- bank transfer ----------------------------------------------------------------------------
def mark_transfer_received(order: Order, actor, note: str = "") -> Payment:
    """The seller records the transfer it received; card payments are never marked by hand."""
    if not policy.can_confirm_transfer(actor, order):
        raise PaymentForbidden(_("Chỉ doanh nghiệp bán mới xác nhận được chuyển khoản."))
    if order.status != AWAITING_PAYMENT:
        raise PaymentError(_("Đơn hàng không còn chờ thanh toán."))
    amount = outstanding_transfer_vnd(order)
    if amount <= 0:
        raise PaymentError(_("Đơn hàng thanh toán bằng thẻ: chỉ Stripe xác nhận được khoản "
                             "này, không ai đánh dấu đã trả bằng tay."))
    payment = Payment(order_id=order.id, method=BANK_TRANSFER, amount_vnd=amount,
                      status=SUCCEEDED, recorded_by_id=actor.id, failure_message="")
    db.session.add(payment)
    db.session.flush()
    settle(order, actor=actor, method=BANK_TRANSFER)
    db.session.commit()
    return payment


BIN_RE = re.compile(r"\d{6}")
ACCOUNT_RE = re.compile(r"[0-9A-Za-z]{4,19}")


def update_bank_account(enterprise, user, bank_bin: str, account: str, account_name: str) -> None:
    """An owner sets the account buyers transfer to (shown with a VietQR code on orders)."""
    if not policy.can_edit_bank_account(user, enterprise.id):
        raise PaymentForbidden(_("Chỉ chủ doanh nghiệp mới sửa được tài khoản ngân hàng."))
    bank_bin, account = (bank_bin or "").strip(), re.sub(r"[\s.\-]", "", account or "")
    account_name = " ".join(vietqr.ascii_purpose(account_name or "", 70).upper().split())
    if not BIN_RE.fullmatch(bank_bin):
        raise PaymentError(_("Mã BIN ngân hàng gồm đúng 6 chữ số (ví dụ 970436 của "
                             "Vietcombank)."))
    if banks.bank_by_bin(bank_bin) is None:
        raise PaymentError(_("Không có ngân hàng nào mang mã BIN %(bin)s trong danh sách "
                             "NAPAS/VietQR; hãy chọn ngân hàng trong danh sách.", bin=bank_bin))
    if not ACCOUNT_RE.fullmatch(account):
        raise PaymentError(_("Số tài khoản gồm 4 đến 19 chữ số hoặc chữ cái, không dấu cách."))
    if not account_name:
        raise PaymentError(_("Hãy nhập tên chủ tài khoản như trên ngân hàng."))
    had_account = bool(enterprise.bank_bin and enterprise.bank_account)
    enterprise.bank_bin, enterprise.bank_account = bank_bin, account
    enterprise.bank_account_name = account_name
    if not had_account:  # in the same transaction: the account, the notices and their e-mails
        _tell_waiting_buyers(enterprise)
    db.session.commit()


def orders_waiting_for_bank_account(enterprise_id: int) -> list[Order]:
    """Orders of the enterprise whose buyer has a transfer to make (awaiting payment)."""
    orders = db.session.scalars(select(Order).where(
        Order.enterprise_id == enterprise_id, Order.status == AWAITING_PAYMENT)
        .order_by(Order.id)).all()
    return [o for o in orders if transfer_portion(o) > 0]


def _tell_waiting_buyers(enterprise) -> None:
    """Buyers who could not transfer yet learn that they now can (notification and e-mail)."""
    from flask import url_for

    from trading_floor.trade import notifications

    for order in orders_waiting_for_bank_account(enterprise.id):
        if order.buyer is None:
            continue
        text = _("Đơn hàng %(ref)s: %(seller)s đã khai báo tài khoản ngân hàng, bạn có thể "
                 "chuyển khoản ngay.", ref=order.reference, seller=enterprise.name)
        notifications.notify(order.buyer, text,
                             url_for("trade.order", reference=order.reference))
        # the e-mail is a job of the same transaction (sent by the consumer after the commit)
        notifications.email(order.buyer.email, text, text + "\n\n" + url_for(
            "trade.order", reference=order.reference, _external=True))


# --- refunds ----------------------------------------------------------------------------------
def refund_card_payment(order: Order, payment_id: int, actor, amount_vnd: int,
                        reason: str = "") -> PaymentRefund:
    """A full or partial refund of a card payment, by the seller or an administrator."""
    if not policy.can_refund_payment(actor, order):
        raise PaymentForbidden(_("Chỉ doanh nghiệp bán hoặc quản trị viên mới hoàn tiền được."))
    payment = db.session.scalar(select(Payment).where(
        Payment.id == payment_id, Payment.order_id == order.id).with_for_update())
    if payment is None or payment.method != CARD or not payment.stripe_payment_intent_id:
        raise PaymentError(_("Chỉ hoàn tiền được khoản thanh toán bằng thẻ của đơn hàng này."))
    if payment.refundable_vnd <= 0:
        raise PaymentError(_("Khoản thanh toán này không còn gì để hoàn."))
    if not isinstance(amount_vnd, int) or amount_vnd <= 0 or amount_vnd > payment.refundable_vnd:
        raise PaymentError(_("Số tiền hoàn phải từ 1 ₫ đến %(max)s.",
                             max=format_vnd(payment.refundable_vnd)))
    key = f"refund-{payment.id}-{payment.refunded_vnd}-{amount_vnd}"
    try:
        result = get_gateway().refund(payment.stripe_payment_intent_id, amount_vnd,
                                      idempotency_key=key)
    except GatewayError:
        db.session.rollback()
        raise
    refund = PaymentRefund(payment_id=payment.id, amount_vnd=result.amount,
                           stripe_refund_id=result.id, actor_id=actor.id, reason=reason)
    db.session.add(refund)
    _apply_refunded_total(payment, payment.refunded_vnd + result.amount, actor)
    _notify_refund(order, result.amount)
    db.session.commit()
    return refund


def _notify_refund(order: Order, amount_vnd: int) -> None:
    """Records the buyer's e-mail in the refund's transaction (sent by the job consumer)."""
    from trading_floor.jobs import send_mail_later

    if order.buyer is not None:
        send_mail_later(order.buyer.email,
                  _("Đơn hàng %(ref)s: đã hoàn %(amount)s", ref=order.reference,
                    amount=format_vnd(amount_vnd)),
                  _("%(seller)s đã hoàn %(amount)s cho đơn hàng %(ref)s vào thẻ bạn đã dùng. "
                    "Tiền về tài khoản thẻ sau vài ngày làm việc, tuỳ ngân hàng phát hành.",
                    seller=order.enterprise.name, amount=format_vnd(amount_vnd),
                    ref=order.reference))


def _apply_refunded_total(payment: Payment, refunded_vnd: int, actor=None) -> None:
    """Records the refunded total of a payment; a fully refunded order becomes 'refunded'."""
    payment.refunded_vnd = min(payment.amount_vnd, max(payment.refunded_vnd, refunded_vnd))
    if payment.refunded_vnd >= payment.amount_vnd:
        payment.status = REFUNDED
    order = payment.order
    others = [p for p in db.session.scalars(select(Payment).where(
        Payment.order_id == order.id, Payment.status.in_((SUCCEEDED, REFUNDED))))]
    if order.status == PAID and all(p.refunded_vnd >= p.amount_vnd for p in others):
        order_state.mark_refunded(order, actor=actor, note=_(
            "Đã hoàn toàn bộ %(amount)s.", amount=format_vnd(payment.refunded_vnd)))
