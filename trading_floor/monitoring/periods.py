"""Reporting periods in Vietnamese time: calendar year (the default), quarter, month, last N days.

A period is [start, end) in Asia/Ho_Chi_Minh, stored as naive UTC like every time of the floor.
A period that has not ended yet is measured up to now (`measured_end`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _

from trading_floor.i18n import VN_TZ, to_local, utcnow

TRAILING_DAYS = (30, 90, 365)


class PeriodError(ValueError):
    """The period text cannot be read; the message is for the user."""


@dataclass(frozen=True)
class Period:
    key: str  # as written in a URL or the API: 2026, 2026-Q3, 2026-11, last-90-days
    label: str  # as shown to a person
    first_day: date  # Vietnamese calendar days, inclusive
    last_day: date
    start: datetime  # naive UTC, inclusive
    end: datetime  # naive UTC, exclusive (the start of the day after last_day)

    @property
    def measured_end(self) -> datetime:
        """The moment the period is measured at: its end, or now if it has not ended yet."""
        return min(self.end, utcnow())

    @property
    def measured_last_day(self) -> date:
        return min(self.last_day, today_vn())

    @property
    def is_running(self) -> bool:
        return utcnow() < self.end


def today_vn() -> date:
    return to_local(utcnow()).date()


def vn_day_of(moment: datetime) -> date:
    """The Vietnamese calendar day of a naive-UTC moment."""
    return to_local(moment).date()


def day_start_utc(day: date) -> datetime:
    """Midnight of a Vietnamese day, as naive UTC."""
    return datetime.combine(day, time(0), tzinfo=VN_TZ).astimezone(UTC).replace(tzinfo=None)


def _build(key: str, label: str, first_day: date, last_day: date) -> Period:
    return Period(key=key, label=label, first_day=first_day, last_day=last_day,
                  start=day_start_utc(first_day), end=day_start_utc(last_day + timedelta(days=1)))


def year(number: int) -> Period:
    return _build(str(number), _("Năm %(y)d", y=number), date(number, 1, 1), date(number, 12, 31))


def quarter(number: int, q: int) -> Period:
    first = date(number, 3 * q - 2, 1)
    last = month_last_day(number, 3 * q)
    return _build(f"{number}-Q{q}", _("Quý %(q)d/%(y)d", q=q, y=number), first, last)


def month(number: int, m: int) -> Period:
    return _build(f"{number}-{m:02d}", _("Tháng %(m)d/%(y)d", m=m, y=number), date(number, m, 1),
                  month_last_day(number, m))


def trailing(days: int) -> Period:
    last = today_vn()
    return _build(f"last-{days}-days", _("%(n)d ngày gần nhất", n=days),
                  last - timedelta(days=days - 1), last)


def month_last_day(number: int, m: int) -> date:
    following = date(number + (m == 12), m % 12 + 1, 1)
    return following - timedelta(days=1)


def default_period() -> Period:
    return year(today_vn().year)


_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_TRAILING = re.compile(r"^last-(\d+)-days$")


def parse_period(text: str | None) -> Period:
    """`2026`, `2026-Q3`, `2026-11`, `last-30-days` / `last-90-days` / `last-365-days`."""
    text = (text or "").strip()
    if not text:
        return default_period()
    if match := _YEAR.match(text):
        number = int(match.group(1))
        _check_year(number, text)
        return year(number)
    if match := _QUARTER.match(text):
        number = int(match.group(1))
        _check_year(number, text)
        return quarter(number, int(match.group(2)))
    if match := _MONTH.match(text):
        number, m = int(match.group(1)), int(match.group(2))
        _check_year(number, text)
        if not 1 <= m <= 12:
            raise PeriodError(_("Kỳ «%(p)s» không hợp lệ: tháng phải từ 1 đến 12.", p=text))
        return month(number, m)
    if match := _TRAILING.match(text):
        days = int(match.group(1))
        if days not in TRAILING_DAYS:
            raise PeriodError(_("Kỳ «%(p)s» không hợp lệ: chỉ có 30, 90 hoặc 365 ngày gần nhất.",
                                p=text))
        return trailing(days)
    raise PeriodError(_("Kỳ «%(p)s» không hợp lệ. Ví dụ: 2026, 2026-Q3, 2026-11, last-90-days.",
                        p=text[:40]))


def _check_year(number: int, text: str) -> None:
    if not 2000 <= number <= today_vn().year + 1:
        raise PeriodError(_("Kỳ «%(p)s» không hợp lệ: năm ngoài phạm vi có số liệu.", p=text))


def recent_months(count: int = 24, until: date | None = None) -> list[Period]:
    """The last `count` calendar months, oldest first, the current month included."""
    until = until or today_vn()
    y, m = until.year, until.month
    months = []
    for _i in range(count):
        months.append(month(y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return list(reversed(months))


def picker_choices() -> list[tuple[str, str]]:
    """Periods offered by the period picker: years, quarters and months of the last two years."""
    today = today_vn()
    choices = [(p.key, p.label) for p in (trailing(d) for d in TRAILING_DAYS)]
    for number in (today.year, today.year - 1):
        choices.append((year(number).key, year(number).label))
        for q in range(4, 0, -1):
            if date(number, 3 * q - 2, 1) <= today:
                choices.append((quarter(number, q).key, quarter(number, q).label))
    for p in reversed(recent_months(24)):
        choices.append((p.key, p.label))
    return choices
