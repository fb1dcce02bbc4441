"""The two rates, computed exactly from the registry history and the rollups.

For any list of measuring moments (a period's end, or the ends of 24 months) every head office of
the registry gets three bit masks, one bit per moment:
  D  in the denominator: imported before the moment and active at it (status history);
  P  participating: some unit of its family (itself or a branch) had a verified account
     (an approved claim) and ≥1 published listing at that moment (listing presence history);
  A  accessing: some member of the family accessed the floor inside the period (access rollups).
Branches fold into their head office and never count on their own. Counting the bits is cheap
for the whole province, so the dashboard, API and exports all run the same computation.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, exists, select

from trading_floor.extensions import db
from trading_floor.monitoring import rollups
from trading_floor.monitoring.models import (
    EnterpriseAccessDay,
    EnterpriseAccessYear,
    ListingPresenceChange,
)
from trading_floor.monitoring.periods import Period
from trading_floor.registry.models import (
    ACTIVE,
    APPROVED,
    Claim,
    RegistryEnterprise,
    RegistryStatusChange,
)


@dataclass
class Head:
    """A head office of the registry, with what groups it."""

    id: int
    commune_code: int
    vsic_section: str
    size_class: str
    first_imported_at: datetime
    status: str  # current status, used when the history is empty


@dataclass
class Registry:
    heads: dict[int, Head]
    head_of: dict[int, int]  # every counted unit (head offices and their branches) -> head office


def load_registry() -> Registry:
    rows = db.session.execute(select(
        RegistryEnterprise.id, RegistryEnterprise.code, RegistryEnterprise.parent_code,
        RegistryEnterprise.commune_code, RegistryEnterprise.vsic_section,
        RegistryEnterprise.size_class, RegistryEnterprise.first_imported_at,
        RegistryEnterprise.status)).all()
    heads, by_code, branches = {}, {}, []
    for row in rows:
        if row.parent_code is None:
            heads[row.id] = Head(row.id, row.commune_code, row.vsic_section or "", row.size_class,
                                 row.first_imported_at, row.status)
            by_code[row.code] = row.id
        else:
            branches.append(row)
    head_of = {head_id: head_id for head_id in heads}
    for row in branches:  # a branch whose head office is not in the registry counts for nobody
        if row.parent_code in by_code:
            head_of[row.id] = by_code[row.parent_code]
    return Registry(heads, head_of)


def _after_mask(moment: datetime | None, ends: list[datetime]) -> int:
    """Bits of the measuring moments strictly after `moment` (ends are sorted)."""
    if moment is None:
        return 0
    first = bisect_right(ends, moment)
    return ((1 << len(ends)) - 1) & ~((1 << first) - 1)


def _timeline_mask(changes: list[tuple[datetime, bool]], ends: list[datetime],
                   initial: bool = False) -> int:
    """Bits of the moments at which the last change before them was True."""
    mask, state, position = 0, initial, 0
    for changed_at, value in changes:
        index = bisect_right(ends, changed_at)
        if state and index > position:
            mask |= ((1 << index) - 1) & ~((1 << position) - 1)
        position = max(position, index)
        state = value
    if state and position < len(ends):
        mask |= ((1 << len(ends)) - 1) & ~((1 << position) - 1)
    return mask


def denominator_masks(registry: Registry, ends: list[datetime]) -> dict[int, int]:
    history: dict[int, list[tuple[datetime, bool]]] = defaultdict(list)
    for enterprise_id, status, changed_at in db.session.execute(
            select(RegistryStatusChange.enterprise_id, RegistryStatusChange.status,
                   RegistryStatusChange.changed_at)
            .order_by(RegistryStatusChange.changed_at, RegistryStatusChange.id)):
        if enterprise_id in registry.heads:
            history[enterprise_id].append((changed_at, status == ACTIVE))
    masks = {}
    for head in registry.heads.values():
        changes = history.get(head.id)
        if changes:
            # before its first recorded change an enterprise has the status that change recorded
            active = _timeline_mask(changes, ends, initial=changes[0][1])
        else:
            active = (1 << len(ends)) - 1 if head.status == ACTIVE else 0
        masks[head.id] = active & _after_mask(head.first_imported_at, ends)
    return masks


def participation_masks(registry: Registry, ends: list[datetime]) -> dict[int, int]:
    rollups.refresh_presence()
    account_since: dict[int, datetime] = {}
    for enterprise_id, decided_at in db.session.execute(
            select(Claim.enterprise_id, Claim.decided_at)
            .where(Claim.status == APPROVED, Claim.decided_at.is_not(None))):
        if enterprise_id not in account_since or decided_at < account_since[enterprise_id]:
            account_since[enterprise_id] = decided_at
    presence: dict[int, list[tuple[datetime, bool]]] = defaultdict(list)
    for enterprise_id, changed_at, published in db.session.execute(
            select(ListingPresenceChange.enterprise_id, ListingPresenceChange.changed_at,
                   ListingPresenceChange.published)
            .order_by(ListingPresenceChange.changed_at, ListingPresenceChange.id)):
        presence[enterprise_id].append((changed_at, published))
    masks: dict[int, int] = defaultdict(int)
    for unit_id, changes in presence.items():
        head_id = registry.head_of.get(unit_id)
        if head_id is None or unit_id not in account_since:
            continue
        masks[head_id] |= (_timeline_mask(changes, ends)
                           & _after_mask(account_since[unit_id], ends))
    return masks


def month_access_masks(registry: Registry, months: list[Period]) -> dict[int, int]:
    """Bit k set when the family accessed the floor in months[k] (from the yearly month masks)."""
    first = months[0].first_day
    years = sorted({p.first_day.year for p in months})
    masks: dict[int, int] = defaultdict(int)
    full = (1 << len(months)) - 1
    for enterprise_id, y, months_mask in db.session.execute(
            select(EnterpriseAccessYear.enterprise_id, EnterpriseAccessYear.year,
                   EnterpriseAccessYear.months).where(EnterpriseAccessYear.year.in_(years))):
        head_id = registry.head_of.get(enterprise_id)
        if head_id is None:
            continue
        offset = (y - first.year) * 12 - (first.month - 1)
        shifted = months_mask << offset if offset >= 0 else months_mask >> -offset
        masks[head_id] |= shifted & full
    return masks


def period_accessing(registry: Registry, period: Period) -> set[int]:
    """Head offices with ≥1 access day inside the period (up to today if it is running)."""
    last_day = period.measured_last_day
    if _month_aligned(period.first_day, period.last_day):
        months = _months_between(period.first_day, last_day)
        from trading_floor.monitoring.periods import month as month_period

        masks = month_access_masks(registry, [month_period(y, m) for y, m in months])
        return {head_id for head_id, mask in masks.items() if mask}
    day = EnterpriseAccessDay
    rows = db.session.scalars(
        select(RegistryEnterprise.id).where(exists().where(and_(
            day.enterprise_id == RegistryEnterprise.id, day.day >= period.first_day,
            day.day <= last_day))))
    return {registry.head_of[e] for e in rows if e in registry.head_of}


def _month_aligned(first: date, last: date) -> bool:
    from trading_floor.monitoring.periods import month_last_day

    return first.day == 1 and last == month_last_day(last.year, last.month)


def _months_between(first: date, last: date) -> list[tuple[int, int]]:
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# --- counting ----------------------------------------------------------------------------------

LANE = 24  # bits per moment in the lane sum: counts up to 16 million enterprises


def _spread_table() -> list[int]:
    return [sum(1 << (i * LANE) for i in range(8) if byte >> i & 1) for byte in range(256)]


_SPREAD = _spread_table()


def bit_counts(masks, width: int) -> list[int]:
    """How many masks have bit k set, for k < width: each mask is spread so that bit k lands in
    its own 24-bit lane, and one big-integer sum counts every lane at once."""
    total = 0
    for mask, times in Counter(masks).items():
        spread, shift = 0, 0
        while mask:
            spread |= _SPREAD[mask & 255] << shift
            mask >>= 8
            shift += 8 * LANE
        total += spread * times
    lane = (1 << LANE) - 1
    return [(total >> (k * LANE)) & lane for k in range(width)]
