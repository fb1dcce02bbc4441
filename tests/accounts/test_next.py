"""`next` after sign-in, sign-up, a report or a language switch: same-site paths only (issue 15)."""

from urllib.parse import quote

import pytest

from tests.conftest import post_form
from trading_floor.core.redirects import safe_next

HOSTILE = [
    "//evil.example/",
    "/\t/evil.example/",            # a browser drops the tab: //evil.example/
    "/\n/evil.example/",
    "/\r\n/evil.example/",
    "/\\evil.example/",             # a browser reads \ as /
    "\\\\evil.example/",
    "/\\/evil.example/",
    "https://evil.example/",
    "http:/evil.example/",
    "javascript:alert(1)",
    " //evil.example/",
    "\x00/evil.example",
    "evil.example/",
    "///evil.example/",
    "/" + "a" * 3000,
]


@pytest.mark.parametrize("target", HOSTILE)
def test_safe_next_refuses_anything_a_browser_could_read_as_another_site(target):
    assert safe_next(target) is None
    assert safe_next(target, "/") == "/"


@pytest.mark.parametrize("target", ["/", "/san-pham/12/hoi-hang", "/tim-kiem?q=nh%C3%A3n&page=2",
                                    "/doanh-nghiep/nhan?ma=0101234567#form", "/@evil.example"])
def test_safe_next_keeps_paths_of_this_site(target):
    assert safe_next(target) == target


def _published_listing(db, verified_owner):
    """A published listing of a verified enterprise."""
    from trading_floor.catalog.models import PUBLISHED, Category, Listing
    from trading_floor.i18n import utcnow

    _owner, enterprise = verified_owner()
    category = Category(slug="trai-cay", name_vi="Trái cây")
    db.session.add(category)
    db.session.flush()
    listing = Listing(enterprise_id=enterprise.id, sku="N1", title="Nhãn lồng", unit="kg",
                      category_id=category.id, price_vnd=50_000, moq=1, tiers=[],
                      status=PUBLISHED, published_at=utcnow())
    db.session.add(listing)
    db.session.commit()
    return listing


def _sign_in(client, user, next_value: str):
    url = "/dang-nhap?next=" + quote(next_value, safe="")
    return post_form(client, url, {"email": user.email, "password": "matkhau123"})


@pytest.mark.parametrize("target", [t for t in HOSTILE if "\r" not in t and "\n" not in t])
def test_sign_in_never_sends_the_browser_to_another_site(client, make_user, target):
    response = _sign_in(client, make_user(), target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", [t for t in HOSTILE if "\r" in t or "\n" in t])
def test_sign_in_with_a_line_break_in_next_is_refused(client, make_user, target):
    user = make_user()
    url = "/dang-nhap?next=" + quote(target, safe="")
    response = post_form(client, url, {"email": user.email, "password": "matkhau123"},
                         form_url="/dang-nhap")
    assert response.status_code == 400
    assert "Location" not in response.headers


def test_sign_in_with_the_tab_trick_of_issue_15_lands_home(client, make_user):
    user = make_user()
    url = "/dang-nhap?next=/%09/evil.example/"
    response = post_form(client, url, {"email": user.email, "password": "matkhau123"})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_crlf_in_next_is_a_400_with_the_floors_error_page(client, make_user):
    page = client.get("/dang-nhap?next=/%0d%0aSet-Cookie:%20x=1")
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert "Set-Cookie" not in html and "<html" in html.lower()
    assert "x=1" not in page.headers.get("Set-Cookie", "")
    user = make_user()
    response = post_form(client, "/dang-nhap?next=/%0d%0aSet-Cookie:%20x=1",
                         {"email": user.email, "password": "matkhau123"},
                         form_url="/dang-nhap")
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert "x=1" not in response.headers.get("Set-Cookie", "")


def test_sign_in_goes_where_the_visitor_was_going(client, make_user):
    response = _sign_in(client, make_user(), "/tim-kiem?q=nhãn")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/tim-kiem?q=")


@pytest.mark.parametrize("target", ["//evil.example/", "/\t/evil.example/", "/\\evil.example"])
def test_sign_up_refuses_another_site_and_goes_to_the_account(client, target):
    response = post_form(client, "/dang-ky?next=" + quote(target, safe=""), {
        "full_name": "Lê Thị Hoa", "email": "hoa@example.vn", "password": "matkhau123",
        "confirm": "matkhau123"}, form_url="/dang-ky")
    assert response.status_code == 302
    assert response.headers["Location"] == "/tai-khoan"


def test_sign_in_page_hands_next_to_the_sign_up_link_and_back(client):
    page = client.get("/dang-nhap?next=/san-pham/7/hoi-hang")
    assert page.status_code == 200
    assert 'href="/dang-ky?next=/san-pham/7/hoi-hang"' in page.get_data(as_text=True)
    page = client.get("/dang-ky?next=/san-pham/7/hoi-hang")
    assert page.status_code == 200
    assert 'href="/dang-nhap?next=/san-pham/7/hoi-hang"' in page.get_data(as_text=True)


def test_sign_in_page_drops_a_hostile_next_from_its_links(client):
    page = client.get("/dang-nhap?next=/%09/evil.example/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "evil.example" not in html
    assert 'href="/dang-ky"' in html


def test_sign_up_keeps_next(client):
    response = post_form(client, "/dang-ky?next=/san-pham/7/hoi-hang", {
        "full_name": "Lê Thị Hoa", "email": "hoa@example.vn", "password": "matkhau123",
        "confirm": "matkhau123"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/san-pham/7/hoi-hang"


def test_language_switch_refuses_a_referrer_that_leaves_the_site(client):
    response = client.get("/ngon-ngu/en", headers={"Referer": "http://localhost/\\evil.example/"})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    response = client.get("/ngon-ngu/vi", headers={"Referer": "http://localhost/danh-muc"})
    assert response.headers["Location"] == "/danh-muc"


def test_report_form_next_refuses_another_site(client, db, login_as, verified_owner):
    listing = _published_listing(db, verified_owner)
    login_as("buyer")
    for target in ("/\t/evil.example/", "//evil.example", "/\\evil.example"):
        response = post_form(client, f"/san-pham/{listing.id}/bao-cao",
                             {"reason": "Hàng giả", "next": target}, form_url="/tai-khoan")
        assert response.status_code == 302
        assert response.headers["Location"] == "/"


@pytest.mark.parametrize("path", ["/san-pham/{id}/hoi-hang", "/san-pham/{id}/dat-hang",
                                  "/doanh-nghiep/nhan"])
def test_the_three_buttons_keep_the_way_through_sign_up(client, db, verified_owner, path):
    listing = _published_listing(db, verified_owner)
    target = path.format(id=listing.id)
    response = client.get(target)
    assert response.status_code == 302
    sign_in_url = response.headers["Location"]
    assert sign_in_url.startswith("/dang-nhap?next=")
    sign_in = client.get(sign_in_url)
    assert sign_in.status_code == 200
    assert f'href="/dang-ky?next={quote(target)}"' in sign_in.get_data(as_text=True)
    response = post_form(client, f"/dang-ky?next={quote(target)}", {
        "full_name": "Trần Thị Mai", "email": "mai@example.vn", "password": "matkhau123",
        "confirm": "matkhau123"})
    assert response.status_code == 302 and response.headers["Location"] == target
    assert client.get(target).status_code == 200


def test_crlf_in_next_on_sign_up_the_rules_page_and_the_report_form_is_a_400(
        client, db, login_as, verified_owner):
    hostile = "/%0d%0aSet-Cookie:%20x=1"
    page = client.get(f"/dang-ky?next={hostile}")
    assert page.status_code == 400 and "Set-Cookie" not in page.get_data(as_text=True)
    response = post_form(client, f"/dang-ky?next={hostile}", {
        "full_name": "Lê Thị Hoa", "email": "hoa2@example.vn", "password": "matkhau123",
        "confirm": "matkhau123"}, form_url="/dang-ky")
    assert response.status_code == 400 and "Location" not in response.headers
    listing = _published_listing(db, verified_owner)
    login_as("buyer")
    assert client.get(f"/chap-nhan-quy-che?next={hostile}").status_code == 400
    response = post_form(client, f"/san-pham/{listing.id}/bao-cao",
                         {"reason": "Hàng giả", "next": "/\r\nSet-Cookie: x=1"},
                         form_url="/tai-khoan")
    assert response.status_code == 400 and "Location" not in response.headers
    assert "x=1" not in response.headers.get("Set-Cookie", "")
