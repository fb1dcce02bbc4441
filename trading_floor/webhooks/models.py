"""Partner endpoints, their deliveries, and the last state each subscriber was told about."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_floor.extensions import db
from trading_floor.i18n import utcnow

LISTING_PUBLISHED, LISTING_CHANGED, LISTING_REMOVED = (
    "listing.published", "listing.changed", "listing.removed")
RFQ_OPENED, RFQ_CLOSED = "rfq.opened", "rfq.closed"
EVENTS = (LISTING_PUBLISHED, LISTING_CHANGED, LISTING_REMOVED, RFQ_OPENED, RFQ_CLOSED)

PENDING, DELIVERED, RETRYING, DEAD = "pending", "delivered", "retrying", "dead"
DELIVERY_STATUSES = (PENDING, DELIVERED, RETRYING, DEAD)


class WebhookEndpoint(db.Model):
    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    url: Mapped[str] = mapped_column(String(500))
    events: Mapped[list] = mapped_column(JSON, default=list)
    # whsec_<base64>: needed in clear to sign (a shared secret, unlike a password); shown once
    secret: Mapped[str] = mapped_column(String(80))
    active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebhookDelivery(db.Model):
    """One event for one endpoint: its message id and body never change between attempts."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[str] = mapped_column(String(40), unique=True)  # the webhook-id header
    event: Mapped[str] = mapped_column(String(30))
    body: Mapped[str] = mapped_column(Text)  # the JSON sent, byte for byte
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    last_status_code: Mapped[int | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    first_failed_at: Mapped[datetime | None]
    next_attempt_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]

    endpoint: Mapped[WebhookEndpoint] = relationship()


class WebhookSubjectState(db.Model):
    """What partners were last told about a listing or a request (visible? which content?), so
    a change signal becomes published, changed or removed — and nothing when nothing changed."""

    __tablename__ = "webhook_subject_states"
    __table_args__ = (UniqueConstraint("kind", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # listing | rfq
    subject_id: Mapped[int]
    visible: Mapped[bool] = mapped_column(default=False)
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
