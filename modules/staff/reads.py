"""What the registry answers a reader (the API, e-Kinerja's and e-Office's pages): one person, a
page of people, the viewer's own record and his direct reports. Every answer is filtered by
access.py, in SQL for lists, so a reader never receives a record outside his scope or subtree."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from core.clock import iso_utc
from core.users import User, Viewer
from modules.staff import access
from modules.staff.errors import StaffNotFound
from modules.staff.hierarchy import direct_reports
from modules.staff.models import Staff
from modules.staff.service import get_person

MAX_LIMIT = 200


@dataclass(frozen=True)
class StaffFilter:
    """A list's filters (None: any): OPD, unit (exact), active, a part of the name (any case)."""

    opd_code: str | None = None
    unit: str | None = None
    active: bool | None = None
    name_contains: str | None = None


def staff_view(person: Staff, username: str | None) -> dict:
    return dict(id=int(person.id), nip=person.nip, name=person.name, opd_code=person.opd_code, unit=person.unit,
                position=person.position,
                supervisor_id=None if person.supervisor_id is None else int(person.supervisor_id),
                active=bool(person.active), username=username, created_at=iso_utc(person.created_at),
                updated_at=iso_utc(person.updated_at))


def person_view(session: Session, person: Staff) -> dict:
    username = None if person.user_id is None else session.scalar(select(User.username)
                                                                  .where(User.id == person.user_id))
    return staff_view(person, username)


def read_person(session: Session, viewer: Viewer, staff_id) -> dict:
    person = get_person(session, staff_id)
    access.require_readable(session, viewer, person)
    return person_view(session, person)


def list_staff(session: Session, viewer: Viewer, where: StaffFilter, limit: int = 50,
               offset: int = 0) -> tuple[int, list[dict]]:
    """(how many the reader may see with these filters, this page of them), by OPD, unit, name."""
    condition = and_(access.readable(session, viewer), *_filters(where))
    total = session.scalar(select(func.count()).select_from(Staff).where(condition))
    rows = session.execute(select(Staff, User.username).outerjoin(User, User.id == Staff.user_id).where(condition)
                           .order_by(Staff.opd_code, Staff.unit, Staff.name, Staff.id)
                           .limit(min(limit, MAX_LIMIT)).offset(offset)).all()
    return int(total), [staff_view(person, username) for person, username in rows]


def my_record(session: Session, viewer: Viewer) -> dict:
    """The viewer's own record and the active people who report to him directly."""
    me = access.own_record(session, viewer)
    if me is None or viewer.role == access.KIOSK_ROLE:
        raise StaffNotFound(None, "staff_not_linked")
    return {"staff": person_view(session, me),
            "direct_reports": [person_view(session, person) for person in direct_reports(session, me.id)]}


def _filters(where: StaffFilter) -> list:
    found = []
    if where.opd_code is not None:
        found.append(Staff.opd_code == where.opd_code)
    if where.unit is not None:
        found.append(Staff.unit == where.unit)
    if where.active is not None:
        found.append(Staff.active.is_(where.active))
    if where.name_contains:
        found.append(Staff.name.icontains(where.name_contains, autoescape=True))
    return found
