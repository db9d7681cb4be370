"""Simulated Command Center 112 for the demo: calls taken, incidents created and dispatched, units
driving to the scene and back, all through the incidents service layer (modules/incidents/service.py).

- About DAILY_CALLS calls a day with the hour-of-day rhythm of emergencies (quiet before dawn, busy
  evenings); about half are prank or ghost calls, some from numbers that prank again and again (the
  desk's repeat-caller flag); some are a second caller about an incident already open (merged); a
  few are referred to a partner (PLN, PDAM, POLRI, PGN) or information only.
- Incidents follow the category shares of reference/incident_categories.csv (daily_share); the
  nearest available units of the agencies the category needs are dispatched (queries.suggest_units).
- Units turn out (the agency's turnout_seconds), drive a straight line at their agency's speed,
  slowed by a detour factor and the rush hours, reporting their position every tick, work on scene,
  clear, and drive back to their post, where they are available again. Slow agencies and far units
  break the 7-minute promise now and then. The operator closes cleared incidents after a while.

Every timing is drawn from the entity it belongs to (`_draw("turnout", dispatch id)`), so a
restarted simulator, or one run in accelerated time (`run_once(now)`), agrees with itself.
`simulator/incident_city.py` draws history with the same shares and timings for the bulk path.
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from itertools import accumulate

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import CITY_ZONE
from core.db import Databases
from core.periodic import PeriodicThread
from core.reference import Kecamatan
from core.settings import Settings
from modules.complaints.duplicates import distance_m
from modules.incidents import service, workflow
from modules.incidents.errors import IncidentError
from modules.incidents.models import (Incident, IncidentCall, IncidentCategory, IncidentDispatch, IncidentPost,
                                      IncidentUnit, IncidentUnitType)
from modules.incidents.queries import suggest_units
from modules.incidents.reference import needed_unit_types
from simulator.complaints import HOTSPOTS, _poisson, _weighted

log = logging.getLogger(__name__)

SEED = "pantau-112"
ACTOR = service.system_actor("simulator")
TICK_SECONDS = 5.0  # units report their position this often (the map moves)
DAILY_CALLS = 400
# What becomes of a call. Calls arrive at DAILY_CALLS a day; "merged" ones are second callers.
OUTCOME_SHARES = {"prank": 0.46, "incident": 0.46, "merged": 0.04, "referred": 0.025, "info": 0.015}
PRANKSTERS = 40  # numbers that prank again and again ...
PRANKSTER_SHARE = 0.3  # ... and make this share of the prank calls
# The outcome of a call not from a prankster's number.
OTHER_CALL_SHARES = dict(OUTCOME_SHARES, prank=OUTCOME_SHARES["prank"] * (1 - PRANKSTER_SHARE))
PARTNER_SHARES = {"PLN": 0.4, "PDAM": 0.3, "POLRI": 0.2, "PGN": 0.1}
SOURCE_SHARES = {"call_112": 0.82, "cctv": 0.07, "field_post": 0.05, "radio": 0.03, "complaint": 0.03}
# Emergency calls per local hour (relative): quiet before dawn, busy from late afternoon to evening.
HOURLY_WEIGHTS = (0.55, 0.4, 0.3, 0.3, 0.35, 0.55, 0.8, 1.0, 1.1, 1.1, 1.1, 1.15,
                  1.2, 1.2, 1.2, 1.25, 1.35, 1.45, 1.5, 1.45, 1.35, 1.2, 0.95, 0.75)
WEEKDAY_WEIGHTS = (0.97, 0.96, 0.96, 0.98, 1.03, 1.07, 1.03)
SPREAD_DEGREES = 0.008  # about 900 m around a district's centre
DETOUR = (1.2, 1.45)  # road distance / straight line
RETURN_PACE = 0.8  # no siren on the way back
WORK_MINUTES = {1: 45, 2: 30, 3: 20}  # mean time on scene, by priority
MAX_WORK_MINUTES = 150
FALSE_ALARM_SHARE = 0.02  # incidents cancelled after dispatch: nothing there
ARRIVED_METRES = 25
OPEN_LOOKBACK = timedelta(days=2)  # the simulator leaves older active incidents to people


# === the draws shared with the history (incident_city.py) =========================================

def draw(kind: str, key) -> random.Random:
    """The generator of one entity's timing: the same entity, the same draw."""
    return random.Random(f"{SEED}|{kind}|{key}")


def rhythm(moment: datetime) -> float:
    """How busy this hour is, 1.0 being the weekly average."""
    local = moment.astimezone(CITY_ZONE)
    return (HOURLY_WEIGHTS[local.hour] / (sum(HOURLY_WEIGHTS) / 24)
            * WEEKDAY_WEIGHTS[local.weekday()] / (sum(WEEKDAY_WEIGHTS) / 7))


def traffic(moment: datetime) -> float:
    """Speed factor of the roads at this hour (city time): rush hours slow, nights fast."""
    hour = moment.astimezone(CITY_ZONE).hour
    return 0.75 if hour in (7, 8, 16, 17, 18) else 1.2 if hour < 5 or hour >= 22 else 1.0


def answer_seconds(rng: random.Random) -> float:
    return 3 + rng.gammavariate(2, 4)


def handling_seconds(rng: random.Random, outcome: str) -> float:
    """From the call's arrival to its outcome: an incident takes the questions of the protocol."""
    mean = {"incident": 50, "prank": 20, "merged": 45, "referred": 90, "info": 120}[outcome]
    return 10 + rng.gammavariate(2, mean / 2)


def dispatch_delay(rng: random.Random, order: int) -> float:
    """From the incident's creation to the dispatch of its `order`-th needed unit."""
    return 10 + rng.gammavariate(2, 8) + order * rng.gammavariate(2, 40)


def turnout_seconds(rng: random.Random, turnout: int) -> float:
    return turnout * rng.lognormvariate(0, 0.35)


def detour(rng: random.Random) -> float:
    return rng.uniform(*DETOUR)


def work_seconds(rng: random.Random, priority: int) -> float:
    return 60 * min(5 + rng.gammavariate(2, WORK_MINUTES.get(priority, 30) / 2), MAX_WORK_MINUTES)


def close_seconds(rng: random.Random) -> float:
    return 120 + min(rng.expovariate(1 / 600), 3600)


def prankster_numbers() -> list[str]:
    rng = random.Random(f"{SEED}|pranksters")
    return [f"08{rng.randrange(11, 99)}{rng.randrange(10**7, 10**8)}" for _ in range(PRANKSTERS)]


def caller_number(rng: random.Random) -> str:
    return f"08{rng.choice((12, 13, 21, 22, 52, 53, 56, 57, 77, 78, 95, 96))}{rng.randrange(10**7, 10**8)}"


# === what the simulator reads once =================================================================

@dataclass(frozen=True)
class Kind:
    speed_kmh: float
    turnout: int


@dataclass
class World:
    """The reference data a simulated call needs."""

    categories: dict[str, IncidentCategory]
    shares: dict[str, float]  # category code -> daily_share
    kinds: dict[tuple[str, str], Kind]  # (agency, unit_type) -> speeds
    posts: dict[str, tuple[float, float]]
    districts: list[tuple[str, float, float, float]]  # (kecamatan code, lat, lon, weight)

    @classmethod
    def load(cls, session: Session) -> "World":
        categories = {c.code: c for c in session.scalars(select(IncidentCategory).where(
            IncidentCategory.active.is_(True)).order_by(IncidentCategory.code))}
        for category in categories.values():
            session.expunge(category)
        kinds = {(k.agency_code, k.unit_type): Kind(k.speed_kmh, k.turnout_seconds)
                 for k in session.scalars(select(IncidentUnitType))}
        posts = {p.code: (p.lat, p.lon) for p in session.scalars(select(IncidentPost).order_by(IncidentPost.code))}
        districts = [(k.code, k.lat, k.lon, HOTSPOTS.get(k.name, 1.0))
                     for k in session.scalars(select(Kecamatan).order_by(Kecamatan.code))]
        return cls(categories, {c.code: c.daily_share for c in categories.values()}, kinds, posts, districts)

    def __post_init__(self):
        self._codes, self._code_weights = list(self.shares), list(accumulate(self.shares.values()))
        self._district_weights = list(accumulate(d[3] for d in self.districts))

    def category(self, rng: random.Random) -> str:
        return rng.choices(self._codes, cum_weights=self._code_weights)[0]

    def point(self, rng: random.Random) -> tuple[float, float]:
        """A point around a district centre (busy districts more often), not yet located."""
        _code, lat, lon, _weight = rng.choices(self.districts, cum_weights=self._district_weights)[0]
        return round(lat + rng.gauss(0, SPREAD_DEGREES), 6), round(lon + rng.gauss(0, SPREAD_DEGREES), 6)

    def speed_mps(self, agency: str, unit_type: str, moment: datetime) -> float:
        kind = self.kinds.get((agency, unit_type), Kind(30.0, 120))
        return kind.speed_kmh / 3.6 * traffic(moment)

    def turnout(self, agency: str, unit_type: str) -> int:
        return self.kinds.get((agency, unit_type), Kind(30.0, 120)).turnout


def call_fate(call_id: int, prankster: bool) -> str:
    """A call's outcome: a prankster's number pranks; other calls by the shares left over."""
    if prankster:
        return "prank"
    return _weighted(draw("fate", call_id), OTHER_CALL_SHARES)


# === live ==========================================================================================

class LiveIncidentSimulator(PeriodicThread):
    """Runs Command Center 112 in real time (`tick`) or in accelerated time (`run_once(now)` with
    the clock a test chooses), through the service; one transaction per step of the desk or a unit.
    Its desk takes its own calls and handles their incidents; its units also drive to the incidents
    people dispatch them to."""

    name = "incidents-simulator"

    def __init__(self, databases: Databases, settings: Settings, seed: int | None = None,
                 interval: float = TICK_SECONDS, daily_calls: float = DAILY_CALLS):
        super().__init__(interval)
        self.databases, self.settings, self.daily_calls = databases, settings, daily_calls
        self.rng = random.Random(seed)
        self.pranksters = prankster_numbers()
        self.last: datetime | None = None  # the previous tick's clock
        self._world: World | None = None
        self._moves: list[tuple[str, float, float]] = []  # (unit, lat, lon) to report at the tick's end

    def tick(self) -> None:
        self.run_once(datetime.now(timezone.utc))

    def run_once(self, now: datetime) -> dict[str, int]:
        """Everything due by `now` since the previous tick; returns how many steps of each kind."""
        since = self.last or now - timedelta(seconds=self.interval)
        self.last = now
        taken: Counter[str] = Counter()
        for step in (self.receive_calls, self.answer_calls, self.cancel_false_alarms, self.dispatch_units,
                     self.move_dispatched, self.return_units, self.close_cleared):
            taken.update(step(since, now))
        return dict(taken)

    @property
    def world(self) -> World:
        if self._world is None:
            with self.databases.session() as session:
                self._world = World.load(session)
        return self._world

    # --- the desk -------------------------------------------------------------------------------

    def receive_calls(self, since: datetime, now: datetime) -> Counter:
        """New calls in (since, now]: a Poisson number at the hour's rate."""
        seconds = (now - since).total_seconds()
        count = _poisson(self.rng, self.daily_calls * rhythm(now) * seconds / 86400)
        for moment in sorted(since + timedelta(seconds=self.rng.uniform(0, seconds)) for _ in range(count)):
            self._take_call(moment, now)
        return Counter(call_received=count)

    def _take_call(self, moment: datetime, now: datetime) -> None:
        rng = self.rng
        prank = rng.random() < OUTCOME_SHARES["prank"] * PRANKSTER_SHARE
        source = "call_112" if prank else _weighted(rng, SOURCE_SHARES)
        details = source_details(rng, source, self.world, moment)
        number = rng.choice(self.pranksters) if prank else caller_number(rng) if source == "call_112" else None
        answered = min(moment + timedelta(seconds=answer_seconds(rng)), now)
        with self.databases.transaction() as session:
            service.take_call(session, ACTOR, self.settings, received_at=moment, answered_at=answered,
                              caller_number=number, source=source, now=moment, **details)

    def answer_calls(self, _since: datetime, now: datetime) -> Counter:
        """Pending calls whose handling time has passed get their outcome."""
        taken: Counter[str] = Counter()
        with self.databases.session() as session:
            pending = [(c.id, c.received_at, c.caller_number in self.pranksters) for c in session.scalars(
                select(IncidentCall).where(IncidentCall.outcome == "pending", IncidentCall.operator == ACTOR.username,
                                           IncidentCall.received_at >= now - OPEN_LOOKBACK))]
        for call_id, received, prankster in pending:
            fate = call_fate(call_id, prankster)
            at = received + timedelta(seconds=handling_seconds(draw("handling", call_id), fate))
            if at <= now:
                taken[self._decide(call_id, fate, at)] += 1
        return taken

    def _decide(self, call_id: int, fate: str, at: datetime) -> str:
        try:
            with self.databases.transaction() as session:
                return self._outcome(session, call_id, fate, at)
        except IncidentError as refusal:  # someone took the call by hand meanwhile: rolled back
            log.debug("simulator leaves call %s: %s", call_id, refusal)
            return "call_left"

    def _outcome(self, session: Session, call_id: int, fate: str, at: datetime) -> str:
        rng = draw("call", call_id)
        if fate == "merged" and (target := _merge_target(session, rng, at)) is not None:
            service.merge_call(session, ACTOR, call_id, target, now=at)
            return "call_merged"
        if fate in ("prank", "info"):
            service.close_call(session, ACTOR, call_id, fate, now=at)
        elif fate == "referred":
            service.close_call(session, ACTOR, call_id, "referred", partner=_weighted(rng, PARTNER_SHARES), now=at)
        else:
            self._create_incident(session, rng, call_id, at)
            return "incident_created"
        return f"call_{fate}"

    def _create_incident(self, session: Session, rng: random.Random, call_id: int, at: datetime) -> None:
        category = self.world.categories[self.world.category(rng)]
        for _ in range(10):
            lat, lon = self.world.point(rng)
            try:
                service.create_incident(session, ACTOR, self.settings, call_id, category_code=category.code,
                                        lat=lat, lon=lon, casualties_injured=casualties(rng, category), now=at)
                return
            except IncidentError as refusal:
                if refusal.field != "location":
                    raise
        _code, lat, lon, _weight = rng.choice(self.world.districts)  # a district's centre lies in the city
        service.create_incident(session, ACTOR, self.settings, call_id, category_code=category.code, lat=lat, lon=lon,
                                now=at)

    def cancel_false_alarms(self, _since: datetime, now: datetime) -> Counter:
        """A few incidents turn out to be nothing: cancelled while the first unit is on its way."""
        taken: Counter[str] = Counter()
        with self.databases.session() as session:
            rows = session.execute(select(Incident.number, Incident.id, Incident.first_dispatch_at).where(
                Incident.status == "dispatched", Incident.first_on_scene_at.is_(None),
                Incident.received_at >= now - OPEN_LOOKBACK, _ours())).all()
        for number, incident_id, first_dispatch in rows:
            rng = draw("false_alarm", incident_id)
            if rng.random() >= FALSE_ALARM_SHARE:
                continue
            at = first_dispatch + timedelta(seconds=60 + rng.uniform(0, 120))
            if at <= now:
                taken.update(self._step("incident_cancelled", service.cancel_incident, number,
                                       "tidak ditemukan kejadian di lokasi", now=at))
        return taken

    def dispatch_units(self, since: datetime, now: datetime) -> Counter:
        """Each active incident gets a unit of every unit type its category needs (nearest first),
        once its dispatch delay has passed; one still waiting for a free unit is served at `now`."""
        taken: Counter[str] = Counter()
        with self.databases.session() as session:
            incidents = session.scalars(select(Incident).where(
                Incident.is_active,
                Incident.received_at >= now - OPEN_LOOKBACK, _ours())).all()
            sent = _sent_kinds(session, [i.id for i in incidents])
            wanted = []
            for incident in incidents:
                needed = needed_unit_types(self.world.categories[incident.category_code])
                rng = draw("dispatch", incident.id)
                for order, pair in enumerate(needed):
                    due = incident.created_at + timedelta(seconds=dispatch_delay(rng, order))
                    if pair not in sent.get(incident.id, set()) and due <= now:
                        unit = next((u for u, _far in suggest_units(session, incident, limit=200)
                                     if (u.agency_code, u.unit_type) == pair), None)
                        if unit is not None:
                            wanted.append((incident.number, unit.code, max(due, since)))
        busy: set[str] = set()
        for number, unit_code, at in sorted(wanted, key=lambda w: w[2]):
            if unit_code not in busy:  # two incidents found the same nearest unit: the first takes it
                busy.add(unit_code)
                taken.update(self._step("unit_dispatched", service.dispatch, number, unit_code, now=at))
        return taken

    # --- the units ------------------------------------------------------------------------------

    def move_dispatched(self, since: datetime, now: datetime) -> Counter:
        """Dispatched units turn out, en route ones drive (a position each tick) and arrive, units
        on scene clear when their work is done."""
        taken: Counter[str] = Counter()
        with self.databases.session() as session:
            rows = session.execute(select(IncidentDispatch, IncidentUnit, Incident.lat, Incident.lon,
                                          Incident.priority)
                                   .join(IncidentUnit, IncidentUnit.code == IncidentDispatch.unit_code)
                                   .join(Incident, Incident.id == IncidentDispatch.incident_id)
                                   .where(IncidentDispatch.status.in_(workflow.LIVE_DISPATCH_STATUSES))).all()
            session.expunge_all()
        for row, unit, lat, lon, priority in rows:
            if row.status == "dispatched":
                at = row.dispatched_at + timedelta(seconds=turnout_seconds(
                    draw("turnout", row.id), self.world.turnout(row.agency_code, row.unit_type)))
                if at > now:
                    continue
                taken.update(self._step("unit_en_route", service.update_dispatch, row.id, "en_route", now=at))
                row.status, row.en_route_at = "en_route", at
            if row.status == "en_route":
                speed = self.world.speed_mps(row.agency_code, row.unit_type, now) / detour(draw("detour", row.id))
                start = max(t for t in (row.en_route_at, unit.position_at) if t is not None)
                arrived = self._drive(unit, (lat, lon) if lat is not None else (unit.lat, unit.lon), start, now,
                                      speed, "on_scene")
                taken["unit_moved" if arrived is None else "unit_on_scene"] += 1
                continue
            at = row.on_scene_at + timedelta(seconds=work_seconds(draw("work", row.id), priority))
            if at <= now:  # the way back starts from the scene, now
                taken.update(self._step("unit_cleared", _clear, row.id, unit.code, unit.lat, unit.lon, now=at))
        self._report_positions(now)
        return taken

    def return_units(self, _since: datetime, now: datetime) -> Counter:
        """Returning units drive back to their post and are available there."""
        taken: Counter[str] = Counter()
        with self.databases.session() as session:
            units = session.scalars(select(IncidentUnit).where(IncidentUnit.status == "returning")).all()
            session.expunge_all()
        for unit in units:
            post = self.world.posts.get(unit.post_code)
            if post is None or unit.lat is None or unit.position_at is None:
                taken.update(self._step("unit_available", service.report_unit, unit.code, status="available", now=now))
                continue
            speed = RETURN_PACE * self.world.speed_mps(unit.agency_code, unit.unit_type, now) / DETOUR[1]
            arrived = self._drive(unit, post, unit.position_at, now, speed, "available")
            taken["unit_moved" if arrived is None else "unit_available"] += 1
        self._report_positions(now)
        return taken

    def _drive(self, unit: IncidentUnit, target: tuple[float, float], start: datetime, now: datetime,
               speed: float, arrive_as: str) -> datetime | None:
        """Moves the unit toward `target` for the time since `start`; at the target it reports
        `arrive_as` there, at the moment it arrived (returned), else its new position (None)."""
        here = (unit.lat, unit.lon) if unit.lat is not None else target
        remaining = distance_m(*here, *target)
        reach = speed * max((now - start).total_seconds(), 0)
        if remaining - reach <= ARRIVED_METRES:
            arrived = start + timedelta(seconds=remaining / speed)
            self._report(unit.code, status=arrive_as, lat=target[0], lon=target[1], now=min(max(arrived, start), now))
            return arrived
        share = reach / remaining
        lat, lon = here[0] + share * (target[0] - here[0]), here[1] + share * (target[1] - here[1])
        self._moves.append((unit.code, lat, lon))
        return None

    def _report(self, unit_code: str, **report) -> None:
        self._step("unit_reported", service.report_unit, unit_code, **report)

    def _report_positions(self, now: datetime) -> None:
        """The positions of the units on the road, in one transaction (no change-log rows)."""
        moves, self._moves = self._moves, []
        if moves:
            self._step("positions", _report_positions, moves, now=now)

    def close_cleared(self, _since: datetime, now: datetime) -> Counter:
        """The operator closes a cleared incident after checking with the units."""
        taken: Counter[str] = Counter()
        with self.databases.session() as session:
            rows = session.execute(select(Incident.number, Incident.id, Incident.cleared_at).where(
                Incident.status == "cleared", _ours())).all()
        for number, incident_id, cleared_at in rows:
            at = cleared_at + timedelta(seconds=close_seconds(draw("close", incident_id)))
            if at <= now:
                taken.update(self._step("incident_closed", service.close_incident, number, now=at))
        return taken

    def _step(self, what: str, function, *args, **kwargs) -> Counter:
        """One service call in its own transaction; a refusal (someone acted by hand) is skipped."""
        try:
            with self.databases.transaction() as session:
                function(session, ACTOR, *args, **kwargs)
        except IncidentError as refusal:
            log.debug("simulator skips %s %s: %s", what, args, refusal)
            return Counter()
        return Counter({what: 1})


def _ours():
    """The incidents the simulator's desk created: it dispatches and closes only those (people at the
    desk handle theirs), while the units it drives serve every incident."""
    return select(IncidentCall.id).where(IncidentCall.incident_id == Incident.id, IncidentCall.outcome == "incident",
                                         IncidentCall.operator == ACTOR.username).exists()


def _clear(session: Session, actor, dispatch_id: int, unit_code: str, lat, lon, *, now: datetime) -> None:
    """The unit clears the scene and reports where it is: its way back starts there, then."""
    service.update_dispatch(session, actor, dispatch_id, "cleared", now=now)
    if lat is not None:
        service.report_unit(session, actor, unit_code, lat=lat, lon=lon, now=now)


def _report_positions(session: Session, actor, moves: list[tuple[str, float, float]], *, now: datetime) -> None:
    for unit_code, lat, lon in moves:
        service.report_unit(session, actor, unit_code, lat=lat, lon=lon, now=now)


def _merge_target(session: Session, rng: random.Random, at: datetime) -> str | None:
    """An incident of the last half hour still active (the urgent ones draw more second callers)."""
    rows = session.execute(select(Incident.number, Incident.priority).where(
        Incident.is_active, Incident.received_at >= at - timedelta(minutes=30),
        Incident.received_at <= at).order_by(Incident.id)).all()
    if not rows:
        return None
    return rng.choices([n for n, _p in rows], weights=[4 - p for _n, p in rows])[0]


def _sent_kinds(session: Session, incident_ids: list[int]) -> dict[int, set[tuple[str, str]]]:
    """(agency, unit type) already sent to each incident (a cancelled dispatch does not count)."""
    found: dict[int, set[tuple[str, str]]] = {}
    for start in range(0, len(incident_ids), 900):
        for incident_id, agency, unit_type in session.execute(select(
                IncidentDispatch.incident_id, IncidentDispatch.agency_code, IncidentDispatch.unit_type).where(
                IncidentDispatch.incident_id.in_(incident_ids[start:start + 900]),
                IncidentDispatch.status != "cancelled")):
            found.setdefault(incident_id, set()).add((agency, unit_type))
    return found


def source_details(rng: random.Random, source: str, world: World, moment: datetime) -> dict:
    """What a non-phone source names: a camera, a post, a complaint's ticket."""
    if source == "cctv":
        return {"camera_id": f"CCTV-{rng.randrange(1, 400):03d}"}
    if source == "field_post":
        return {"post_code": rng.choice(sorted(world.posts))}
    if source == "complaint":
        return {"complaint_ticket": f"ADU-{moment.astimezone(CITY_ZONE):%y%m}-{rng.randrange(1, 9000):06d}"}
    return {}


def casualties(rng: random.Random, category: IncidentCategory) -> int:
    """Injured people reported with the call: accidents and fires often, the rest seldom."""
    if category.type.startswith(("roadway.roadwayAccident", "fire.", "infrastructure.buildingCollapse")):
        return min(_poisson(rng, 0.9), 6)
    return 0


# === the domain's hooks (domains/incidents.py) =====================================================

DEMO_HISTORY_DAYS = 35


def start_live_feed(services) -> LiveIncidentSimulator:
    """The incidents domain's live demo feed (on the demo fleet, registered if it is not yet)."""
    from modules.incidents.reference import load_fleet

    with services.databases.transaction() as session:
        load_fleet(session)
    return LiveIncidentSimulator(services.databases, services.settings).start()


def fill_demo_history(services) -> None:
    """The last DEMO_HISTORY_DAYS of incidents on the first start, at the city's real volume, so the
    analysis page and the KPI cards have weeks to show (bulk path: seconds)."""
    from simulator.incident_city import demo_history

    with services.databases.session() as session:
        if session.scalar(select(func.count()).select_from(IncidentCall)):
            return
    print(f"Mengisi data demo Command Center 112 {DEMO_HISTORY_DAYS} hari terakhir ...")
    demo_history(services.databases, services.settings, days=DEMO_HISTORY_DAYS)
