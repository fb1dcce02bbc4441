"""The two rates counted in SQL from the spans and the access rollups.

Every count is an aggregate over at most one row per head office (spans, access years) or one
index probe per head office (access days of a trailing window): the answer is a few hundred
grouped rows, whatever the traffic.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import and_, case, exists, func, or_, select, true

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


def grouped_counts(period: Period) -> dict[Key, list[int]]:
    """[denominator, participating, accessing] per (commune, section, size) at the period."""
    spans.refresh()
    moment = period.measured_end
    counts: dict[Key, list[int]] = defaultdict(lambda: [0, 0, 0])
    for index, (model, condition) in enumerate((
            (DenominatorSpan, None), (ParticipationSpan, None),
            (DenominatorSpan, _accessing_condition(period)))):
        keys = (model.commune_code, model.vsic_section, model.size_class)
        stmt = select(*keys, func.count()).where(covering(model, moment)).group_by(*keys)
        if condition is not None:
            stmt = stmt.where(condition)
        for commune, section, size, count in db.session.execute(stmt):
            counts[(commune, section, size)][index] += count
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
    accessing = ids(DenominatorSpan, _accessing_condition(period))
    return {head: (head in taking_part, head in accessing) for head in counted}


def trend_counts(months: list[Period]) -> list[list[int]]:
    """[denominator, participating, accessing] at the end of each month (one scan each)."""
    spans.refresh()
    ends = [p.measured_end for p in months]

    def at_each_end(model, extra=lambda k: true()):
        return [func.sum(case((and_(covering(model, end), extra(k)), 1), else_=0))
                for k, end in enumerate(ends)]

    denominators = db.session.execute(select(*at_each_end(DenominatorSpan))).one()
    participating = db.session.execute(select(*at_each_end(ParticipationSpan))).one()
    y = EnterpriseAccessYear
    years = sorted({p.first_day.year for p in months})
    accessing = db.session.execute(
        select(*at_each_end(DenominatorSpan, lambda k: and_(
            y.year == months[k].first_day.year,
            y.months.op("&")(1 << (months[k].first_day.month - 1)) != 0)))
        .select_from(DenominatorSpan)
        .join(y, y.enterprise_id == DenominatorSpan.enterprise_id)
        .where(y.year.in_(years))).one()
    return [[int(denominators[k] or 0), int(participating[k] or 0), int(accessing[k] or 0)]
            for k in range(len(months))]
