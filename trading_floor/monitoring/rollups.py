"""The rollups behind the rates, kept exact: access days and months, and listing presence.

- enterprise_access_days: one row per (head office) enterprise per Vietnamese day with activity;
  enterprise_access_years: the months of each year with activity, as a bit mask. Both are updated
  by every recorded access (same transaction) and rebuilt from raw events by `monitoring rebuild`.
- listing_presence_changes: when an enterprise's count of published listings went from 0 to ≥1
  or back, folded from the listing status history. The catalogue writes a ListingStatusEvent on
  every change; the fold catches up with new events before each computation (`refresh_presence`),
  so it is exact however the events were written (forms, imports, bulk inserts).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from itertools import groupby

from sqlalchemy import delete, extract, func, insert, literal_column, select, update
from sqlalchemy.dialects import postgresql, sqlite

from trading_floor.catalog.models import PUBLISHED, ListingStatusEvent
from trading_floor.extensions import db
from trading_floor.monitoring.models import (
    AccessEvent,
    EnterpriseAccessDay,
    EnterpriseAccessYear,
    ListingPresenceChange,
    MonitoringSettings,
)
from trading_floor.monitoring.periods import day_start_utc, today_vn

BATCH = 5000


def settings() -> MonitoringSettings:
    """The settings row, created with the defaults (50%, 80%, no deadline) on first use."""
    row = db.session.scalar(select(MonitoringSettings).order_by(MonitoringSettings.id).limit(1))
    if row is None:
        row = MonitoringSettings()
        db.session.add(row)
        db.session.flush()
    return row


def _insert_for_dialect():
    return postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert


def count_access_day(enterprise_id: int, day: date) -> None:
    """Adds one event to the enterprise's day and marks the month (upserts; caller commits)."""
    insert_ = _insert_for_dialect()
    day_stmt = insert_(EnterpriseAccessDay).values(enterprise_id=enterprise_id, day=day, events=1)
    db.session.execute(day_stmt.on_conflict_do_update(
        index_elements=["enterprise_id", "day"],
        set_={"events": EnterpriseAccessDay.events + 1}))
    bit = 1 << (day.month - 1)
    year_stmt = insert_(EnterpriseAccessYear).values(enterprise_id=enterprise_id, year=day.year,
                                                     months=bit)
    db.session.execute(year_stmt.on_conflict_do_update(
        index_elements=["enterprise_id", "year"],
        set_={"months": EnterpriseAccessYear.months.op("|")(bit)}))


def _vn_day_sql(column):
    """The Vietnamese day of a naive-UTC column, in SQL. Asia/Ho_Chi_Minh is UTC+7 all year
    (no daylight saving since 1975), so a fixed offset is exact."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.cast(column + literal_column("INTERVAL '7 hours'"), db.Date)
    return func.date(column, "+7 hours")


def rebuild_access() -> dict[str, int]:
    """Rebuilds the access rollups from the raw events still kept (older days stay as they are)."""
    since = settings().raw_events_since
    clear = delete(EnterpriseAccessDay)
    source = select(AccessEvent.enterprise_id, _vn_day_sql(AccessEvent.occurred_at).label("day"),
                    func.count().label("events"))
    if since is not None:
        clear = clear.where(EnterpriseAccessDay.day >= since)
        source = source.where(AccessEvent.occurred_at >= day_start_utc(since))
    source = source.group_by(AccessEvent.enterprise_id, literal_column("day"))
    db.session.execute(clear)
    db.session.execute(insert(EnterpriseAccessDay).from_select(
        ["enterprise_id", "day", "events"], source))
    months = _rebuild_access_years()
    days = db.session.scalar(select(func.count()).select_from(EnterpriseAccessDay))
    db.session.commit()
    return {"days": days or 0, "years": months}


def _rebuild_access_years() -> int:
    rows = db.session.execute(
        select(EnterpriseAccessDay.enterprise_id,
               extract("year", EnterpriseAccessDay.day).label("y"),
               extract("month", EnterpriseAccessDay.day).label("m"))
        .group_by(EnterpriseAccessDay.enterprise_id, literal_column("y"), literal_column("m")))
    masks: dict[tuple[int, int], int] = defaultdict(int)
    for enterprise_id, y, m in rows:
        masks[(enterprise_id, int(y))] |= 1 << (int(m) - 1)
    db.session.execute(delete(EnterpriseAccessYear))
    values = [{"enterprise_id": e, "year": y, "months": mask} for (e, y), mask in masks.items()]
    for start in range(0, len(values), BATCH):
        db.session.execute(insert(EnterpriseAccessYear), values[start:start + BATCH])
    return len(values)


def purge_raw_events(retention_days: int) -> int:
    """Deletes raw access events older than the retention (whole Vietnamese days); rollups stay."""
    if retention_days < 1:
        raise ValueError("retention must be at least one day")
    horizon = today_vn() - timedelta(days=retention_days)
    result = db.session.execute(delete(AccessEvent)
                                .where(AccessEvent.occurred_at < day_start_utc(horizon)))
    row = settings()
    if row.raw_events_since is None or row.raw_events_since < horizon:
        row.raw_events_since = horizon
    db.session.commit()
    return result.rowcount or 0


# --- listing presence ------------------------------------------------------------------------

def _presence_changes(events) -> list[dict]:
    """Folds (enterprise, listing, status, changed_at), ordered by enterprise then time, into the
    moments each enterprise's published-listing count went from 0 to ≥1 or back."""
    out: list[dict] = []
    for enterprise_id, rows in groupby(events, key=lambda row: row[0]):
        state: dict[int, str] = {}
        timeline: list[tuple] = []  # (changed_at, has a published listing) after each instant
        for _e, listing_id, status, changed_at in rows:
            state[listing_id] = status
            present = PUBLISHED in state.values()
            if timeline and timeline[-1][0] == changed_at:
                timeline[-1] = (changed_at, present)  # several changes at one instant: last stands
            else:
                timeline.append((changed_at, present))
        previous = False
        for changed_at, present in timeline:
            if present != previous:
                out.append({"enterprise_id": enterprise_id, "changed_at": changed_at,
                            "published": present})
                previous = present
    return out


def _fold_presence(enterprise_ids: list[int] | None) -> int:
    events = (select(ListingStatusEvent.enterprise_id, ListingStatusEvent.listing_id,
                     ListingStatusEvent.status, ListingStatusEvent.changed_at)
              .order_by(ListingStatusEvent.enterprise_id, ListingStatusEvent.changed_at,
                        ListingStatusEvent.id))
    clear = delete(ListingPresenceChange)
    changes: list[dict] = []
    if enterprise_ids is None:
        db.session.execute(clear)
        changes = _presence_changes(db.session.execute(events))
    else:
        for start in range(0, len(enterprise_ids), BATCH):
            chunk = enterprise_ids[start:start + BATCH]
            db.session.execute(clear.where(ListingPresenceChange.enterprise_id.in_(chunk)))
            changes += _presence_changes(db.session.execute(
                events.where(ListingStatusEvent.enterprise_id.in_(chunk))))
    for start in range(0, len(changes), BATCH):
        db.session.execute(insert(ListingPresenceChange), changes[start:start + BATCH])
    return len(changes)


def refresh_presence(full: bool = False) -> set[int] | None:
    """Folds listing status events written since the last fold; a full fold if any vanished.

    Returns the enterprises whose presence was refolded (empty: nothing new; None: all)."""
    row = settings()
    top, count = db.session.execute(select(func.coalesce(func.max(ListingStatusEvent.id), 0),
                                           func.count(ListingStatusEvent.id))).one()
    if not full and top == row.presence_event_id and count == row.presence_event_count:
        return set()
    newer = 0 if full else db.session.scalar(
        select(func.count(ListingStatusEvent.id))
        .where(ListingStatusEvent.id > row.presence_event_id))
    # claim the fold first: a concurrent request that folded the same events updates no row
    claimed = db.session.execute(
        update(MonitoringSettings)
        .where(MonitoringSettings.id == row.id,
               MonitoringSettings.presence_event_id == row.presence_event_id,
               MonitoringSettings.presence_event_count == row.presence_event_count)
        .values(presence_event_id=top, presence_event_count=count)
        .execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        db.session.rollback()
        return None
    affected: set[int] | None
    if full or count != row.presence_event_count + newer:
        _fold_presence(None)  # a listing was deleted with its history: fold everything again
        affected = None
    else:
        affected = set(db.session.scalars(
            select(ListingStatusEvent.enterprise_id.distinct())
            .where(ListingStatusEvent.id > row.presence_event_id)))
        _fold_presence(list(affected))
    db.session.commit()
    db.session.expire(row)
    return affected
