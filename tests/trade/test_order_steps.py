"""Item 6 (and the seller's side of item 5) of issue 10: one "Đã nhận chuyển khoản" button, money
and acceptance steps confirmed first, out-of-season orders warned, the seller told at once when a
buyer cannot transfer."""

from datetime import timedelta

from freezegun import freeze_time
from sqlalchemy import func, select

from tests.conftest import outbox, post_form
from tests.trade.conftest import logout
from trading_floor.trade import rfqs, services
from trading_floor.trade.models import Notification, Order


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_seller_sees_one_transfer_button(client, login_as, seller, listing, make_user):
    order = services.create_order_from_listing(make_user(), listing, 20, "Phố Hiến")
    login_as(seller[0])
    html = page_text(client, f"/don-hang/{order.reference}")
    assert html.count("Đã nhận chuyển khoản") == 1


def test_transfer_is_recorded_only_once_confirmed(client, login_as, seller, listing, make_user,
                                                  db):
    order = services.create_order_from_listing(make_user(), listing, 20, "Phố Hiến")
    login_as(seller[0])
    url = f"/thanh-toan/don-hang/{order.reference}/da-nhan-chuyen-khoan"
    response = post_form(client, url, {}, form_url=f"/don-hang/{order.reference}",
                         follow_redirects=True)
    assert "Hãy đánh dấu ô xác nhận đã nhận đủ tiền" in response.get_data(as_text=True)
    db.session.refresh(order)
    assert order.status == "awaiting_payment"
    # the same through the order's action form
    response = post_form(client, f"/don-hang/{order.reference}/thao-tac",
                         {"action": "confirm_transfer"}, form_url=f"/don-hang/{order.reference}",
                         follow_redirects=True)
    assert "Hãy đánh dấu ô xác nhận" in response.get_data(as_text=True)
    db.session.refresh(order)
    assert order.status == "awaiting_payment"
    response = post_form(client, url, {"confirm": "1"}, form_url=f"/don-hang/{order.reference}",
                         follow_redirects=True)
    assert "Đã ghi nhận chuyển khoản" in response.get_data(as_text=True)
    db.session.refresh(order)
    assert order.status == "paid"


def test_the_transfer_checkbox_states_the_amount(client, login_as, seller, listing, make_user):
    order = services.create_order_from_listing(make_user(), listing, 20, "Phố Hiến")
    login_as(seller[0])
    html = page_text(client, f"/don-hang/{order.reference}")
    assert "đã nhận đủ 1.000.000\u00a0₫ với nội dung " + order.reference in html


def _quoted_rfq(seller, make_user):
    buyer = make_user(email="mua@example.vn")
    from trading_floor.catalog.models import Category
    from trading_floor.extensions import db

    category = db.session.scalar(select(Category))
    rfq = rfqs.create_rfq(buyer, title="Cần mua nhãn lồng sấy", description="",
                          category_id=category.id, quantity=1000, unit="kg",
                          target_price_vnd=None, delivery_commune_code=None,
                          delivery_place="Kho Phố Nối",
                          deadline_day=rfqs.today_vn() + timedelta(days=7))
    quote = rfqs.submit_quote(seller[0], rfq, unit_price_vnd=68_000, quantity=1000,
                              lead_time_days=3, valid_until=rfqs.today_vn() + timedelta(days=30))
    return buyer, rfq, quote


def test_accepting_a_quote_asks_first(client, login_as, seller, listing, make_user, db):
    buyer, rfq, quote = _quoted_rfq(seller, make_user)
    login_as(buyer)
    board = page_text(client, f"/chao-mua/{rfq.id}")
    assert f'href="/chao-mua/bao-gia/{quote.id}/chap-nhan"' in board
    confirm = page_text(client, f"/chao-mua/bao-gia/{quote.id}/chap-nhan")
    assert "Chấp nhận báo giá?" in confirm
    assert "Chấp nhận và đặt hàng 68.000.000\u00a0₫" in confirm
    assert db.session.scalar(select(func.count(Order.id))) == 0  # looking changes nothing
    refused = post_form(client, f"/chao-mua/bao-gia/{quote.id}/chap-nhan", {},
                        form_url=f"/chao-mua/bao-gia/{quote.id}/chap-nhan")
    assert refused.status_code == 200
    assert "Hãy xác nhận trước khi tiếp tục." in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Order.id))) == 0
    done = post_form(client, f"/chao-mua/bao-gia/{quote.id}/chap-nhan", {"confirm": "1"},
                     form_url=f"/chao-mua/bao-gia/{quote.id}/chap-nhan")
    order = db.session.scalar(select(Order))
    assert done.status_code == 302 and done.location.endswith(order.reference)
    assert order.total_vnd == 68_000_000


def test_accepting_in_english(client, login_as, seller, listing, make_user):
    buyer, rfq, quote = _quoted_rfq(seller, make_user)
    login_as(buyer)
    client.get("/ngon-ngu/en")
    confirm = page_text(client, f"/chao-mua/bao-gia/{quote.id}/chap-nhan")
    assert "Accept this quote?" in confirm and "68.000.000" in confirm


# --- the seller is told at once when it has no bank account -----------------------------------
def test_new_order_tells_a_seller_without_bank_account(app, seller, listing, make_user, db):
    with app.test_request_context():
        order = services.create_order_from_listing(make_user(), listing, 20, "Phố Hiến")
    texts = db.session.scalars(select(Notification.text).where(
        Notification.user_id == seller[0].id)).all()
    assert any(order.reference in t for t in texts)
    assert any("chưa khai báo tài khoản nhận chuyển khoản" in t for t in texts)
    mail = next(m for m in outbox(app) if order.reference in m["subject"])
    assert "chưa khai báo tài khoản nhận chuyển khoản" in mail["body"]
    assert "/doanh-nghiep/tai-khoan-ngan-hang" in mail["body"]


def test_a_seller_with_an_account_gets_no_reminder(app, seller, listing, make_user, db):
    seller[1].bank_bin, seller[1].bank_account = "970436", "0011001800879"
    seller[1].bank_account_name = "CONG TY"
    db.session.commit()
    order = services.create_order_from_listing(make_user(), listing, 20, "Phố Hiến")
    texts = db.session.scalars(select(Notification.text)).all()
    assert any(order.reference in t for t in texts)
    assert not any("tài khoản nhận chuyển khoản" in t for t in texts)
    mail = next(m for m in outbox(app) if order.reference in m["subject"])
    assert "tài khoản nhận chuyển khoản" not in mail["body"]


def test_accepted_quote_tells_a_seller_without_bank_account(app, seller, listing, make_user, db):
    buyer, _rfq, quote = _quoted_rfq(seller, make_user)
    order = rfqs.accept_quote(buyer, quote)
    texts = db.session.scalars(select(Notification.text).where(
        Notification.user_id == seller[0].id)).all()
    assert any(order.reference in t for t in texts)
    assert any("chưa khai báo tài khoản nhận chuyển khoản" in t for t in texts)


# --- seasonal listings ordered out of season ---------------------------------------------------
def _seasonal(db, listing, months=(5, 8)):
    listing.availability, (listing.season_from, listing.season_to) = "seasonal", months
    db.session.commit()
    return listing


@freeze_time("2026-10-10 03:00:00")
def test_out_of_season_order_warns_the_buyer(client, login_as, listing, db):
    _seasonal(db, listing)
    login_as("buyer")
    form = page_text(client, f"/san-pham/{listing.id}/dat-hang")
    assert "là hàng theo mùa (tháng 5 – tháng 8); tháng 10 đang ngoài mùa" in form
    post_form(client, f"/san-pham/{listing.id}/dat-hang",
              {"quantity": "20", "delivery_address": "Phố Hiến", "step": "place"})
    order = db.session.scalar(select(Order))
    assert order is not None
    html = page_text(client, f"/don-hang/{order.reference}")
    assert "tháng 10 đang ngoài mùa" in html and "hãy hỏi người bán ngày giao" in html


@freeze_time("2026-06-10 03:00:00")
def test_in_season_order_has_no_warning(client, login_as, listing, db):
    _seasonal(db, listing)
    login_as("buyer")
    assert "ngoài mùa" not in page_text(client, f"/san-pham/{listing.id}/dat-hang")


@freeze_time("2026-01-10 03:00:00")
def test_a_season_over_the_new_year(client, login_as, listing, db):
    _seasonal(db, listing, (11, 2))
    login_as("buyer")
    assert "ngoài mùa" not in page_text(client, f"/san-pham/{listing.id}/dat-hang")
    _seasonal(db, listing, (3, 10))
    assert "tháng 1 đang ngoài mùa" in page_text(client, f"/san-pham/{listing.id}/dat-hang")


@freeze_time("2026-10-10 03:00:00")
def test_out_of_season_warning_in_english(client, login_as, listing, db):
    _seasonal(db, listing)
    login_as("buyer")
    client.get("/ngon-ngu/en")
    assert "out of season" in page_text(client, f"/san-pham/{listing.id}/dat-hang")


def test_seller_side_sees_the_warning_too_and_buyer_only_once(client, login_as, seller, listing,
                                                              make_user, db):
    with freeze_time("2026-10-10 03:00:00"):
        _seasonal(db, listing)
        order = services.create_order_from_listing(make_user(), listing, 20, "Phố Hiến")
    login_as(seller[0])
    assert page_text(client, f"/don-hang/{order.reference}").count("đang ngoài mùa") == 1
    logout(client)
