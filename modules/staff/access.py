"""Who may read and who may change a person's record in the staff registry. The service, the reads
and the API ask this, through the viewer's one scope object (core.scope) and the hierarchy
(hierarchy.py), never a role list of their own:

    read    the person himself (the viewer's user is linked to his record)
            anyone above him (the viewer's own record is active and he is in its subtree)
            a viewer whose scope is his OPD (Scope("opd", (code,)): an OPD's officer)
            a city-wide scope (the admin, the mayor's office, the command center, planning)
    write   an administrator of the whole city, as users are managed (core.users.require_admin:
            the admin role, or the command line and set-up, core.audit.ADMIN_ACTOR_ROLES)

A wall display (core.scope: city-wide by definition) shows the wall only: no personnel record.
"""

from __future__ import annotations

from sqlalchemy import and_, false, or_, true
from sqlalchemy.orm import Session

from core.audit import ADMIN_ACTOR_ROLES
from core.users import Viewer
from modules.staff.errors import StaffAccessDenied
from modules.staff.hierarchy import is_below, staff_of_user, subtree_select
from modules.staff.models import Staff

SCOPE_COLUMNS = {"opd": "opd_code"}
KIOSK_ROLE = "wall"
STAFF = Staff.__table__


def may_write(actor: Viewer) -> bool:
    return actor.role in ADMIN_ACTOR_ROLES and actor.scope.is_city


def require_writer(actor: Viewer) -> None:
    if not may_write(actor):
        raise StaffAccessDenied("actor", "staff_admin_only", role=actor.role)


def user_id_of(viewer: Viewer) -> int | None:
    """The users.id a viewer signs in as (a kiosk or the command line has none)."""
    return int(viewer.user_id) if viewer.user_id.isascii() and viewer.user_id.isdigit() else None


def own_record(session: Session, viewer: Viewer) -> Staff | None:
    """The staff record the viewer's user is linked to, if any."""
    return staff_of_user(session, user_id_of(viewer))


def may_read(session: Session, viewer: Viewer, person: Staff) -> bool:
    if viewer.role == KIOSK_ROLE:
        return False
    if viewer.scope.allows(person, SCOPE_COLUMNS):
        return True
    me = own_record(session, viewer)
    if me is None:
        return False
    return me.id == person.id or (bool(me.active) and is_below(session, me.id, person.id))


def require_readable(session: Session, viewer: Viewer, person: Staff) -> None:
    if not may_read(session, viewer, person):
        raise StaffAccessDenied("staff_id", "staff_outside_scope", id=person.id)


def readable(session: Session, viewer: Viewer):
    """SQL condition on the staff table: the rows `may_read` allows, in one statement (the subtree
    is a recursive query inside it)."""
    if viewer.role == KIOSK_ROLE:
        return false()
    conditions = viewer.scope.conditions(STAFF, SCOPE_COLUMNS)
    if not conditions:
        return true()
    choices = [and_(*conditions)]
    me = own_record(session, viewer)
    if me is not None:
        choices.append(STAFF.c.id == me.id)
        if me.active:
            choices.append(STAFF.c.id.in_(subtree_select(me.id)))
    return or_(*choices)
