"""What each member asked to hear about, and what is waiting for their next digest."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from trading_floor.extensions import db
from trading_floor.i18n import utcnow


class NotificationPreference(db.Model):
    """A member's frequency for one kind of e-mail; no row means the kind's default."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    frequency: Mapped[str] = mapped_column(String(10))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SavedSearch(db.Model):
    """A buyer's search (words + filters, as the search page's query string) to be told of new
    listings that match it; `last_sent_at` is where the next digest starts looking."""

    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    query: Mapped[str] = mapped_column(String(200), default="")
    filters: Mapped[str] = mapped_column(Text, default="{}")  # JSON: category, commune, price...
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_sent_at: Mapped[datetime | None]


class DigestItem(db.Model):
    """Something a member will read in their next digest (an RFQ that matched their enterprise);
    one row per member and thing, so a digest lists it once; `sent_at` once a digest carried it."""

    __tablename__ = "digest_items"
    __table_args__ = (UniqueConstraint("user_id", "kind", "ref_id"),
                      Index("ix_digest_items_pending", "kind", "sent_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    ref_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class SummaryMark(db.Model):
    """The listing views an owner's enterprise had at its last weekly summary: the floor keeps
    one running view counter per listing, so the week's views are the difference."""

    __tablename__ = "summary_marks"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    views_total: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
