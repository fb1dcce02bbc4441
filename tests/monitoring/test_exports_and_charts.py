"""Issue 10: the CSV exports say which decimal mark they use; the sector and size charts stay
readable on a phone (labels >= 11 px as rendered)."""

import csv
import io

import pytest

from tests.monitoring.conftest import EXPECTED


def _csv(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_csv_states_its_decimal_point_in_the_header(province, client, login_as):
    login_as(province.officer)
    rows = _csv(client, "/theo-doi/xuat/summary.csv?period=2025")
    header = rows[0]
    assert "Tỷ lệ tham gia (%) [thập phân dùng dấu chấm, vd 41.7]" in header
    assert "Tỷ lệ truy cập (%) [thập phân dùng dấu chấm, vd 41.7]" in header
    assert "Số doanh nghiệp (mẫu số)" in header  # whole numbers need no note
    d, p, _a = EXPECTED["2025"]
    rate = rows[1][header.index("Tỷ lệ tham gia (%) [thập phân dùng dấu chấm, vd 41.7]")]
    assert rate == f"{round(p / d * 100, 1)}" and "," not in rate


def test_csv_note_in_english(province, client, login_as):
    login_as(province.officer)
    client.get("/ngon-ngu/en")
    header = _csv(client, "/theo-doi/xuat/commune.csv?period=2025")[0]
    assert any(h.endswith("[decimal point, e.g. 41.7]") for h in header)


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1366])
def test_sector_and_size_chart_labels_are_at_least_11_px(province, page, login_as, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/dang-nhap")
    page.fill("#email", province.officer.email)
    page.fill("#password", "matkhau123")
    page.click("main form button[type=submit]")
    page.goto("/theo-doi/?period=2025")
    for dimension in ("sector", "size"):
        svg = page.locator(f"#theo-{dimension} svg.chart-bars")
        assert svg.count() == 1
        sizes = svg.evaluate("""svg => [...svg.querySelectorAll('text')].map(t =>
            parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)""")
        assert sizes and min(sizes) >= 11, (dimension, min(sizes))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
