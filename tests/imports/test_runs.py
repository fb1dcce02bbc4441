"""Import files run as jobs (issue 15): the upload answers at once with the run's page, which
shows the progress and then the report; an invalid file writes nothing; a run is seen by its
uploader and the officers only; a listing saved while an import writes is saved."""

from __future__ import annotations

import json
import threading
from io import BytesIO
from pathlib import Path

from sqlalchemy import event, func, select

from tests.conftest import post_form
from trading_floor.imports.models import ImportRun
from trading_floor.registry.models import RegistryEnterprise

HEADER = ("enterprise_code,name,address,commune_code,vsic_code,size_class,status,phone,email,"
          "registered_on\r\n")
GOOD = [
    "0100109106,Công ty TNHH Nhãn Lồng Phố Hiến,Số 1 Điện Biên,11953,0121,small,active,"
    "0221386000,a@ex.vn,15/03/2015",
    "0100109106-001,Chi nhánh Phố Hiến,Số 2,011983,1079,micro,đang hoạt động,,,2020-01-02",
    "033095001234,Hộ kinh doanh Nguyễn Văn An,Thôn Đông,11980,4632,siêu nhỏ,active,,,",
]


def registry_file(*rows: str) -> bytes:
    return ("\ufeff" + HEADER + "\r\n".join(rows) + "\r\n").encode()


def many_rows(count: int) -> list[str]:
    """`count` valid registry rows with distinct codes."""
    from trading_floor.registry.codes import tax_check_digit

    rows, n = [], 0
    while len(rows) < count:
        n += 1
        head = f"08{n:07d}"
        digit = tax_check_digit(head)
        if digit:
            rows.append(f"{head}{digit},Công ty {n},Số {n},11953,1079,small,active,,,")
    return rows


def registry_count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(RegistryEnterprise))


def upload_registry(client, content: bytes, name: str = "so.csv"):
    return post_form(client, "/so-cong-thuong/so-dang-ky",
                     {"file": (BytesIO(content), name)}, content_type="multipart/form-data")


def page_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_upload_answers_with_the_runs_page_which_shows_the_counts(app, client, db, login_as):
    login_as("officer")
    response = upload_registry(client, registry_file(*GOOD))
    assert response.status_code == 302
    run_url = response.headers["Location"]
    assert run_url.startswith("/nhap-tep/")
    page = page_of(client, run_url)  # the job ran (JOBS_IMMEDIATE in the tests)
    assert "Đã nhập xong" in page and "Thêm 3, cập nhật 0, không đổi 0." in page
    assert "Người tải lên" in page and "Bắt đầu lúc" in page
    assert "import-run.js" not in page  # finished: nothing to follow
    assert registry_count(db) == 3
    state = client.get(run_url + "/trang-thai")
    assert state.status_code == 200
    assert state.get_json() == {"status": "done", "progress": 100, "rows_read": 3,
                                "rows_valid": 3, "errors": 0, "finished": True}
    # the upload page lists the run
    assert f'href="{run_url}"' in page_of(client, "/so-cong-thuong/so-dang-ky")
    # the stored file is removed once the run has finished
    run = db.session.scalar(select(ImportRun))
    assert run.created_by_id is not None and run.finished_at is not None
    assert not (Path(app.config["IMPORT_FILE_DIR"]) / run.stored_as).exists()


def test_reimport_updates_and_counts_unchanged(client, db, login_as):
    login_as("officer")
    upload_registry(client, registry_file(*GOOD))
    changed = GOOD[0].replace(",active,", ",suspended,")
    response = upload_registry(client, registry_file(changed, *GOOD[1:]))
    page = page_of(client, response.headers["Location"])
    assert "Thêm 0, cập nhật 1, không đổi 2." in page
    enterprise = db.session.scalar(select(RegistryEnterprise)
                                   .where(RegistryEnterprise.code == "0100109106"))
    assert enterprise.status == "suspended"
    assert [c.status for c in enterprise.status_changes] == ["active", "suspended"]


def test_an_invalid_file_writes_nothing_and_the_run_shows_the_report(client, db, login_as):
    login_as("officer")
    bad = GOOD[1].replace("011983", "99999")
    response = upload_registry(client, registry_file(GOOD[0], bad, "12345,X,,11953,0121,small,"
                                                                   "active,,,"))
    page = page_of(client, response.headers["Location"])
    assert "Không nhập được" in page and "Tệp bị từ chối, không có thay đổi nào" in page
    assert "2 lỗi." in page and "commune_code: 1" in page and "enterprise_code: 1" in page
    assert "<td>3</td><td>commune_code</td>" in page
    assert 'href="/bao-cao-nhap/' in page  # the full report for the uploader
    assert registry_count(db) == 0
    state = client.get(response.headers["Location"] + "/trang-thai").get_json()
    assert state["status"] == "failed" and state["errors"] == 2 and state["rows_read"] == 3
    assert state["rows_valid"] == 1


def test_a_refused_file_as_a_whole_is_one_error_on_line_1(client, db, login_as):
    login_as("officer")
    response = upload_registry(client, "tên;mã\r\n1;2\r\n".encode(), "sai.csv")
    page = page_of(client, response.headers["Location"])
    assert "Tệp bị từ chối" in page and "Thiếu cột" in page
    assert registry_count(db) == 0


def test_a_run_in_progress_shows_its_progress_and_follows_it_with_a_script(client, db, make_user,
                                                                           login_as):
    officer = login_as("officer")
    run = ImportRun(kind="registry", filename="lon.csv", stored_as="x.csv", status="validating",
                    progress=40, rows_read=450_000, created_by_id=officer.id)
    db.session.add(run)
    db.session.commit()
    page = page_of(client, f"/nhap-tep/{run.id}")
    assert "Đang kiểm tra tệp" in page and 'value="40"' in page and "450.000" in page
    assert "/static/js/import-run.js" in page and "<script>" not in page
    assert f'data-state-url="/nhap-tep/{run.id}/trang-thai"' in page
    state = client.get(f"/nhap-tep/{run.id}/trang-thai").get_json()
    assert state["status"] == "validating" and not state["finished"]


def test_categories_and_listings_upload_as_runs(client, db, login_as, verified_owner):
    from trading_floor.catalog.models import Category, Listing

    login_as("admin")
    body = "slug,parent_slug,name_vi,name_en\r\nnong-san,,Nông sản,Farm produce\r\n" \
           "nhan,nong-san,Nhãn,Longan\r\n"
    response = post_form(client, "/quan-tri/danh-muc/",
                         {"file-file": (BytesIO(body.encode()), "dm.csv")},
                         content_type="multipart/form-data")
    assert response.status_code == 302
    assert "Thêm 2" in page_of(client, response.headers["Location"])
    assert db.session.scalar(select(func.count()).select_from(Category)) == 2
    owner, _enterprise = verified_owner()
    login_as(owner)
    header = ("sku,title,title_en,description,category,price_vnd,unit,moq,tiers,availability,"
              "certifications,origin_commune_code\r\n")
    listings = header + "NL-01,Nhãn lồng,,,nhan,45.000,kg,10,,,,\r\n"
    response = post_form(client, "/gian-hang/nhap",
                         {"file": (BytesIO(listings.encode()), "sp.csv"), "submit_all": "y"},
                         content_type="multipart/form-data")
    assert response.status_code == 302
    assert "Thêm 1" in page_of(client, response.headers["Location"])
    assert db.session.scalar(select(Listing.status)) == "submitted"
    run = db.session.scalar(select(ImportRun).where(ImportRun.kind == "listings"))
    assert json.loads(run.options) == {"submit": True, "locale": "vi"}


def test_only_the_uploader_and_officers_see_a_run(app, client, db, login_as, verified_owner):
    owner, _enterprise = verified_owner()
    login_as(owner)
    header = ("sku,title,title_en,description,category,price_vnd,unit,moq,tiers,availability,"
              "certifications,origin_commune_code\r\n")
    response = post_form(client, "/gian-hang/nhap",
                         {"file": (BytesIO((header + "A,B,,,khong-co,,kg,1,,,,\r\n").encode()),
                                   "sp.csv")},
                         content_type="multipart/form-data")
    run_url = response.headers["Location"]
    assert client.get(run_url).status_code == 200
    other_owner, _other = verified_owner(email="khac@example.vn")
    for who in ("buyer", other_owner):
        login_as(who)  # signs in as someone else on the same client
        assert client.get(run_url).status_code == 404
        assert client.get(run_url + "/trang-thai").status_code == 404
    login_as("officer")
    page = page_of(client, run_url)
    assert "Tệp bị từ chối" in page
    assert 'href="/bao-cao-nhap/' not in page  # the full CSV stays the uploader's
    assert client.get("/nhap-tep/999999").status_code == 404


def test_the_report_is_in_the_language_of_the_upload_page(client, db, login_as):
    login_as("officer")
    client.get("/ngon-ngu/en")
    response = upload_registry(client, registry_file(GOOD[1].replace("011983", "99999")))
    page = page_of(client, response.headers["Location"])
    assert "File rejected, no changes made" in page
    assert "is not a commune/ward code in the province" in page
    assert "không phải mã xã/phường" not in page


def test_cli_import_still_writes_synchronously(runner, tmp_path, db):
    good = tmp_path / "so.csv"
    good.write_bytes(registry_file(*many_rows(50)))
    result = runner.invoke(args=["registry", "import", str(good)])
    assert result.exit_code == 0, result.output
    assert "thêm 50" in result.output and registry_count(db) == 50


def test_a_listing_saved_while_an_import_writes_is_saved(app, db, verified_owner):
    """The import's write phase runs in a thread and holds its transaction open while a listing
    is saved: on SQLite the save waits for the lock (busy timeout) instead of failing with
    'database is locked'; on PostgreSQL it does not wait at all."""
    from trading_floor.catalog import services
    from trading_floor.catalog.taxonomy import seed_taxonomy
    from trading_floor.registry.importer import prepare_registry, write_registry

    seed_taxonomy()
    owner, enterprise = verified_owner()
    prepared = prepare_registry(registry_file(*many_rows(2000)), "lon.csv")
    assert prepared.report.ok
    holding, release = threading.Event(), threading.Event()
    outcome: dict = {}

    def hold_the_write(conn, cursor, statement, parameters, context, executemany):
        if executemany and "registry_enterprises" in statement and not holding.is_set():
            holding.set()  # the import's transaction has written: it holds its locks
            release.wait(timeout=3)

    def write_phase() -> None:
        with app.app_context():
            try:
                outcome["report"] = write_registry(prepared)
            except Exception as error:  # noqa: BLE001 — reported by the assertion below
                outcome["error"] = error

    event.listen(db.engine, "after_cursor_execute", hold_the_write)
    try:
        thread = threading.Thread(target=write_phase)
        thread.start()
        assert holding.wait(timeout=30)
        threading.Timer(0.5, release.set).start()  # the import commits a moment later
        listing = services.save_listing(owner, enterprise, services.ListingInput(
            title="Nhãn lồng Hưng Yên", category="nhan", unit="kg", price="45000"))
        thread.join(timeout=60)
    finally:
        release.set()
        event.remove(db.engine, "after_cursor_execute", hold_the_write)
    assert "error" not in outcome, outcome.get("error")
    assert outcome["report"].added == 2000
    db.session.expire_all()
    assert listing.id and listing.title == "Nhãn lồng Hưng Yên"
    assert registry_count(db) == 2001
