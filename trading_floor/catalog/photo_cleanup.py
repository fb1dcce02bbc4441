"""Photo files follow their rows: files of deleted photo rows are removed once the deletion
committed, never before (a rolled-back transaction keeps its photos).

A photo row goes away in three ways, all caught here: the row itself is deleted, its listing is
deleted (ORM or database cascade), or its enterprise is deleted (the database cascades to the
listings and their photos, so the ORM never sees those rows). Before each flush the file names
those deletions will take with them are read and kept on the session; after the commit the files
are unlinked; a rollback forgets them. Bulk `delete()` statements on these tables are covered the
same way (their WHERE clause selects the photos first). Files whose rows were deleted outside the
floor (psql) are found by `flask catalog photos prune`.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from flask import has_app_context
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from trading_floor.catalog import images
from trading_floor.catalog.models import Listing, ListingImage
from trading_floor.extensions import db
from trading_floor.registry.models import RegistryEnterprise

log = logging.getLogger(__name__)
_PENDING = "photos_to_remove"


def _pending(session: Session) -> set[str]:
    return session.info.setdefault(_PENDING, set())


def _photos_of(session: Session, condition) -> list[str]:
    with session.no_autoflush:
        return list(session.scalars(select(ListingImage.filename)
                                    .join(Listing, ListingImage.listing_id == Listing.id)
                                    .where(condition)))


@event.listens_for(Session, "before_flush")
def _collect(session: Session, _context, _instances) -> None:
    """Photo rows about to be deleted, and the photos of listings and enterprises about to be
    deleted (read while their rows exist)."""
    listing_ids, enterprise_ids, names = set(), set(), set()
    for obj in session.dirty:
        if isinstance(obj, Listing):  # photos taken out of a listing are orphans, deleted
            names.update(image.filename for image in inspect(obj).attrs.images.history.deleted)
    for obj in session.deleted:
        if isinstance(obj, ListingImage):
            names.add(obj.filename)
        elif isinstance(obj, Listing) and obj.id is not None:
            listing_ids.add(obj.id)
        elif isinstance(obj, RegistryEnterprise) and obj.id is not None:
            enterprise_ids.add(obj.id)
    if listing_ids:
        names.update(_photos_of(session, Listing.id.in_(listing_ids)))
    if enterprise_ids:
        names.update(_photos_of(session, Listing.enterprise_id.in_(enterprise_ids)))
    if names:
        _pending(session).update(names)


@event.listens_for(Session, "do_orm_execute")
def _collect_bulk(state) -> None:
    """`db.session.execute(delete(RegistryEnterprise).where(...))` and the like."""
    if not state.is_delete:
        return
    statement = state.statement
    table = getattr(getattr(statement, "table", None), "name", None)
    where = statement.whereclause
    if table == ListingImage.__tablename__:
        query = select(ListingImage.filename)
    elif table == Listing.__tablename__:
        query = select(ListingImage.filename).join(Listing,
                                                   ListingImage.listing_id == Listing.id)
    elif table == RegistryEnterprise.__tablename__:
        query = (select(ListingImage.filename)
                 .join(Listing, ListingImage.listing_id == Listing.id)
                 .join(RegistryEnterprise, Listing.enterprise_id == RegistryEnterprise.id))
    else:
        return
    if where is not None:
        query = query.where(where)
    session = state.session
    with session.no_autoflush:
        names = set(session.scalars(query, params=state.parameters))
    if names:
        _pending(session).update(names)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)


@event.listens_for(Session, "after_commit")
def _remove_files(session: Session) -> None:
    names = session.info.pop(_PENDING, None)
    if not names or not has_app_context():
        return
    for name in names:
        try:
            images.remove(name)
        except OSError:  # the deletion committed: a file left behind is logged, not raised
            log.exception("could not remove photo %s", name)


def prune_orphans(min_age: timedelta = timedelta(hours=1), dry_run: bool = False) -> list[str]:
    """Removes photo files no row names (left by deletions made outside the floor, or before it
    removed them itself). Files younger than `min_age` stay: a photo is written to disk just
    before its row is committed. Returns the names of the files removed (or to remove)."""
    known = set(db.session.scalars(select(ListingImage.filename)))
    horizon = time.time() - min_age.total_seconds()
    orphans = []
    for path in sorted(images.photo_dir().glob("*.jpg")):
        if path.name.replace("-t.jpg", ".jpg") in known or path.stat().st_mtime > horizon:
            continue
        orphans.append(path.name)
        if not dry_run:
            path.unlink(missing_ok=True)
    return orphans
