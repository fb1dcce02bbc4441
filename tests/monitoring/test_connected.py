"""The connected rate: share of the denominator with a shop on an outside floor at the end of
the period — same periods, breakdowns, exports and API as the two targets."""

from __future__ import annotations

from datetime import date

from tests.monitoring.test_views import api, officer_token
from trading_floor.crosslisting import services as crosslisting
from trading_floor.crosslisting.models import OutsideShop
from trading_floor.monitoring import services
from trading_floor.monitoring.periods import parse_period


def _shop(db, enterprise, started, ended=None, floor="shopee"):
    shop = OutsideShop(enterprise_id=enterprise.id, floor=floor, url="https://shopee.vn/x",
                       started_on=started, ended_on=ended)
    db.session.add(shop)
    db.session.commit()
    return shop


def _connected(key: str) -> tuple[int, int]:
    total = services.period_report(parse_period(key), group_by=()).total
    return total.connected, total.denominator


def test_connected_rate_by_period_breakdown_trend_and_api(province, db, client, runner):
    e = province.e
    alpha = _shop(db, e[1], date(2025, 3, 1))
    _shop(db, e[1], date(2025, 4, 1), floor="voso")  # two floors: counted once
    _shop(db, e[2], date(2025, 6, 1), date(2025, 10, 1))
    _shop(db, e[5], date(2027, 1, 1))  # not yet started in any period shown
    assert _connected("2025-Q2") == (2, 7)
    assert _connected("2025") == (1, 6)
    # ending a shop today leaves the past as it was
    crosslisting.end_shop(alpha)
    assert _connected("2025") == (1, 6)
    assert _connected("2026") == (1, 6)  # the voso shop still runs
    report = services.period_report(parse_period("2025-Q2"), group_by=("commune",))
    by_commune = {g.key: g.tally.connected for g in report.groups["commune"]}
    assert by_commune[11983] == 1 and sum(by_commune.values()) == 2
    trend = {p.period.key: p.tally.connected for p in services.monthly_trend(24)}
    assert trend["2025-05"] == 1 and trend["2025-06"] == 2 and trend["2025-10"] == 1
    token = officer_token(runner)
    body = api(client, token, period="2025-Q2", group_by="sector").get_json()
    assert body["total"]["connected"] == 2
    assert body["total"]["connected_rate"] == round(2 / 7, 6)
    assert sum(g["connected"] for g in body["groups"]) == 2


def test_dashboard_and_exports_show_the_connected_rate(province, db, client, login_as):
    _shop(db, province.e[1], date(2025, 3, 1))
    login_as(province.officer)
    page = client.get("/theo-doi/?period=2025").get_data(as_text=True)
    assert "Tỷ lệ kết nối sàn khác" in page
    csv = client.get("/theo-doi/xuat/summary.csv?period=2025")
    assert csv.status_code == 200
    text = csv.get_data(as_text=True)
    assert "Tỷ lệ kết nối (%)" in text and "16.7" in text
