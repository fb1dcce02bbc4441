"""Life cycle: draft → submitted → published | rejected → archived; every change leaves an event."""

import pytest
from sqlalchemy import select

from tests.conftest import post_form
from trading_floor.catalog import moderation, services
from trading_floor.catalog.models import Listing, ListingStatusEvent, Takedown
from trading_floor.catalog.visibility import is_public
from trading_floor.core.signals import listings_changed


def events(db, listing):
    return db.session.scalars(select(ListingStatusEvent.status)
                              .where(ListingStatusEvent.listing_id == listing.id)
                              .order_by(ListingStatusEvent.id)).all()


@pytest.fixture
def signals():
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs["listing_ids"])

    listings_changed.connect(listener)
    yield received
    listings_changed.disconnect(listener)


def test_owner_creates_submits_officer_approves_then_archive(client, db, login_as,
                                                            verified_owner, category, make_user,
                                                            signals):
    owner, enterprise = verified_owner()
    login_as(owner)
    response = post_form(client, "/gian-hang/san-pham/moi", {
        "title": "Nhãn lồng Hưng Yên loại 1", "category": str(category.id), "price": "45.000",
        "unit": "kg", "moq": "10", "tiers": "100:42000;500:40.000", "availability": "seasonal",
        "season_from": "7", "season_to": "8", "certifications": ["OCOP4", "VietGAP"],
        "ocop_number": "123/QĐ-UBND", "ocop_expires": "2028-12-31",
        "description": "Cùi dày, ngọt sắc.", "save_submit": "1"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Đã gửi duyệt" in page
    listing = db.session.scalar(select(Listing))
    assert (listing.price_vnd, listing.moq, listing.tiers) == (45000, 10, [[100, 42000],
                                                                           [500, 40000]])
    assert (listing.availability, listing.season_from, listing.season_to) == ("seasonal", 7, 8)
    assert listing.sku == "SP0001" and listing.status == "submitted"
    ocop = next(c for c in listing.certifications if c.code == "OCOP4")
    assert ocop.number == "123/QĐ-UBND" and ocop.expires_on.year == 2028
    assert not is_public(listing)

    officer = make_user("officer")
    login_as(officer)
    queue = client.get("/so-cong-thuong/kiem-duyet").get_data(as_text=True)
    assert "Nhãn lồng Hưng Yên loại 1" in queue
    post_form(client, f"/so-cong-thuong/kiem-duyet/{listing.id}/duyet", {},
              form_url="/so-cong-thuong/kiem-duyet")
    db.session.expire_all()
    assert listing.status == "published" and listing.published_at and is_public(listing)

    services.archive_listing(owner, listing)
    assert not is_public(listing)
    assert events(db, listing) == ["draft", "submitted", "published", "archived"]
    assert all(listing.id in ids for ids in signals) and len(signals) >= 3


def test_rejection_reason_shown_then_fixed_and_resubmitted(client, db, login_as, verified_owner,
                                                           make_listing, make_user):
    owner, enterprise = verified_owner()
    listing = make_listing(owner, enterprise, "submitted")
    officer = make_user("officer")
    with pytest.raises(services.ListingError):
        moderation.reject(officer, listing, "  ")
    moderation.reject(officer, listing, "Thiếu ảnh sản phẩm")
    login_as(owner)
    page = client.get("/gian-hang/").get_data(as_text=True)
    assert "Thiếu ảnh sản phẩm" in page
    edit_url = f"/gian-hang/san-pham/{listing.id}"
    post_form(client, edit_url, {"title": listing.title, "category": str(listing.category_id),
                                 "price": "", "unit": "thùng", "moq": "1",
                                 "availability": "in_stock", "save_submit": "1"})
    db.session.expire_all()
    assert listing.status == "submitted" and listing.price_vnd is None  # liên hệ
    assert events(db, listing) == ["draft", "submitted", "rejected", "draft", "submitted"]


def test_editing_a_published_listing_returns_it_to_draft(db, verified_owner, make_listing):
    owner, enterprise = verified_owner()
    listing = make_listing(owner, enterprise, "published")
    same = services.ListingInput(title=listing.title, category="nhan", unit="kg", price="45000",
                                 sku=listing.sku)
    services.save_listing(owner, enterprise, same, listing)
    assert listing.status == "published"  # nothing changed, nothing to review
    new_price = services.ListingInput(title=listing.title, category="nhan", unit="kg",
                                      price="44000", moq="5", sku=listing.sku)
    services.save_listing(owner, enterprise, new_price, listing)
    assert listing.status == "published" and listing.price_vnd == 44000  # terms stay live
    renamed = services.ListingInput(title=listing.title + " loại 1", category="nhan", unit="kg",
                                    price="44000", moq="5", sku=listing.sku)
    services.save_listing(owner, enterprise, renamed, listing)
    assert listing.status == "draft"
    assert events(db, listing)[-1] == "draft"


def test_auto_publish_setting(app, db, verified_owner, make_listing):
    app.config["LISTING_AUTO_PUBLISH"] = True
    owner, enterprise = verified_owner()
    listing = make_listing(owner, enterprise, "submitted")
    assert listing.status == "published" and is_public(listing)
    assert events(db, listing) == ["draft", "submitted", "published"]


def test_takedown_with_reason_and_log(client, db, login_as, verified_owner, make_listing):
    owner, enterprise = verified_owner()
    listing = make_listing(owner, enterprise, "published")
    officer = login_as("officer")
    url = f"/so-cong-thuong/kiem-duyet/{listing.id}/go"
    response = post_form(client, url, {"reason": ""}, form_url="/so-cong-thuong/kiem-duyet?tab=published")
    db.session.expire_all()
    assert listing.status == "published"  # no reason, nothing changed
    post_form(client, url, {"reason": "Hàng giả nhãn hiệu"},
              form_url="/so-cong-thuong/kiem-duyet?tab=published")
    db.session.expire_all()
    assert listing.status == "rejected" and not is_public(listing)
    takedown = db.session.scalar(select(Takedown))
    assert takedown.reason == "Hàng giả nhãn hiệu" and takedown.officer_id == officer.id
    log = client.get("/so-cong-thuong/kiem-duyet?tab=takedowns").get_data(as_text=True)
    assert "Hàng giả nhãn hiệu" in log
    assert response.status_code == 302


def test_abuse_report_filed_then_acted_on(client, db, login_as, verified_owner, make_listing,
                                          make_user):
    owner, enterprise = verified_owner()
    listing = make_listing(owner, enterprise, "published")
    draft = make_listing(owner, enterprise, "draft")
    buyer = login_as("buyer")
    token_page = "/dang-nhap"
    response = post_form(client, f"/san-pham/{listing.id}/bao-cao",
                         {"reason": "Giá sai, lừa đảo", "next": "/"}, form_url=token_page)
    assert response.status_code == 302
    response = post_form(client, f"/san-pham/{draft.id}/bao-cao", {"reason": "x"},
                         form_url=token_page)
    assert response.status_code == 404  # a listing the public cannot see cannot be reported
    from trading_floor.catalog.models import AbuseReport

    report = db.session.scalar(select(AbuseReport))
    assert report.reporter_id == buyer.id and report.status == "open"
    post_form(client, "/dang-xuat", {}, form_url="/tai-khoan")
    login_as("officer")
    page = client.get("/so-cong-thuong/kiem-duyet?tab=reports").get_data(as_text=True)
    assert "Giá sai, lừa đảo" in page
    post_form(client, f"/so-cong-thuong/bao-cao/{report.id}/xu-ly",
              {"reason": "Xác minh: giá sai"}, form_url="/so-cong-thuong/kiem-duyet?tab=reports")
    db.session.expire_all()
    assert report.status == "actioned" and listing.status == "rejected"
    assert db.session.scalar(select(Takedown)).reason == "Xác minh: giá sai"


def test_report_needs_sign_in(client, db, verified_owner, make_listing):
    owner, enterprise = verified_owner()
    listing = make_listing(owner, enterprise, "published")
    response = client.post(f"/san-pham/{listing.id}/bao-cao", data={"reason": "x"})
    assert response.status_code in (302, 400)
    from trading_floor.catalog.models import AbuseReport

    assert db.session.scalar(select(AbuseReport)) is None


def test_dismissed_report_keeps_listing(db, verified_owner, make_listing, make_user):
    owner, enterprise = verified_owner()
    listing = make_listing(owner, enterprise, "published")
    report = moderation.file_report(make_user(), listing, "không thích")
    moderation.dismiss_report(make_user("officer"), report)
    assert report.status == "dismissed" and listing.status == "published"


def test_sku_unique_within_enterprise_only(db, verified_owner, make_listing):
    owner, enterprise = verified_owner()
    other_owner, other = verified_owner()
    make_listing(owner, enterprise, sku="NL-01")
    make_listing(other_owner, other, sku="NL-01")
    with pytest.raises(services.ListingError) as error:
        make_listing(owner, enterprise, sku="NL-01")
    assert "sku" in error.value.fields


def test_officer_review_page_shows_the_terms(client, db, login_as, verified_owner,
                                             make_listing):
    owner, enterprise = verified_owner()
    listing = make_listing(owner, enterprise, "submitted", tiers="100:40000;500:38.000",
                           certifications="OCOP4")
    login_as("officer")
    page = client.get(f"/so-cong-thuong/kiem-duyet/{listing.id}").get_data(as_text=True)
    assert listing.title in page and "45.000\u00a0₫" in page and "38.000\u00a0₫" in page
    assert "OCOP4" in page and enterprise.code in page


def test_reopen_and_archive_from_the_workspace(client, db, login_as, verified_owner,
                                               make_listing):
    owner, enterprise = verified_owner()
    listing = make_listing(owner, enterprise, "published")
    login_as(owner)
    url = f"/gian-hang/san-pham/{listing.id}"
    post_form(client, f"{url}/sua-lai", {}, form_url=url)
    db.session.expire_all()
    assert listing.status == "draft"
    post_form(client, f"{url}/luu-tru", {"back": "list"}, form_url=url)
    db.session.expire_all()
    assert listing.status == "archived"
    assert events(db, listing)[-2:] == ["draft", "archived"]
    page = client.get("/gian-hang/?status=archived").get_data(as_text=True)
    assert listing.title in page


def test_save_and_submit_on_an_unchanged_published_listing_keeps_it(db, verified_owner,
                                                                    make_listing):
    owner, enterprise = verified_owner()
    listing = make_listing(owner, enterprise, "published")
    same = services.ListingInput(title=listing.title, category="nhan", unit="kg", price="45.000",
                                 sku=listing.sku)
    services.save_listing(owner, enterprise, same, listing, submit=True)
    assert listing.status == "published"
    assert events(db, listing) == ["draft", "submitted", "published"]
