"""Orders as the law describes them: the buyer reviews everything before the order exists, and a
seller who does not accept within the answer time (ORDER_ANSWER_HOURS) lets the buyer withdraw."""

from flask import g
from freezegun import freeze_time
from sqlalchemy import func, select

from tests.conftest import post_form
from tests.trade.conftest import logout
from trading_floor.trade.models import CANCELLED, Order, OrderEvent

ORDER = {"quantity": "120", "delivery_address": "Số 5 Phố Hiến", "payment_method": "bank_transfer"}


def test_the_buyer_sees_and_confirms_everything_before_the_order_exists(client, login_as,
                                                                        listing, db):
    listing.price_terms = "ex_vat"
    db.session.commit()
    login_as("buyer")
    review = post_form(client, f"/san-pham/{listing.id}/dat-hang", {**ORDER, "step": "review"})
    assert review.status_code == 200
    page = review.get_data(as_text=True)
    for shown in ("Nhãn lồng Hưng Yên loại 1", "120 kg", "45.000\u00a0₫", "5.400.000\u00a0₫",
                  "Số 5 Phố Hiến", "Chuyển khoản ngân hàng", "Chưa gồm VAT, đã gồm phí giao hàng",
                  "trong 12 giờ", "Hủy, không đặt hàng"):
        assert shown in page, shown
    assert db.session.scalar(select(func.count()).select_from(Order)) == 0
    back = post_form(client, f"/san-pham/{listing.id}/dat-hang", {**ORDER, "step": "edit"})
    assert back.status_code == 200 and db.session.scalar(select(func.count()).select_from(Order)) == 0
    placed = post_form(client, f"/san-pham/{listing.id}/dat-hang", {**ORDER, "step": "place"})
    assert placed.status_code == 302
    assert db.session.scalar(select(Order.total_vnd)) == 5_400_000


def test_a_card_choice_is_refused_when_the_floor_takes_no_cards(client, login_as, listing, db):
    login_as("buyer")
    response = post_form(client, f"/san-pham/{listing.id}/dat-hang",
                         {**ORDER, "payment_method": "card", "step": "place"})
    assert response.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Order)) == 0


def test_after_the_answer_time_the_buyer_may_withdraw_without_penalty(client, login_as, listing,
                                                                      seller, db):
    with freeze_time("2026-10-01 01:00:00") as frozen:
        login_as("buyer")
        post_form(client, f"/san-pham/{listing.id}/dat-hang", {**ORDER, "step": "place"})
        order = db.session.scalar(select(Order))
        page = client.get(f"/don-hang/{order.reference}").get_data(as_text=True)
        assert "chậm nhất 20:00 01/10/2026" in page and "không bị phạt" in page
        assert 'value="withdraw"' not in page
        refused = post_form(client, f"/don-hang/{order.reference}/thao-tac",
                            {"action": "withdraw"}, form_url=f"/don-hang/{order.reference}")
        assert refused.status_code == 302
        db.session.refresh(order)
        assert order.status != CANCELLED
        frozen.move_to("2026-10-01 13:00:01")  # 12 hours and a second later
        g.pop("csrf_token", None)
        page = client.get(f"/don-hang/{order.reference}").get_data(as_text=True)
        assert 'value="withdraw"' in page
        post_form(client, f"/don-hang/{order.reference}/thao-tac", {"action": "withdraw"},
                  form_url=f"/don-hang/{order.reference}")
        db.session.refresh(order)
        assert order.status == CANCELLED
        last = db.session.scalars(select(OrderEvent).where(OrderEvent.order_id == order.id)
                                  .order_by(OrderEvent.id.desc())).first()
        assert "không bị phạt" in last.note and last.actor_id == order.buyer_id


def test_an_order_the_seller_accepted_in_time_cannot_be_withdrawn(client, login_as, listing,
                                                                  seller, db):
    with freeze_time("2026-10-01 01:00:00") as frozen:
        login_as("buyer")
        post_form(client, f"/san-pham/{listing.id}/dat-hang", {**ORDER, "step": "place"})
        order = db.session.scalar(select(Order))
        logout(client)
        login_as(seller[0])
        post_form(client, f"/don-hang/{order.reference}/thao-tac", {"action": "accept"},
                  form_url=f"/don-hang/{order.reference}")
        db.session.refresh(order)
        assert order.accepted_at is not None
        frozen.move_to("2026-10-02 01:00:00")
        g.pop("csrf_token", None)
        logout(client)
        login_as(order.buyer)
        page = client.get(f"/don-hang/{order.reference}").get_data(as_text=True)
        assert 'value="withdraw"' not in page and "đã nhận đơn lúc" in page
