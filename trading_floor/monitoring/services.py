"""The one service behind the dashboard, the API and the exports: the two rates of a period,
their breakdowns, the monthly trend, the projection and the outreach list."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_floor.core.collation import commune_sort_key, vietnamese_sort_key
from trading_floor.extensions import db
from trading_floor.i18n import utcnow
from trading_floor.monitoring import rates, rollups
from trading_floor.monitoring.periods import Period, recent_months
from trading_floor.registry.codes import section_label
from trading_floor.registry.models import AdminUnit, RegistryEnterprise

DIMENSIONS = ("commune", "sector", "size")
SIZE_LABELS = {"micro": _l("Siêu nhỏ"), "small": _l("Nhỏ"), "medium": _l("Vừa"),
               "large": _l("Lớn")}
SIZE_ORDER = {"micro": 0, "small": 1, "medium": 2, "large": 3}
MISSING = ("participation", "access", "either")


class MonitoringError(ValueError):
    """A request the monitoring service refuses; the message is for the user."""


@dataclass
class Tally:
    denominator: int = 0
    participating: int = 0
    accessing: int = 0
    connected: int = 0  # with a shop on an outside floor at the end of the period

    @property
    def participation_rate(self) -> float:
        return self.participating / self.denominator if self.denominator else 0.0

    @property
    def access_rate(self) -> float:
        return self.accessing / self.denominator if self.denominator else 0.0

    @property
    def connected_rate(self) -> float:
        return self.connected / self.denominator if self.denominator else 0.0

    def as_dict(self) -> dict:
        return {"denominator": self.denominator, "participating": self.participating,
                "participation_rate": round(self.participation_rate, 6),
                "accessing": self.accessing, "access_rate": round(self.access_rate, 6),
                "connected": self.connected, "connected_rate": round(self.connected_rate, 6)}


@dataclass
class Group:
    key: str | int
    name: str
    tally: Tally


@dataclass
class Targets:
    participation: float  # fractions 0–1
    access: float
    deadline: date | None


@dataclass
class Report:
    period: Period
    targets: Targets
    total: Tally
    groups: dict[str, list[Group]] = field(default_factory=dict)


@dataclass
class Standing:
    """One head office in the denominator of a period: does it take part, does it access?"""

    enterprise_id: int
    participating: bool
    accessing: bool


def targets() -> Targets:
    row = rollups.settings()
    return Targets(row.participation_target / 100, row.access_target / 100, row.deadline)


def update_targets(participation: int, access: int, deadline: date | None, user) -> None:
    """An administrator sets the targets (whole percent) and their deadline."""
    for value in (participation, access):
        if value is None or not 1 <= int(value) <= 100:
            raise MonitoringError(_("Chỉ tiêu phải là số phần trăm từ 1 đến 100."))
    row = rollups.settings()
    row.participation_target, row.access_target = int(participation), int(access)
    row.deadline, row.updated_at, row.updated_by_id = deadline, utcnow(), user.id
    db.session.commit()


# --- the period ---------------------------------------------------------------------------------

def group_name(dimension: str, key, commune_names: dict[int, str] | None = None) -> str:
    if dimension == "commune":
        names = commune_names if commune_names is not None else _commune_names()
        return names.get(int(key), str(key))
    if dimension == "sector":
        return section_label(key)
    return str(SIZE_LABELS.get(key, key))


def _commune_names() -> dict[int, str]:
    return dict(db.session.execute(select(AdminUnit.code, AdminUnit.name)).all())


def period_report(period: Period, group_by: tuple[str, ...] = DIMENSIONS) -> Report:
    """The two rates of a period, with the requested breakdowns (commune, sector, size)."""
    for dimension in group_by:
        if dimension not in DIMENSIONS:
            raise MonitoringError(_("Cách nhóm «%(g)s» không hợp lệ: chọn commune, sector hoặc "
                                    "size.", g=dimension))
    total = Tally()
    buckets: dict[str, dict] = {d: {} for d in group_by}
    for key, (denominator, participating, accessing, connected) in rates.grouped_counts(
            period, group_by).items():
        tallies = [total] + [buckets[d].setdefault(key[i], Tally())
                             for i, d in enumerate(group_by)]
        for tally in tallies:
            tally.denominator += denominator
            tally.participating += participating
            tally.accessing += accessing
            tally.connected += connected
    names = _commune_names() if "commune" in group_by else {}
    groups = {}
    for dimension, bucket in buckets.items():
        items = [Group(key, group_name(dimension, key, names), tally)
                 for key, tally in bucket.items() if tally.denominator]
        if dimension == "size":
            items.sort(key=lambda g: SIZE_ORDER.get(g.key, 9))
        elif dimension == "sector":
            items.sort(key=lambda g: g.key)
        else:
            items.sort(key=lambda g: commune_sort_key(g.name))
        groups[dimension] = items
    return Report(period, targets(), total, groups)


# --- the trend and the projection --------------------------------------------------------------

@dataclass
class TrendPoint:
    period: Period
    tally: Tally


def monthly_trend(count: int = 24) -> list[TrendPoint]:
    """Both rates at the end of each of the last `count` months (the current one up to now)."""
    months = recent_months(count)
    return [TrendPoint(p, Tally(*counts)) for p, counts in zip(months, rates.trend_counts(months),
                                                               strict=True)]


@dataclass
class Projection:
    rate: float
    target: float
    reached: bool
    month: date | None  # first day of the month the target is reached at the current pace
    pace: float  # rate points per month (a fraction)

    @property
    def before_deadline(self) -> bool | None:
        deadline = targets().deadline
        if deadline is None or self.month is None:
            return None
        return self.month <= deadline


def project(trend: list[TrendPoint], attribute: str, target: float,
            window: int = 12) -> Projection:
    """The month a rate reaches its target at the pace of the last `window` months (a least-
    squares line); None when the rate does not grow, or would take more than ten years."""
    points = [getattr(p.tally, attribute) for p in trend[-window:]]
    current = points[-1] if points else 0.0
    if current >= target:
        return Projection(current, target, True, None, 0.0)
    n = len(points)
    pace = 0.0
    if n >= 2:
        mean_x, mean_y = (n - 1) / 2, sum(points) / n
        spread = sum((x - mean_x) ** 2 for x in range(n))
        pace = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(points)) / spread
    if pace <= 0:
        return Projection(current, target, False, None, pace)
    months_needed = math.ceil((target - current) / pace - 1e-9)  # float noise: 3.0000001 is 3
    if months_needed > 120:
        return Projection(current, target, False, None, pace)
    last = trend[-1].period.first_day
    index = last.year * 12 + last.month - 1 + months_needed
    return Projection(current, target, False, date(index // 12, index % 12 + 1, 1), pace)


# --- lists of enterprises ------------------------------------------------------------------------

@dataclass
class EnterpriseLine:
    id: int
    code: str
    name: str
    commune: str
    sector: str
    size: str
    phone: str
    email: str
    participating: bool
    accessing: bool


def enterprise_lines(period: Period, commune: int | None = None, sector: str | None = None,
                     size: str | None = None, missing: str | None = None) -> list[EnterpriseLine]:
    """Head offices of the period's denominator, filtered; `missing` keeps those that do not take
    part (participation), do not access (access), or either — the outreach list."""
    if missing is not None and missing not in MISSING:
        raise MonitoringError(_("Bộ lọc không hợp lệ."))
    keep = []
    for head_id, (participating, accessing) in rates.head_flags(period, commune, sector,
                                                                size).items():
        if missing == "participation" and participating:
            continue
        if missing == "access" and accessing:
            continue
        if missing == "either" and participating and accessing:
            continue
        keep.append(Standing(head_id, participating, accessing))
    details = {}
    ids = [s.enterprise_id for s in keep]
    for start in range(0, len(ids), 900):
        for enterprise in db.session.execute(
                select(RegistryEnterprise.id, RegistryEnterprise.code, RegistryEnterprise.name,
                       RegistryEnterprise.phone, RegistryEnterprise.email,
                       RegistryEnterprise.commune_code, RegistryEnterprise.vsic_section,
                       RegistryEnterprise.size_class)
                .where(RegistryEnterprise.id.in_(ids[start:start + 900]))):
            details[enterprise.id] = enterprise
    names = _commune_names()
    lines = []
    for standing in keep:
        e = details[standing.enterprise_id]
        lines.append(EnterpriseLine(
            e.id, e.code, e.name, names.get(e.commune_code, str(e.commune_code)),
            group_name("sector", e.vsic_section), str(SIZE_LABELS.get(e.size_class, e.size_class)),
            e.phone or "", e.email or "", standing.participating, standing.accessing))
    lines.sort(key=lambda line: (commune_sort_key(line.commune), vietnamese_sort_key(line.name)))
    return lines
