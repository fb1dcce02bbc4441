"""Bank transfer with VietQR, the seller's confirmation, bank settings and who may do what."""

import pytest
from sqlalchemy import select

from tests.conftest import post_form
from tests.payments.conftest import STRIPE_KEYS, fresh
from trading_floor.payments import vietqr
from trading_floor.payments.models import Payment
from trading_floor.trade.models import Order, OrderEvent


def page_url(order, suffix=""):
    return f"/thanh-toan/don-hang/{order.reference}{suffix}"


def test_buyer_sees_account_and_vietqr_without_stripe_keys(client, login_as, make_order):
    order = make_order(total_vnd=1_250_000)
    login_as(order.buyer_user)
    page = client.get(page_url(order)).get_data(as_text=True)
    assert "0011001800879" in page and "CONG TY TNHH NHAN LONG PHO HIEN" in page
    assert "1.250.000" in page and order.reference in page
    assert "Trả bằng thẻ" not in page and "/the" not in page  # no keys: no card option
    svg = client.get(page_url(order, "/vietqr.svg"))
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"


def test_the_qr_encodes_the_outstanding_amount_and_reference(app, make_order):
    from trading_floor.payments import services

    order = make_order(total_vnd=1_250_000)
    panel = services.panel(order, order.buyer_user)
    fields = vietqr.parse(panel.qr_payload)
    assert fields["54"] == "1250000"
    assert vietqr.parse(fields["62"])["08"] == order.reference
    assert vietqr.crc_ok(panel.qr_payload)


def test_seller_marks_the_transfer_received(client, login_as, make_order, db):
    order = make_order()
    login_as(order.seller_owner)
    response = post_form(client, page_url(order, "/da-nhan-chuyen-khoan"), {"confirm": "1"},
                         form_url=page_url(order), follow_redirects=True)
    assert "Đã ghi nhận chuyển khoản" in response.get_data(as_text=True)
    order = fresh(Order, order.id)
    assert order.status == "paid"
    event = db.session.scalar(select(OrderEvent).where(OrderEvent.order_id == order.id))
    assert event.to_status == "paid" and event.actor_id == order.seller_owner.id
    # a second click changes nothing
    post_form(client, page_url(order, "/da-nhan-chuyen-khoan"), {"confirm": "1"}, form_url=page_url(order))
    assert len(db.session.scalars(select(Payment)).all()) == 1


def test_nobody_marks_a_card_order_paid_by_hand(app, client, login_as, make_order, make_user):
    from trading_floor.payments import services

    app.config.update(STRIPE_KEYS)
    order = make_order(payment_method="card")
    login_as(order.seller_owner)
    page = client.get(page_url(order)).get_data(as_text=True)
    assert "Đã nhận chuyển khoản" not in page
    response = post_form(client, page_url(order, "/da-nhan-chuyen-khoan"), {"confirm": "1"},
                         form_url=page_url(order), follow_redirects=True)
    assert "không ai đánh dấu đã trả bằng tay" in response.get_data(as_text=True)
    assert fresh(Order, order.id).status == "awaiting_payment"
    for who in (order.seller_owner, make_user("admin"), make_user("officer"), order.buyer_user):
        with pytest.raises(services.PaymentError):
            services.mark_transfer_received(fresh(Order, order.id), who)
        assert fresh(Order, order.id).status == "awaiting_payment"


def test_a_seller_cannot_act_on_another_enterprises_order(client, login_as, make_order,
                                                          verified_owner):
    order = make_order()
    other_owner, _ = verified_owner()
    login_as(other_owner)
    assert client.get(page_url(order)).status_code == 404
    from trading_floor.payments import services

    with pytest.raises(services.PaymentForbidden):
        services.mark_transfer_received(fresh(Order, order.id), other_owner)
    assert fresh(Order, order.id).status == "awaiting_payment"


def test_a_buyer_cannot_see_another_buyers_order(client, login_as, make_order, make_user):
    order = make_order()
    login_as(make_user())
    assert client.get(page_url(order)).status_code == 404
    assert client.get(page_url(order, "/vietqr.svg")).status_code == 404


def test_buyer_cannot_mark_own_transfer_received(client, login_as, make_order):
    order = make_order()
    login_as(order.buyer_user)
    page = client.get(page_url(order)).get_data(as_text=True)
    assert "Đã nhận chuyển khoản" not in page
    response = post_form(client, page_url(order, "/da-nhan-chuyen-khoan"), {"confirm": "1"},
                         form_url=page_url(order))
    assert response.status_code == 403
    assert fresh(Order, order.id).status == "awaiting_payment"


def test_over_the_limit_the_buyer_is_told_plainly(app, client, login_as, make_order):
    app.config.update(STRIPE_KEYS)
    order = make_order(total_vnd=250_000_000, payment_method="card")
    login_as(order.buyer_user)
    page = client.get(page_url(order)).get_data(as_text=True)
    assert "tối đa 99.999.999" in page
    assert "đặt cọc 75.000.000" in page and "175.000.000" in page
    # the transfer part is shown alongside the deposit
    assert "Chuyển khoản 175.000.000" in page


def test_buyer_switches_to_transfer(app, client, login_as, make_order):
    app.config.update(STRIPE_KEYS)
    order = make_order(total_vnd=250_000_000, payment_method="card")
    login_as(order.buyer_user)
    response = post_form(client, page_url(order, "/cach-thanh-toan"),
                         {"method": "bank_transfer"}, form_url=page_url(order),
                         follow_redirects=True)
    assert "Chuyển khoản 250.000.000" in response.get_data(as_text=True)
    assert fresh(Order, order.id).payment_method == "bank_transfer"


def test_card_choice_refused_without_keys(client, login_as, make_order):
    order = make_order()
    login_as(order.buyer_user)
    token_page = client.get(page_url(order)).get_data(as_text=True)
    assert "cach-thanh-toan" not in token_page
    response = client.get(page_url(order, "/the"), follow_redirects=True)
    assert "chưa nhận thanh toán bằng thẻ" in response.get_data(as_text=True)


def test_owner_sets_the_bank_account(client, login_as, verified_owner):
    owner, enterprise = verified_owner()
    login_as(owner)
    response = post_form(client, "/doanh-nghiep/tai-khoan-ngan-hang",
                         {"bank_bin": "97043", "bank_account": "0011001800879",
                          "bank_account_name": "Công ty A"}, follow_redirects=True)
    assert "đúng 6 chữ số" in response.get_data(as_text=True)
    assert fresh(type(enterprise), enterprise.id).bank_bin is None
    response = post_form(client, "/doanh-nghiep/tai-khoan-ngan-hang",
                         {"bank_bin": "970436", "bank_account": "0011 0018 00879",
                          "bank_account_name": "Công ty TNHH Nhãn Lồng"}, follow_redirects=True)
    assert "Đã lưu" in response.get_data(as_text=True)
    saved = fresh(type(enterprise), enterprise.id)
    assert (saved.bank_bin, saved.bank_account, saved.bank_account_name) == (
        "970436", "0011001800879", "CONG TY TNHH NHAN LONG")


def test_only_owners_set_the_bank_account(client, login_as, make_user):
    login_as(make_user())
    assert client.get("/doanh-nghiep/tai-khoan-ngan-hang").status_code == 403


def test_seller_without_bank_account_is_pointed_to_settings(client, login_as, make_order):
    order = make_order(bank=False)
    login_as(order.seller_owner)
    page = client.get(page_url(order)).get_data(as_text=True)
    assert "Doanh nghiệp của bạn chưa khai báo tài khoản nhận chuyển khoản" in page
    assert "hãy liên hệ doanh nghiệp" not in page  # not told to contact itself
    assert "/doanh-nghiep/tai-khoan-ngan-hang" in page


def test_webhook_is_the_only_csrf_exempt_endpoint(app):
    from trading_floor.extensions import csrf

    exempt = {view for view in csrf._exempt_views if view.startswith("trading_floor.payments")}
    assert exempt == {"trading_floor.payments.views.stripe_webhook"}
