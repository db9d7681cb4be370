"""Simulated complaints for the demo, filed and advanced through the complaints service layer.

- `ComplaintFeed` invents complaints: a daily and weekly rhythm (busy mornings, quiet nights and
  weekends), category shares from the reference data (typical_share), hotspot districts, Indonesian
  descriptions, channel shares, and now and then a second report of the same spot.
- `plan.py` decides what then happens to each complaint and when; OPDs respond at their own speed,
  so some first-response and feedback SLAs are missed.
- `demo_backfill` writes two months of such history at first start (bulk path, seconds).
- `LiveSimulator` files new complaints in real time and moves open ones along (`make run`), and
  works off as many as it files, so the backlog stays about where it was.
"""

from __future__ import annotations

import logging
import math
import random
import struct
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import CITY_ZONE
from core.db import Databases
from core.periodic import PeriodicThread
from core.periods import DEFAULT_PERIOD_DAYS
from geo import locate_point
from core.reference import Kecamatan, RtUnit
from modules.complaints.models import ComplaintCategory
from core.settings import Settings
from core.users import Viewer
from modules.complaints import service
from modules.complaints.errors import WorkflowError
from modules.complaints.intake import ComplaintIntake, validate_intake
from modules.complaints.models import Complaint
from modules.complaints.routing import route, route_table
from modules.complaints.statuses import OPEN_STATUSES
from simulator import texts
from simulator.plan import PlanInput, Step, apply_step, plan_steps, step_done

log = logging.getLogger(__name__)

CHANNEL_SHARES = {"wargaku": 0.28, "whatsapp": 0.22, "web": 0.12, "phone": 0.12, "sms": 0.04, "facebook": 0.07,
                  "twitter": 0.05, "instagram": 0.06, "live_chat": 0.04}
SCREENED_CHANNELS = ("facebook", "twitter", "instagram")  # posts the Media Center screens in triage first
# Complaints per local hour of day (relative) and per weekday, Monday first.
HOURLY_WEIGHTS = (0.15, 0.1, 0.08, 0.08, 0.15, 0.4, 0.9, 1.6, 2.2, 2.4, 2.2, 1.9,
                  1.6, 1.6, 1.7, 1.6, 1.5, 1.4, 1.3, 1.4, 1.3, 1.0, 0.6, 0.3)
WEEKDAY_WEIGHTS = (1.15, 1.05, 1.0, 1.0, 0.9, 0.65, 0.55)
HOTSPOTS = {"Tambaksari": 3.0, "Sawahan": 2.6, "Genteng": 2.4, "Wonokromo": 2.2, "Semampir": 2.0, "Gubeng": 2.0,
            "Tegalsari": 1.8, "Kenjeran": 1.6, "Rungkut": 1.6, "Sukolilo": 1.5, "Krembangan": 1.4}
SPREAD_DEGREES = 0.007  # about 800 m around a district's centre
REPEAT_SHARE = 0.06  # a second citizen reports the same spot
ADDRESS_ONLY_SHARE = 0.3  # of phone and SMS complaints: no coordinates, only an address
PHOTO_SHARE = 0.2  # of app, web and WhatsApp complaints
RT_RW_SHARE = 0.65  # of located complaints: the citizen names the RW (most do on the form)
RT_GIVEN_SHARE = 0.85  # of those: the RT too
DEMO_DAILY_VOLUME = 250
# The pages open on the last DEFAULT_PERIOD_DAYS compared with the days before, and the KPI page on
# this month against the last: the history covers both, so no comparison reads "naik dari 0".
DEMO_HISTORY_DAYS = 2 * DEFAULT_PERIOD_DAYS + 2
OPEN_LOOKBACK_DAYS = 30


@dataclass(frozen=True)
class Spot:
    """Where and when a first report was made; a repeat report comes from the same spot."""

    received_at: datetime
    category_code: str
    lat: float
    lon: float


@dataclass
class Reference:
    """What the feed needs from the database, read once."""

    categories: list[tuple[str, str, float]]  # (code, name, typical_share)
    districts: list[tuple[str, float, float, float]]  # (kecamatan code, lat, lon, weight)
    routes: dict
    default_opd: dict[str, str]
    rt_units: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # kelurahan -> its (rw, rt)

    @classmethod
    def load(cls, session: Session) -> "Reference":
        categories = session.scalars(select(ComplaintCategory).where(ComplaintCategory.active.is_(True))
                                     .order_by(ComplaintCategory.code)).all()
        districts = [(k.code, k.lat, k.lon, HOTSPOTS.get(k.name, 1.0))
                     for k in session.scalars(select(Kecamatan).order_by(Kecamatan.code))]
        units: dict[str, list[tuple[int, int]]] = {}
        for kelurahan, rw, rt in session.execute(select(RtUnit.kelurahan_code, RtUnit.rw, RtUnit.rt)
                                                 .order_by(RtUnit.code)):
            units.setdefault(kelurahan, []).append((rw, rt))
        return cls([(c.code, c.name, c.typical_share) for c in categories], districts, route_table(session),
                   {c.code: c.opd_code for c in categories}, units)

    def units_of(self, kelurahan_code: str) -> set[tuple[int, int]]:
        """The intake's check of an RT / RW (intake.RtUnits), from what was read once."""
        return set(self.rt_units.get(kelurahan_code, ()))

    def opd_for(self, category_code: str, kecamatan_code: str | None) -> str | None:
        return route(self.routes, category_code, kecamatan_code)


class ComplaintFeed:
    """Invents plausible complaints; the same seed gives the same complaints."""

    def __init__(self, reference: Reference, rng: random.Random):
        self.reference, self.rng = reference, rng
        self.recent_spots: list[Spot] = []  # first reports of the last hours, for repeat reports

    def arrivals(self, start: datetime, end: datetime, daily_volume: float) -> list[datetime]:
        """Arrival times in [start, end), Poisson per hour with the daily and weekly rhythm."""
        times, hour = [], start.replace(minute=0, second=0, microsecond=0)
        while hour < end:
            expected = daily_volume * rhythm(hour) / 24
            for _ in range(_poisson(self.rng, expected)):
                moment = hour + timedelta(seconds=self.rng.randrange(3600))
                if start <= moment < end:
                    times.append(moment)
            hour += timedelta(hours=1)
        return sorted(times)

    def intake(self, received_at: datetime) -> ComplaintIntake:
        return self.next_complaint(received_at)[0]

    def next_complaint(self, received_at: datetime) -> tuple[ComplaintIntake, Spot | None]:
        """A new complaint, and the earlier spot it reports again (None for a first report)."""
        rng = self.rng
        channel = _weighted(rng, CHANNEL_SHARES)
        repeat = self._recent_spot(received_at) if rng.random() < REPEAT_SHARE else None
        category = repeat.category_code if repeat else self._category()
        point, kelurahan = self._point_near(repeat) if repeat else self._point()
        if channel in ("phone", "sms") and not repeat and rng.random() < ADDRESS_ONLY_SHARE:
            point = None  # only the address is known (it still names the point's kelurahan)
        if point is not None and repeat is None:
            self.recent_spots.append(Spot(received_at, category, *point))
        street = texts.street_in(rng, texts.place_names()[kelurahan][0])
        text, street = texts.description(rng, category, self._category_name(category), street)
        name, contact = texts.reporter(rng, channel)
        photos = [("foto.png", "image/png", demo_photo(rng))] \
            if channel in ("wargaku", "web", "whatsapp") and rng.random() < PHOTO_SHARE else []
        rw, rt = self._rt_rw(received_at, kelurahan) if point is not None else (None, None)
        intake = ComplaintIntake(
            channel=channel, category_code=category, description=text, lat=point and point[0],
            lon=point and point[1], address=texts.address(street, rng.randint(1, 250), kelurahan),
            reporter_name=name, reporter_contact=contact, photos=photos, received_at=received_at,
            triage=channel in SCREENED_CHANNELS, rw=rw, rt=rt,
            # about half the photos may go on the wall; decided without drawing from rng, so the
            # demo's sequence of complaints stays what it was
            photo_display_consent=bool(photos) and len(text) % 2 == 0,
        )
        return intake, repeat

    def _rt_rw(self, received_at: datetime, kelurahan: str) -> tuple[int | None, int | None]:
        """An RT unit of the point's kelurahan for most complaints (an RW alone for some). Drawn from
        its own generator, seeded by the time, so the rest of the feed stays what it was."""
        units = self.reference.rt_units.get(kelurahan)
        draw = random.Random(f"rt-rw {received_at.isoformat()} {kelurahan}")
        if not units or draw.random() >= RT_RW_SHARE:
            return None, None
        rw, rt = draw.choice(units)
        return rw, rt if draw.random() < RT_GIVEN_SHARE else None

    def _category(self) -> str:
        return _weighted(self.rng, {code: share for code, _, share in self.reference.categories})

    def _point(self) -> tuple[tuple[float, float], str]:
        """A point around a district centre (busy districts more often), inside the city, and the
        code of the kelurahan it lies in."""
        for _ in range(20):
            _code, lat, lon, _weight = self.rng.choices(self.reference.districts,
                                                        weights=[d[3] for d in self.reference.districts])[0]
            point = _jitter(self.rng, lat, lon, SPREAD_DEGREES)
            if (found := locate_point(*point)) is not None:
                return point, found[1]
        return (lat, lon), locate_point(lat, lon)[1]  # a kecamatan's centre lies in one of its kelurahan

    def _point_near(self, spot: "Spot") -> tuple[tuple[float, float], str]:
        point = _jitter(self.rng, spot.lat, spot.lon, 0.0001)  # about 10 m
        found = locate_point(*point)
        return (point, found[1]) if found is not None else ((spot.lat, spot.lon), locate_point(spot.lat, spot.lon)[1])

    def _recent_spot(self, now: datetime) -> "Spot | None":
        self.recent_spots = [s for s in self.recent_spots if now - s.received_at < timedelta(hours=36)][-500:]
        return self.rng.choice(self.recent_spots) if self.recent_spots else None

    def _category_name(self, code: str) -> str:
        return next(name for c, name, _ in self.reference.categories if c == code)


def rhythm(moment: datetime) -> float:
    """How busy this hour is, 1.0 being the weekly average."""
    local = moment.astimezone(CITY_ZONE)
    hourly = HOURLY_WEIGHTS[local.hour] / (sum(HOURLY_WEIGHTS) / 24)
    weekly = WEEKDAY_WEIGHTS[local.weekday()] / (sum(WEEKDAY_WEIGHTS) / 7)
    return hourly * weekly


# === the plan of a stored or planned complaint ===================================================

def plan_input(reference: Reference, complaint) -> PlanInput:
    """The facts the plan depends on, from a Complaint or a row dict turned into attributes."""
    routed = reference.opd_for(complaint.category_code, complaint.kecamatan_code)
    return PlanInput(
        received_at=complaint.received_at, category_code=complaint.category_code, lat=complaint.lat,
        lon=complaint.lon, triage=complaint.channel in SCREENED_CHANNELS or routed is None,
        opd_code=routed or reference.default_opd[complaint.category_code],
        suspected_duplicate=complaint.duplicate_state is not None,
    )


def due_steps(reference: Reference, complaint, now: datetime) -> list[Step]:
    """The planned steps whose time has come and that the complaint has not taken yet, in order."""
    return [step for step in plan_steps(plan_input(reference, complaint))
            if complaint.received_at + timedelta(minutes=step.minutes) <= now and not step_done(complaint, step)]


# === backfill ======================================================================================

def demo_backfill(databases: Databases, settings: Settings, days: int = 14, now: datetime | None = None,
                  seed: int = 2026, daily_volume: float = DEMO_DAILY_VOLUME) -> int:
    """Fills `days` of plausible history once (nothing if complaints exist); returns how many it wrote."""
    now = (now or datetime.now(timezone.utc)).replace(microsecond=0)
    with databases.transaction() as session:
        reference = reference_for_an_empty_city(session, now)
        if reference is None:
            return 0
        feed = ComplaintFeed(reference, random.Random(seed))
        planned = [_planned_row(feed, reference, moment, now)
                   for moment in feed.arrivals(now - timedelta(days=days), now, daily_volume)]
        return _insert_planned(session, planned, settings, now)


def _planned_row(feed: ComplaintFeed, reference: Reference, received_at: datetime, now: datetime) -> dict:
    """A complaint column dict in the state its plan reaches by `now`."""
    intake, repeat = feed.next_complaint(received_at)
    clean = validate_intake(intake, set(reference.default_opd), 10**9, now, locate_point,
                            reference.units_of)  # as the live path
    row = dict(channel=clean.channel, category_code=clean.category_code, description=clean.description,
               lat=clean.lat, lon=clean.lon, address=clean.address, kecamatan_code=clean.kecamatan_code,
               kelurahan_code=clean.kelurahan_code, rw=clean.rw, rt=clean.rt, reporter_name=clean.reporter_name,
               reporter_contact=clean.reporter_contact, received_at=received_at, status="received",
               opd_code=None, duplicate_state="suspected" if repeat else None, duplicate_of_id=None,
               rejection_reason=None)
    plan = plan_input(reference, SimpleNamespace(**row))  # read like a Complaint
    if not plan.triage:
        apply_step(row, Step(0, "dispatch", {"opd_code": plan.opd_code}), received_at)
    for step in plan_steps(plan):
        at = (received_at + timedelta(minutes=step.minutes)).replace(microsecond=0)
        if at <= now:
            apply_step(row, step, at)
    return {**row, "_repeat_of": repeat}


def reference_for_an_empty_city(session: Session, now: datetime) -> Reference | None:
    """What a seeder draws from, once the routing rules are in; None when complaints exist already
    (seeding is for an empty city, so running it twice writes nothing)."""
    if session.scalar(select(func.count()).select_from(Complaint)):
        return None
    service.seed_routing_rules(session, now)
    return Reference.load(session)


def _insert_planned(session: Session, planned: list[dict], settings: Settings, now: datetime) -> int:
    """First reports, then repeats linked to their first report's id (known only after the insert)."""
    firsts = [row for row in planned if row["_repeat_of"] is None]
    repeats = [row for row in planned if row["_repeat_of"] is not None]
    first_ids = _bulk(session, firsts, settings, now)
    id_of_spot = {Spot(row["received_at"], row["category_code"], row["lat"], row["lon"]): cid
                  for row, cid in zip(firsts, first_ids)}
    for row in repeats:
        if row["duplicate_state"] != "dismissed":
            row["duplicate_of_id"] = id_of_spot[row["_repeat_of"]]
    _bulk(session, repeats, settings, now)
    return len(planned)


def _bulk(session: Session, rows: list[dict], settings: Settings, now: datetime) -> list[int]:
    rows = [{key: value for key, value in row.items() if key != "_repeat_of"} for row in rows]
    return service.bulk_insert_complaints(session, rows, settings, now, actor_name="system:simulator")


# === live ==========================================================================================

class LiveSimulator(PeriodicThread):
    """Files complaints in real time (on average one per `settings.demo.simulator_interval_seconds`,
    more in busy hours) and moves open complaints along their plan, through the service layer."""

    name = "complaints-simulator"

    def __init__(self, databases: Databases, settings: Settings, seed: int | None = None):
        super().__init__(settings.demo.simulator_interval_seconds)
        self.databases, self.settings = databases, settings
        self.rng = random.Random(seed)
        self._feed: ComplaintFeed | None = None
        self.backlog: int | None = None  # open complaints when it started: what it keeps to

    def next_wait(self) -> float:
        # Arrivals are a Poisson process whose rate follows the rhythm of the day.
        rate = max(rhythm(datetime.now(timezone.utc)), 0.05) / self.interval
        return min(self.rng.expovariate(rate), 10 * self.interval)

    def tick(self) -> None:
        self.run_once(datetime.now(timezone.utc))

    def run_once(self, now: datetime, new_complaints: int = 1) -> dict[str, int]:
        """Files `new_complaints` complaints received at `now`, then takes every step that is due
        and works off what the backlog grew by; returns how many steps of each action it took."""
        with self.databases.transaction() as session:
            if self._feed is None:
                service.seed_routing_rules(session)  # no-op once `manage.py init` or the backfill seeded them
            if self.backlog is None:
                self.backlog = _open_count(session)
            feed = self._feed_for(session)
            for _ in range(new_complaints):
                service.submit_complaint(session, feed.intake(now), self.settings, now=now)  # from a citizen
        taken = Counter(self.advance(now))
        taken.update(self.keep_pace(now))
        return dict(taken)

    def keep_pace(self, now: datetime) -> dict[str, int]:
        """Finishes, now, as many open complaints as the backlog grew past what it was at the start.

        The plans were drawn for the history's pace (DEMO_DAILY_VOLUME a day), while the live feed
        files one complaint every `simulator_interval_seconds` (about 18 times as many), so by the
        plans alone the backlog grew by the hour (362 to 555 open in 35 minutes). Like a city's teams
        working harder as their queue grows, the complaints whose plans end soonest take their
        remaining steps at once (SLA outcomes are kept: a deadline already missed stays missed)."""
        with self.databases.session() as session:
            surplus = _open_count(session) - (self.backlog or 0)
            if surplus <= 0:
                return {}
            reference = self._feed_for(session).reference
            ends = [(_plan_end(reference, c), c.id, _remaining_steps(reference, c))
                    for c in session.scalars(_open_complaints(now))]
        taken: Counter[str] = Counter()
        for _end, complaint_id, steps in sorted(ends)[:surplus]:
            with self.databases.transaction() as session:
                taken.update(_take_steps(session, complaint_id, steps, now))
        return dict(taken)

    def advance(self, now: datetime) -> dict[str, int]:
        """Moves open complaints along their plans, e.g. the OPD responds once its delay has passed.

        One transaction per complaint, so staff working on another complaint never wait for a tick.
        """
        with self.databases.session() as session:
            reference = self._feed_for(session).reference
            due = [(c.id, steps) for c in session.scalars(_open_complaints(now))
                   if (steps := due_steps(reference, c, now))]
        taken: Counter[str] = Counter()
        for complaint_id, steps in due:
            with self.databases.transaction() as session:
                taken.update(_take_steps(session, complaint_id, steps, now))
        return dict(taken)

    def _feed_for(self, session: Session) -> ComplaintFeed:
        if self._feed is None:
            self._feed = ComplaintFeed(Reference.load(session), self.rng)
        return self._feed


def _open_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Complaint).where(Complaint.status.in_(OPEN_STATUSES)))


def _plan_end(reference: Reference, complaint) -> datetime:
    steps = plan_steps(plan_input(reference, complaint))
    return complaint.received_at + timedelta(minutes=steps[-1].minutes if steps else 0)


def _remaining_steps(reference: Reference, complaint) -> list[Step]:
    return [step for step in plan_steps(plan_input(reference, complaint)) if not step_done(complaint, step)]


def _open_complaints(now: datetime):
    return (select(Complaint).where(Complaint.status.in_(OPEN_STATUSES),
                                    Complaint.received_at >= now - timedelta(days=OPEN_LOOKBACK_DAYS))
            .order_by(Complaint.received_at).limit(5000))


def _take_steps(session: Session, complaint_id: int, steps: list[Step], now: datetime) -> list[str]:
    """Performs the steps as the OPD in charge (the operator in triage); stops when the workflow refuses."""
    taken = []
    for step in steps:
        complaint = session.get(Complaint, complaint_id)
        actor = _operator() if complaint.opd_code is None else _opd_actor(complaint.opd_code)
        try:
            _call(session, actor, complaint_id, step, now)
        except WorkflowError as refusal:  # someone changed the complaint by hand: leave it to them
            log.debug("simulator skips %s: %s", complaint.ticket, refusal)
            break
        taken.append(step.action)
    return taken


def _call(session: Session, actor: Viewer, complaint_id: int, step: Step, now: datetime) -> None:
    note = texts.NOTES.get(step.action, "")
    if step.action == "dispatch":
        service.dispatch(session, actor, complaint_id, step.args["opd_code"], note, now=now)
    elif step.action == "reject":
        service.reject(session, actor, complaint_id, step.args["reason"], texts.NOTES[step.args["reason"]], now=now)
    else:
        getattr(service, step.action)(session, actor, complaint_id, note, now=now)


def _operator() -> Viewer:
    return Viewer(user_id="sim:operator", username="operator.simulator", role="operator")


def _opd_actor(opd_code: str) -> Viewer:
    return Viewer(user_id=f"sim:{opd_code}", username=f"tpkpm.{opd_code.lower()}", role="opd", opd_code=opd_code)


# === small helpers =================================================================================

def _weighted(rng: random.Random, shares: dict[str, float]) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def _jitter(rng: random.Random, lat: float, lon: float, spread: float) -> tuple[float, float]:
    return round(lat + rng.gauss(0, spread), 6), round(lon + rng.gauss(0, spread), 6)


def _poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method; fine for the small hourly means used here."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def demo_photo(rng: random.Random, size: int = 8) -> bytes:
    """A tiny real PNG (a plain colour square) standing in for a citizen's photo."""
    colour = bytes(rng.randrange(256) for _ in range(3))
    raw = b"".join(b"\x00" + colour * size for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def start_live_feed(services) -> LiveSimulator:
    """The complaints domain's live demo feed (domains/complaints.py)."""
    return LiveSimulator(services.databases, services.settings).start()


def fill_demo_history(services) -> None:
    """Two months of demo complaints on the first start (DEMO_HISTORY_DAYS), so the pages have
    something to show and their default period something to compare with."""
    with services.databases.session() as session:
        if session.scalar(select(func.count()).select_from(Complaint)):
            return
    print(f"Mengisi data demo pengaduan {DEMO_HISTORY_DAYS} hari terakhir ...")
    demo_backfill(services.databases, services.settings, days=DEMO_HISTORY_DAYS)


def write_sample(databases: Databases, settings: Settings) -> None:
    """Two days of complaints in every state, through the real write path (the contract tests)."""
    demo_backfill(databases, settings, days=2, seed=7)
