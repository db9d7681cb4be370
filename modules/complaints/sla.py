"""Service levels: when the first response and the feedback are due, and whether they were missed.

Pure functions, no database. By default the clock runs around the clock; with
`working_hours_only` it counts only Monday-Friday 08:00-16:00 Asia/Jakarta, skipping Indonesian
public holidays (from the `holidays` package).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

JAKARTA = ZoneInfo("Asia/Jakarta")
WORKDAY_START = time(8, 0)
WORKDAY_END = time(16, 0)


@dataclass(frozen=True)
class SlaPolicy:
    first_response_minutes: int
    feedback_minutes: int
    working_hours_only: bool = False


def due_times(received_at: datetime, policy: SlaPolicy) -> tuple[datetime, datetime]:
    """(first response due, feedback due) for a complaint received at `received_at`."""
    return (due_at(received_at, policy.first_response_minutes, policy.working_hours_only),
            due_at(received_at, policy.feedback_minutes, policy.working_hours_only))


def due_at(start: datetime, minutes: int, working_hours_only: bool = False) -> datetime:
    if not working_hours_only:
        return start + timedelta(minutes=minutes)
    return add_working_minutes(start, minutes)


def add_working_minutes(start: datetime, minutes: int) -> datetime:
    """`start` plus `minutes` of working time, in UTC. Time outside working hours does not count."""
    moment = start.astimezone(JAKARTA)
    remaining = timedelta(minutes=minutes)
    while True:
        moment = _next_working_moment(moment)
        day_end = datetime.combine(moment.date(), WORKDAY_END, JAKARTA)
        if moment + remaining <= day_end:
            return (moment + remaining).astimezone(timezone.utc)
        remaining -= day_end - moment
        moment = day_end


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _indonesian_holidays(day.year)


def _next_working_moment(moment: datetime) -> datetime:
    """`moment` if it is inside working hours, else the start of the next working period."""
    day = moment.date()
    if is_working_day(day) and WORKDAY_START <= moment.time() < WORKDAY_END:
        return moment
    if is_working_day(day) and moment.time() < WORKDAY_START:
        return datetime.combine(day, WORKDAY_START, JAKARTA)
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return datetime.combine(day, WORKDAY_START, JAKARTA)


@lru_cache(maxsize=32)
def _indonesian_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("ID", years=year)


# --- breaches ---------------------------------------------------------------------------------

def first_response_breach(complaint, now: datetime) -> datetime | None:
    """The due time of a first response that is (or was) late and not yet recorded as breached."""
    if complaint.first_response_breached_at is not None:
        return None
    # A rejection answers the complaint too (spam needs no OPD response).
    answered = complaint.first_response_at or complaint.rejected_at
    return _missed(complaint.first_response_due_at, answered, now)


def feedback_breach(complaint, now: datetime) -> datetime | None:
    """The due time of feedback to the citizen that is (or was) late and not yet recorded."""
    if complaint.feedback_breached_at is not None:
        return None
    answered = complaint.feedback_at or complaint.rejected_at
    return _missed(complaint.feedback_due_at, answered, now)


def _missed(due: datetime | None, done: datetime | None, now: datetime) -> datetime | None:
    if due is None:
        return None
    return due if (done or now) > due else None
