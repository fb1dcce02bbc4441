"""Pages and announcements: reading what is public, and the editing rules officers work under.

Every save keeps the version it replaces (ContentRevision), so no wording is ever lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_floor.content.models import (
    DRAFT,
    EVENT,
    KINDS,
    MARKET,
    NEWS,
    PAGE_SLUGS,
    PUBLISHED,
    Announcement,
    ContentRevision,
    SitePage,
)
from trading_floor.extensions import db
from trading_floor.i18n import utcnow

PER_PAGE = 10
KIND_LABELS = {NEWS: _l("Tin tức"), EVENT: _l("Xúc tiến thương mại"), MARKET: _l("Thông tin thị trường")}
MAX_BODY = 50_000


class ContentError(ValueError):
    """A rule refused the edit; the message is for the officer. Nothing was saved."""


@dataclass
class Draft:
    """What an officer typed into the editor (not saved yet)."""

    title: str
    body: str
    title_en: str = ""
    body_en: str = ""
    kind: str = NEWS
    event_starts_on: date | None = None
    event_ends_on: date | None = None
    event_place: str = ""


def _clean(text: str | None) -> str:
    """Trimmed, with the NUL characters that PostgreSQL refuses in text taken out."""
    return (text or "").replace("\x00", "").replace("\r\n", "\n").strip()


def _check_text(draft: Draft) -> Draft:
    draft.title, draft.title_en = _clean(draft.title), _clean(draft.title_en)
    draft.body, draft.body_en = _clean(draft.body), _clean(draft.body_en)
    if not draft.title:
        raise ContentError(_("Hãy nhập tiêu đề."))
    if not draft.body:
        raise ContentError(_("Hãy nhập nội dung."))
    if len(draft.title) > 200 or len(draft.title_en) > 200:
        raise ContentError(_("Tiêu đề dài tối đa 200 ký tự."))
    if len(draft.body) > MAX_BODY or len(draft.body_en) > MAX_BODY:
        raise ContentError(_("Nội dung dài tối đa %(n)s ký tự.", n="50.000"))
    if draft.body_en and not draft.title_en:
        raise ContentError(_("Bản tiếng Anh cần cả tiêu đề."))
    return draft


# --- pages ------------------------------------------------------------------------------------
def get_page(slug: str) -> SitePage | None:
    return db.session.scalar(select(SitePage).where(SitePage.slug == slug))


def save_page(slug: str, editor, draft: Draft) -> SitePage:
    """Writes a page (creating it the first time); the version it replaces is kept."""
    if slug not in PAGE_SLUGS:
        raise ContentError(_("Trang không tồn tại."))
    draft = _check_text(draft)
    page = get_page(slug)
    if page is None:
        page = SitePage(slug=slug)
        db.session.add(page)
    elif _same(page, draft):
        return page
    else:
        _keep_revision(page, page_id=page.id)
    _apply_text(page, draft)
    page.updated_at, page.updated_by_id = utcnow(), editor.id
    db.session.commit()
    return page


def revision_of(revision_id: int, *, page: SitePage | None = None,
                announcement: Announcement | None = None) -> ContentRevision | None:
    revision = db.session.get(ContentRevision, revision_id)
    if revision is None:
        return None
    if page is not None and revision.page_id != page.id:
        return None
    if announcement is not None and revision.announcement_id != announcement.id:
        return None
    return revision


# --- announcements ----------------------------------------------------------------------------
def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def published(kind: str | None = None, page: int = 1, per_page: int = PER_PAGE):
    """Published announcements, newest first, optionally of one kind (paginated)."""
    stmt = select(Announcement).where(Announcement.status == PUBLISHED)
    if kind in KINDS:
        stmt = stmt.where(Announcement.kind == kind)
    stmt = stmt.order_by(Announcement.published_at.desc(), Announcement.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def latest(limit: int = 3) -> list[Announcement]:
    return list(published(page=1, per_page=limit).items)


def all_for_editors(status: str | None = None) -> list[Announcement]:
    """Drafts and published announcements, the last edited first (the officers' list)."""
    stmt = select(Announcement)
    if status in (DRAFT, PUBLISHED):
        stmt = stmt.where(Announcement.status == status)
    return list(db.session.scalars(stmt.order_by(Announcement.updated_at.desc(),
                                                 Announcement.id.desc()).limit(200)))


def check_announcement(draft: Draft) -> Draft:
    """The rules of an announcement (an event needs its date and place); raises ContentError."""
    draft = _check_text(draft)
    if draft.kind not in KINDS:
        raise ContentError(_("Loại tin không hợp lệ."))
    draft.event_place = _clean(draft.event_place)
    if len(draft.event_place) > 200:
        raise ContentError(_("Địa điểm dài tối đa 200 ký tự."))
    if draft.kind == EVENT:
        if not draft.event_starts_on or not draft.event_place:
            raise ContentError(_("Sự kiện xúc tiến thương mại cần ngày bắt đầu và địa điểm."))
        if draft.event_ends_on and draft.event_ends_on < draft.event_starts_on:
            raise ContentError(_("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
    else:
        draft.event_starts_on = draft.event_ends_on = None
        draft.event_place = ""
    return draft


def create_announcement(editor, draft: Draft, publish: bool = False) -> Announcement:
    draft = check_announcement(draft)
    now = utcnow()
    announcement = Announcement(created_by_id=editor.id, updated_by_id=editor.id, created_at=now,
                                updated_at=now, status=DRAFT)
    _apply_text(announcement, draft)
    _apply_event(announcement, draft)
    if publish:
        announcement.status, announcement.published_at = PUBLISHED, now
    db.session.add(announcement)
    db.session.commit()
    return announcement


def update_announcement(announcement: Announcement, editor, draft: Draft,
                        publish: bool = False) -> Announcement:
    """Saves an edit (the replaced version is kept); publish=True also publishes a draft."""
    draft = check_announcement(draft)
    if not _same(announcement, draft) or not _same_event(announcement, draft):
        _keep_revision(announcement, announcement_id=announcement.id)
        _apply_text(announcement, draft)
        _apply_event(announcement, draft)
        announcement.updated_at, announcement.updated_by_id = utcnow(), editor.id
    if publish and announcement.status != PUBLISHED:
        _publish(announcement, editor)
    db.session.commit()
    return announcement


def set_published(announcement: Announcement, editor, publish: bool) -> None:
    """Publishes a draft, or takes a published announcement down (it becomes a draft again)."""
    if publish and announcement.status != PUBLISHED:
        _publish(announcement, editor)
    elif not publish and announcement.status == PUBLISHED:
        announcement.status = DRAFT
        announcement.updated_at, announcement.updated_by_id = utcnow(), editor.id
    db.session.commit()


def _publish(announcement: Announcement, editor) -> None:
    now = utcnow()
    announcement.status = PUBLISHED
    # the first publication date stays: taking down and putting back does not bump it
    announcement.published_at = announcement.published_at or now
    announcement.updated_at, announcement.updated_by_id = now, editor.id


# --- shared -----------------------------------------------------------------------------------
def _same(item, draft: Draft) -> bool:
    return (item.title, item.body, item.title_en, item.body_en) == (
        draft.title, draft.body, draft.title_en, draft.body_en)


def _same_event(item: Announcement, draft: Draft) -> bool:
    return (item.kind, item.event_starts_on, item.event_ends_on, item.event_place) == (
        draft.kind, draft.event_starts_on, draft.event_ends_on, draft.event_place)


def _apply_text(item, draft: Draft) -> None:
    item.title, item.body = draft.title, draft.body
    item.title_en, item.body_en = draft.title_en, draft.body_en


def _apply_event(item: Announcement, draft: Draft) -> None:
    item.kind = draft.kind
    item.event_starts_on, item.event_ends_on = draft.event_starts_on, draft.event_ends_on
    item.event_place = draft.event_place


def _keep_revision(item, **target) -> None:
    db.session.add(ContentRevision(
        **target, title=item.title, body=item.body, title_en=item.title_en, body_en=item.body_en,
        written_at=item.updated_at, written_by_id=item.updated_by_id))
