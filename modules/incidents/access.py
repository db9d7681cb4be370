"""Who may do what in the incidents module. The service checks this on every call.

    admin, operator, system   take calls, create and merge incidents, dispatch any unit, close
    opd                       an agency representative: sees every active incident, acts only on
                              his agency's units (dispatch, unit status, position) and adds notes;
                              his agency is the OPD of his scope (core.scope, carried on the Viewer)
    admin, operator, pimpinan set the city's operational stage (pimpinan: the supervisor's call)
"""

from __future__ import annotations

from core.users import Viewer
from modules.incidents.errors import IncidentAccessDenied

SYSTEM_ROLE = "system"
DESK_ROLES = ("admin", "operator", SYSTEM_ROLE)  # the call takers and dispatchers
AGENCY_ROLE = "opd"
UNIT_ROLES = DESK_ROLES + (AGENCY_ROLE,)  # who acts on units (an opd user: his agency's only)
NOTE_ROLES = UNIT_ROLES
STAGE_ROLES = ("admin", "operator", "pimpinan", SYSTEM_ROLE)
READER_ROLES = DESK_ROLES + (AGENCY_ROLE, "pimpinan", "wall")


def system_actor(name: str) -> Viewer:
    """The actor of work no person does (the simulator, a field system): recorded as "system:<name>"."""
    return Viewer(user_id=f"system:{name}", username=f"system:{name}", role=SYSTEM_ROLE)


def require_role(actor: Viewer, roles: tuple[str, ...], what: str) -> None:
    if actor.role not in roles:
        raise IncidentAccessDenied("actor", "incident_role_refused", role=actor.role, what=what)


def acting_agency(actor: Viewer) -> str | None:
    """The agency an `opd` user acts for (his scope's OPD); None for a desk role, which acts on all."""
    if actor.role != AGENCY_ROLE:
        return None
    scope = actor.scope
    return scope.codes[0] if scope.kind == "opd" else actor.opd_code


def require_unit_actor(actor: Viewer, agency_code: str, field: str = "unit_code") -> None:
    """The actor may act on a unit of `agency_code`: a desk role always, an opd user for his own."""
    require_role(actor, UNIT_ROLES, "act on units")
    own = acting_agency(actor)
    if actor.role == AGENCY_ROLE and own != agency_code:
        raise IncidentAccessDenied(field, "incident_other_agency", username=actor.username, own=own or "-",
                                   agency=agency_code)
