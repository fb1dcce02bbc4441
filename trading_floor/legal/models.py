"""Versioned legal documents (quy chế hoạt động, the privacy notice), who accepted which version,
who was told about a new version, and consents per purpose."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_floor.extensions import db
from trading_floor.i18n import utcnow

RULES, PRIVACY = "rules", "privacy"
KINDS = (RULES, PRIVACY)
# consent purposes: signing up (the privacy notice) and the floor's marketing e-mails (opt-in)
SIGNUP, MARKETING = "signup", "marketing"
PURPOSES = (SIGNUP, MARKETING)


class LegalDocument(db.Model):
    """One published version, never edited afterwards: a change is a new version."""

    __tablename__ = "legal_documents"
    __table_args__ = (UniqueConstraint("kind", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    version: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    # in force from 00:00 (Vietnamese time) of this day
    effective_on: Mapped[date]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    published_by = relationship("User")


class LegalAcceptance(db.Model):
    """A member accepted this version of the rules (or the privacy notice) at this time."""

    __tablename__ = "legal_acceptances"
    __table_args__ = (UniqueConstraint("user_id", "document_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("legal_documents.id", ondelete="CASCADE"))
    accepted_at: Mapped[datetime] = mapped_column(default=utcnow)

    document = relationship("LegalDocument")


class LegalNotice(db.Model):
    """The notification log: this member was told of this new version (on the floor and by mail)."""

    __tablename__ = "legal_notices"
    __table_args__ = (UniqueConstraint("document_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("legal_documents.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    notified_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConsentRecord(db.Model):
    """A consent given or withdrawn for one purpose, with the privacy notice version it was under;
    the latest record of a purpose is the member's current choice."""

    __tablename__ = "consent_records"
    __table_args__ = (Index("ix_consent_records_user_purpose", "user_id", "purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(20))
    granted: Mapped[bool]
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("legal_documents.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    document = relationship("LegalDocument")
