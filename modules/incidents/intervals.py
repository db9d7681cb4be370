"""The clocks of an incident and of each dispatch, and the breach of the response promise.

    call processing  first dispatch - received          (per incident)
    turnout          en_route - dispatched               (per dispatch; the incident: its first unit's)
    travel           on_scene - en_route                 (per dispatch; the incident: its first unit's)
    response         first unit on scene - received     (received: the first call's time)

An incident breaches when its response exceeds the promise (`response_promise_seconds`, set from
incidents.response_promise_minutes when it was created), or, live, when no unit is on scene yet and
received + promise is past. Seconds are whole numbers; an interval not yet complete is None."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import as_utc, now_or
from modules.incidents import workflow
from modules.incidents.models import Incident, IncidentDispatch


@dataclass(frozen=True)
class Clock:
    """Intervals in seconds (None: not reached yet) and the breach, as of `now`."""

    call_processing: int | None
    turnout: int | None
    travel: int | None
    response: int | None
    promise: int | None  # the incident's promise (None for a dispatch)
    elapsed: int  # received (dispatched, for a dispatch) to on scene, or to now while none is
    breached: bool  # the incident's response promise was broken (or is broken now)


def intervals(incident: Incident, dispatches: list[IncidentDispatch], now: datetime | None = None) -> dict:
    """{"incident": Clock, "dispatches": {dispatch id: Clock}}: one place for every clock."""
    now = now_or(now)
    return {"incident": incident_clock(incident, dispatches, now),
            "dispatches": {row.id: dispatch_clock(row, now) for row in dispatches}}


def incident_clock(incident: Incident, dispatches: list[IncidentDispatch], now: datetime | None = None) -> Clock:
    now = now_or(now)
    first = _first_on_scene(dispatches) or _first_dispatched(dispatches)
    received = incident.received_at
    response = _seconds(received, incident.first_on_scene_at)
    promise = int(incident.response_promise_seconds)
    elapsed = response if response is not None else _seconds(received, now)
    return Clock(call_processing=_seconds(received, incident.first_dispatch_at),
                 turnout=_seconds(first.dispatched_at, first.en_route_at) if first else None,
                 travel=_seconds(first.en_route_at, first.on_scene_at) if first else None,
                 response=response, promise=promise, elapsed=elapsed,
                 breached=is_breached(incident, now))


def dispatch_clock(row: IncidentDispatch, now: datetime | None = None) -> Clock:
    now = now_or(now)
    on_scene = _seconds(row.dispatched_at, row.on_scene_at)
    return Clock(call_processing=None, turnout=_seconds(row.dispatched_at, row.en_route_at),
                 travel=_seconds(row.en_route_at, row.on_scene_at), response=on_scene, promise=None,
                 elapsed=on_scene if on_scene is not None else _seconds(row.dispatched_at, row.cancelled_at or now),
                 breached=False)


def is_breached(incident: Incident, now: datetime) -> bool:
    """The one definition of a breach: the response exceeded the promise, or no unit is on scene
    and received + promise is past while the incident is active (the live breach)."""
    promise = int(incident.response_promise_seconds)
    if incident.first_on_scene_at is not None:
        return _seconds(incident.received_at, incident.first_on_scene_at) > promise
    if incident.status not in workflow.ACTIVE_INCIDENT_STATUSES:
        return False  # cancelled before a unit arrived: no response was owed any more
    return _seconds(incident.received_at, now) > promise


def breaches(session: Session, now: datetime | None = None) -> list[tuple[Incident, int]]:
    """The live breaches: active incidents with no unit on scene past received + promise, with the
    seconds past the promise, most overdue first."""
    now = now_or(now)
    rows = session.scalars(select(Incident).where(Incident.is_active,
                                                  Incident.first_on_scene_at.is_(None))).all()
    found = [(row, _seconds(row.received_at, now) - int(row.response_promise_seconds)) for row in rows]
    return sorted([(row, over) for row, over in found if over > 0], key=lambda pair: -pair[1])


def _first_on_scene(dispatches: list[IncidentDispatch]) -> IncidentDispatch | None:
    arrived = [row for row in dispatches if row.on_scene_at is not None]
    return min(arrived, key=lambda row: as_utc(row.on_scene_at)) if arrived else None


def _first_dispatched(dispatches: list[IncidentDispatch]) -> IncidentDispatch | None:
    return min(dispatches, key=lambda row: (as_utc(row.dispatched_at), row.id)) if dispatches else None


def _seconds(start: datetime | None, end: datetime | None) -> int | None:
    if start is None or end is None:
        return None
    return int((as_utc(end) - as_utc(start)).total_seconds())
