import csv
import html
import io
import re

import pytest
from openpyxl import load_workbook

from tests.conftest import post_form
from tests.monitoring.conftest import EXPECTED

ROUTES = ["/theo-doi/", "/theo-doi/?period=2025", "/theo-doi/nhom/size/small",
          "/theo-doi/van-dong", "/theo-doi/xuat/summary.csv", "/theo-doi/xuat/commune.xlsx",
          "/theo-doi/xuat/outreach.csv", "/theo-doi/bao-cao", "/theo-doi/cai-dat",
          "/theo-doi/khoa-api"]


def officer_token(runner, email="canbo@so.vn"):
    result = runner.invoke(args=["monitoring", "token", "create", "--officer", email])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def api(client, token, **params):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get("/api/v1/participation", query_string=params, headers=headers)


def test_dashboard_shows_both_rates_as_number_fraction_and_bar(province, client, login_as):
    login_as(province.officer)
    page = client.get("/theo-doi/?period=2025").get_data(as_text=True)
    assert "Tỷ lệ tham gia sàn" in page and "Tỷ lệ truy cập sàn" in page
    assert "33,3%" in page and "2 / 6" in page  # participation 2 of 6
    assert "50,0%" in page and "3 / 6" in page  # access 3 of 6
    assert 'role="progressbar"' in page and "<svg" in page
    assert "Phường Phố Hiến" in page and "Siêu nhỏ" in page  # breakdowns by commune and size
    default = client.get("/theo-doi/").get_data(as_text=True)
    assert "Năm 2026" in default and "kỳ chưa kết thúc" in default


def test_thousands_are_written_with_dots(app):
    from trading_floor.i18n import format_number

    assert f"{format_number(1214)} / {format_number(2987)}" == "1.214 / 2.987"


def test_a_bad_period_is_explained_in_vietnamese(province, client, login_as):
    login_as(province.officer)
    page = client.get("/theo-doi/?period=2026-13").get_data(as_text=True)
    assert "tháng phải từ 1 đến 12" in page and "Năm 2026" in page


def test_group_row_lists_its_enterprises(province, client, login_as):
    login_as(province.officer)
    page = client.get("/theo-doi/nhom/commune/11983?period=2025").get_data(as_text=True)
    assert "Công ty Beta" in page and "Công ty Theta" in page and "Công ty Alpha" not in page


def test_outreach_filters_and_contacts(province, client, login_as):
    login_as(province.officer)
    page = client.get("/theo-doi/van-dong?period=2025&missing=access&commune=11983")
    text = page.get_data(as_text=True)
    assert "Công ty Epsilon" in text and "0221386000" in text and "Công ty Delta" not in text


def test_api_page_and_exports_agree(province, client, runner, login_as):
    token = officer_token(runner)
    body = api(client, token, period="2025", group_by="commune").get_json()
    d, p, a = EXPECTED["2025"]
    assert body["period"] == {"label": "Năm 2025", "start": "2025-01-01", "end": "2025-12-31"}
    assert body["targets"] == {"participation": 0.5, "access": 0.8}
    assert body["total"] == {"denominator": d, "participating": p, "participation_rate": round(p / d, 6),
                             "accessing": a, "access_rate": round(a / d, 6),
                             "connected": 0, "connected_rate": 0.0}  # no outside shop recorded
    groups = {g["key"]: g for g in body["groups"]}
    assert groups[11983]["name"] == "Phường Sơn Nam"
    assert (groups[11983]["denominator"], groups[11983]["participating"],
            groups[11983]["accessing"]) == (3, 0, 2)

    login_as(province.officer)
    raw = client.get("/theo-doi/xuat/commune.csv?period=2025").data
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Mã", "Xã/phường", "Số doanh nghiệp (mẫu số)"]
    by_key = {row[0]: row for row in rows[1:]}
    assert by_key["11983"][2:6] == ["3", "0", "0.0", "2"]

    book = load_workbook(io.BytesIO(client.get("/theo-doi/xuat/summary.xlsx?period=2025").data))
    sheet = book.active
    assert [c.value for c in sheet[2]][1] == "Số doanh nghiệp (mẫu số)"
    values = [c.value for c in sheet[3]]
    assert values[1:3] == [d, p] and values[4] == a

    page = client.get("/theo-doi/?period=2025").get_data(as_text=True)
    assert f"{p} / {d}" in page and f"{a} / {d}" in page

    sector = api(client, token, period="2025-Q2", group_by="sector").get_json()
    assert sector["total"]["denominator"] == EXPECTED["2025-Q2"][0]
    assert {g["key"] for g in sector["groups"]} == {"A", "C"}
    assert api(client, token, period="last-90-days", group_by="size").status_code == 200


def test_api_refuses_without_or_with_a_bad_token(province, client, runner, make_user, db):
    assert api(client, None, period="2025").status_code == 401
    assert api(client, "hyt_not-a-token", period="2025").status_code == 401
    token = officer_token(runner)
    assert api(client, token, period="2025-Q5").status_code == 400
    assert "Kỳ" in api(client, token, period="2025-Q5").get_json()["error"]
    assert api(client, token, period="2025", group_by="district").status_code == 400
    province.officer.role = "buyer"  # the officer left the Department
    db.session.commit()
    assert api(client, token, period="2025").status_code == 403


def test_only_officers_get_a_token_from_the_command(province, runner):
    result = runner.invoke(args=["monitoring", "token", "create", "--officer", "alpha@dn.vn"])
    assert result.exit_code != 0 and "Chỉ cán bộ" in result.output


@pytest.mark.parametrize("who", ["buyer", "owner"])
def test_non_officers_are_refused_everywhere(province, client, login_as, who):
    user = province.u[1] if who == "owner" else who
    login_as(user)
    for url in ROUTES:
        assert client.get(url).status_code == 403, url
    assert client.post("/theo-doi/khoa-api/1/thu-hoi").status_code in (400, 403)


def test_anonymous_visitors_are_sent_to_sign_in(province, client):
    for url in ROUTES:
        response = client.get(url)
        assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"], url


def test_an_officer_cannot_change_targets_but_an_admin_can(province, client, runner, login_as,
                                                          make_user):
    login_as(province.officer)
    assert client.get("/theo-doi/cai-dat").status_code == 403
    token = officer_token(runner)
    post_form(client, "/dang-xuat", {}, form_url="/theo-doi/")
    admin = make_user("admin")
    client_admin = client
    login_as(admin)
    bad = post_form(client_admin, "/theo-doi/cai-dat",
                    {"participation_target": "150", "access_target": "80"})
    assert "Chỉ tiêu phải từ 1 đến 100" in bad.get_data(as_text=True)
    response = post_form(client_admin, "/theo-doi/cai-dat",
                         {"participation_target": "60", "access_target": "85",
                          "deadline": "2030-12-31"})
    assert response.status_code == 302
    assert api(client, token, period="2025").get_json()["targets"] == {"participation": 0.6,
                                                                       "access": 0.85}
    page = client.get("/theo-doi/?period=2025").get_data(as_text=True)
    assert "31/12/2030" in page and "Chỉ tiêu 60%" in page


def test_officer_creates_and_revokes_a_token(province, client, login_as):
    login_as(province.officer)
    page = post_form(client, "/theo-doi/khoa-api", {"name": "Hệ thống báo cáo"})
    text = page.get_data(as_text=True)
    import re

    raw = re.search(r'<code class="token">([^<]+)</code>', text).group(1)
    assert api(client, raw, period="2025").status_code == 200
    from trading_floor.monitoring.models import ApiToken

    token = ApiToken.query.one()
    assert token.token_hash != raw and raw not in client.get("/theo-doi/khoa-api").get_data(
        as_text=True)
    post_form(client, f"/theo-doi/khoa-api/{token.id}/thu-hoi", {}, form_url="/theo-doi/khoa-api")
    assert api(client, raw, period="2025").status_code == 401


def test_print_report_fits_the_period(province, client, login_as):
    login_as(province.officer)
    page = client.get("/theo-doi/bao-cao?period=2025").get_data(as_text=True)
    assert "Báo cáo tỷ lệ doanh nghiệp tham gia" in page and "2 / 6" in page
    from trading_floor.config import ROOT

    css = (ROOT / "static" / "css" / "monitoring.css").read_text()
    assert "monitoring.css" in page
    assert "@page { size: A4 portrait" in css


def test_breakdown_tables_sort_by_any_column(province, client, login_as):
    login_as(province.officer)
    def commune_table(sort):
        page = client.get(f"/theo-doi/?period=2025&sort_commune={sort}").get_data(as_text=True)
        return page[page.index('id="theo-commune"'):page.index('id="theo-sector"')]

    # access in 2025: Sơn Nam 2 of 3, Phố Hiến 1 of 3
    table = commune_table("-access_rate")
    assert table.index("Phường Sơn Nam") < table.index("Phường Phố Hiến")
    assert 'aria-sort="descending"' in table
    table = commune_table("access_rate")
    assert table.index("Phường Phố Hiến") < table.index("Phường Sơn Nam")


def test_outreach_list_pages_through_more_than_a_hundred_enterprises(client, login_as,
                                                                     make_enterprise):
    for number in range(101):
        make_enterprise(name=f"Công ty Vận Động {number:03d}")
    login_as("officer")
    first = client.get("/theo-doi/van-dong?period=last-30-days")
    assert first.status_code == 200
    text = first.get_data(as_text=True)
    assert "101 doanh nghiệp" in text and "Trang 1 / 2" in text
    assert text.count("Công ty Vận Động") == 100
    link = re.search(r'<a href="([^"]+)" rel="next">Sau ›</a>', text)
    assert link, "no next-page link"
    second = client.get(html.unescape(link.group(1)))
    assert second.status_code == 200
    text = second.get_data(as_text=True)
    assert "Trang 2 / 2" in text and text.count("Công ty Vận Động") == 1
    assert 'rel="prev"' in text and 'rel="next"' not in text
