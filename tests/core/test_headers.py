"""Headers (issue 15): a Content-Security-Policy without 'unsafe-inline' (Stripe.js on the card
payment page only), HSTS when production serves HTTPS, one charset on CSV downloads."""

from __future__ import annotations

from tests.conftest import _config


def _csp(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";"))}


def test_every_page_has_a_csp_without_unsafe_inline(client):
    for path in ("/", "/tim-kiem?q=nh%C3%A3n", "/dang-nhap", "/khong-co-trang-nay"):
        response = client.get(path)
        policy = response.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        directives = _csp(response)
        assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert "stripe" not in policy


def test_only_the_card_payment_page_allows_stripe(app):
    from flask import g

    from trading_floor.core import security_headers

    app.config["STRIPE_JS_URL"] = "https://js.stripe.com/v3/"
    with app.test_request_context("/thanh-toan/don-hang/X/the"):
        security_headers.allow_stripe()
        policy = security_headers.policy()
        g.pop("csp_stripe")
    assert "script-src 'self' https://js.stripe.com;" in policy
    assert "https://api.stripe.com" in policy and "https://hooks.stripe.com" in policy
    assert "unsafe-inline" not in policy
    with app.test_request_context("/"):
        assert "stripe" not in security_headers.policy()


def test_no_hsts_in_development(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_hsts_in_production(_schema, tmp_path, monkeypatch):
    from trading_floor import create_app
    from trading_floor.config import load_config

    monkeypatch.setenv("FLOOR_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    assert load_config(tmp_path)["HSTS_SECONDS"] == 365 * 24 * 3600
    from trading_floor.extensions import db

    app = create_app({**_config(tmp_path), "HSTS_SECONDS": 365 * 24 * 3600})
    with app.app_context():
        response = app.test_client().get("/", base_url="https://localhost")
        db.session.remove()
        db.engine.dispose()  # this app's pool: no connection left for the garbage collector
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
