"""Service levels: when the first response and the feedback are due, and whether they were missed.

Pure functions, no database. By default the clock runs around the clock; with
`working_hours_only` it counts only the city's working time (core/working_time.py: Monday-Friday
08:00-16:00 WIB, without Indonesian public holidays).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from core.working_time import add_working_minutes


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
