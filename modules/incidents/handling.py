"""What else happens to an incident: notes, linked cameras and complaints, casualties, corrected
details, closing and cancelling."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import now_or
from core.users import Viewer
from modules.incidents import checks, workflow
from modules.incidents.access import DESK_ROLES, NOTE_ROLES, require_role
from modules.incidents.calls import place_columns  # the same location rule as at creation
from modules.incidents.dispatching import apply_step
from modules.incidents.errors import IncidentValidationError, IncidentWorkflowError
from modules.incidents.models import (Incident, IncidentCall, IncidentCamera, IncidentComplaint, IncidentDispatch,
                                      IncidentNote)
from modules.incidents.recording import actor_name, begin_write, record


def add_note(session: Session, actor: Viewer, incident_number: str, note: str,
             *, now: datetime | None = None) -> IncidentNote:
    now = now_or(now)
    require_role(actor, NOTE_ROLES, "add notes")
    note = checks.text("note", note, required=True)
    begin_write(session)
    incident = checks.incident_by_number(session, incident_number)
    row = IncidentNote(incident_id=incident.id, at=now, actor=actor_name(actor), text=note)
    session.add(row)
    record(session, actor, "note_added", now, incident=incident, text=note)
    return row


def link_camera(session: Session, actor: Viewer, incident_number: str, camera_id: str,
                *, now: datetime | None = None) -> IncidentCamera:
    now = now_or(now)
    require_role(actor, DESK_ROLES, "link cameras")
    camera_id = checks.text("camera_id", camera_id, required=True)
    begin_write(session)
    incident = checks.incident_by_number(session, incident_number)
    if session.scalar(select(IncidentCamera.id).where(IncidentCamera.incident_id == incident.id,
                                                      IncidentCamera.camera_id == camera_id)):
        raise IncidentValidationError("camera_id", "incident_already_linked", what="camera", value=camera_id)
    row = IncidentCamera(incident_id=incident.id, camera_id=camera_id, linked_at=now, actor=actor_name(actor))
    session.add(row)
    record(session, actor, "camera_linked", now, incident=incident, text=camera_id)
    return row


def link_complaint(session: Session, actor: Viewer, incident_number: str, ticket: str,
                   *, now: datetime | None = None) -> IncidentComplaint:
    """Links a complaint by its ticket (the complaints module's ADU-... number)."""
    now = now_or(now)
    require_role(actor, DESK_ROLES, "link complaints")
    ticket = checks.text("ticket", ticket, required=True).upper()
    begin_write(session)
    incident = checks.incident_by_number(session, incident_number)
    if session.scalar(select(IncidentComplaint.id).where(IncidentComplaint.incident_id == incident.id,
                                                         IncidentComplaint.ticket == ticket)):
        raise IncidentValidationError("ticket", "incident_already_linked", what="complaint", value=ticket)
    row = IncidentComplaint(incident_id=incident.id, ticket=ticket, linked_at=now, actor=actor_name(actor))
    session.add(row)
    record(session, actor, "complaint_linked", now, incident=incident, text=ticket)
    return row


def update_casualties(session: Session, actor: Viewer, incident_number: str, *, injured: int, dead: int,
                      now: datetime | None = None) -> Incident:
    """The casualty counts as now known (they grow as the scene is searched)."""
    now = now_or(now)
    require_role(actor, NOTE_ROLES, "report casualties")
    injured, dead = checks.count("casualties_injured", injured), checks.count("casualties_dead", dead)
    begin_write(session)
    incident = checks.incident_by_number(session, incident_number)
    incident.casualties_injured, incident.casualties_dead = injured, dead
    record(session, actor, "casualties_updated", now, incident=incident, data={"injured": injured, "dead": dead})
    return incident


def correct_incident(session: Session, actor: Viewer, incident_number: str, *, category_code: str | None = None,
                     priority: int | None = None, lat: float | None = None, lon: float | None = None,
                     address: str | None = None, landmark: str | None = None, description: str | None = None,
                     now: datetime | None = None) -> Incident:
    """The operator corrects an active incident: its category (type and priority follow unless a
    priority is given), its place (a new point is located again) or its description. The calls
    and dispatches copy the category and the district, so their snapshots are logged again."""
    now = now_or(now)
    require_role(actor, DESK_ROLES, "correct incidents")
    changes: dict = {}
    if category_code is not None:
        category = checks.category(session, category_code)
        changes |= dict(category_code=category.code, type=category.type, priority=category.priority)
    if priority is not None:
        changes["priority"] = checks.choice("priority", priority, (1, 2, 3))
    if (lat, lon, address, landmark) != (None, None, None, None):
        changes |= place_columns(lat, lon, address, landmark)
    if description is not None:
        changes["description"] = checks.text("description", description) or ""
    if not changes:
        raise IncidentValidationError("incident_number", "incident_nothing_to_change")
    begin_write(session)
    incident = checks.incident_by_number(session, incident_number)
    if not incident.is_active:
        raise IncidentWorkflowError("incident_number", "incident_not_active", number=incident.number,
                                    status=incident.status)
    for column, value in changes.items():
        setattr(incident, column, value)
    calls = session.scalars(select(IncidentCall).where(IncidentCall.incident_id == incident.id)).all()
    dispatches = session.scalars(select(IncidentDispatch).where(IncidentDispatch.incident_id == incident.id)).all()
    record(session, actor, "incident_corrected", now, incident=incident, calls=calls, dispatches=dispatches,
           data={key: value for key, value in changes.items() if key != "description"})
    return incident


def close_incident(session: Session, actor: Viewer, incident_number: str, note: str | None = None,
                   *, now: datetime | None = None) -> Incident:
    """The operator closes a cleared incident."""
    now = now_or(now)
    require_role(actor, DESK_ROLES, "close incidents")
    note = checks.text("note", note)
    begin_write(session)
    incident = checks.incident_by_number(session, incident_number)
    workflow.check("incident", incident.status, "closed")
    incident.status, incident.closed_at = "closed", now
    record(session, actor, "incident_closed", now, incident=incident, text=note or "")
    return incident


def cancel_incident(session: Session, actor: Viewer, incident_number: str, reason: str,
                    *, now: datetime | None = None) -> Incident:
    """A false alarm found after creation: units not yet on scene are called off (available
    again); one on scene stays until it clears."""
    now = now_or(now)
    require_role(actor, DESK_ROLES, "cancel incidents")
    reason = checks.text("reason", reason, required=True)
    begin_write(session)
    incident = checks.incident_by_number(session, incident_number)
    workflow.check("incident", incident.status, "cancelled")
    incident.status, incident.cancelled_at = "cancelled", now
    called_off, units = [], []
    for row in session.scalars(select(IncidentDispatch).where(
            IncidentDispatch.incident_id == incident.id,
            IncidentDispatch.status.in_(("dispatched", "en_route"))).with_for_update()).all():
        unit = checks.unit_by_code(session, row.unit_code)
        apply_step(session, incident, row, unit, "cancelled", now)
        called_off.append(row)
        units.append(unit)
    record(session, actor, "incident_cancelled", now, incident=incident, dispatches=called_off, units=units,
           text=reason, data={"called_off": [u.code for u in units]})
    return incident

