import re
from pathlib import Path

from tests.conftest import outbox, post_form


def test_signup_signin_signout(client):
    response = post_form(client, "/dang-ky", {
        "full_name": "Nguyễn Văn An", "email": "An@Example.vn", "phone": "0912345678",
        "password": "matkhau123", "confirm": "matkhau123"})
    assert response.status_code == 302
    page = client.get("/tai-khoan").get_data(as_text=True)
    assert "an@example.vn" in page and "Nguyễn Văn An" in page
    post_form(client, "/dang-xuat", {}, form_url="/tai-khoan")
    assert client.get("/tai-khoan").status_code == 302  # back to sign-in
    response = post_form(client, "/dang-nhap", {"email": "an@example.vn", "password": "matkhau123"})
    assert response.status_code == 302


def test_signup_refuses_duplicate_email_and_short_password(client, make_user):
    make_user(email="trung@example.vn")
    page = post_form(client, "/dang-ky", {
        "full_name": "X", "email": "trung@example.vn", "password": "matkhau123",
        "confirm": "matkhau123"}).get_data(as_text=True)
    assert "Email này đã có tài khoản" in page
    page = post_form(client, "/dang-ky", {
        "full_name": "X", "email": "moi@example.vn", "password": "ngan", "confirm": "ngan"},
    ).get_data(as_text=True)
    assert "8" in page and "moi@example.vn" in page  # the form comes back with the message


def test_wrong_password_message(client, make_user):
    user = make_user()
    page = post_form(client, "/dang-nhap", {"email": user.email, "password": "sai-mat-khau"})
    assert page.status_code == 200
    assert "Email hoặc mật khẩu không đúng" in page.get_data(as_text=True)


def test_sixth_rapid_failed_signin_is_refused(client, make_user):
    user = make_user()
    for _ in range(5):
        response = post_form(client, "/dang-nhap", {"email": user.email, "password": "sai"})
        assert response.status_code == 200
    response = post_form(client, "/dang-nhap", {"email": user.email, "password": "matkhau123"})
    assert response.status_code == 429
    assert "quá nhanh" in response.get_data(as_text=True)


def test_post_without_csrf_token_is_refused(client, make_user):
    user = make_user()
    response = client.post("/dang-nhap", data={"email": user.email, "password": "matkhau123"})
    assert response.status_code == 400
    assert "biểu mẫu không hợp lệ" in response.get_data(as_text=True)


def test_password_reset_by_emailed_link(app, client, make_user):
    user = make_user(email="quen@example.vn")
    post_form(client, "/quen-mat-khau", {"email": "quen@example.vn"})
    mails = outbox(app)
    assert len(mails) == 1 and mails[0]["to"] == "quen@example.vn"
    body = mails[0]["body"]
    link = re.search(r"http://localhost(/dat-lai-mat-khau/\S+)", body).group(1)
    response = post_form(client, link, {"password": "matkhaumoi1", "confirm": "matkhaumoi1"})
    assert response.status_code == 302
    assert post_form(client, "/dang-nhap", {"email": user.email, "password": "matkhaumoi1"}
                     ).status_code == 302
    # the link is single-use
    client.get("/")
    page = post_form(client, link, {"password": "matkhaumoi2", "confirm": "matkhaumoi2"})
    assert "không hợp lệ" in page.get_data(as_text=True)


def test_reset_for_unknown_email_says_the_same_and_sends_nothing(app, client):
    page = post_form(client, "/quen-mat-khau", {"email": "khongco@example.vn"},
                     follow_redirects=True).get_data(as_text=True)
    assert "Nếu email này có tài khoản" in page
    assert not list(Path(app.config["OUTBOX_DIR"]).glob("*.eml"))


def test_language_switch(client):
    assert "Đăng nhập" in client.get("/").get_data(as_text=True)
    client.get("/ngon-ngu/en")
    page = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in page and "Sign in" in page
    client.get("/ngon-ngu/vi")
    assert 'lang="vi"' in client.get("/").get_data(as_text=True)


def test_session_cookie_is_httponly_and_lax(client, make_user):
    user = make_user()
    response = post_form(client, "/dang-nhap", {"email": user.email, "password": "matkhau123"})
    cookie = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")][0]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
