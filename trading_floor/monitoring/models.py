"""Access events (the minimum: enterprise, user, kind, time) and the rollups kept exact from them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

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


class EnterpriseAccessYear(db.Model):
    """The months of a Vietnamese calendar year with activity, as a bit mask (bit 0 = January).

    A second, coarser rollup: the 24-month trend reads one small row per enterprise and year
    instead of hundreds of day rows.
    """

    __tablename__ = "enterprise_access_years"
    __table_args__ = (UniqueConstraint("enterprise_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("registry_enterprises.id", ondelete="CASCADE")
    )
    year: Mapped[int]
    months: Mapped[int] = mapped_column(default=0)


class ListingPresenceChange(db.Model):
    """When an enterprise's count of published listings went from 0 to ≥1 (or back).

    Derived from the listing status history (ListingStatusEvent): participation at any past moment
    is the last change before it, so archiving today does not rewrite past periods.
    """

    __tablename__ = "listing_presence_changes"
    __table_args__ = (Index("ix_listing_presence_changes_enterprise_at", "enterprise_id",
                            "changed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("registry_enterprises.id", ondelete="CASCADE")
    )
    changed_at: Mapped[datetime]
    published: Mapped[bool]


class _Span:
    """An interval (starts_at, ends_at] of a head office, with what groups it: the state holds at
    a moment T when starts_at < T <= ends_at (a change at T takes effect just after T)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_code: Mapped[int]
    vsic_section: Mapped[str] = mapped_column(String(1))
    size_class: Mapped[str] = mapped_column(String(10))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime | None]
    # the Vietnamese months of starts_at and ends_at (year * 12 + month - 1): the monthly trend
    # counts spans by month without comparing 24 moments with every row
    start_month: Mapped[int]
    end_month: Mapped[int | None]


class DenominatorSpan(_Span, db.Model):
    """When a head office was in the denominator: imported and active (branches fold in)."""

    __tablename__ = "monitoring_denominator_spans"
    # covering index: counts grouped by commune, sector and size read the index alone, in order
    __table_args__ = (Index("ix_monitoring_denominator_spans_groups", "commune_code",
                            "vsic_section", "size_class", "starts_at", "ends_at",
                            "enterprise_id"),
                      Index("ix_monitoring_denominator_spans_months", "start_month", "end_month"))

    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("registry_enterprises.id", ondelete="CASCADE"), index=True)


class ParticipationSpan(_Span, db.Model):
    """When a head office in the denominator took part: a unit of its family had a verified
    account and a published listing (already intersected with its denominator spans)."""

    __tablename__ = "monitoring_participation_spans"
    __table_args__ = (Index("ix_monitoring_participation_spans_groups", "commune_code",
                            "vsic_section", "size_class", "starts_at", "ends_at",
                            "enterprise_id"),
                      Index("ix_monitoring_participation_spans_months", "start_month",
                            "end_month"))

    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("registry_enterprises.id", ondelete="CASCADE"), index=True)


class MonitoringSettings(db.Model):
    """The one row of monitoring settings (targets, deadline) and the rollups' bookkeeping."""

    __tablename__ = "monitoring_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_target: Mapped[int] = mapped_column(default=50)  # percent
    access_target: Mapped[int] = mapped_column(default=80)  # percent
    deadline: Mapped[date | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # raw access events before this Vietnamese day were purged: a rebuild keeps older rollups
    raw_events_since: Mapped[date | None]
    # the listing status history already folded into listing_presence_changes
    presence_event_id: Mapped[int] = mapped_column(default=0)
    presence_event_count: Mapped[int] = mapped_column(default=0)
    # what the spans were computed from (see monitoring/spans.py), and a version to claim a refresh
    spans_state: Mapped[dict] = mapped_column(JSON, default=dict)
    spans_version: Mapped[int] = mapped_column(default=0)


class ApiToken(db.Model):
    """An officer's API token for the reporting system; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))  # shown in the list, so a token can be recognised
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user = relationship("User", lazy="joined")

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
