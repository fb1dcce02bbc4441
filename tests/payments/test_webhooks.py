"""POST /payments/stripe/webhook with payloads signed as Stripe signs them."""

import threading
import time

import pytest
from sqlalchemy import select

from tests.payments.conftest import STRIPE_KEYS, fresh, intent_event, signed
from trading_floor.payments.models import Payment, ProcessedWebhookEvent
from trading_floor.trade.models import Order, OrderEvent

URL = "/payments/stripe/webhook"


@pytest.fixture
def card_order(app, make_order, db):
    """A card order of 1.250.000 ₫ with its PaymentIntent pi_test_1 awaiting confirmation."""
    app.config.update(STRIPE_KEYS)
    order = make_order(payment_method="card")
    db.session.add(Payment(order_id=order.id, method="card", amount_vnd=order.total_vnd,
                           stripe_payment_intent_id="pi_test_1"))
    db.session.commit()
    return order


def post(client, event, **kwargs):
    body, header = signed(event, **kwargs)
    return client.post(URL, data=body, headers={"Stripe-Signature": header},
                       content_type="application/json")


def paid_events(db, order):
    db.session.rollback()
    return db.session.scalars(select(OrderEvent).where(
        OrderEvent.order_id == order.id, OrderEvent.to_status == "paid")).all()


def test_succeeded_event_pays_the_order(client, db, card_order):
    response = post(client, intent_event("evt_1", "pi_test_1", 1_250_000, card_order.reference))
    assert response.status_code == 200
    assert response.json["outcome"] == "order paid"
    assert fresh(Order, card_order.id).status == "paid"
    assert db.session.scalar(select(Payment)).status == "succeeded"
    assert len(paid_events(db, card_order)) == 1


def test_forged_signature_is_refused(client, db, card_order):
    event = intent_event("evt_forged", "pi_test_1", 1_250_000, card_order.reference)
    response = post(client, event, secret="whsec_not_the_floor")
    assert response.status_code == 400
    assert fresh(Order, card_order.id).status == "awaiting_payment"
    assert db.session.scalar(select(ProcessedWebhookEvent)) is None


def test_a_body_changed_after_signing_is_refused(client, card_order):
    body, header = signed(intent_event("evt_2", "pi_test_1", 1, card_order.reference))
    body = body.replace('"amount": 1', '"amount": 1250000')
    response = client.post(URL, data=body, headers={"Stripe-Signature": header},
                           content_type="application/json")
    assert response.status_code == 400
    assert fresh(Order, card_order.id).status == "awaiting_payment"


def test_missing_signature_is_refused(client, card_order):
    body, _ = signed(intent_event("evt_3", "pi_test_1", 1_250_000, card_order.reference))
    assert client.post(URL, data=body, content_type="application/json").status_code == 400


def test_stale_timestamp_is_refused(client, card_order):
    event = intent_event("evt_old", "pi_test_1", 1_250_000, card_order.reference)
    response = post(client, event, timestamp=int(time.time()) - 301)
    assert response.status_code == 400
    assert fresh(Order, card_order.id).status == "awaiting_payment"


def test_duplicate_delivery_pays_once(client, db, card_order):
    event = intent_event("evt_dup", "pi_test_1", 1_250_000, card_order.reference)
    assert post(client, event).json["outcome"] == "order paid"
    second = post(client, event)
    assert second.status_code == 200 and second.json["outcome"] == "duplicate"
    assert len(paid_events(db, card_order)) == 1


def test_same_event_in_parallel_threads_pays_once(app, db, card_order):
    event = intent_event("evt_race", "pi_test_1", 1_250_000, card_order.reference)
    body, header = signed(event)
    barrier = threading.Barrier(2)
    outcomes = []

    def deliver():
        client = app.test_client()
        barrier.wait()
        response = client.post(URL, data=body, headers={"Stripe-Signature": header},
                               content_type="application/json")
        outcomes.append((response.status_code, response.json["outcome"]))

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == [(200, "duplicate"), (200, "order paid")]
    assert fresh(Order, card_order.id).status == "paid"
    assert len(paid_events(db, card_order)) == 1


def test_two_events_for_one_intent_pay_once(client, db, card_order):
    for event_id in ("evt_a", "evt_b"):
        post(client, intent_event(event_id, "pi_test_1", 1_250_000, card_order.reference))
    assert len(paid_events(db, card_order)) == 1


@pytest.mark.parametrize("amount,currency", [(1_250_001, "vnd"), (125_000_000, "vnd"),
                                             (1_250_000, "usd")])
def test_amount_or_currency_mismatch_does_not_pay(client, db, card_order, amount, currency):
    event = intent_event("evt_mismatch", "pi_test_1", amount, card_order.reference,
                         currency=currency)
    response = post(client, event)
    assert response.status_code == 200
    assert response.json["outcome"] == "amount or currency mismatch"
    assert fresh(Order, card_order.id).status == "awaiting_payment"
    assert db.session.scalar(select(Payment)).status == "pending"


def test_reference_of_another_order_does_not_pay(client, card_order):
    event = intent_event("evt_ref", "pi_test_1", 1_250_000, "HY999999")
    assert post(client, event).json["outcome"] == "amount or currency mismatch"
    assert fresh(Order, card_order.id).status == "awaiting_payment"


def test_unknown_order_is_acknowledged_and_pays_nothing(client, db, card_order):
    response = post(client, intent_event("evt_unknown", "pi_nobody", 1_250_000, "HY404404"))
    assert response.status_code == 200
    assert response.json["outcome"] == "unknown payment intent"
    assert fresh(Order, card_order.id).status == "awaiting_payment"


def test_order_no_longer_awaiting_payment_is_not_paid_again(client, db, card_order):
    order = fresh(Order, card_order.id)
    order.status = "cancelled"
    db.session.commit()
    post(client, intent_event("evt_late", "pi_test_1", 1_250_000, card_order.reference))
    assert fresh(Order, card_order.id).status == "cancelled"
    assert paid_events(db, card_order) == []


def test_payment_failed_keeps_the_order_awaiting(client, db, card_order):
    event = intent_event("evt_fail", "pi_test_1", 1_250_000, card_order.reference,
                         kind="payment_intent.payment_failed")
    assert post(client, event).json["outcome"] == "failure recorded"
    payment = db.session.scalar(select(Payment))
    assert payment.status == "failed" and "declined" in payment.failure_message
    assert fresh(Order, card_order.id).status == "awaiting_payment"


def test_charge_refunded_marks_the_order_refunded(client, db, card_order):
    post(client, intent_event("evt_ok", "pi_test_1", 1_250_000, card_order.reference))
    partial = {"id": "evt_r1", "object": "event", "type": "charge.refunded", "created": 1,
               "data": {"object": {"id": "ch_test_1", "object": "charge", "amount": 1_250_000,
                                   "amount_refunded": 250_000, "currency": "vnd",
                                   "payment_intent": "pi_test_1"}}}
    assert post(client, partial).json["outcome"] == "refund recorded"
    assert fresh(Order, card_order.id).status == "paid"
    full = {**partial, "id": "evt_r2"}
    full["data"] = {"object": {**partial["data"]["object"], "amount_refunded": 1_250_000}}
    post(client, full)
    assert fresh(Order, card_order.id).status == "refunded"
    assert db.session.scalar(select(Payment)).refunded_vnd == 1_250_000


def test_webhook_without_stripe_configured_is_refused(app, client, make_order):
    order = make_order()
    response = post(client, intent_event("evt_x", "pi_x", order.total_vnd, order.reference))
    assert response.status_code == 400


def test_malformed_but_signed_event_is_refused(client, card_order):
    body, header = signed({"object": "event"})
    response = client.post(URL, data=body, headers={"Stripe-Signature": header},
                           content_type="application/json")
    assert response.status_code == 400


def test_deposit_by_card_then_the_rest_by_transfer(app, client, db, make_order):
    from trading_floor.payments import services

    app.config.update(STRIPE_KEYS)
    order = make_order(total_vnd=250_000_000, payment_method="card")
    db.session.add(Payment(order_id=order.id, method="card", amount_vnd=75_000_000,
                           stripe_payment_intent_id="pi_deposit"))
    db.session.commit()
    outcome = post(client, intent_event("evt_dep", "pi_deposit", 75_000_000, order.reference))
    assert outcome.json["outcome"] == "payment recorded"  # the deposit alone does not pay it
    order = fresh(Order, order.id)
    assert order.status == "awaiting_payment"
    assert services.outstanding_transfer_vnd(order) == 175_000_000
    services.mark_transfer_received(order, order.seller_owner)
    assert fresh(Order, order.id).status == "paid"
    assert len(paid_events(db, order)) == 1
