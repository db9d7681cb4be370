"""Dispatches: a unit sent to an incident, and its steps (en_route, on_scene, cleared, cancelled).
Each step moves the unit's status and re-derives the incident's (workflow.incident_status_from):
the incident is cleared when every dispatched unit cleared or was cancelled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import now_or
from core.users import Viewer
from modules.incidents import checks, workflow
from modules.incidents.access import require_unit_actor
from modules.incidents.errors import IncidentValidationError, IncidentWorkflowError
from modules.incidents.models import Incident, IncidentDispatch, IncidentUnit
from modules.incidents.recording import begin_write, record

# A dispatch's status -> its time column, and the incident's "first" column it may set.
STEP_COLUMNS = {"en_route": ("en_route_at", "first_en_route_at"), "on_scene": ("on_scene_at", "first_on_scene_at"),
                "cleared": ("cleared_at", None), "cancelled": ("cancelled_at", None)}
# A dispatch's status -> the unit's status after it.
UNIT_AFTER = {"en_route": "en_route", "on_scene": "on_scene", "cleared": "returning", "cancelled": "available"}


def dispatch(session: Session, actor: Viewer, incident_number: str, unit_code: str,
             *, note: str | None = None, now: datetime | None = None) -> IncidentDispatch:
    """Sends an available unit to an active incident (an opd user: only his agency's units)."""
    now = now_or(now)
    note = checks.text("note", note)
    begin_write(session)
    unit = checks.unit_by_code(session, unit_code)
    require_unit_actor(actor, unit.agency_code)
    incident = checks.incident_by_number(session, incident_number)
    if incident.status not in workflow.DISPATCHABLE_INCIDENT_STATUSES:
        raise IncidentWorkflowError("incident_number", "incident_not_active", number=incident.number,
                                    status=incident.status)
    if unit.status != "available":
        raise IncidentValidationError("unit_code", "incident_unit_not_available", unit=unit.code, status=unit.status)
    workflow.check("unit", unit.status, "dispatched")
    row = IncidentDispatch(incident_id=incident.id, unit_code=unit.code, agency_code=unit.agency_code,
                           unit_type=unit.unit_type, status="dispatched", dispatched_at=now, updated_at=now)
    session.add(row)
    unit.status = "dispatched"
    incident.first_dispatch_at = incident.first_dispatch_at or now
    session.flush()
    _rederive_incident(session, incident, now)
    record(session, actor, "unit_dispatched", now, incident=incident, dispatch=row, units=[unit], text=note or "",
           data={"unit_code": unit.code, "agency_code": unit.agency_code})
    return row


def update_dispatch(session: Session, actor: Viewer, dispatch_id: int, status: str,
                    *, note: str | None = None, now: datetime | None = None) -> IncidentDispatch:
    """The next step of a dispatch: en_route, on_scene, cleared, or cancelled (from dispatched or
    en_route). A skipped step is refused. The unit follows (cleared: returning; cancelled: available)."""
    now = now_or(now)
    note = checks.text("note", note)
    begin_write(session)
    row = checks.dispatch_by_id(session, dispatch_id)
    unit = checks.unit_by_code(session, row.unit_code)
    require_unit_actor(actor, row.agency_code, "dispatch_id")
    workflow.check("dispatch", row.status, status)
    incident = session.get(Incident, row.incident_id, with_for_update=True, populate_existing=True)
    apply_step(session, incident, row, unit, status, now)
    record(session, actor, f"unit_{status}", now, incident=incident, dispatch=row, units=[unit], text=note or "",
           data={"unit_code": unit.code, "agency_code": unit.agency_code})
    return row


def apply_step(session: Session, incident: Incident, row: IncidentDispatch, unit: IncidentUnit, status: str,
               now: datetime) -> None:
    """The step's columns on the dispatch, the unit and the incident (checked by the caller)."""
    column, first_column = STEP_COLUMNS[status]
    row.status = status
    setattr(row, column, now)
    if first_column and getattr(incident, first_column) is None:
        setattr(incident, first_column, now)
    workflow.check("unit", unit.status, UNIT_AFTER[status])
    unit.status = UNIT_AFTER[status]
    session.flush()
    _rederive_incident(session, incident, now)


def live_dispatch_of(session: Session, unit_code: str) -> IncidentDispatch | None:
    """The dispatch a unit is busy with (dispatched, en_route or on_scene), if any."""
    return session.scalars(select(IncidentDispatch).where(
        IncidentDispatch.unit_code == unit_code, IncidentDispatch.status.in_(workflow.LIVE_DISPATCH_STATUSES))
        .with_for_update()).first()


def _rederive_incident(session: Session, incident: Incident, now: datetime) -> None:
    """The incident's status from its dispatches; a change is checked against its lifecycle."""
    if not incident.is_active:
        return  # closed or cancelled incidents keep their status while their units wind down
    statuses = list(session.scalars(select(IncidentDispatch.status).where(IncidentDispatch.incident_id == incident.id)))
    target = workflow.incident_status_from(statuses, incident.first_on_scene_at is not None)
    if target == incident.status:
        return
    workflow.check("incident", incident.status, target)
    incident.status = target
    incident.cleared_at = now if target == "cleared" else None
