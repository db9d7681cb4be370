"""History of the city's infrastructure through a bulk path: the demo's last weeks
(`fill_demo_history`, on the first `make run`, after the demo inventory) and city scale
(`city_seed`: the full demo inventory and a year of state changes and rollups; `python -m bench
--domain infrastructure`).

Probing 2,600 devices for a year through the prober and the state machine would take a year; the
history is drawn instead, with the shapes the live fleet has (simulator/infrastructure_fleet.py):
each device fails on its own at its kind's rate (cameras lose power or their stream, links are cut,
switches reboot), a failure passes through PENDING (its retries) to DOWN, a camera may stay up
without video (NO_VIDEO), some devices flap for an hour, some are under maintenance; a device whose
every parent hides it (DOWN or UNREACHABLE) is UNREACHABLE for that time, with its parents' root
cause and the parent that hides it, so an access switch down shows its cameras hidden behind it.
A few devices are unreliable (four times the rate): the blind spots and the vendors below their SLA.

Written with their change-log rows (one `infrastructure_event` snapshot per state change, the
registration events re-logged with their new end), the daily rollups of every day and the minute
rollups of the last `minute_rollup_days`, in chunks (core.bulk: COPY on PostgreSQL); the device
states table ends as each device's last event says. The same seed gives the same history.
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import numpy as np
from sqlalchemy import bindparam, func, select, update
from tqdm import tqdm

from core.bulk import advance_id_sequence, analyze, append_columns, append_rows
from core.changelog import record_changes_bulk
from core.clock import CITY_OFFSET
from core.db import Databases
from core.settings import Settings
from modules.infrastructure.kinds import (CAMERA, DOWN, FIBRE, HIDING_STATES, HOST, MAINTENANCE, NO_VIDEO, PASSIVE,
                                          PENDING, SERVICE, SWITCH, UNKNOWN, UNREACHABLE, UP, VPN, WIRELESS)
from modules.infrastructure.models import (InfraDevice, InfraDeviceParent, InfraDeviceState, InfraEvent,
                                           InfraMaintenance, InfraRollupDaily, InfraRollupMinute)
from modules.infrastructure.snapshot import EVENT, OPERATION, SNAPSHOT_VERSION

CITY_DEVICES = 2_593          # the demo inventory with its 2,200 cameras (domains/infrastructure.py)
CITY_CAMERAS = 2_200
CITY_YEARS = 1.0
DEMO_DAYS = 35
DEMO_MINUTE_HOURS = 6         # the demo's minute rollups: its first start stays quick (the city seeder writes them all)
ACTOR = "system:simulator"
FIRST_CHECK_SECONDS = 60      # a registered device's first result: its UNKNOWN ends here
EVENT_CHUNK = 50_000          # events (and their change rows) per transaction
ROLLUP_DEVICES = 200          # devices per transaction of rollups
UNRELIABLE_SHARE = 0.05       # devices failing four times as often
FLAPPING_SHARE = 0.03         # devices with an hour of flapping somewhere in the history
YEAR = 365 * 86400
WIB = int(CITY_OFFSET.total_seconds())


@dataclass(frozen=True)
class FailureKind:
    """Own failures of a device kind: how many a year, their median length and spread (lognormal)."""

    state: str
    per_year: float
    median_seconds: float
    sigma: float = 1.0


# What fails how often, by kind (demo figures in the range DOMAINS.md gives: a camera down about
# once a month for a few hours, a fibre cut rarer and longer, a radio link oftener and shorter).
FAILURES = {
    CAMERA: (FailureKind(DOWN, 10, 3 * 3600), FailureKind(NO_VIDEO, 6, 1.5 * 3600)),
    "access": (FailureKind(DOWN, 4, 1.5 * 3600),),
    SWITCH: (FailureKind(DOWN, 1, 40 * 60, 0.7),),
    FIBRE: (FailureKind(DOWN, 1.5, 4 * 3600, 0.8),),
    WIRELESS: (FailureKind(DOWN, 6, 1 * 3600),),
    VPN: (FailureKind(DOWN, 8, 1 * 3600),),
    HOST: (FailureKind(DOWN, 2, 30 * 60),),
    SERVICE: (FailureKind(DOWN, 6, 20 * 60),),
}
MAINTENANCE_PER_YEAR = {CAMERA: 1.0, "access": 1.0, HOST: 4.0, SERVICE: 2.0}
MAINTENANCE_HOURS = (1.0, 4.0)
LATENCY_MS = {CAMERA: 25.0, SWITCH: 2.0, FIBRE: 1.5, WIRELESS: 8.0, VPN: 20.0, HOST: 5.0, SERVICE: 40.0}
DETAILS = {DOWN: ("connection refused", "timeout"), NO_VIDEO: ("RTSP 503", "SDP without video")}


@dataclass
class Device:
    code: str
    kind: str
    probe: str
    interval: int
    retries: int
    parents: list[str]
    registered_event: int
    own: list[tuple] = field(default_factory=list)      # (start, end, state, detail) of its own doing
    segments: list[tuple] = field(default_factory=list)  # (start, end, state, root, suppressed, source, detail)

    @property
    def family(self) -> str:
        """Its failure figures' key: access switches fail like the boxes in the street they are."""
        return "access" if self.code.startswith("SW-ACC") else self.kind


def city_seed(databases: Databases, settings: Settings, count: int = CITY_DEVICES, years: float = CITY_YEARS,
              seed: int = 2026, now: datetime | None = None, progress: bool = True) -> int:
    """The demo inventory grown or shrunk to about `count` devices (its cameras scaled), registered
    `years` ago, and its history since; nothing if devices exist. Returns the state changes written."""
    from modules.infrastructure import service
    from simulator.infrastructure_inventory import demo_inventory, write_csv

    now = (now or datetime.now(timezone.utc)).replace(microsecond=0)
    start = now - timedelta(seconds=round(years * YEAR))
    cameras = max(1, round(CITY_CAMERAS * count / CITY_DEVICES))
    with databases.transaction() as session:
        if session.scalar(select(func.count()).select_from(InfraDevice)):
            return 0
        service.import_csv(session, service.system_actor("simulator"), write_csv(demo_inventory(cameras=cameras)),
                           settings, now=start)
    written = seed_history(databases, settings, start, now, seed=seed, progress=progress)
    analyze(databases.engine)
    return written


def fill_demo_history(services) -> int:
    """`DEMO_DAYS` of history before now for the demo inventory (chained after it on the first
    `make run`), if the devices have none yet; returns the state changes written."""
    now = datetime.now(timezone.utc).replace(microsecond=0)
    return seed_history(services.databases, services.settings, now - timedelta(days=DEMO_DAYS), now, progress=False,
                        minute_hours=DEMO_MINUTE_HOURS)


def seed_history(databases: Databases, settings: Settings, start: datetime, now: datetime, seed: int = 2026,
                 progress: bool = True, minute_hours: float | None = None) -> int:
    """The history of every registered device from `start` to `now`, when every device still has
    only its registration event; returns the state changes written (0 when there is history).
    Minute rollups cover the last `minute_hours` (default: all the `minute_rollup_days` kept)."""
    with databases.session() as session:
        devices = _load_devices(session)
        if not devices or session.scalar(select(func.count()).select_from(InfraEvent)) != len(devices):
            return 0
    begin, end = int(start.timestamp()), int(now.timestamp())
    draw_history(devices, begin, end, random.Random(seed))
    events = _numbered_events(devices, _next_event_id(databases))
    probed = sum(1 for device in devices.values() if device.segments and device.probe != PASSIVE)
    with tqdm(total=len(events) + probed, desc="infrastructure history", unit="events and devices",
              disable=not progress, smoothing=0.05) as bar:
        _write_events(databases, devices, events, begin, bar)
        _write_states_and_windows(databases, devices, events, end)
        minutes = minute_hours * 3600 if minute_hours is not None else \
            settings.infrastructure.minute_rollup_days * 86400
        _write_rollups(databases, devices, begin, end, int(minutes), np.random.default_rng(seed), bar)
    return len(events)


# --- drawing ---------------------------------------------------------------------------------------------------

def draw_history(devices: dict[str, Device], begin: int, end: int, rng: random.Random) -> None:
    """Each device's own failures, then its effective timeline, parents first (the inventory's order)."""
    first = begin + FIRST_CHECK_SECONDS
    for device in devices.values():
        device.own = _own_failures(device, first, end, rng)
    hiding: dict[str, list[tuple[int, int, str]]] = {}
    for device in devices.values():
        hidden = _hidden_by_parents(device, hiding)
        device.segments = _effective(device, first, end, hidden)
        hiding[device.code] = [(s, e, root or device.code) for s, e, state, root, *_rest in device.segments
                               if state in HIDING_STATES]


def _own_failures(device: Device, first: int, end: int, rng: random.Random) -> list[tuple]:
    """(start, end, state, detail) of the device's own failures and maintenance, sorted, apart."""
    span = end - first
    factor = 4.0 if rng.random() < UNRELIABLE_SHARE else 1.0
    drawn = []
    source = "zabbix" if device.probe == PASSIVE else "probe"
    for failure in FAILURES.get(device.family, FAILURES.get(device.kind, ())):
        for _ in range(_poisson(rng, failure.per_year * factor * span / YEAR)):
            length = min(5 * 86400, max(300, rng.lognormvariate(np.log(failure.median_seconds), failure.sigma)))
            drawn.append((rng.uniform(first, end), length, failure.state, rng.choice(DETAILS[failure.state])))
    for _ in range(_poisson(rng, MAINTENANCE_PER_YEAR.get(device.family, 0.0) * span / YEAR)):
        drawn.append((rng.uniform(first, end), rng.uniform(*MAINTENANCE_HOURS) * 3600, MAINTENANCE,
                      "maintenance window"))
    if device.kind in (CAMERA, WIRELESS, VPN) and rng.random() < FLAPPING_SHARE:
        at = rng.uniform(first, max(first, end - 2 * 3600))
        for _ in range(rng.randint(6, 12)):  # an hour of a loose connector: down a few minutes, up a few
            down = rng.uniform(3, 6) * 60
            drawn.append((at, down, DOWN, "timeout"))
            at += down + rng.uniform(4, 8) * 60
    own, last_end = [], first
    for at, length, state, detail in sorted(drawn):
        at = int(max(at, last_end + device.interval))
        stop = min(end, int(at + length))
        if at >= stop:
            continue
        if state == DOWN and source == "probe":  # the retries first: PENDING until they are used up
            pending = min(stop, at + (device.retries - 1) * device.interval)
            own.append((at, pending, PENDING, detail))
            at = pending
        if at < stop:
            own.append((at, stop, state, detail))
        last_end = stop
    return own


def _poisson(rng: random.Random, mean: float) -> int:
    count, total = 0, rng.expovariate(1.0)
    while total < mean:
        count += 1
        total += rng.expovariate(1.0)
    return count


def _hidden_by_parents(device: Device, hiding: dict[str, list[tuple[int, int, str]]]) -> list[tuple]:
    """The times every parent hides the device: (start, end, root cause, the parent hiding it),
    the first parent's root cause (as the state machine names it)."""
    if not device.parents:
        return []
    first, *others = sorted(device.parents)
    found = [(s, e, root, first) for s, e, root in hiding.get(first, [])]
    for other in others:
        found = _intersect(found, hiding.get(other, []))
    return found


def _intersect(left: list[tuple], right: list[tuple]) -> list[tuple]:
    out, j = [], 0
    for s, e, *rest in left:
        while j < len(right) and right[j][1] <= s:
            j += 1
        k = j
        while k < len(right) and right[k][0] < e:
            lo, hi = max(s, right[k][0]), min(e, right[k][1])
            if lo < hi:
                out.append((lo, hi, *rest))
            k += 1
    return out


def _effective(device: Device, first: int, end: int, hidden: list[tuple]) -> list[tuple]:
    """(start, end, state, root cause, suppressed by, source, detail) from `first` to `end`, merged.
    Maintenance wins over everything, then a hiding parent (UNREACHABLE), then the own state."""
    cuts = sorted({first, end, *(t for s, e, *_ in device.own for t in (s, e)),
                   *(t for s, e, *_ in hidden for t in (s, e))})
    own_starts, hidden_starts = [o[0] for o in device.own], [h[0] for h in hidden]
    source = "zabbix" if device.probe == PASSIVE else "probe"
    segments: list[list] = []
    for lo, hi in zip(cuts, cuts[1:]):
        if not first <= lo < hi <= end:
            continue
        own = _covering(device.own, own_starts, lo)
        hider = _covering(hidden, hidden_starts, lo)
        if own is not None and own[2] == MAINTENANCE:
            value = (MAINTENANCE, None, None, "maintenance", own[3])
        elif hider is not None:
            value = (UNREACHABLE, hider[2], hider[3], source, f"parent {hider[3]} changed")
        elif own is not None:
            root = device.code if own[2] in (DOWN, NO_VIDEO) else None
            value = (own[2], root, None, source, own[3])
        else:
            value = (UP, None, None, source, "")
        if segments and tuple(segments[-1][2:5]) == value[:3]:
            segments[-1][1] = hi
        else:
            segments.append([lo, hi, *value])
    return [tuple(s) for s in segments]


def _covering(spans: list[tuple], starts: list[int], at: int):
    index = bisect.bisect_right(starts, at) - 1
    return spans[index] if index >= 0 and spans[index][0] <= at < spans[index][1] else None


def _numbered_events(devices: dict[str, Device], first_id: int) -> list[tuple]:
    """Every drawn state change, in time order, numbered from `first_id`: (id, device, segment)."""
    ordered = sorted(((segment[0], device.code, segment) for device in devices.values()
                      for segment in device.segments), key=lambda item: (item[0], item[1]))
    return [(first_id + index, devices[code], segment) for index, (_at, code, segment) in enumerate(ordered)]


# --- writing ---------------------------------------------------------------------------------------------------

EVENT_COLUMNS = ("id", "device_code", "state", "started_at", "ended_at", "root_cause_code", "suppressed_by", "source",
                 "detail")


def _write_events(databases: Databases, devices: dict[str, Device], events: list[tuple], begin: int, bar) -> None:
    """The registration events closed at the first check, then the drawn events in chunks, each
    with its change rows (the last segment of a device stays open)."""
    from modules.infrastructure.recording import begin_write

    first = _at(begin + FIRST_CHECK_SECONDS)
    with databases.transaction() as session:
        begin_write(session)
        session.execute(update(InfraEvent).values(started_at=_at(begin), ended_at=first))
        record_changes_bulk(session, [_change(device.registered_event, device, UNKNOWN, _at(begin), first, None, None,
                                              "manual", "registered") for device in devices.values()])
    last_start = {device.code: device.segments[-1][0] for device in devices.values() if device.segments}
    for chunk_start in range(0, len(events), EVENT_CHUNK):
        chunk = events[chunk_start:chunk_start + EVENT_CHUNK]
        rows, changes = [], []
        for event_id, device, (lo, hi, state, root, suppressed, source, detail) in chunk:
            ended = None if last_start[device.code] == lo else _at(hi)
            rows.append((event_id, device.code, state, _at(lo), ended, root, suppressed, source, detail))
            changes.append(_change(event_id, device, state, _at(lo), ended, root, suppressed, source, detail))
        with databases.transaction() as session:
            begin_write(session)
            append_rows(session, InfraEvent.__table__, EVENT_COLUMNS, rows)
            record_changes_bulk(session, changes)
            advance_id_sequence(session, InfraEvent.__tablename__)
        bar.update(len(chunk))


def _change(event_id: int, device: Device, state: str, started, ended, root, suppressed, source, detail) -> dict:
    """The change row of one event, the snapshot snapshot.event_snapshot writes (the same keys)."""
    from core.clock import iso_utc

    payload = dict(id=event_id, device_code=device.code, kind=device.kind, state=state, started_at=iso_utc(started),
                   ended_at=iso_utc(ended), root_cause_code=root, suppressed_by=suppressed, source=source,
                   detail=detail)
    return dict(entity=EVENT, entity_id=event_id, operation=OPERATION, payload=payload,
                schema_version=SNAPSHOT_VERSION)


def _write_states_and_windows(databases: Databases, devices: dict[str, Device], events: list[tuple],
                              end: int) -> None:
    """Each device's state row as its last event says, and the drawn maintenance windows (one-off)."""
    from modules.infrastructure.recording import begin_write

    open_ids = {device.code: event_id for event_id, device, segment in events if segment[0] == device.segments[-1][0]}
    states, windows = [], []
    for device in devices.values():
        if not device.segments:
            continue
        lo, _hi, state, root, suppressed, _source, _detail = device.segments[-1]
        failing = state in (DOWN, PENDING, UNREACHABLE)
        last_ok = max((s[1] for s in device.segments if s[2] in (UP, NO_VIDEO)), default=None)
        states.append(dict(code=device.code, state=state, since=_at(lo), last_check_at=_at(end),
                           last_ok_at=_at(end) if not failing else (_at(last_ok) if last_ok else None),
                           attempts=device.retries if failing else 0,
                           recent=("0" if failing else "1") * 21, root=root, suppressed=suppressed,
                           open_event=open_ids[device.code]))
        windows += [(device.code, _at(s), _at(e), "none", False, False, "Pemeliharaan terjadwal (demo)", ACTOR,
                     _at(s - 86400)) for s, e, state, _d in device.own if state == MAINTENANCE]
    table = InfraDeviceState.__table__
    statement = (update(table).where(table.c.device_code == bindparam("code"))
                 .values(state=bindparam("state"), since=bindparam("since"), last_check_at=bindparam("last_check_at"),
                         last_ok_at=bindparam("last_ok_at"), attempts=bindparam("attempts"),
                         recent=bindparam("recent"), flapping=False, flap_percent=0.0,
                         root_cause_code=bindparam("root"), suppressed_by=bindparam("suppressed"),
                         open_event_id=bindparam("open_event")))
    with databases.transaction() as session:
        begin_write(session)
        session.connection().execute(statement, states)
        append_rows(session, InfraMaintenance.__table__,
                    ("device_code", "starts_at", "ends_at", "recurrence", "collect", "include_children", "reason",
                     "created_by", "created_at"), windows)


def _write_rollups(databases: Databases, devices: dict[str, Device], begin: int, end: int, minute_seconds: int,
                   numbers: np.random.Generator, bar) -> None:
    """Daily rollups of every WIB day, minute rollups of the last `minute_seconds`: a check every
    interval while the device is probed (not in maintenance), a success while it answers."""
    first_day = (begin + WIB) // 86400
    day_edges = np.arange(first_day, (end + WIB) // 86400 + 2, dtype=np.int64) * 86400 - WIB
    minute_edges = np.arange(max(begin, end - minute_seconds) // 60 * 60, end // 60 * 60 + 61, 60, dtype=np.int64)
    probed = [device for device in devices.values() if device.segments and device.probe != PASSIVE]
    for chunk_start in range(0, len(probed), ROLLUP_DEVICES):
        chunk = probed[chunk_start:chunk_start + ROLLUP_DEVICES]
        daily = _rollup_columns(chunk, day_edges, numbers,
                                lambda edges: (edges // 86400).astype("datetime64[D]").astype(object), shift=WIB)
        minutes = _rollup_columns(chunk, minute_edges, numbers, lambda edges: edges.astype("datetime64[s]"))
        with databases.transaction() as session:
            append_columns(session, InfraRollupDaily.__table__, rollup_names("day"), daily)
            append_columns(session, InfraRollupMinute.__table__, rollup_names("minute"), minutes)
        bar.update(len(chunk))


def rollup_names(time_key: str) -> tuple[str, ...]:
    """The columns written of either rollup table (`day` or `minute`)."""
    return ("device_code", time_key, "checks", "successes", "latency_sum_ms", "latency_max_ms")


def _rollup_columns(devices: list[Device], edges: np.ndarray, numbers: np.random.Generator, label, shift: int = 0):
    """Column arrays of the rollup rows between consecutive `edges` (epoch seconds) with a check."""
    codes, keys, checks, successes, sums, maxima = [], [], [], [], [], []
    for device in devices:
        lo = np.array([s[0] for s in device.segments], dtype=np.int64)
        hi = np.array([s[1] for s in device.segments], dtype=np.int64)
        states = [s[2] for s in device.segments]
        probed = np.array([state != MAINTENANCE for state in states])
        answered = np.array([state in (UP, NO_VIDEO) for state in states])
        checked = _seconds_between(edges, lo, hi, probed) / device.interval
        ok = _seconds_between(edges, lo, hi, answered) / device.interval
        count = np.floor(checked + 0.5).astype(np.int64)
        success = np.minimum(np.floor(ok + 0.5).astype(np.int64), count)
        keep = count > 0
        base = LATENCY_MS.get(device.kind, 10.0) * numbers.uniform(0.6, 1.6)
        mean = base * numbers.uniform(0.9, 1.1, keep.sum())
        codes.append(np.full(keep.sum(), device.code, dtype=object))
        keys.append(label(edges[:-1][keep] + shift))
        checks.append(count[keep])
        successes.append(success[keep])
        sums.append(np.round(success[keep] * mean, 1))
        maxima.append(np.where(success[keep] > 0, np.round(mean * numbers.uniform(1.5, 6.0, keep.sum()), 1), 0.0))
    joined = [np.concatenate(part) for part in (codes, keys, checks, successes, sums, maxima)]
    return [joined[0], joined[1], joined[2].tolist(), joined[3].tolist(), joined[4].tolist(), joined[5].tolist()]


def _seconds_between(edges: np.ndarray, lo: np.ndarray, hi: np.ndarray, counted: np.ndarray) -> np.ndarray:
    """Seconds of the counted segments between consecutive edges (cumulative time, interpolated)."""
    points = np.concatenate([lo[:1], hi])
    cumulative = np.concatenate([[0], np.cumsum(np.where(counted, hi - lo, 0))]).astype(float)
    return np.diff(np.interp(edges, points, cumulative))


# --- helpers ---------------------------------------------------------------------------------------------------

def _load_devices(session) -> dict[str, Device]:
    """The active devices, parents before children (depth order), with their registration event."""
    parents: dict[str, list[str]] = {}
    for child, parent in session.execute(select(InfraDeviceParent.device_code, InfraDeviceParent.parent_code)):
        parents.setdefault(child, []).append(parent)
    registered = dict(session.execute(select(InfraEvent.device_code, func.min(InfraEvent.id))
                                      .group_by(InfraEvent.device_code)).all())
    rows = session.execute(select(InfraDevice.code, InfraDevice.kind, InfraDevice.probe, InfraDevice.interval_seconds,
                                  InfraDevice.retries).where(InfraDevice.active.is_(True))
                           .order_by(InfraDevice.code)).all()
    found = {code: Device(code, kind, probe, int(interval), int(retries), sorted(parents.get(code, [])),
                          registered.get(code)) for code, kind, probe, interval, retries in rows}
    depth: dict[str, int] = {}

    def level(code: str, seen: frozenset = frozenset()) -> int:
        if code not in depth:
            above = [p for p in found[code].parents if p in found and p not in seen]
            depth[code] = 1 + max((level(p, seen | {code}) for p in above), default=-1)
        return depth[code]

    return {code: found[code] for code in sorted(found, key=lambda c: (level(c), c))
            if found[code].registered_event is not None}


def _next_event_id(databases: Databases) -> int:
    with databases.engine.connect() as connection:
        return int(connection.scalar(select(func.coalesce(func.max(InfraEvent.id), 0)))) + 1


def _at(seconds: int) -> datetime:
    return datetime.fromtimestamp(int(seconds), tz=timezone.utc)
