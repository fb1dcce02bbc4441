"""Only published listings of active, verified enterprises are public; everything else is 404."""

import pytest


@pytest.fixture
def hidden(shop, make_enterprise, make_listing):
    """Listings the public must not see, next to shop's public one, each with a telling title."""
    enterprise, fruit = shop["enterprise"], shop["fruit"]
    made = {status: make_listing(enterprise, fruit, title=f"Bí mật {status}", status=status)
            for status in ("draft", "submitted", "rejected", "archived")}
    unverified = make_enterprise(name="Công ty TNHH Chưa Xác Minh")
    made["unverified"] = make_listing(unverified, fruit, title="Bí mật unverified")
    return made


def _url(listing):
    return f"/san-pham/{listing.slug}-{listing.id}"


def test_the_published_listing_is_public(client, shop):
    assert client.get(_url(shop["listing"])).status_code == 200


@pytest.mark.parametrize("which", ["draft", "submitted", "rejected", "archived", "unverified"])
def test_hidden_listings_are_404_and_absent_everywhere(client, shop, hidden, which):
    listing = hidden[which]
    assert client.get(_url(listing)).status_code == 404
    assert client.get(f"/san-pham/{listing.id}").status_code == 404
    for url in ("/", "/danh-muc/trai-cay", "/danh-muc/nong-san",
                f"/doanh-nghiep/{shop['enterprise'].code}"):
        page = client.get(url).get_data(as_text=True)
        assert "Bí mật" not in page, url
        assert shop["listing"].title in page, url


def test_suspended_enterprise_hides_its_listings_and_storefront(client, db, shop):
    enterprise, listing = shop["enterprise"], shop["listing"]
    enterprise.status = "suspended"
    db.session.commit()
    assert client.get(_url(listing)).status_code == 404
    assert client.get(f"/doanh-nghiep/{enterprise.code}").status_code == 404
    for url in ("/", "/danh-muc/trai-cay", "/danh-muc", "/doanh-nghiep"):
        assert listing.title not in client.get(url).get_data(as_text=True), url
    # the category page counts public listings only
    assert "(0)" in client.get("/danh-muc").get_data(as_text=True)


def test_unverified_enterprise_has_no_storefront(client, make_enterprise):
    enterprise = make_enterprise(name="Công ty TNHH Chưa Nhận")
    assert client.get(f"/doanh-nghiep/{enterprise.code}").status_code == 404
    assert "Chưa Nhận" not in client.get("/doanh-nghiep").get_data(as_text=True)


def test_members_preview_their_draft(client, shop, hidden, login_as):
    draft = hidden["draft"]
    login_as(shop["owner"])
    page = client.get(_url(draft))
    assert page.status_code == 200
    assert "chưa hiển thị công khai" in page.get_data(as_text=True)
    assert 'application/ld+json' not in page.get_data(as_text=True)


def test_officers_preview_a_draft(client, hidden, login_as):
    login_as("officer")
    assert client.get(_url(hidden["draft"])).status_code == 200
    assert client.get(_url(hidden["unverified"])).status_code == 200


def test_buyers_do_not_see_a_draft(client, hidden, login_as):
    login_as("buyer")
    assert client.get(_url(hidden["draft"])).status_code == 404


def test_another_enterprise_member_gets_404_for_a_draft(client, hidden, verified_owner, login_as):
    other, _enterprise = verified_owner(name="Công ty TNHH Khác")
    login_as(other)
    assert client.get(_url(hidden["draft"])).status_code == 404


def test_views_are_counted_except_by_the_enterprise_itself(client, db, shop, login_as):
    from trading_floor.catalog.models import Listing

    listing = shop["listing"]
    client.get(_url(listing))
    client.get(_url(listing))
    login_as(shop["owner"])
    client.get(_url(listing))
    db.session.expire_all()
    assert db.session.get(Listing, listing.id).view_count == 2
