"""Inquiries, requests for quotation and quotes, orders with their lines (snapshots of what was
agreed) and their audit trail, and the small notifications a user sees on the floor.

Payments reference orders by id.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, String, Text, UniqueConstraint
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
    total_vnd: Mapped[int] = mapped_column(BigInteger)  # whole đồng, computed by the server
    currency: Mapped[str] = mapped_column(String(3), default="vnd")
    payment_method: Mapped[str] = mapped_column(String(20), default="bank_transfer")  # | card
    quote_id: Mapped[int | None]
    delivery_address: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # the seller's answer: accepted by then, or the buyer may withdraw without penalty
    answer_due_at: Mapped[datetime | None]
    accepted_at: Mapped[datetime | None]
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
    unit_price_vnd: Mapped[int] = mapped_column(BigInteger)
    line_total_vnd: Mapped[int] = mapped_column(BigInteger)

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
    actor = relationship("User")


class Inquiry(db.Model):
    """A buyer's question about a listing: a thread between the buyer and the enterprise."""

    __tablename__ = "inquiries"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int | None] = mapped_column(ForeignKey("listings.id", ondelete="SET NULL"),
                                                   index=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("registry_enterprises.id", ondelete="CASCADE"), index=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    listing_title: Mapped[str] = mapped_column(String(200))  # as it was when asked
    quantity: Mapped[int | None]
    unit: Mapped[str] = mapped_column(String(20), default="")
    # messages the other side has not opened yet (the enterprise's members share one counter)
    buyer_unread: Mapped[int] = mapped_column(default=0)
    seller_unread: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_message_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    buyer = relationship("User")
    enterprise = relationship("RegistryEnterprise")
    listing = relationship("Listing")
    messages: Mapped[list[InquiryMessage]] = relationship(
        back_populates="inquiry", cascade="all, delete-orphan",
        order_by="InquiryMessage.created_at, InquiryMessage.id")


class InquiryMessage(db.Model):
    __tablename__ = "inquiry_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"),
                                            index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    from_buyer: Mapped[bool]
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    inquiry: Mapped[Inquiry] = relationship(back_populates="messages")
    author = relationship("User")


RFQ_OPEN, RFQ_CLOSED, RFQ_AWARDED, RFQ_CANCELLED = "open", "closed", "awarded", "cancelled"
RFQ_STATUSES = (RFQ_OPEN, RFQ_CLOSED, RFQ_AWARDED, RFQ_CANCELLED)


class Rfq(db.Model):
    """A request for quotation (chào mua): what a buyer wants, how much, where and by when."""

    __tablename__ = "rfqs"

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    quantity: Mapped[int]
    unit: Mapped[str] = mapped_column(String(20))
    target_price_vnd: Mapped[int | None] = mapped_column(BigInteger)  # per unit, whole đồng
    delivery_commune_code: Mapped[int | None] = mapped_column(ForeignKey("admin_units.code"),
                                                              index=True)
    delivery_place: Mapped[str] = mapped_column(String(255), default="")
    # naive UTC: the end of the deadline day in Vietnamese time
    deadline: Mapped[datetime] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(12), default=RFQ_OPEN, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    buyer = relationship("User")
    category = relationship("Category")
    delivery_commune = relationship("AdminUnit")
    quotes: Mapped[list[Quote]] = relationship(back_populates="rfq", cascade="all, delete-orphan",
                                               order_by="Quote.unit_price_vnd, Quote.id")

    @property
    def deadline_day(self) -> date:
        """The Vietnamese calendar day the buyer chose (the request closes when it ends)."""
        from datetime import timedelta

        from trading_floor.i18n import to_local

        return to_local(self.deadline - timedelta(seconds=1)).date()


QUOTE_SUBMITTED, QUOTE_ACCEPTED, QUOTE_DECLINED = "submitted", "accepted", "declined"


class Quote(db.Model):
    """An enterprise's answer to an RFQ; one per enterprise and request."""

    __tablename__ = "quotes"
    __table_args__ = (UniqueConstraint("rfq_id", "enterprise_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rfq_id: Mapped[int] = mapped_column(ForeignKey("rfqs.id", ondelete="CASCADE"), index=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("registry_enterprises.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    unit_price_vnd: Mapped[int] = mapped_column(BigInteger)
    quantity: Mapped[int]
    lead_time_days: Mapped[int]
    valid_until: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default=QUOTE_SUBMITTED)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    rfq: Mapped[Rfq] = relationship(back_populates="quotes")
    enterprise = relationship("RegistryEnterprise")
    author = relationship("User")

    @property
    def total_vnd(self) -> int:
        return self.unit_price_vnd * self.quantity


class Notification(db.Model):
    """A short message for a user on the floor (a reply, a new quote, an order step)."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(300))
    url: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
