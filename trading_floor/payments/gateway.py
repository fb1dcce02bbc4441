"""The payment gateway seam: the rest of the floor talks to this, never to stripe itself.

Plain dataclasses cross the seam, so no Stripe object (which is not a dict in stripe 16.x)
leaks into services, views or templates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _

# Stripe accepts at most 8 digits for an amount; VND is zero-decimal, so 99.999.999 ₫.
STRIPE_MAX_VND = 99_999_999


class GatewayError(Exception):
    """The gateway refused or could not be reached; the message is safe to show."""


class SignatureInvalid(GatewayError):
    """A webhook whose signature or timestamp does not verify."""


@dataclass(frozen=True)
class PaymentIntentInfo:
    id: str
    amount: int
    currency: str
    status: str
    client_secret: str | None = None
    latest_charge: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    failure_message: str | None = None


@dataclass(frozen=True)
class RefundInfo:
    id: str
    amount: int
    status: str


@dataclass(frozen=True)
class WebhookEvent:
    """What the floor needs of a verified event (payment_intent.* and charge.refunded)."""

    id: str
    type: str
    object_id: str
    amount: int | None = None
    currency: str | None = None
    payment_intent: str | None = None
    amount_refunded: int | None = None
    latest_charge: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    failure_message: str | None = None


class PaymentGateway:
    """Card payments. Methods raise GatewayError with a message fit for the user."""

    card_enabled: bool = False
    publishable_key: str | None = None

    def create_payment_intent(self, amount_vnd: int, *, idempotency_key: str,
                              metadata: dict[str, str]) -> PaymentIntentInfo:
        raise GatewayError(_offline())

    def retrieve(self, payment_intent_id: str) -> PaymentIntentInfo:
        raise GatewayError(_offline())

    def cancel(self, payment_intent_id: str) -> PaymentIntentInfo:
        raise GatewayError(_offline())

    def refund(self, payment_intent_id: str, amount_vnd: int, *,
               idempotency_key: str) -> RefundInfo:
        raise GatewayError(_offline())

    def verify_webhook(self, payload: bytes, signature_header: str | None) -> WebhookEvent:
        raise SignatureInvalid("card payments are not configured")


def _offline() -> str:
    return _("Sàn chưa được cấu hình thanh toán thẻ (Stripe).")


class OfflineGateway(PaymentGateway):
    """No Stripe keys: the card option is hidden, bank transfer still works."""


def get_gateway() -> PaymentGateway:
    """The configured gateway: Stripe when its keys are set, otherwise offline."""
    config = current_app.config
    override = current_app.extensions.get("payment_gateway")
    if override is not None:  # a test or an integration may install its own
        return override
    if config.get("STRIPE_SECRET_KEY") and config.get("STRIPE_PUBLISHABLE_KEY"):
        from trading_floor.payments.stripe_gateway import StripeGateway

        return StripeGateway(
            secret_key=config["STRIPE_SECRET_KEY"],
            publishable_key=config["STRIPE_PUBLISHABLE_KEY"],
            webhook_secret=config.get("STRIPE_WEBHOOK_SECRET"),
            api_base=config.get("STRIPE_API_BASE"),
        )
    return OfflineGateway()
