"""Authorities' requests: a takedown recorded with its document, the listing or storefront taken
down with a reference to it, the time against the 24-hour deadline; the data request's ZIP."""

import io
import zipfile
from datetime import date, datetime

from freezegun import freeze_time
from sqlalchemy import select

from tests.conftest import post_form
from trading_floor.authority import services
from trading_floor.authority.models import AuthorityRequest
from trading_floor.catalog.models import PUBLISHED, REJECTED, Takedown
from trading_floor.core.spreadsheet import xlsx_rows
from trading_floor.trade import services as trade


def _document(received: datetime) -> services.Document:
    return services.Document("Chi cục Quản lý thị trường Hưng Yên", "123/QLTT", date(2026, 9, 30),
                             received, "Gỡ sản phẩm ghi sai xuất xứ.")


def test_an_officer_records_a_takedown_and_the_listing_goes_down_with_the_reference(
        client, login_as, listing, db):
    login_as("officer")
    response = post_form(client, "/so-cong-thuong/yeu-cau-co-quan/go-bo", {
        "issuer": "Chi cục Quản lý thị trường Hưng Yên", "document_number": "123/QLTT",
        "document_date": "2026-09-30", "received_at": "2026-10-01T08:00",
        "what": "Gỡ sản phẩm ghi sai xuất xứ.", "listing_id": str(listing.id),
        "take_down_now": "y"})
    assert response.status_code == 302
    request = db.session.scalar(select(AuthorityRequest))
    assert request.received_at == datetime(2026, 10, 1, 1, 0)  # 08:00 in Vietnam
    db.session.refresh(listing)
    assert listing.status == REJECTED
    takedown = db.session.scalar(select(Takedown))
    assert "123/QLTT" in takedown.reason and "30/09/2026" in takedown.reason
    page = client.get("/so-cong-thuong/yeu-cau-co-quan").get_data(as_text=True)
    assert "123/QLTT" in page and "quá hạn" in page  # taken down long after the 24 hours
    export = client.get("/so-cong-thuong/yeu-cau-co-quan/xuat.xlsx")
    assert export.status_code == 200
    assert any("123/QLTT" in str(row[2]) for row in xlsx_rows(export.data))


def test_time_to_takedown_is_measured_against_the_deadline(app, listing, make_listing, seller,
                                                           db, make_user):
    officer = make_user("officer")
    second = make_listing(seller[1], title="Long nhãn sấy")
    with freeze_time("2026-10-01 10:00:00"):
        storefront = services.record_takedown(officer, _document(datetime(2026, 10, 1, 2, 0)),
                                              enterprise_code=seller[1].code,
                                              take_down_now=False)
        rows = {row.request.id: row for row in services.register()}
        assert rows[storefront.id].overdue is False and rows[storefront.id].hours_taken is None
    with freeze_time("2026-10-02 03:00:00"):  # 25 hours after receipt, still up
        assert services.register()[0].overdue is True
        assert services.take_down(officer, storefront) == 2
        row = services.register()[0]
        assert row.hours_taken == 25.0 and row.overdue is True
    for item in (listing, second):
        db.session.refresh(item)
        assert item.status == REJECTED


def test_bad_input_changes_nothing(client, login_as, listing, db):
    login_as("officer")
    response = post_form(client, "/so-cong-thuong/yeu-cau-co-quan/go-bo", {
        "issuer": "", "document_number": "1", "document_date": "2026-09-30",
        "received_at": "2026-10-01T08:00", "what": "x", "listing_id": "abc"})
    assert response.status_code == 200
    response = post_form(client, "/so-cong-thuong/yeu-cau-co-quan/go-bo", {
        "issuer": "Công an tỉnh", "document_number": "1", "document_date": "2026-09-30",
        "received_at": "2026-10-01T08:00", "what": "x", "listing_id": "abc"})
    assert response.status_code == 200 and "phải là một số" in response.get_data(as_text=True)
    assert db.session.scalar(select(AuthorityRequest)) is None
    db.session.refresh(listing)
    assert listing.status == PUBLISHED


def test_a_data_request_gives_a_dated_zip_of_the_enterprises_data(client, login_as, listing,
                                                                  seller, db, make_user):
    buyer = make_user()
    order = trade.create_order_from_listing(buyer, listing, 20, "Phố Hiến")
    login_as("officer")
    response = post_form(client, "/so-cong-thuong/yeu-cau-co-quan/du-lieu", {
        "issuer": "Công an tỉnh Hưng Yên", "document_number": "45/CV", "document_date":
        "2026-09-30", "received_at": "2026-10-01T08:00", "what": "Cung cấp dữ liệu giao dịch.",
        "enterprise_code": seller[1].code})
    assert response.status_code == 302
    request = db.session.scalar(select(AuthorityRequest))
    download = client.get(f"/so-cong-thuong/yeu-cau-co-quan/{request.id}/du-lieu.zip")
    assert download.status_code == 200
    assert f"du-lieu-{seller[1].code}-" in download.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(download.data))
    assert set(archive.namelist()) == {"dang-ky.xlsx", "san-pham.xlsx", "lich-su-san-pham.xlsx",
                                       "don-hang.xlsx", "yeu-cau.txt"}
    orders = xlsx_rows(archive.read("don-hang.xlsx"))
    assert any(row[0] == order.reference for row in orders)
    registration = xlsx_rows(archive.read("dang-ky.xlsx"))
    assert any(row[1] == seller[1].code for row in registration)
    listings = xlsx_rows(archive.read("san-pham.xlsx"))
    assert any(row[0] == listing.id for row in listings)


def test_the_demo_has_one_takedown(app, listing, db, make_user):
    from trading_floor.authority.demo import build_authority_demo
    from trading_floor.registry import demo as registry_demo

    make_user("officer", email=registry_demo.OFFICER_EMAIL)
    build_authority_demo(echo=lambda line: None)
    request = db.session.scalar(select(AuthorityRequest))
    assert request.done_at is not None and request.listings_taken_down == 1
    assert services.register()[0].overdue is False
