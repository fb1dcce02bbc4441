"""A listing states whether its price includes VAT and delivery; not stated reads as included."""

import pytest

from trading_floor.catalog import services
from trading_floor.catalog.models import PUBLISHED


def test_price_terms_are_kept_and_shown_and_change_without_a_new_review(
        client, verified_owner, make_listing, db):
    owner, enterprise = verified_owner()
    listing = make_listing(owner, enterprise, status="published")
    assert listing.price_terms == ""
    page = client.get(f"/san-pham/{listing.id}", follow_redirects=True).get_data(as_text=True)
    assert "Không ghi (được hiểu là đã gồm VAT và phí giao hàng)" in page
    data = services.ListingInput(title=listing.title, category="nhan", unit="kg", price="45.000",
                                 price_terms="ex_vat")
    services.save_listing(owner, enterprise, data, listing=listing)
    db.session.refresh(listing)
    assert listing.price_terms == "ex_vat" and listing.status == PUBLISHED
    page = client.get(f"/san-pham/{listing.id}", follow_redirects=True).get_data(as_text=True)
    assert "Chưa gồm VAT, đã gồm phí giao hàng" in page


def test_unknown_price_terms_are_refused(verified_owner, make_listing, db):
    owner, enterprise = verified_owner()
    with pytest.raises(services.ListingError):
        make_listing(owner, enterprise, price_terms="free")
