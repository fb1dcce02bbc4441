"""Orders, their lines (snapshots of what was agreed) and their audit trail.

Inquiries, RFQs and quotes are added by the trade part; payments reference orders by id.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_floor.extensions import db
from trading_floor.i18n import utcnow

AWAITING_PAYMENT, PAID, SHIPPED, COMPLETED, CANCELLED, REFUNDED = (
    "awaiting_payment", "paid", "shipped", "completed", "cancelled", "refunded",
)
ORDER_STATUSES = (AWAITING_PAYMENT, PAID, SHIPPED, COMPLETED, CANCELLED, REFUNDED)


class Order(db.Model):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    # the reference a buyer writes on a bank transfer, e.g. "HY000123"
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("registry_enterprises.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=AWAITING_PAYMENT, index=True)
    total_vnd: Mapped[int]  # whole đồng, computed by the server
    currency: Mapped[str] = mapped_column(String(3), default="vnd")
    payment_method: Mapped[str] = mapped_column(String(20), default="bank_transfer")  # | card
    quote_id: Mapped[int | None]
    delivery_address: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    buyer = relationship("User")
    enterprise = relationship("RegistryEnterprise")
    lines: Mapped[list[OrderLine]] = relationship(back_populates="order",
                                                  cascade="all, delete-orphan", lazy="selectin")
    events: Mapped[list[OrderEvent]] = relationship(back_populates="order",
                                                    cascade="all, delete-orphan",
                                                    order_by="OrderEvent.created_at")


class OrderLine(db.Model):
    """What was agreed, as it was: the listing may change or disappear later."""

    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    listing_id: Mapped[int | None] = mapped_column(ForeignKey("listings.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    sku: Mapped[str] = mapped_column(String(64), default="")
    unit: Mapped[str] = mapped_column(String(20))
    quantity: Mapped[int]
    unit_price_vnd: Mapped[int]
    line_total_vnd: Mapped[int]

    order: Mapped[Order] = relationship(back_populates="lines")


class OrderEvent(db.Model):
    """The audit trail: each step of an order with who took it and when."""

    __tablename__ = "order_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None = the system
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    order: Mapped[Order] = relationship(back_populates="events")
