"""Item 5 of issue 10: a bank transfer when the seller has no bank account is not a dead end, and
the bank shows by its name (NAPAS/VietQR list), not its BIN."""

import pytest
from sqlalchemy import select

from tests.conftest import outbox, post_form
from tests.payments.conftest import fresh
from trading_floor.payments import banks
from trading_floor.registry.models import RegistryEnterprise
from trading_floor.trade.models import Notification


def page_of(client, order):
    response = client.get(f"/don-hang/{order.reference}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_bank_shows_by_name_and_short_name(client, login_as, make_order):
    order = make_order()  # BIN 970436
    login_as(order.buyer_user)
    html = page_of(client, order)
    assert "Vietcombank" in html and "Ngân hàng TMCP Ngoại Thương Việt Nam" in html
    assert 'class="account-number">0011001800879<' in html


def test_the_bank_list_comes_from_the_napas_list():
    assert banks.bank_by_bin("970436").short_name == "Vietcombank"
    assert banks.bank_by_bin("970415").short_name == "VietinBank"
    assert banks.bank_by_bin("970414").short_name == "MBV"  # OceanBank's BIN, renamed in 2025
    assert banks.bank_by_bin("999999") is None
    assert len(banks.BANKS) > 40


def test_buyer_is_told_what_happens_next(client, login_as, make_order):
    order = make_order(bank=False)
    login_as(order.buyer_user)
    html = page_of(client, order)
    assert "Người bán chưa khai báo tài khoản nhận chuyển khoản." in html
    assert "Sàn đã báo cho" in html and "số tài khoản và mã VietQR sẽ hiện ngay tại đây" in html
    assert "0221386000" in html  # the seller's phone, if it is urgent
    assert "Khai báo tài khoản ngay" not in html


def test_seller_is_pointed_to_the_settings_not_told_to_contact_itself(client, login_as,
                                                                     make_order):
    order = make_order(bank=False)
    login_as(order.seller_owner)
    html = page_of(client, order)
    assert "Doanh nghiệp của bạn chưa khai báo tài khoản nhận chuyển khoản" in html
    assert "Khai báo tài khoản ngay" in html and "/doanh-nghiep/tai-khoan-ngan-hang" in html
    assert "Liên hệ người bán" not in html and "hãy liên hệ doanh nghiệp" not in html


def test_workspace_reminds_until_the_account_is_set(client, login_as, verified_owner):
    owner, enterprise = verified_owner()
    login_as(owner)
    page = client.get("/gian-hang/")
    assert page.status_code == 200
    assert "Chưa có tài khoản nhận chuyển khoản" in page.get_data(as_text=True)
    response = post_form(client, "/doanh-nghiep/tai-khoan-ngan-hang", {
        "bank_bin": "970436", "bank_account": "0011001800879",
        "bank_account_name": "Cong ty Nhan Long"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Đã lưu tài khoản nhận chuyển khoản." in html
    assert "Vietcombank" in html and "Ngân hàng TMCP Ngoại Thương Việt Nam" in html
    page = client.get("/gian-hang/")
    assert "Chưa có tài khoản nhận chuyển khoản" not in page.get_data(as_text=True)


def test_an_unknown_bin_is_refused(client, login_as, verified_owner, db):
    owner, enterprise = verified_owner()
    login_as(owner)
    response = post_form(client, "/doanh-nghiep/tai-khoan-ngan-hang", {
        "bank_bin": "999999", "bank_account": "0011001800879",
        "bank_account_name": "Cong ty Nhan Long"})
    assert response.status_code == 200
    assert "Không có ngân hàng nào mang mã BIN 999999" in response.get_data(as_text=True)
    assert fresh(RegistryEnterprise, enterprise.id).bank_bin is None


def test_waiting_buyers_hear_when_the_account_is_set(app, client, login_as, make_order, db):
    order = make_order(bank=False)
    login_as(order.seller_owner)
    post_form(client, "/doanh-nghiep/tai-khoan-ngan-hang", {
        "bank_bin": "970415", "bank_account": "108000123456",
        "bank_account_name": "Cong ty Nhan Long"})
    notes = db.session.scalars(select(Notification).where(
        Notification.user_id == order.buyer_user.id)).all()
    assert any(order.reference in n.text and "bạn có thể chuyển khoản ngay" in n.text
               for n in notes)
    assert any(m["to"] == order.buyer_user.email and order.reference in m["subject"]
               for m in outbox(app))


@pytest.mark.parametrize("lang,text", [("vi", "Người bán chưa khai báo tài khoản"),
                                       ("en", "The seller has not entered a bank account")])
def test_buyer_message_in_both_languages(client, login_as, make_order, lang, text):
    order = make_order(bank=False)
    login_as(order.buyer_user)
    client.get(f"/ngon-ngu/{lang}")
    assert text in page_of(client, order)
