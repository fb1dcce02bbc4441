"""The floor's parts working together, through their real services and pages: a listing goes
through the catalogue, its enterprise starts to count for participation, and another enterprise's
member looking at it counts for access (its own members looking at it do not)."""

from tests.conftest import post_form
from trading_floor.catalog import moderation, services
from trading_floor.catalog.taxonomy import seed_taxonomy
from trading_floor.monitoring import periods
from trading_floor.monitoring.services import period_report


def test_listing_life_cycle_moves_both_rates(app, client, db, verified_owner, make_user, login_as):
    seed_taxonomy()
    seller, seller_enterprise = verified_owner(name="Công ty TNHH Nhãn Lồng Phố Hiến")
    buyer_owner, buyer_enterprise = verified_owner(name="Công ty Cổ phần Thực phẩm Tiên Lữ")
    officer = make_user("officer")
    year = periods.default_period()

    before = period_report(year, ()).total
    assert (before.denominator, before.participating, before.accessing) == (2, 0, 0)

    listing = services.save_listing(seller, seller_enterprise, services.ListingInput(
        title="Nhãn lồng Hưng Yên loại 1", category="nhan", unit="kg", price="45.000",
        moq="10"), submit=True)
    assert period_report(year, ()).total.participating == 0  # in review: not yet
    moderation.approve(officer, listing)
    assert period_report(year, ()).total.participating == 1

    login_as(seller)
    assert client.get(f"/san-pham/{listing.slug}-{listing.id}").status_code == 200
    assert period_report(year, ()).total.accessing == 0  # one's own listing is work
    post_form(client, "/dang-xuat", {}, form_url="/tai-khoan")

    login_as(buyer_owner)
    page = client.get(f"/san-pham/{listing.slug}-{listing.id}").get_data(as_text=True)
    assert "45.000" in page
    report = period_report(year, ("commune",))
    assert report.total.accessing == 1 and report.total.participating == 1

    services.archive_listing(seller, listing)
    assert period_report(year, ()).total.participating == 0  # nothing published any more
