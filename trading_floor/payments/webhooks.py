"""Stripe webhook events applied once each: payment_intent.succeeded / payment_failed,
charge.refunded. The event must already be verified by the gateway."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from trading_floor.extensions import db
from trading_floor.payments import services
from trading_floor.payments.gateway import WebhookEvent, get_gateway
from trading_floor.payments.models import (
    CARD,
    FAILED,
    PENDING,
    SUCCEEDED,
    Payment,
    ProcessedWebhookEvent,
)

log = logging.getLogger(__name__)
DUPLICATE = "duplicate"


def handle_event(event: WebhookEvent) -> str:
    """Applies a verified event exactly once and returns what happened.

    The unique event id is written first, in the same transaction as its effect: a second
    delivery (even one racing the first) fails on the unique key and changes nothing.
    """
    db.session.rollback()  # the insert must be the first statement of its transaction
    record = ProcessedWebhookEvent(event_id=event.id[:255], event_type=event.type[:80])
    db.session.add(record)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return DUPLICATE
    try:
        outcome = _apply(event)
        record.outcome = outcome[:255]
        db.session.commit()
    except IntegrityError:  # the racing delivery committed between our insert and now
        db.session.rollback()
        return DUPLICATE
    except Exception:
        db.session.rollback()  # not recorded: Stripe delivers it again later
        raise
    log.info("stripe event %s %s: %s", event.id, event.type, outcome)
    return outcome


def _payment_for(intent_id: str | None) -> Payment | None:
    if not intent_id:
        return None
    return db.session.scalar(select(Payment).where(
        Payment.stripe_payment_intent_id == intent_id, Payment.method == CARD).with_for_update())


def _apply(event: WebhookEvent) -> str:
    if event.type == "payment_intent.succeeded":
        return _succeeded(event)
    if event.type == "payment_intent.payment_failed":
        payment = _payment_for(event.object_id)
        if payment is None:
            return "unknown payment intent"
        if payment.status == PENDING:
            payment.status = FAILED
            payment.failure_message = (event.failure_message or "")[:500]
        return "failure recorded"
    if event.type == "charge.refunded":
        payment = _payment_for(event.payment_intent)
        if payment is None or event.amount_refunded is None:
            return "unknown charge"
        if event.currency != payment.currency:
            return "currency mismatch"
        services._apply_refunded_total(payment, event.amount_refunded)
        return "refund recorded"
    return "ignored"


def _succeeded(event: WebhookEvent) -> str:
    payment = _payment_for(event.object_id)
    if payment is None:
        log.warning("payment_intent.succeeded for an unknown intent %s", event.object_id)
        return "unknown payment intent"
    return apply_succeeded_intent(payment, event.amount, event.currency,
                                  event.metadata.get("order_reference"), event.latest_charge)


def apply_succeeded_intent(payment: Payment, amount: int | None, currency: str | None,
                           reference: str | None, charge: str | None) -> str:
    """A succeeded PaymentIntent counts only for the amount and currency the floor asked for."""
    order = payment.order
    expected = services.card_portion(order)
    if (currency != "vnd" or (order.currency or "vnd").lower() != "vnd"
            or amount != payment.amount_vnd or payment.amount_vnd != expected
            or (reference is not None and reference != order.reference)):
        log.warning("succeeded intent %s does not match order %s: %s %s, expected %s vnd",
                    payment.stripe_payment_intent_id, order.reference, amount, currency, expected)
        return "amount or currency mismatch"
    if payment.status in (SUCCEEDED, "refunded"):
        return "already succeeded"
    payment.status = SUCCEEDED
    payment.failure_message = ""
    payment.stripe_charge_id = charge
    db.session.flush()
    return "order paid" if services.settle(order, method=CARD) else "payment recorded"


def sync_from_gateway(order) -> str | None:
    """When the buyer comes back from the pay page: asks Stripe about the open PaymentIntent,
    so the order does not wait for a late webhook. The same checks as the webhook apply."""
    payment = db.session.scalar(select(Payment).where(
        Payment.order_id == order.id, Payment.method == CARD,
        Payment.status.in_((PENDING, FAILED))).order_by(Payment.id.desc()).limit(1))
    if payment is None or not payment.stripe_payment_intent_id:
        return None
    intent = get_gateway().retrieve(payment.stripe_payment_intent_id)
    if intent.status != "succeeded":
        return None
    outcome = apply_succeeded_intent(payment, intent.amount, intent.currency,
                                     intent.metadata.get("order_reference"),
                                     intent.latest_charge)
    db.session.commit()
    return outcome
