"""Who may see and who may act on which complaint. The service layer checks this on every call.

Seeing follows the viewer's scope (core.scope, the same object the dashboard's queries use):
a complaint is visible when the scope allows its OPD / kecamatan / kelurahan. Acting:

    admin, operator        act on all
    system actors          act on all (simulator, SLA sweeper, channel gateways)
    opd                    acts on his OPD's complaints (also when granted the city-wide view)
    anyone else            reads only
"""

from __future__ import annotations

from sqlalchemy import and_, false, true

from core.users import Viewer
from modules.complaints.errors import AccessDenied
from modules.complaints.models import Complaint

SYSTEM_ROLE = "system"
ACTING_ROLES = ("admin", "operator", SYSTEM_ROLE)
# The roles that read single complaints at all; their scope says which. A wall display's scope is
# the whole city, but it shows aggregates only: it reads no complaint through the service (only the
# photos below).
COMPLAINT_READERS = ACTING_ROLES + ("pimpinan", "opd", "camat", "lurah")
# A wall display reads no complaint, but it shows the photos whose reporter allowed it: only those
# (wall_may_show), and of no complaint rejected (spam and the like).
WALL_ROLE = "wall"
# The columns of the complaints table that each kind of scope filters on (see core.scope). An RT/RW
# head is no reader of single complaints (COMPLAINT_READERS): he sees his RW's on the landing page.
SCOPE_COLUMNS = {"opd": "opd_code", "kecamatan": "kecamatan_code", "kelurahan": "kelurahan_code",
                 "rw": "rw", "rt": "rt"}


def system_actor(name: str) -> Viewer:
    """The actor for work no person does: system_actor("sla") is recorded as "system:sla"."""
    return Viewer(user_id=f"system:{name}", username=f"system:{name}", role=SYSTEM_ROLE)


def can_see(actor: Viewer, complaint) -> bool:
    return actor.role in COMPLAINT_READERS and actor.scope.allows(complaint, SCOPE_COLUMNS)


def wall_may_show(complaint) -> bool:
    """The complaint's photos may appear on a wall display (the same rule as wall_photo_filter)."""
    return bool(complaint.photo_display_consent) and complaint.status != "rejected"


def wall_photo_filter():
    """A WHERE clause keeping the complaints whose photos a wall display may show."""
    return and_(Complaint.photo_display_consent.is_(True), Complaint.status != "rejected")


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
    if actor.role not in COMPLAINT_READERS:
        return false()
    conditions = actor.scope.conditions(Complaint.__table__, SCOPE_COLUMNS)
    return and_(*conditions) if conditions else true()


def _scope_reason(actor: Viewer) -> str:
    return {"opd": f"it is not a complaint of {actor.opd_code}",
            "camat": f"it is outside kecamatan {actor.kecamatan_code}",
            "lurah": f"it is outside kelurahan {actor.kelurahan_code}"}.get(
        actor.role, f"the {actor.role} role has no access to complaints")


def _act_reason(actor: Viewer) -> str:
    if actor.role == "opd":
        return f"only the OPD in charge acts on it, and {actor.opd_code} is not"
    return f"the {actor.role} role may read complaints but not act on them"
