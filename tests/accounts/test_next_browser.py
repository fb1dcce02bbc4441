"""Item 4 of issue 10 on a phone (375 px): a visitor who clicks "Hỏi hàng" signs up from the
sign-in page and lands back on the inquiry form."""

import re

import pytest

from trading_floor.catalog.models import PUBLISHED, Category, Listing
from trading_floor.i18n import utcnow

pytestmark = pytest.mark.browser


@pytest.fixture
def public_listing(db, verified_owner):
    _owner, enterprise = verified_owner()
    category = Category(slug="trai-cay", name_vi="Trái cây")
    db.session.add(category)
    db.session.flush()
    listing = Listing(enterprise_id=enterprise.id, sku="N1", title="Nhãn lồng Hưng Yên loại 1",
                      unit="kg", category_id=category.id, price_vnd=50_000, moq=10, tiers=[],
                      status=PUBLISHED, published_at=utcnow())
    db.session.add(listing)
    db.session.commit()
    return listing


def test_visitor_asks_signs_up_and_lands_on_the_inquiry_form(page, public_listing):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"/san-pham/{public_listing.id}")
    page.get_by_role("link", name="Hỏi hàng").click()
    page.wait_for_url(re.compile(r"/dang-nhap\?next=(/|%2F)san-pham(/|%2F)\d+(/|%2F)hoi-hang$"))
    page.locator("main").get_by_role("link", name="Đăng ký").click()
    page.wait_for_url(re.compile(r"/dang-ky\?next=(/|%2F)san-pham(/|%2F)\d+(/|%2F)hoi-hang$"))
    page.fill("#full_name", "Trần Thị Mai")
    page.fill("#email", "mai@example.vn")
    page.fill("#password", "matkhau123")
    page.fill("#confirm", "matkhau123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/san-pham/{public_listing.id}/hoi-hang")
    assert page.locator("textarea[name=message]").is_visible()
    assert "Nhãn lồng Hưng Yên loại 1" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
