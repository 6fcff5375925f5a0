import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saola.core import services
from saola.core.calendar import (
    LOCAL_TZ,
    WorkingCalendar,
    add_working_time,
    working_days_between,
    working_time_between,
)
from saola.core.models import CalendarOverride

pytestmark = pytest.mark.django_db


def at(y, m, d, h=0, mi=0):
    return dt.datetime(y, m, d, h, mi, tzinfo=LOCAL_TZ)


def test_weekdays_work_and_weekends_rest():
    cal = WorkingCalendar()
    assert cal.is_working_day(dt.date(2026, 11, 25))  # Wednesday
    assert not cal.is_working_day(dt.date(2026, 11, 28))  # Saturday
    assert not cal.is_working_day(dt.date(2026, 11, 29))  # Sunday


def test_tet_2026_is_five_days_off():
    cal = WorkingCalendar()
    for day in range(16, 21):
        assert not cal.is_working_day(dt.date(2026, 2, day)), day
    assert cal.is_working_day(dt.date(2026, 2, 23))


def test_lunar_hung_kings_day_moves_with_the_lunar_calendar():
    cal = WorkingCalendar()
    assert not cal.is_working_day(dt.date(2025, 4, 7))
    # 2026: falls on Sunday 26/4, observed Monday 27/4.
    assert not cal.is_working_day(dt.date(2026, 4, 27))


def test_reunification_and_labour_day_and_national_day():
    cal = WorkingCalendar()
    for day in (dt.date(2025, 4, 30), dt.date(2025, 5, 1), dt.date(2025, 9, 1), dt.date(2025, 9, 2)):
        assert not cal.is_working_day(day), day


def test_swapped_day_2025_saturday_worked_friday_off():
    cal = WorkingCalendar()
    assert not cal.is_working_day(dt.date(2025, 5, 2))  # Friday off
    assert cal.is_working_day(dt.date(2025, 4, 26))  # Saturday worked in exchange


def test_admin_override_beats_the_statutory_calendar():
    services.calendar_override_set(
        actor=None,
        date=dt.date(2026, 12, 5),
        kind=CalendarOverride.Kind.WORKING_DAY,
        note="Làm bù",
        source="Thông báo của Bộ Nội vụ",
    )
    services.calendar_override_set(actor=None, date=dt.date(2026, 12, 7), kind=CalendarOverride.Kind.DAY_OFF)
    cal = WorkingCalendar()
    assert cal.is_working_day(dt.date(2026, 12, 5))
    assert not cal.is_working_day(dt.date(2026, 12, 7))


def test_three_working_days_from_monday_morning():
    assert add_working_time(at(2026, 11, 30, 10), days=3) == at(2026, 12, 3, 10)


def test_vietnam_culture_day_from_2026_can_be_overridden_by_admin():
    # 24/11 is a day off from 2026 in the holidays package (a new holiday, one source);
    # an admin override turns it back into a working day if the rule is not confirmed.
    assert not WorkingCalendar().is_working_day(dt.date(2026, 11, 24))
    services.calendar_override_set(actor=None, date=dt.date(2026, 11, 24), kind=CalendarOverride.Kind.WORKING_DAY)
    assert WorkingCalendar().is_working_day(dt.date(2026, 11, 24))


def test_deadline_skips_the_weekend():
    assert add_working_time(at(2026, 11, 27, 10), days=1) == at(2026, 11, 30, 10)


def test_receipt_after_hours_starts_next_morning():
    # 20:00 Friday → clock starts Monday 07:30; one day ends Monday 17:30.
    assert add_working_time(at(2026, 11, 27, 20), days=1) == at(2026, 11, 30, 17, 30)


def test_deadline_crossing_tet_2026():
    # Friday 13/2/2026 10:00 + 2 working days: 16–20/2 are Tết, so Tuesday 24/2 10:00.
    assert add_working_time(at(2026, 2, 13, 10), days=2) == at(2026, 2, 24, 10)


def test_deadline_crossing_30_4_and_1_5_2026():
    # Wed 29/4 + 2 days: 30/4 and 1/5 off, weekend → Tue 5/5.
    assert add_working_time(at(2026, 4, 29, 9), days=2) == at(2026, 5, 5, 9)


def test_deadline_crossing_national_day_2025():
    # Fri 29/8/2025 + 1 day: 1/9 and 2/9 off → Wed 3/9.
    assert add_working_time(at(2025, 8, 29, 9), days=1) == at(2025, 9, 3, 9)


def test_hours_count_only_office_hours():
    # 11:00 + 1h = 11:30 morning end, then 30 more minutes after lunch.
    assert add_working_time(at(2026, 11, 25, 11), hours=1) == at(2026, 11, 25, 14)


def test_leap_day_is_a_working_day_when_weekday():
    cal = WorkingCalendar()
    assert cal.is_working_day(dt.date(2028, 2, 29))  # Tuesday
    assert add_working_time(at(2028, 2, 28, 9), days=1) == at(2028, 2, 29, 9)


def test_between_counts_working_time_and_is_antisymmetric():
    a, b = at(2026, 11, 30, 10), at(2026, 12, 3, 10)
    assert working_time_between(a, b) == dt.timedelta(hours=24)
    assert working_days_between(a, b) == 3
    assert working_time_between(b, a) == -dt.timedelta(hours=24)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="aware"):
        add_working_time(dt.datetime(2026, 1, 5, 9), days=1)


def test_negative_amount_is_refused():
    with pytest.raises(ValueError, match="negative"):
        add_working_time(at(2026, 1, 5, 9), days=-1)


def test_override_is_audited():
    from saola.core.models import AuditEntry

    services.calendar_override_set(actor=None, date=dt.date(2027, 1, 2), kind=CalendarOverride.Kind.WORKING_DAY)
    entry = AuditEntry.objects.get(action="calendar.override")
    assert entry.after["kind"] == "working_day"


moments = st.datetimes(
    min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2029, 12, 31), timezones=st.just(LOCAL_TZ)
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=moments, minutes=st.integers(min_value=0, max_value=60 * 8 * 40))
def test_add_then_between_gives_back_the_amount(start, minutes):
    cal = WorkingCalendar()
    end = add_working_time(start, hours=minutes / 60, calendar=cal)
    assert end >= start
    assert working_time_between(start, end, calendar=cal) == dt.timedelta(minutes=minutes)
    assert cal.is_working_day(end.date()) or minutes == 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=moments, b=moments, c=moments)
def test_between_is_additive(a, b, c):
    cal = WorkingCalendar()
    a, b, c = sorted([a, b, c])
    assert working_time_between(a, b, calendar=cal) + working_time_between(b, c, calendar=cal) == working_time_between(
        a, c, calendar=cal
    )
