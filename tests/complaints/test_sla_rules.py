"""SLA due times and breaches as pure functions: around the clock and in working hours."""

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from core import working_time
from core.clock import CITY_ZONE as JAKARTA
from core.working_time import add_working_minutes
from modules.complaints import sla
from modules.complaints.sla import SlaPolicy, due_at, due_times


def wib(*parts) -> datetime:
    return datetime(*parts, tzinfo=JAKARTA)


def test_around_the_clock_first_response_is_60_minutes_and_feedback_24_hours():
    received = wib(2026, 11, 27, 15, 30)  # a Friday afternoon
    first, feedback = due_times(received, SlaPolicy(60, 1440))
    assert first == received + timedelta(minutes=60)
    assert feedback == received + timedelta(hours=24)
    assert first.tzinfo is not None


def test_working_hours_carry_over_the_weekend():
    assert add_working_minutes(wib(2026, 11, 27, 15, 30), 60) == wib(2026, 11, 30, 8, 30)  # Fri -> Mon


def test_working_hours_start_counting_on_monday_morning_for_a_saturday_complaint():
    assert add_working_minutes(wib(2026, 11, 28, 10, 0), 60) == wib(2026, 11, 30, 9, 0)


def test_a_complaint_before_opening_time_counts_from_08_00():
    assert add_working_minutes(wib(2026, 11, 24, 6, 45), 60) == wib(2026, 11, 24, 9, 0)


def test_christmas_and_the_weekend_are_skipped():
    # Thursday 24 December 15:30; Friday 25 December is a public holiday.
    assert add_working_minutes(wib(2026, 12, 24, 15, 30), 60) == wib(2026, 12, 28, 8, 30)


def test_independence_day_on_a_monday_is_skipped():
    assert add_working_minutes(wib(2026, 8, 14, 15, 0), 120) == wib(2026, 8, 18, 9, 0)


def test_24_hours_of_working_time_are_three_working_days():
    assert add_working_minutes(wib(2026, 11, 23, 9, 0), 1440) == wib(2026, 11, 26, 9, 0)


def test_the_policy_switches_working_hours_on():
    received = wib(2026, 11, 27, 15, 30)
    assert due_at(received, 60, working_hours_only=False) == wib(2026, 11, 27, 16, 30)
    assert due_at(received, 60, working_hours_only=True) == wib(2026, 11, 30, 8, 30)


@hypothesis_settings(max_examples=200, deadline=None)
@given(start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31)),
       minutes=st.integers(min_value=1, max_value=5000))
def test_a_working_hours_deadline_is_never_earlier_and_always_inside_working_time(start, minutes):
    start = start.replace(tzinfo=timezone.utc)
    due = add_working_minutes(start, minutes).astimezone(JAKARTA)
    assert due >= start + timedelta(minutes=minutes)
    assert working_time.is_working_day(due.date())
    assert working_time.WORKDAY_START < due.time() <= working_time.WORKDAY_END


def late(**changes) -> SimpleNamespace:
    due = datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)
    fields = dict(first_response_due_at=due, feedback_due_at=due + timedelta(hours=23), first_response_at=None,
                  feedback_at=None, rejected_at=None, first_response_breached_at=None, feedback_breached_at=None)
    return SimpleNamespace(**{**fields, **changes})


@pytest.mark.parametrize("changes,now_minutes,breached", [
    ({}, 59, False),  # not due yet
    ({}, 61, True),  # no response, past due
    ({"first_response_at": datetime(2026, 11, 23, 2, 30, tzinfo=timezone.utc)}, 600, False),  # in time
    ({"first_response_at": datetime(2026, 11, 23, 3, 10, tzinfo=timezone.utc)}, 600, True),  # late
    ({"rejected_at": datetime(2026, 11, 23, 2, 10, tzinfo=timezone.utc)}, 600, False),  # answered by rejection
    ({"first_response_breached_at": datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)}, 600, False),  # recorded
])
def test_first_response_breach(changes, now_minutes, breached):
    complaint = late(**changes)
    now = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc) + timedelta(minutes=now_minutes)
    found = sla.first_response_breach(complaint, now)
    assert found == (complaint.first_response_due_at if breached else None)


def test_feedback_breach_is_the_due_time_not_the_time_it_was_noticed():
    complaint = late()
    noticed = complaint.feedback_due_at + timedelta(hours=5)
    assert sla.feedback_breach(complaint, noticed) == complaint.feedback_due_at
