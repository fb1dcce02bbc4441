"""Every seller route as a member of another enterprise (404), as staff (allowed), as a buyer
(403), anonymous (sign in first); moderation routes for officers only."""

import pytest
from sqlalchemy import select

from tests.conftest import post_form
from trading_floor.catalog.models import ListingImage


@pytest.fixture
def scene(db, verified_owner, make_listing, photo):
    from io import BytesIO

    from werkzeug.datastructures import FileStorage

    from trading_floor.catalog import services

    owner, enterprise = verified_owner()
    listing = make_listing(owner, enterprise, "draft")
    services.save_listing(owner, enterprise, services.ListingInput(
        title=listing.title, category="nhan", unit="kg", price="45000", sku=listing.sku),
        listing, photos=[FileStorage(BytesIO(photo()), "a.jpg")])
    image = db.session.scalar(select(ListingImage))
    return owner, enterprise, listing, image


def listing_routes(listing, image):
    """(method, url) of every route that names a listing or a photo."""
    return [
        ("GET", f"/gian-hang/san-pham/{listing.id}"),
        ("POST", f"/gian-hang/san-pham/{listing.id}"),
        ("POST", f"/gian-hang/san-pham/{listing.id}/gui-duyet"),
        ("POST", f"/gian-hang/san-pham/{listing.id}/luu-tru"),
        ("POST", f"/gian-hang/san-pham/{listing.id}/sua-lai"),
        ("POST", f"/gian-hang/anh/{image.id}/xoa"),
        ("GET", f"/anh/{image.filename}"),
        ("GET", f"/anh/{image.filename.replace('.jpg', '-t.jpg')}"),
    ]


WORKSPACE_ROUTES = [("GET", "/gian-hang/"), ("GET", "/gian-hang/san-pham/moi"),
                    ("GET", "/gian-hang/nhap"), ("GET", "/gian-hang/xuat.csv"),
                    ("GET", "/gian-hang/xuat.xlsx")]


def call(client, method, url, form_url="/gian-hang/"):
    if method == "GET":
        return client.get(url)
    return post_form(client, url, {"title": "Bị sửa trộm", "category": "1", "unit": "kg",
                                   "reason": "x"}, form_url=form_url)


def test_member_of_another_enterprise_gets_404_everywhere(client, db, login_as, scene,
                                                          verified_owner):
    owner, enterprise, listing, image = scene
    intruder, _ = verified_owner()
    login_as(intruder)
    for method, url in listing_routes(listing, image):
        assert call(client, method, url).status_code == 404, url
    db.session.expire_all()
    assert listing.title != "Bị sửa trộm" and listing.status == "draft"
    assert len(listing.images) == 1
    # the intruder's own workspace and export show nothing of the other enterprise
    assert listing.title not in client.get("/gian-hang/").get_data(as_text=True)
    assert listing.sku.encode() not in client.get("/gian-hang/xuat.csv").data


def test_staff_member_manages_the_listings(client, db, login_as, scene, make_user):
    from trading_floor.accounts.models import Membership

    owner, enterprise, listing, image = scene
    staff = make_user()
    db.session.add(Membership(user_id=staff.id, enterprise_id=enterprise.id, role="staff"))
    db.session.commit()
    login_as(staff)
    for _method, url in WORKSPACE_ROUTES:
        assert client.get(url).status_code == 200, url
    assert client.get(f"/gian-hang/san-pham/{listing.id}").status_code == 200
    with client.get(f"/anh/{image.filename}") as response:
        assert response.status_code == 200
    response = post_form(client, f"/gian-hang/anh/{image.id}/xoa", {},
                         form_url=f"/gian-hang/san-pham/{listing.id}")
    assert response.status_code == 302
    post_form(client, f"/gian-hang/san-pham/{listing.id}/gui-duyet", {},
              form_url=f"/gian-hang/san-pham/{listing.id}")
    db.session.expire_all()
    assert listing.status == "submitted" and listing.images == []


def test_buyer_is_refused_and_changes_nothing(client, db, login_as, scene):
    owner, enterprise, listing, image = scene
    login_as("buyer")
    for _method, url in WORKSPACE_ROUTES:
        assert client.get(url).status_code == 403, url
    for method, url in listing_routes(listing, image):
        assert call(client, method, url, form_url="/dang-nhap").status_code in (403, 404), url
    db.session.expire_all()
    assert listing.status == "draft" and len(listing.images) == 1


def test_anonymous_is_sent_to_sign_in(client, db, scene):
    owner, enterprise, listing, image = scene
    photos = [(m, url) for m, url in listing_routes(listing, image) if url.startswith("/anh/")]
    for _method, url in photos:
        assert client.get(url).status_code == 404, url  # a draft's photo is not public
    for method, url in WORKSPACE_ROUTES + listing_routes(listing, image):
        if (method, url) in photos:
            continue
        response = call(client, method, url, form_url="/dang-nhap")  # with a valid CSRF token
        assert response.status_code == 302, url
        assert "/dang-nhap" in response.headers["Location"], url
    db.session.expire_all()
    assert listing.title != "Bị sửa trộm" and listing.status == "draft"
    assert len(listing.images) == 1


def test_unverified_claimant_has_no_workspace(client, db, login_as, make_enterprise, make_user):
    from trading_floor.registry import services as registry

    enterprise = make_enterprise()
    user = make_user()
    registry.submit_claim(user, enterprise.code)
    login_as(user)
    assert client.get("/gian-hang/").status_code == 403


def test_moderation_is_for_officers(client, db, login_as, scene, verified_owner):
    owner, enterprise, listing, image = scene
    urls = ["/so-cong-thuong/kiem-duyet", f"/so-cong-thuong/kiem-duyet/{listing.id}"]
    login_as(owner)
    for url in urls:
        assert client.get(url).status_code == 403
    response = post_form(client, f"/so-cong-thuong/kiem-duyet/{listing.id}/duyet", {},
                         form_url="/gian-hang/")
    assert response.status_code == 403
    assert client.get("/quan-tri/danh-muc/").status_code == 403


def test_public_photo_is_cached_long(client, db, scene, make_user):
    from trading_floor.catalog import moderation, services

    owner, enterprise, listing, image = scene
    services.submit_listing(owner, listing)
    moderation.approve(make_user("officer"), listing)
    with client.get(f"/anh/{image.filename}") as response:
        assert response.status_code == 200 and response.mimetype == "image/jpeg"
        assert "max-age=31536000" in response.headers["Cache-Control"]
        assert "public" in response.headers["Cache-Control"]
