from datetime import date, datetime

import pytest
from freezegun import freeze_time

from trading_floor.monitoring.periods import PeriodError, parse_period


@freeze_time("2026-11-28 16:30:00")  # 23:30 in Hưng Yên
def test_last_n_days_are_calendar_days_in_vietnam_ending_today(app):
    period = parse_period("last-30-days")
    assert (period.first_day, period.last_day) == (date(2026, 10, 30), date(2026, 11, 28))
    assert period.start == datetime(2026, 10, 29, 17, 0)  # midnight in Vietnam, as UTC
    assert period.measured_end == datetime(2026, 11, 28, 16, 30)  # running: measured up to now
    assert parse_period("last-365-days").first_day == date(2025, 11, 29)


@freeze_time("2026-11-28 17:30:00")  # already 29/11 00:30 in Hưng Yên
def test_today_is_the_vietnamese_day(app):
    assert parse_period("last-90-days").last_day == date(2026, 11, 29)


@freeze_time("2026-11-28 03:00:00")
def test_years_quarters_and_months(app):
    assert parse_period("").key == "2026"
    q3 = parse_period("2026-Q3")
    assert (q3.first_day, q3.last_day, q3.start, q3.end) == (
        date(2026, 7, 1), date(2026, 9, 30), datetime(2026, 6, 30, 17), datetime(2026, 9, 30, 17))
    assert not q3.is_running and q3.measured_end == q3.end
    assert parse_period("2024-02").last_day == date(2024, 2, 29)
    assert parse_period("2026-12").label == "Tháng 12/2026"


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "last-7-days", "hôm qua", "1999", "2030"])
def test_bad_periods_are_refused_in_vietnamese(app, text):
    with freeze_time("2026-11-28 03:00:00"), pytest.raises(PeriodError, match="không hợp lệ"):
        parse_period(text)
