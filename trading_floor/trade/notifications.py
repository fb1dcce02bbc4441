"""Telling people what happened: a notification on the floor and, when it matters, an e-mail.

Both are written in the source language (Vietnamese), like every e-mail of the floor.
"""

from __future__ import annotations

from sqlalchemy import func, select, update

from trading_floor.extensions import db
from trading_floor.i18n import utcnow
from trading_floor.jobs import send_mail_later
from trading_floor.trade.models import Notification


def notify(user, text: str, url: str = "") -> Notification:
    """Adds an on-floor notification to the session (the caller's transaction commits it)."""
    note = Notification(user_id=user.id, text=text[:300], url=url[:300])
    db.session.add(note)
    return note


def email(to: str | None, subject: str, body: str) -> None:
    """Records the e-mail in the caller's transaction (call it before the commit): the job
    consumer sends it after the commit; a mail failure is retried, it never undoes the step."""
    send_mail_later(to, subject, body)


def unread_count(user) -> int:
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def recent(user, limit: int = 50) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.created_at.desc(), Notification.id.desc())
                                   .limit(limit)))


def mark_all_read(user) -> None:
    db.session.execute(update(Notification)
                       .where(Notification.user_id == user.id, Notification.read_at.is_(None))
                       .values(read_at=utcnow()))
    db.session.commit()
