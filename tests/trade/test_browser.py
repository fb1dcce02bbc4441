"""On a phone (375 px): a buyer orders from a listing, the seller confirms the transfer and ships,
the buyer confirms receipt; an RFQ's quotes are compared and one accepted."""

import os

import pytest
from sqlalchemy import select

from trading_floor.trade.models import Order

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("TRADE_SCREENSHOTS")  # a folder to keep screenshots in, when set


def sign_in(page, email):
    page.goto("/dang-nhap")
    page.fill("#email", email)
    page.fill("#password", "matkhau123")
    page.click("main form button[type=submit]")


def sign_out(page):
    page.click("button:has-text('Đăng xuất')")


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_order_life_on_a_phone(page, listing, seller, make_user, db):
    make_user(email="mua@example.vn")
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, "mua@example.vn")
    page.goto(f"/san-pham/{listing.id}/dat-hang")
    shot(page, "order_new")
    assert no_sideways_scroll(page)
    page.fill("#quantity", "120")
    page.fill("#delivery_address", "Số 5 Phố Hiến, Hưng Yên")
    page.click("main form button[type=submit]")
    assert page.locator(".order-review .order-total").inner_text() == "5.400.000\u00a0₫"
    page.click("main form button[value=place]")
    assert page.locator(".order-total").inner_text() == "5.400.000\u00a0₫"
    shot(page, "order_buyer")
    assert no_sideways_scroll(page)
    reference = db.session.scalar(select(Order.reference))
    sign_out(page)

    sign_in(page, seller[0].email)
    page.goto(f"/don-hang/{reference}")
    assert page.get_by_role("button", name="Đã nhận chuyển khoản").count() == 1  # one button
    page.check(".payment-panel form.confirm-step input[name=confirm]")
    page.get_by_role("button", name="Đã nhận chuyển khoản").click()
    page.click("button[value=ship]")
    assert page.locator("h1 .badge", has_text="đã giao đi").is_visible()
    shot(page, "order_seller")
    sign_out(page)

    sign_in(page, "mua@example.vn")
    assert page.locator(".header-count", has_text="Thông báo").is_visible()
    page.goto(f"/don-hang/{reference}")
    page.click("button[value=complete]")
    assert page.locator("h1 .badge", has_text="hoàn tất").is_visible()
    assert page.locator("ol.audit li").count() == 4
    page.goto("/don-hang")
    shot(page, "orders")
    assert no_sideways_scroll(page)


def test_rfq_quotes_compared_and_accepted_on_a_phone(page, seller, verified_owner, category,
                                                    make_user, db):
    from datetime import timedelta

    from trading_floor.trade import rfqs

    buyer = make_user(email="mua@example.vn")
    other_owner, _ = verified_owner(name="HTX Nông Sản Khoái Châu")
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, "mua@example.vn")
    page.goto("/chao-mua/moi")
    assert no_sideways_scroll(page)
    page.fill("#title", "Cần mua nhãn lồng sấy")
    page.select_option("#category", str(category.id))
    page.fill("#quantity", "500")
    page.fill("#unit", "kg")
    page.fill("#delivery_place", "Kho Phố Nối")
    page.fill("#deadline", (rfqs.today_vn() + timedelta(days=7)).isoformat())
    page.click("main form button[type=submit]")
    assert page.locator("h1", has_text="Cần mua nhãn lồng sấy").is_visible()
    rfq = db.session.scalar(select(rfqs.Rfq))
    valid = rfqs.today_vn() + timedelta(days=30)
    for owner, price in ((seller[0], 120_000), (other_owner, 115_000)):
        rfqs.submit_quote(owner, rfq, unit_price_vnd=price, quantity=500, lead_time_days=3,
                          valid_until=valid)
    page.reload()
    shot(page, "rfq_compare")
    assert no_sideways_scroll(page)
    assert page.locator("table.compare tbody tr").count() == 2
    page.locator("table.compare tr", has_text="Khoái Châu").get_by_role("link").click()
    # a confirmation step says what will be ordered before anything happens
    assert page.locator(".confirm-amount").inner_text() == "57.500.000\u00a0₫"
    assert db.session.scalar(select(Order.id)) is None
    assert no_sideways_scroll(page)
    page.get_by_role("button", name="Chấp nhận và đặt hàng 57.500.000\u00a0₫").click()
    assert page.locator(".order-total").inner_text() == "57.500.000\u00a0₫"
    assert buyer.id == db.session.scalar(select(Order.buyer_id))
