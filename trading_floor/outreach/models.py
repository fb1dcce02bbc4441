"""Outreach campaigns: who was invited, when each step of the funnel happened, who opted out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_floor.extensions import db
from trading_floor.i18n import utcnow

DRAFT, SENDING, SENT = "draft", "sending", "sent"
CAMPAIGN_STATUSES = (DRAFT, SENDING, SENT)
# why a target got no e-mail
NO_EMAIL, OPTED_OUT = "no_email", "opted_out"


class OutreachSettings(db.Model):
    """The Department's one row of outreach settings."""

    __tablename__ = "outreach_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    messages_per_minute: Mapped[int] = mapped_column(default=30)
    # a claim through a campaign's link by the registry's own e-mail address is approved at once
    auto_verify: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Campaign(db.Model):
    __tablename__ = "outreach_campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default=DRAFT, index=True)
    # the outreach filters the group was built from (missing, commune, sector, size, contacted)
    filters: Mapped[dict] = mapped_column(JSON, default=dict)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    # the floor's address when the campaign started: the consumer builds links without a request
    base_url: Mapped[str] = mapped_column(String(200), default="")

    created_by = relationship("User")
    targets: Mapped[list[CampaignTarget]] = relationship(back_populates="campaign",
                                                         cascade="all, delete-orphan",
                                                         passive_deletes=True)


class CampaignTarget(db.Model):
    """One enterprise of a campaign's group, with the moments of its steps."""

    __tablename__ = "outreach_targets"
    __table_args__ = (UniqueConstraint("campaign_id", "enterprise_id"),
                      Index("ix_outreach_targets_campaign_sent", "campaign_id", "sent_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("outreach_campaigns.id", ondelete="CASCADE"))
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("registry_enterprises.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    skipped: Mapped[str] = mapped_column(String(12), default="")  # no_email | opted_out
    opened_at: Mapped[datetime | None]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    claimed_at: Mapped[datetime | None]
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="SET NULL"))

    campaign: Mapped[Campaign] = relationship(back_populates="targets")
    enterprise = relationship("RegistryEnterprise", lazy="joined")


class OptOut(db.Model):
    """An enterprise that asked never to be e-mailed by a campaign again."""

    __tablename__ = "outreach_opt_outs"

    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("registry_enterprises.id", ondelete="CASCADE"), primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("outreach_campaigns.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SearchRecord(db.Model):
    """One listing search (its first page), for the Department's demand report."""

    __tablename__ = "outreach_search_records"
    __table_args__ = (Index("ix_outreach_search_records_at_total", "occurred_at", "total"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    # who searched, as a key that tells searchers apart without naming them: "u<id>" for an
    # account, a short hash of address and browser for a visitor
    searcher: Mapped[str] = mapped_column(String(40))
    query: Mapped[str] = mapped_column(String(200), default="")
    folded: Mapped[str] = mapped_column(String(200), default="")  # grouping key
    category_slug: Mapped[str] = mapped_column(String(80), default="")  # the chosen filter
    # the category the words point to (the filter when one was chosen)
    guessed_category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="SET NULL"))
    total: Mapped[int] = mapped_column(default=0)
