"""The rates counted in SQL from the spans and the access rollups.

Every count is an aggregate over at most one row per head office (spans, access years) or one
index probe per head office (access days of a trailing window): the answer is a few hundred
grouped rows, whatever the traffic.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import and_, case, exists, func, or_, select

from trading_floor.crosslisting.models import OutsideShop
from trading_floor.crosslisting.services import active_on
from trading_floor.extensions import db
from trading_floor.monitoring import spans
from trading_floor.monitoring.models import (
    DenominatorSpan,
    EnterpriseAccessDay,
    EnterpriseAccessYear,
    ParticipationSpan,
)
from trading_floor.monitoring.periods import Period, month_last_day

Key = tuple[int, str, str]  # commune code, VSIC section, size class


def covering(model, moment: datetime):
    """The span holds at `moment`: starts_at < moment <= ends_at."""
    return and_(model.starts_at < moment, or_(model.ends_at.is_(None), model.ends_at >= moment))


def _month_bits(period: Period) -> tuple[int, int] | None:
    """(year, month mask) when the period is whole calendar months of one year."""
    first, last = period.first_day, period.last_day
    if first.day != 1 or last != month_last_day(last.year, last.month) or first.year != last.year:
        return None
    bits = sum(1 << (m - 1) for m in range(first.month, last.month + 1))
    return first.year, bits


def _accessing_condition(period: Period):
    """Extra FROM/WHERE of DenominatorSpan rows whose head accessed inside the period."""
    month_bits = _month_bits(period)
    if month_bits:
        year, bits = month_bits
        y = EnterpriseAccessYear
        return exists().where(y.enterprise_id == DenominatorSpan.enterprise_id, y.year == year,
                              y.months.op("&")(bits) != 0)
    d = EnterpriseAccessDay
    return exists().where(d.enterprise_id == DenominatorSpan.enterprise_id,
                          d.day >= period.first_day, d.day <= period.measured_last_day)


def _connected_condition(day):
    """The head office had a shop on an outside floor open on that Vietnamese day (its dates
    as recorded, so a shop ended today leaves past periods as they were)."""
    return exists().where(OutsideShop.enterprise_id == DenominatorSpan.enterprise_id,
                          active_on(day))


GROUP_COLUMNS = {"commune": "commune_code", "sector": "vsic_section", "size": "size_class"}


def _accessing_stmt(period: Period, columns: list):
    """SELECT of denominator span columns, for the heads that accessed inside the period."""
    d = DenominatorSpan
    month_bits = _month_bits(period)
    if month_bits:  # whole months: driven by the small yearly rollup
        year, bits = month_bits
        y = EnterpriseAccessYear
        return (select(*columns).select_from(y).join(d, d.enterprise_id == y.enterprise_id)
                .where(y.year == year, y.months.op("&")(bits) != 0,
                       covering(d, period.measured_end)))
    return select(*columns).where(covering(d, period.measured_end),
                                  _accessing_condition(period))


def grouped_counts(period: Period, dimensions: tuple[str, ...]) -> dict[tuple, list[int]]:
    """[denominator, participating, accessing, connected] per combination of the dimensions'
    keys."""
    spans.refresh()
    moment = period.measured_end
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    d, p = DenominatorSpan, ParticipationSpan
    statements = []
    for model in (d, p):
        keys = [getattr(model, GROUP_COLUMNS[name]) for name in dimensions]
        statements.append(select(*keys, func.count()).where(covering(model, moment))
                          .group_by(*keys))
    keys = [getattr(d, GROUP_COLUMNS[name]) for name in dimensions]
    statements.append(_accessing_stmt(period, [*keys, func.count()]).group_by(*keys))
    statements.append(select(*keys, func.count()).where(
        covering(d, moment), _connected_condition(period.measured_last_day)).group_by(*keys))
    for index, stmt in enumerate(statements):
        for row in db.session.execute(stmt):
            counts[tuple(row[:-1])][index] += row[-1]
    return counts


def head_flags(period: Period, commune: int | None = None, sector: str | None = None,
               size: str | None = None) -> dict[int, tuple[bool, bool]]:
    """{head office id: (participating, accessing)} for the denominator of the period."""
    spans.refresh()
    moment = period.measured_end

    def ids(model, condition=None) -> set[int]:
        stmt = select(model.enterprise_id).where(covering(model, moment))
        if commune is not None:
            stmt = stmt.where(model.commune_code == commune)
        if sector:
            stmt = stmt.where(model.vsic_section == sector)
        if size:
            stmt = stmt.where(model.size_class == size)
        if condition is not None:
            stmt = stmt.where(condition)
        return set(db.session.scalars(stmt))

    counted = ids(DenominatorSpan)
    taking_part = ids(ParticipationSpan)
    accessing = set(db.session.scalars(_accessing_stmt(period, [DenominatorSpan.enterprise_id])))
    return {head: (head in taking_part, head in accessing) for head in counted}


def trend_counts(months: list[Period]) -> list[list[int]]:
    """[denominator, participating, accessing, connected] at the end of each month.

    A closed month ends at a Vietnamese month boundary, so a span holds at its end exactly when
    start_month <= month < end_month: counts by start and end month give every closed month at
    once. The running month ends now and is counted with the exact moment."""
    spans.refresh()
    result = [[0, 0, 0, 0] for _m in months]
    index = [p.first_day.year * 12 + p.first_day.month - 1 for p in months]
    running = months[-1].is_running
    closed = len(months) - 1 if running else len(months)
    for position, model in enumerate((DenominatorSpan, ParticipationSpan)):
        starts = db.session.execute(select(model.start_month, func.count())
                                    .group_by(model.start_month)).all()
        ends = db.session.execute(select(model.end_month, func.count())
                                  .where(model.end_month.is_not(None))
                                  .group_by(model.end_month)).all()
        for k in range(closed):
            result[k][position] = (sum(c for m, c in starts if m <= index[k])
                                   - sum(c for m, c in ends if m <= index[k]))
        if running:
            result[-1][position] = db.session.scalar(
                select(func.count()).select_from(model)
                .where(covering(model, months[-1].measured_end))) or 0
    # accesses of heads in the denominator: yearly masks grouped by the spans' months
    y, d = EnterpriseAccessYear, DenominatorSpan
    years = sorted({p.first_day.year for p in months})
    per_month = [func.sum(case((y.months.op("&")(1 << m) != 0, 1), else_=0)) for m in range(12)]
    position_of = {i: k for k, i in enumerate(index[:closed])}
    for year, start_month, end_month, *counts in db.session.execute(
            select(y.year, d.start_month, d.end_month, *per_month).select_from(d)
            .join(y, y.enterprise_id == d.enterprise_id).where(y.year.in_(years))
            .group_by(y.year, d.start_month, d.end_month)):
        for m in range(12):
            month = year * 12 + m
            k = position_of.get(month)
            if k is not None and start_month <= month and (end_month is None
                                                           or month < end_month):
                result[k][2] += int(counts[m] or 0)
    for k, month in enumerate(months):  # one indexed count per month
        result[k][3] = db.session.scalar(
            select(func.count()).select_from(d).where(
                covering(d, month.measured_end),
                _connected_condition(month.measured_last_day))) or 0
    if running:
        current = months[-1].first_day
        result[-1][2] = db.session.scalar(
            select(func.count()).select_from(d).join(y, y.enterprise_id == d.enterprise_id)
            .where(y.year == current.year, y.months.op("&")(1 << (current.month - 1)) != 0,
                   covering(d, months[-1].measured_end))) or 0
    return result
