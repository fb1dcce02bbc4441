"""Card payments against localstripe (a Stripe API double) served on 127.0.0.1 by a fixture."""

import pytest
import stripe
from sqlalchemy import select

from tests.conftest import outbox
from tests.payments.conftest import card_payment_method, fresh, register_webhook, wait_for
from trading_floor.payments import services
from trading_floor.payments.gateway import get_gateway
from trading_floor.payments.models import Payment
from trading_floor.trade.models import Order


def confirm(stripe_client, intent_id: str, card: str):
    """What Stripe.js does in the browser: attach the card and confirm."""
    method = card_payment_method(stripe_client, card)
    stripe_client.v1.payment_intents.update(intent_id, params={"payment_method": method})
    return stripe_client.v1.payment_intents.confirm(intent_id)


def test_payment_intent_in_vnd_for_the_server_amount(stripe_app, make_order, stripe_client):
    gateway = get_gateway()
    sent = []
    create = gateway.client.v1.payment_intents.create

    def recording_create(params=None, options=None):
        sent.append((params, options))
        return create(params=params, options=options)

    gateway.client.v1.payment_intents.create = recording_create
    stripe_app.extensions["payment_gateway"] = gateway
    order = make_order(total_vnd=1_250_000, payment_method="card")
    intent = services.start_card_payment(order, order.buyer_user)
    remote = stripe_client.v1.payment_intents.retrieve(intent.id)
    assert remote.amount == 1_250_000  # zero-decimal: đồng, never × 100
    assert remote.currency == "vnd"
    assert remote.metadata["order_reference"] == order.reference
    params, options = sent[0]
    assert params["payment_method_types"] == ["card"]  # localstripe does not echo it back
    assert "automatic_payment_methods" not in params and "description" not in params
    assert order.reference in options["idempotency_key"]
    assert intent.client_secret.startswith(intent.id)
    # opening the pay page again reuses the same PaymentIntent
    assert services.start_card_payment(order, order.buyer_user).id == intent.id


def test_confirmed_with_4242_and_the_webhook_pays_the_order(stripe_app, make_order,
                                                             stripe_client, localstripe,
                                                             live_server, db):
    register_webhook(localstripe, f"{live_server}/payments/stripe/webhook")
    order = make_order(payment_method="card")
    intent = services.start_card_payment(order, order.buyer_user)
    result = confirm(stripe_client, intent.id, "4242424242424242")
    assert result.status == "succeeded"
    # localstripe signs and sends payment_intent.succeeded to the floor's webhook
    assert wait_for(lambda: fresh(Order, order.id).status == "paid")
    payment = db.session.scalar(select(Payment).where(Payment.order_id == order.id))
    assert payment.status == "succeeded" and payment.stripe_charge_id.startswith("ch_")


def test_declined_card_4000000000000341(stripe_app, make_order, stripe_client, localstripe,
                                        live_server, db):
    register_webhook(localstripe, f"{live_server}/payments/stripe/webhook")
    order = make_order(payment_method="card")
    intent = services.start_card_payment(order, order.buyer_user)
    with pytest.raises(stripe.CardError) as declined:
        confirm(stripe_client, intent.id, "4000000000000341")
    assert declined.value.code == "card_declined"
    # payment_intent.payment_failed arrives: recorded, the order still awaits payment
    assert wait_for(lambda: fresh(Payment, _payment_id(db, order)).status == "failed")
    assert fresh(Order, order.id).status == "awaiting_payment"
    # the buyer may try again with another card on the same PaymentIntent
    again = services.start_card_payment(fresh(Order, order.id), order.buyer_user)
    assert again.id == intent.id and again.status == "requires_payment_method"


def _payment_id(db, order):
    return db.session.scalar(select(Payment.id).where(Payment.order_id == order.id))


def test_partial_then_full_refund_by_the_seller(stripe_app, make_order, stripe_client,
                                                localstripe, live_server, db):
    register_webhook(localstripe, f"{live_server}/payments/stripe/webhook")
    order = make_order(total_vnd=2_000_000, payment_method="card")
    intent = services.start_card_payment(order, order.buyer_user)
    confirm(stripe_client, intent.id, "4242424242424242")
    assert wait_for(lambda: fresh(Order, order.id).status == "paid")
    order = fresh(Order, order.id)
    payment_id = _payment_id(db, order)
    services.refund_card_payment(order, payment_id, order.seller_owner, 500_000, "thiếu hàng")
    assert fresh(Payment, payment_id).refunded_vnd == 500_000
    assert fresh(Order, order.id).status == "paid"
    refunds = stripe_client.v1.refunds.list(params={"payment_intent": intent.id})
    assert [r.amount for r in refunds.data] == [500_000]
    with pytest.raises(services.PaymentError, match="1.500.000"):
        services.refund_card_payment(fresh(Order, order.id), payment_id, order.seller_owner,
                                     1_500_001)
    services.refund_card_payment(fresh(Order, order.id), payment_id, order.seller_owner,
                                 1_500_000)
    assert fresh(Payment, payment_id).status == "refunded"
    assert fresh(Order, order.id).status == "refunded"
    mails = [m for m in outbox(stripe_app) if order.reference in m["subject"]]
    assert [m["to"] for m in mails] == [order.buyer_user.email] * 2
    assert "500.000" in mails[0]["subject"] and "1.500.000" in mails[1]["subject"]


def test_a_buyer_cannot_refund(stripe_app, make_order, db):
    order = make_order(payment_method="card")
    db.session.add(Payment(order_id=order.id, method="card", amount_vnd=order.total_vnd,
                           status="succeeded", stripe_payment_intent_id="pi_x"))
    db.session.commit()
    with pytest.raises(services.PaymentForbidden):
        services.refund_card_payment(order, _payment_id(db, order), order.buyer_user, 1000)


def test_over_the_8_digit_limit_the_card_pays_a_deposit(stripe_app, make_order, stripe_client):
    order = make_order(total_vnd=250_000_000, payment_method="card")
    intent = services.start_card_payment(order, order.buyer_user)
    assert intent.amount == 75_000_000  # 30% deposit, within 99.999.999 ₫
    assert services.transfer_portion(order) == 175_000_000
    big = make_order(total_vnd=900_000_000, payment_method="card")
    assert services.start_card_payment(big, big.buyer_user).amount == 99_999_999


def test_gateway_errors_are_vietnamese_not_stripe(stripe_app, make_order):
    stripe_app.config["STRIPE_API_BASE"] = "http://127.0.0.1:9"  # nothing listens there
    order = make_order(payment_method="card")
    with pytest.raises(services.GatewayError, match="Cổng thanh toán"):
        services.start_card_payment(order, order.buyer_user)
    assert fresh(Order, order.id).status == "awaiting_payment"


def test_no_keys_means_no_card(app):
    assert get_gateway().card_enabled is False


def test_switching_to_transfer_cancels_the_open_payment_intent(stripe_app, make_order,
                                                               stripe_client, db):
    order = make_order(payment_method="card")
    intent = services.start_card_payment(order, order.buyer_user)
    services.choose_method(order, order.buyer_user, "bank_transfer")
    assert stripe_client.v1.payment_intents.retrieve(intent.id).status == "canceled"
    assert fresh(Payment, _payment_id(db, order)).status == "canceled"
    # back to card: a new PaymentIntent, the cancelled one is never reused
    services.choose_method(fresh(Order, order.id), order.buyer_user, "card")
    again = services.start_card_payment(fresh(Order, order.id), order.buyer_user)
    assert again.id != intent.id and again.status == "requires_payment_method"


def _paid_by_card(stripe_client, order, db):
    intent = services.start_card_payment(order, order.buyer_user)
    confirm(stripe_client, intent.id, "4242424242424242")
    payment = db.session.scalar(select(Payment).where(Payment.order_id == order.id))
    payment.status = "succeeded"  # as the webhook would (covered by the webhook tests)
    db.session.commit()
    return intent, payment.id


def test_admin_refunds_through_the_order_page(stripe_app, client, login_as, make_order,
                                              make_user, stripe_client, db):
    from tests.conftest import post_form

    order = make_order(total_vnd=1_000_000, payment_method="card")
    intent, payment_id = _paid_by_card(stripe_client, order, db)
    url = f"/thanh-toan/don-hang/{order.reference}"
    login_as(make_user("admin"))
    bad = post_form(client, url + "/hoan-tien", {"payment_id": payment_id, "amount": "abc"},
                    form_url=url, follow_redirects=True)
    assert "Số tiền hoàn phải là một số nguyên đồng" in bad.get_data(as_text=True)
    too_much = post_form(client, url + "/hoan-tien",
                         {"payment_id": payment_id, "amount": "1000001", "confirm": "1"}, form_url=url,
                         follow_redirects=True)
    assert "từ 1 ₫ đến 1.000.000" in too_much.get_data(as_text=True)
    assert fresh(Payment, payment_id).refunded_vnd == 0
    ok = post_form(client, url + "/hoan-tien", {"payment_id": payment_id, "amount": "400000",
                                                "reason": "giao thiếu", "confirm": "1"},
                   form_url=url,
                   follow_redirects=True)
    assert "Đã hoàn tiền" in ok.get_data(as_text=True)
    assert fresh(Payment, payment_id).refunded_vnd == 400_000
    refunds = stripe_client.v1.refunds.list(params={"payment_intent": intent.id})
    assert [r.amount for r in refunds.data] == [400_000]


def test_another_enterprise_cannot_refund(stripe_app, make_order, verified_owner,
                                          stripe_client, db):
    order = make_order(payment_method="card")
    _, payment_id = _paid_by_card(stripe_client, order, db)
    other_owner, _ = verified_owner()
    with pytest.raises(services.PaymentForbidden):
        services.refund_card_payment(order, payment_id, other_owner, 1000)
    assert fresh(Payment, payment_id).refunded_vnd == 0


def test_coming_back_from_the_pay_page_checks_stripe(stripe_app, client, login_as, make_order,
                                                     stripe_client):
    """No webhook endpoint registered: the return to the order page asks Stripe itself."""
    order = make_order(payment_method="card")
    login_as(order.buyer_user)
    intent = services.start_card_payment(order, order.buyer_user)
    url = f"/thanh-toan/don-hang/{order.reference}"
    client.get(url + "?sau-thanh-toan=1")
    assert fresh(Order, order.id).status == "awaiting_payment"  # not paid yet: nothing changes
    confirm(stripe_client, intent.id, "4242424242424242")
    page = client.get(url + "?sau-thanh-toan=1").get_data(as_text=True)
    assert fresh(Order, order.id).status == "paid"
    assert "thành công" in page
