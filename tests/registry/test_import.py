"""The registry file: every bad row reported, nothing changed; a valid file upserts by code."""

from io import BytesIO

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from tests.conftest import post_form
from trading_floor.registry.importer import import_registry
from trading_floor.registry.models import RegistryEnterprise, RegistryStatusChange

HEADER = "enterprise_code,name,address,commune_code,vsic_code,size_class,status,phone,email,registered_on\r\n"
GOOD = [
    "0100109106,Công ty TNHH Nhãn Lồng Phố Hiến,Số 1 Điện Biên,11953,0121,small,active,0221386000,a@ex.vn,15/03/2015",
    "0100109106-001,Chi nhánh Phố Hiến,Số 2,011983,1079,micro,đang hoạt động,,,2020-01-02",
    "033095001234,Hộ kinh doanh Nguyễn Văn An,Thôn Đông,11980,4632,siêu nhỏ,active,,,",
]


def csv_bytes(*rows: str, bom: bool = True) -> bytes:
    text = HEADER + "\r\n".join(rows) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(RegistryEnterprise))


def test_valid_file_adds_then_updates_and_reports(db):
    report = import_registry(csv_bytes(*GOOD), "so.csv")
    assert report.ok and (report.added, report.updated, report.unchanged) == (3, 0, 0)
    branch = db.session.scalar(select(RegistryEnterprise).where(
        RegistryEnterprise.code == "0100109106-001"))
    assert branch.parent_code == "0100109106" and branch.vsic_section == "C"
    assert branch.commune_code == 11983  # leading zero optional
    changed = GOOD[0].replace("active,0221", "suspended,0221")
    report = import_registry(csv_bytes(changed, GOOD[1]), "so2.csv")
    assert (report.added, report.updated, report.unchanged) == (0, 1, 1)
    assert count(db) == 3  # absent enterprises are not deleted
    statuses = db.session.scalars(select(RegistryStatusChange.status).join(RegistryEnterprise)
                                  .where(RegistryEnterprise.code == "0100109106")
                                  .order_by(RegistryStatusChange.id)).all()
    assert statuses == ["active", "suspended"]


def test_vietnamese_headers_and_no_bom_and_lf(db):
    header = ("Mã số doanh nghiệp,Tên doanh nghiệp,Địa chỉ,Mã xã,Mã ngành,Quy mô,Trạng thái,"
              "Điện thoại,Email,Ngày đăng ký\n")
    content = (header + GOOD[0] + "\n").encode()
    report = import_registry(content, "so.csv")
    assert report.ok and report.added == 1


def test_xlsx_is_equivalent(db):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(GOOD[0].split(","))
    buffer = BytesIO()
    book.save(buffer)
    report = import_registry(buffer.getvalue(), "so.xlsx")
    assert report.ok and report.added == 1


@pytest.mark.parametrize("row, column, words", [
    (GOOD[0].replace("0100109106", "0100109107"), "enterprise_code", "chữ số kiểm tra"),
    (GOOD[0].replace("11953", "99999"), "commune_code", "không phải mã xã"),
    (GOOD[0].replace("15/03/2015", "31/02/2015"), "registered_on", "dd/mm/yyyy"),
    (GOOD[0].replace(",0121,", ",0400,"), "vsic_code", "VSIC"),
    (GOOD[0].replace(",small,", ",khổng lồ,"), "size_class", "micro"),
    (GOOD[0].replace(",active,", ",ngủ đông,"), "status", "active"),
])
def test_bad_row_refuses_whole_file(db, row, column, words):
    report = import_registry(csv_bytes(GOOD[2], row), "so.csv")
    assert not report.ok
    assert [(e.line, e.column) for e in report.errors] == [(3, column)]
    assert words in report.errors[0].reason
    assert count(db) == 0  # the good row was not imported either


def test_every_bad_row_is_named(db):
    rows = [GOOD[0], GOOD[0], GOOD[1].replace("011983", "abc"), GOOD[2]]
    report = import_registry(csv_bytes(*rows), "so.csv")
    assert [(e.line, e.column) for e in report.errors] == [(3, "enterprise_code"),
                                                          (4, "commune_code")]
    assert "trùng với dòng 2" in report.errors[0].reason


def test_windows_1252_and_empty_files_refused_with_a_clear_message(db):
    content = (HEADER + "0100109106,Caf\xe9 Ph\xf4 Hi\xean,,11953,0121,small,active,,,\r\n")
    report = import_registry(content.encode("cp1252"), "so.csv")
    assert not report.ok and "UTF-8" in report.errors[0].reason
    assert not import_registry(b"", "so.csv").ok
    assert "rỗng" in import_registry(b"", "so.csv").errors[0].reason
    assert "không có dữ liệu" in import_registry(HEADER.encode(), "so.csv").errors[0].reason
    assert count(db) == 0


def test_missing_column_refused(db):
    report = import_registry(b"enterprise_code,name\n0100109106,X\n", "so.csv")
    assert not report.ok and "Thiếu cột" in report.errors[0].reason


def test_cli_import_with_report(runner, tmp_path, db):
    good = tmp_path / "so.csv"
    good.write_bytes(csv_bytes(*GOOD))
    result = runner.invoke(args=["registry", "import", str(good)])
    assert result.exit_code == 0, result.output
    assert "thêm 3" in result.output
    bad = tmp_path / "sai.csv"
    bad.write_bytes(csv_bytes(GOOD[0].replace("11953", "1")))
    result = runner.invoke(args=["registry", "import", str(bad)])
    assert result.exit_code == 1
    assert "dòng 2, cột commune_code" in result.output


def test_officer_imports_on_the_web_page(client, login_as, db):
    login_as("officer")
    data = {"file": (BytesIO(csv_bytes(*GOOD)), "so.csv")}
    page = post_form(client, "/so-cong-thuong/so-dang-ky", data, follow_redirects=True,
                     content_type="multipart/form-data").get_data(as_text=True)
    assert "Thêm 3" in page  # the run's page, once its job ran
    data = {"file": (BytesIO(csv_bytes(GOOD[0].replace("0100109106", "0100109107"))), "x.csv")}
    page = post_form(client, "/so-cong-thuong/so-dang-ky", data, follow_redirects=True,
                     content_type="multipart/form-data").get_data(as_text=True)
    assert "không có thay đổi nào" in page and "chữ số kiểm tra" in page


def test_only_officers_import(client, login_as):
    login_as("buyer")
    assert client.get("/so-cong-thuong/so-dang-ky").status_code == 403
