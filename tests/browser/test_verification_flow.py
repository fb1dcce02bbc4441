"""An owner signs up and claims an enterprise, an officer approves it, the owner sees 'đã xác minh'."""

import pytest

pytestmark = pytest.mark.browser


def test_owner_claims_officer_approves(page, make_enterprise, make_user):
    enterprise = make_enterprise(name="Công ty TNHH Tương Bần Hưng Yên")
    make_user("officer", email="canbo@soct.vn")

    page.goto("/dang-ky")
    page.fill("#full_name", "Trần Thị Mai")
    page.fill("#email", "mai@tuongban.vn")
    page.fill("#password", "matkhau123")
    page.fill("#confirm", "matkhau123")
    page.click("main form button[type=submit]")
    page.goto("/doanh-nghiep/nhan")
    page.fill("#code", enterprise.code)
    page.fill("#position", "Giám đốc")
    page.click("main form button[type=submit]")
    assert page.locator("text=chờ xác minh").first.is_visible()
    page.click("button:has-text('Đăng xuất')")

    page.goto("/dang-nhap")
    page.fill("#email", "canbo@soct.vn")
    page.fill("#password", "matkhau123")
    page.click("main form button[type=submit]")
    page.goto("/so-cong-thuong/xac-minh")
    card = page.locator("article.claim", has_text="Tương Bần")
    card.locator("button[value=approved]").click()
    assert page.locator(".flash-success").is_visible()
    page.click("button:has-text('Đăng xuất')")

    page.goto("/dang-nhap")
    page.fill("#email", "mai@tuongban.vn")
    page.fill("#password", "matkhau123")
    page.click("main form button[type=submit]")
    page.goto("/tai-khoan")
    assert page.locator(".badge-approved", has_text="đã xác minh").first.is_visible()
