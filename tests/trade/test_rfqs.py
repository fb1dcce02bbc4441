"""Requests for quotation: posting, notifying verified enterprises of the category, quoting,
comparing and accepting (which creates an order), and closing at the deadline."""

from datetime import date

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from tests.conftest import outbox, post_form
from tests.trade.conftest import logout
from trading_floor.catalog.models import Category
from trading_floor.jobs.outbox import run_now
from trading_floor.registry.models import AdminUnit
from trading_floor.trade import rfqs
from trading_floor.trade.models import Notification, Order, Quote, Rfq

NOW = "2026-11-28 03:00:00"  # 10:00 in Hưng Yên


def new_day():
    """The test's app context (hence `g`) outlives requests, and Flask-WTF caches its signed CSRF
    token on `g`: after a jump in frozen time, forget it as a new browser session would."""
    from flask import g

    g.pop("csrf_token", None)


def told_on_floor(db) -> set[int]:
    """Who has an on-floor notification of the request."""
    return set(db.session.scalars(select(Notification.user_id).where(
        Notification.text.contains("Cần mua nhãn lồng"))))


def on_board(client, query=""):
    """Whether the request is listed on the board (not just under "your requests")."""
    return "<strong>Cần mua nhãn lồng</strong>" in client.get("/chao-mua" + query).get_data(
        as_text=True)


def commune_codes(db, n=2):
    return list(db.session.scalars(select(AdminUnit.code).order_by(AdminUnit.code).limit(n)))


def post_rfq(client, category, commune, deadline="2026-12-05", **extra):
    data = {"title": "Cần mua nhãn lồng", "description": "Loại 1, đóng thùng 10 kg",
            "category": str(category.id), "quantity": "2.000", "unit": "kg",
            "target_price": "42.000", "delivery_commune": str(commune), "delivery_place": "",
            "deadline": deadline, **extra}
    return post_form(client, "/chao-mua/moi", data)


def quote(client, rfq, price="44.000", quantity="2000", valid="2026-12-20", note="Giao tận nơi"):
    return post_form(client, f"/chao-mua/{rfq.id}",
                     {"unit_price": price, "quantity": quantity, "lead_time_days": "5",
                      "valid_until": valid, "note": note}, follow_redirects=True)


@pytest.fixture
def market(db, seller, verified_owner, make_enterprise, make_listing, category, add_staff):
    """A (verified, sells fruit), B (verified, sells rice), C (not verified, fruit listing)."""
    rice = Category(slug="gao", name_vi="Gạo")
    db.session.add(rice)
    db.session.commit()
    owner_a, a = seller
    make_listing(a)
    owner_b, b = verified_owner(email="chu@gao.vn", name="HTX Gạo Nếp Cái Hoa Vàng")
    make_listing(b, category_id=rice.id, title="Gạo nếp cái hoa vàng")
    c = make_enterprise(name="Công ty Chưa Xác Minh")
    make_listing(c)
    return {"owner_a": owner_a, "a": a, "staff_a": add_staff(a), "owner_b": owner_b, "b": b,
            "c": c}


@freeze_time(NOW)
def test_rfq_lifecycle_quotes_compared_and_one_accepted(client, login_as, market, category, db,
                                                        app):
    commune, other_commune = commune_codes(db)
    buyer = login_as("buyer")
    response = post_rfq(client, category, commune)
    rfq = db.session.scalar(select(Rfq))
    assert response.status_code == 302 and rfq.buyer_id == buyer.id
    assert (rfq.quantity, rfq.target_price_vnd, rfq.status) == (2000, 42_000, "open")
    # deadline: the end of 5 December in Vietnamese time
    assert rfq.deadline.isoformat() == "2026-12-05T17:00:00"
    # verified enterprises selling in the category are told on the floor at once; others are
    # not; their e-mail waits for the daily digest (the default), which lists it with its link
    # (owner and staff alike: each member chose, or kept the default)
    assert told_on_floor(db) == {market["owner_a"].id, market["staff_a"].id}
    assert not [m for m in outbox(app) if "Cần mua nhãn lồng" in m["body"]]
    run_now("alerts.daily")
    told = [m for m in outbox(app) if "Cần mua nhãn lồng" in m["body"]]
    assert sorted(m["to"] for m in told) == sorted(["chu@nhanlong.vn", market["staff_a"].email])
    assert f"/chao-mua/{rfq.id}" in told[0]["body"]

    board = client.get("/chao-mua").get_data(as_text=True)
    assert "Cần mua nhãn lồng" in board and "42.000\u00a0₫" in board and "05/12/2026" in board
    assert on_board(client, f"?category={category.id}")
    assert not on_board(client, f"?commune={other_commune}")
    assert on_board(client, f"?commune={commune}")
    logout(client)

    login_as(market["staff_a"])
    assert "Thông báo" in client.get("/chao-mua").get_data(as_text=True)
    page = quote(client, rfq).get_data(as_text=True)
    assert "Đã gửi báo giá" in page
    page = quote(client, rfq, price="43.000").get_data(as_text=True)  # one per enterprise
    assert "đã gửi báo giá cho yêu cầu này" in page
    logout(client)
    login_as(market["owner_b"])
    quote(client, rfq, price="41.500", quantity="1.800", note="<b>rẻ nhất</b>")
    logout(client)

    login_as(buyer)
    page = client.get(f"/chao-mua/{rfq.id}").get_data(as_text=True)
    assert "So sánh báo giá" in page
    assert "44.000\u00a0₫" in page and "41.500\u00a0₫" in page
    assert "88.000.000\u00a0₫" in page and "74.700.000\u00a0₫" in page
    assert market["a"].name in page and market["b"].name in page
    assert "&lt;b&gt;rẻ nhất&lt;/b&gt;" in page
    chosen = db.session.scalar(select(Quote).where(Quote.enterprise_id == market["a"].id))
    response = post_form(client, f"/chao-mua/bao-gia/{chosen.id}/chap-nhan", {"confirm": "1"},
                         form_url=f"/chao-mua/{rfq.id}")
    order = db.session.scalar(select(Order))
    assert response.status_code == 302 and response.location.endswith(order.reference)
    assert (order.enterprise_id, order.buyer_id, order.quote_id) == (market["a"].id, buyer.id,
                                                                      chosen.id)
    line = order.lines[0]
    assert (line.title, line.unit, line.quantity, line.unit_price_vnd) == (
        "Cần mua nhãn lồng", "kg", 2000, 44_000)
    assert order.total_vnd == 88_000_000 and order.status == "awaiting_payment"
    db.session.refresh(rfq)
    assert rfq.status == "awarded"
    assert {q.enterprise_id: q.status for q in rfq.quotes} == {market["a"].id: "accepted",
                                                                market["b"].id: "declined"}
    assert not on_board(client)
    assert any(m["to"] == "chu@nhanlong.vn" and order.reference in m["subject"]
               for m in outbox(app))
    # a second acceptance changes nothing
    other = db.session.scalar(select(Quote).where(Quote.enterprise_id == market["b"].id))
    page = post_form(client, f"/chao-mua/bao-gia/{other.id}/chap-nhan", {"confirm": "1"},
                     form_url=f"/chao-mua/{rfq.id}", follow_redirects=True).get_data(as_text=True)
    assert "đã có báo giá được chấp nhận" in page
    assert len(list(db.session.scalars(select(Order)))) == 1


def test_rfq_closes_at_its_deadline(client, login_as, market, category, db, runner):
    commune = commune_codes(db, 1)[0]
    with freeze_time("2026-11-28 03:00:00"):
        buyer = login_as("buyer")
        post_rfq(client, category, commune, deadline="2026-11-30")
        rfq = db.session.scalar(select(Rfq))
        logout(client)
        login_as(market["owner_a"])
        quote(client, rfq)
        logout(client)
    with freeze_time("2026-11-30 16:59:00"):  # 23:59 on the deadline day: still open
        assert on_board(client)
    with freeze_time("2026-11-30 17:00:01"):  # just after midnight in Hưng Yên
        assert not on_board(client)
        db.session.refresh(rfq)
        assert rfq.status == "open"  # nothing written yet: the deadline is a query condition
        result = runner.invoke(args=["trade", "close-expired"])
        assert "Đã đóng 1 yêu cầu" in result.output
        db.session.refresh(rfq)
        assert rfq.status == "closed" and rfq.closed_at is not None
        new_day()
        login_as(market["owner_b"])
        page = client.get(f"/chao-mua/{rfq.id}").get_data(as_text=True)
        assert "đã đóng" in page and "Gửi báo giá" not in page
        with pytest.raises(rfqs.TradeError):
            rfqs.submit_quote(market["owner_b"], rfq, unit_price_vnd=1, quantity=1,
                              lead_time_days=1, valid_until=date(2026, 12, 31))
        logout(client)
        # the buyer may still accept a quote that is valid
        login_as(buyer)
        chosen = db.session.scalar(select(Quote))
        post_form(client, f"/chao-mua/bao-gia/{chosen.id}/chap-nhan", {"confirm": "1"},
                  form_url=f"/chao-mua/{rfq.id}")
        db.session.refresh(rfq)
        assert rfq.status == "awarded"


def test_lazy_close_when_an_expired_rfq_is_read(client, login_as, category, db):
    commune = commune_codes(db, 1)[0]
    with freeze_time(NOW):
        login_as("buyer")
        post_rfq(client, category, commune, deadline="2026-11-28")
    with freeze_time("2026-11-29 03:00:00"):
        rfq = db.session.scalar(select(Rfq))
        assert "đã đóng" in client.get(f"/chao-mua/{rfq.id}").get_data(as_text=True)
        db.session.refresh(rfq)
        assert rfq.status == "closed"


@freeze_time(NOW)
def test_rfq_form_errors_change_nothing(client, login_as, category, db):
    commune = commune_codes(db, 1)[0]
    login_as("buyer")
    page = post_rfq(client, category, commune, deadline="2026-11-27").get_data(as_text=True)
    assert "Hạn chót phải từ hôm nay" in page
    page = post_rfq(client, category, "", delivery_place="").get_data(as_text=True)
    assert "Hãy chọn xã/phường giao hàng hoặc ghi nơi giao hàng" in page
    page = post_rfq(client, category, commune, quantity="nhiều").get_data(as_text=True)
    assert "Hãy nhập một số nguyên" in page
    assert db.session.scalar(select(Rfq)) is None


@freeze_time(NOW)
def test_who_may_quote_and_accept(client, login_as, market, category, make_user, db, add_staff):
    commune = commune_codes(db, 1)[0]
    buyer = login_as("buyer")
    post_rfq(client, category, commune)
    rfq = db.session.scalar(select(Rfq))
    # the buyer cannot quote on his own request, nor can a plain buyer
    assert client.post(f"/chao-mua/{rfq.id}", data={}).status_code in (400, 403)
    logout(client)
    login_as("buyer")
    assert "Gửi báo giá" not in client.get(f"/chao-mua/{rfq.id}").get_data(as_text=True)
    assert client.post(f"/chao-mua/{rfq.id}", data={}).status_code in (400, 403)
    logout(client)
    # a member of an unverified enterprise cannot quote
    unverified_staff = add_staff(market["c"])
    login_as(unverified_staff)
    assert "Gửi báo giá" not in client.get(f"/chao-mua/{rfq.id}").get_data(as_text=True)
    logout(client)
    login_as(market["owner_a"])
    quote(client, rfq)
    chosen = db.session.scalar(select(Quote))
    # only the buyer who asked accepts
    assert post_form(client, f"/chao-mua/bao-gia/{chosen.id}/chap-nhan", {"confirm": "1"},
                     form_url="/chao-mua").status_code == 404
    assert "So sánh báo giá" not in client.get(f"/chao-mua/{rfq.id}").get_data(as_text=True)
    with pytest.raises(rfqs.TradeError):
        rfqs.accept_quote(market["owner_a"], chosen)
    assert db.session.scalar(select(Order)) is None
    assert buyer.id == rfq.buyer_id


@freeze_time(NOW)
def test_member_opening_an_rfq_is_recorded_for_monitoring(client, login_as, market, category, db):
    from trading_floor.monitoring.models import AccessEvent

    commune = commune_codes(db, 1)[0]
    login_as("buyer")
    post_rfq(client, category, commune)
    rfq = db.session.scalar(select(Rfq))
    client.get(f"/chao-mua/{rfq.id}")  # the buyer reading his own request is not counted
    logout(client)
    login_as(market["staff_a"])
    client.get(f"/chao-mua/{rfq.id}")
    events = db.session.execute(select(AccessEvent.user_id, AccessEvent.kind)).all()
    assert events == [(market["staff_a"].id, "rfq")]


@freeze_time(NOW)
def test_subcategory_requests_reach_sellers_of_the_parent_filter(client, login_as, market,
                                                                 category, db):
    longan = Category(slug="nhan", name_vi="Nhãn", parent_id=category.id)
    db.session.add(longan)
    db.session.commit()
    commune = commune_codes(db, 1)[0]
    login_as("buyer")
    post_rfq(client, longan, commune)
    assert on_board(client, f"?category={category.id}")


@freeze_time(NOW)
def test_home_page_shows_newest_open_requests(client, login_as, category, db):
    login_as("buyer")
    post_rfq(client, category, commune_codes(db, 1)[0], title="Cần mua <gà> Đông Tảo")
    page = client.get("/").get_data(as_text=True)
    assert "Yêu cầu chào mua mới" in page and "Cần mua &lt;gà&gt; Đông Tảo" in page


@freeze_time(NOW)
def test_board_pages_through_many_requests(client, make_user, category, db):
    buyer = make_user()
    for i in range(35):
        rfqs.create_rfq(buyer, title=f"Yêu cầu số {i}", description="", category_id=category.id,
                        quantity=1, unit="kg", target_price_vnd=None, delivery_commune_code=None,
                        delivery_place="Phố Nối", deadline_day=date(2026, 12, 10))
    first = client.get("/chao-mua").get_data(as_text=True)
    assert "Yêu cầu số 34" in first and "Trang 1 / 2" in first and 'rel="next"' in first
    second = client.get("/chao-mua?page=2").get_data(as_text=True)
    assert "Yêu cầu số 0<" in second and 'rel="prev"' in second


@freeze_time(NOW)
def test_deadline_typed_the_vietnamese_way_or_wrong(client, login_as, category, db):
    commune = commune_codes(db, 1)[0]
    login_as("buyer")
    page = post_rfq(client, category, commune, deadline="31/02/2026").get_data(as_text=True)
    assert "Ngày không hợp lệ, hãy ghi theo dạng 28/11/2026." in page
    assert db.session.scalar(select(Rfq)) is None
    post_rfq(client, category, commune, deadline="05/12/2026")
    assert db.session.scalar(select(Rfq)).deadline_day == date(2026, 12, 5)


@freeze_time(NOW)
def test_an_enterprise_buying_is_not_asked_to_quote_itself(client, login_as, market, category, db,
                                                           app):
    login_as(market["owner_a"])
    post_rfq(client, category, commune_codes(db, 1)[0])
    rfq = db.session.scalar(select(Rfq))
    assert rfq.buyer_id == market["owner_a"].id
    assert told_on_floor(db) == set()
    run_now("alerts.daily")
    assert not [m for m in outbox(app) if "Cần mua nhãn lồng" in m["body"]]
    logout(client)
    login_as(market["staff_a"])
    assert "Gửi báo giá" not in client.get(f"/chao-mua/{rfq.id}").get_data(as_text=True)
    with pytest.raises(rfqs.TradeError):
        rfqs.submit_quote(market["staff_a"], rfq, unit_price_vnd=1, quantity=1, lead_time_days=1,
                          valid_until=date(2026, 12, 31))


@freeze_time(NOW)
def test_enterprises_not_listing_yet_are_matched_by_their_vsic_code(client, login_as, market,
                                                                     category, db, verified_owner):
    # A sells fruit with VSIC 0121; D has the same code and no listing yet; E another code;
    # B lists rice under the same code: it is matched by what it lists, so not told
    owner_d, _ = verified_owner(email="chu@vuonnhan.vn", name="HTX Vườn Nhãn", vsic_code="0121")
    owner_e, _ = verified_owner(email="chu@thep.vn", name="Công ty Thép", vsic_code="2410")
    login_as("buyer")
    post_rfq(client, category, commune_codes(db, 1)[0])
    assert told_on_floor(db) == {market["owner_a"].id, market["staff_a"].id, owner_d.id}
