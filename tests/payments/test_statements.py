"""Bank statement import: matched by reference AND exact amount; unmatched and ambiguous rows
reported; any invalid row refuses the file."""

import io

import pytest
from sqlalchemy import func, select

from tests.conftest import post_form
from tests.payments.conftest import STRIPE_KEYS, fresh
from trading_floor.payments import statements
from trading_floor.payments.models import BankStatementImport, BankStatementRow, Payment
from trading_floor.trade.models import Order

URL = "/so-cong-thuong/sao-ke-ngan-hang"


@pytest.fixture
def orders(app, make_order, verified_owner):
    seller = verified_owner()
    return [make_order(total_vnd=total, seller=seller)
            for total in (1_250_000, 3_000_000, 3_000_000, 800_000)]


def csv(*rows, header="transaction_date,amount,description"):
    return ("\ufeff" + "\r\n".join([header, *rows]) + "\r\n").encode("utf-8")


def test_matching_reports_matched_unmatched_and_ambiguous(app, db, orders, make_user):
    a, b, c, d = orders
    officer = make_user("officer")
    content = csv(
        f"28/11/2026,1.250.000,CT TU NGUYEN VAN A {a.reference} THANH TOAN",   # matched
        f"28/11/2026,3000000,MBVCB.123.{b.reference}.CONG TY B",              # matched
        "28/11/2026,500000,chuyen tien hang",                                  # no reference
        f"28/11/2026,900000,{d.reference} thanh toan",                         # wrong amount
        "28/11/2026,700000,HY999999 thanh toan",                               # unknown order
        f"29/11/2026,3000000,{b.reference} {c.reference} gop",                 # two candidates
        f"29/11/2026,800000,{d.reference}",                                    # matched, twice
        f"29/11/2026,800000,lan 2 {d.reference}",
    )
    report = statements.import_statement(content, "saoke.csv", officer)
    assert report.ok
    outcomes = [(line.line, line.outcome) for line in report.lines]
    assert outcomes == [(2, "matched"), (3, "matched"), (4, "unmatched"), (5, "unmatched"),
                        (6, "unmatched"), (7, "ambiguous"), (8, "ambiguous"), (9, "ambiguous")]
    reasons = {line.line: line.reason for line in report.lines}
    assert "Không thấy mã đơn hàng" in reasons[4]
    assert "900.000" in reasons[5] and "800.000" in reasons[5]
    assert "HY999999" in reasons[6]
    assert b.reference in reasons[7] and c.reference in reasons[7]
    assert "Nhiều dòng sao kê" in reasons[8] and "Nhiều dòng sao kê" in reasons[9]
    assert fresh(Order, a.id).status == "paid"
    assert fresh(Order, b.id).status == "paid"
    # an officer decides the ambiguous rows: nothing was applied for them
    assert fresh(Order, c.id).status == "awaiting_payment"
    assert fresh(Order, d.id).status == "awaiting_payment"
    statement = db.session.scalar(select(BankStatementImport))
    assert (statement.matched, statement.unmatched, statement.ambiguous) == (2, 3, 3)


def test_one_row_naming_two_orders_of_the_same_amount_is_ambiguous(app, orders, make_user):
    _, b, c, _ = orders
    report = statements.import_statement(
        csv(f"28/11/2026,3000000,{b.reference} {c.reference}"), "s.csv", make_user("officer"))
    assert [line.outcome for line in report.lines] == ["ambiguous"]
    assert fresh(Order, b.id).status == fresh(Order, c.id).status == "awaiting_payment"


def test_an_order_already_paid_is_not_paid_twice(app, db, orders, make_user):
    a = orders[0]
    officer = make_user("officer")
    row = f"28/11/2026,1250000,{a.reference}"
    statements.import_statement(csv(row), "s1.csv", officer)
    report = statements.import_statement(csv(row), "s2.csv", officer)
    assert report.lines[0].outcome == "unmatched"
    assert "không còn chờ thanh toán" in report.lines[0].reason
    assert db.session.scalar(select(func.count(Payment.id))) == 1


def test_card_orders_are_not_matched_by_transfer(app, make_order, make_user):
    app.config.update(STRIPE_KEYS)
    order = make_order(payment_method="card")
    report = statements.import_statement(
        csv(f"28/11/2026,{order.total_vnd},{order.reference}"), "s.csv", make_user("officer"))
    assert report.lines[0].outcome == "unmatched"
    assert fresh(Order, order.id).status == "awaiting_payment"


def test_vietnamese_headers_are_accepted(app, orders, make_user):
    a = orders[0]
    report = statements.import_statement(
        csv(f"2026-11-28,1250000,{a.reference}", header="Ngày giao dịch,Số tiền,Nội dung"),
        "s.csv", make_user("officer"))
    assert report.ok and report.lines[0].outcome == "matched"


@pytest.mark.parametrize("bad_row,column", [
    ("31/02/2026,1250000,HY000123", "transaction_date"),
    ("28/11/2026,-1250000,HY000123", "amount"),
    ("28/11/2026,1.250.000.5,HY000123", "amount"),
    ("28/11/2026,12.5,HY000123", "amount"),
    ("28/11/2026,1250000,", "description"),
])
def test_any_invalid_row_refuses_the_file(app, db, orders, make_user, bad_row, column):
    a = orders[0]
    report = statements.import_statement(
        csv(f"28/11/2026,1250000,{a.reference}", bad_row), "s.csv", make_user("officer"))
    assert not report.ok
    assert (report.errors[0].line, report.errors[0].column) == (3, column)
    assert fresh(Order, a.id).status == "awaiting_payment"
    assert db.session.scalar(select(func.count(BankStatementRow.id))) == 0


def test_missing_column_refuses_the_file(app, make_user):
    report = statements.import_statement(b"date,amount\n28/11/2026,1000\n", "s.csv",
                                         make_user("officer"))
    assert not report.ok and "description" in report.errors[0].reason


@pytest.mark.parametrize("text,amount", [("1.250.000", 1_250_000), ("1,250,000", 1_250_000),
                                         ("1250000", 1_250_000), ("1 250 000 ₫", 1_250_000),
                                         ("1250000.00", 1_250_000), ("1250000 VND", 1_250_000)])
def test_amounts_as_banks_write_them(text, amount):
    assert statements.parse_amount(text) == amount


def test_officer_uploads_through_the_page(client, login_as, orders, make_user):
    a = orders[0]
    login_as(make_user("officer"))
    data = {"file": (io.BytesIO(csv(f"28/11/2026,1250000,{a.reference}",
                                    "28/11/2026,5000,khong ro")), "saoke.csv")}
    response = post_form(client, URL, data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert "khớp 1, không khớp 1" in page
    assert "Không thấy mã đơn hàng" in page
    assert fresh(Order, a.id).status == "paid"


def test_only_officers_import_statements(client, login_as, make_user):
    login_as(make_user())
    assert client.get(URL).status_code == 403
