"""The staff hierarchy: who is below whom. One definition, read by e-Kinerja (a supervisor approves
his subordinates' reports and sees his whole subtree) and e-Office (dispositions go down it).

    subtree_ids(session, 7)          7's subordinates at every depth (not 7 himself)
    subtree_select(7)                the same as a query, to filter another query with
    is_below(session, 7, 12)         whether 12 is somewhere under 7
    direct_reports(session, 7)       the active staff whose supervisor is 7
    staff_of_user(session, user_id)  the staff record a Pantau user signs in as, or None

The subtree is a recursive query in the database (SQLite and PostgreSQL both have WITH
RECURSIVE), so a head of an OPD of 2,000 people costs one statement, not 2,000. A supervisor
chain never loops: the service refuses a supervisor who is the person himself or below him
(`would_loop`).
"""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from modules.staff.models import Staff

STAFF = Staff.__table__


def subtree_ids(session: Session, staff_id: int, active_only: bool = False) -> set[int]:
    """Every staff id below `staff_id`, at every depth; with `active_only`, the inactive ones (and
    the people below them) are left out."""
    return {int(value) for value in session.scalars(subtree_select(staff_id, active_only))}


def subtree_select(staff_id: int, active_only: bool = False) -> Select:
    """The ids of `subtree_ids` as a query, to use inside another (`Staff.id.in_(...)`): a reader's
    list filters on his subtree without fetching it first."""
    below = select(STAFF.c.id).where(STAFF.c.supervisor_id == staff_id)
    if active_only:
        below = below.where(STAFF.c.active.is_(True))
    tree = below.cte("subtree", recursive=True)
    deeper = select(STAFF.c.id).join(tree, STAFF.c.supervisor_id == tree.c.id)
    if active_only:
        deeper = deeper.where(STAFF.c.active.is_(True))
    tree = tree.union(deeper)  # UNION, not UNION ALL: a loop in bad data ends instead of recursing forever
    return select(tree.c.id)


def is_below(session: Session, supervisor_id: int, staff_id: int) -> bool:
    """Whether `staff_id` is somewhere under `supervisor_id` (walks up from the person: the chain of
    supervisors is short, the subtree of a head may be large)."""
    return supervisor_id in supervisor_chain(session, staff_id)


def supervisor_chain(session: Session, staff_id: int) -> list[int]:
    """The person's supervisor, his supervisor's, ... up to the top, nearest first."""
    chain: list[int] = []
    current = session.scalar(select(STAFF.c.supervisor_id).where(STAFF.c.id == staff_id))
    while current is not None and current not in chain:
        chain.append(int(current))
        current = session.scalar(select(STAFF.c.supervisor_id).where(STAFF.c.id == current))
    return chain


def would_loop(session: Session, staff_id: int, supervisor_id: int | None) -> bool:
    """Whether making `supervisor_id` the supervisor of `staff_id` closes a loop."""
    if supervisor_id is None:
        return False
    return supervisor_id == staff_id or staff_id in supervisor_chain(session, supervisor_id)


def direct_reports(session: Session, staff_id: int) -> list[Staff]:
    return list(session.scalars(select(Staff).where(Staff.supervisor_id == staff_id, Staff.active.is_(True))
                                .order_by(Staff.name, Staff.id)))


def staff_of_user(session: Session, user_id: int | None) -> Staff | None:
    if user_id is None:
        return None
    return session.scalar(select(Staff).where(Staff.user_id == user_id))
