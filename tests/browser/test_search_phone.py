"""The search page on a phone (375 px): results first, filters in a panel, sort applies at once.

A floor with 60 categories and 40 communes: before, their ~100 filter links came before the first
result. With JavaScript a new sort order reloads the results by itself; without it, "Lọc" does.
"""

import re

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}


@pytest.fixture
def crowded_floor(app, db, make_enterprise):
    """60 top-level categories and 40 communes, one or two listings in each, indexed."""
    from datetime import timedelta

    from sqlalchemy import select

    from trading_floor.catalog.models import Category, Listing
    from trading_floor.i18n import utcnow
    from trading_floor.registry.models import AdminUnit
    from trading_floor.search import indexing

    communes = list(db.session.scalars(select(AdminUnit.code).order_by(AdminUnit.code).limit(40)))
    enterprise = make_enterprise(name="Hợp tác xã Nông sản Khoái Châu")
    enterprise.verified_at = utcnow()
    categories = []
    for n in range(60):
        category = Category(slug=f"nhom-{n:02d}", name_vi=f"Nhóm hàng {n:02d}", name_en="",
                            position=n)
        db.session.add(category)
        categories.append(category)
    db.session.flush()
    start = utcnow() - timedelta(days=10)
    for n in range(80):
        # newest first is not cheapest first: the price order is visible as a change
        db.session.add(Listing(
            enterprise_id=enterprise.id, sku=f"SP{n:03d}", title=f"Nhãn lồng lô {n:02d}",
            description="Nhãn lồng Hưng Yên đóng thùng.", category_id=categories[n % 60].id,
            price_vnd=10000 + (n * 7919) % 80 * 1000, unit="kg", moq=10, status="published",
            origin_commune_code=communes[n % 40], published_at=start + timedelta(hours=n)))
    db.session.commit()
    indexing.reindex()


def _prices(page) -> list[int]:
    texts = page.locator(".hits .hit .price").all_inner_texts()
    return [int(re.sub(r"\D", "", text)) for text in texts]


def test_phone_results_come_first_and_the_filters_open(page, crowded_floor):
    page.set_viewport_size(PHONE)
    page.goto("/tim-kiem?q=nhan+long")
    first = page.locator(".hits .hit").first.bounding_box()
    panel = page.locator("#filter-panel").bounding_box()
    assert first["y"] + 40 < PHONE["height"], first  # the first result's title is on screen
    assert panel["y"] + panel["height"] <= first["y"]  # the closed panel is one line above it
    assert panel["height"] < 80
    communes = page.locator("[data-facet=commune]")
    assert not communes.is_visible()

    page.click("#filter-panel > summary")
    assert communes.is_visible()
    shown = communes.locator("> ul > li")
    assert shown.count() == 8
    more = communes.locator("details.more li")
    assert more.count() == 32 and not more.first.is_visible()
    communes.locator("details.more > summary", has_text="thêm…").click()
    assert more.first.is_visible() and more.last.is_visible()
    categories = page.locator("[data-facet=category]")
    assert categories.locator("> ul > li").count() == 8
    assert categories.locator("details.more li").count() == 52


def test_phone_sort_applies_without_pressing_filter(page, crowded_floor):
    page.set_viewport_size(PHONE)
    page.goto("/tim-kiem?q=nhan+long")
    before = _prices(page)
    assert before != sorted(before)
    assert not page.locator(".sort-field button", has_text="Lọc").is_visible()
    with page.expect_navigation():
        page.select_option("#sort", "price_asc")
    assert "sort=price_asc" in page.url and "q=nhan+long" in page.url
    after = _prices(page)
    assert len(after) == 20 and after == sorted(after) and after[0] == 10000
    assert page.locator("#sort").input_value() == "price_asc"


def test_without_javascript_the_filter_button_applies_the_sort(browser, live_server, crowded_floor):
    context = browser.new_context(locale="vi-VN", base_url=live_server, viewport=PHONE,
                                  java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto("/tim-kiem?q=nhan+long")
        page.select_option("#sort", "price_desc")
        assert "sort=" not in page.url  # nothing happens by itself without JavaScript
        page.locator(".sort-field button", has_text="Lọc").click()
        page.wait_for_url(re.compile(r"sort=price_desc"))
        after = _prices(page)
        assert len(after) == 20 and after == sorted(after, reverse=True) and after[0] == 89000
        first = page.locator(".hits .hit").first.bounding_box()
        assert first["y"] + 40 < PHONE["height"]
    finally:
        context.close()
