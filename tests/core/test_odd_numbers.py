"""Odd numbers never make a 500 (issue 15): integers above 2^63 in paths and query strings, `²`,
other scripts' digits and 5,000-digit numbers in price, MOQ and tiers (form and import files).
Full-width digits (１２３) are read as 123, as the listing form's help says.

The hand-written cases pin the findings of the issue; the hypothesis-based tests feed generated
odd numbers to every integer path parameter, every integer query parameter and every numeric
form field or import column.
"""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.conftest import post_form
from trading_floor.core.numbers import MAX_ID, query_int, whole_number

BIG = "99999999999999999999999"
ODD_DIGITS = "0123456789²³¹０１２３٣۴߅१০๓"  # ASCII, superscripts, full-width, other scripts

odd_numbers = st.one_of(
    st.integers(min_value=2**31 - 2, max_value=2**70).map(str),
    st.text(alphabet=ODD_DIGITS, min_size=1, max_size=30),
    st.integers(min_value=4290, max_value=5000).map(lambda n: "9" * n),
    st.sampled_from(["²", "-1", "0", "1e9", " 7 ", "1_000", "１２３", "0x10", "∞", "NaN", ""]),
)
HYPOTHESIS = settings(max_examples=25, deadline=None, database=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture])


# --- the one parser ------------------------------------------------------------------------------
def test_whole_number_reads_ascii_and_full_width_digits_only():
    assert whole_number("123") == 123 and whole_number("１２３") == 123
    for text in ("²", "1²", "٣", "-1", "1e3", "1_000", "", " ", "9" * 19, "9" * 5000, None):
        assert whole_number(text) is None


@given(odd_numbers)
@settings(max_examples=200, deadline=None, database=None)
def test_query_int_never_raises_and_stays_in_range(text):
    value = query_int({"n": text}, "n")
    assert value is None or 0 <= value <= MAX_ID


# --- URL paths and query strings -----------------------------------------------------------------
def _int_routes(app):
    """Every GET route with an <int:…> part."""
    return [rule for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and "<int:" in rule.rule]


def _fill(rule, number: str) -> str:
    """The route's path with its <int:…> parts set to `number` and other parts to a plain word."""
    path = re.sub(r"<int:\w+>", number, rule.rule)
    return re.sub(r"<(?:[^:<>]+:)?\w+>", "nhan", path)


def test_integer_paths_above_two_to_the_63_are_404_not_500(app, client, login_as):
    paths = [_fill(rule, BIG) for rule in _int_routes(app)]
    assert "/san-pham/" + BIG in paths and len(paths) > 10
    login_as("officer")
    for path in paths:
        response = client.get(path)
        assert response.status_code in (302, 403, 404), (path, response.status_code)


QUERY_PAGES = [
    ("/chao-mua", ("page", "category", "commune")),
    ("/doanh-nghiep", ("page", "commune")),
    ("/danh-muc", ("page",)),
    ("/tin-tuc", ("page",)),
    ("/tim-kiem", ("page", "commune", "price_min", "price_max", "moq_max", "per_page")),
    ("/so-cong-thuong/kiem-duyet", ("page", "category", "enterprise", "age")),
    ("/so-cong-thuong/so-dang-ky", ("page", "commune")),
    ("/theo-doi/", ("commune", "page")),
    ("/theo-doi/van-dong", ("commune", "page")),
    ("/hop-thu", ("page",)),
    ("/don-hang", ("page",)),
]


@pytest.fixture
def floor_pages(app, client, db, login_as, make_enterprise):
    from trading_floor.catalog.taxonomy import seed_taxonomy

    seed_taxonomy()
    make_enterprise()
    login_as("officer")
    return client


@pytest.mark.parametrize(("path", "names"), QUERY_PAGES)
def test_big_integers_in_query_strings_are_not_500(floor_pages, path, names):
    for name in names:
        response = floor_pages.get(f"{path}?{name}={BIG}")
        assert response.status_code in (200, 400), (path, name, response.status_code)


def test_big_numbers_in_other_path_parts_are_not_500(floor_pages):
    assert floor_pages.get(f"/danh-muc/trai-cay?page={BIG}").status_code in (200, 404)
    assert floor_pages.get(f"/theo-doi/nhom/commune/{BIG}").status_code == 404


@given(number=odd_numbers)
@HYPOTHESIS
def test_generated_odd_numbers_in_every_integer_parameter(floor_pages, app, number):
    from urllib.parse import quote

    for path, names in QUERY_PAGES:
        for name in names:
            response = floor_pages.get(f"{path}?{name}={quote(number)}")
            assert response.status_code in (200, 400), (path, name, number[:30])
    for rule in _int_routes(app):
        path = _fill(rule, quote(number, safe=""))
        response = floor_pages.get(path)
        assert response.status_code < 500, (path[:80], response.status_code)


# --- forms and import files ----------------------------------------------------------------------
@pytest.fixture
def seller(client, db, login_as, verified_owner):
    from trading_floor.catalog.models import Category
    from trading_floor.catalog.taxonomy import seed_taxonomy

    seed_taxonomy()
    owner, enterprise = verified_owner()
    login_as(owner)
    category = db.session.scalar(select(Category).where(Category.slug == "nhan"))
    return client, category


def _listing_count(db):
    from trading_floor.catalog.models import Listing

    return db.session.scalar(select(func.count()).select_from(Listing))


def _save(client, category, **fields):
    data = {"title": "Nhãn lồng", "category": str(category.id), "price": "45.000", "unit": "kg",
            "moq": "1", "tiers": "", "availability": "in_stock", "save": "1", **fields}
    return post_form(client, "/gian-hang/san-pham/moi", data)


@pytest.mark.parametrize("field", ["price", "moq", "tiers"])
@pytest.mark.parametrize("value", ["²", "1" * 4301, "٣٠٠٠٠"])
def test_listing_form_refuses_odd_numbers_with_a_message(seller, db, field, value):
    client, category = seller
    if field == "tiers":
        value = f"{value}:40000"
    response = _save(client, category, **{field: value})
    assert response.status_code == 200
    assert "Chưa lưu được" in response.get_data(as_text=True)
    assert _listing_count(db) == 0


def test_listing_form_reads_full_width_digits_and_says_so(seller, db):
    from trading_floor.catalog.models import Listing

    client, category = seller
    page = client.get("/gian-hang/san-pham/moi")
    assert page.status_code == 200 and "１２３" in page.get_data(as_text=True)
    response = _save(client, category, price="４５.０００", moq="１０", tiers="１００:４２０００")
    assert response.status_code == 302
    listing = db.session.scalar(select(Listing))
    assert (listing.price_vnd, listing.moq, listing.tiers) == (45000, 10, [[100, 42000]])


@given(price=odd_numbers, moq=odd_numbers)
@HYPOTHESIS
def test_generated_odd_numbers_in_the_listing_form(seller, price, moq):
    client, category = seller
    response = _save(client, category, price=price, moq=moq, tiers=f"{moq}:{price}")
    assert response.status_code in (200, 302)


LISTING_HEADER = ("sku,title,title_en,description,category,price_vnd,unit,moq,tiers,availability,"
                  "certifications,origin_commune_code\r\n")


@given(number=odd_numbers)
@HYPOTHESIS
def test_generated_odd_numbers_in_a_listing_file(seller, number):
    client, _category = seller
    row = f"NL-01,Nhãn,,,nhan,{number},kg,{number},{number}:{number},,,{number}"
    body = ("\ufeff" + LISTING_HEADER + row + "\r\n").encode()
    response = post_form(client, "/gian-hang/nhap", {"file": (BytesIO(body), "sp.csv")},
                         content_type="multipart/form-data")
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("value", ["²", "9" * 5000, BIG])
def test_listing_file_refuses_odd_numbers_row_by_row(seller, db, value):
    client, _category = seller
    row = f"NL-01,Nhãn,,,nhan,{value},kg,{value},1:{value},,,"
    body = ("\ufeff" + LISTING_HEADER + row + "\r\n").encode()
    response = post_form(client, "/gian-hang/nhap", {"file": (BytesIO(body), "sp.csv")},
                         content_type="multipart/form-data", follow_redirects=True)
    # the upload answers with the import run's page, which shows the refused rows
    assert response.status_code == 200 and "price_vnd" in response.get_data(as_text=True)
    assert _listing_count(db) == 0


REGISTRY_HEADER = ("enterprise_code,name,address,commune_code,vsic_code,size_class,status,phone,"
                   "email,registered_on\r\n")


@given(number=odd_numbers)
@HYPOTHESIS
def test_generated_odd_numbers_in_a_registry_file(app, number):
    from trading_floor.registry.importer import import_registry

    row = f"0100109106,Công ty A,Số 1,{number},{number},small,active,,,"
    report = import_registry((REGISTRY_HEADER + row + "\r\n").encode(), "so.csv")
    assert report.ok or report.errors


@pytest.fixture
def buyer_on_a_listing(client, db, login_as, verified_owner):
    from trading_floor.catalog import moderation, services
    from trading_floor.catalog.taxonomy import seed_taxonomy

    seed_taxonomy()
    owner, enterprise = verified_owner()
    listing = services.save_listing(owner, enterprise, services.ListingInput(
        title="Nhãn lồng", category="nhan", unit="kg", price="45.000"))
    services.submit_listing(owner, listing)
    officer = login_as("officer")
    moderation.approve(officer, listing)
    client.post("/dang-xuat")
    login_as("buyer")
    return client, listing


@given(number=odd_numbers)
@HYPOTHESIS
def test_generated_odd_numbers_in_trade_forms(buyer_on_a_listing, number):
    client, listing = buyer_on_a_listing
    for url, field in ((f"/san-pham/{listing.id}/hoi-hang", "quantity"),
                       (f"/san-pham/{listing.id}/dat-hang", "quantity")):
        response = post_form(client, url, {field: number, "message": "Cho tôi báo giá",
                                           "body": "Cho tôi báo giá"})
        assert response.status_code < 500, (url, number[:30])

