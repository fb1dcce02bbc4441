"""The annual report: its figures reconcile with the monitoring dashboard for the same year, and
its orders, complaints and takedowns are counted inside the year (Vietnamese time)."""

import re

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from tests.monitoring.conftest import EXPECTED
from trading_floor.core.spreadsheet import xlsx_rows
from trading_floor.reporting import annual
from trading_floor.trade.models import Order


def _dashboard_fractions(client, year: int) -> dict[str, tuple[int, int]]:
    """The dashboard's rate cards as the officer reads them: kind -> (part, whole)."""
    page = client.get(f"/theo-doi/?period={year}")
    assert page.status_code == 200
    cards = re.findall(r'rate-card rate-(\w+)".*?<span class="fraction">([\d.]+) / ([\d.]+)</span>',
                       page.get_data(as_text=True), re.S)
    return {kind: (int(a.replace(".", "")), int(b.replace(".", ""))) for kind, a, b in cards}


def _report_figures(client, year: int) -> dict[str, int]:
    page = client.get(f"/so-cong-thuong/bao-cao-nam?nam={year}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    found = re.findall(r"<td>([^<]+)</td><td class=\"num\" data-figure=\"(\d+)\">", html)
    return {item: int(figure) for item, figure in found}


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_report_reconciles_with_the_dashboard_for_the_same_year(province, client, login_as,
                                                                     year):
    login_as("officer")
    cards = _dashboard_fractions(client, year)
    (participating, whole), (accessing, whole_again) = cards["participation"], cards["access"]
    figures = _report_figures(client, year)
    assert figures["Doanh nghiệp trong sổ đăng ký (mẫu số)"] == whole == whole_again
    assert figures["Doanh nghiệp bán hàng trên sàn (tham gia)"] == participating
    assert figures["Doanh nghiệp truy cập sàn"] == accessing
    assert (whole, participating, accessing) == EXPECTED[str(year)]  # computed by hand
    sheet = xlsx_rows(client.get(f"/so-cong-thuong/bao-cao-nam/{year}.xlsx").data)
    assert ("Doanh nghiệp", "Doanh nghiệp bán hàng trên sàn (tham gia)", participating) in sheet


def test_orders_and_their_value_by_payment_method_inside_the_year(client, login_as, listing, db,
                                                                 make_user):
    from trading_floor.trade import services as trade

    buyer = make_user()
    with freeze_time("2025-12-31 16:59:59"):  # 23:59:59 on 31/12/2025 in Vietnam
        trade.create_order_from_listing(buyer, listing, 20, "Phố Hiến")
    with freeze_time("2025-12-31 17:00:00"):  # 00:00 on 1/1/2026
        trade.create_order_from_listing(buyer, listing, 100, "Phố Hiến")
        card = trade.create_order_from_listing(buyer, listing, 10, "Phố Hiến",
                                               payment_method="card")
        cancelled = trade.create_order_from_listing(buyer, listing, 10, "Phố Hiến")
        trade.cancel_order(cancelled, buyer)
    report = annual.build(2026)
    assert report.orders == {"bank_transfer": (1, 4_500_000), "card": (1, 500_000)}
    assert report.orders_total == (2, 5_000_000) and report.orders_cancelled == 1
    assert annual.build(2025).orders == {"bank_transfer": (1, 1_000_000)}
    assert db.session.scalar(select(Order.payment_method).where(Order.id == card.id)) == "card"
