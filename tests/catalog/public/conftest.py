"""Fixtures of the public catalogue: categories and listings made directly in the database."""

from __future__ import annotations

from datetime import timedelta

import pytest


@pytest.fixture
def make_category(app):
    from trading_floor.catalog.models import Category
    from trading_floor.extensions import db

    def make(slug: str, name_vi: str, parent=None, position: int = 0):
        category = Category(slug=slug, name_vi=name_vi, name_en="", position=position,
                            parent_id=parent.id if parent else None)
        db.session.add(category)
        db.session.commit()
        return category

    return make


@pytest.fixture
def make_listing(app):
    """A listing of an enterprise; published by default, with its status event."""
    from trading_floor.catalog.models import Listing, ListingCertification, ListingStatusEvent
    from trading_floor.extensions import db
    from trading_floor.i18n import utcnow

    counter = {"n": 0}

    def make(enterprise, category, title: str = "Nhãn lồng Hưng Yên loại 1",
             price_vnd: int | None = 45000, unit: str = "kg", moq: int = 10,
             tiers: list | None = None, status: str = "published", certifications=(),
             age_minutes: int = 0, **extra):
        counter["n"] += 1
        moment = utcnow() - timedelta(minutes=age_minutes)
        listing = Listing(enterprise_id=enterprise.id, sku=f"SP{counter['n']:04d}", title=title,
                          category_id=category.id, price_vnd=price_vnd, unit=unit, moq=moq,
                          tiers=tiers or [], status=status, created_at=moment,
                          published_at=moment if status == "published" else None, **extra)
        db.session.add(listing)
        db.session.flush()
        for cert in certifications:
            code, number, expires = cert if isinstance(cert, tuple) else (cert, "", None)
            db.session.add(ListingCertification(listing_id=listing.id, code=code, number=number,
                                                expires_on=expires))
        db.session.add(ListingStatusEvent(listing_id=listing.id, enterprise_id=enterprise.id,
                                          status=status, changed_at=moment))
        db.session.commit()
        return listing

    return make


@pytest.fixture
def shop(verified_owner, make_category, make_listing):
    """A verified enterprise with one published listing in a subcategory of 'Nông sản'."""
    owner, enterprise = verified_owner(name="Công ty TNHH Nhãn Lồng Phố Hiến")
    root = make_category("nong-san", "Nông sản")
    fruit = make_category("trai-cay", "Trái cây", parent=root)
    listing = make_listing(enterprise, fruit, title="Nhãn lồng Hưng Yên – loại đặc biệt",
                           price_vnd=1250000, unit="tạ", moq=2,
                           tiers=[[10, 1200000], [50, 1100000]])
    return {"owner": owner, "enterprise": enterprise, "root": root, "fruit": fruit,
            "listing": listing}
