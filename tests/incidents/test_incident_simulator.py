"""The Command Center 112 simulator: a day in accelerated time through the service (volume, pranks,
dispatches, moving units, cleared and closed incidents, breaches), and the bulk history (demo and
city scale) whose tables and change log agree."""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from core.changelog import ChangeLogEntry
from core.users import Viewer
from modules.incidents import service, workflow
from modules.incidents.extract import snapshots_by_entity
from modules.incidents.intervals import is_breached
from modules.incidents.models import Incident, IncidentCall, IncidentDispatch, IncidentEvent, IncidentUnit
from simulator.incident_city import HistoryGenerator, city_seed, demo_history
from simulator.incidents import LiveIncidentSimulator

MIDNIGHT = datetime(2026, 11, 30, 17, 0, tzinfo=timezone.utc)  # 1 December, 00:00 in Surabaya
TICK = timedelta(minutes=2)  # accelerated: two minutes a tick (the live feed ticks every few seconds)


def simulate(simulator: LiveIncidentSimulator, start: datetime, span: timedelta, tick: timedelta = TICK) -> Counter:
    taken, moment = Counter(), start
    while moment < start + span:
        moment += tick
        taken.update(simulator.run_once(moment))
    return taken


def rows(databases, model):
    with databases.session() as session:
        return session.scalars(select(model)).all()


def caller_numbers_in_change_log(databases) -> list[str]:
    with databases.session() as session:
        numbers = {n for n in session.scalars(select(IncidentCall.caller_number)) if n}
        text = " ".join(json.dumps(p) for p in session.scalars(select(ChangeLogEntry.payload)))
    return [n for n in numbers if n in text] + (["caller"] if "caller_number" in text or "caller_hash" in text else [])


def test_a_simulated_day(databases, settings):
    simulator = LiveIncidentSimulator(databases, settings, seed=11)
    simulator.last = MIDNIGHT
    simulate(simulator, MIDNIGHT, timedelta(days=1))
    calls = rows(databases, IncidentCall)
    outcomes = Counter(c.outcome for c in calls)
    assert 300 <= len(calls) <= 520, outcomes
    decided = len(calls) - outcomes["pending"]
    assert 0.35 <= outcomes["prank"] / decided <= 0.6, outcomes
    assert outcomes["merged"] >= 3 and outcomes["referred"] >= 2 and outcomes["info"] >= 1, outcomes
    assert any(c.repeat_caller for c in calls) and not all(c.repeat_caller for c in calls if c.outcome == "prank")

    incidents = rows(databases, Incident)
    categories = Counter(i.category_code for i in incidents)
    assert 120 <= len(incidents) <= 260, len(incidents)
    assert 6 <= categories["KECELAKAAN_LALU_LINTAS"] <= 35, categories
    dispatches = rows(databases, IncidentDispatch)
    by_incident: dict[int, list[str]] = {}
    for row in dispatches:
        by_incident.setdefault(row.incident_id, []).append(row.status)
    finished = [i for i in incidents if i.status in ("cleared", "closed")]
    assert len([i for i in finished if i.status == "closed"]) >= 80
    for incident in finished:  # cleared: every unit cleared or cancelled, one at least cleared
        statuses = by_incident[incident.id]
        assert set(statuses) <= {"cleared", "cancelled"} and "cleared" in statuses, (incident.number, statuses)
    multi = [i for i in finished if len({d.agency_code for d in dispatches if d.incident_id == i.id}) > 1]
    assert multi, "a traffic accident sends an ambulance and a traffic patrol"
    lead = {d.incident_id: d.agency_code for d in sorted(dispatches, key=lambda d: d.id, reverse=True)}
    share = {fast: _breached_share([i for i in finished if (lead[i.id] == "DINKES") == fast]) for fast in (True, False)}
    assert 0 < share[True] < share[False] < 1, share  # ambulances are quick, the others slower

    units = rows(databases, IncidentUnit)
    busy = {d.unit_code for d in dispatches if d.status in workflow.LIVE_DISPATCH_STATUSES}
    assert {u.status for u in units if u.code not in busy} <= {"available", "returning"}
    assert any(u.position_at is not None for u in units)
    assert caller_numbers_in_change_log(databases) == []


def _breached_share(incidents) -> float:
    return sum(is_breached(i, MIDNIGHT + timedelta(days=1)) for i in incidents) / len(incidents)


def test_units_move_between_two_ticks(databases, settings):
    simulator = LiveIncidentSimulator(databases, settings, seed=3, daily_calls=4000)
    simulator.last, moment = MIDNIGHT, MIDNIGHT
    en_route = None
    while en_route is None and moment < MIDNIGHT + timedelta(hours=2):
        moment += TICK
        simulator.run_once(moment)
        with databases.session() as session:
            en_route = session.scalars(select(IncidentUnit).where(IncidentUnit.status == "en_route")
                                       .order_by(IncidentUnit.code)).first()
    assert en_route is not None
    simulator.run_once(moment + timedelta(seconds=5))  # the live tick
    with databases.session() as session:
        unit = session.get(IncidentUnit, en_route.code)
        dispatch = session.scalars(select(IncidentDispatch).where(IncidentDispatch.unit_code == unit.code)
                                   .order_by(IncidentDispatch.id.desc())).first()
        incident = session.get(Incident, dispatch.incident_id)
    assert (unit.lat, unit.lon) != (en_route.lat, en_route.lon)
    assert unit.position_at == moment + timedelta(seconds=5) or unit.status == "on_scene"
    before = abs(en_route.lat - incident.lat) + abs(en_route.lon - incident.lon)
    assert abs(unit.lat - incident.lat) + abs(unit.lon - incident.lon) < before  # toward the scene


def test_the_city_seeder_writes_tables_and_change_log_that_agree(databases, settings):
    now = datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc)
    written = city_seed(databases, settings, count=3000, years=0.1, now=now, chunk_calls=1000, progress=False)
    assert 2950 <= written <= 3000  # the stories still running at the end are left out
    with databases.session() as session:
        logged = Counter(dict(session.execute(select(ChangeLogEntry.entity, func.count())
                                              .group_by(ChangeLogEntry.entity)).all()))
        tables = {model: session.scalar(select(func.count()).select_from(model))
                  for model in (IncidentCall, Incident, IncidentDispatch, IncidentEvent)}
        latest = {e.entity_id: e.payload for e in session.scalars(
            select(ChangeLogEntry).where(ChangeLogEntry.entity == "incident"))}
        dispatched = Counter(session.scalars(select(Incident.number).join(
            IncidentDispatch, IncidentDispatch.incident_id == Incident.id)))
        statuses = Counter(session.scalars(select(Incident.status)))
        outcomes = Counter(session.scalars(select(IncidentCall.outcome)))
        last = session.scalar(select(func.max(IncidentEvent.at)).where(IncidentEvent.unit_code.is_(None)
                                                                      | IncidentEvent.dispatch_id.isnot(None)))
    assert tables[IncidentCall] == written == logged["incident_call"]
    assert tables[Incident] == logged["incident"] == len(latest) > 1000
    assert tables[IncidentDispatch] == logged["incident_dispatch"] > tables[Incident]
    assert tables[IncidentEvent] > 2 * written
    assert all(latest[number]["units_dispatched"] == count for number, count in dispatched.items())
    assert set(statuses) == {"closed", "cancelled"} and statuses["cancelled"] < statuses["closed"] / 10
    assert outcomes["pending"] == 0 and outcomes["merged"] > 0
    assert last <= now
    assert caller_numbers_in_change_log(databases) == []
    assert city_seed(databases, settings, count=100, years=0.1, now=now, progress=False) == 0  # once only


def test_the_history_is_the_same_for_the_same_seed(databases, settings):
    start, now = datetime(2026, 11, 1, tzinfo=timezone.utc), datetime(2026, 11, 3, tzinfo=timezone.utc)

    def first_chunk(seed):
        with databases.session() as session:
            generator = HistoryGenerator.load(session, settings, seed, start, now)
        stories, _drawn = next(generator.chunks(300, 300))
        return [(s.calls[0]["received_at"], s.calls[0]["outcome"], s.incident and s.incident["category_code"],
                 [d["unit_code"] for d in s.dispatches]) for s in stories]

    assert first_chunk(5) == first_chunk(5) != first_chunk(6)


def test_the_demo_history_fills_weeks_once(databases, settings):
    now = datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc)
    assert demo_history(databases, settings, days=3, now=now) > 1000
    with databases.session() as session:
        first = session.scalar(select(func.min(IncidentCall.received_at)))
        active = session.scalar(select(func.count()).select_from(Incident).where(
            Incident.status.in_(workflow.ACTIVE_INCIDENT_STATUSES)))
        units = Counter(session.scalars(select(IncidentUnit.status)))
    assert now - timedelta(days=3) <= first < now - timedelta(days=2, hours=22)
    assert active == 0 and set(units) == {"available"}  # the live feed takes over from here
    assert demo_history(databases, settings, days=3, now=now) == 0

    simulator = LiveIncidentSimulator(databases, settings, seed=4, daily_calls=2000)
    simulator.last = now
    simulate(simulator, now, timedelta(hours=1))  # new ids after the history's, new numbers after its
    with databases.session() as session:
        live = session.scalars(select(IncidentCall).where(IncidentCall.received_at > now)).all()
        numbers = session.scalars(select(Incident.number).where(Incident.received_at > now)).all()
    assert live and any(c.repeat_caller for c in live)  # the history's pranksters are known already
    assert numbers  # numbered after the history's (a number taken twice would have failed the insert)


def test_the_simulator_leaves_peoples_calls_to_them_and_drives_the_units_they_send(databases, settings):
    person = Viewer(user_id="1", username="operator1", role="operator")
    with databases.transaction() as session:
        call = service.take_call(session, person, settings, caller_number="0812-3456-7890", now=MIDNIGHT)
        waiting = service.take_call(session, person, settings, now=MIDNIGHT)
        incident = service.create_incident(session, person, settings, call.id, category_code="KEBAKARAN",
                                           lat=-7.2950, lon=112.7400, now=MIDNIGHT)
        sent = service.dispatch(session, person, incident.number, "DPKP-FE-01", now=MIDNIGHT)
        number, call_id, dispatch_id = incident.number, waiting.id, sent.id
    simulator = LiveIncidentSimulator(databases, settings, seed=1, daily_calls=0)
    simulator.last = MIDNIGHT
    simulate(simulator, MIDNIGHT, timedelta(hours=4))
    with databases.session() as session:
        incident = session.scalars(select(Incident).where(Incident.number == number)).one()
        dispatches = session.scalars(select(IncidentDispatch).where(IncidentDispatch.incident_id == incident.id)).all()
        assert session.get(IncidentCall, call_id).outcome == "pending"
    assert [d.id for d in dispatches] == [dispatch_id]  # no second unit sent by the simulator
    assert dispatches[0].en_route_at < dispatches[0].on_scene_at < dispatches[0].cleared_at
    assert incident.status == "cleared"  # people close their own incidents


def test_the_bulk_history_logs_what_the_tables_hold(databases, settings):
    """The newest change-log payload of every call, incident and dispatch equals the extract of its
    row (the contract test's check, here for the bulk path)."""
    demo_history(databases, settings, days=1, now=datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc))
    with databases.engine.connect() as connection:
        extracted = {f"{entity}:{key}": payload for (entity, key), payload in snapshots_by_entity(connection).items()}
        newest = {}
        for entity, key, payload in connection.execute(select(
                ChangeLogEntry.entity, ChangeLogEntry.entity_id, ChangeLogEntry.payload).where(
                ChangeLogEntry.entity.like("incident%")).order_by(ChangeLogEntry.position)):
            newest[f"{entity}:{key}"] = payload  # the newest wins
    assert len(extracted) > 400
    assert newest == json.loads(json.dumps(extracted))


def test_the_live_feed_runs_on_its_thread_until_stopped(databases, settings):
    simulator = LiveIncidentSimulator(databases, settings, seed=2, interval=0.05, daily_calls=5_000_000).start()
    try:
        for _ in range(200):  # the first calls come within a few ticks
            with databases.session() as session:
                if session.scalar(select(func.count()).select_from(IncidentCall)):
                    break
            time.sleep(0.05)
    finally:
        simulator.stop()
    assert not simulator.running
    assert rows(databases, IncidentCall)
