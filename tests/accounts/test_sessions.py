"""Sessions end for real (issue 15): a cookie copied before a sign-out, a password change or reset,
or "sign out everywhere" no longer opens the account; reset links carry no part of the hash."""

from __future__ import annotations

import re

from itsdangerous import URLSafeTimedSerializer

from tests.conftest import outbox, post_form


def _opens_account(app, client) -> bool:
    """Whether the account page opens for this browser, in a request of its own: the test's app
    context (and its `g`, where Flask-Login keeps the signed-in user) is not shared with it."""
    with app.app_context():
        status = client.get("/tai-khoan").status_code
    assert status in (200, 302)
    return status == 200


def _second_device(app, client):
    """Another browser holding a copy of the session cookie `client` has now."""
    other = app.test_client()
    cookie = client.get_cookie("session")
    assert cookie is not None
    other.set_cookie("session", cookie.value)
    assert _opens_account(app, other)
    return other


def test_a_session_cookie_from_before_sign_out_no_longer_works(app, client, login_as):
    login_as("buyer")
    copy = _second_device(app, client)
    response = post_form(client, "/dang-xuat", {}, form_url="/tai-khoan")
    assert response.status_code == 302
    with app.app_context():
        response = copy.get("/tai-khoan")
    assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]


def test_sign_out_everywhere_ends_every_device(app, client, login_as):
    login_as("buyer")
    other_device = _second_device(app, client)
    page = client.get("/tai-khoan")
    assert "Đăng xuất mọi nơi" in page.get_data(as_text=True)
    response = post_form(client, "/tai-khoan/dang-xuat-moi-noi", {}, form_url="/tai-khoan")
    assert response.status_code == 302
    assert not _opens_account(app, client)
    assert not _opens_account(app, other_device)


def test_password_change_keeps_this_device_and_ends_the_others(app, client, login_as, db):
    user = login_as("buyer")
    other_device = _second_device(app, client)
    response = post_form(client, "/tai-khoan/doi-mat-khau", {
        "current": "matkhau123", "password": "matkhaumoi456", "confirm": "matkhaumoi456"},
        form_url="/tai-khoan")
    assert response.status_code == 302
    assert _opens_account(app, client)
    assert not _opens_account(app, other_device)
    from trading_floor.accounts.services import authenticate

    assert authenticate(user.email, "matkhaumoi456") is not None


def test_password_change_needs_the_current_password(client, login_as):
    user = login_as("buyer")
    response = post_form(client, "/tai-khoan/doi-mat-khau", {
        "current": "sai-mat-khau", "password": "matkhaumoi456", "confirm": "matkhaumoi456"},
        form_url="/tai-khoan", follow_redirects=True)
    assert "Mật khẩu hiện tại không đúng" in response.get_data(as_text=True)
    from trading_floor.accounts.services import authenticate

    assert authenticate(user.email, "matkhau123") is not None


def _reset_link(app, client, email: str) -> str:
    post_form(client, "/quen-mat-khau", {"email": email})
    body = outbox(app)[-1]["body"]
    return re.search(r"(/dat-lai-mat-khau/\S+)", body).group(1)


def test_password_reset_ends_every_session_and_the_link_is_single_use(app, client, login_as,
                                                                      make_user):
    user = make_user()
    victim = app.test_client()
    with app.app_context():  # its own request context: Flask-WTF keeps the CSRF token on `g`
        post_form(victim, "/dang-nhap", {"email": user.email, "password": "matkhau123"})
    assert _opens_account(app, victim)
    link = _reset_link(app, client, user.email)
    data = {"password": "matkhaumoi456", "confirm": "matkhaumoi456"}
    response = post_form(client, link, data)
    assert response.status_code == 302
    assert not _opens_account(app, victim)
    again = post_form(client, link, data)
    assert "Liên kết không hợp lệ hoặc đã được dùng" in again.get_data(as_text=True)


def test_reset_token_carries_no_part_of_the_password_hash(app, client, make_user):
    user = make_user()
    link = _reset_link(app, client, user.email)
    token = link.rsplit("/", 1)[1]
    data = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="reset").loads(token)
    assert set(data) == {"id", "v"}
    assert not any(str(value) in user.password_hash for value in data.values() if
                   len(str(value)) > 3)


def test_a_session_id_of_the_old_form_or_garbage_signs_no_one_in(app, make_user):
    from trading_floor.accounts.services import user_of_session

    user = make_user()
    assert user_of_session(user.get_id()) == user
    for session_id in (str(user.id), f"{user.id}:0", f"{user.id}:{10**30}", "x:1",
                       f"{10**30}:1", "", "²:1"):
        assert user_of_session(session_id) is None
