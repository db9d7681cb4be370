"""Check results through the service (modules/infrastructure/results.py) on SQLite and PostgreSQL:
states and state changes with root cause and suppressor, rollups, silence, alerts, and a change log
that carries state changes and inventory changes only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from infra_setup import ADMIN, at, device, fail, ok
from modules.infrastructure import service
from modules.infrastructure.errors import InfraNotFound, InfraValidationError
from modules.infrastructure.kinds import CheckResult, DOWN, NO_VIDEO, PENDING, UNKNOWN, UNREACHABLE, UP
from modules.infrastructure.models import InfraRollupDaily, InfraRollupMinute

SWITCH_AND_CAMERAS = [device("SW-1"), device("CAM-1", "camera", "rtsp", parents="SW-1"),
                      device("CAM-2", "camera", "rtsp", parents="SW-1")]


def test_retries_then_down_then_recovery_each_a_state_change(inventory, check, state, events):
    inventory([device("SW-1")])
    check(ok("SW-1", 0))
    seen = []
    for minute in (1, 2, 3, 4):
        check(fail("SW-1", minute))
        seen.append((state("SW-1").state, state("SW-1").attempts))
    assert seen == [(PENDING, 1), (PENDING, 2), (DOWN, 3), (DOWN, 4)]
    check(ok("SW-1", 5, latency=7.5))
    row = state("SW-1")
    assert (row.state, row.attempts, row.latency_ms, row.last_ok_at) == (UP, 0, 7.5, at(5))
    history = [(e.state, e.started_at, e.ended_at, e.root_cause_code, e.source) for e in events("SW-1")]
    assert history == [(UNKNOWN, at(0), at(0), None, "manual"),
                       (UP, at(0), at(1), None, "probe"),
                       (PENDING, at(1), at(3), None, "probe"),
                       (DOWN, at(3), at(5), "SW-1", "probe"),
                       (UP, at(5), None, None, "probe")]
    assert events("SW-1")[3].detail == "connection refused"


def test_a_probe_that_could_not_run_judges_nothing(inventory, check, state):
    inventory([device("SW-1", probe="icmp")])
    check(ok("SW-1", 0))
    for minute in (1, 2, 3, 4):  # ICMP not permitted on this machine: no data, not a failure
        check(CheckResult(code="SW-1", at=at(minute), ok=False, latency_ms=None, detail="ICMP not permitted here",
                          no_data=True))
    assert (state("SW-1").state, state("SW-1").attempts) == (UP, 0)


def test_a_switch_down_makes_its_cameras_unreachable_with_it_as_root_cause(inventory, check, state, events):
    inventory(SWITCH_AND_CAMERAS)
    check(ok("SW-1", 0), ok("CAM-1", 0, video=True), ok("CAM-2", 0, video=True))
    for minute in (1, 2, 3):  # the cameras' results come first in the batch: parents are judged first anyway
        check(fail("CAM-1", minute), fail("CAM-2", minute), fail("SW-1", minute))
    assert state("SW-1").state == DOWN
    for code in ("CAM-1", "CAM-2"):
        row = state(code)
        assert (row.state, row.root_cause_code, row.suppressed_by) == (UNREACHABLE, "SW-1", "SW-1")
        assert [e.state for e in events(code)] == [UNKNOWN, UP, PENDING, UNREACHABLE]  # never DOWN: one fault


def test_cameras_that_went_down_first_become_unreachable_when_their_switch_goes_down(inventory, check, state,
                                                                                       events, run):
    inventory(SWITCH_AND_CAMERAS)
    check(ok("SW-1", 0), ok("CAM-1", 0, video=True), ok("CAM-2", 0, video=True))
    for minute in (1, 2, 3):
        check(fail("CAM-1", minute), ok("SW-1", minute))
    assert state("CAM-1").state == DOWN
    run(service.apply_external_state, "SW-1", DOWN, at(4), "alertmanager", "SwitchDown")
    row = state("CAM-1")
    assert (row.state, row.root_cause_code, row.suppressed_by) == (UNREACHABLE, "SW-1", "SW-1")
    assert state("CAM-2").state == UP  # it answers: its own next check decides
    assert events("SW-1")[-1].source == "alertmanager"


def test_unreachable_through_all_of_two_parents_down_when_one_still_answers(inventory, check, state):
    inventory([device("SW-A"), device("SW-B"), device("CAM-1", "camera", "rtsp", parents="SW-A;SW-B")])
    for minute in (1, 2, 3):
        check(fail("SW-A", minute), ok("SW-B", minute), fail("CAM-1", minute))
    row = state("CAM-1")
    assert (row.state, row.root_cause_code, row.suppressed_by) == (DOWN, "CAM-1", None)
    for minute in (4, 5, 6):
        check(fail("SW-A", minute), fail("SW-B", minute), fail("CAM-1", minute))
    row = state("CAM-1")
    assert (row.state, row.root_cause_code, row.suppressed_by) == (UNREACHABLE, "SW-A", "SW-A")


def test_the_root_cause_is_carried_down_two_levels(inventory, check, state):
    inventory([device("CORE"), device("SW-1", parents="CORE"), device("CAM-1", "camera", "rtsp", parents="SW-1")])
    for minute in (1, 2, 3):
        check(fail("CAM-1", minute), fail("SW-1", minute), fail("CORE", minute))
    assert state("CORE").state == DOWN
    assert (state("SW-1").state, state("SW-1").root_cause_code, state("SW-1").suppressed_by) == \
        (UNREACHABLE, "CORE", "CORE")
    assert (state("CAM-1").state, state("CAM-1").root_cause_code, state("CAM-1").suppressed_by) == \
        (UNREACHABLE, "CORE", "SW-1")


def test_a_camera_without_video_is_no_video_with_its_own_root_cause(inventory, check, state):
    inventory(SWITCH_AND_CAMERAS)
    check(ok("SW-1", 0), ok("CAM-1", 0, video=False))
    row = state("CAM-1")
    assert (row.state, row.root_cause_code) == (NO_VIDEO, "CAM-1")
    check(ok("CAM-1", 1, video=True))
    assert state("CAM-1").state == UP


def test_flapping_starts_and_stops_on_the_state_row(inventory, check, state):
    inventory([device("SW-1", retries="1")])
    for minute in range(12):
        check((ok if minute % 2 == 0 else fail)("SW-1", minute))
    assert state("SW-1").flapping and state("SW-1").flap_percent > 20
    minute = 12
    while state("SW-1").flapping:
        check(ok("SW-1", minute))
        minute += 1
        assert minute < 40, "flapping never stopped"
    assert state("SW-1").flap_percent < 5


def test_rollups_count_checks_per_minute_and_per_wib_day(inventory, check, run):
    inventory([device("SW-1")])
    check(ok("SW-1", 0, latency=10), ok("SW-1", 0.5, latency=30))
    check(fail("SW-1", 0.9))
    check(ok("SW-1", 1, latency=20))
    check(ok("SW-1", 17 * 60 + 1, latency=40))  # 00:01 WIB the next day

    def rows(session):
        minutes = session.execute(select(InfraRollupMinute.minute, InfraRollupMinute.checks,
                                         InfraRollupMinute.successes, InfraRollupMinute.latency_sum_ms,
                                         InfraRollupMinute.latency_max_ms).order_by(InfraRollupMinute.minute)).all()
        days = session.execute(select(InfraRollupDaily.day, InfraRollupDaily.checks, InfraRollupDaily.successes,
                                      InfraRollupDaily.latency_sum_ms, InfraRollupDaily.latency_max_ms)
                               .order_by(InfraRollupDaily.day)).all()
        return [tuple(r) for r in minutes], [tuple(r) for r in days]

    minutes, days = run(rows)
    assert minutes == [(at(0), 3, 2, 40.0, 30.0), (at(1), 1, 1, 20.0, 20.0), (at(17 * 60 + 1), 1, 1, 40.0, 40.0)]
    assert days == [(date(2026, 12, 1), 4, 3, 60.0, 30.0), (date(2026, 12, 2), 1, 1, 40.0, 40.0)]
    assert run(service.prune_rollups, at(3 * 24 * 60)) == 3  # minute rollups: two days
    assert len(run(rows)[1]) == 2  # daily ones are kept


def test_a_device_silent_for_three_intervals_becomes_unknown(inventory, check, run, state, events):
    inventory([device("SW-1"), device("SW-2", interval_seconds="300", timeout_seconds="5")])
    check(ok("SW-1", 0), ok("SW-2", 0))
    assert run(service.mark_silent, at(2.9)) == []
    run(service.mark_silent, at(3))
    assert state("SW-1").state == UNKNOWN and state("SW-2").state == UP  # its interval is five minutes
    assert events("SW-1")[-1].detail == "no result for 3 intervals"
    run(service.mark_silent, at(15))
    assert state("SW-2").state == UNKNOWN
    check(ok("SW-1", 16))
    assert state("SW-1").state == UP


def test_the_change_log_carries_state_changes_and_inventory_changes_only(inventory, check, logged, events):
    inventory([device("SW-1")])
    for minute in range(10):
        check(ok("SW-1", minute))  # ten probes, one state change (UNKNOWN -> UP)
    rows = logged()
    assert [(entity, entity_id) for entity, entity_id, _p in rows] == [
        ("infrastructure_device", "SW-1"), ("infrastructure_event", str(events()[0].id)),
        ("infrastructure_event", str(events()[0].id)), ("infrastructure_event", str(events()[1].id))]
    closed, opened = rows[2][2], rows[3][2]
    assert closed["state"] == UNKNOWN and closed["ended_at"] == "2026-12-01T03:00:00+00:00"
    assert opened == {"id": events()[1].id, "device_code": "SW-1", "kind": "switch", "state": UP,
                      "started_at": "2026-12-01T03:00:00+00:00", "ended_at": None, "root_cause_code": None,
                      "suppressed_by": None, "source": "probe", "detail": ""}


def test_results_of_unknown_or_switched_off_devices_are_skipped(inventory, check, run, state):
    inventory([device("SW-1"), device("SW-2")])
    run(service.set_active, ADMIN, "SW-2", False, now=at(0))
    done = check(ok("SW-1", 1), ok("SW-2", 1), ok("GHOST", 1))
    assert (done.recorded, done.skipped) == (1, 2)
    assert state("SW-2").state == UNKNOWN


def test_an_alert_is_refused_for_an_unknown_device_or_state(inventory, run):
    inventory([device("SW-1")])
    with pytest.raises(InfraNotFound):
        run(service.apply_external_state, "GHOST", DOWN, at(0), "zabbix", "")
    with pytest.raises(InfraValidationError) as caught:
        run(service.apply_external_state, "SW-1", "ON_FIRE", at(0), "zabbix", "")
    assert caught.value.field == "state"
    with pytest.raises(InfraValidationError) as caught:
        run(service.apply_external_state, "SW-1", DOWN, at(0), "nagios", "")
    assert caught.value.field == "source"


def test_a_passive_service_gets_its_states_from_alerts(inventory, run, state, events, logged):
    inventory([device("HOST-1", "host", "http", path="/"), device("SVC-1", "service", "passive", host="",
                                                                    parents="HOST-1")])
    run(service.apply_external_state, "SVC-1", DOWN, at(1), "zabbix", "service down")
    assert (state("SVC-1").state, state("SVC-1").root_cause_code) == (DOWN, "SVC-1")
    run(service.apply_external_state, "SVC-1", UP, at(2) + timedelta(seconds=30), "zabbix", "resolved")
    assert [(e.state, e.source) for e in events("SVC-1")][-2:] == [(DOWN, "zabbix"), (UP, "zabbix")]
    newest = [payload for entity, _id, payload in logged("infrastructure_event")][-1]
    assert (newest["device_code"], newest["state"], newest["source"]) == ("SVC-1", UP, "zabbix")
    assert run(service.mark_silent, at(60)) == []  # no probe: never silent
