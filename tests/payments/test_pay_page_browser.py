"""The card pay page in Chromium against localstripe's mock Stripe.js (/js.stripe.com/v3/).

The mock mounts plain inputs for the Card Element, and its confirmCardPayment only performs the
3-D Secure step (a modal with "Complete authentication" / "Fail authentication"). So the test
plays Stripe's part of attaching a 3-D Secure test card (4000002500003155) to the
PaymentIntent, then the buyer confirms on the page; localstripe's signed webhook pays the order.
"""

import pytest
from sqlalchemy import select

from tests.payments.conftest import card_payment_method, fresh, register_webhook, wait_for
from trading_floor.payments.models import Payment
from trading_floor.trade.models import Order

pytestmark = pytest.mark.browser


def attach_3ds_card(stripe_client, intent_id):
    method = card_payment_method(stripe_client, "4000002500003155")
    stripe_client.v1.payment_intents.update(intent_id, params={"payment_method": method})
    assert stripe_client.v1.payment_intents.confirm(intent_id).status == "requires_action"


def test_buyer_pays_by_card_on_a_phone(stripe_app, localstripe, live_server, page,
                                       stripe_client, make_order, db):
    register_webhook(localstripe, f"{live_server}/payments/stripe/webhook")
    order = make_order(total_vnd=1_250_000, payment_method="card")
    page.set_viewport_size({"width": 375, "height": 740})
    external = []
    page.on("request", lambda r: external.append(r.url)
            if not r.url.startswith((live_server, localstripe)) else None)

    page.goto("/dang-nhap")
    page.fill("#email", order.buyer_user.email)
    page.fill("#password", "matkhau123")
    page.click("main form button[type=submit]")
    page.goto(f"/thanh-toan/don-hang/{order.reference}")
    page.click("a:has-text('Thanh toán 1.250.000')")
    page.wait_for_url(f"**/thanh-toan/don-hang/{order.reference}/the")
    assert page.locator("#pay-amount").inner_text().startswith("1.250.000")
    page.locator("#card-element input[placeholder=number]").wait_for()

    intent_id = db.session.scalar(select(Payment.stripe_payment_intent_id)
                                  .where(Payment.order_id == order.id))
    attach_3ds_card(stripe_client, intent_id)
    for field, value in (("number", "4000002500003155"), ("exp_month", "12"),
                         ("exp_year", "34"), ("cvc", "123"), ("postal_code", "16000")):
        page.fill(f"#card-element input[placeholder={field}]", value)

    # first the buyer fails 3-D Secure: a clear message, the order still awaits payment
    page.click("#pay-button")
    page.click("button:has-text('Fail authentication')")
    page.locator("#card-message.error").wait_for()
    assert "không thành công" in page.locator("#card-message").inner_text()
    assert fresh(Order, order.id).status == "awaiting_payment"

    # then tries again and completes it
    attach_3ds_card(stripe_client, intent_id)
    page.click("#pay-button")
    page.click("button:has-text('Complete authentication')")
    page.locator("#card-message.success").wait_for()
    assert "Thanh toán thành công" in page.locator("#card-message").inner_text()
    assert wait_for(lambda: fresh(Order, order.id).status == "paid")
    page.wait_for_url(f"**/thanh-toan/don-hang/{order.reference}?sau-thanh-toan=1")
    page.reload()
    assert page.locator("tr.payment-succeeded").is_visible()
    assert external == []  # everything but the (mock) Stripe.js is served by the floor
