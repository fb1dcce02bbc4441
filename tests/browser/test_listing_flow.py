"""An owner creates a listing with a photo on a phone, an officer approves it, the public sees it."""

import pytest
from playwright.sync_api import expect

from tests.catalog.seller.conftest import image_bytes

pytestmark = pytest.mark.browser


def sign_in(page, email: str) -> None:
    page.goto("/dang-nhap")
    page.fill("#email", email)
    page.fill("#password", "matkhau123")
    page.click("main form button[type=submit]")


def test_owner_lists_officer_approves_public_sees(page, db, verified_owner, make_user, tmp_path):
    from sqlalchemy import select

    from trading_floor.catalog.models import Category, Listing
    from trading_floor.catalog.taxonomy import seed_taxonomy
    from trading_floor.catalog.visibility import is_public

    seed_taxonomy()
    nhan = db.session.scalar(select(Category).where(Category.slug == "nhan"))
    owner, enterprise = verified_owner(email="mai@nhanlong.vn",
                                       name="Công ty TNHH Nhãn Lồng Phố Hiến")
    make_user("officer", email="canbo@soct.vn")
    photo = tmp_path / "nhan.jpg"
    photo.write_bytes(image_bytes("JPEG", size=(800, 600), exif=True))

    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, "mai@nhanlong.vn")
    page.goto("/gian-hang/")
    page.click("text=+ Thêm sản phẩm")
    page.fill("#title", "Nhãn lồng Phố Hiến hộp 2 kg")
    page.select_option("#category", value=str(nhan.id))
    page.fill("#price", "120.000")
    page.fill("#unit", "hộp")
    page.fill("#moq", "5")
    page.fill("#tiers", "50:110000;200:100000")
    page.check("input[value=OCOP4]")
    page.fill("#description", "Nhãn lồng tuyển chọn, cùi dày.")
    page.set_input_files("#photos", str(photo))
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert fits, "the listing form scrolls sideways on a phone"
    page.click("#save_submit")
    expect(page.locator(".flash-success", has_text="Đã gửi duyệt")).to_be_visible()
    expect(page.locator(".photo img")).to_have_count(1)
    page.goto("/gian-hang/")
    expect(page.locator("tr.listing-row", has_text="chờ duyệt")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.click("button:has-text('Đăng xuất')")

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "canbo@soct.vn")
    page.goto("/so-cong-thuong/kiem-duyet")
    item = page.locator("li.queue-item", has_text="Nhãn lồng Phố Hiến hộp 2 kg")
    item.locator("button.approve").click()
    expect(page.locator(".flash-success", has_text="Đã duyệt")).to_be_visible()
    page.click("button:has-text('Đăng xuất')")

    db.session.expire_all()
    listing = db.session.scalar(select(Listing))
    assert listing.status == "published" and is_public(listing)
    # the photo is public now, long-cached, and its EXIF is gone
    response = page.request.get(f"/anh/{listing.images[0].filename}")
    assert response.ok and "immutable" in response.headers["cache-control"]

    # the public sees it on its category page and on the enterprise's storefront
    for path in ("/danh-muc/nhan", f"/doanh-nghiep/{enterprise.code}"):
        assert page.goto(path).ok, path
        expect(page.get_by_text("Nhãn lồng Phố Hiến hộp 2 kg").first).to_be_visible()
