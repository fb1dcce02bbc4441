"""Issuing, finding and revoking partner keys and seller tokens. The raw value is returned once;
only its SHA-256 is stored, and a lookup marks the last use."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from trading_floor import policy
from trading_floor.extensions import db
from trading_floor.i18n import utcnow
from trading_floor.partners.models import SCOPES, PartnerKey, SellerToken

PARTNER_PREFIX = "hyp_"
SELLER_PREFIX = "hys_"
LAST_USE_PRECISION = timedelta(minutes=1)


class KeyRefused(ValueError):
    """A key or token that cannot be made or changed; str() says why, in Vietnamese."""


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.strip().encode()).hexdigest()


def parse_scopes(scopes: Iterable[str] | str | None) -> list[str]:
    """'catalogue rfqs', ['catalogue', 'rfqs'] or None (every scope) -> the scopes, checked."""
    if scopes is None:
        return list(SCOPES)
    words = scopes.replace(",", " ").split() if isinstance(scopes, str) else \
        [w for s in scopes for w in str(s).replace(",", " ").split()]
    unknown = [w for w in words if w not in SCOPES]
    if unknown:
        raise KeyRefused(_("Phạm vi không có: %(v)s (chọn trong: %(all)s).",
                          v=", ".join(unknown), all=", ".join(SCOPES)))
    if not words:
        raise KeyRefused(_("Chọn ít nhất một phạm vi cho khoá."))
    return [s for s in SCOPES if s in words]


def create_partner_key(partner: str, scopes=None, actor=None) -> tuple[PartnerKey, str]:
    """A new key for a named partner (an administrator's page, or the CLI with actor=None)."""
    if actor is not None and not policy.is_admin(actor):
        raise KeyRefused(_("Chỉ quản trị viên mới cấp khoá cho đối tác."))
    partner = " ".join((partner or "").split())
    if not partner:
        raise KeyRefused(_("Cần tên đối tác (ví dụ: Sàn Postmart)."))
    if len(partner) > 120:
        raise KeyRefused(_("Tên đối tác dài quá 120 ký tự."))
    chosen = parse_scopes(scopes)
    raw = PARTNER_PREFIX + secrets.token_urlsafe(32)
    key = PartnerKey(partner=partner, scopes=" ".join(chosen), token_hash=_digest(raw),
                     prefix=raw[:10], created_by_id=actor.id if actor is not None else None)
    db.session.add(key)
    db.session.commit()
    return key, raw


def partner_keys() -> list[PartnerKey]:
    return list(db.session.scalars(select(PartnerKey).order_by(PartnerKey.created_at.desc(),
                                                               PartnerKey.id.desc())))


def revoke_partner_key(key_id: int, actor=None) -> PartnerKey:
    if actor is not None and not policy.is_admin(actor):
        raise KeyRefused(_("Chỉ quản trị viên mới thu hồi khoá của đối tác."))
    key = db.session.get(PartnerKey, key_id)
    if key is None:
        raise KeyRefused(_("Không tìm thấy khoá này."))
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        db.session.commit()
    return key


def _find(model, raw: str):
    if not raw or not raw.strip():
        return None
    found = db.session.scalar(select(model).where(model.token_hash == _digest(raw)))
    if found is None or found.revoked_at is not None:
        return None
    now = utcnow()
    # a write per minute at most: a partner paging through 100 pages is not 100 writes
    if found.last_used_at is None or now - found.last_used_at > LAST_USE_PRECISION:
        found.last_used_at = now
        db.session.commit()
    return found


def find_partner_key(raw: str) -> PartnerKey | None:
    """The active key with this value, or None; marks it used."""
    return _find(PartnerKey, raw)


def create_seller_token(user, enterprise_id: int, name: str) -> tuple[SellerToken, str]:
    """An owner of a verified enterprise makes a token for the enterprise's own system."""
    if not policy.is_owner(user, enterprise_id):
        raise KeyRefused(_("Chỉ chủ doanh nghiệp đã xác minh mới tạo được mã API."))
    name = " ".join((name or "").split())
    if not name:
        raise KeyRefused(_("Cần đặt tên cho mã (ví dụ: Phần mềm bán hàng)."))
    raw = SELLER_PREFIX + secrets.token_urlsafe(32)
    token = SellerToken(enterprise_id=enterprise_id, user_id=user.id, name=name[:120],
                        token_hash=_digest(raw), prefix=raw[:10])
    db.session.add(token)
    db.session.commit()
    return token, raw


def seller_tokens(enterprise_id: int) -> list[SellerToken]:
    return list(db.session.scalars(select(SellerToken)
                                   .where(SellerToken.enterprise_id == enterprise_id)
                                   .order_by(SellerToken.created_at.desc(),
                                             SellerToken.id.desc())))


def revoke_seller_token(user, enterprise_id: int, token_id: int) -> SellerToken:
    token = db.session.get(SellerToken, token_id)
    if token is None or token.enterprise_id != enterprise_id \
            or not policy.is_owner(user, enterprise_id):
        raise KeyRefused(_("Không tìm thấy mã này."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.commit()
    return token


def find_seller_token(raw: str) -> SellerToken | None:
    """The active token with this value, or None; marks it used."""
    return _find(SellerToken, raw)
