"""The rows behind the feeds: public listings (the one visibility rule), read in keyset pages of
plain column tuples, so a feed of 100,000 listings never holds more than one page in memory."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import func, select

from trading_floor.catalog.models import Category, Listing, ListingImage
from trading_floor.catalog.visibility import public_condition
from trading_floor.extensions import db
from trading_floor.registry.models import RegistryEnterprise

PAGE = 1000


def _first_image():
    """The filename of the listing's first photo (lowest position, then oldest)."""
    return (select(ListingImage.filename).where(ListingImage.listing_id == Listing.id)
            .order_by(ListingImage.position, ListingImage.id).limit(1)
            .correlate(Listing).scalar_subquery())


def _columns():
    return (Listing.id, Listing.sku, Listing.title, Listing.description, Listing.price_vnd,
            Listing.unit, Listing.availability, Listing.season_from, Listing.season_to,
            Listing.published_at, Listing.updated_at,
            RegistryEnterprise.code.label("enterprise_code"),
            RegistryEnterprise.name.label("enterprise_name"),
            Category.id.label("category_id"), Category.name_vi.label("category_name"),
            _first_image().label("image"))


def _base(enterprise_id: int | None = None, priced: bool | None = None):
    stmt = (select(*_columns())
            .join(RegistryEnterprise, Listing.enterprise_id == RegistryEnterprise.id)
            .join(Category, Listing.category_id == Category.id)
            .where(public_condition()))
    if enterprise_id is not None:
        stmt = stmt.where(Listing.enterprise_id == enterprise_id)
    if priced is True:
        stmt = stmt.where(Listing.price_vnd.is_not(None))
    return stmt


def public_rows(enterprise_id: int | None = None, priced: bool | None = None,
                page: int = PAGE) -> Iterator:
    """Public listings in id order, one keyset page (a fresh small query) at a time."""
    after = 0
    while True:
        rows = db.session.execute(_base(enterprise_id, priced).where(Listing.id > after)
                                  .order_by(Listing.id).limit(page)).all()
        yield from rows
        if len(rows) < page:
            return
        after = rows[-1].id


def newest_rows(category_ids: list[int] | None, limit: int) -> list:
    stmt = _base()
    if category_ids is not None:
        stmt = stmt.where(Listing.category_id.in_(category_ids))
    return db.session.execute(stmt.order_by(Listing.published_at.desc(), Listing.id.desc())
                              .limit(limit)).all()


class FeedVersion:
    """What a cached copy of a feed is compared with: a public listing appearing, changing or
    disappearing (its enterprise suspended, say) changes the ETag; Last-Modified is the newest
    change of a listing in it."""

    def __init__(self, count: int, id_sum: int, newest: datetime | None, unpriced: int):
        self.count, self.unpriced, self.newest = count, unpriced, newest
        text = f"{count}:{id_sum}:{newest.isoformat() if newest else ''}:{unpriced}"
        self.etag = hashlib.sha256(text.encode()).hexdigest()[:32]


def version(enterprise_id: int | None = None) -> FeedVersion:
    stmt = (select(func.count(), func.coalesce(func.sum(Listing.id), 0),
                   func.max(Listing.updated_at),
                   func.count().filter(Listing.price_vnd.is_(None)))
            .select_from(Listing)
            .join(RegistryEnterprise, Listing.enterprise_id == RegistryEnterprise.id)
            .where(public_condition()))
    if enterprise_id is not None:
        stmt = stmt.where(Listing.enterprise_id == enterprise_id)
    count, id_sum, newest, unpriced = db.session.execute(stmt).one()
    return FeedVersion(count, int(id_sum), newest, unpriced)
