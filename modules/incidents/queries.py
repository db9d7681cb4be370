"""What the pages read: the desk's work queues, one incident in full, the units, and the units to
suggest for an incident. Read-only; callers' numbers appear masked only (callers.masked).

Every function takes the viewer: the readers are the desk roles, agency representatives (`opd`:
they see every active incident, and act only on their agency's units), pimpinan and the wall."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import now_or
from core.users import Viewer
from modules.complaints.duplicates import distance_m  # the one haversine of the project
from modules.incidents import workflow
from modules.incidents.access import READER_ROLES, require_role
from modules.incidents.callers import masked
from modules.incidents.checks import incident_by_number
from modules.incidents.intervals import dispatch_clock, incident_clock
from modules.incidents.models import (Incident, IncidentCall, IncidentCamera, IncidentCategory, IncidentComplaint,
                                      IncidentDispatch, IncidentEvent, IncidentNote, IncidentUnit)
from modules.incidents.reference import needed_unit_types


def pending_calls(session: Session, viewer: Viewer) -> list[dict[str, Any]]:
    """Calls waiting for an outcome, oldest first, with the repeat-caller flag the operator must see."""
    require_role(viewer, READER_ROLES, "read calls")
    rows = session.scalars(select(IncidentCall).where(IncidentCall.outcome == "pending")
                           .order_by(IncidentCall.received_at)).all()
    return [_call(row) for row in rows]


def active_incidents(session: Session, viewer: Viewer, now: datetime | None = None) -> list[dict[str, Any]]:
    """Active incidents (open, dispatched, on scene) with their points and clocks, most urgent first."""
    require_role(viewer, READER_ROLES, "read incidents")
    now = now_or(now)
    incidents = session.scalars(select(Incident).where(Incident.is_active)).all()
    dispatches = _dispatches_of(session, [row.id for row in incidents])
    names = dict(session.execute(select(IncidentCategory.code, IncidentCategory.name)).all())
    found = [dict(_incident(row, names), clock=incident_clock(row, dispatches.get(row.id, []), now),
                  units=[d.unit_code for d in dispatches.get(row.id, [])
                         if d.status in workflow.LIVE_DISPATCH_STATUSES])
             for row in incidents]
    return sorted(found, key=lambda item: (item["priority"], item["received_at"]))


def incident_detail(session: Session, viewer: Viewer, number: str, now: datetime | None = None) -> dict[str, Any]:
    """One incident: its fields, clock, timeline, dispatches with their clocks, the calls behind it
    (numbers masked), cameras, complaints and notes."""
    require_role(viewer, READER_ROLES, "read incidents")
    now = now_or(now)
    incident = incident_by_number(session, number, lock=False)
    names = dict(session.execute(select(IncidentCategory.code, IncidentCategory.name)).all())
    dispatches = _dispatches_of(session, [incident.id]).get(incident.id, [])
    calls = session.scalars(select(IncidentCall).where(IncidentCall.incident_id == incident.id)
                            .order_by(IncidentCall.received_at)).all()
    call_ids = [c.id for c in calls]
    events = session.scalars(select(IncidentEvent).where(
        (IncidentEvent.incident_id == incident.id) | IncidentEvent.call_id.in_(call_ids or [-1]))
        .order_by(IncidentEvent.at, IncidentEvent.id)).all()
    return dict(
        _incident(incident, names), address=incident.address, landmark=incident.landmark,
        description=incident.description, clock=incident_clock(incident, dispatches, now),
        dispatches=[dict(id=d.id, unit_code=d.unit_code, agency_code=d.agency_code, unit_type=d.unit_type,
                         status=d.status, dispatched_at=d.dispatched_at, en_route_at=d.en_route_at,
                         on_scene_at=d.on_scene_at, cleared_at=d.cleared_at, cancelled_at=d.cancelled_at,
                         clock=dispatch_clock(d, now)) for d in dispatches],
        calls=[_call(c) for c in calls],
        timeline=[dict(at=e.at, kind=e.kind, actor=e.actor, text=e.text, unit_code=e.unit_code,
                       data=e.data) for e in events],
        cameras=list(session.scalars(select(IncidentCamera.camera_id).where(IncidentCamera.incident_id == incident.id)
                                     .order_by(IncidentCamera.id))),
        complaints=list(session.scalars(select(IncidentComplaint.ticket)
                                        .where(IncidentComplaint.incident_id == incident.id)
                                        .order_by(IncidentComplaint.id))),
        notes=[dict(at=n.at, actor=n.actor, text=n.text) for n in session.scalars(
            select(IncidentNote).where(IncidentNote.incident_id == incident.id).order_by(IncidentNote.id))],
    )


def units(session: Session, viewer: Viewer, agency_code: str | None = None) -> list[dict[str, Any]]:
    """Every unit (or one agency's) with its status and last position."""
    require_role(viewer, READER_ROLES, "read units")
    names = ("code", "agency_code", "unit_type", "post_code", "status", "lat", "lon", "position_at")
    # the columns, not the entities: the wall and the live map read the whole fleet every refresh
    query = select(*[getattr(IncidentUnit, name) for name in names]).order_by(IncidentUnit.code)
    if agency_code:
        query = query.where(IncidentUnit.agency_code == agency_code)
    return [dict(zip(names, row)) for row in session.execute(query)]


def suggest_units(session: Session, incident: Incident, limit: int = 5) -> list[tuple[IncidentUnit, float]]:
    """The nearest available units of the agency/unit types the incident's category needs, by
    straight-line (haversine) distance in metres from the incident's point; units without a
    position come last. Without a point, the order is the category's (lead agency first)."""
    category = session.get(IncidentCategory, incident.category_code)
    wanted = needed_unit_types(category)
    rank = {pair: order for order, pair in enumerate(wanted)}
    candidates = session.scalars(select(IncidentUnit).where(IncidentUnit.status == "available")).all()
    found = []
    for unit in candidates:
        if (unit.agency_code, unit.unit_type) not in rank:
            continue
        far = (distance_m(incident.lat, incident.lon, unit.lat, unit.lon)
               if None not in (incident.lat, incident.lon, unit.lat, unit.lon) else float("inf"))
        found.append((unit, far))
    found.sort(key=lambda pair: (pair[1], rank[(pair[0].agency_code, pair[0].unit_type)], pair[0].code))
    return found[:limit]


def _incident(row: Incident, names: dict[str, str]) -> dict[str, Any]:
    return dict(number=row.number, status=row.status, category_code=row.category_code,
                category_name=names.get(row.category_code, row.category_code), type=row.type, priority=row.priority,
                lat=row.lat, lon=row.lon, kecamatan_code=row.kecamatan_code, kelurahan_code=row.kelurahan_code,
                source=row.source, received_at=row.received_at, casualties_injured=row.casualties_injured,
                casualties_dead=row.casualties_dead)


def _call(row: IncidentCall) -> dict[str, Any]:
    return dict(id=row.id, received_at=row.received_at, answered_at=row.answered_at, source=row.source,
                caller=masked(row.caller_number), repeat_caller=row.repeat_caller, outcome=row.outcome,
                partner=row.partner, camera_id=row.camera_id, post_code=row.post_code,
                complaint_ticket=row.complaint_ticket, operator=row.operator)


def _dispatches_of(session: Session, incident_ids: list[int]) -> dict[int, list[IncidentDispatch]]:
    found: dict[int, list[IncidentDispatch]] = {}
    if not incident_ids:
        return found
    for row in session.scalars(select(IncidentDispatch).where(IncidentDispatch.incident_id.in_(incident_ids))
                               .order_by(IncidentDispatch.dispatched_at, IncidentDispatch.id)):
        found.setdefault(row.incident_id, []).append(row)
    return found
