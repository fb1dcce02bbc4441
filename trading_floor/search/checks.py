"""Drift between the database (what is public) and the index (what search answers)."""

from __future__ import annotations

from dataclasses import dataclass, field

from trading_floor.catalog.models import Listing
from trading_floor.catalog.visibility import public_listings
from trading_floor.extensions import db
from trading_floor.search import get_backend
from trading_floor.search.backend import IndexUnavailable


@dataclass
class DriftReport:
    public: int = 0
    indexed: int = 0
    missing: list[int] = field(default_factory=list)  # public, not in the index
    extra: list[int] = field(default_factory=list)  # in the index, not public any more
    error: str | None = None

    @property
    def ok(self) -> bool:
        return not (self.error or self.missing or self.extra)


def drift() -> DriftReport:
    """Compares the public listing ids with the indexed ones."""
    public = set(db.session.scalars(public_listings().with_only_columns(Listing.id)))
    try:
        indexed = set(get_backend().indexed_ids())
    except IndexUnavailable as error:
        return DriftReport(public=len(public), error=str(error))
    return DriftReport(public=len(public), indexed=len(indexed),
                       missing=sorted(public - indexed), extra=sorted(indexed - public))
