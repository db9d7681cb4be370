"""What the prober and the alerts find, turned into states, state changes and rollups.

`record_results` takes a batch of check results (the prober's sink calls it about every second in
one transaction): it adds each result to its device's minute and day rollups (upserts, one
statement per table), runs the state machine (states.py) on it, parents before children, and
records each state change (recording.py). A device whose state changes re-judges the children
waiting on it (`after_change`), so a switch going down turns the cameras behind it UNREACHABLE
in the same transaction, each with the switch as root cause and suppressor.

`mark_silent` makes UNKNOWN the probed devices without a result for `unknown_after_intervals`
intervals; `apply_external_state` is an alert's way in (Alertmanager, Zabbix, a person);
`prune_rollups` drops minute rollups past `minute_rollup_days`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import case, delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.clock import as_utc, city_time, now_or
from modules.infrastructure.errors import InfraValidationError
from modules.infrastructure.inventory import device_by_code, section_of
from modules.infrastructure.kinds import MAINTENANCE, PASSIVE, UNKNOWN, CheckResult
from modules.infrastructure.maintenance import covered_devices
from modules.infrastructure.models import (InfraDevice, InfraDeviceParent, InfraDeviceState, InfraEvent,
                                           InfraRollupDaily, InfraRollupMinute)
from modules.infrastructure.recording import apply_condition, begin_write, condition_of, open_event, write_log
from modules.infrastructure.settings import MIN_INTERVAL_SECONDS
from modules.infrastructure.states import (EXTERNAL_STATES, Parent, Rules, after_check, after_external,
                                           after_parent_change)

PROBE = "probe"
SOURCES = ("probe", "alertmanager", "zabbix", "maintenance", "manual")


@dataclass
class Recorded:
    """What one batch did: results taken, results skipped (unknown or inactive device, or inside
    a window without collection) and the state changes it opened."""

    recorded: int = 0
    skipped: int = 0
    events: list[InfraEvent] = field(default_factory=list)


# --- check results ---------------------------------------------------------------------------------

def record_results(session: Session, results: list[CheckResult], now: datetime | None = None,
                   settings=None) -> Recorded:
    """Rollups and states of a batch of results, in the caller's transaction."""
    begin_write(session)
    now, section = now_or(now), section_of(settings)
    done = Recorded()
    codes = sorted({result.code for result in results})
    devices = {d.code: d for d in session.scalars(select(InfraDevice).where(
        InfraDevice.code.in_(codes), InfraDevice.active.is_(True)))} if codes else {}
    covered = covered_devices(session, now)
    # a probe that could not run (no_data) judges nothing: a device only probed so goes UNKNOWN by silence
    taken = [r for r in results if r.code in devices and not r.no_data
             and (r.code not in covered or covered[r.code].collect)]
    done.skipped = len(results) - len(taken)
    if not taken:
        return done
    add_to_rollups(session, taken)
    graph = Graph(session, list(devices))
    for result in sorted(taken, key=lambda r: (as_utc(r.at), graph.depth(r.code), r.code)):
        device, row = devices[result.code], graph.row(result.code)
        rules = Rules(retries=device.retries, flap_high_percent=section.flap_high_percent,
                      flap_low_percent=section.flap_low_percent)
        new = after_check(condition_of(row), device.code, device.kind, result.ok, result.video,
                          graph.parents(device.code), rules, in_maintenance=result.code in covered)
        at = max(as_utc(result.at), row.since)  # a late result never rewrites what is already recorded
        source = "maintenance" if new.state == MAINTENANCE and row.state != MAINTENANCE else PROBE
        event = apply_condition(session, device, row, new, at, source, result.detail)
        row.last_check_at = at if row.last_check_at is None else max(row.last_check_at, at)
        if result.ok:
            row.last_ok_at, row.latency_ms = at, result.latency_ms
        done.recorded += 1
        if event is not None:
            done.events.append(event)
            done.events += after_change(session, device.code, at, graph)
    write_log(session)
    return done


class Graph:
    """The state rows and parents a batch needs, loaded once and kept current as the batch moves."""

    def __init__(self, session: Session, codes: list[str]):
        self.session = session
        self._parents: dict[str, list[str]] = defaultdict(list)
        self._children: dict[str, list[str]] = defaultdict(list)
        for device_code, parent_code in session.execute(select(InfraDeviceParent.device_code,
                                                               InfraDeviceParent.parent_code)
                                                        .order_by(InfraDeviceParent.parent_code)):
            self._parents[device_code].append(parent_code)
            self._children[parent_code].append(device_code)
        self._rows: dict[str, InfraDeviceState] = {}
        self._load(codes + [p for code in codes for p in self._parents.get(code, ())])
        self._depths: dict[str, int] = {}

    def _load(self, codes: list[str]) -> None:
        wanted = [code for code in set(codes) if code not in self._rows]
        if wanted:
            for row in self.session.scalars(select(InfraDeviceState).where(InfraDeviceState.device_code.in_(wanted))):
                self._rows[row.device_code] = row

    def row(self, code: str) -> InfraDeviceState:
        self._load([code])
        return self._rows[code]

    def parents(self, code: str) -> list[Parent]:
        codes = self._parents.get(code, [])
        self._load(codes)
        return [Parent(p, self._rows[p].state, self._rows[p].root_cause_code) for p in codes if p in self._rows]

    def children(self, code: str) -> list[str]:
        return sorted(self._children.get(code, ()))

    def depth(self, code: str, seen: frozenset = frozenset()) -> int:
        """Levels of parents above the device (0 for a root): parents are judged first."""
        if code not in self._depths:
            parents = [p for p in self._parents.get(code, ()) if p not in seen]
            self._depths[code] = 1 + max((self.depth(p, seen | {code}) for p in parents), default=-1)
        return self._depths[code]


def after_change(session: Session, code: str, at: datetime, graph: Graph | None = None) -> list[InfraEvent]:
    """The children of a device whose state changed, re-judged against their parents now (and
    theirs in turn): the state changes this made."""
    graph = graph or Graph(session, [code])
    events: list[InfraEvent] = []
    queue, seen = [code], {code}
    while queue:
        parent = queue.pop(0)
        for child in graph.children(parent):
            if child in seen:
                continue
            device = session.get(InfraDevice, child)
            if device is None or not device.active:
                continue
            row = graph.row(child)
            new = after_parent_change(condition_of(row), child, graph.parents(child), device.retries)
            event = apply_condition(session, device, row, new, at, PROBE, f"parent {parent} changed")
            if event is not None:
                events.append(event)
                seen.add(child)
                queue.append(child)
    return events


def add_to_rollups(session: Session, results: list[CheckResult]) -> None:
    """Each result counted in its device's minute (UTC) and day (WIB) rollup: insert or add."""
    minutes: dict[tuple, list[float]] = {}
    days: dict[tuple, list[float]] = {}
    for result in results:
        at = as_utc(result.at)
        for table, key in ((minutes, (result.code, at.replace(second=0, microsecond=0))),
                           (days, (result.code, city_time(at).date()))):
            counts = table.setdefault(key, [0, 0, 0.0, 0.0])
            counts[0] += 1
            if result.ok:
                latency = float(result.latency_ms or 0.0)
                counts[1] += 1
                counts[2] += latency
                counts[3] = max(counts[3], latency)
    _upsert(session, InfraRollupMinute, "minute", minutes)
    _upsert(session, InfraRollupDaily, "day", days)


def _upsert(session: Session, model, time_key: str, counts: dict[tuple, list[float]]) -> None:
    table = model.__table__
    rows = [{"device_code": code, time_key: moment, "checks": c[0], "successes": c[1], "latency_sum_ms": c[2],
             "latency_max_ms": c[3]} for (code, moment), c in counts.items()]
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(table)  # one statement for every row (executemany): compiled once, cached
    new = statement.excluded
    statement = statement.on_conflict_do_update(index_elements=["device_code", time_key], set_={
        "checks": table.c.checks + new.checks,
        "successes": table.c.successes + new.successes,
        "latency_sum_ms": table.c.latency_sum_ms + new.latency_sum_ms,
        "latency_max_ms": case((new.latency_max_ms > table.c.latency_max_ms, new.latency_max_ms),
                               else_=table.c.latency_max_ms),
    })
    session.execute(statement, rows)


# --- silence, alerts, pruning -------------------------------------------------------------------------

def mark_silent(session: Session, now: datetime | None = None, settings=None) -> list[InfraEvent]:
    """Probed devices without a result for `unknown_after_intervals` of their intervals: UNKNOWN."""
    begin_write(session)
    now, section = now_or(now), section_of(settings)
    intervals = section.unknown_after_intervals
    earliest = now - timedelta(seconds=intervals * MIN_INTERVAL_SECONDS)
    rows = session.execute(select(InfraDevice, InfraDeviceState).join(
        InfraDeviceState, InfraDeviceState.device_code == InfraDevice.code).where(
        InfraDevice.active.is_(True), InfraDevice.probe != PASSIVE,
        InfraDeviceState.state.not_in((UNKNOWN, MAINTENANCE)),
        or_(InfraDeviceState.last_check_at.is_(None), InfraDeviceState.last_check_at < earliest))).all()
    events = []
    graph = Graph(session, [device.code for device, _row in rows]) if rows else None
    for device, row in rows:
        last = max(filter(None, (row.last_check_at, row.since)))
        if now - last < timedelta(seconds=intervals * device.interval_seconds):
            continue
        new = replace(condition_of(row), state=UNKNOWN, root_cause_code=None, suppressed_by=None)
        events.append(open_event(session, device, row, new, now, PROBE, f"no result for {intervals} intervals"))
        events += after_change(session, device.code, now, graph)
    write_log(session)
    return events


def apply_external_state(session: Session, device_code: str, state: str, at: datetime | None, source: str,
                         detail: str = "") -> InfraEvent | None:
    """An alert's verdict on a device (state in states.EXTERNAL_STATES; source one of SOURCES), as
    a check would change it: the state change (or None) with its children re-judged."""
    begin_write(session)
    if state not in EXTERNAL_STATES:
        raise InfraValidationError("state", "infra_external_state", value=state, known=", ".join(EXTERNAL_STATES))
    if source not in SOURCES:
        raise InfraValidationError("source", "infra_unknown_choice", value=source, known=", ".join(SOURCES))
    device = device_by_code(session, device_code)
    graph = Graph(session, [device.code])
    row = graph.row(device.code)
    at = max(now_or(at), row.since)
    new = after_external(condition_of(row), device.code, state, graph.parents(device.code),
                         in_maintenance=device.code in covered_devices(session, at))
    event = apply_condition(session, device, row, new, at, source, detail)
    if event is not None:
        after_change(session, device.code, at, graph)
    write_log(session)
    return event


def prune_rollups(session: Session, now: datetime | None = None, settings=None) -> int:
    """Deletes minute rollups older than `minute_rollup_days`; returns how many."""
    cutoff = now_or(now) - timedelta(days=section_of(settings).minute_rollup_days)
    return session.execute(delete(InfraRollupMinute).where(InfraRollupMinute.minute < cutoff)).rowcount or 0
