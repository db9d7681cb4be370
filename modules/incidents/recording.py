"""One change, recorded: its timeline event (incident_events) and the change-log row of every entity
it changed, in the caller's transaction, so both commit together or neither does."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from core.changelog import record_change, take_writer_lock
from core.users import Viewer
from modules.incidents.models import Incident, IncidentCall, IncidentDispatch, IncidentEvent, IncidentUnit
from modules.incidents.snapshot import (CALL, DISPATCH, INCIDENT, OPERATION, SNAPSHOT_VERSION, UNIT, call_snapshot,
                                        dispatch_snapshot, incident_snapshot, unit_snapshot)


def begin_write(session: Session) -> None:
    """The domain's change-log lock first, before any row lock (core/changelog.py, "Lock order")."""
    take_writer_lock(session, INCIDENT)


def record(session: Session, actor: Viewer, kind: str, now: datetime, *, text: str = "",
           incident: Incident | None = None, call: IncidentCall | None = None,
           dispatch: IncidentDispatch | None = None, units: Iterable[IncidentUnit] = (),
           calls: Iterable[IncidentCall] = (), dispatches: Iterable[IncidentDispatch] = (),
           data: dict[str, Any] | None = None) -> IncidentEvent:
    """The event of one change and the snapshots of the entities it touched. `call`, `dispatch`
    and the first of `units` name the event's subject; `calls`, `dispatches` and further units
    are re-logged because a value they copy changed."""
    session.flush()  # ids of new rows, and the counts the incident snapshot reads
    acting = None if actor.role == "system" else actor.username  # the change log's actor (e-Kinerja reads it)
    units = list(units)
    event = IncidentEvent(at=now, kind=kind, actor=actor_name(actor), incident_id=incident.id if incident else None,
                          call_id=call.id if call else None, dispatch_id=dispatch.id if dispatch else None,
                          unit_code=units[0].code if units else None, text=text or "", data=data or {})
    session.add(event)
    for each in ([call] if call else []) + list(calls):
        each.updated_at = now
        owner = incident if incident is not None and each.incident_id == incident.id else \
            (session.get(Incident, each.incident_id) if each.incident_id else None)
        _log(session, CALL, each.id, call_snapshot(each, owner), acting)
    for each in ([dispatch] if dispatch else []) + list(dispatches):
        each.updated_at = now
        _log(session, DISPATCH, each.id, dispatch_snapshot(each, incident or session.get(Incident, each.incident_id)),
             acting)
    for unit in units:
        unit.updated_at = now
        _log(session, UNIT, unit.code, unit_snapshot(unit), acting)
    if incident is not None:
        incident.updated_at = now
        _log(session, INCIDENT, incident.number, incident_snapshot(session, incident), acting)
    session.flush()
    return event


def actor_name(actor: Viewer) -> str:
    return actor.username[:64]


def _log(session: Session, entity: str, entity_id, payload: dict, actor: str | None) -> None:
    record_change(session, entity, entity_id, OPERATION, payload, SNAPSHOT_VERSION, actor=actor)
