"""Payments fixtures: orders, a localstripe server of our own on 127.0.0.1, signed webhooks."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time

import pytest

WEBHOOK_SECRET = "whsec_floor_test_secret"
STRIPE_KEYS = {"STRIPE_SECRET_KEY": "sk_test_floor", "STRIPE_PUBLISHABLE_KEY": "pk_test_floor",
               "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET}


@pytest.fixture(scope="session")
def _localstripe_server():
    """localstripe's aiohttp app served from a thread, bound to 127.0.0.1 on a free port.

    Its own `localstripe` command binds every interface (and pickles its store to /tmp), so the
    app is started here instead, with the disk dump switched off.
    """
    from aiohttp import web
    from localstripe import resources, server

    resources.store.dump_to_disk = lambda: None  # keep the store in memory only
    loop = asyncio.new_event_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    runner = web.AppRunner(server.app, access_log=None)
    started = threading.Event()

    def serve():
        asyncio.set_event_loop(loop)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.SockSite(runner, sock).start())
        started.set()
        loop.run_forever()
        loop.run_until_complete(runner.cleanup())
        loop.close()

    thread = threading.Thread(target=serve, name="localstripe", daemon=True)
    thread.start()
    assert started.wait(10), "localstripe did not start"
    yield f"http://127.0.0.1:{port}"
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


@pytest.fixture
def localstripe(_localstripe_server):
    """A fresh localstripe store and no webhook endpoints; yields its base URL."""
    from localstripe import resources, webhooks

    resources.store.clear()
    webhooks._webhooks.clear()
    yield _localstripe_server
    resources.store.clear()
    webhooks._webhooks.clear()


@pytest.fixture
def stripe_app(app, localstripe):
    """The app with Stripe keys, its gateway pointed at localstripe."""
    app.config.update(STRIPE_KEYS, STRIPE_API_BASE=localstripe,
                      STRIPE_JS_URL=f"{localstripe}/js.stripe.com/v3/")
    return app


@pytest.fixture
def stripe_client(localstripe):
    """A Stripe client on localstripe, playing the part of Stripe.js in the browser."""
    import stripe

    return stripe.StripeClient(STRIPE_KEYS["STRIPE_SECRET_KEY"],
                               base_addresses={"api": localstripe})


def card_payment_method(stripe_client, number: str) -> str:
    method = stripe_client.v1.payment_methods.create(params={
        "type": "card", "card": {"number": number, "exp_month": 12, "exp_year": 2034,
                                 "cvc": "123"}})
    return method.id


def register_webhook(localstripe: str, url: str) -> None:
    import urllib.parse
    import urllib.request

    data = urllib.parse.urlencode({"url": url, "secret": WEBHOOK_SECRET}).encode()
    urllib.request.urlopen(urllib.request.Request(
        f"{localstripe}/_config/webhooks/floor", data=data, method="POST"), timeout=10).close()


def signed(event: dict, secret: str = WEBHOOK_SECRET, timestamp: int | None = None):
    """A webhook body and its Stripe-Signature header, as Stripe would send them."""
    import stripe

    body = json.dumps(event)
    timestamp = int(time.time()) if timestamp is None else timestamp
    header = stripe.WebhookSignature.generate_signature_header(body, secret, timestamp=timestamp)
    return body, header


def intent_event(event_id: str, intent_id: str, amount: int, reference: str,
                 kind: str = "payment_intent.succeeded", currency: str = "vnd") -> dict:
    obj = {"id": intent_id, "object": "payment_intent", "amount": amount, "currency": currency,
           "status": "succeeded" if kind.endswith("succeeded") else "requires_payment_method",
           "latest_charge": "ch_test_1", "metadata": {"order_reference": reference}}
    if kind.endswith("failed"):
        obj["last_payment_error"] = {"message": "Your card was declined."}
    return {"id": event_id, "object": "event", "type": kind, "created": int(time.time()),
            "data": {"object": obj}}


def wait_for(check, timeout: float = 15.0):
    """Polls until check() is truthy (webhooks arrive from another thread); returns its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


@pytest.fixture
def make_order(app, verified_owner, make_user):
    """An order of a buyer from a seller with a bank account; returns the Order."""
    from trading_floor.extensions import db
    from trading_floor.trade.models import Order, OrderLine

    counter = {"n": 122}

    def make(total_vnd: int = 1_250_000, payment_method: str = "bank_transfer", buyer=None,
             seller=None, bank: bool = True):
        counter["n"] += 1
        if seller is None:
            owner, enterprise = verified_owner()
        else:
            owner, enterprise = seller
        if bank:
            enterprise.bank_bin, enterprise.bank_account = "970436", "0011001800879"
            enterprise.bank_account_name = "CONG TY TNHH NHAN LONG PHO HIEN"
        buyer = buyer or make_user()
        order = Order(reference=f"HY{counter['n']:06d}", buyer_id=buyer.id,
                      enterprise_id=enterprise.id, total_vnd=total_vnd,
                      payment_method=payment_method)
        order.lines.append(OrderLine(title="Nhãn lồng Hưng Yên", unit="kg", quantity=10,
                                     unit_price_vnd=total_vnd // 10, line_total_vnd=total_vnd))
        db.session.add(order)
        db.session.commit()
        order.seller_owner, order.buyer_user = owner, buyer
        return order

    return make


def fresh(model, id_):
    """Re-reads a row outside the current transaction (another thread may have written it)."""
    from trading_floor.extensions import db

    db.session.rollback()
    db.session.expire_all()
    return db.session.get(model, id_)
