"""The operating rules and the privacy notice: publishing a version with the notice the law asks
for, telling every member, and recording who accepted which version and which consents they gave.

A version is published once and never edited: a change is a new version, with an effective date
at least RULES_NOTICE_DAYS (5) days after its publication. The version in force is the newest one
whose effective date has come.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from trading_floor.accounts.models import User
from trading_floor.extensions import db
from trading_floor.i18n import format_date, local_today, utcnow
from trading_floor.jobs import record, send_mail_later
from trading_floor.legal.models import (
    KINDS,
    MARKETING,
    PRIVACY,
    RULES,
    ConsentRecord,
    LegalAcceptance,
    LegalDocument,
    LegalNotice,
)
from trading_floor.trade import notifications

KIND_LABELS = {RULES: _l("Quy chế hoạt động"), PRIVACY: _l("Thông báo xử lý dữ liệu cá nhân")}
KIND_SLUGS = {RULES: "quy-che-hoat-dong", PRIVACY: "thong-bao-du-lieu-ca-nhan"}
MAX_BODY = 200_000


class LegalError(ValueError):
    """A rule refused the request; the message is for the person. Nothing was saved."""


@dataclass
class Draft:
    kind: str
    title: str
    body: str
    effective_on: date | None


def notice_days() -> int:
    return current_app.config["RULES_NOTICE_DAYS"]


def earliest_effective_on(today: date | None = None) -> date:
    """The first day a version published today may take effect."""
    return (today or local_today()) + timedelta(days=notice_days())


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


# --- reading ----------------------------------------------------------------------------------
def versions(kind: str) -> list[LegalDocument]:
    """Every version of a kind, the newest first."""
    return list(db.session.scalars(select(LegalDocument).where(LegalDocument.kind == kind)
                                   .order_by(LegalDocument.version.desc())))


def current(kind: str, on: date | None = None) -> LegalDocument | None:
    """The version in force on that day (today by default), or None before the first one."""
    return db.session.scalar(
        select(LegalDocument).where(LegalDocument.kind == kind,
                                    LegalDocument.effective_on <= (on or local_today()))
        .order_by(LegalDocument.version.desc()).limit(1))


def upcoming(kind: str) -> LegalDocument | None:
    """A published version that has not taken effect yet (the notice period is running)."""
    return db.session.scalar(
        select(LegalDocument).where(LegalDocument.kind == kind,
                                    LegalDocument.effective_on > local_today())
        .order_by(LegalDocument.version.desc()).limit(1))


def version_of(kind: str, version: int) -> LegalDocument | None:
    return db.session.scalar(select(LegalDocument).where(LegalDocument.kind == kind,
                                                         LegalDocument.version == version))


def status_of(document: LegalDocument) -> str:
    """'current', 'upcoming' or 'superseded'."""
    if document.effective_on > local_today():
        return "upcoming"
    in_force = current(document.kind)
    return "current" if in_force is not None and in_force.id == document.id else "superseded"


# --- publishing -------------------------------------------------------------------------------
def publish(editor: User, draft: Draft) -> LegalDocument:
    """Publishes a new version and schedules the notice to every member (the job queue)."""
    if draft.kind not in KINDS:
        raise LegalError(_("Loại văn bản không hợp lệ."))
    title = (draft.title or "").replace("\x00", "").strip()
    body = (draft.body or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if not title:
        raise LegalError(_("Hãy nhập tiêu đề."))
    if len(title) > 200:
        raise LegalError(_("Tiêu đề dài tối đa 200 ký tự."))
    if not body:
        raise LegalError(_("Hãy nhập nội dung."))
    if len(body) > MAX_BODY:
        raise LegalError(_("Nội dung quá dài."))
    if draft.effective_on is None:
        raise LegalError(_("Hãy chọn ngày có hiệu lực."))
    earliest = earliest_effective_on()
    if draft.effective_on < earliest:
        raise LegalError(_("Văn bản mới chỉ được có hiệu lực sau ít nhất %(days)d ngày kể từ khi "
                           "công bố: chọn ngày từ %(date)s trở đi.",
                           days=notice_days(), date=format_date(earliest)))
    latest = db.session.scalar(select(func.max(LegalDocument.version))
                               .where(LegalDocument.kind == draft.kind)) or 0
    pending = upcoming(draft.kind)
    if pending is not None and draft.effective_on <= pending.effective_on:
        raise LegalError(_("Phiên bản %(v)d sẽ có hiệu lực từ %(date)s: phiên bản mới phải có "
                           "hiệu lực sau ngày đó.", v=pending.version,
                           date=format_date(pending.effective_on)))
    document = LegalDocument(kind=draft.kind, version=latest + 1, title=title, body=body,
                             effective_on=draft.effective_on, published_at=utcnow(),
                             published_by_id=editor.id)
    db.session.add(document)
    db.session.flush()
    record("legal.notify", {"document_id": document.id}, key=f"legal.notify:{document.id}")
    db.session.commit()
    return document


def notify_members(document_id: int) -> int:
    """Tells every active member of a new version, once each (the notice log says who was told).
    Runs in the job consumer; returns how many were told this time."""
    document = db.session.get(LegalDocument, document_id)
    if document is None:
        return 0
    told = select(LegalNotice.user_id).where(LegalNotice.document_id == document.id)
    members = db.session.scalars(select(User).where(User.is_active_account.is_(True),
                                                    User.id.not_in(told)).order_by(User.id))
    text = _("%(kind)s phiên bản %(v)d đã được công bố, có hiệu lực từ %(date)s.",
             kind=kind_label(document.kind), v=document.version,
             date=format_date(document.effective_on))
    url = document_url(document)
    count = 0
    for member in members:
        notifications.notify(member, text, url)
        send_mail_later(member.email, text,
                        text + "\n\n" + _("Xem toàn văn: %(url)s", url=document_url(
                            document, external=True)),
                        key=f"legal:{document.id}:{member.id}")
        db.session.add(LegalNotice(document_id=document.id, user_id=member.id,
                                   email=member.email))
        count += 1
    return count


def notices(document: LegalDocument) -> list[LegalNotice]:
    return list(db.session.scalars(select(LegalNotice).where(LegalNotice.document_id == document.id)
                                   .order_by(LegalNotice.id)))


def document_url(document: LegalDocument, external: bool = False) -> str:
    if not has_request_context() and not external:
        return ""
    return url_for("legal.version", slug=KIND_SLUGS[document.kind], version=document.version,
                   _external=external)


# --- acceptance and consent -------------------------------------------------------------------
def accepted(user: User, document: LegalDocument) -> bool:
    return db.session.scalar(select(LegalAcceptance.id).where(
        LegalAcceptance.user_id == user.id, LegalAcceptance.document_id == document.id)) is not None


def awaiting_acceptance(user: User) -> list[LegalDocument]:
    """The versions in force (rules, privacy notice) this member has not accepted yet."""
    return [document for kind in KINDS
            if (document := current(kind)) is not None and not accepted(user, document)]


def accept(user: User, documents: list[LegalDocument]) -> None:
    """Records the acceptance of these versions (now); the privacy notice is the sign-up consent."""
    for document in documents:
        if accepted(user, document):
            continue
        db.session.add(LegalAcceptance(user_id=user.id, document_id=document.id,
                                       accepted_at=utcnow()))
        if document.kind == PRIVACY:
            db.session.add(ConsentRecord(user_id=user.id, purpose="signup", granted=True,
                                         document_id=document.id, recorded_at=utcnow()))
    db.session.commit()


def acceptances(user: User) -> list[LegalAcceptance]:
    return list(db.session.scalars(select(LegalAcceptance).where(LegalAcceptance.user_id == user.id)
                                   .order_by(LegalAcceptance.accepted_at.desc())))


def consents(user: User) -> list[ConsentRecord]:
    return list(db.session.scalars(select(ConsentRecord).where(ConsentRecord.user_id == user.id)
                                   .order_by(ConsentRecord.recorded_at.desc(),
                                             ConsentRecord.id.desc())))


def marketing_consent(user: User) -> bool:
    """Off unless the member said yes (their latest choice counts)."""
    latest = db.session.scalar(select(ConsentRecord.granted).where(
        ConsentRecord.user_id == user.id, ConsentRecord.purpose == MARKETING)
        .order_by(ConsentRecord.recorded_at.desc(), ConsentRecord.id.desc()).limit(1))
    return bool(latest)


def set_marketing_consent(user: User, granted: bool) -> None:
    if granted == marketing_consent(user):
        return
    notice = current(PRIVACY)
    db.session.add(ConsentRecord(user_id=user.id, purpose=MARKETING, granted=granted,
                                 document_id=notice.id if notice else None, recorded_at=utcnow()))
    db.session.commit()
