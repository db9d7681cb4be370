"""Many finished incidents at once (seeders): the calls, incidents, dispatches and timeline events of
a stretch of history, with their incident numbers and the change-log row of every call, incident and
dispatch (its final snapshot, operation "upsert", as the service would have left it).

Trusted input, in its final state: a seeder's `Story` rows, checked only for what would break the
tables (codes, lifecycle values). Rows are appended with core.bulk (COPY on PostgreSQL) inside the
caller's transaction, with ids given here (the domain's writer lock is held, so no other writer of
the domain takes one meanwhile); units are left as they are (history ends with every unit back).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from core.bulk import append_rows
from core.changelog import record_changes_bulk
from core.settings import Settings
from core.tickets import allocate_numbers, format_ticket, ticket_period
from modules.incidents import workflow
from modules.incidents.callers import caller_hash
from modules.incidents.calls import PREFIX
from modules.incidents.models import Incident, IncidentCall, IncidentCounter, IncidentDispatch, IncidentEvent
from modules.incidents.recording import begin_write
from modules.incidents.snapshot import (CALL, DISPATCH, INCIDENT, INCIDENT_KEYS, INCIDENT_TIMES, OPERATION,
                                        SNAPSHOT_VERSION, call_snapshot, dispatch_snapshot, iso_utc)

CALL_COLUMNS = ("id", "received_at", "answered_at", "caller_number", "caller_hash", "repeat_caller", "source",
                "camera_id", "post_code", "complaint_ticket", "outcome", "partner", "incident_id", "operator",
                "updated_at")
INCIDENT_COLUMNS = ("id", "number", "category_code", "type", "priority", "lat", "lon", "address", "landmark",
                    "kecamatan_code", "kelurahan_code", "description", "casualties_injured", "casualties_dead",
                    "status", "source", "response_promise_seconds", *INCIDENT_TIMES, "updated_at")
DISPATCH_COLUMNS = ("id", "incident_id", "unit_code", "agency_code", "unit_type", "status", "dispatched_at",
                    "en_route_at", "on_scene_at", "cleared_at", "cancelled_at", "updated_at")
EVENT_COLUMNS = ("at", "kind", "actor", "incident_id", "call_id", "dispatch_id", "unit_code", "text", "data")


@dataclass
class Story:
    """One call's story, or one incident's with every call and dispatch behind it. `calls`,
    `dispatches`: column dicts without ids; `events`: dicts of at, kind, text, data, unit_code and
    `call` / `dispatch` (an index into this story's lists, or None). `incident`: column dicts
    without id and number (None for a call that made no incident)."""

    calls: list[dict[str, Any]]
    incident: dict[str, Any] | None = None
    dispatches: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)


def bulk_insert_stories(session: Session, stories: list[Story], settings: Settings,
                        actor_name: str = "system:import") -> dict[str, int]:
    """Writes the stories; returns the rows written per table (and "change_log")."""
    begin_write(session)
    for story in stories:
        _check(story)
    ids = {model: _next_id(session, model) for model in (Incident, IncidentCall, IncidentDispatch)}
    numbers = _numbers(session, [s.incident for s in stories if s.incident is not None])
    calls, incidents, dispatches, events, changes = [], [], [], [], []
    for story in stories:
        incident = None
        if story.incident is not None:
            incident = dict(story.incident, id=ids[Incident], number=numbers[id(story.incident)])
            ids[Incident] += 1
        call_ids = list(range(ids[IncidentCall], ids[IncidentCall] + len(story.calls)))
        dispatch_ids = list(range(ids[IncidentDispatch], ids[IncidentDispatch] + len(story.dispatches)))
        ids[IncidentCall] += len(call_ids)
        ids[IncidentDispatch] += len(dispatch_ids)
        owner = SimpleNamespace(**incident) if incident else None
        for call_id, call in zip(call_ids, story.calls):
            row = dict(call, id=call_id, incident_id=incident["id"] if incident else None, operator=actor_name,
                       caller_hash=caller_hash(settings, call.get("caller_number")))
            calls.append(row)
            changes.append((CALL, call_id, call_snapshot(SimpleNamespace(**row), owner)))
        for dispatch_id, each in zip(dispatch_ids, story.dispatches):
            row = dict(each, id=dispatch_id, incident_id=incident["id"])
            dispatches.append(row)
            changes.append((DISPATCH, dispatch_id, dispatch_snapshot(SimpleNamespace(**row), owner)))
        if incident is not None:
            incidents.append(incident)
            changes.append((INCIDENT, incident["number"], _incident_snapshot(incident, story)))
        for event in story.events:
            events.append((event["at"], event["kind"], actor_name, incident["id"] if incident else None,
                           None if event.get("call") is None else call_ids[event["call"]],
                           None if event.get("dispatch") is None else dispatch_ids[event["dispatch"]],
                           event.get("unit_code"), event.get("text", ""), event.get("data") or {}))
    written = {
        Incident.__tablename__: _append(session, Incident, INCIDENT_COLUMNS, incidents),
        IncidentCall.__tablename__: _append(session, IncidentCall, CALL_COLUMNS, calls),
        IncidentDispatch.__tablename__: _append(session, IncidentDispatch, DISPATCH_COLUMNS, dispatches),
        IncidentEvent.__tablename__: append_rows(session, IncidentEvent.__table__, EVENT_COLUMNS, events),
    }
    record_changes_bulk(session, [dict(entity=entity, entity_id=key, operation=OPERATION, payload=payload,
                                       schema_version=SNAPSHOT_VERSION) for entity, key, payload in changes])
    _advance_sequences(session)
    return written | {"change_log": len(changes)}


def _check(story: Story) -> None:
    """What would break the tables or the read side's contract; a seeder's bug, said plainly."""
    for call in story.calls:
        if call["outcome"] not in workflow.CALL_OUTCOMES or call["source"] not in workflow.CALL_SOURCES:
            raise ValueError(f"bulk call: outcome {call['outcome']!r}, source {call['source']!r}")
        if (call["outcome"] in ("incident", "merged")) != (story.incident is not None):
            raise ValueError(f"bulk call: outcome {call['outcome']!r} with incident {story.incident is not None}")
    if story.incident is not None and story.incident["status"] not in workflow.INCIDENT_STATUSES:
        raise ValueError(f"bulk incident: status {story.incident['status']!r}")
    for each in story.dispatches:
        if each["status"] not in workflow.DISPATCH_STATUSES:
            raise ValueError(f"bulk dispatch: status {each['status']!r}")


def _incident_snapshot(incident: dict, story: Story) -> dict[str, Any]:
    """snapshot.incident_snapshot's dict, from the story instead of queries (the same keys and values)."""
    found = {key: incident[key] for key in ("number", "status", "category_code", "type", "kecamatan_code",
                                             "kelurahan_code", "source")}
    found |= {key: iso_utc(incident[key]) for key in INCIDENT_TIMES}
    found |= dict(priority=int(incident["priority"]),
                  lat=None if incident["lat"] is None else float(incident["lat"]),
                  lon=None if incident["lon"] is None else float(incident["lon"]),
                  agencies=sorted({d["agency_code"] for d in story.dispatches}),
                  units_dispatched=len(story.dispatches), calls=len(story.calls),
                  casualties_injured=int(incident["casualties_injured"]),
                  casualties_dead=int(incident["casualties_dead"]),
                  response_promise_seconds=int(incident["response_promise_seconds"]))
    return {key: found[key] for key in INCIDENT_KEYS}


def _numbers(session: Session, incidents: list[dict]) -> dict[int, str]:
    """INS-<yymm>-<n> for each incident (by its dict's id()), numbered per month in received order."""
    by_period: dict[str, list[dict]] = defaultdict(list)
    for incident in sorted(incidents, key=lambda row: row["received_at"]):
        by_period[ticket_period(incident["received_at"])].append(incident)
    found = {}
    for period, rows in by_period.items():
        for row, number in zip(rows, allocate_numbers(session, IncidentCounter.__table__, period, len(rows))):
            found[id(row)] = format_ticket(PREFIX, period, number)
    return found


def _next_id(session: Session, model) -> int:
    return int(session.scalar(select(func.coalesce(func.max(model.id), 0)))) + 1


def _append(session: Session, model, columns: tuple[str, ...], rows: list[dict]) -> int:
    return append_rows(session, model.__table__, columns, [[row.get(c) for c in columns] for row in rows])


def _advance_sequences(session: Session) -> None:
    """PostgreSQL's id sequences past the ids given here (SQLite takes max(id) + 1 by itself)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in (Incident, IncidentCall, IncidentDispatch):
        table = model.__tablename__
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"(SELECT coalesce(max(id), 1) FROM {table}))"))
