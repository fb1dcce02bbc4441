"""Denominator and participation spans: the registry and listing history folded per head office.

A span (starts_at, ends_at] says "from just after starts_at until ends_at included" (a change at
moment t takes effect for any T > t). With them, the rates of any moment are a few aggregate
queries (see rates.py) instead of a walk through 20,000 histories.

The spans are kept exact by `refresh()`, called before every computation: it compares cheap
fingerprints of the sources (registry, status history, approved claims, listing presence) with
those it last folded, and recomputes the heads concerned (all of them when it cannot tell).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from flask import g, has_request_context
from sqlalchemy import delete, func, insert, or_, select, update

from trading_floor.extensions import db
from trading_floor.i18n import to_local, utcnow
from trading_floor.monitoring import rollups
from trading_floor.monitoring.models import (
    DenominatorSpan,
    ListingPresenceChange,
    MonitoringSettings,
    ParticipationSpan,
)
from trading_floor.registry.models import (
    ACTIVE,
    APPROVED,
    Claim,
    RegistryEnterprise,
    RegistryImport,
    RegistryStatusChange,
)

Interval = tuple[datetime, datetime | None]
BATCH = 5000
FULL_ABOVE = 2000  # more heads concerned than this: recompute all, it is as quick


def _spans(changes: list[tuple[datetime, bool]], initial: bool) -> list[Interval]:
    """The intervals during which a state is True, from its changes (time, new state)."""
    out: list[Interval] = []
    start, state = (datetime.min if initial else None), initial
    for moment, value in changes:
        if state and not value:
            out.append((start, moment))
        elif value and not state:
            start = moment
        state = value
    if state:
        out.append((start, None))
    return out


def _clamp(intervals: list[Interval], after: datetime) -> list[Interval]:
    return [(max(start, after), end) for start, end in intervals
            if end is None or end > max(start, after)]


def _union(intervals: list[Interval]) -> list[Interval]:
    merged: list[list] = []
    for start, end in sorted(intervals, key=lambda i: i[0]):
        if merged and (merged[-1][1] is None or start <= merged[-1][1]):
            if merged[-1][1] is not None and (end is None or end > merged[-1][1]):
                merged[-1][1] = end
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _intersect(first: list[Interval], second: list[Interval]) -> list[Interval]:
    out = []
    for a_start, a_end in first:
        for b_start, b_end in second:
            start = max(a_start, b_start)
            ends = [e for e in (a_end, b_end) if e is not None]
            end = min(ends) if ends else None
            if end is None or start < end:
                out.append((start, end))
    return out


def _compute(head_ids: set[int] | None) -> tuple[list[dict], list[dict]]:
    """Both kinds of spans of the given head offices (all of them when None)."""
    columns = (RegistryEnterprise.id, RegistryEnterprise.code, RegistryEnterprise.parent_code,
               RegistryEnterprise.commune_code, RegistryEnterprise.vsic_section,
               RegistryEnterprise.size_class, RegistryEnterprise.first_imported_at,
               RegistryEnterprise.status)
    heads, families = {}, defaultdict(list)
    if head_ids is None:
        rows = db.session.execute(select(*columns)).all()
    else:
        ids = list(head_ids)
        rows = []
        for start in range(0, len(ids), 900):
            chunk = db.session.execute(select(*columns).where(
                RegistryEnterprise.id.in_(ids[start:start + 900]),
                RegistryEnterprise.parent_code.is_(None))).all()
            rows += chunk
            codes = [r.code for r in chunk]
            rows += db.session.execute(select(*columns).where(
                RegistryEnterprise.parent_code.in_(codes))).all()
    by_code = {r.code: r for r in rows if r.parent_code is None}
    for row in rows:
        if row.parent_code is None:
            heads[row.id] = row
            families[row.id].append(row.id)
        elif row.parent_code in by_code:  # a branch folds into its head office
            families[by_code[row.parent_code].id].append(row.id)
    units = [u for members in families.values() for u in members]

    def per_unit(stmt, key_column):
        found = defaultdict(list)
        if head_ids is None:
            result = db.session.execute(stmt)
        else:
            result = []
            for start in range(0, len(units), 900):
                result += db.session.execute(
                    stmt.where(key_column.in_(units[start:start + 900]))).all()
        for row in result:
            found[row[0]].append(tuple(row[1:]))
        return found

    statuses = per_unit(select(RegistryStatusChange.enterprise_id, RegistryStatusChange.changed_at,
                               RegistryStatusChange.status)
                        .order_by(RegistryStatusChange.changed_at, RegistryStatusChange.id),
                        RegistryStatusChange.enterprise_id)
    accounts = per_unit(select(Claim.enterprise_id, Claim.decided_at)
                        .where(Claim.status == APPROVED, Claim.decided_at.is_not(None)),
                        Claim.enterprise_id)
    presence = per_unit(select(ListingPresenceChange.enterprise_id,
                               ListingPresenceChange.changed_at, ListingPresenceChange.published)
                        .order_by(ListingPresenceChange.changed_at, ListingPresenceChange.id),
                        ListingPresenceChange.enterprise_id)
    denominators, participations = [], []
    for head_id, head in heads.items():
        changes = [(at, status == ACTIVE) for at, status in statuses.get(head_id, [])]
        initial = changes[0][1] if changes else head.status == ACTIVE
        counted = _clamp(_spans(changes, initial), head.first_imported_at)
        taking_part = []
        for unit in families[head_id]:
            if unit not in accounts or unit not in presence:
                continue
            verified = min(at for (at,) in accounts[unit])
            taking_part += _clamp(_spans(presence[unit], False), verified)
        group = {"enterprise_id": head_id, "commune_code": head.commune_code,
                 "vsic_section": head.vsic_section or "", "size_class": head.size_class}
        denominators += [_row(group, s, e) for s, e in counted]
        participations += [_row(group, s, e) for s, e in _intersect(counted, _union(taking_part))]
    return denominators, participations


def month_index(moment: datetime) -> int:
    """The Vietnamese calendar month of a naive-UTC moment, as year * 12 + month - 1."""
    local = to_local(moment)
    return local.year * 12 + local.month - 1


def _row(group: dict, start: datetime, end: datetime | None) -> dict:
    return {**group, "starts_at": start, "ends_at": end, "start_month": month_index(start),
            "end_month": month_index(end) if end is not None else None}


def _write(head_ids: set[int] | None) -> None:
    denominators, participations = _compute(head_ids)
    for model in (DenominatorSpan, ParticipationSpan):
        if head_ids is None:
            db.session.execute(delete(model))
        else:
            ids = list(head_ids)
            for start in range(0, len(ids), 900):
                db.session.execute(delete(model).where(model.enterprise_id.in_(
                    ids[start:start + 900])))
    for model, rows in ((DenominatorSpan, denominators), (ParticipationSpan, participations)):
        for start in range(0, len(rows), BATCH):
            db.session.execute(insert(model), rows[start:start + BATCH])


def _fingerprint() -> dict:
    """Cheap aggregates that change whenever a source of the spans changes (index-only counts;
    the registry's own rows are only compared through the imports that change them)."""
    e, i, s, c, p = (RegistryEnterprise, RegistryImport, RegistryStatusChange, Claim,
                     ListingPresenceChange)
    ent = db.session.execute(select(func.count(e.id), func.max(e.id))).one()
    imp = db.session.execute(select(func.count(i.id), func.max(i.id))).one()
    st = db.session.execute(select(func.count(s.id), func.max(s.id))).one()
    cl = db.session.execute(select(func.count(c.id), func.max(c.id), func.max(c.decided_at))
                            .where(c.status == APPROVED)).one()
    pr = db.session.execute(select(func.count(p.id), func.max(p.id))).one()
    return {"enterprises": [ent[0], ent[1] or 0], "imports": [imp[0], imp[1] or 0],
            "statuses": [st[0], st[1] or 0],
            "claims": [cl[0], cl[1] or 0, cl[2].isoformat() if cl[2] else None],
            "presence": [pr[0], pr[1] or 0]}


def _concerned(old: dict, new: dict) -> set[int] | None:
    """Enterprises whose spans may have changed since `old`, or None when it cannot tell."""
    if not old or "imports" not in old:
        return None
    concerned: set[int] = set()
    e, s, c = RegistryEnterprise, RegistryStatusChange, Claim
    if old["enterprises"] != new["enterprises"]:
        count, top = old["enterprises"]
        fresh = set(db.session.scalars(select(e.id).where(e.id > top)))
        if new["enterprises"][0] != count + len(fresh):
            return None  # an enterprise disappeared
        concerned |= fresh
    if old["imports"] != new["imports"]:
        # an import may have moved enterprises to another commune, sector or size class; the
        # margin covers an import that committed while the last refresh was reading
        since = datetime.fromisoformat(old["refreshed_at"]) - timedelta(hours=1)
        concerned |= set(db.session.scalars(select(e.id).where(e.updated_at > since)))
    if old["statuses"] != new["statuses"]:
        count, top = old["statuses"]
        fresh = db.session.execute(select(s.enterprise_id).where(s.id > top)).scalars().all()
        if new["statuses"][0] != count + len(fresh):
            return None
        concerned |= set(fresh)
    if old["claims"] != new["claims"]:
        count, top, decided = old["claims"]
        condition = c.id > top
        if decided:
            condition = or_(condition, c.decided_at >= datetime.fromisoformat(decided))
        fresh = set(db.session.scalars(select(c.enterprise_id).where(c.status == APPROVED,
                                                                      condition)))
        if new["claims"][0] < count:
            return None
        concerned |= fresh
    return concerned


def refresh(full: bool = False) -> None:
    """Brings the spans up to date with their sources (see the module docstring).

    Once per request is enough: a page that computes a period and a trend checks only once."""
    if not full and has_request_context():
        if g.get("monitoring_spans_fresh"):
            return
        g.monitoring_spans_fresh = True
    presence_concerned = rollups.refresh_presence()
    row = rollups.settings()
    db.session.commit()
    old, version = dict(row.spans_state or {}), row.spans_version
    new = _fingerprint()
    if {k: v for k, v in old.items() if k != "refreshed_at"} == new and not full:
        return
    new["refreshed_at"] = utcnow().isoformat()
    concerned = None if full else _concerned(old, new)
    if concerned is not None and old.get("presence") != new["presence"]:
        if presence_concerned is None:
            concerned = None  # folded elsewhere (a rebuild): the enterprises are unknown here
        else:
            concerned |= presence_concerned
    claimed = db.session.execute(
        update(MonitoringSettings)
        .where(MonitoringSettings.id == row.id, MonitoringSettings.spans_version == version)
        .values(spans_version=version + 1, spans_state=new)
        .execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        db.session.rollback()  # another request is refreshing the same changes
        return
    heads = None if concerned is None else _heads_of(concerned)
    if heads is not None and len(heads) > FULL_ABOVE:
        heads = None
    _write(heads)
    db.session.commit()
    db.session.expire(row)


def _heads_of(enterprise_ids: set[int]) -> set[int]:
    ids, heads, parents = list(enterprise_ids), set(), set()
    for start in range(0, len(ids), 900):
        for eid, parent_code in db.session.execute(
                select(RegistryEnterprise.id, RegistryEnterprise.parent_code)
                .where(RegistryEnterprise.id.in_(ids[start:start + 900]))):
            if parent_code is None:
                heads.add(eid)
            else:
                parents.add(parent_code)
    parent_list = list(parents)
    for start in range(0, len(parent_list), 900):
        heads |= set(db.session.scalars(select(RegistryEnterprise.id).where(
            RegistryEnterprise.code.in_(parent_list[start:start + 900]))))
    return heads


def rebuild_all() -> dict[str, int]:
    """`monitoring rebuild`: every rollup from its source (raw events, listing status history)."""
    result = rollups.rebuild_access()
    rollups.refresh_presence(full=True)
    refresh(full=True)
    result["presence"] = db.session.scalar(
        select(func.count()).select_from(ListingPresenceChange)) or 0
    db.session.commit()
    return result
