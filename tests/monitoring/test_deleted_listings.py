"""A deleted listing is not a published one: participation stops, past periods stay."""

from datetime import timedelta

from sqlalchemy import select

from tests.monitoring.test_rates import tally
from trading_floor.catalog import services
from trading_floor.catalog.models import Listing, ListingStatusEvent


def test_deleting_the_only_published_listing_stops_the_enterprise_counting(province, db):
    e1, owner = province.e[1], province.u[1]
    before_2025 = tally("2025")
    assert tally("2026")[1] == 2  # E1 and E7 take part
    listing = db.session.scalar(select(Listing).where(Listing.enterprise_id == e1.id))
    assert services.delete_listing(owner, listing) is False  # was published: history kept
    province.clock.tick(timedelta(minutes=1))
    assert tally("2026")[1] == 1  # E1 no longer takes part this year
    assert tally("2025") == before_2025  # 2025 it did: the history says so
    statuses = db.session.scalars(select(ListingStatusEvent.status)
                                  .where(ListingStatusEvent.listing_id == listing.id)
                                  .order_by(ListingStatusEvent.id)).all()
    assert statuses == ["published", "deleted"]
