"""Unbounded import report (issue 15): a refused file shows its first 1,000 errors and the totals
per column; the full list is a CSV download for the one who imported it."""

from __future__ import annotations

import csv
import io
import re
from io import BytesIO

import pytest

from tests.conftest import post_form

REGISTRY_HEADER = ("enterprise_code,name,address,commune_code,vsic_code,size_class,status,phone,"
                   "email,registered_on\r\n")


def _bad_registry(rows: int) -> bytes:
    # every row: a wrong code and an unknown commune — two errors a row
    body = "".join(f"12345,Công ty {n},Số 1,99999,0121,small,active,,,\r\n" for n in range(rows))
    return (REGISTRY_HEADER + body).encode()


def _download_link(page: str) -> str:
    match = re.search(r'href="(/bao-cao-nhap/[^"]+\.csv)"', page)
    assert match, "no download link for the full report"
    return match.group(1)


def test_a_huge_refused_registry_file_shows_1000_errors_totals_and_a_full_csv(
        app, client, login_as, make_user):
    login_as("officer")
    response = post_form(client, "/so-cong-thuong/so-dang-ky",
                         {"file": (BytesIO(_bad_registry(800)), "so.csv")},
                         content_type="multipart/form-data", follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count("<tr><td>") == 1000
    assert "1.600 lỗi" in page and "enterprise_code: 800" in page and "commune_code: 800" in page
    assert "Chỉ hiện 1.000 lỗi đầu tiên" in page
    link = _download_link(page)
    download = client.get(link)
    assert download.status_code == 200
    assert download.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(download.data.decode("utf-8-sig"))))
    assert rows[0] == ["line", "column", "reason"] and len(rows) == 1601
    client.post("/dang-xuat")
    with app.app_context():
        login_as("officer")
        assert client.get(link).status_code == 404  # another officer: not theirs


@pytest.mark.parametrize("token", ["../../secret_key", "x", "a" * 100])
def test_odd_report_tokens_are_404(client, login_as, token):
    login_as("buyer")
    assert client.get(f"/bao-cao-nhap/{token}.csv").status_code == 404


def test_refused_listing_and_category_files_link_the_full_report(client, db, login_as,
                                                                verified_owner, make_user):
    from trading_floor.catalog.taxonomy import seed_taxonomy

    seed_taxonomy()
    owner, _enterprise = verified_owner()
    login_as(owner)
    header = ("sku,title,title_en,description,category,price_vnd,unit,moq,tiers,availability,"
              "certifications,origin_commune_code\r\n")
    body = header + "".join(f"S{n},Nhãn,,,nhan,²,kg,1,,,,\r\n" for n in range(3))
    page = post_form(client, "/gian-hang/nhap", {"file": (BytesIO(body.encode()), "sp.csv")},
                     content_type="multipart/form-data",
                     follow_redirects=True).get_data(as_text=True)
    assert "price_vnd: 3" in page
    assert client.get(_download_link(page)).status_code == 200
