"""Signed links of a campaign: the personal claim link (30 days, single use) and the opt-out.

Signed with Flask's own signing serializer (itsdangerous, through Flask's public
SecureCookieSessionInterface.get_signing_serializer), each kind with a salt of its own, so a
session cookie, a claim link and an opt-out link can never stand for one another."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app
from flask.sessions import SecureCookieSessionInterface

CLAIM_MAX_AGE = timedelta(days=30)


class BadLink(ValueError):
    """expired is True when the signature is good but the link is older than it may be."""

    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "bad signature")
        self.expired = expired


def _serializer(salt: str):
    interface = SecureCookieSessionInterface()
    interface.salt = f"outreach-{salt}"
    return interface.get_signing_serializer(current_app)


def sign(kind: str, data: dict) -> str:
    return _serializer(kind).dumps(data)


def read(kind: str, token: str, max_age: timedelta | None = None,
         now: datetime | None = None) -> dict:
    try:
        data, signed_at = _serializer(kind).loads(token, return_timestamp=True)
    except Exception as exc:  # itsdangerous' BadData family; any damage reads as "not valid"
        raise BadLink() from exc
    if not isinstance(data, dict):
        raise BadLink()
    now = now or datetime.now(UTC)
    if max_age is not None and now - signed_at > max_age:
        raise BadLink(expired=True)
    return data


def list_unsubscribe_headers(link: str) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe: the mail client POSTs to `link` without a form."""
    return {"List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
