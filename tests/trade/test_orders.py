"""Orders from a listing: MOQ, volume tiers priced by the server, the state machine and its audit
trail, and who may see and move an order."""

import pytest
from sqlalchemy import func, select

from tests.conftest import outbox, post_form
from tests.trade.conftest import logout
from trading_floor.trade import services
from trading_floor.trade.models import Order, OrderEvent


def order_page(client, reference):
    return client.get(f"/don-hang/{reference}")


def place(client, listing, quantity, **extra):
    return post_form(client, f"/san-pham/{listing.id}/dat-hang",
                     {"quantity": str(quantity), "delivery_address": "Số 5 Phố Hiến",
                      "step": "place", **extra})


def test_order_from_listing_uses_server_tier_price_and_ignores_client_price(
        client, login_as, listing, db, app):
    buyer = login_as("buyer")
    response = place(client, listing, "150", unit_price_vnd="1", price="1", total_vnd="1")
    order = db.session.scalar(select(Order))
    assert response.status_code == 302 and response.location.endswith(f"/don-hang/{order.reference}")
    assert order.buyer_id == buyer.id and order.status == "awaiting_payment"
    line = order.lines[0]
    assert (line.quantity, line.unit_price_vnd, line.line_total_vnd) == (150, 45_000, 6_750_000)
    assert line.title == "Nhãn lồng Hưng Yên loại 1" and line.unit == "kg"
    assert order.total_vnd == 6_750_000
    assert order.reference == f"HY{order.id:06d}"
    page = order_page(client, order.reference).get_data(as_text=True)
    assert "6.750.000\u00a0₫" in page and "chờ thanh toán" in page
    # the seller's owner is told by e-mail
    assert any(order.reference in m["subject"] and m["to"] == "chu@nhanlong.vn"
               for m in outbox(app))


@pytest.mark.parametrize("quantity, unit_price", [(10, 50_000), (99, 50_000), (100, 45_000),
                                                  (499, 45_000), (500, 40_000), (2000, 40_000)])
def test_highest_tier_at_or_below_quantity(listing, quantity, unit_price):
    assert services.unit_price_for(listing, quantity) == unit_price


def test_below_moq_is_refused_with_a_message_and_nothing_written(client, login_as, listing, db):
    login_as("buyer")
    page = place(client, listing, "9").get_data(as_text=True)
    assert "Số lượng đặt tối thiểu là 10 kg" in page
    assert db.session.scalar(select(func.count()).select_from(Order)) == 0
    page = place(client, listing, "mười").get_data(as_text=True)
    assert "Hãy nhập một số nguyên" in page
    assert db.session.scalar(select(func.count()).select_from(Order)) == 0


def test_quantity_written_with_thousand_separators(client, login_as, listing, db):
    login_as("buyer")
    place(client, listing, "1.000")
    assert db.session.scalar(select(Order)).lines[0].quantity == 1000


def test_price_on_request_listing_cannot_be_ordered(client, login_as, seller, make_listing, db):
    listing = make_listing(seller[1], price_vnd=None)
    login_as("buyer")
    page = client.get(f"/san-pham/{listing.id}/dat-hang").get_data(as_text=True)
    assert "liên hệ" in page and f"/san-pham/{listing.id}/hoi-hang" in page and "/chao-mua/moi" in page
    page = place(client, listing, "20").get_data(as_text=True)
    assert "không đặt hàng trực tiếp được" in page
    assert db.session.scalar(select(func.count()).select_from(Order)) == 0


def test_unpublished_listing_is_not_found(client, login_as, seller, make_listing):
    draft = make_listing(seller[1], status="draft")
    login_as("buyer")
    assert client.get(f"/san-pham/{draft.id}/dat-hang").status_code == 404


def test_seller_cannot_order_own_listing(client, login_as, seller, listing, db):
    login_as(seller[0])
    page = place(client, listing, "10").get_data(as_text=True)
    assert "chính doanh nghiệp mình" in page
    assert db.session.scalar(select(func.count()).select_from(Order)) == 0


def test_ordering_needs_sign_in(client, listing):
    response = client.get(f"/san-pham/{listing.id}/dat-hang")
    assert response.status_code == 302 and "/dang-nhap" in response.location


# --- the state machine ----------------------------------------------------------------------------
@pytest.fixture
def order(make_user, listing):
    buyer = make_user(email="nguoimua@example.vn")
    return services.create_order_from_listing(buyer, listing, 20, "Số 5 Phố Hiến")


def statuses(db, order):
    return [(e.from_status, e.to_status, e.actor_id) for e in db.session.scalars(
        select(OrderEvent).where(OrderEvent.order_id == order.id).order_by(OrderEvent.id))]


def act(client, order, action, note="", confirm="1"):
    return post_form(client, f"/don-hang/{order.reference}/thao-tac",
                     {"action": action, "note": note, "confirm": confirm},
                     form_url=f"/don-hang/{order.reference}", follow_redirects=True)


def test_full_life_with_bank_transfer_and_audit_trail(client, login_as, order, seller, db):
    owner = seller[0]
    login_as(owner)
    page = order_page(client, order.reference).get_data(as_text=True)
    assert "Đã nhận chuyển khoản" in page and "Đánh dấu đã giao hàng" not in page
    act(client, order, "confirm_transfer")
    page = act(client, order, "ship", "Giao qua Viettel Post").get_data(as_text=True)
    assert "đã giao đi" in page and "Giao qua Viettel Post" in page
    logout(client)
    login_as(order.buyer)
    page = order_page(client, order.reference).get_data(as_text=True)
    assert "Xác nhận đã nhận hàng" in page and "Hủy đơn" not in page
    page = act(client, order, "complete").get_data(as_text=True)
    assert "hoàn tất" in page
    db.session.refresh(order)
    assert order.status == "completed"
    buyer_id = order.buyer_id
    assert statuses(db, order) == [(None, "awaiting_payment", buyer_id),
                                   ("awaiting_payment", "paid", owner.id),
                                   ("paid", "shipped", owner.id),
                                   ("shipped", "completed", buyer_id)]
    assert all(e.created_at for e in order.events)


def test_illegal_transitions_are_refused_and_leave_no_trace(client, login_as, order, seller, db):
    login_as(order.buyer)
    page = act(client, order, "ship").get_data(as_text=True)  # the buyer cannot ship
    assert "Chỉ doanh nghiệp bán mới đánh dấu đã giao hàng" in page
    page = act(client, order, "complete").get_data(as_text=True)  # not shipped yet
    assert "Không thể thực hiện thao tác này" in page
    page = act(client, order, "confirm_transfer").get_data(as_text=True)  # buyers cannot pay by hand
    assert "không có quyền" in page
    db.session.refresh(order)
    assert order.status == "awaiting_payment" and len(statuses(db, order)) == 1
    with pytest.raises(services.TradeError):
        services.mark_shipped(order, seller[0])  # unpaid
    with pytest.raises(services.TradeError):
        services.mark_refunded(order)  # nothing was paid
    assert len(statuses(db, order)) == 1


def test_buyer_cancels_while_awaiting_payment_only(client, login_as, order, db):
    login_as(order.buyer)
    page = act(client, order, "cancel", "Đặt nhầm").get_data(as_text=True)
    assert "đã hủy" in page
    db.session.refresh(order)
    assert order.status == "cancelled"
    page = act(client, order, "cancel").get_data(as_text=True)
    assert "Không thể thực hiện" in page
    with pytest.raises(services.TradeError):  # a cancelled order cannot be paid afterwards
        services.mark_paid(order, None, "card")
    assert [s[1] for s in statuses(db, order)] == ["awaiting_payment", "cancelled"]


def test_seller_may_cancel_before_payment_not_after(order, seller, listing, db, app):
    other = services.create_order_from_listing(order.buyer, listing, 10)
    services.cancel_order(other, seller[0], "Hết hàng")
    assert other.status == "cancelled"
    assert any("bị hủy" in m["subject"] and m["to"] == "nguoimua@example.vn" for m in outbox(app))
    services.mark_paid(order, None, "card", "pi_123")
    with pytest.raises(services.TradeError):
        services.cancel_order(order, seller[0])
    with pytest.raises(services.TradeError):
        services.cancel_order(order, order.buyer)


def test_mark_paid_is_idempotent_and_by_the_system_for_cards(order, db):
    assert services.mark_paid(order, None, "card", "pi_1") is True
    assert services.mark_paid(order, None, "card", "pi_1") is False
    assert order.status == "paid" and order.payment_method == "card"
    paid_events = [s for s in statuses(db, order) if s[1] == "paid"]
    assert paid_events == [("awaiting_payment", "paid", None)]


def test_nobody_marks_a_card_order_paid_by_hand(client, login_as, order, seller, make_user, db):
    order.payment_method = "card"
    db.session.commit()
    with pytest.raises(services.TradeError):
        services.mark_paid(order, seller[0], "bank_transfer")
    with pytest.raises(services.TradeError):
        services.mark_paid(order, make_user("admin"), "card")
    login_as(seller[0])
    page = order_page(client, order.reference).get_data(as_text=True)
    assert "Đã nhận chuyển khoản" not in page
    page = act(client, order, "confirm_transfer").get_data(as_text=True)
    assert "chỉ được ghi nhận qua cổng thanh toán" in page
    db.session.refresh(order)
    assert order.status == "awaiting_payment"


def test_refund_is_idempotent_and_only_after_payment(order, seller, make_user, db):
    services.mark_paid(order, seller[0], "bank_transfer")
    with pytest.raises(services.TradeError):
        services.mark_refunded(order, order.buyer)  # a buyer does not refund himself
    assert services.mark_refunded(order, None, "re_1") is True
    assert services.mark_refunded(order, None, "re_1") is False
    assert order.status == "refunded"
    assert [s[1] for s in statuses(db, order)] == ["awaiting_payment", "paid", "refunded"]


def test_mark_paid_without_commit_joins_the_callers_transaction(order, db):
    assert services.mark_paid(order, None, "card", commit=False) is True
    db.session.rollback()
    db.session.refresh(order)
    assert order.status == "awaiting_payment" and len(statuses(db, order)) == 1


# --- permissions ----------------------------------------------------------------------------------
def test_another_buyer_gets_404(client, login_as, order):
    login_as("buyer")
    assert order_page(client, order.reference).status_code == 404
    assert client.post(f"/don-hang/{order.reference}/thao-tac",
                       data={"action": "cancel"}).status_code in (400, 404)
    db_order_status = order.status
    assert db_order_status == "awaiting_payment"


def test_seller_of_another_enterprise_cannot_see_or_move(client, login_as, order, verified_owner,
                                                         db):
    other_owner, _ = verified_owner(name="Công ty Khác")
    login_as(other_owner)
    assert order_page(client, order.reference).status_code == 404
    with pytest.raises(services.TradeError):
        services.cancel_order(order, other_owner)
    with pytest.raises(services.TradeError):
        services.mark_paid(order, other_owner, "bank_transfer")
    db.session.refresh(order)
    assert order.status == "awaiting_payment"


def test_staff_and_owner_both_act_for_their_enterprise(client, login_as, order, seller, add_staff,
                                                       db):
    staff = add_staff(seller[1])
    login_as(staff)
    act(client, order, "confirm_transfer")
    logout(client)
    login_as(seller[0])
    act(client, order, "ship")
    db.session.refresh(order)
    assert order.status == "shipped"
    assert [s[2] for s in statuses(db, order)][1:] == [staff.id, seller[0].id]


def test_order_lists_for_buyer_and_seller(client, login_as, order, seller, make_user):
    login_as(order.buyer)
    assert order.reference in client.get("/don-hang").get_data(as_text=True)
    logout(client)
    login_as(seller[0])
    assert order.reference in client.get("/don-hang").get_data(as_text=True)
    logout(client)
    login_as("buyer")
    assert order.reference not in client.get("/don-hang").get_data(as_text=True)


def test_order_note_is_escaped(client, login_as, listing, db):
    login_as("buyer")
    place(client, listing, "10", note="<script>alert(1)</script>")
    order = db.session.scalar(select(Order))
    page = order_page(client, order.reference).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_payment_placeholder_is_included_when_present(client, login_as, order, app):
    # the payments part renders payments/_order_payment.html; without it the page still works
    login_as(order.buyer)
    assert order_page(client, order.reference).status_code == 200


def test_a_buyer_without_enterprise_finds_orders_and_inbox_in_the_header(client, login_as, order):
    login_as(order.buyer)
    page = client.get("/").get_data(as_text=True)
    assert 'href="/don-hang"' in page and 'href="/hop-thu"' in page
    assert "Thông báo" in page


# every step from every state: only the allowed ones move the order, each leaves one event
STEPS = {
    "buyer cancels": lambda o, buyer, seller: services.cancel_order(o, buyer),
    "seller cancels": lambda o, buyer, seller: services.cancel_order(o, seller),
    "seller ships": lambda o, buyer, seller: services.mark_shipped(o, seller),
    "buyer completes": lambda o, buyer, seller: services.confirm_completed(o, buyer),
    "gateway pays": lambda o, buyer, seller: services.mark_paid(o, None, "card"),
    "gateway refunds": lambda o, buyer, seller: services.mark_refunded(o, None),
    "buyer ships": lambda o, buyer, seller: services.mark_shipped(o, buyer),
    "seller completes": lambda o, buyer, seller: services.confirm_completed(o, seller),
}
ALLOWED = {
    ("awaiting_payment", "buyer cancels"): "cancelled",
    ("awaiting_payment", "seller cancels"): "cancelled",
    ("awaiting_payment", "gateway pays"): "paid",
    ("paid", "seller ships"): "shipped",
    ("paid", "gateway refunds"): "refunded",
    ("shipped", "buyer completes"): "completed",
    ("shipped", "gateway refunds"): "refunded",
    ("completed", "gateway refunds"): "refunded",
}
IDEMPOTENT = {("paid", "gateway pays"), ("shipped", "gateway pays"), ("completed", "gateway pays"),
              ("refunded", "gateway pays"), ("refunded", "gateway refunds")}


@pytest.mark.parametrize("start", ["awaiting_payment", "paid", "shipped", "completed",
                                   "cancelled", "refunded"])
def test_transition_table(start, order, seller, db):
    order.status = start
    db.session.commit()
    for step, run in STEPS.items():
        order.status = start
        db.session.commit()
        before = len(statuses(db, order))
        expected = ALLOWED.get((start, step))
        if expected:
            run(order, order.buyer, seller[0])
            assert order.status == expected, step
            assert statuses(db, order)[-1][:2] == (start, expected), step
            assert len(statuses(db, order)) == before + 1
        elif (start, step) in IDEMPOTENT:
            assert run(order, order.buyer, seller[0]) is False, step
            assert len(statuses(db, order)) == before
        else:
            with pytest.raises(services.TradeError):
                run(order, order.buyer, seller[0])
            db.session.refresh(order)
            assert order.status == start, step
            assert len(statuses(db, order)) == before, step
