"""Order status changes the payments part needs: paid and refunded.

They go through the trade state machine's one primitive (a conditional UPDATE plus the audit
trail), inside the caller's transaction (the caller commits with its payment or webhook record), so
two deliveries racing each other move an order once. The permission checks for people (the seller
confirming a transfer, a refund by the seller or an admin) are made by the payments services first;
the floor itself (a verified webhook, a statement match) acts with actor=None.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from trading_floor.trade import notifications
from trading_floor.trade.models import AWAITING_PAYMENT, COMPLETED, PAID, REFUNDED, SHIPPED, Order
from trading_floor.trade.services import enterprise_members, transition


def _notify(order: Order, text: str) -> None:
    url = url_for("trade.order", reference=order.reference)
    for user in {*enterprise_members(order.enterprise_id), order.buyer}:
        notifications.notify(user, text, url)


def mark_paid(order: Order, actor=None, method: str = "", note: str = "") -> bool:
    """awaiting_payment → paid; False (and nothing written) if the order was not awaiting it."""
    if not transition(order, PAID, (AWAITING_PAYMENT,), actor, note or method, commit=False):
        return False
    _notify(order, _("Đơn hàng %(ref)s đã được thanh toán.", ref=order.reference))
    return True


def mark_refunded(order: Order, actor=None, note: str = "") -> bool:
    """paid (or shipped, completed) → refunded; False if the order was not paid."""
    if not transition(order, REFUNDED, (PAID, SHIPPED, COMPLETED), actor, note, commit=False):
        return False
    _notify(order, _("Đơn hàng %(ref)s đã được hoàn tiền.", ref=order.reference))
    return True
