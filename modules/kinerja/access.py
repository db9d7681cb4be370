"""Who may read, change and decide which activities. The service checks this on every call, through
the staff hierarchy (modules/staff/hierarchy.py) and the viewer's one scope object (core.scope):

    the person      reads and edits his own activities (his Pantau user is linked to his staff record)
    a supervisor    reads his whole subtree (everyone below him, at every depth)
    the approver    decides (approves, returns) and scores: the person's direct supervisor, or, when
                    that post is vacant (the supervisor's record inactive), the nearest active one
                    above. One approver per person, so two supervisors never decide the same line;
                    a person at the top (no active supervisor) has none.
    an OPD scope    reads every activity of its OPD (viewer.scope with SCOPE_COLUMNS), decides nothing
    city-wide       aggregates only (scores.opd_overview): a city-wide scope is no reason to read a
                    person's day; as a person or supervisor such a user still reads his own and his subtree

The approver rule follows PermenPANRB 6/2022: the pejabat penilai kinerja is the direct superior
(atasan langsung); acting for a vacant post (Plt) falls to the next one up.
"""

from __future__ import annotations

from sqlalchemy import false, or_, select
from sqlalchemy.orm import Session

from core.users import Viewer
from modules.kinerja.errors import KinerjaAccessDenied
from modules.staff.hierarchy import STAFF, is_below, subtree_ids, supervisor_chain
from modules.staff.models import Staff

SCOPE_COLUMNS = {"opd": "opd_code"}
AGGREGATE_SCOPES = ("city", "opd")   # the scopes that read the OPDs' aggregates


def staff_of(session: Session, viewer: Viewer) -> Staff | None:
    """The staff record the viewer signs in as (None: a viewer that is no Pantau user, or unlinked)."""
    if not str(viewer.user_id).isdigit():
        return None
    cache = session.info.setdefault("kinerja_staff_of", {})
    if viewer.user_id not in cache:
        cache[viewer.user_id] = session.scalar(select(Staff.id).where(Staff.user_id == int(viewer.user_id)))
    staff_id = cache[viewer.user_id]
    return None if staff_id is None else session.get(Staff, staff_id)


def require_staff(session: Session, viewer: Viewer) -> Staff:
    staff = staff_of(session, viewer)
    if staff is None:
        raise KinerjaAccessDenied("actor", "kinerja_no_staff_record", username=viewer.username)
    return staff


def approver_of(session: Session, staff_id: int) -> int | None:
    """The staff id who decides this person's activities: the nearest active supervisor."""
    chain = supervisor_chain(session, staff_id)
    if not chain:
        return None
    active = set(session.scalars(select(STAFF.c.id).where(STAFF.c.id.in_(chain), STAFF.c.active.is_(True))))
    return next((each for each in chain if each in active), None)


def decided_by(session: Session, approver_id: int) -> set[int]:
    """Everyone whose approver is `approver_id`: his direct reports, and through a vacant (inactive)
    report's post, that one's reports in turn."""
    found: set[int] = set()
    level = {approver_id}
    while level:
        rows = session.execute(select(STAFF.c.id, STAFF.c.active).where(STAFF.c.supervisor_id.in_(level))).all()
        rows = [(int(each), active) for each, active in rows if each not in found and each != approver_id]
        found |= {each for each, _active in rows}
        level = {each for each, active in rows if not active}
    return found


def may_read(session: Session, viewer: Viewer, activity) -> bool:
    """`activity`: a model object or a mapping with staff_id and opd_code."""
    me = staff_of(session, viewer)
    staff_id = _value(activity, "staff_id")
    if me is not None and (staff_id == me.id or is_below(session, me.id, staff_id)):
        return True
    return viewer.scope.kind == "opd" and viewer.scope.allows(activity, SCOPE_COLUMNS)


def require_read(session: Session, viewer: Viewer, activity) -> None:
    if not may_read(session, viewer, activity):
        raise KinerjaAccessDenied("id", "kinerja_outside_scope", id=_value(activity, "id"))


def require_owner(session: Session, viewer: Viewer, activity, field: str = "id") -> Staff:
    me = require_staff(session, viewer)
    if activity.staff_id != me.id:
        raise KinerjaAccessDenied(field, "kinerja_not_own", id=activity.id)
    return me


def require_approver(session: Session, viewer: Viewer, staff_id: int, field: str, shown_id) -> Staff:
    """The viewer's staff record when he is the approver of `staff_id` (his own lines included: a
    person is never his own approver)."""
    me = require_staff(session, viewer)
    if approver_of(session, staff_id) != me.id:
        raise KinerjaAccessDenied(field, "kinerja_not_your_subordinate", id=shown_id)
    return me


def require_approver_of_all(session: Session, viewer: Viewer, activities, field: str = "ids") -> Staff:
    """As require_approver for each line of a batch (one look-up per person, not per line)."""
    me = require_staff(session, viewer)
    approvers: dict[int, int | None] = {}
    for activity in activities:
        if activity.staff_id not in approvers:
            approvers[activity.staff_id] = approver_of(session, activity.staff_id)
        if approvers[activity.staff_id] != me.id:
            raise KinerjaAccessDenied(field, "kinerja_not_your_subordinate", id=activity.id)
    return me


def readable(session: Session, viewer: Viewer, table):
    """SQL condition on a table with staff_id and opd_code: the rows the viewer may read."""
    me = staff_of(session, viewer)
    conditions = []
    if me is not None:
        conditions.append(table.c.staff_id.in_({me.id} | subtree_ids(session, me.id)))
    if viewer.scope.kind == "opd":
        conditions += viewer.scope.conditions(table, SCOPE_COLUMNS)
    return or_(*conditions) if conditions else false()


def require_aggregates(viewer: Viewer) -> None:
    """The OPDs' aggregates: a city-wide scope reads them all, an OPD scope its own."""
    if viewer.scope.kind not in AGGREGATE_SCOPES:
        raise KinerjaAccessDenied("actor", "kinerja_aggregates_refused", role=viewer.role)


def _value(record, name: str):
    return record.get(name) if isinstance(record, dict) else getattr(record, name, None)
