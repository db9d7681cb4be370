"""The bulk history of simulator/infrastructure_city.py (the city-scale seeder's and `make run`'s path),
on both backends: every device's events follow one another without gap or overlap up to one open
event, which its state row names; a device is UNREACHABLE only while every parent hides it, with a
parent as suppressor and a root cause; every event has its change row with the snapshot the
service would write; the rollups count checks; and a second run writes nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from core.changelog import ChangeLogEntry
from infra_setup import NOW, device
from modules.infrastructure.kinds import HIDING_STATES, UNREACHABLE
from modules.infrastructure.models import InfraDeviceState, InfraEvent, InfraRollupDaily, InfraRollupMinute
from modules.infrastructure.snapshot import EVENT, event_snapshot
from simulator.infrastructure_city import seed_history

PARENTS = {"SW-CORE": [], "FO-1": ["SW-CORE"], "SW-ACC-1": ["FO-1"], "SW-ACC-2": ["SW-CORE"],
           **{f"CAM-{n}": ["SW-ACC-1"] for n in range(1, 7)}, "CAM-7": ["SW-ACC-1", "SW-ACC-2"]}


def rows() -> list[dict[str, str]]:
    kinds = {"SW": ("switch", "tcp"), "FO": ("fibre", "tcp"), "CA": ("camera", "rtsp")}
    return [device(code, *kinds[code[:2]], parents=";".join(parents)) for code, parents in PARENTS.items()]


def test_a_year_of_history_is_consistent_and_written_once(databases, settings, inventory):
    inventory(rows())
    written = seed_history(databases, settings, NOW - timedelta(days=365), NOW, seed=7, progress=False,
                           minute_hours=2)
    with databases.session() as session:
        events = session.scalars(select(InfraEvent).order_by(InfraEvent.device_code, InfraEvent.started_at)).all()
        states = {s.device_code: s for s in session.scalars(select(InfraDeviceState))}
        logged = {}
        for entity_id, payload in session.execute(select(ChangeLogEntry.entity_id, ChangeLogEntry.payload)
                                                  .where(ChangeLogEntry.entity == EVENT)
                                                  .order_by(ChangeLogEntry.position)):
            logged[int(entity_id)] = payload
        daily = session.execute(select(InfraRollupDaily.device_code, func.sum(InfraRollupDaily.checks),
                                       func.sum(InfraRollupDaily.successes))
                                .group_by(InfraRollupDaily.device_code)).all()
        minutes = session.scalar(select(func.count()).select_from(InfraRollupMinute))
    assert written > 100 and len(events) == written + len(PARENTS)
    by_device: dict[str, list[InfraEvent]] = {}
    for event in events:
        by_device.setdefault(event.device_code, []).append(event)
    for code, timeline in by_device.items():
        assert [e.ended_at for e in timeline[:-1]] == [e.started_at for e in timeline[1:]], code
        assert timeline[-1].ended_at is None and timeline[0].started_at == NOW - timedelta(days=365)
        state = states[code]
        assert (state.state, state.open_event_id, state.since) == (timeline[-1].state, timeline[-1].id,
                                                                  timeline[-1].started_at)
    hidden = [e for e in events if e.state == UNREACHABLE]
    assert hidden and any(e.device_code.startswith("CAM") for e in hidden)
    for event in hidden:
        assert event.suppressed_by in PARENTS[event.device_code] and event.root_cause_code
        for parent in PARENTS[event.device_code]:  # every parent hides it all along
            assert any(p.state in HIDING_STATES and p.started_at <= event.started_at
                       and (p.ended_at is None or event.ended_at <= p.ended_at) for p in by_device[parent]), event.id
    kinds = {code: ("camera" if code.startswith("CAM") else "fibre" if code.startswith("FO") else "switch")
             for code in PARENTS}
    assert all(logged[e.id] == event_snapshot(e, kinds[e.device_code]) for e in events)
    assert {code for code, _checks, _ok in daily} == set(PARENTS)
    assert all(checks > 0 and 0 < ok <= checks for _code, checks, ok in daily)
    assert minutes == len(PARENTS) * 121 or 0 < minutes <= len(PARENTS) * 121
    assert seed_history(databases, settings, NOW - timedelta(days=365), NOW, progress=False) == 0
