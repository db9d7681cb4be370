"""Units: registering the fleet, and what the field reports (a status and/or a position).

A reported position must lie inside the city's bounding box; positions are kept on the unit only
(no timeline event, no change-log row: 300 units every 5 seconds would drown both). A reported
status is a unit status: en_route / on_scene move the unit's live dispatch one step, `returning`
clears it, `available` / `out_of_service` change the unit itself; a skipped step is refused."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from core.clock import now_or
from core.users import Viewer
from modules.incidents import checks, workflow
from modules.incidents.access import (AGENCY_ROLE, UNIT_ROLES, acting_agency, require_role, require_unit_actor,
                                      system_actor)
from modules.incidents.dispatching import apply_step, live_dispatch_of
from modules.incidents.errors import IncidentValidationError, IncidentWorkflowError
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


# what report_position answers with: the unit as the API shows it
POSITION_ANSWER = ("code", "agency_code", "unit_type", "post_code", "status", "lat", "lon", "position_at")


def report_position(session: Session, actor: Viewer, unit_code: str, lat: float, lon: float, now: datetime,
                    *, only_if_newer: bool) -> dict | None:
    """A position alone (the busiest report: 300 units every 5 seconds) in one UPDATE, checked as
    report_unit checks it. With `only_if_newer` a position older than the unit's last one is kept
    out and the answer is None; otherwise the unit (POSITION_ANSWER). It takes the unit's row
    lock only, not the domain's writer lock: nothing goes to the change log."""
    point = checks.point(lat, lon)
    checks.in_city_bounds(*point)
    require_role(actor, UNIT_ROLES, "act on units")
    units = IncidentUnit.__table__
    conditions = [units.c.code == unit_code]
    if actor.role == AGENCY_ROLE:
        conditions.append(units.c.agency_code == acting_agency(actor))
    if only_if_newer:
        conditions.append(or_(units.c.position_at.is_(None), units.c.position_at <= now))
    statement = (update(units).where(*conditions).values(lat=point[0], lon=point[1], position_at=now)
                 .returning(*[units.c[name] for name in POSITION_ANSWER]))
    row = session.execute(statement).mappings().first()
    if row is not None:
        return dict(row)
    unit = checks.unit_by_code(session, unit_code)  # why not: unknown (404), another agency's (403) ...
    require_unit_actor(actor, unit.agency_code)
    return None  # ... or older than its last position


def _report_status(session: Session, actor: Viewer, unit: IncidentUnit, status: str, note: str | None,
                   now: datetime) -> None:
    step = DISPATCH_STEP_OF.get(status)
    if step is None:  # available, out_of_service
        _require_no_live_dispatch(session, unit, status)
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


def _require_no_live_dispatch(session: Session, unit: IncidentUnit, status: str) -> None:
    """A unit on a live dispatch leaves it through the dispatch (cleared, or called off by the desk):
    the unit's lifecycle allows dispatched -> available for a cancelled dispatch, which a report
    alone would otherwise take while the dispatch stays live."""
    row = live_dispatch_of(session, unit.code)
    if row is not None:
        allowed = [reported for reported, step in DISPATCH_STEP_OF.items()
                   if (row.status, step) in workflow.DISPATCH_STEPS]
        raise IncidentWorkflowError("status", "incident_transition_refused", lifecycle="unit", current=unit.status,
                                    wanted=status, allowed=", ".join(allowed) or "-")
