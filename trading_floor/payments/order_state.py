"""Order status changes the payments part needs: paid and refunded.

A stand-in for trading_floor.trade.services.mark_paid / mark_refunded until the trade part lands
on this branch; when merging, point these two at the trade service. Both run inside the caller's
transaction (the caller commits) and move an order only from the status the step allows, with a
conditional UPDATE, so two deliveries racing each other move it once.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from trading_floor.extensions import db
from trading_floor.trade.models import AWAITING_PAYMENT, PAID, REFUNDED, Order, OrderEvent


def _move(order: Order, from_statuses: tuple[str, ...], to_status: str, actor, note: str) -> bool:
    previous = order.status
    result = db.session.execute(
        update(Order).where(Order.id == order.id, Order.status.in_(from_statuses))
        .values(status=to_status).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.refresh(order, ["status"])
        return False
    set_committed_value(order, "status", to_status)  # what the UPDATE wrote, without a reload
    db.session.add(OrderEvent(order_id=order.id, from_status=previous, to_status=to_status,
                              actor_id=getattr(actor, "id", None), note=note))
    return True


def mark_paid(order: Order, actor=None, method: str = "", note: str = "") -> bool:
    """awaiting_payment → paid; False (and nothing written) if the order was not awaiting it."""
    return _move(order, (AWAITING_PAYMENT,), PAID, actor, note or method)


def mark_refunded(order: Order, actor=None, note: str = "") -> bool:
    """paid → refunded; False if the order was not paid."""
    return _move(order, (PAID,), REFUNDED, actor, note)
