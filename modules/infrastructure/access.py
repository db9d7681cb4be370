"""Who may do what in the infrastructure module. The service checks this on every call.

    admin, system                    edit the inventory (devices, parents, CSV import), schedule
                                     and end maintenance windows
    admin, operator, pimpinan, opd,  read the inventory and the states (an opd user and a district
    camat, lurah, wall, system       scope read through their scope on the read side)

Probe results and alerts are written by the system (the prober, the alert webhooks), not by people.
"""

from __future__ import annotations

from core.users import Viewer
from modules.infrastructure.errors import InfraAccessDenied

SYSTEM_ROLE = "system"
EDITOR_ROLES = ("admin", SYSTEM_ROLE)
MAINTENANCE_ROLES = EDITOR_ROLES
READER_ROLES = ("admin", "operator", "pimpinan", "opd", "camat", "lurah", "wall", SYSTEM_ROLE)


def system_actor(name: str) -> Viewer:
    """The actor of work no person does (the prober, an importer, the sample): "system:<name>"."""
    return Viewer(user_id=f"system:{name}", username=f"system:{name}", role=SYSTEM_ROLE)


def require_role(actor: Viewer, roles: tuple[str, ...], what: str) -> None:
    if actor is None or actor.role not in roles:
        raise InfraAccessDenied("actor", "infra_role_refused", role=getattr(actor, "role", None), what=what)


def require_editor(actor: Viewer) -> None:
    require_role(actor, EDITOR_ROLES, "edit the inventory")


def require_reader(actor: Viewer) -> None:
    require_role(actor, READER_ROLES, "read the inventory")


def actor_name(actor: Viewer) -> str:
    return actor.username[:64]
