"""Who sees a listing: the one rule of public visibility, used by pages, search, feeds and the API.

A listing is public when it is published and its enterprise is active in the registry and verified
(an owner's claim approved by an officer, or an officer's --publish import that vouched for it).
"""

from __future__ import annotations

from sqlalchemy import Select, and_, select
from sqlalchemy.sql.elements import ColumnElement

from trading_floor.catalog.models import PUBLISHED, Listing
from trading_floor.registry.models import ACTIVE, RegistryEnterprise


def public_condition() -> ColumnElement[bool]:
    return and_(
        Listing.status == PUBLISHED,
        RegistryEnterprise.status == ACTIVE,
        RegistryEnterprise.verified_at.is_not(None),
    )


def public_listings() -> Select:
    """SELECT of the listings the public may see (join to the enterprise included)."""
    return (select(Listing)
            .join(RegistryEnterprise, Listing.enterprise_id == RegistryEnterprise.id)
            .where(public_condition()))


def is_public(listing: Listing) -> bool:
    enterprise = listing.enterprise
    return (listing.status == PUBLISHED and enterprise.status == ACTIVE
            and enterprise.verified_at is not None)
