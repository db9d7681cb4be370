"""The incidents domain's event for the event-to-wall benchmark (bench/wall.py): a 112 call taken on
the operator desk (the desk's own Dash callback, posted by a logged-in operator as the browser
posts it) that creates an incident, seen when its number is in the wall's ticker of newest
incidents (target p95 < 1 s, the issue's). Its load (`WallLoad`): 300 units reporting their
positions every 5 seconds through the field API (`POST /api/incidents/units/{code}/position`, with
their agency's key) while the same event is measured again, to show the wall's p95 does not move."""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from bench.callbacks import request_body
from bench.dash_requests import callback_spec
from bench.wall import WallEvent, WallLoad

NUMBER = re.compile(r"INS-\d{4}-\d{6}")
CATEGORIES = ("KECELAKAAN_LALU_LINTAS", "KEGAWATDARURATAN_MEDIS", "KEBAKARAN_BANGUNAN", "POHON_TUMBANG")
LOAD_UNITS = 300         # the issue's fleet reporting at once
LOAD_PERIOD = 5.0        # seconds between two positions of one unit
LOAD_THREADS = 10        # each keeps 30 units on their schedule (6 positions a second)
POSITION_STEP = 0.002    # degrees a unit moves between two reports (about 200 m)


# --- the event: a call taken on the desk --------------------------------------------------------------------

def prepare(env) -> dict:
    """The desk's places (kelurahan of the gazetteer) and the categories the city's list has."""
    from data.gazetteer import district_places
    from modules.incidents.models import IncidentCategory

    with env.databases.engine.connect() as connection:
        known = set(connection.scalars(select(IncidentCategory.code)))
    places = district_places()
    return {"places": list(places.loc[places["kind"] == "kelurahan", "key"]),
            "categories": [c for c in CATEGORIES if c in known] or sorted(known)[:4]}


def ready(http, token: dict) -> None:
    """The operator logged in and the desk's callback known before the clock runs."""
    from bench.env import OPERATOR, PASSWORD
    from layouts.components.ids_insiden import Meja as M

    http.login(OPERATOR, PASSWORD)
    if "spec" not in token:
        _status, specs = http.get("/_dash-dependencies")
        token["spec"] = callback_spec(json.loads(specs), f"{M.CALL_MESSAGE}.children")


def post(http, token: dict, rng, number: int) -> str:
    """One call decided "create incident" on the desk; returns the new incident's number."""
    from layouts.components.ids_insiden import Meja as M

    body = request_body(token["spec"], {
        f"{M.CREATE}.n_clicks": 1, f"{M.SOURCE}.value": "call_112", f"{M.CALLER}.value": f"0812{rng.randrange(10**8):08d}",
        f"{M.CATEGORY}.value": rng.choice(token["categories"]), f"{M.PRIORITY}.value": 2,
        f"{M.PLACE}.value": rng.choice(token["places"]),
        f"{M.DESCRIPTION}.value": f"Benchmark: panggilan uji ke layar dinding nomor {number + 1}"})
    body["changedPropIds"] = [f"{M.CREATE}.n_clicks"]  # the button pressed, as the browser says it
    status, answer = http.post_json("/_dash-update-component", body)
    found = NUMBER.search(answer.decode("utf-8", "replace")) if status == 200 else None
    if found is None:
        raise RuntimeError(f"desk call: HTTP {status}: {answer[:300]!r}")
    return found.group(0)


def change_recorded_at(env, number: str) -> datetime | None:
    """When the incident's first change row was written (in the desk callback's transaction)."""
    from core.changelog import ChangeLogEntry
    from modules.incidents.snapshot import INCIDENT

    with env.databases.engine.connect() as connection:
        return connection.scalar(select(func.min(ChangeLogEntry.recorded_at))
                                 .where(ChangeLogEntry.entity == INCIDENT, ChangeLogEntry.entity_id == number))


# --- the load: 300 units reporting positions ------------------------------------------------------------------

@dataclass
class PositionLoad:
    """What the reporting units did while the wall was measured."""

    units: int
    started: float = field(default_factory=time.monotonic)
    stopped: float | None = None
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def summary(self) -> str:
        from bench.results import ms, percentile

        seconds = (self.stopped or time.monotonic()) - self.started
        sent = len(self.latencies)
        text = (f"{self.units} units, {sent:,} positions in {seconds:.0f} s ({sent / max(seconds, 1e-9):.1f}/s, "
                f"{self.units / LOAD_PERIOD:.0f}/s asked); position POST p50 {ms(percentile(self.latencies, 50))} · "
                f"p95 {ms(percentile(self.latencies, 95))}")
        return text + (f"; {len(self.failures)} refused, first: {self.failures[0]}" if self.failures else "")


@contextmanager
def report_positions(env, base: str):
    """LOAD_UNITS units (the demo fleet, topped up with bench units) each POSTing a position every
    LOAD_PERIOD seconds, spread evenly, from LOAD_THREADS threads, until the block ends."""
    units = _load_units(env)
    load, stop = PositionLoad(len(units)), threading.Event()
    threads = [threading.Thread(target=_report, args=(base, units[i::LOAD_THREADS], load, stop), daemon=True)
               for i in range(LOAD_THREADS)]
    for thread in threads:
        thread.start()
    try:
        yield load
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        load.stopped = time.monotonic()
    if len(load.failures) > len(load.latencies) // 100:  # a few 409s (a stale position time) are not a broken load
        raise RuntimeError(f"the position load was refused: {load.summary()}")


def _report(base: str, units: list[dict], load: PositionLoad, stop: threading.Event) -> None:
    """One thread's units, each on its own 5-second schedule (phases spread over the period)."""
    client, started = PositionClient(base), time.monotonic()
    due = [started + LOAD_PERIOD * (i + 0.5) / len(units) for i in range(len(units))]
    while not stop.is_set():
        index = min(range(len(units)), key=due.__getitem__)
        if stop.wait(max(0.0, due[index] - time.monotonic())):
            client.close()
            return
        unit = units[index]
        unit["lat"] += POSITION_STEP * (0.5 - (hash((unit["code"], due[index])) % 100) / 100)
        unit["lon"] += POSITION_STEP * (0.5 - (hash((due[index], unit["code"])) % 100) / 100)
        unit["lat"], unit["lon"] = _within_city(unit["lat"], unit["lon"], unit["home"])
        posted = time.perf_counter()
        status, text = client.post(unit)
        with load.lock:
            load.latencies.append(time.perf_counter() - posted)
            if status != 200:
                load.failures.append(f"{unit['code']}: HTTP {status}: {text[:200]}")
        due[index] += LOAD_PERIOD


class PositionClient:
    """One reporting thread's kept-alive connection (an agency's gateway keeps its connection open;
    a new TCP connection per position would measure this machine's client, not the server)."""

    def __init__(self, base: str):
        self.address = urllib.parse.urlsplit(base).netloc
        self.connection: http.client.HTTPConnection | None = None

    def post(self, unit: dict) -> tuple[int, str]:
        from modules.incidents.http.api import KEY_HEADER

        body = json.dumps({"lat": round(unit["lat"], 6), "lon": round(unit["lon"], 6)})
        try:
            self.connection = self.connection or http.client.HTTPConnection(self.address, timeout=60)
            self.connection.request("POST", f"/api/incidents/units/{unit['code']}/position", body=body,
                                    headers={"Content-Type": "application/json", KEY_HEADER: unit["key"]})
            answer = self.connection.getresponse()
            text = answer.read().decode("utf-8", "replace")
            return answer.status, "" if answer.status == 200 else text
        except (OSError, http.client.HTTPException) as error:
            self.close()
            return 0, str(error)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def _within_city(lat: float, lon: float, home: tuple[float, float]) -> tuple[float, float]:
    """A unit that wandered out of the city's box goes back to its post."""
    from modules.incidents.checks import city_bounds

    west, south, east, north = city_bounds()
    return (lat, lon) if south < lat < north and west < lon < east else home


def _load_units(env) -> list[dict]:
    """The units that report: the fleet, topped up to LOAD_UNITS with bench units registered through
    the service at the posts, and one field key per agency (issued as an admin issues them)."""
    from core.users import Viewer
    from modules.incidents import keys
    from modules.incidents.models import IncidentPost, IncidentUnit, IncidentUnitType
    from modules.incidents.units import register_unit

    admin = Viewer("0", "admin", "admin")
    with env.databases.transaction() as session:
        types = session.scalars(select(IncidentUnitType).order_by(IncidentUnitType.agency_code,
                                                                  IncidentUnitType.unit_type)).all()
        posts = session.scalars(select(IncidentPost).order_by(IncidentPost.code)).all()
        have = session.scalar(select(func.count()).select_from(IncidentUnit))
        for number in range(max(0, LOAD_UNITS - have)):
            kind, post = types[number % len(types)], posts[number % len(posts)]
            register_unit(session, f"BENCH-{kind.agency_code}-{number + 1:03d}", kind.agency_code, kind.unit_type, post)
        agency_keys = {agency: keys.issue_api_key(session, admin, agency, f"bench positions {agency}")[1]
                       for agency in sorted({t.agency_code for t in types})}
        units = session.scalars(select(IncidentUnit).order_by(IncidentUnit.code).limit(LOAD_UNITS)).all()
        return [{"code": u.code, "key": agency_keys[u.agency_code], "lat": u.lat, "lon": u.lon, "home": (u.lat, u.lon)}
                for u in units if u.lat is not None]


EVENT = WallEvent(
    name="Meja 112 call",
    mart="incidents",
    prepare=prepare,
    ready=ready,
    post=post,
    change_recorded_at=change_recorded_at,
    # true once the number is in the wall's ticker of newest incidents
    visible="(number) => [...document.querySelectorAll('.wall-ticker-item')].some(e => e.dataset.item === number)",
    target=1.0,
    load=WallLoad(f"{LOAD_UNITS} units reporting positions every {LOAD_PERIOD:g} s", report_positions),
)
