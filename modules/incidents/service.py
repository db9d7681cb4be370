"""The incidents service layer: the only code that writes the module's tables. The façade that
pages, the HTTP API, the command line and the simulator call; each concern lives in its module:

    calls.py        take_call, create_incident, merge_call, close_call (prank / referred / info)
    dispatching.py  dispatch, update_dispatch (en_route, on_scene, cleared, cancelled)
    units.py        register_unit, report_unit (status and/or position from the field),
                    report_position (a position alone, in one statement)
    handling.py     add_note, link_camera, link_complaint, update_casualties, correct_incident,
                    close_incident, cancel_incident
    stage.py        set_stage, proposed_stage, current_stage (the city's operational stage)
    intervals.py    intervals (every clock), is_breached, breaches (the live breach)
    queries.py      what the pages read (work queues, one incident, units, suggest_units)
    workflow.py     the lifecycles; access.py who may act; recording.py one change = event + log

Every function works inside the caller's transaction and never commits:

    with databases.transaction() as session:
        call = take_call(session, actor, settings, caller_number="0812...", source="call_112")
        incident = create_incident(session, actor, settings, call.id, category_code="KEBAKARAN",
                                   lat=-7.26, lon=112.745)
        dispatch(session, actor, incident.number, "DPKP-FE-01")

Each change writes its timeline row (incident_events) and the change-log rows of every entity it
changed (snapshot.py: incident, incident_dispatch, incident_call, incident_unit; operation
"upsert", schema 1) in that transaction. All checks run before the first write; a refusal raises
an IncidentError naming the field and a message code (errors.py, messages.py), so the caller's
rollback leaves nothing half-written. `actor` is a core.users.Viewer (`system_actor(...)` for the
simulator and field systems); an `opd` user acts only on his agency's units.
"""

from __future__ import annotations

from modules.incidents.access import system_actor
from modules.incidents.calls import close_call, create_incident, merge_call, take_call
from modules.incidents.dispatching import dispatch, update_dispatch
from modules.incidents.errors import (IncidentAccessDenied, IncidentError, IncidentNotFound, IncidentValidationError,
                                      IncidentWorkflowError)
from modules.incidents.handling import (add_note, cancel_incident, close_incident, correct_incident, link_camera,
                                        link_complaint, update_casualties)
from modules.incidents.intervals import breaches, intervals, is_breached
from modules.incidents.stage import current_stage, proposed_stage, set_stage
from modules.incidents.units import register_unit, report_position, report_unit

__all__ = [
    "IncidentAccessDenied", "IncidentError", "IncidentNotFound", "IncidentValidationError", "IncidentWorkflowError",
    "add_note", "breaches", "cancel_incident", "close_call", "close_incident", "correct_incident", "create_incident",
    "current_stage", "dispatch", "intervals", "is_breached", "link_camera", "link_complaint", "merge_call",
    "proposed_stage", "register_unit", "report_position", "report_unit", "set_stage", "system_actor", "take_call", "update_casualties",
    "update_dispatch",
]
