"""Appointment dates across holidays, cut-off hours and supplement pauses."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from saola.core.calendar import LOCAL_TZ
from saola.dossiers.deadlines import appointment, is_at_risk, is_late, resume_after_pause

pytestmark = pytest.mark.django_db


def at(y, m, d, h=0, mi=0):
    return dt.datetime(y, m, d, h, mi, tzinfo=LOCAL_TZ)


def test_three_days_across_the_2026_lunar_new_year():
    # Thursday 12/2/2026 09:00 + 3 working days: Fri 13, then Tết 16–20/2, Mon 23, Tue 24.
    assert appointment(at(2026, 2, 12, 9), processing_days=3, cut_off_hour=None) == at(2026, 2, 24, 9)


def test_across_reunification_and_labour_day_2026():
    assert appointment(at(2026, 4, 29, 14), processing_days=Decimal("2"), cut_off_hour=None) == at(2026, 5, 5, 14)


def test_after_the_cut_off_hour_the_clock_starts_next_working_day():
    # Friday 16:00 with a 15:00 cut-off: starts Monday 07:30, one day ends Monday 17:30.
    assert appointment(at(2026, 12, 4, 16), processing_days=1, cut_off_hour=15) == at(2026, 12, 7, 17, 30)
    # Before the cut-off: counted from the receipt itself.
    assert appointment(at(2026, 12, 4, 14), processing_days=1, cut_off_hour=15) == at(2026, 12, 7, 14)


def test_half_day_procedures():
    assert appointment(at(2026, 12, 1, 8), processing_days=Decimal("0.5"), cut_off_hour=None) == at(2026, 12, 1, 14)


def test_supplement_pause_moves_the_date_by_the_time_the_applicant_took():
    due = at(2026, 12, 4, 10)  # Friday
    paused = at(2026, 12, 2, 10)  # Wednesday: 2 working days left
    resumed = at(2026, 12, 9, 10)  # the next Wednesday
    assert resume_after_pause(paused_at=paused, due_at=due, resumed_at=resumed) == at(2026, 12, 11, 10)


def test_pause_across_national_day_2025():
    due = at(2025, 8, 29, 10)  # Friday, 1 working day after the pause
    paused = at(2025, 8, 28, 10)
    resumed = at(2025, 8, 29, 16)  # clock restarts Friday afternoon; 1/9 and 2/9 are off
    assert resume_after_pause(paused_at=paused, due_at=due, resumed_at=resumed) == at(2025, 9, 3, 16)


def dossier(**kw):
    base = {
        "received_at": at(2026, 12, 1, 8),
        "due_at": at(2026, 12, 4, 8),
        "original_due_at": None,
        "supplement_count": 0,
        "ended_at": None,
        "paused_at": None,
    }
    base.update(kw)
    return SimpleNamespace(**base)


def test_national_on_time_rule():
    assert not is_late(dossier(ended_at=at(2026, 12, 3, 9)), now=at(2026, 12, 10))
    assert is_late(dossier(ended_at=at(2026, 12, 4, 9)), now=at(2026, 12, 10))
    assert is_late(dossier(), now=at(2026, 12, 5))  # still open past the date
    assert not is_late(dossier(paused_at=at(2026, 12, 2)), now=at(2026, 12, 10))  # a supplement is outstanding
    assert is_late(dossier(supplement_count=2, ended_at=at(2026, 12, 2)), now=at(2026, 12, 10))
    assert not is_late(dossier(received_at=None), now=at(2027, 1, 1))
    # an apology's new date does not make a late dossier on time
    assert is_late(dossier(due_at=at(2026, 12, 20), original_due_at=at(2026, 12, 4, 8)), now=at(2026, 12, 5))


def test_at_risk_within_one_working_day():
    d = dossier(due_at=at(2026, 12, 4, 8))
    assert is_at_risk(d, now=at(2026, 12, 3, 9))
    assert not is_at_risk(d, now=at(2026, 12, 1, 9))
    assert not is_at_risk(d, now=at(2026, 12, 4, 9))  # already late, not "at risk"
