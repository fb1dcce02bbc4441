"""Two deliveries of the same payment at the same moment pay an order once."""

import threading

from sqlalchemy import func, select

from trading_floor.extensions import db as _db
from trading_floor.trade import services
from trading_floor.trade.models import Order, OrderEvent


def test_mark_paid_twice_in_parallel_pays_once(app, make_user, listing, db):
    order = services.create_order_from_listing(make_user(), listing, 10)
    order_id = order.id
    db.session.remove()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def deliver():
        with app.app_context():
            try:
                mine = _db.session.get(Order, order_id)
                barrier.wait(5)
                results.append(services.mark_paid(mine, None, "card", "pi_same"))
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    assert sorted(results) == [False, True]
    paid = db.session.scalar(select(func.count()).select_from(OrderEvent).where(
        OrderEvent.order_id == order_id, OrderEvent.to_status == "paid"))
    assert paid == 1
    assert db.session.get(Order, order_id).status == "paid"
