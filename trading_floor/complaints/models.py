"""A complaint and its steps, each with who acted and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_floor.extensions import db
from trading_floor.i18n import utcnow

ORDER, LISTING, ENTERPRISE = "order", "listing", "enterprise"
SUBJECTS = (ORDER, LISTING, ENTERPRISE)
# open: waiting for the enterprise; answered; mediation: an officer mediates; the rest are closed
OPEN, ANSWERED, MEDIATION, RESOLVED, WITHDRAWN, REFERRED = (
    "open", "answered", "mediation", "resolved", "withdrawn", "referred")
STATUSES = (OPEN, ANSWERED, MEDIATION, RESOLVED, WITHDRAWN, REFERRED)
CLOSED = (RESOLVED, WITHDRAWN, REFERRED)


class Complaint(db.Model):
    __tablename__ = "complaints"

    id: Mapped[int] = mapped_column(primary_key=True)
    complainant_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    subject: Mapped[str] = mapped_column(String(20))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("registry_enterprises.id"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id", ondelete="SET NULL"))
    listing_id: Mapped[int | None] = mapped_column(ForeignKey("listings.id", ondelete="SET NULL"))
    # what it was about, as it was named then (an order or a listing may change later)
    about: Mapped[str] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=OPEN, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answer_due_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    mediation_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]

    complainant = relationship("User")
    enterprise = relationship("RegistryEnterprise")
    order = relationship("Order")
    listing = relationship("Listing")
    steps: Mapped[list[ComplaintStep]] = relationship(
        back_populates="complaint", cascade="all, delete-orphan", order_by="ComplaintStep.id")

    @property
    def reference(self) -> str:
        return f"KN{self.id:06d}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED


class ComplaintStep(db.Model):
    """Filed, answered, a message, mediation asked or started, closed with an outcome."""

    __tablename__ = "complaint_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"),
                                              index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # complainant | enterprise | officer
    side: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    complaint: Mapped[Complaint] = relationship(back_populates="steps")
    actor = relationship("User")
