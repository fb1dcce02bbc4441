"""Payments of orders (card through Stripe, bank transfer), webhook events seen, bank statements."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_floor.extensions import db
from trading_floor.i18n import utcnow

CARD, BANK_TRANSFER = "card", "bank_transfer"
PENDING, SUCCEEDED, FAILED, REFUNDED, CANCELED = (
    "pending", "succeeded", "failed", "refunded", "canceled")


class Payment(db.Model):
    """Money for an order: a card PaymentIntent, or a bank transfer recorded as received.

    An order is paid once its succeeded payments cover its total (a card deposit plus a transfer
    of the rest when the total is above Stripe's 8-digit limit).
    """

    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    method: Mapped[str] = mapped_column(String(20))  # card | bank_transfer
    amount_vnd: Mapped[int] = mapped_column(BigInteger)  # whole đồng, computed by the server
    currency: Mapped[str] = mapped_column(String(3), default="vnd")
    status: Mapped[str] = mapped_column(String(20), default=PENDING, index=True)
    refunded_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    stripe_payment_intent_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    stripe_charge_id: Mapped[str | None] = mapped_column(String(255))
    failure_message: Mapped[str] = mapped_column(Text, default="")
    # who recorded a bank transfer (the seller) or the statement row that matched it
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    statement_row_id: Mapped[int | None] = mapped_column(
        ForeignKey("bank_statement_rows.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    order = relationship("Order")
    refunds: Mapped[list[PaymentRefund]] = relationship(
        back_populates="payment", cascade="all, delete-orphan", order_by="PaymentRefund.created_at")

    @property
    def refundable_vnd(self) -> int:
        return self.amount_vnd - self.refunded_vnd if self.status in (SUCCEEDED, REFUNDED) else 0


class PaymentRefund(db.Model):
    """Each refund asked of the gateway, with who asked and when (the refund audit trail)."""

    __tablename__ = "payment_refunds"

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id", ondelete="CASCADE"),
                                            index=True)
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    stripe_refund_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    payment: Mapped[Payment] = relationship(back_populates="refunds")
    actor = relationship("User")


class ProcessedWebhookEvent(db.Model):
    """A Stripe event id already handled: the unique key makes a second delivery a no-op."""

    __tablename__ = "processed_webhook_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(255), unique=True)
    event_type: Mapped[str] = mapped_column(String(80))
    outcome: Mapped[str] = mapped_column(String(255), default="")
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class BankStatementImport(db.Model):
    """An officer's upload of a bank statement, with what the floor matched."""

    __tablename__ = "bank_statement_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    matched: Mapped[int] = mapped_column(default=0)
    unmatched: Mapped[int] = mapped_column(default=0)
    ambiguous: Mapped[int] = mapped_column(default=0)

    rows: Mapped[list[BankStatementRow]] = relationship(
        back_populates="statement", cascade="all, delete-orphan", order_by="BankStatementRow.line")


MATCHED, UNMATCHED, AMBIGUOUS = "matched", "unmatched", "ambiguous"


class BankStatementRow(db.Model):
    __tablename__ = "bank_statement_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("bank_statement_imports.id", ondelete="CASCADE"), index=True)
    line: Mapped[int]
    transaction_date: Mapped[date]
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    description: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(20))  # matched | unmatched | ambiguous
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")

    statement: Mapped[BankStatementImport] = relationship(back_populates="rows")
    order = relationship("Order")
