"""Every public catalogue page fits a 375 px wide phone: no horizontal scrolling."""

from datetime import date

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def long_shop(shop, make_listing, make_category):
    enterprise = shop["enterprise"]
    enterprise.name = ("Công ty Trách nhiệm hữu hạn Một thành viên Thương mại và Dịch vụ Nông sản "
                       "Đặc sản Nhãn Lồng Phố Hiến Hưng Yên")
    enterprise.email = "phongkinhdoanhxuatnhapkhau.nhanlongphohien@congtynongsanhungyen.com.vn"
    from trading_floor.extensions import db

    db.session.commit()
    make_category("vat-lieu-xay-dung-va-trang-tri-noi-ngoai-that-cong-trinh",
                  "Vật liệu xây dựng và trang trí nội ngoại thất công trình dân dụng")
    for n in range(26):
        make_listing(enterprise, shop["fruit"],
                     title=f"Long nhãn Hưng Yên sấy khô loại đặc biệt đóng hộp quà biếu Tết số {n}",
                     price_vnd=123456789, unit="thùng carton", moq=1000,
                     tiers=[[5000, 120000000], [100000, 110000000]],
                     certifications=[("OCOP5", "1234/QĐ-UBND-ngày-01-01-2026", date(2029, 1, 1))],
                     availability="seasonal", season_from=7, season_to=8,
                     description="Mô tả rất dài " * 80)
    return shop


def _width(page, path: str) -> int:
    response = page.goto(path)
    assert response.ok, f"{path} answered {response.status}: an error page is not measured"
    return page.evaluate("document.documentElement.scrollWidth")


def test_public_pages_fit_a_phone(page, long_shop):
    page.set_viewport_size({"width": 375, "height": 800})
    listing, enterprise = long_shop["listing"], long_shop["enterprise"]
    for path in ("/", "/danh-muc", "/danh-muc/nong-san", "/danh-muc/trai-cay?page=2",
                 f"/san-pham/{listing.slug}-{listing.id}", f"/doanh-nghiep/{enterprise.code}",
                 "/doanh-nghiep", "/doanh-nghiep?sector=O"):
        width = _width(page, path)
        assert width <= 375, f"{path} is {width}px wide at a 375px viewport"


def test_listing_page_with_report_form_fits_a_phone(page, long_shop, make_user):
    make_user(email="mua@example.vn")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/dang-nhap")
    page.fill("#email", "mua@example.vn")
    page.fill("#password", "matkhau123")
    page.click("main form button[type=submit]")
    listing = long_shop["listing"]
    page.goto(f"/san-pham/{listing.slug}-{listing.id}")
    page.click("text=Báo cáo vi phạm")
    assert page.locator("textarea[name=reason]").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
