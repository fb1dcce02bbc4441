"""The Stripe implementation of the payment gateway: the only module that imports stripe.

stripe 16.x objects are not dicts: attributes are read with getattr, never .get().
"""

from __future__ import annotations

import json
import logging

import stripe
from flask_babel import gettext as _

from trading_floor.payments.gateway import (
    GatewayError,
    PaymentGateway,
    PaymentIntentInfo,
    RefundInfo,
    SignatureInvalid,
    WebhookEvent,
)

log = logging.getLogger(__name__)
WEBHOOK_TOLERANCE_SECONDS = 300


def _intent_info(intent) -> PaymentIntentInfo:
    error = getattr(intent, "last_payment_error", None)
    charge = getattr(intent, "latest_charge", None)
    metadata = getattr(intent, "metadata", None)
    return PaymentIntentInfo(
        id=intent.id,
        amount=int(intent.amount),
        currency=str(intent.currency).lower(),
        status=str(intent.status),
        client_secret=getattr(intent, "client_secret", None),
        latest_charge=charge if isinstance(charge, str) or charge is None else charge.id,
        metadata={str(k): str(v) for k, v in metadata.to_dict().items()} if metadata else {},
        failure_message=getattr(error, "message", None) if error else None,
    )


class StripeGateway(PaymentGateway):
    card_enabled = True

    def __init__(self, secret_key: str, publishable_key: str, webhook_secret: str | None,
                 api_base: str | None = None) -> None:
        self.publishable_key = publishable_key
        self.webhook_secret = webhook_secret
        addresses = {"api": api_base.rstrip("/")} if api_base else None
        # a client per gateway rather than the module globals: tests and apps do not collide
        self.client = stripe.StripeClient(secret_key, base_addresses=addresses,
                                          max_network_retries=1)

    def create_payment_intent(self, amount_vnd: int, *, idempotency_key: str,
                              metadata: dict[str, str]) -> PaymentIntentInfo:
        params = {"amount": int(amount_vnd), "currency": "vnd",
                  "payment_method_types": ["card"], "metadata": metadata}
        try:
            intent = self.client.v1.payment_intents.create(
                params=params, options={"idempotency_key": idempotency_key})
        except stripe.StripeError as error:
            log.warning("Stripe refused a PaymentIntent: %s", error)
            raise GatewayError(_("Cổng thanh toán thẻ đang bận, vui lòng thử lại sau.")) from error
        return _intent_info(intent)

    def retrieve(self, payment_intent_id: str) -> PaymentIntentInfo:
        try:
            return _intent_info(self.client.v1.payment_intents.retrieve(payment_intent_id))
        except stripe.StripeError as error:
            log.warning("Stripe retrieve failed: %s", error)
            raise GatewayError(_("Cổng thanh toán thẻ đang bận, vui lòng thử lại sau.")) from error

    def cancel(self, payment_intent_id: str) -> PaymentIntentInfo:
        try:
            return _intent_info(self.client.v1.payment_intents.cancel(payment_intent_id))
        except stripe.StripeError as error:
            log.warning("Stripe cancel failed: %s", error)
            raise GatewayError(_("Không huỷ được phiên thanh toán thẻ đang mở; vui lòng thử lại "
                                 "sau.")) from error

    def refund(self, payment_intent_id: str, amount_vnd: int, *,
               idempotency_key: str) -> RefundInfo:
        try:
            refund = self.client.v1.refunds.create(
                params={"payment_intent": payment_intent_id, "amount": int(amount_vnd)},
                options={"idempotency_key": idempotency_key})
        except stripe.StripeError as error:
            log.warning("Stripe refused a refund: %s", error)
            raise GatewayError(_("Stripe không thực hiện được lệnh hoàn tiền. Không có gì thay "
                                 "đổi; vui lòng thử lại sau.")) from error
        return RefundInfo(id=refund.id, amount=int(refund.amount), status=str(refund.status))

    def verify_webhook(self, payload: bytes, signature_header: str | None) -> WebhookEvent:
        if not self.webhook_secret or not signature_header:
            raise SignatureInvalid("missing signature or endpoint secret")
        try:
            text = payload.decode("utf-8")
            stripe.WebhookSignature.verify_header(text, signature_header, self.webhook_secret,
                                                  WEBHOOK_TOLERANCE_SECONDS)
            return event_from_json(json.loads(text))
        except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError, KeyError,
                TypeError, AttributeError) as error:
            raise SignatureInvalid(str(error)) from error


def event_from_json(data: dict) -> WebhookEvent:
    """The fields the floor reads, from a verified event body (plain JSON, not Stripe objects)."""
    obj = (data.get("data") or {}).get("object") or {}
    error = obj.get("last_payment_error") or {}
    charge = obj.get("latest_charge")
    return WebhookEvent(
        id=str(data["id"]),
        type=str(data["type"]),
        object_id=str(obj.get("id", "")),
        amount=obj.get("amount") if isinstance(obj.get("amount"), int) else None,
        currency=str(obj["currency"]).lower() if obj.get("currency") else None,
        payment_intent=obj.get("payment_intent") if isinstance(obj.get("payment_intent"), str)
        else None,
        amount_refunded=obj.get("amount_refunded")
        if isinstance(obj.get("amount_refunded"), int) else None,
        latest_charge=charge if isinstance(charge, str) else (charge or {}).get("id"),
        metadata={str(k): str(v) for k, v in (obj.get("metadata") or {}).items()},
        failure_message=error.get("message") if isinstance(error, dict) else None,
    )
