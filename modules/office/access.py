"""Who may read a letter and take its steps. A person acts through his staff record (the Pantau user
he signs in as, `staff.user_id`): the Actor carries both his Viewer (whose one scope object,
core.scope, says which OPD his account covers) and his place in the staff hierarchy.

A letter is readable by
    the people named on it: its registrar or drafter (`created_by`), its recipients, everyone in
        its disposition tree (the author of any disposition, the addressee of one not withdrawn),
        its verifiers and its signer;
    the registrars of its OPD, unless it is `rahasia` (then only the people named on it).
A registrar (agendaris) is recognised by his staff record: an active member of the OPD whose unit
is one of `office.registrar_units` ("Sekretariat", ...) or whose position is one of
`office.registrar_positions` ("Pengadministrasi Umum", ...), signed in as an OPD user whose scope is
that OPD (`viewer.scope.allows(letter, SCOPE_COLUMNS)` with an "opd" scope). An account with a
city-wide scope (the mayor's office, the command center, an OPD user granted the city-wide view)
is never a registrar: city-wide roles see the counts of every OPD (counters.py), and a letter
only where they are named on it.

Dispositions go down the hierarchy (modules.staff.hierarchy.is_below): the service checks that.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, false, or_, select
from sqlalchemy.orm import Session

from core.users import Viewer
from modules.office import workflow
from modules.office.errors import OfficeAccessDenied
from modules.office.models import OfficeDisposition, OfficeLetter, OfficeRecipient, OfficeVerifier
from modules.office.settings import OfficeSettings
from modules.staff.hierarchy import staff_of_user
from modules.staff.models import Staff

SCOPE_COLUMNS = {"opd": "opd_code"}


@dataclass(frozen=True)
class Actor:
    """A staff member acting through his account. `registrar_opd`: the OPD he registers for, or None."""

    viewer: Viewer
    staff_id: int
    opd_code: str
    registrar_opd: str | None = None

    @property
    def username(self) -> str:
        return self.viewer.username


def actor_of(staff: Staff, viewer: Viewer, section: OfficeSettings) -> Actor:
    """The actor a staff record and the account he acts through make (the account's scope decides
    whether his registrar unit counts)."""
    registrar = registrar_record(staff, section) and viewer.scope.kind == "opd" \
        and viewer.scope.allows({"opd_code": staff.opd_code}, SCOPE_COLUMNS)
    return Actor(viewer=viewer, staff_id=int(staff.id), opd_code=staff.opd_code,
                 registrar_opd=staff.opd_code if registrar else None)


def registrar_record(staff: Staff, section: OfficeSettings) -> bool:
    """Whether the staff record is a registrar's (his unit or position), whatever his account."""
    def known(value: str | None, names: tuple[str, ...]) -> bool:
        return (value or "").strip().casefold() in {name.strip().casefold() for name in names}

    return known(staff.unit, section.registrar_units) or known(staff.position, section.registrar_positions)


def actor_for(session: Session, viewer: Viewer, section: OfficeSettings) -> Actor:
    """The signed-in user's actor: his active staff record, or a refusal (field `actor`)."""
    user_id = int(viewer.user_id) if str(viewer.user_id).isascii() and str(viewer.user_id).isdigit() else None
    staff = staff_of_user(session, user_id)
    if staff is None or not staff.active:
        raise OfficeAccessDenied("actor", "office_no_staff", username=viewer.username)
    return actor_of(staff, viewer, section)


def named_staff(session: Session, letter: OfficeLetter) -> set[int]:
    """Every staff id named on the letter (see the module's docstring)."""
    named = {letter.created_by, *([letter.signer_id] if letter.signer_id else [])}
    named |= set(session.scalars(select(OfficeRecipient.staff_id).where(OfficeRecipient.letter_id == letter.id)))
    named |= set(session.scalars(select(OfficeVerifier.staff_id).where(OfficeVerifier.letter_id == letter.id)))
    for author, addressee, withdrawn in session.execute(
            select(OfficeDisposition.from_staff_id, OfficeDisposition.to_staff_id, OfficeDisposition.withdrawn_at)
            .where(OfficeDisposition.letter_id == letter.id)):
        named.add(author)
        if withdrawn is None:
            named.add(addressee)
    return {int(staff_id) for staff_id in named}


def is_registrar_of(actor: Actor, letter: OfficeLetter) -> bool:
    return actor.registrar_opd is not None and actor.registrar_opd == letter.opd_code \
        and actor.viewer.scope.allows(letter, SCOPE_COLUMNS)


def may_read(session: Session, actor: Actor, letter: OfficeLetter) -> bool:
    if letter.security != workflow.RAHASIA and is_registrar_of(actor, letter):
        return True
    return actor.staff_id in named_staff(session, letter)


def require_read(session: Session, actor: Actor, letter: OfficeLetter) -> None:
    if not may_read(session, actor, letter):
        raise OfficeAccessDenied("letter_id", "office_may_not_read", letter_id=letter.id)


def require_registrar(actor: Actor, letter: OfficeLetter, step: str) -> None:
    if not is_registrar_of(actor, letter):
        raise OfficeAccessDenied("actor", "office_not_registrar", opd=letter.opd_code, office_step=step)


def require_registrar_for(actor: Actor, opd_code: str, step: str) -> None:
    """Registering: the letter does not exist yet, its OPD is the registrar's."""
    if actor.registrar_opd is None or not actor.viewer.scope.allows({"opd_code": opd_code}, SCOPE_COLUMNS):
        raise OfficeAccessDenied("actor", "office_not_registrar", opd=opd_code, office_step=step)


def require_own_opd(actor: Actor) -> None:
    """Drafting for one's own OPD: the account's scope must cover it (an OPD user of another OPD,
    a kelurahan's account, may not write in its name)."""
    if not actor.viewer.scope.allows({"opd_code": actor.opd_code}, SCOPE_COLUMNS):
        raise OfficeAccessDenied("actor", "office_scope_refused", opd=actor.opd_code)


def readable(actor: Actor):
    """SQL condition on office_letters: the letters the actor may read (lists)."""
    letters, me = OfficeLetter.__table__, actor.staff_id
    named = or_(
        letters.c.created_by == me, letters.c.signer_id == me,
        exists().where(OfficeRecipient.letter_id == letters.c.id, OfficeRecipient.staff_id == me),
        exists().where(OfficeVerifier.letter_id == letters.c.id, OfficeVerifier.staff_id == me),
        exists().where(OfficeDisposition.letter_id == letters.c.id, or_(
            OfficeDisposition.from_staff_id == me,
            and_(OfficeDisposition.to_staff_id == me, OfficeDisposition.withdrawn_at.is_(None)))))
    if actor.registrar_opd is None:
        return named
    scoped = actor.viewer.scope.conditions(letters, SCOPE_COLUMNS) or [false()]
    registrar = and_(letters.c.opd_code == actor.registrar_opd, letters.c.security != workflow.RAHASIA, *scoped)
    return or_(named, registrar)
