"""The working-day calendar: the only way the platform computes deadlines.

A working day is Monday–Friday unless it is a public holiday (Labour Code 45/2019/QH14,
Art. 112, including the lunar Tết and Hùng Kings days, from the `holidays` package), with
admin overrides (`CalendarOverride`) for the yearly swapped days and worked weekends.
Working time is counted inside office hours only, so "3 working days" from 10:00 on a
Monday ends at 10:00 on Thursday, and time outside office hours does not count.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from saola.core.models import CalendarOverride

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# Office hours of state agencies (morning and afternoon sessions); 8 working hours a day.
OFFICE_SESSIONS: tuple[tuple[dt.time, dt.time], ...] = (
    (dt.time(7, 30), dt.time(11, 30)),
    (dt.time(13, 30), dt.time(17, 30)),
)
WORKDAY = sum(
    (dt.datetime.combine(dt.date.min, end) - dt.datetime.combine(dt.date.min, start) for start, end in OFFICE_SESSIONS),
    dt.timedelta(),
)
_SUBSTITUTED_FROM = re.compile(r"substituted from (\d{2})/(\d{2})/(\d{4})")
_MAX_DAYS_SCANNED = 366 * 20


@lru_cache(maxsize=64)
def _statutory_year(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """(days off, worked weekend days) of one year from the statutory calendar."""
    days_off: set[dt.date] = set()
    worked: set[dt.date] = set()
    for day, name in holidays.country_holidays("VN", years=year, language="en_US").items():
        days_off.add(day)
        # A swapped day off is paid back by working a weekend day the package names.
        for match in _SUBSTITUTED_FROM.finditer(name):
            month, dom, yr = (int(g) for g in match.groups())
            worked.add(dt.date(yr, month, dom))
    return frozenset(days_off), frozenset(worked)


@dataclass
class WorkingCalendar:
    """Answers "is this a working day?", loading admin overrides once per year touched."""

    _overrides: dict[int, dict[dt.date, str]] = field(default_factory=dict)

    def _year_overrides(self, year: int) -> dict[dt.date, str]:
        if year not in self._overrides:
            self._overrides[year] = dict(CalendarOverride.objects.filter(date__year=year).values_list("date", "kind"))
        return self._overrides[year]

    def is_working_day(self, day: dt.date) -> bool:
        kind = self._year_overrides(day.year).get(day)
        if kind is not None:
            return kind == CalendarOverride.Kind.WORKING_DAY
        days_off, worked = _statutory_year(day.year)
        if day in worked:
            return True
        if day in days_off:
            return False
        return day.weekday() < 5

    def sessions(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        if not self.is_working_day(day):
            return []
        return [
            (dt.datetime.combine(day, start, LOCAL_TZ), dt.datetime.combine(day, end, LOCAL_TZ))
            for start, end in OFFICE_SESSIONS
        ]


def _local(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("working-time arithmetic needs aware datetimes")
    return moment.astimezone(LOCAL_TZ)


def add_working_time(
    start: dt.datetime, *, days: float = 0, hours: float = 0, calendar: WorkingCalendar | None = None
) -> dt.datetime:
    """The moment when `days` working days plus `hours` working hours have passed since `start`.

    Time before office hours, at lunch, after hours, at weekends and on holidays does not
    count; a start outside office hours starts the clock at the next session. The result
    is in Asia/Ho_Chi_Minh. Negative amounts are refused.
    """
    remaining = WORKDAY * days + dt.timedelta(hours=hours)
    if remaining < dt.timedelta(0):
        raise ValueError("working time to add must not be negative")
    cal = calendar or WorkingCalendar()
    current = _local(start)
    day = current.date()
    for _ in range(_MAX_DAYS_SCANNED):
        for open_at, close_at in cal.sessions(day):
            if current >= close_at:
                continue
            begin = max(current, open_at)
            available = close_at - begin
            if remaining <= available:
                return begin + remaining
            remaining -= available
            current = close_at
        day += dt.timedelta(days=1)
    raise ValueError("no working time found within 20 years")


def working_time_between(a: dt.datetime, b: dt.datetime, *, calendar: WorkingCalendar | None = None) -> dt.timedelta:
    """Working time from `a` to `b` (negative when `b` is earlier), counted like `add_working_time`."""
    if b < a:
        return -working_time_between(b, a, calendar=calendar)
    cal = calendar or WorkingCalendar()
    start, end = _local(a), _local(b)
    total = dt.timedelta(0)
    day = start.date()
    while day <= end.date():
        for open_at, close_at in cal.sessions(day):
            lo, hi = max(open_at, start), min(close_at, end)
            if hi > lo:
                total += hi - lo
        day += dt.timedelta(days=1)
    return total


def working_days_between(a: dt.datetime, b: dt.datetime, *, calendar: WorkingCalendar | None = None) -> float:
    """Working time between two moments expressed in working days (8 office hours each)."""
    return working_time_between(a, b, calendar=calendar) / WORKDAY
