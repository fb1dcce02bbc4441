"""The Department's pages and announcements, with every earlier version of them kept."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trading_floor.extensions import db
from trading_floor.i18n import utcnow

# the three pages of the footer, by their public URL
ABOUT, GUIDE, CONTACT = "gioi-thieu", "huong-dan", "lien-he"
PAGE_SLUGS = (ABOUT, GUIDE, CONTACT)

NEWS, EVENT, MARKET = "news", "event", "market"
KINDS = (NEWS, EVENT, MARKET)
DRAFT, PUBLISHED = "draft", "published"


class _Bilingual:
    """Vietnamese first; the English text is optional and shown in English mode when written."""

    title: str
    body: str
    title_en: str
    body_en: str

    def localized(self, locale: str) -> tuple[str, str, str]:
        """(title, body, language of the text) for the reader's locale."""
        if locale == "en" and (self.title_en or "").strip() and (self.body_en or "").strip():
            return self.title_en, self.body_en, "en"
        return self.title, self.body, "vi"


class SitePage(_Bilingual, db.Model):
    __tablename__ = "site_pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    title_en: Mapped[str] = mapped_column(String(200), default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    updated_by = relationship("User")
    revisions: Mapped[list[ContentRevision]] = relationship(
        back_populates="page", cascade="all, delete-orphan",
        order_by="ContentRevision.id.desc()")


class Announcement(_Bilingual, db.Model):
    """Tin tức, a trade-promotion event (with its dates and place) or a market notice."""

    __tablename__ = "announcements"
    __table_args__ = (Index("ix_announcements_status_published_at", "status", "published_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default=NEWS)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    title_en: Mapped[str] = mapped_column(String(200), default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    event_starts_on: Mapped[date | None]
    event_ends_on: Mapped[date | None]
    event_place: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default=DRAFT)
    published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    created_by = relationship("User", foreign_keys=[created_by_id])
    updated_by = relationship("User", foreign_keys=[updated_by_id])
    revisions: Mapped[list[ContentRevision]] = relationship(
        back_populates="announcement", cascade="all, delete-orphan",
        order_by="ContentRevision.id.desc()")

    @property
    def is_published(self) -> bool:
        return self.status == PUBLISHED


class ContentRevision(db.Model):
    """A version that an edit replaced, as it was, with who wrote it and when: nothing is lost."""

    __tablename__ = "content_revisions"
    __table_args__ = (CheckConstraint("(page_id IS NULL) <> (announcement_id IS NULL)",
                                      name="one_target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int | None] = mapped_column(
        ForeignKey("site_pages.id", ondelete="CASCADE"), index=True)
    announcement_id: Mapped[int | None] = mapped_column(
        ForeignKey("announcements.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    title_en: Mapped[str] = mapped_column(String(200), default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    # when and by whom this version had been written (not when it was replaced)
    written_at: Mapped[datetime]
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    replaced_at: Mapped[datetime] = mapped_column(default=utcnow)

    written_by = relationship("User")
    page = relationship("SitePage", back_populates="revisions")
    announcement = relationship("Announcement", back_populates="revisions")
