"""Listing files: bad rows reported (line, column, reason) and nothing changed; re-import updates
by sku; export round-trips; the CLI with --publish vouches for the enterprise."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.conftest import post_form
from trading_floor.catalog.importer import export_csv, export_xlsx, import_listings
from trading_floor.catalog.models import Listing, ListingStatusEvent
from trading_floor.catalog.visibility import is_public

HEADER = ("sku,title,title_en,description,category,price_vnd,unit,moq,tiers,availability,"
          "certifications,origin_commune_code\r\n")
GOOD = [
    'NL-01,Nhãn lồng loại 1,Longan,"Cùi dày, ngọt",nhan,45.000,kg,10,100:42000;500:40000,'
    "seasonal:7-8,OCOP4;VietGAP,11953",
    "TB-01,Tương Bần chai 500ml,,,Tương,,chai,24,,còn hàng,,",
    "GA-01,Gà Đông Tảo,,,gia-cam,1500000,con,1,,đặt trước,OCOP3,",
]


def csv_bytes(*rows: str) -> bytes:
    return ("\ufeff" + HEADER + "\r\n".join(rows) + "\r\n").encode()


def count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Listing))


def test_import_adds_then_updates_by_sku(db, verified_owner, taxonomy):
    owner, enterprise = verified_owner()
    report = import_listings(csv_bytes(*GOOD), "sp.csv", enterprise, owner.id)
    assert report.ok and (report.added, report.updated) == (3, 0)
    tuong = db.session.scalar(select(Listing).where(Listing.sku == "TB-01"))
    assert tuong.category.slug == "tuong" and tuong.price_vnd is None and tuong.status == "draft"
    nhan = db.session.scalar(select(Listing).where(Listing.sku == "NL-01"))
    assert nhan.cert_codes == ["OCOP4", "VietGAP"] and nhan.origin_commune_code == 11953
    report = import_listings(csv_bytes(GOOD[0].replace("45.000", "44.000"), GOOD[1]), "sp.csv",
                             enterprise, owner.id)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 1)
    db.session.expire_all()
    assert nhan.price_vnd == 44000 and count(db) == 3


@pytest.mark.parametrize("row, column, words", [
    (GOOD[0].replace("45.000", "45.5"), "price_vnd", "giá ghi bằng số"),
    (GOOD[0].replace("100:42000;500:40000", "100:42000;500:43000"), "tiers", "không được cao hơn"),
    (GOOD[0].replace("100:42000", "5:42000"), "tiers", "số lượng tối thiểu"),
    (GOOD[0].replace(",10,", ",0,"), "moq", "từ 1"),
    (GOOD[0].replace(",kg,", ",một cái thùng rất to bằng gỗ,"), "unit", "20 ký tự"),
    (GOOD[0].replace("nhan,", "khong-co,"), "category", "không có danh mục"),
    (GOOD[0].replace("seasonal:7-8", "hết hàng"), "availability", "in_stock"),
    (GOOD[0].replace("OCOP4;VietGAP", "OCOP6"), "certifications", "chứng nhận"),
    (GOOD[0].replace(",11953", ",99999"), "origin_commune_code", "xã/phường"),
    (GOOD[0].replace("Nhãn lồng loại 1", ""), "title", "thiếu tên"),
])
def test_bad_row_refuses_whole_file(db, verified_owner, taxonomy, row, column, words):
    owner, enterprise = verified_owner()
    report = import_listings(csv_bytes(GOOD[1], row), "sp.csv", enterprise, owner.id)
    assert [(e.line, e.column) for e in report.errors] == [(3, column)]
    assert words in report.errors[0].reason
    assert count(db) == 0


def test_every_bad_line_reported_and_duplicate_sku(db, verified_owner, taxonomy):
    owner, enterprise = verified_owner()
    report = import_listings(csv_bytes(GOOD[0], GOOD[0], GOOD[1].replace(",chai,", ",,")),
                             "sp.csv", enterprise, owner.id)
    assert [(e.line, e.column) for e in report.errors] == [(3, "sku"), (4, "unit")]
    assert count(db) == 0


def test_missing_column_refuses_the_file(db, verified_owner, taxonomy):
    owner, enterprise = verified_owner()
    report = import_listings(b"sku,title\r\nA,B\r\n", "sp.csv", enterprise, owner.id)
    assert report.errors[0].line == 1 and "Thiếu cột" in report.errors[0].reason


def test_export_round_trips_csv_and_xlsx(db, verified_owner, taxonomy):
    owner, enterprise = verified_owner()
    import_listings(csv_bytes(*GOOD), "sp.csv", enterprise, owner.id)
    exported = export_csv(enterprise.id)
    assert exported.startswith(b"\xef\xbb\xbf")
    assert exported.decode("utf-8-sig").splitlines()[0] == HEADER.strip()
    report = import_listings(exported, "lai.csv", enterprise, owner.id)
    assert report.ok and report.unchanged == 3
    xlsx = export_xlsx(enterprise.id)
    sheet = load_workbook(BytesIO(xlsx)).worksheets[0]
    assert [c.value for c in sheet[1]] == HEADER.strip().split(",")
    report = import_listings(xlsx, "lai.xlsx", enterprise, owner.id)
    assert report.ok and report.unchanged == 3


def test_web_import_reports_bad_rows(client, db, login_as, verified_owner, taxonomy):
    owner, enterprise = verified_owner()
    login_as(owner)
    bad = GOOD[0].replace("45.000", "bốn lăm nghìn")
    response = post_form(client, "/gian-hang/nhap",
                         {"file": (BytesIO(csv_bytes(GOOD[1], bad)), "sp.csv")},
                         content_type="multipart/form-data", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Tệp bị từ chối" in page and "price_vnd" in page and "<td>3</td>" in page
    assert count(db) == 0
    response = post_form(client, "/gian-hang/nhap",
                         {"file": (BytesIO(csv_bytes(*GOOD)), "sp.csv"), "submit_all": "y"},
                         content_type="multipart/form-data", follow_redirects=True)
    assert "Thêm 3" in response.get_data(as_text=True)
    assert set(db.session.scalars(select(Listing.status))) == {"submitted"}
    export = client.get("/gian-hang/xuat.csv")
    assert export.data.startswith(b"\xef\xbb\xbf") and "Nhãn lồng loại 1" in export.data.decode()
    assert export.headers["Content-Type"] == "text/csv; charset=utf-8"  # one charset (issue 15)


def test_cli_import_with_publish_vouches_for_the_enterprise(db, runner, make_enterprise,
                                                            taxonomy, tmp_path):
    enterprise = make_enterprise(name="Công ty CP Chả gà Tiểu Quan")
    path = tmp_path / "sp.csv"
    path.write_bytes(csv_bytes(*GOOD))
    result = runner.invoke(args=["catalog", "import", "--enterprise", enterprise.code,
                                 str(path), "--publish"])
    assert result.exit_code == 0, result.output
    assert "thêm 3" in result.output and "đăng 3" in result.output
    db.session.expire_all()
    assert enterprise.verified_via == "import"
    listings = db.session.scalars(select(Listing)).all()
    assert len(listings) == 3 and all(is_public(listing) for listing in listings)
    statuses = db.session.scalars(select(ListingStatusEvent.status)
                                  .where(ListingStatusEvent.listing_id == listings[0].id)
                                  .order_by(ListingStatusEvent.id)).all()
    assert statuses == ["draft", "published"]


def test_cli_import_refuses_bad_file_and_unknown_enterprise(db, runner, make_enterprise,
                                                            taxonomy, tmp_path):
    enterprise = make_enterprise()
    path = tmp_path / "sp.csv"
    path.write_bytes(csv_bytes(GOOD[0].replace(",kg,", ",,")))
    result = runner.invoke(args=["catalog", "import", "--enterprise", enterprise.code, str(path)])
    assert result.exit_code == 1 and "dòng 2, cột unit" in result.output
    result = runner.invoke(args=["catalog", "import", "--enterprise", "0100109106", str(path)])
    assert result.exit_code == 1 and "Không có doanh nghiệp" in result.output
    assert count(db) == 0 and enterprise.verified_at is None
