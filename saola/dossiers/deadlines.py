"""Appointment dates and the national on-time rule, all through the working-day calendar."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from saola.core.calendar import LOCAL_TZ, OFFICE_SESSIONS, WorkingCalendar, add_working_time, working_time_between

if TYPE_CHECKING:
    from saola.dossiers.models import Dossier


def clock_start(received_at: dt.datetime, *, cut_off_hour: int | None, calendar: WorkingCalendar) -> dt.datetime:
    """When the processing time starts counting.

    Receipts after the procedure's cut-off hour (15:00 for certifications and civil-status
    extracts, a per-procedure rule) count from the next working day's opening.
    """
    local = received_at.astimezone(LOCAL_TZ)
    if cut_off_hour is None or local.hour < cut_off_hour:
        return local
    day = local.date() + dt.timedelta(days=1)
    while not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, OFFICE_SESSIONS[0][0], LOCAL_TZ)


def appointment(received_at: dt.datetime, *, processing_days: Decimal | float, cut_off_hour: int | None) -> dt.datetime:
    """The appointment date (ngày hẹn trả) for a dossier received at `received_at`."""
    calendar = WorkingCalendar()
    start = clock_start(received_at, cut_off_hour=cut_off_hour, calendar=calendar)
    return add_working_time(start, days=float(processing_days), calendar=calendar)


def resume_after_pause(*, paused_at: dt.datetime, due_at: dt.datetime, resumed_at: dt.datetime) -> dt.datetime:
    """The new due date when the clock, stopped at `paused_at`, restarts at `resumed_at`."""
    calendar = WorkingCalendar()
    remaining = working_time_between(paused_at, due_at, calendar=calendar)
    if remaining <= dt.timedelta(0):
        return due_at
    return add_working_time(resumed_at, hours=remaining.total_seconds() / 3600, calendar=calendar)


def end_of_processing(dossier: Dossier) -> dt.datetime | None:
    """The end time the national on-time rule uses (§2.2 of the domain facts).

    The first terminal moment (refused, stopped, withdrawn, finished, returned); while a
    supplement request is outstanding, the time of that request.
    """
    if dossier.ended_at:
        return dossier.ended_at
    return dossier.paused_at


def is_late(dossier: Dossier, *, now: dt.datetime) -> bool:
    """Late by the national rule: ended (or still open) after the appointment, or more than one
    supplement request. Only received dossiers count; an apology's new date does not excuse it."""
    if dossier.received_at is None or dossier.due_at is None:
        return False
    if dossier.supplement_count > 1:
        return True
    due = dossier.original_due_at or dossier.due_at
    end = end_of_processing(dossier) or now
    return end > due


def is_at_risk(dossier: Dossier, *, now: dt.datetime, within_hours: float = 8) -> bool:
    """Still open, not yet late, and due within `within_hours` working hours (one working day)."""
    if dossier.ended_at or dossier.paused_at or dossier.due_at is None or now >= dossier.due_at:
        return False
    return working_time_between(now, dossier.due_at) <= dt.timedelta(hours=within_hours)
