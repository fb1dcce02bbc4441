"""An officer works the review queue on a phone: filters it, approves two listings at once and
rejects one with a standard reason."""

from datetime import timedelta

import pytest

from tests.browser.test_listing_flow import sign_in

pytestmark = pytest.mark.browser


def test_officer_filters_approves_two_and_rejects_one_at_375px(page, app, db, verified_owner,
                                                               make_user):
    from sqlalchemy import select

    from trading_floor.catalog import review_queue, services
    from trading_floor.catalog.models import Listing
    from trading_floor.catalog.taxonomy import seed_taxonomy
    from trading_floor.i18n import utcnow

    seed_taxonomy()
    owner_a, alpha = verified_owner(name="Công ty Nhãn Phố Hiến")
    owner_b, beta = verified_owner(name="Hợp tác xã Gà Đông Tảo")
    made = {}
    for owner, enterprise, title, category, days in (
            (owner_a, alpha, "Nhãn lồng sấy khô", "nhan", 9),
            (owner_b, beta, "Gà Đông Tảo thịt", "gia-cam", 6),
            (owner_a, alpha, "Nhãn lồng tươi loại 1", "nhan", 3),
            (owner_a, alpha, "Long nhãn hộp quà", "nhan", 1)):
        listing = services.save_listing(owner, enterprise, services.ListingInput(
            title=title, category=category, unit="kg", price="45.000"), submit=True)
        listing.updated_at = utcnow() - timedelta(days=days)
        made[title] = listing.id
    db.session.commit()
    review_queue.add_reason("Ảnh không rõ hoặc không phải ảnh thật của sản phẩm")
    review_queue.add_reason("Sai danh mục")
    make_user("officer", email="canbo@soct.vn")

    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, "canbo@soct.vn")
    page.goto("/so-cong-thuong/kiem-duyet")
    summary = page.locator("#queue-summary")
    assert "4 sản phẩm chờ duyệt" in summary.inner_text()
    assert "chờ lâu nhất: 9 ngày" in summary.inner_text()
    # nothing wider than the phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # filter: the longan enterprise's listings
    page.fill("#queue-q", "nhãn lồng")
    with page.expect_navigation():
        page.click("form.queue-filters button")
    rows = page.locator(".queue-item .queue-title")
    assert rows.all_inner_texts() == ["Nhãn lồng sấy khô", "Nhãn lồng tươi loại 1"]
    assert page.locator("#queue-matches").inner_text() == "2 sản phẩm phù hợp"

    # approve both at once
    page.locator(".select-all input").check()
    assert page.locator("[data-selected-count]").inner_text() == "Đã chọn: 2"
    with page.expect_navigation():
        page.click("button:has-text('Duyệt các mục đã chọn')")
    flash = page.locator(".flash-success")
    assert "Đã duyệt 2 sản phẩm" in flash.inner_text()
    assert "«Nhãn lồng sấy khô»" in flash.inner_text()
    assert page.locator(".queue-item").count() == 0  # the filter is kept, nothing left in it
    assert "2 sản phẩm chờ duyệt" in page.locator("#queue-summary").inner_text()

    # reject the chicken with a standard reason, from the enterprise filter
    page.goto("/so-cong-thuong/kiem-duyet")
    page.select_option("select[name=enterprise]", label="Hợp tác xã Gà Đông Tảo (1)")
    with page.expect_navigation():
        page.click("form.queue-filters button")
    assert rows.all_inner_texts() == ["Gà Đông Tảo thịt"]
    page.check(f"#pick-{made['Gà Đông Tảo thịt']}")
    page.click("summary:has-text('Từ chối các mục đã chọn')")
    page.locator(".reject-panel label.check", has_text="Sai danh mục").locator("input").check()
    with page.expect_navigation():
        page.click(".reject-panel button:has-text('Từ chối các mục đã chọn')")
    assert "Đã từ chối 1 sản phẩm: «Gà Đông Tảo thịt»" in page.locator(".flash-success").inner_text()
    page.goto("/so-cong-thuong/kiem-duyet")
    assert page.locator(".queue-item .queue-title").all_inner_texts() == ["Long nhãn hộp quà"]
    assert "chờ lâu nhất: 1 ngày" in page.locator("#queue-summary").inner_text()

    db.session.expire_all()
    status = dict(db.session.execute(select(Listing.title, Listing.status)).all())
    assert status == {"Nhãn lồng sấy khô": "published", "Nhãn lồng tươi loại 1": "published",
                      "Gà Đông Tảo thịt": "rejected", "Long nhãn hộp quà": "submitted"}
    rejected = db.session.get(Listing, made["Gà Đông Tảo thịt"])
    assert rejected.rejection_reason == "Sai danh mục"
