"""API tokens of officers for the province's reporting system; only a SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets

from flask_babel import gettext as _
from sqlalchemy import select

from trading_floor import policy
from trading_floor.extensions import db
from trading_floor.i18n import utcnow
from trading_floor.monitoring.models import ApiToken
from trading_floor.monitoring.services import MonitoringError

PREFIX = "hyt_"


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(user, name: str) -> tuple[ApiToken, str]:
    """A new token for an officer; the raw token is returned once and never stored."""
    if not policy.is_officer(user):
        raise MonitoringError(_("Chỉ cán bộ Sở Công Thương hoặc quản trị viên mới có khoá API."))
    name = (name or "").strip()
    if not name:
        raise MonitoringError(_("Cần đặt tên cho khoá (ví dụ: Hệ thống báo cáo của tỉnh)."))
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name[:120], token_hash=_digest(raw), prefix=raw[:10])
    db.session.add(token)
    db.session.commit()
    return token, raw


def tokens_of(user) -> list[ApiToken]:
    stmt = select(ApiToken).order_by(ApiToken.created_at.desc())
    if not policy.is_admin(user):
        stmt = stmt.where(ApiToken.user_id == user.id)
    return list(db.session.scalars(stmt))


def revoke_token(user, token_id: int) -> ApiToken:
    """An officer revokes one of their tokens (an administrator, any token)."""
    token = db.session.get(ApiToken, token_id)
    if token is None or not (token.user_id == user.id or policy.is_admin(user)):
        raise MonitoringError(_("Không tìm thấy khoá này."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.commit()
    return token


def find_token(raw: str) -> ApiToken | None:
    """The active token with this value, or None; marks it used."""
    if not raw:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(raw.strip())))
    if token is None or token.revoked_at is not None:
        return None
    token.last_used_at = utcnow()
    db.session.commit()
    return token
