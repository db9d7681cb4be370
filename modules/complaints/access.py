"""Who may see and who may act on which complaint. The service layer checks this on every call.

    admin, operator        see all, act on all
    system actors          see all, act on all (simulator, SLA sweeper, channel gateways)
    pimpinan               see all, act on none
    opd                    see and act on his OPD's complaints; city_wide: sees all, acts on his own
    camat / lurah          see their kecamatan / kelurahan, act on none
    anyone else            nothing
"""

from __future__ import annotations

from sqlalchemy import false, true

from core.users import Viewer
from modules.complaints.errors import AccessDenied
from modules.complaints.models import Complaint

SYSTEM_ROLE = "system"
ACTING_ROLES = ("admin", "operator", SYSTEM_ROLE)
READ_ALL_ROLES = ACTING_ROLES + ("pimpinan",)


def system_actor(name: str) -> Viewer:
    """The actor for work no person does: system_actor("sla") is recorded as "system:sla"."""
    return Viewer(user_id=f"system:{name}", username=f"system:{name}", role=SYSTEM_ROLE)


def can_see(actor: Viewer, complaint) -> bool:
    if actor.role in READ_ALL_ROLES:
        return True
    if actor.role == "opd":
        return actor.city_wide or (actor.opd_code is not None and complaint.opd_code == actor.opd_code)
    if actor.role == "camat":
        return actor.kecamatan_code is not None and complaint.kecamatan_code == actor.kecamatan_code
    if actor.role == "lurah":
        return actor.kelurahan_code is not None and complaint.kelurahan_code == actor.kelurahan_code
    return False


def can_act(actor: Viewer, complaint) -> bool:
    if actor.role in ACTING_ROLES:
        return True
    return actor.role == "opd" and actor.opd_code is not None and complaint.opd_code == actor.opd_code


def require_see(actor: Viewer, complaint) -> None:
    if not can_see(actor, complaint):
        raise AccessDenied(f"{actor.username} ({actor.role}) may not see complaint {complaint.ticket}: "
                           f"{_scope_reason(actor)}")


def require_act(actor: Viewer, complaint) -> None:
    require_see(actor, complaint)
    if not can_act(actor, complaint):
        raise AccessDenied(f"{actor.username} ({actor.role}) may not act on complaint {complaint.ticket}: "
                           f"{_act_reason(actor)}")


def require_role(actor: Viewer, roles: tuple[str, ...], what: str) -> None:
    if actor.role not in roles:
        raise AccessDenied(f"{actor.username} ({actor.role}) may not {what}: only {', '.join(roles)} may")


def visible_filter(actor: Viewer):
    """A WHERE clause that keeps the complaints `actor` may see (for list queries)."""
    if actor.role in READ_ALL_ROLES or (actor.role == "opd" and actor.city_wide):
        return true()
    scope = {"opd": (Complaint.opd_code, actor.opd_code),
             "camat": (Complaint.kecamatan_code, actor.kecamatan_code),
             "lurah": (Complaint.kelurahan_code, actor.kelurahan_code)}.get(actor.role)
    if scope is None or scope[1] is None:
        return false()
    column, value = scope
    return column == value


def _scope_reason(actor: Viewer) -> str:
    return {"opd": f"it is not a complaint of {actor.opd_code}",
            "camat": f"it is outside kecamatan {actor.kecamatan_code}",
            "lurah": f"it is outside kelurahan {actor.kelurahan_code}"}.get(
        actor.role, f"the {actor.role} role has no access to complaints")


def _act_reason(actor: Viewer) -> str:
    if actor.role == "opd":
        return f"only the OPD in charge acts on it, and {actor.opd_code} is not"
    return f"the {actor.role} role may read complaints but not act on them"
