"""Sign-in limits (issue 15): 5 failures per (address, account), a wider limit per account, the
client address from trusted proxies only, and unknown e-mails checked against a dummy hash."""

from __future__ import annotations

import pytest

from tests.conftest import _config, post_form


def _sign_in(client, email: str, password: str, address: str = "127.0.0.1", **headers):
    return post_form(client, "/dang-nhap", {"email": email, "password": password},
                     environ_base={"REMOTE_ADDR": address}, headers=headers)


def test_five_failures_on_one_account_do_not_lock_out_other_accounts_behind_the_address(
        client, make_user):
    guessed, colleague = make_user(), make_user()
    for _ in range(5):
        assert _sign_in(client, guessed.email, "sai").status_code == 200
    assert _sign_in(client, guessed.email, "matkhau123").status_code == 429
    # a colleague behind the same address (an office, nginx without ProxyFix) still signs in
    assert _sign_in(client, colleague.email, "matkhau123").status_code == 302


def test_the_account_limit_holds_across_addresses(app, client, make_user):
    app.config["LOGIN_ACCOUNT_RATE_LIMIT"] = "8 per hour"
    user = make_user()
    for n in range(8):
        response = _sign_in(client, user.email, "sai", address=f"10.0.0.{n}")
        assert response.status_code == 200
    response = _sign_in(client, user.email.upper(), "matkhau123", address="10.0.1.1")
    assert response.status_code == 429


def test_forwarded_addresses_are_ignored_without_trusted_proxies(client, make_user):
    user = make_user()
    for n in range(5):
        _sign_in(client, user.email, "sai", **{"X-Forwarded-For": f"203.0.113.{n}"})
    response = _sign_in(client, user.email, "matkhau123", **{"X-Forwarded-For": "203.0.113.99"})
    assert response.status_code == 429


@pytest.fixture
def behind_nginx(_schema, tmp_path):
    from trading_floor import create_app
    from trading_floor.extensions import db, limiter

    app = create_app({**_config(tmp_path), "TRUSTED_PROXIES": 1})
    limiter.reset()
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()  # this app's pool: no connection left for the garbage collector


def test_behind_a_trusted_proxy_each_client_has_its_own_address(behind_nginx, make_user):
    user = make_user()
    client = behind_nginx.test_client()
    for _ in range(5):
        _sign_in(client, user.email, "sai", address="127.0.0.1",
                 **{"X-Forwarded-For": "203.0.113.7"})
    blocked = _sign_in(client, user.email, "matkhau123", address="127.0.0.1",
                       **{"X-Forwarded-For": "203.0.113.7"})
    assert blocked.status_code == 429
    other_client = _sign_in(client, user.email, "matkhau123", address="127.0.0.1",
                            **{"X-Forwarded-For": "198.51.100.8"})
    assert other_client.status_code == 302


def test_unknown_emails_check_a_password_hash_as_known_ones_do(app, make_user, monkeypatch):
    from trading_floor.accounts import services

    checked = []
    real = services.check_password_hash

    def counting(password_hash, password):
        checked.append(password_hash.split("$", 1)[0])
        return real(password_hash, password)

    monkeypatch.setattr(services, "check_password_hash", counting)
    user = make_user()
    assert services.authenticate(user.email, "sai") is None
    assert services.authenticate("khong-co@example.vn", "sai") is None
    assert len(checked) == 2 and checked[0] == checked[1]  # the same method, the same work
