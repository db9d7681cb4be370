"""Units: registering the fleet, and what the field reports (a status and/or a position).

A reported position must lie inside the city's bounding box; positions are kept on the unit only
(no timeline event, no change-log row: 300 units every 5 seconds would drown both). A reported
status is a unit status: en_route / on_scene move the unit's live dispatch one step, `returning`
clears it, `available` / `out_of_service` change the unit itself; a skipped step is refused."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from core.clock import now_or
from core.users import Viewer
from modules.incidents import checks, workflow
from modules.incidents.access import require_unit_actor, system_actor
from modules.incidents.dispatching import apply_step, live_dispatch_of
from modules.incidents.errors import IncidentValidationError
from modules.incidents.models import Incident, IncidentPost, IncidentUnit
from modules.incidents.recording import begin_write, record

REFERENCE_ACTOR = system_actor("reference")
# A reported unit status -> the step of its live dispatch that it means.
DISPATCH_STEP_OF = {"en_route": "en_route", "on_scene": "on_scene", "returning": "cleared"}
# What the field may report: `dispatched` comes from the desk's dispatch only.
REPORTABLE_STATUSES = tuple(s for s in workflow.UNIT_STATUSES if s != "dispatched")


def register_unit(session: Session, code: str, agency_code: str, unit_type: str, post: IncidentPost | None,
                  *, actor: Viewer = REFERENCE_ACTOR, now: datetime | None = None) -> IncidentUnit:
    """A new unit, available at its post."""
    now = now_or(now)
    begin_write(session)
    unit = IncidentUnit(code=code, agency_code=agency_code, unit_type=unit_type, post_code=post.code if post else None,
                        status="available", lat=post.lat if post else None, lon=post.lon if post else None,
                        updated_at=now)
    session.add(unit)
    record(session, actor, "unit_registered", now, units=[unit], text=post.code if post else "")
    return unit


def report_unit(session: Session, actor: Viewer, unit_code: str, *, status: str | None = None,
                lat: float | None = None, lon: float | None = None, note: str | None = None,
                now: datetime | None = None) -> IncidentUnit:
    """A unit's status and/or position from the field (an agency's system, a phone, the desk)."""
    now = now_or(now)
    if status is None and lat is None and lon is None:
        raise IncidentValidationError("status", "incident_nothing_reported")
    if status is not None:
        checks.choice("status", status, REPORTABLE_STATUSES)
    point = checks.point(lat, lon)
    if point:
        checks.in_city_bounds(*point)
    note = checks.text("note", note)
    if status is not None:
        begin_write(session)  # a status is logged; a position alone is not, and need not queue behind writers
    unit = checks.unit_by_code(session, unit_code)
    require_unit_actor(actor, unit.agency_code)
    if status is not None and status != unit.status:
        _report_status(session, actor, unit, status, note, now)
    if point:
        unit.lat, unit.lon, unit.position_at = point[0], point[1], now
        session.flush()
    return unit


def _report_status(session: Session, actor: Viewer, unit: IncidentUnit, status: str, note: str | None,
                   now: datetime) -> None:
    step = DISPATCH_STEP_OF.get(status)
    if step is None:  # available, out_of_service
        workflow.check("unit", unit.status, status)
        unit.status = status
        record(session, actor, f"unit_{status}", now, units=[unit], text=note or "")
        return
    row = live_dispatch_of(session, unit.code)
    if row is None:
        raise IncidentValidationError("status", "incident_unit_no_dispatch", unit=unit.code)
    workflow.check("dispatch", row.status, step)
    incident = session.get(Incident, row.incident_id, with_for_update=True, populate_existing=True)
    apply_step(session, incident, row, unit, step, now)
    record(session, actor, f"unit_{step}", now, incident=incident, dispatch=row, units=[unit], text=note or "",
           data={"unit_code": unit.code, "agency_code": unit.agency_code, "reported": True})
