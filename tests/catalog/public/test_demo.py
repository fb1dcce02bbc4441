"""The demo catalogue: deterministic, consistent with its status history, realistic terms."""

from datetime import datetime

import pytest
from sqlalchemy import func, select


@pytest.fixture
def demo_province(app, db):
    from trading_floor.registry import demo as registry_demo

    def build():
        from trading_floor.accounts.models import User

        db.session.add(User(email=registry_demo.OFFICER_EMAIL, full_name="Cán bộ",
                            role="officer", password_hash="x"))
        db.session.commit()
        now = datetime(2026, 11, 28, 3, 0)
        registry_demo.generate(count=200, password_hash="x", now=now)
        from trading_floor.catalog.demo import generate

        return generate(scale=0.05, now=now)

    return build


def _snapshot(db):
    from trading_floor.catalog.models import Listing, ListingCertification, ListingStatusEvent
    from trading_floor.registry.models import RegistryEnterprise

    listings = db.session.execute(
        select(RegistryEnterprise.code, Listing.sku, Listing.title, Listing.price_vnd,
               Listing.unit, Listing.moq, Listing.tiers, Listing.status, Listing.published_at,
               Listing.season_from, Listing.season_to)
        .join(RegistryEnterprise).order_by(RegistryEnterprise.code, Listing.sku)).all()
    events = db.session.execute(
        select(Listing.sku, ListingStatusEvent.status, ListingStatusEvent.changed_at)
        .join(Listing).order_by(Listing.sku, ListingStatusEvent.changed_at,
                                ListingStatusEvent.status)).all()
    certs = db.session.execute(
        select(Listing.sku, ListingCertification.code, ListingCertification.number)
        .join(Listing).order_by(Listing.sku, ListingCertification.code)).all()
    return [tuple(r) for r in listings], [tuple(r) for r in events], [tuple(r) for r in certs]


def test_same_seed_same_catalogue(app, db, demo_province):
    from tests.conftest import _clean

    first_counts = demo_province()
    first = _snapshot(db)
    db.session.remove()
    _clean(app)
    second_counts = demo_province()
    assert first_counts["listings"] == second_counts["listings"] > 500
    assert _snapshot(db) == first


def test_history_matches_status_and_verification(db, demo_province):
    from trading_floor.catalog.models import Listing, ListingStatusEvent
    from trading_floor.registry.models import RegistryEnterprise

    demo_province()
    listings = db.session.scalars(select(Listing)).all()
    events: dict[int, list] = {}
    for event in db.session.scalars(select(ListingStatusEvent)
                                    .order_by(ListingStatusEvent.changed_at)):
        events.setdefault(event.listing_id, []).append(event)
    statuses = {listing.status for listing in listings}
    assert statuses == {"published", "draft", "submitted", "rejected", "archived"}
    assert any(listing.tiers for listing in listings)  # the tier checks below do run
    for listing in listings:
        history = events[listing.id]
        assert history[-1].status == listing.status
        assert history[0].changed_at >= listing.enterprise.verified_at
        assert all(e.changed_at <= datetime(2026, 11, 28) for e in history)
        if listing.status in ("published", "archived"):
            assert listing.published_at is not None
            assert any(e.status == "published" for e in history)
        if listing.status == "rejected":
            assert listing.rejection_reason
        assert listing.moq >= 1 and listing.unit
        if listing.tiers:
            quantities = [q for q, _p in listing.tiers]
            prices = [listing.price_vnd] + [p for _q, p in listing.tiers]
            assert quantities == sorted(set(quantities)) and quantities[0] > listing.moq
            assert prices == sorted(prices, reverse=True)
    # only verified enterprises list anything; a few are vouched for by an officer's import
    unverified = db.session.scalar(select(func.count()).select_from(Listing).join(
        RegistryEnterprise).where(RegistryEnterprise.verified_at.is_(None)))
    assert unverified == 0
    vouched = db.session.scalar(select(func.count()).where(
        RegistryEnterprise.verified_via == "import"))
    assert vouched >= 1


def test_catalogue_vocabulary(db, demo_province):
    from trading_floor.catalog.models import Listing, ListingCertification

    demo_province()
    titles = " ".join(db.session.scalars(select(Listing.title)))
    assert "Nhãn lồng" in titles or "Long nhãn" in titles
    assert db.session.scalar(select(func.count()).where(Listing.price_vnd.is_(None))) > 0
    assert db.session.scalar(select(func.count()).where(Listing.availability == "seasonal")) > 0
    codes = set(db.session.scalars(select(ListingCertification.code)))
    assert codes & {"OCOP3", "OCOP4", "OCOP5"}


def test_works_with_a_seeded_taxonomy(db, make_category, demo_province):
    """A category the taxonomy seed already has is used, not duplicated."""
    from trading_floor.catalog.models import Category

    existing = make_category("trai-cay", "Trái cây (đã có)")
    demo_province()
    assert db.session.scalar(select(func.count()).where(Category.slug == "trai-cay")) == 1
    assert db.session.get(Category, existing.id).name_vi == "Trái cây (đã có)"
