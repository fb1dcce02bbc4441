import re

from tests.conftest import outbox, post_form
from trading_floor.accounts.models import User


def test_admin_creates_officer_and_changes_role(client, login_as, make_user, db):
    buyer = make_user(email="nguoimua@example.vn")
    login_as("admin")
    page = client.get("/quan-tri/nguoi-dung")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "nguoimua@example.vn" in text and "Người mua" in text  # the list, roles in Vietnamese
    assert 'name="full_name"' in text and "Tạo tài khoản cán bộ / quản trị" in text

    response = post_form(client, "/quan-tri/nguoi-dung", {
        "full_name": "Cán bộ Một", "email": "canbo1@soct.vn", "role": "officer",
        "password": "matkhau123"})
    assert response.status_code == 302
    text = client.get("/quan-tri/nguoi-dung").get_data(as_text=True)
    assert "Đã tạo tài khoản canbo1@soct.vn." in text
    row = text[text.index("canbo1@soct.vn</td>"):]
    assert row.index("Cán bộ Sở") < row.index("</tr>")
    officer = db.session.query(User).filter_by(email="canbo1@soct.vn").one()
    assert officer.role == "officer"

    post_form(client, f"/quan-tri/nguoi-dung/{buyer.id}/vai-tro", {"role": "admin"},
              form_url="/quan-tri/nguoi-dung")
    text = client.get("/quan-tri/nguoi-dung").get_data(as_text=True)
    assert "Đã đổi vai trò của nguoimua@example.vn." in text
    row = text[text.index("nguoimua@example.vn</td>"):]
    assert row.index("Quản trị viên") < row.index("</tr>")
    db.session.refresh(buyer)
    assert buyer.role == "admin"


def test_users_page_speaks_english_in_english_mode(client, login_as):
    login_as("admin")
    client.get("/ngon-ngu/en")
    text = client.get("/quan-tri/nguoi-dung").get_data(as_text=True)
    assert "Department officer" in text and "Administrator" in text


def test_non_admins_cannot_manage_users(client, login_as):
    assert client.get("/quan-tri/nguoi-dung").status_code == 302  # anonymous -> sign in
    login_as("officer")
    assert client.get("/quan-tri/nguoi-dung").status_code == 403


def test_cli_create_admin_with_generated_password(runner, db):
    result = runner.invoke(args=["users", "create-admin", "admin@soct.vn", "--generate-password"])
    assert result.exit_code == 0, result.output
    password = re.search(r"Mật khẩu \(chỉ hiện một lần\): (\S+)", result.output).group(1)
    from trading_floor.accounts.services import authenticate

    assert authenticate("admin@soct.vn", password).role == "admin"


def test_cli_create_officer_asks_for_password(runner):
    result = runner.invoke(args=["users", "create", "--role", "officer", "cb@soct.vn"],
                           input="matkhau123\nmatkhau123\n")
    assert result.exit_code == 0, result.output
    from trading_floor.accounts.services import authenticate

    assert authenticate("cb@soct.vn", "matkhau123").role == "officer"
    again = runner.invoke(args=["users", "create", "cb@soct.vn", "--generate-password"])
    assert again.exit_code != 0 and "đã có tài khoản" in again.output


def test_owner_invites_staff_who_accepts(app, client, verified_owner, make_user, login_as):
    owner, enterprise = verified_owner()
    login_as(owner)
    post_form(client, "/tai-khoan/moi-nhan-vien", {"email": "nhanvien@example.vn"},
              form_url="/tai-khoan")
    mail = [m for m in outbox(app) if m["to"] == "nhanvien@example.vn"][0]["body"]
    link = re.search(r"http://localhost(/loi-moi/\S+)", mail).group(1)
    post_form(client, "/dang-xuat", {}, form_url="/tai-khoan")
    staff = make_user(email="nhanvien@example.vn")
    login_as(staff)
    post_form(client, link, {})
    page = client.get("/tai-khoan").get_data(as_text=True)
    assert enterprise.name in page and "nhân viên" in page


def test_staff_cannot_invite(client, verified_owner, make_user, login_as, db):
    from trading_floor.accounts.models import Membership

    owner, enterprise = verified_owner()
    staff = make_user()
    db.session.add(Membership(user_id=staff.id, enterprise_id=enterprise.id, role="staff"))
    db.session.commit()
    login_as(staff)
    response = post_form(client, "/tai-khoan/moi-nhan-vien", {"email": "x@example.vn"},
                         form_url="/tai-khoan")
    assert response.status_code == 403
