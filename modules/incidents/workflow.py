"""The lifecycles of Command Center 112, one table each, with the reason of every step (as the
complaints module keeps its workflow): which status may follow which, and why.

    call        pending -> incident | merged | prank | referred | info
    incident    open -> dispatched -> on_scene -> cleared -> closed; cancelled (a false alarm)
    dispatch    dispatched -> en_route -> on_scene -> cleared; cancelled from dispatched or en_route
    unit        available -> dispatched -> en_route -> on_scene -> returning -> available;
                out_of_service and back

A refused step raises IncidentWorkflowError naming the field ("status", "outcome") and the reason
("incident_transition_refused" with the statuses). The service asks `check(...)` before it writes.
"""

from __future__ import annotations

from modules.incidents.errors import IncidentValidationError, IncidentWorkflowError

CALL_SOURCES = ("call_112", "cctv", "field_post", "radio", "complaint")
PARTNERS = ("PLN", "PDAM", "POLRI", "PGN")  # referral partners: not units, nothing dispatched to them

# (from, to): why the step happens. Each lifecycle's statuses are the keys of its STATUSES.
CALL_STEPS = {
    ("pending", "incident"): "an incident was created from the call",
    ("pending", "merged"): "the call reports an incident already open",
    ("pending", "prank"): "prank or ghost call",
    ("pending", "referred"): "handed to a partner outside the city (PLN, PDAM, POLRI, PGN)",
    ("pending", "info"): "the caller wanted information only",
}
INCIDENT_STEPS = {
    ("open", "dispatched"): "a unit was dispatched",
    ("dispatched", "open"): "every dispatched unit was cancelled",
    ("dispatched", "on_scene"): "a unit arrived on scene",
    ("on_scene", "cleared"): "every dispatched unit cleared or was cancelled, at least one cleared",
    ("cleared", "closed"): "the operator closed the incident",
    ("open", "cancelled"): "a false alarm, found after creation",
    ("dispatched", "cancelled"): "a false alarm, found after creation",
    ("on_scene", "cancelled"): "a false alarm, found on scene",
}
DISPATCH_STEPS = {
    ("dispatched", "en_route"): "the unit left for the scene",
    ("en_route", "on_scene"): "the unit arrived on scene",
    ("on_scene", "cleared"): "the unit finished on scene",
    ("dispatched", "cancelled"): "the dispatch was called off before the unit left",
    ("en_route", "cancelled"): "the dispatch was called off en route",
}
UNIT_STEPS = {
    ("available", "dispatched"): "dispatched to an incident",
    ("dispatched", "en_route"): "left for the scene",
    ("en_route", "on_scene"): "arrived on scene",
    ("on_scene", "returning"): "cleared the scene",
    ("dispatched", "available"): "its dispatch was cancelled",
    ("en_route", "available"): "its dispatch was cancelled en route",
    ("returning", "available"): "back in service (reported, or at its post)",
    ("available", "out_of_service"): "taken out of service",
    ("returning", "out_of_service"): "taken out of service",
    ("out_of_service", "available"): "back in service",
}
LIFECYCLES = {"call": CALL_STEPS, "incident": INCIDENT_STEPS, "dispatch": DISPATCH_STEPS, "unit": UNIT_STEPS}
FIELDS = {"call": "outcome", "incident": "status", "dispatch": "status", "unit": "status"}


def statuses(lifecycle: str) -> tuple[str, ...]:
    """Every status of a lifecycle, in the order its steps name them."""
    found: dict[str, None] = {}
    for step in LIFECYCLES[lifecycle]:
        found |= dict.fromkeys(step)
    return tuple(found)


CALL_OUTCOMES = statuses("call")
INCIDENT_STATUSES = statuses("incident")
DISPATCH_STATUSES = statuses("dispatch")
UNIT_STATUSES = statuses("unit")
ACTIVE_INCIDENT_STATUSES = ("open", "dispatched", "on_scene")  # a unit may still be needed: active
FINISHED_INCIDENT_STATUSES = ("cleared", "closed", "cancelled")
LIVE_DISPATCH_STATUSES = ("dispatched", "en_route", "on_scene")  # the unit is busy with it
DISPATCHABLE_INCIDENT_STATUSES = ACTIVE_INCIDENT_STATUSES


def check(lifecycle: str, current: str, target: str) -> str:
    """The reason of the step current -> target; an unknown target raises IncidentValidationError,
    a step the lifecycle lacks (a skipped state, a way back) IncidentWorkflowError."""
    field = FIELDS[lifecycle]
    if target not in statuses(lifecycle):
        raise IncidentValidationError(field, "incident_unknown_status", lifecycle=lifecycle, value=target,
                                      known=", ".join(statuses(lifecycle)))
    reason = LIFECYCLES[lifecycle].get((current, target))
    if reason is None:
        allowed = [to for (frm, to) in LIFECYCLES[lifecycle] if frm == current]
        raise IncidentWorkflowError(field, "incident_transition_refused", lifecycle=lifecycle, current=current,
                                    wanted=target, allowed=", ".join(allowed) or "-")
    return reason


def incident_status_from(dispatch_statuses: list[str], ever_on_scene: bool) -> str:
    """An active incident's status from its dispatches: `cleared` when every dispatched unit cleared
    or was cancelled and at least one cleared; `on_scene` once a unit was on scene; `dispatched`
    while a unit is out; `open` with none (all cancelled)."""
    live = [s for s in dispatch_statuses if s != "cancelled"]
    if live and all(s == "cleared" for s in live):
        return "cleared"
    if not live:
        return "open"
    return "on_scene" if ever_on_scene else "dispatched"
