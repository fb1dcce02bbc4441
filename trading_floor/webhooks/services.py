"""Registering partner endpoints, turning change signals into events, delivering them.

Flow: a domain signals a change after its commit (listings_changed, registry_changed,
rfqs_changed) → `on_*` records a `webhooks.fan_out` job → the job compares each subject with what
partners were last told (WebhookSubjectState) and writes one delivery per subscribed endpoint,
each with a `webhooks.deliver` job → `deliver` posts it; a failure is retried on BACKOFF by the
`webhooks.retry` schedule, and a delivery failing for WEBHOOKS_DEAD_AFTER (a day) is dead.
"""

from __future__ import annotations

import hashlib
import json
import time
import urllib.error
import urllib.request
import uuid
from datetime import timedelta

from flask import current_app, has_request_context, request
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from trading_floor import jobs
from trading_floor.catalog.models import Listing
from trading_floor.catalog.visibility import is_public
from trading_floor.extensions import db
from trading_floor.i18n import slugify, to_local, utcnow
from trading_floor.trade.models import Rfq
from trading_floor.trade.rfqs import is_open
from trading_floor.webhooks import signing
from trading_floor.webhooks.addresses import AddressRefused, check_url
from trading_floor.webhooks.models import (
    DEAD,
    DELIVERED,
    EVENTS,
    LISTING_CHANGED,
    LISTING_PUBLISHED,
    LISTING_REMOVED,
    PENDING,
    RETRYING,
    RFQ_CLOSED,
    RFQ_OPENED,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookSubjectState,
)

# seconds before attempt 2, 3, ... (Standard Webhooks' suggestion); the last repeats until dead
BACKOFF = (5, 300, 1800, 7200, 18000, 36000)
RESPONSE_READ_LIMIT = 4096


class WebhookError(ValueError):
    pass


# --- endpoints --------------------------------------------------------------------------------------
def register_endpoint(name: str, url: str, events: list[str], actor_id: int | None
                      ) -> tuple[WebhookEndpoint, str]:
    """A new active endpoint and its secret (the caller shows it once)."""
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise WebhookError(_("Hãy ghi tên đối tác (tối đa 120 ký tự)."))
    chosen = [e for e in EVENTS if e in (events or ())]
    if not chosen or len(chosen) != len(set(events)):
        raise WebhookError(_("Hãy chọn ít nhất một sự kiện trong danh sách."))
    try:
        url = check_url(url)
    except AddressRefused as error:
        raise WebhookError(str(error)) from None
    secret = signing.new_secret()
    endpoint = WebhookEndpoint(name=name, url=url, events=chosen, secret=secret,
                               created_by_id=actor_id)
    db.session.add(endpoint)
    db.session.commit()
    return endpoint, secret


def set_active(endpoint: WebhookEndpoint, active: bool) -> None:
    endpoint.active = active
    db.session.commit()


def endpoints() -> list[WebhookEndpoint]:
    return list(db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)))


def deliveries(status: str | None = None, limit: int = 200) -> list[WebhookDelivery]:
    stmt = select(WebhookDelivery)
    if status:
        stmt = stmt.where(WebhookDelivery.status == status)
    return list(db.session.scalars(stmt.order_by(WebhookDelivery.id.desc()).limit(limit)))


# --- from signals to events -------------------------------------------------------------------------
def _anyone_listening() -> bool:
    return db.session.scalar(select(WebhookEndpoint.id).where(WebhookEndpoint.active)
                             .limit(1)) is not None


def _record_fan_out(kind: str, ids, enterprise_ids=()) -> None:
    ids, enterprise_ids = sorted(set(ids or ())), sorted(set(enterprise_ids or ()))
    if not (ids or enterprise_ids) or not _anyone_listening():
        return
    base = request.url_root if has_request_context() else ""
    # the signal comes after the sender's commit: the job gets a transaction of its own
    with Session(bind=db.engine) as session:
        jobs.record("webhooks.fan_out", {"kind": kind, "ids": ids, "base_url": base,
                                         "enterprise_ids": enterprise_ids}, session=session)
        session.commit()


def on_listings_changed(sender=None, listing_ids=(), **_):
    _record_fan_out("listing", listing_ids)


def on_registry_changed(sender=None, enterprise_ids=(), **_):
    _record_fan_out("listing", (), enterprise_ids)


def on_rfqs_changed(sender=None, rfq_ids=(), **_):
    _record_fan_out("rfq", rfq_ids)


def _absolute(base_url: str, endpoint: str, **values) -> str:
    path = current_app.url_map.bind("floor").build(endpoint, values)
    return (base_url or current_app.config.get("WEBHOOKS_BASE_URL", "")).rstrip("/") + path


def _listing_snapshot(listing: Listing, base_url: str) -> tuple[bool, dict]:
    if not is_public(listing):
        return False, {"id": listing.id}
    return True, {
        "id": listing.id, "sku": listing.sku, "title": listing.title,
        "description": listing.description, "price_vnd": listing.price_vnd,
        "unit": listing.unit, "moq": listing.moq, "tiers": listing.tiers or [],
        "availability": listing.availability, "category": listing.category.slug,
        "enterprise_code": listing.enterprise.code,
        "url": _absolute(base_url, "catalog.listing", slug=slugify(listing.title),
                         listing_id=listing.id),
    }


def _rfq_snapshot(rfq: Rfq, base_url: str) -> tuple[bool, dict]:
    return is_open(rfq), {
        "id": rfq.id, "title": rfq.title, "description": rfq.description,
        "category": rfq.category.slug, "quantity": rfq.quantity, "unit": rfq.unit,
        "target_price_vnd": rfq.target_price_vnd, "status": rfq.status,
        "deadline": to_local(rfq.deadline).isoformat(),
        "url": _absolute(base_url, "trade.rfq", rfq_id=rfq.id),
    }


def _event(kind: str, before: WebhookSubjectState | None, visible: bool, fingerprint: str
           ) -> str | None:
    was_visible = before is not None and before.visible
    if kind == "rfq":
        if visible and before is None:
            return RFQ_OPENED
        return RFQ_CLOSED if was_visible and not visible else None
    if visible and not was_visible:
        return LISTING_PUBLISHED
    if was_visible and not visible:
        return LISTING_REMOVED
    if visible and before.fingerprint != fingerprint:
        return LISTING_CHANGED
    return None


def fan_out(kind: str, ids: list[int], base_url: str = "",
            enterprise_ids: list[int] = ()) -> int:
    """The job behind a change signal: one delivery per (event, subscribed endpoint); returns
    how many. Runs in the job's transaction (committed with its done mark)."""
    if kind == "listing" and enterprise_ids:
        ids = sorted(set(ids) | set(db.session.scalars(select(Listing.id).where(
            Listing.enterprise_id.in_(enterprise_ids)))))
    model, snapshot = (Listing, _listing_snapshot) if kind == "listing" else (Rfq, _rfq_snapshot)
    listening = [e for e in endpoints() if e.active]
    made = 0
    for subject_id in ids:
        subject = db.session.get(model, subject_id)
        visible, data = snapshot(subject, base_url) if subject is not None else (False, {
            "id": subject_id})
        fingerprint = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
        state = db.session.scalar(select(WebhookSubjectState).where(
            WebhookSubjectState.kind == kind, WebhookSubjectState.subject_id == subject_id))
        event = _event(kind, state, visible, fingerprint)
        if state is None:
            state = WebhookSubjectState(kind=kind, subject_id=subject_id)
            db.session.add(state)
        state.visible, state.fingerprint, state.updated_at = visible, fingerprint, utcnow()
        if event is None:
            continue
        body = json.dumps({"type": event, "timestamp": utcnow().isoformat() + "Z",
                           "data": data}, ensure_ascii=False, separators=(",", ":"))
        for endpoint in listening:
            if event in endpoint.events:
                _new_delivery(endpoint, event, body)
                made += 1
    return made


def _new_delivery(endpoint: WebhookEndpoint, event: str, body: str) -> WebhookDelivery:
    delivery = WebhookDelivery(endpoint_id=endpoint.id, event=event, body=body,
                               message_id=f"msg_{uuid.uuid4().hex}")
    db.session.add(delivery)
    db.session.flush()
    jobs.record("webhooks.deliver", {"delivery_id": delivery.id},
                key=f"webhook-deliver:{delivery.id}:0")
    return delivery


# --- delivering ------------------------------------------------------------------------------------
class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is a failure: following it could lead to an address check_url refuses."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _post(url: str, headers: dict[str, str], body: str) -> int:
    """POSTs and returns the status code (no proxy: the address checked is the one reached)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())
    outgoing = urllib.request.Request(url, data=body.encode("utf-8"), headers=headers,
                                      method="POST")
    timeout = current_app.config.get("WEBHOOKS_TIMEOUT", 10)
    try:
        with opener.open(outgoing, timeout=timeout) as response:
            response.read(RESPONSE_READ_LIMIT)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def deliver(delivery_id: int) -> None:
    """One attempt; never raises (the outcome is written on the delivery, not the job)."""
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.status in (DELIVERED, DEAD):
        return
    endpoint = delivery.endpoint
    now = utcnow()
    delivery.attempts += 1
    delivery.next_attempt_at = None
    code, error = None, ""
    if not endpoint.active:
        error = "endpoint disabled"
    else:
        try:
            url = check_url(endpoint.url)
            code = _post(url, signing.headers(endpoint.secret, delivery.message_id,
                                              int(time.time()), delivery.body), delivery.body)
        except AddressRefused as refused:
            error = str(refused)
        except (OSError, ValueError) as failure:  # refused, reset, timed out, bad URL
            error = f"{type(failure).__name__}: {failure}"[:500]
    delivery.last_status_code = code
    if code is not None and 200 <= code < 300:
        delivery.status, delivery.delivered_at, delivery.last_error = DELIVERED, now, ""
        return
    delivery.last_error = error or f"HTTP {code}"
    delivery.first_failed_at = delivery.first_failed_at or now
    dead_after = timedelta(seconds=current_app.config.get("WEBHOOKS_DEAD_AFTER", 86400))
    if not endpoint.active or now - delivery.first_failed_at >= dead_after:
        delivery.status = DEAD
        return
    delay = BACKOFF[min(delivery.attempts - 1, len(BACKOFF) - 1)]
    delivery.status, delivery.next_attempt_at = RETRYING, now + timedelta(seconds=delay)


def retry_due(now=None) -> int:
    """The schedule: hands every delivery whose next attempt is due to the queue."""
    now = now or utcnow()
    due = list(db.session.scalars(select(WebhookDelivery).where(
        WebhookDelivery.status == RETRYING, WebhookDelivery.next_attempt_at <= now)))
    for delivery in due:
        delivery.next_attempt_at = None
        jobs.record("webhooks.deliver", {"delivery_id": delivery.id},
                    key=f"webhook-deliver:{delivery.id}:{delivery.attempts}")
    return len(due)


def resend(delivery: WebhookDelivery) -> None:
    """Sends a delivery again (the same webhook-id: a receiver that saw it can tell)."""
    if not delivery.endpoint.active:
        raise WebhookError(_("Đối tác này đang tắt: hãy bật lại trước khi gửi lại."))
    delivery.status, delivery.first_failed_at, delivery.next_attempt_at = PENDING, None, None
    jobs.record("webhooks.deliver", {"delivery_id": delivery.id},
                key=f"webhook-resend:{delivery.id}:{uuid.uuid4().hex}")
    db.session.commit()
