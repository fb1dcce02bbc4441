"""The enterprise publishes its own answer time (issue 17): the owner sets it in the seller
workspace, buyers see it on the storefront and the listing, and an order placed with the enterprise
gets that deadline (blank = the floor's ORDER_ANSWER_HOURS)."""

import pytest
from flask import g
from freezegun import freeze_time
from sqlalchemy import select

from tests.conftest import post_form
from tests.trade.conftest import logout
from trading_floor.registry.models import RegistryEnterprise
from trading_floor.trade.models import CANCELLED, Order, OrderEvent

FORM = "/gian-hang/thoi-gian-tra-loi"
ORDER = {"quantity": "120", "delivery_address": "Số 5 Phố Hiến", "payment_method": "bank_transfer"}


def _hours(db, enterprise):
    return db.session.scalar(select(RegistryEnterprise.answer_hours)
                             .where(RegistryEnterprise.id == enterprise.id))


def test_the_owner_publishes_the_answer_time_and_may_clear_it(client, login_as, seller, db):
    owner, enterprise = seller
    login_as(owner)
    assert "Thời gian trả lời đơn hàng" in client.get("/gian-hang/").get_data(as_text=True)
    saved = post_form(client, FORM, {"answer_hours": " 4 "}, follow_redirects=True)
    assert saved.status_code == 200
    assert "Doanh nghiệp trả lời đơn trong 4 giờ" in saved.get_data(as_text=True)
    assert _hours(db, enterprise) == 4
    cleared = post_form(client, FORM, {"answer_hours": ""}, follow_redirects=True)
    assert cleared.status_code == 200 and _hours(db, enterprise) is None
    assert "trong 12 giờ" in cleared.get_data(as_text=True)  # the floor's ORDER_ANSWER_HOURS


@pytest.mark.parametrize("bad", ["0", "500", "169", "abc", "-3", "4.5", "٣", "9" * 9])
def test_bad_answer_times_are_refused_and_nothing_changes(client, login_as, seller, db, bad):
    owner, enterprise = seller
    enterprise.answer_hours = 24
    db.session.commit()
    login_as(owner)
    response = post_form(client, FORM, {"answer_hours": bad})
    assert response.status_code == 200
    assert "phải là số giờ nguyên từ 1 đến 168" in response.get_data(as_text=True)
    assert _hours(db, enterprise) == 24


def test_only_the_owner_sets_the_answer_time(client, login_as, seller, add_staff, db):
    login_as(add_staff(seller[1]))
    assert client.get(FORM).status_code == 403
    assert client.post(FORM, data={"answer_hours": "4"}).status_code in (400, 403)
    assert _hours(db, seller[1]) is None


def test_the_storefront_and_the_listing_show_the_answer_time(client, login_as, seller,
                                                             listing, db):
    enterprise = seller[1]
    assert "Doanh nghiệp trả lời đơn trong 12 giờ" in client.get(
        f"/doanh-nghiep/{enterprise.code}").get_data(as_text=True)
    enterprise.answer_hours = 4
    db.session.commit()
    store = client.get(f"/doanh-nghiep/{enterprise.code}")
    assert store.status_code == 200
    assert "Doanh nghiệp trả lời đơn trong 4 giờ" in store.get_data(as_text=True)
    login_as("buyer")
    page = client.get(f"/san-pham/{listing.id}", follow_redirects=True)
    assert page.status_code == 200
    assert "Doanh nghiệp trả lời đơn trong 4 giờ" in page.get_data(as_text=True)


def test_an_order_with_a_four_hour_enterprise_is_withdrawn_after_four_hours_not_before(
        client, login_as, seller, listing, db):
    seller[1].answer_hours = 4
    db.session.commit()
    with freeze_time("2026-10-01 01:00:00") as frozen:
        buyer = login_as("buyer")
        review = post_form(client, f"/san-pham/{listing.id}/dat-hang", {**ORDER, "step": "review"})
        assert review.status_code == 200 and "trong 4 giờ" in review.get_data(as_text=True)
        post_form(client, f"/san-pham/{listing.id}/dat-hang", {**ORDER, "step": "place"})
        order = db.session.scalar(select(Order))
        # the enterprise publishes a longer time later: the order keeps the deadline it was placed with
        logout(client)
        login_as(seller[0])
        post_form(client, FORM, {"answer_hours": "48"})
        assert _hours(db, seller[1]) == 48
        logout(client)
        login_as(buyer)
        page = client.get(f"/don-hang/{order.reference}").get_data(as_text=True)
        assert "chậm nhất 12:00 01/10/2026" in page  # 05:00 UTC, Vietnamese time
        frozen.move_to("2026-10-01 04:59:59")
        g.pop("csrf_token", None)
        assert 'value="withdraw"' not in client.get(f"/don-hang/{order.reference}").get_data(
            as_text=True)
        post_form(client, f"/don-hang/{order.reference}/thao-tac", {"action": "withdraw"},
                  form_url=f"/don-hang/{order.reference}")
        db.session.refresh(order)
        assert order.status != CANCELLED
        frozen.move_to("2026-10-01 05:00:01")
        g.pop("csrf_token", None)
        assert 'value="withdraw"' in client.get(f"/don-hang/{order.reference}").get_data(
            as_text=True)
        post_form(client, f"/don-hang/{order.reference}/thao-tac", {"action": "withdraw"},
                  form_url=f"/don-hang/{order.reference}")
        db.session.refresh(order)
        assert order.status == CANCELLED
        last = db.session.scalars(select(OrderEvent).where(OrderEvent.order_id == order.id)
                                  .order_by(OrderEvent.id.desc())).first()
        assert "trong 4 giờ" in last.note and "không bị phạt" in last.note
