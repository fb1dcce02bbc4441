"""The changed-since log of public listings: what a partner reads to mirror the catalogue exactly.

Told by `listings_changed` / `registry_changed` after each commit (like the search index), it
re-reads the listings' public state and gives every listing whose state changed the next number of
one monotonic sequence. The counter row is locked before anything is read, so numbers are handed
out and committed one transaction after another: a reader that saw seq N has seen every seq below
N. `rebuild()` (a CLI command) re-reads every listing, for a crash between a commit and its signal.
"""

from __future__ import annotations

import base64
import binascii
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select, update

from trading_floor.catalog.models import ChangeCounter, Listing, ListingChange
from trading_floor.catalog.visibility import public_listings
from trading_floor.extensions import db
from trading_floor.i18n import utcnow

COUNTER = "listings"
CHUNK = 1000
MAX_PAGE = 1000
logger = logging.getLogger(__name__)


class CursorError(ValueError):
    """A cursor this floor did not hand out; str() says so in Vietnamese."""


def _lock_counter() -> int:
    """Takes the counter's write lock (PostgreSQL: the row; SQLite: the database) and reads it."""
    locked = db.session.execute(update(ChangeCounter).where(ChangeCounter.name == COUNTER)
                                .values(value=ChangeCounter.value)).rowcount
    if not locked:
        db.session.add(ChangeCounter(name=COUNTER, value=0))
        db.session.flush()
    return db.session.scalar(select(ChangeCounter.value).where(ChangeCounter.name == COUNTER))


def record(listing_ids: Iterable[int]) -> int:
    """Numbers the listings whose public state changed (or whose public content may have);
    commits; returns how many changes were written."""
    ids = sorted({int(i) for i in listing_ids})
    if not ids:
        return 0
    try:
        last = _lock_counter()
        written = 0
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            public = set(db.session.scalars(public_listings().with_only_columns(Listing.id)
                                            .where(Listing.id.in_(chunk))))
            rows = {row.listing_id: row for row in db.session.scalars(
                select(ListingChange).where(ListingChange.listing_id.in_(chunk)))}
            now = utcnow()
            for listing_id in chunk:
                row = rows.get(listing_id)
                if listing_id not in public and (row is None or not row.public):
                    continue  # never public, or already a tombstone: nothing a partner must learn
                last += 1
                written += 1
                if row is None:
                    db.session.add(ListingChange(listing_id=listing_id, seq=last, public=True,
                                                 changed_at=now))
                else:
                    row.seq, row.public, row.changed_at = last, listing_id in public, now
            db.session.flush()
        db.session.execute(update(ChangeCounter).where(ChangeCounter.name == COUNTER)
                           .values(value=last))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return written


def record_enterprises(enterprise_ids: Iterable[int]) -> int:
    """An enterprise's verification or status decides whether its listings are public."""
    ids = list({int(i) for i in enterprise_ids})
    if not ids:
        return 0
    listing_ids = list(db.session.scalars(select(Listing.id).where(Listing.enterprise_id.in_(ids))))
    return record(listing_ids)


def rebuild() -> int:
    """Re-reads every listing and every tombstone (after a crash lost a signal)."""
    ids = set(db.session.scalars(select(Listing.id)))
    ids |= set(db.session.scalars(select(ListingChange.listing_id)))
    return record(ids)


def encode_cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(f"c1:{seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """'' or None -> 0 (from the beginning); a cursor from encode_cursor -> its seq."""
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _sep, number = text.partition(":")
        if kind != "c1" or not number.isdigit():
            raise ValueError(text)
        return int(number)
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise CursorError(_("Con trỏ (cursor) không hợp lệ: hãy dùng next_cursor của lần đọc "
                            "trước, hoặc bỏ trống để đọc từ đầu.")) from error


@dataclass
class ChangePage:
    changes: list[tuple[int, Listing | None]]  # (listing id, the public listing or None: removed)
    next_cursor: str
    has_more: bool


def changes_since(cursor: str | None, limit: int = 100) -> ChangePage:
    """The next changes after the cursor, oldest first. A listing that is not public at the time
    of reading is reported removed, whatever its row says (its tombstone follows anyway)."""
    after = decode_cursor(cursor)
    limit = max(1, min(int(limit), MAX_PAGE))
    rows = list(db.session.execute(select(ListingChange.listing_id, ListingChange.seq,
                                          ListingChange.public)
                                   .where(ListingChange.seq > after)
                                   .order_by(ListingChange.seq).limit(limit + 1)))
    has_more = len(rows) > limit
    rows = rows[:limit]
    wanted = [row.listing_id for row in rows if row.public]
    listings = {listing.id: listing for listing in db.session.scalars(
        public_listings().where(Listing.id.in_(wanted)))} if wanted else {}
    last = rows[-1].seq if rows else after
    return ChangePage(changes=[(row.listing_id, listings.get(row.listing_id)) for row in rows],
                      next_cursor=encode_cursor(last), has_more=has_more)


def on_listings_changed(sender=None, listing_ids=(), **_kwargs) -> None:
    try:
        record(listing_ids)
    except Exception:  # the change itself is committed: `flask partners changes rebuild` repairs
        logger.exception("listing change log: %d listings not recorded", len(listing_ids))


def on_registry_changed(sender=None, enterprise_ids=(), **_kwargs) -> None:
    try:
        record_enterprises(enterprise_ids)
    except Exception:
        logger.exception("listing change log: enterprises %s not recorded", list(enterprise_ids))
