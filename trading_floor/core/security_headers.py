"""Security headers on every response: a Content-Security-Policy without 'unsafe-inline', HSTS
when the floor is served over HTTPS in production, and the usual nosniff / frame / referrer.

Every script and style is a file under static/ (no inline code, no style attribute), so the
policy allows 'self' only. The card payment page is the one place that loads Stripe.js: its view
calls `allow_stripe()`, which adds Stripe's script, frame and API origins to that response only.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, g

STRIPE_FRAMES = ("https://js.stripe.com", "https://hooks.stripe.com")
STRIPE_API = "https://api.stripe.com"


def _origin(url: str | None) -> str | None:
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def allow_stripe() -> None:
    """Lets this response load Stripe.js (from STRIPE_JS_URL) and talk to its API."""
    config = current_app.config
    g.csp_stripe = True
    g.csp_stripe_origins = tuple(filter(None, (_origin(config.get("STRIPE_JS_URL")),
                                               _origin(config.get("STRIPE_API_BASE")))))


def policy() -> str:
    """The Content-Security-Policy of the current response."""
    script, connect, frame = ["'self'"], ["'self'"], ["'none'"]
    if g.get("csp_stripe"):
        extra = list(dict.fromkeys(g.get("csp_stripe_origins", ())))
        script += extra or ["https://js.stripe.com"]
        connect += [STRIPE_API, *extra]
        frame = list(dict.fromkeys([*STRIPE_FRAMES, *extra]))
    directives = {
        "default-src": ["'self'"],
        "script-src": script,
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": connect,
        "frame-src": frame,
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def add_headers(response):
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Content-Security-Policy", policy())
    seconds = current_app.config.get("HSTS_SECONDS", 0)
    if seconds:
        headers.setdefault("Strict-Transport-Security", f"max-age={seconds}; includeSubDomains")
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_headers)
