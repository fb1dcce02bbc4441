"""Access events (the minimum: enterprise, user, kind, time) and the rollups kept exact from them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from trading_floor.extensions import db
from trading_floor.i18n import utcnow

SEARCH, LISTING_VIEW, STOREFRONT_VIEW, RFQ_VIEW = "search", "listing", "storefront", "rfq"
ACCESS_KINDS = (SEARCH, LISTING_VIEW, STOREFRONT_VIEW, RFQ_VIEW)


class AccessEvent(db.Model):
    __tablename__ = "access_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("registry_enterprises.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(12))
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class EnterpriseAccessDay(db.Model):
    """One row per enterprise per Vietnamese calendar day with activity (the access rollup)."""

    __tablename__ = "enterprise_access_days"
    __table_args__ = (UniqueConstraint("enterprise_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("registry_enterprises.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date] = mapped_column(index=True)
    events: Mapped[int] = mapped_column(default=0)
