"""Bearer authentication and the per-key rate limit of the partner and seller APIs, with JSON
errors (401 no valid key, 403 wrong scope, 429 with Retry-After)."""

from __future__ import annotations

import hashlib
from functools import wraps

from flask import current_app, g, jsonify, request
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address

from trading_floor.extensions import limiter
from trading_floor.partners import keys

REALM = 'Bearer realm="san-tmdt-hung-yen"'


def json_error(status: int, message: str, **extra):
    response = jsonify(error=message, **extra)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = REALM
    return response


def bearer() -> str:
    scheme, _sep, raw = request.headers.get("Authorization", "").partition(" ")
    return raw.strip() if scheme.lower() == "bearer" else ""


def rate_key() -> str:
    """Each key has its own budget (a digest, never the key itself); no key: the address."""
    raw = bearer()
    if raw:
        return "api-key:" + hashlib.sha256(raw.encode()).hexdigest()[:32]
    return "api-ip:" + (get_remote_address() or "")


def _rate_limit() -> str:
    return current_app.config.get("API_RATE_LIMIT", "600 per minute")


# one limit per key shared by every route that carries it
per_key = limiter.shared_limit(_rate_limit, scope="partner-api", key_func=rate_key)


def partner_required(scope: str):
    """The request carries an active partner key that has `scope` (g.partner_key)."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            raw = bearer()
            if not raw:
                return json_error(401, _("Cần khoá API: gửi tiêu đề Authorization: Bearer KHOA."))
            key = keys.find_partner_key(raw)
            if key is None:
                return json_error(401, _("Khoá API không đúng hoặc đã bị thu hồi."))
            if scope not in key.scope_list:
                return json_error(403, _("Khoá này không có phạm vi «%(s)s».", s=scope))
            g.partner_key = key
            return view(*args, **kwargs)

        return per_key(wrapped)

    return decorator


def seller_required(view):
    """The request carries an active seller token whose owner may still manage the enterprise's
    listings (g.seller_token)."""
    from trading_floor import policy

    @wraps(view)
    def wrapped(*args, **kwargs):
        raw = bearer()
        if not raw:
            return json_error(401, _("Cần mã API của doanh nghiệp: gửi tiêu đề "
                                     "Authorization: Bearer MA."))
        token = keys.find_seller_token(raw)
        if token is None:
            return json_error(401, _("Mã API không đúng hoặc đã bị thu hồi."))
        if not (token.user.is_active_account
                and policy.can_manage_listings(token.user, token.enterprise_id)):
            return json_error(403, _("Người tạo mã này không còn quản lý sản phẩm của doanh "
                                     "nghiệp; hãy tạo mã mới."))
        g.seller_token = token
        return view(*args, **kwargs)

    return per_key(wrapped)


def too_many_requests(error):
    """429 as JSON; Flask-Limiter adds Retry-After (RATELIMIT_HEADERS_ENABLED)."""
    return json_error(429, _("Quá nhiều yêu cầu với khoá này; hãy thử lại sau %(s)s.",
                             s=str(getattr(error, "description", "") or "")))
