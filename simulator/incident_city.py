"""History of Command Center 112 through the bulk path: the demo's last weeks (`demo_history`, on the
first `make run`) and city scale (`city_seed`: five years, about 700,000 calls and 330,000
incidents; `python -m simulator seed --scale city`).

The same shares and timings as the live simulator (simulator/incidents.py): the call outcomes with
their repeat pranksters, the category mix, the nearest free unit of each needed unit type (a unit
busy elsewhere is not free until it is back at its post, so a busy hour makes incidents wait), the
agencies' turnout and speeds with the detour and the rush hours, the work on scene, the operator's
closing, false alarms cancelled. Drawn from one seed (same seed, same history), a chunk of calls at
a time, and written by modules/incidents/bulk.py with the timeline and the change-log rows, one
transaction per chunk. The history ends HISTORY_GAP before now with every incident finished and
every unit back at its post, where the live simulator takes over.
"""

from __future__ import annotations

import gc
import math
import random
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from tqdm import tqdm

from core.bulk import analyze
from core.clock import CITY_OFFSET
from core.db import Databases
from core.settings import Settings
from modules.incidents.bulk import Story, bulk_insert_stories
from modules.incidents.models import IncidentCall, IncidentUnit
from modules.incidents.reference import needed_unit_types
from simulator.incidents import (DAILY_CALLS, FALSE_ALARM_SHARE, HOURLY_WEIGHTS, OTHER_CALL_SHARES, OUTCOME_SHARES,
                                 PARTNER_SHARES, PRANKSTER_SHARE, RETURN_PACE, SOURCE_SHARES, WEEKDAY_WEIGHTS, World,
                                 _weighted, answer_seconds, caller_number, casualties, close_seconds, detour,
                                 dispatch_delay, handling_seconds, prankster_numbers, source_details, turnout_seconds,
                                 work_seconds)

CITY_CALLS = 700_000
CITY_YEARS = 5
CHUNK_CALLS = 20_000
HISTORY_GAP = timedelta(hours=2)
MERGE_WINDOW = 1800  # seconds: a second caller reports an incident of the last half hour
ACTOR = "system:simulator"
WIB_SECONDS = int(CITY_OFFSET.total_seconds())
METRES_PER_DEGREE = 111_320


def demo_history(databases: Databases, settings: Settings, days: int = 35, now: datetime | None = None,
                 seed: int = 2026, daily_calls: float = DAILY_CALLS, progress: bool = False) -> int:
    """`days` of history at the city's volume, ending HISTORY_GAP before now; nothing if calls exist."""
    now = (now or datetime.now(timezone.utc)).replace(microsecond=0)
    return seed_history(databases, settings, round(days * daily_calls), now - timedelta(days=days), now,
                        seed=seed, progress=progress)


def city_seed(databases: Databases, settings: Settings, count: int = CITY_CALLS, years: float = CITY_YEARS,
              seed: int = 2026, now: datetime | None = None, chunk_calls: int = CHUNK_CALLS,
              progress: bool = True) -> int:
    """`count` calls over the last `years` (nothing if calls exist); returns how many it wrote."""
    now = (now or datetime.now(timezone.utc)).replace(microsecond=0)
    written = seed_history(databases, settings, count, now - timedelta(days=365 * years), now, seed=seed,
                           chunk_calls=chunk_calls, progress=progress)
    if databases.engine.dialect.name == "postgresql":  # SQLite: its benchmarks ran without statistics
        analyze(databases.engine, ["incidents", "incident_calls", "incident_dispatches", "incident_events",
                                   "change_log"])
    return written


def seed_history(databases: Databases, settings: Settings, count: int, start: datetime, now: datetime,
                 seed: int = 2026, chunk_calls: int = CHUNK_CALLS, progress: bool = True) -> int:
    """About `count` calls received between `start` and now - HISTORY_GAP, with everything that
    followed them; returns the calls written. The demo fleet is registered first (demo data)."""
    from modules.incidents.reference import load_fleet

    with databases.transaction() as session:
        load_fleet(session, now=start)
    with databases.session() as session:
        if session.scalar(select(func.count()).select_from(IncidentCall)):
            return 0
        generator = HistoryGenerator.load(session, settings, seed, start, now)
    written = 0
    gc.disable()  # millions of small objects, none cyclic: the collector would pass over them again and again
    try:
        with tqdm(total=count, desc="incident calls", unit="calls", disable=not progress, smoothing=0.05) as bar:
            for stories, drawn in generator.chunks(count, chunk_calls):
                with databases.transaction() as session:
                    written += bulk_insert_stories(session, stories, settings, ACTOR)[IncidentCall.__tablename__]
                bar.update(drawn)
    finally:
        gc.enable()
    return written


@dataclass
class Unit:
    code: str
    agency: str
    unit_type: str
    lat: float  # its post's point: a free unit waits there
    lon: float
    free_at: float  # epoch seconds when it is back at its post


class HistoryGenerator:
    """Draws stories in time order; the units' availability carries from one chunk to the next."""

    def __init__(self, world: World, units: list[Unit], settings: Settings, seed: int, start: datetime,
                 now: datetime):
        self.world, self.settings = world, settings
        self.rng = random.Random(seed)
        self.arrival_rng = np.random.default_rng(seed)
        self.start, self.now = int(start.timestamp()), int(now.timestamp())
        self.end = int((now - HISTORY_GAP).timestamp())
        self.fleet: dict[tuple[str, str], list[Unit]] = {}
        for unit in units:
            unit.free_at = self.start
            self.fleet.setdefault((unit.agency, unit.unit_type), []).append(unit)
        self.pranksters = prankster_numbers()
        self.pranks: dict[str, deque] = {}  # a prankster's recent prank times
        self.window = settings.incidents.repeat_prank_window_days * 86400
        self.promise = settings.incidents.response_promise_minutes * 60
        self.recent: deque = deque()  # (received, finished, story) of the last MERGE_WINDOW

    @classmethod
    def load(cls, session, settings: Settings, seed: int, start: datetime, now: datetime) -> "HistoryGenerator":
        world = World.load(session)
        units = [Unit(u.code, u.agency_code, u.unit_type, *world.posts.get(u.post_code, world.districts[0][1:3]), 0)
                 for u in session.scalars(select(IncidentUnit).order_by(IncidentUnit.code))]
        return cls(world, units, settings, seed, start, now)

    # --- arrivals -----------------------------------------------------------------------------

    def arrival_seconds(self, count: int) -> np.ndarray:
        """Sorted epoch seconds of `count` calls: an hour drawn by its weight, then a second."""
        hours = np.arange(self.start // 3600 * 3600, self.end, 3600, dtype=np.int64)
        local = hours + WIB_SECONDS
        weekday = ((local // 86400) + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
        weights = np.array(HOURLY_WEIGHTS)[(local // 3600) % 24] * np.array(WEEKDAY_WEIGHTS)[weekday]
        chosen = self.arrival_rng.choice(len(hours), size=count, p=weights / weights.sum())
        seconds = hours[chosen] + self.arrival_rng.integers(0, 3600, size=count)
        return np.sort(np.clip(seconds, self.start, self.end - 1))

    def chunks(self, count: int, chunk_calls: int = CHUNK_CALLS):
        """(stories, calls drawn) per chunk of arrivals, oldest first. A merged call joins an
        incident of its own chunk (at a chunk's start it makes an incident instead)."""
        arrivals = self.arrival_seconds(count)
        for begin in range(0, len(arrivals), chunk_calls):
            self.recent.clear()
            part = arrivals[begin:begin + chunk_calls].tolist()
            stories = self.stories(part)
            yield [s for s in stories if _finished_by(s, self.now)], len(part)

    # --- one chunk ----------------------------------------------------------------------------

    def stories(self, arrivals: list[int]) -> list[Story]:
        stories = []
        fates = [self._fate() for _ in arrivals]
        places = self._places(sum(1 for fate, _ in fates if fate in ("incident", "merged")))
        for received, (fate, prankster) in zip(arrivals, fates):
            if fate == "merged" and self._merge(received):
                continue
            if fate in ("incident", "merged"):
                stories.append(self._incident(received, next(places)))
            else:
                stories.append(self._closed_call(received, fate, prankster))
        return stories

    def _fate(self) -> tuple[str, bool]:
        if self.rng.random() < OUTCOME_SHARES["prank"] * PRANKSTER_SHARE:
            return "prank", True
        return _weighted(self.rng, OTHER_CALL_SHARES), False

    def _places(self, count: int):
        """(category, lat, lon, kecamatan, kelurahan) for `count` incidents, located in one go."""
        from geo import default_locator

        codes = [self.world.category(self.rng) for _ in range(count)]
        points = [self.world.point(self.rng) for _ in range(count)]
        found = default_locator().assign([p[0] for p in points], [p[1] for p in points])
        located = zip(found["kelurahan_code"].tolist(), found["kecamatan_code"].tolist())
        for code, (lat, lon), (kelurahan, kecamatan) in zip(codes, points, located):
            if pd.isna(kelurahan):  # over the city's edge or in the sea: a district's centre instead
                _code, lat, lon, _weight = self.rng.choice(self.world.districts)
                centre = default_locator().assign([lat], [lon])
                kelurahan, kecamatan = centre["kelurahan_code"].iat[0], centre["kecamatan_code"].iat[0]
            yield code, lat, lon, str(kecamatan), str(kelurahan)

    def _caller(self, received: int, prankster: bool) -> tuple[str | None, bool]:
        """The caller's number and whether the desk flags it a repeat prank caller."""
        if not prankster:
            return caller_number(self.rng), False
        number = self.rng.choice(self.pranksters)
        times = self.pranks.setdefault(number, deque())
        while times and times[0] < received - self.window:
            times.popleft()
        repeat = len(times) >= self.settings.incidents.repeat_prank_count
        times.append(received)
        return number, repeat

    def _call(self, received: int, outcome: str, decided: float, source: str, number: str | None,
              repeat: bool = False, partner: str | None = None) -> dict:
        details = source_details(self.rng, source, self.world, _at(received))
        return dict(received_at=_at(received), answered_at=_at(received + answer_seconds(self.rng)),
                    caller_number=number, repeat_caller=repeat, source=source, camera_id=details.get("camera_id"),
                    post_code=details.get("post_code"), complaint_ticket=details.get("complaint_ticket"),
                    outcome=outcome, partner=partner, updated_at=_at(decided))

    def _closed_call(self, received: int, fate: str, prankster: bool) -> Story:
        source = "call_112" if fate == "prank" else _weighted(self.rng, {"call_112": 0.9, "radio": 0.1})
        number, repeat = self._caller(received, prankster) if source == "call_112" else (None, False)
        decided = received + handling_seconds(self.rng, fate)
        partner = _weighted(self.rng, PARTNER_SHARES) if fate == "referred" else None
        call = self._call(received, fate, decided, source, number, repeat, partner)
        return Story(calls=[call], events=[
            _event(received, "call_received", call=0, text=source, data={"repeat_caller": repeat}),
            _event(decided, f"call_{fate}", call=0, data={"partner": partner})])

    def _merge(self, received: int) -> bool:
        """A second caller about an incident still active: joins its story; False when none is."""
        while self.recent and self.recent[0][0] < received - MERGE_WINDOW:
            self.recent.popleft()
        decided = received + handling_seconds(self.rng, "merged")
        active = [story for _r, finished, story in self.recent if finished > decided]
        if not active:
            return False
        story = self.rng.choices(active, weights=[4 - s.incident["priority"] for s in active])[0]
        source = _weighted(self.rng, {"call_112": 0.8, "cctv": 0.2})
        number = caller_number(self.rng) if source == "call_112" else None
        story.calls.append(self._call(received, "merged", decided, source, number))
        index = len(story.calls) - 1
        story.events += [_event(received, "call_received", call=index, text=source, data={"repeat_caller": False}),
                         _event(decided, "call_merged", call=index, text="")]
        return True

    # --- an incident ----------------------------------------------------------------------------

    def _incident(self, received: int, place) -> Story:
        rng = self.rng
        code, lat, lon, kecamatan, kelurahan = place
        category = self.world.categories[code]
        source = _weighted(rng, SOURCE_SHARES)
        number = caller_number(rng) if source == "call_112" else None
        created = received + handling_seconds(rng, "incident")
        call = self._call(received, "incident", created, source, number)
        dispatches = [d for order, pair in enumerate(needed_unit_types(category))
                      if (d := self._dispatch(pair, lat, lon, created + dispatch_delay(rng, order), category))]
        if not dispatches:  # no unit of its kind in the fleet: the desk gives up after ten minutes
            cancelled = created + 600
        else:
            cancelled = self._cancel(dispatches) if rng.random() < FALSE_ALARM_SHARE else None
        times = [d for d in dispatches if d["status"] != "dropped"]
        first = {key: min((d[key] for d in times if d.get(key) is not None), default=None)
                 for key in ("dispatched_at", "en_route_at", "on_scene_at")}
        cleared = None if cancelled else max(d["cleared_at"] for d in times)
        closed = None if cancelled else cleared + close_seconds(rng)
        incident = dict(
            category_code=code, type=category.type, priority=category.priority, lat=lat, lon=lon, address=None,
            landmark=None, kecamatan_code=kecamatan, kelurahan_code=kelurahan, description="",
            casualties_injured=casualties(rng, category), casualties_dead=0,
            status="cancelled" if cancelled else "closed", source=source, response_promise_seconds=self.promise,
            received_at=_at(received), created_at=_at(created), first_dispatch_at=_at(first["dispatched_at"]),
            first_en_route_at=_at(first["en_route_at"]), first_on_scene_at=_at(first["on_scene_at"]),
            cleared_at=_at(cleared), closed_at=_at(closed), cancelled_at=_at(cancelled),
            updated_at=_at(max(t for t in (closed, cancelled, created, *(d["last"] for d in times)) if t)))
        story = Story(calls=[call], incident=incident)
        story.events += [_event(received, "call_received", call=0, text=source, data={"repeat_caller": False}),
                         _event(created, "incident_created", call=0, text=category.name,
                                data={"category_code": code, "priority": category.priority})]
        for each in times:
            story.dispatches.append(_dispatch_row(each))
            story.events += _dispatch_events(each, len(story.dispatches) - 1)
        if cancelled:
            story.events.append(_event(cancelled, "incident_cancelled", text="tidak ditemukan kejadian di lokasi",
                                       data={"called_off": [d["unit"].code for d in times
                                                            if d["status"] == "cancelled"]}))
        else:
            story.events.append(_event(closed, "incident_closed"))
        self.recent.append((received, cancelled or cleared, story))
        return story

    def _dispatch(self, pair: tuple[str, str], lat: float, lon: float, due: float, category) -> dict | None:
        """The nearest unit of `pair` free at `due` (else the one free soonest): its whole trip."""
        rng, units = self.rng, self.fleet.get(pair)
        if not units:
            return None
        free = [u for u in units if u.free_at <= due]
        unit = min(free, key=lambda u: _metres(u.lat, u.lon, lat, lon)) if free else min(units, key=lambda u: u.free_at)
        far = _metres(unit.lat, unit.lon, lat, lon)
        dispatched = max(due, unit.free_at)
        en_route = dispatched + turnout_seconds(rng, self.world.turnout(*pair))
        speed = self.world.speed_mps(*pair, _at(en_route)) / detour(rng)
        on_scene = en_route + far / speed
        cleared = on_scene + work_seconds(rng, category.priority)
        trip = dict(unit=unit, status="cleared", dispatched_at=dispatched, en_route_at=en_route, on_scene_at=on_scene,
                    cleared_at=cleared, cancelled_at=None, before=unit.free_at, last=cleared)
        unit.free_at = cleared + far / (speed * RETURN_PACE)
        return trip

    def _cancel(self, trips: list[dict]) -> float:
        """A false alarm: cancelled soon after the first unit left; units not yet there turn back
        (a unit not yet dispatched is never sent); one already on scene clears after a look."""
        at = min(t["en_route_at"] for t in trips) + 60 + self.rng.uniform(0, 120)
        for trip in trips:
            unit = trip["unit"]
            if trip["on_scene_at"] <= at:
                trip["cleared_at"] = trip["last"] = trip["on_scene_at"] + 300
                unit.free_at = trip["cleared_at"] + (trip["on_scene_at"] - trip["en_route_at"]) / RETURN_PACE
            elif trip["dispatched_at"] >= at:
                trip["status"], unit.free_at = "dropped", trip["before"]
            else:
                gone = max(at - trip["en_route_at"], 0)
                if trip["en_route_at"] > at:
                    trip["en_route_at"] = None
                trip.update(status="cancelled", on_scene_at=None, cleared_at=None, cancelled_at=at, last=at)
                unit.free_at = at + gone / RETURN_PACE
        return at


def _dispatch_row(trip: dict) -> dict:
    unit = trip["unit"]
    return dict(unit_code=unit.code, agency_code=unit.agency, unit_type=unit.unit_type, status=trip["status"],
                **{key: _at(trip[key]) for key in ("dispatched_at", "en_route_at", "on_scene_at", "cleared_at",
                                                   "cancelled_at")}, updated_at=_at(trip["last"]))


def _dispatch_events(trip: dict, index: int) -> list[dict]:
    unit = trip["unit"]
    data = {"unit_code": unit.code, "agency_code": unit.agency}
    steps = [("unit_dispatched", "dispatched_at"), ("unit_en_route", "en_route_at"), ("unit_on_scene", "on_scene_at"),
             ("unit_cleared", "cleared_at")]
    return [_event(trip[key], kind, dispatch=index, unit_code=unit.code, data=data)
            for kind, key in steps if trip[key] is not None]


def _event(at: float, kind: str, *, call: int | None = None, dispatch: int | None = None,
           unit_code: str | None = None, text: str = "", data: dict | None = None) -> dict:
    return dict(at=_at(at), kind=kind, call=call, dispatch=dispatch, unit_code=unit_code, text=text, data=data or {})


def _finished_by(story: Story, now: int) -> bool:
    """Every moment of the story lies before now (a long job near the end is left out)."""
    limit = _at(now)
    return all(event["at"] <= limit for event in story.events)


def _at(seconds: float | None) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(int(seconds), timezone.utc)


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Straight-line metres (equirectangular: exact enough within a city, and fast)."""
    dx = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return METRES_PER_DEGREE * math.hypot(lat2 - lat1, dx)
