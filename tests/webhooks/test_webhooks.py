"""Webhooks: registered by an administrator, signed (Standard Webhooks), delivered through the
job queue to a local receiver, retried with backoff, dead after a day, sent again by hand."""

from __future__ import annotations

import json
import re
import time
from datetime import timedelta

import pytest
from freezegun import freeze_time

from tests.conftest import csrf_token, post_form
from trading_floor.catalog.models import Listing
from trading_floor.catalog.services import commit_and_signal
from trading_floor.i18n import utcnow
from trading_floor.registry.models import RegistryEnterprise
from trading_floor.webhooks import services, signing
from trading_floor.webhooks.models import (
    DEAD,
    DELIVERED,
    EVENTS,
    RETRYING,
    WebhookDelivery,
    WebhookEndpoint,
)


def _register(client, login_as, url: str, events=EVENTS, name="Sàn Postmart") -> str:
    login_as("admin")
    response = post_form(client, "/quan-tri/webhook", {"name": name, "url": url,
                                                      "events": list(events)})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return re.search(r'<code id="webhook-secret">(whsec_[^<]+)</code>', page).group(1)


def _change(listing_id: int, **values) -> None:
    from trading_floor.extensions import db

    listing = db.session.get(Listing, listing_id)
    for key, value in values.items():
        setattr(listing, key, value)
    commit_and_signal([listing_id])


def test_an_administrator_registers_an_endpoint_and_sees_the_secret_once(
        client, login_as, receivers, db):
    receiver = receivers()
    secret = _register(client, login_as, receiver.url)
    endpoint = db.session.scalar(db.select(WebhookEndpoint))
    assert endpoint.secret == secret and endpoint.events == list(EVENTS)
    page = client.get("/quan-tri/webhook").get_data(as_text=True)
    assert "Sàn Postmart" in page and secret not in page


def test_only_administrators_open_the_page(client, login_as):
    login_as("officer")
    assert client.get("/quan-tri/webhook").status_code == 403


def test_a_private_address_is_refused_unless_the_setting_allows_it(app, client, login_as, db):
    login_as("admin")
    response = post_form(client, "/quan-tri/webhook", {
        "name": "Nội bộ", "url": "http://127.0.0.1:9/hook", "events": ["listing.published"]})
    assert response.status_code == 200
    assert "mạng nội bộ" in response.get_data(as_text=True)
    for url in ("ftp://example.com/x", "http://user:pw@example.com/", "không phải url"):
        response = post_form(client, "/quan-tri/webhook", {
            "name": "Sai", "url": url, "events": ["listing.published"]})
        assert response.status_code == 200
    assert db.session.scalar(db.select(db.func.count()).select_from(WebhookEndpoint)) == 0


def test_published_changed_removed_reach_the_receiver_signed(
        app, client, login_as, receivers, shop, db):
    receiver = receivers()
    secret = _register(client, login_as, receiver.url)
    listing = shop["listing"]
    commit_and_signal([listing.id])  # first signal about a public listing: published
    _change(listing.id, price_vnd=1300000)  # changed
    _change(listing.id, view_count=5)  # nothing partners see changed: no event
    enterprise = db.session.get(RegistryEnterprise, shop["enterprise"].id)
    enterprise.status = "suspended"
    db.session.commit()
    from trading_floor.core.signals import registry_changed

    registry_changed.send(enterprise_ids=[enterprise.id])  # removed
    types = [json.loads(r["body"])["type"] for r in receiver.received]
    assert types == ["listing.published", "listing.changed", "listing.removed"]
    now = int(time.time())
    for got in receiver.received:
        headers = got["headers"]
        assert headers["webhook-id"].startswith("msg_")
        assert signing.verify(secret, headers["webhook-id"], headers["webhook-timestamp"],
                              got["body"], headers["webhook-signature"], now)
        assert not signing.verify(secret, headers["webhook-id"], headers["webhook-timestamp"],
                                  got["body"] + " ", headers["webhook-signature"], now)
    changed = json.loads(receiver.received[1]["body"])["data"]
    assert changed["price_vnd"] == 1300000
    assert changed["url"].endswith(f"-{listing.id}")
    statuses = db.session.scalars(db.select(WebhookDelivery.status)).all()
    assert statuses == [DELIVERED] * 3


def test_rfq_opened_and_closed(client, login_as, receivers, shop, db):
    from tests.feeds.test_sitemaps_atom import _post_rfq

    receiver = receivers()
    services.register_endpoint("Voso", receiver.url, ["rfq.opened", "rfq.closed"], None)
    rfq_id = _post_rfq(client, login_as, shop["fruit"])
    response = client.post(f"/chao-mua/{rfq_id}/huy",
                           data={"csrf_token": csrf_token(client, f"/chao-mua/{rfq_id}")})
    assert response.status_code == 302
    bodies = [json.loads(r["body"]) for r in receiver.received]
    assert [(b["type"], b["data"]["id"]) for b in bodies] == [("rfq.opened", rfq_id),
                                                               ("rfq.closed", rfq_id)]


def test_a_failing_receiver_is_retried_with_backoff_then_dead_after_a_day(
        app, client, login_as, receivers, shop, db):
    failing = receivers(status=500)
    _register(client, login_as, failing.url, events=["listing.published"])
    commit_and_signal([shop["listing"].id])
    delivery = db.session.scalar(db.select(WebhookDelivery))
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (RETRYING, 1, 500)
    first_wait = delivery.next_attempt_at - utcnow()
    assert timedelta(seconds=1) < first_wait <= timedelta(seconds=5)
    assert services.retry_due() == 0  # not due yet
    start = utcnow()
    with freeze_time(start + timedelta(seconds=6)):
        assert services.retry_due() == 1
        db.session.commit()  # the job runs now (JOBS_IMMEDIATE)
    db.session.refresh(delivery)
    assert (delivery.status, delivery.attempts) == (RETRYING, 2)
    assert delivery.next_attempt_at - (start + timedelta(seconds=6)) == timedelta(seconds=300)
    with freeze_time(start + timedelta(days=1, seconds=10)):
        delivery.next_attempt_at = utcnow()
        db.session.commit()
        services.retry_due()
        db.session.commit()
    db.session.refresh(delivery)
    assert delivery.status == DEAD and delivery.next_attempt_at is None
    assert len(failing.received) == 3
    # all three attempts carried the same message id
    assert len({r["headers"]["webhook-id"] for r in failing.received}) == 1
    page = client.get("/quan-tri/webhook?status=dead")
    assert page.status_code == 200 and "HTTP 500" in page.get_data(as_text=True)


def test_the_resend_button_sends_a_dead_delivery_again(
        app, client, login_as, receivers, shop, db):
    receiver = receivers(status=503)
    _register(client, login_as, receiver.url, events=["listing.published"])
    commit_and_signal([shop["listing"].id])
    delivery = db.session.scalar(db.select(WebhookDelivery))
    delivery.status = DEAD
    db.session.commit()
    receiver.status = 204  # the partner fixed its side
    response = post_form(client, f"/quan-tri/webhook/gui/{delivery.id}/gui-lai", {},
                         form_url="/quan-tri/webhook")
    assert response.status_code == 302
    db.session.refresh(delivery)
    assert delivery.status == DELIVERED and len(receiver.received) == 2


def test_an_unreachable_receiver_is_a_failure_not_an_error(app, client, login_as, receivers,
                                                         shop, db):
    receiver = receivers()
    _register(client, login_as, receiver.url, events=["listing.published"])
    receiver.close()
    commit_and_signal([shop["listing"].id])
    delivery = db.session.scalar(db.select(WebhookDelivery))
    assert delivery.status == RETRYING and delivery.last_error


@pytest.mark.parametrize("address", ["10.0.0.1", "169.254.169.254", "::1", "192.168.1.4"])
def test_private_addresses_are_private(address):
    from trading_floor.webhooks.addresses import is_private_address

    assert is_private_address(address)
