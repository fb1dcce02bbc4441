from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from trading_floor.extensions import db
from trading_floor.i18n import utcnow


class OutsideShop(db.Model):
    """A shop of an enterprise on another floor. Ending it sets ended_on (the row stays), so a
    past period's connected rate never changes when a shop is removed today."""

    __tablename__ = "outside_shops"
    __table_args__ = (Index("ix_outside_shops_enterprise_floor", "enterprise_id", "floor"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("registry_enterprises.id", ondelete="CASCADE"))
    floor: Mapped[str] = mapped_column(String(20))  # crosslisting.floors key
    url: Mapped[str] = mapped_column(String(500))
    started_on: Mapped[date]
    ended_on: Mapped[date | None]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
