"""The staff registry's service, the only code that writes the `staff` table (importing.py writes
a file's rows through `log_change` here). Every write checks the actor (an administrator,
access.py), takes the domain's writer lock before its checks (two administrators cannot register
one NIP twice) and logs the person's snapshot with the acting username in the same transaction.

    register(session, actor, form)              a person: nip (none for contract staff), name,
                                                opd_code, unit, position, supervisor_id?, active?
    update(session, actor, staff_id, changes)   name, unit, position, opd_code, supervisor_id, active
    deactivate(session, actor, staff_id)        he left (his record and his place in the tree stay)
    link_user / unlink_user                     the Pantau user he signs in as: one user, one person

Refusals (errors.py): an invalid NIP (each of nip.py's reasons), a NIP taken, an unknown OPD, an
unknown or inactive supervisor, a supervisor loop (hierarchy.would_loop), an unknown user, a user
linked to someone else. A call that changes nothing writes nothing and logs nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.changelog import record_change, take_writer_lock
from core.clock import city_today, now_or
from core.reference import Opd
from core.users import User, Viewer
from modules.staff import checks
from modules.staff.access import require_writer
from modules.staff.errors import StaffConflict, StaffNotFound, StaffValidationError
from modules.staff.hierarchy import staff_of_user, would_loop
from modules.staff.models import Staff
from modules.staff.snapshot import ENTITY, OPERATION, SNAPSHOT_VERSION, staff_snapshot

NEW_FIELDS = ("nip", "name", "opd_code", "unit", "position", "supervisor_id", "active")
EDITABLE = ("name", "unit", "position", "opd_code", "supervisor_id", "active")


def register(session: Session, actor: Viewer, form: dict, now: datetime | None = None) -> Staff:
    """A new person; his NIP (when he has one) must be valid and not registered yet."""
    now = _begin(session, actor, now)
    _refuse_unknown_fields(form, NEW_FIELDS)
    number = checks.nip("nip", form.get("nip"), city_today(now), required=False)
    values = _checked_values(session, form, EDITABLE)
    values.setdefault("active", True)
    if number is not None:
        _refuse_taken_nip(session, number)
    if values.get("supervisor_id") is not None:
        _check_supervisor(session, None, values["supervisor_id"], values["active"])
    person = Staff(nip=number, created_at=now, updated_at=now, **values)
    session.add(person)
    session.flush()
    log_change(session, person, actor)
    return person


def update(session: Session, actor: Viewer, staff_id: int, changes: dict, now: datetime | None = None) -> Staff:
    """New values for the fields `changes` names (EDITABLE); the others stay."""
    now = _begin(session, actor, now)
    person = get_person(session, staff_id)
    _refuse_unknown_fields(changes, EDITABLE)
    values = _checked_values(session, changes, tuple(name for name in EDITABLE if name in changes))
    values = {name: value for name, value in values.items() if getattr(person, name) != value}
    if values.get("supervisor_id") is not None:
        _check_supervisor(session, person.id, values["supervisor_id"], values.get("active", person.active))
    if not values:
        return person
    for name, value in values.items():
        setattr(person, name, value)
    return _saved(session, person, actor, now)


def deactivate(session: Session, actor: Viewer, staff_id: int, now: datetime | None = None) -> Staff:
    return update(session, actor, staff_id, {"active": False}, now=now)


def link_user(session: Session, actor: Viewer, staff_id: int, username, now: datetime | None = None) -> Staff:
    """The person signs in as `username` from now on; the user must exist and be nobody else's."""
    now = _begin(session, actor, now)
    person = get_person(session, staff_id)
    name = checks.text("username", username)
    user = session.scalar(select(User).where(User.username == name))
    if user is None:
        raise StaffValidationError("username", "staff_user_unknown", username=name)
    if person.user_id == user.id:
        return person
    if person.user_id is not None:
        raise StaffConflict("username", "staff_has_user")
    other = staff_of_user(session, user.id)
    if other is not None:
        raise StaffConflict("username", "staff_user_linked", username=name, id=other.id)
    person.user_id = user.id
    return _saved(session, person, actor, now)


def unlink_user(session: Session, actor: Viewer, staff_id: int, now: datetime | None = None) -> Staff:
    now = _begin(session, actor, now)
    person = get_person(session, staff_id)
    if person.user_id is None:
        return person
    person.user_id = None
    return _saved(session, person, actor, now)


def get_person(session: Session, staff_id) -> Staff:
    """The person with this id (no access check: the caller's)."""
    number = checks.staff_id("staff_id", staff_id, required=True)
    person = session.get(Staff, number)
    if person is None:
        raise StaffNotFound("staff_id", "staff_not_found", id=number)
    return person


def find_by_nip(session: Session, nip) -> Staff:
    number = checks.text("nip", nip)
    person = session.scalar(select(Staff).where(Staff.nip == number))
    if person is None:
        raise StaffNotFound("nip", "staff_not_found", id=number)
    return person


def log_change(session: Session, person: Staff, actor: Viewer) -> None:
    """The person's snapshot in the change log, by `actor`, in the caller's transaction."""
    record_change(session, ENTITY, person.id, OPERATION, staff_snapshot(person), SNAPSHOT_VERSION,
                  actor=actor.username)


def known_opd_codes(session: Session) -> set[str]:
    return set(session.scalars(select(Opd.code)))


# --- inside -----------------------------------------------------------------------------------------

def _begin(session: Session, actor: Viewer, now: datetime | None) -> datetime:
    """Every write: the actor may write, and the domain's writer lock is held before any check."""
    require_writer(actor)
    take_writer_lock(session, ENTITY)
    return now_or(now)


def _saved(session: Session, person: Staff, actor: Viewer, now: datetime) -> Staff:
    person.updated_at = now
    session.flush()
    log_change(session, person, actor)
    return person


def _refuse_unknown_fields(form: dict, known: tuple[str, ...]) -> None:
    unknown = sorted(set(form) - set(known))
    if unknown:
        raise StaffValidationError(unknown[0], "staff_unknown_field", known=", ".join(known))


def _checked_values(session: Session, form: dict, fields: tuple[str, ...]) -> dict:
    """The checked value of each of `fields` (a required one missing is refused)."""
    values = {}
    for name in fields:
        if name in ("name", "unit", "position"):
            values[name] = checks.text(name, form.get(name))
        elif name == "opd_code":
            values[name] = _opd(session, form.get(name))
        elif name == "supervisor_id":
            values[name] = checks.staff_id(name, form.get(name))
        elif name == "active" and form.get(name) is not None:
            values[name] = checks.flag(name, form.get(name))
        elif name == "active" and name in form:
            raise StaffValidationError(name, "staff_not_boolean")
    return values


def _opd(session: Session, value) -> str:
    code = checks.text("opd_code", value)
    if session.get(Opd, code) is None:
        raise StaffValidationError("opd_code", "staff_unknown_opd", value=code)
    return code


def _refuse_taken_nip(session: Session, number: str) -> None:
    holder = session.scalar(select(Staff.id).where(Staff.nip == number))
    if holder is not None:
        raise StaffConflict("nip", "staff_nip_taken", id=holder)


def _check_supervisor(session: Session, staff_id: int | None, supervisor_id: int, active: bool) -> None:
    """The supervisor exists, is neither the person nor below him, and is active when the person
    is (a record of someone who left may keep the supervisor he had)."""
    supervisor = session.get(Staff, supervisor_id)
    if supervisor is None:
        raise StaffValidationError("supervisor_id", "staff_unknown_supervisor", value=supervisor_id)
    if staff_id is not None and supervisor_id == staff_id:
        raise StaffValidationError("supervisor_id", "staff_supervisor_self")
    if staff_id is not None and would_loop(session, staff_id, supervisor_id):
        raise StaffValidationError("supervisor_id", "staff_supervisor_loop")
    if active and not supervisor.active:
        raise StaffValidationError("supervisor_id", "staff_supervisor_inactive", value=supervisor_id)
