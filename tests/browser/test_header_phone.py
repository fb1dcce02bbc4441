"""On a phone (375 px) the header takes two lines, "Đăng xuất" reads like the links beside it, and
the listing form's "Lưu nháp" / "Lưu và gửi duyệt" look like buttons, not empty text fields."""

import pytest

pytestmark = pytest.mark.browser

BRAND = "rgb(179, 38, 30)"  # --brand


def _style(locator, prop: str) -> str:
    return locator.evaluate(f"(e) => getComputedStyle(e).getPropertyValue('{prop}')")


def test_signed_in_header_and_listing_form_on_a_phone(page, verified_owner):
    verified_owner(email="mai@nhanlong.vn", name="Công ty TNHH Nhãn Lồng Phố Hiến")
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto("/dang-nhap")
    page.fill("#email", "mai@nhanlong.vn")
    page.fill("#password", "matkhau123")
    page.click("main form button[type=submit]")
    page.goto("/gian-hang/san-pham/moi")

    brand, search, links = (page.locator(sel).bounding_box()
                            for sel in (".bar .brand", ".bar .search-box", ".bar .user-nav"))
    # brand and search on one line, the account links on the next (one line, scrolling sideways)
    assert brand["y"] < search["y"] + search["height"] and search["y"] < brand["y"] + brand["height"]
    assert links["y"] >= search["y"] + search["height"] and links["height"] < 50
    bar = page.locator(".site-header .bar").bounding_box()
    assert bar["height"] < 110 and bar["width"] <= 375

    logout = page.locator(".user-nav button", has_text="Đăng xuất")
    account = page.locator(".user-nav a[href='/tai-khoan']")
    for prop in ("font-family", "font-size", "line-height", "font-weight"):
        assert _style(logout, prop) == _style(account, prop), prop
    assert abs(logout.bounding_box()["y"] - account.bounding_box()["y"]) <= 2

    title = page.locator("#title")
    for label in ("Lưu nháp", "Lưu và gửi duyệt"):
        button = page.locator(f"input[type=submit][value='{label}']")
        assert _style(button, "cursor") == "pointer"
        assert _style(button, "border-color") != _style(title, "border-color")
        assert button.bounding_box()["width"] < title.bounding_box()["width"] * 0.8
    assert _style(page.locator("input[value='Lưu và gửi duyệt']"), "background-color") == BRAND
