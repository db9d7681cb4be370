"""Maintenance windows (modules/infrastructure/maintenance.py) on SQLite and PostgreSQL: one-off and
recurring, with and without collection, with the children behind a device; entering and leaving a
window are state changes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from infra_setup import ADMIN, OPERATOR, at, device, fail, ok
from modules.infrastructure import service
from modules.infrastructure.errors import InfraAccessDenied, InfraValidationError
from modules.infrastructure.kinds import DOWN, MAINTENANCE, UNKNOWN, UP
from modules.infrastructure.maintenance import covers
from modules.infrastructure.models import InfraMaintenance, InfraRollupMinute


def test_a_window_without_collection_stops_probing_and_its_end_is_a_state_change(inventory, check, run, state,
                                                                                    events):
    inventory([device("SW-1"), device("SW-2")])
    check(ok("SW-1", 0), ok("SW-2", 0))
    run(service.schedule_maintenance, ADMIN, "SW-1", at(10), at(40), reason="ganti switch", now=at(5))
    assert state("SW-1").state == UP  # not yet
    run(service.sweep, at(10))
    assert state("SW-1").state == MAINTENANCE and events("SW-1")[-1].source == "maintenance"
    assert [t.code for t in run(service.probe_targets, at(20))] == ["SW-2"]
    done = check(fail("SW-1", 20))  # a late result inside the window is not taken
    assert done.skipped == 1 and state("SW-1").state == MAINTENANCE
    assert run(service.mark_silent, at(39)) == []  # a device in a window is never silent
    run(service.sweep, at(40))
    assert state("SW-1").state == UNKNOWN
    assert [(e.state, e.started_at, e.ended_at) for e in events("SW-1")][-2:] == [
        (MAINTENANCE, at(10), at(40)), (UNKNOWN, at(40), None)]
    check(ok("SW-1", 41))
    assert state("SW-1").state == UP


def test_a_window_with_collection_keeps_probing_and_rolling_up(inventory, check, run, state):
    inventory([device("SW-1")])
    check(ok("SW-1", 0))
    run(service.schedule_maintenance, ADMIN, "SW-1", at(1), at(10), collect=True, now=at(1))
    assert state("SW-1").state == MAINTENANCE
    assert [t.code for t in run(service.probe_targets, at(2))] == ["SW-1"]
    for minute in (2, 3, 4, 5):
        check(fail("SW-1", minute))
    assert state("SW-1").state == MAINTENANCE and state("SW-1").attempts == 4

    def rolled(session):
        return session.get(InfraRollupMinute, ("SW-1", at(5))).checks

    assert run(rolled) == 1
    run(service.sweep, at(10))
    check(fail("SW-1", 11))  # the failures counted in the window: DOWN at once
    assert state("SW-1").state == DOWN


def test_a_window_with_its_children_holds_everything_behind_the_device(inventory, run, state):
    inventory([device("SW-1"), device("CAM-1", "camera", "rtsp", parents="SW-1"), device("SW-2")])
    run(service.schedule_maintenance, ADMIN, "SW-1", at(0), at(60), include_children=True, now=at(0))
    assert (state("SW-1").state, state("CAM-1").state, state("SW-2").state) == (MAINTENANCE, MAINTENANCE, UNKNOWN)
    (window_id,) = run(lambda session: [w.id for w in session.query(InfraMaintenance)])
    run(service.end_maintenance, ADMIN, window_id, now=at(30))
    assert (state("SW-1").state, state("CAM-1").state) == (UNKNOWN, UNKNOWN)


def test_a_recurring_window_comes_back_every_day(inventory, check, run, state):
    inventory([device("SW-1")])
    run(service.schedule_maintenance, ADMIN, "SW-1", at(60), at(120), recurrence="daily", now=at(0))
    states = []
    for minute in (61, 121, 24 * 60 + 59, 24 * 60 + 61, 24 * 60 + 121):
        run(service.sweep, at(minute))
        states.append(state("SW-1").state)
    assert states == [MAINTENANCE, UNKNOWN, UNKNOWN, MAINTENANCE, UNKNOWN]


def test_covers_one_off_daily_and_weekly():
    window = InfraMaintenance(starts_at=at(0), ends_at=at(60), recurrence="none")
    assert [covers(window, at(m)) for m in (-1, 0, 59, 60)] == [False, True, True, False]
    window.recurrence = "weekly"
    week = 7 * 24 * 60
    assert [covers(window, at(week + m)) for m in (-1, 0, 59, 60)] == [False, True, True, False]
    assert not covers(window, at(24 * 60 + 10))


def test_bad_windows_are_refused_naming_the_field(inventory, run, counts):
    inventory([device("SW-1")])
    before = counts()
    for kwargs, field in ((dict(starts_at=at(10), ends_at=at(5)), "ends_at"),
                          (dict(starts_at=at(0), ends_at=at(0) + timedelta(hours=25), recurrence="daily"), "ends_at"),
                          (dict(starts_at=at(0), ends_at=at(5), recurrence="monthly"), "recurrence")):
        with pytest.raises(InfraValidationError) as caught:
            run(service.schedule_maintenance, ADMIN, "SW-1", now=at(0), **kwargs)
        assert caught.value.field == field
    with pytest.raises(InfraAccessDenied):
        run(service.schedule_maintenance, OPERATOR, "SW-1", at(0), at(5), now=at(0))
    assert counts() == before
