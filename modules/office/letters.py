"""What every e-Office service step starts with: the domain's write lock, the letter (404), the
actor's right to read it (403) and the step's place in the lifecycle (409), in that order, so a
person who may not read a letter learns nothing of its status. And the lookups the steps share:
active staff, a letter's recipient row, the linked case.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import column, select, table
from sqlalchemy.orm import Session

from core.working_time import is_working_day
from modules.office import access, checks, workflow
from modules.office.access import Actor
from modules.office.errors import OfficeNotFound, OfficeValidationError, OfficeWorkflowError
from modules.office.models import OfficeLetter, OfficeRecipient
from modules.office.recording import begin_write
from modules.staff.models import Staff

# The tables of the cases a letter may concern (other domains' modules are not imported: the id is
# looked up by name, so e-Office depends on their tables, not their code).
LINK_TABLES = {"complaint": "complaints", "incident": "incidents", "proposal": "planning_proposals"}


def letter_for_step(session: Session, actor: Actor, letter_id, step: str) -> OfficeLetter:
    begin_write(session)
    letter = get_letter(session, letter_id)
    access.require_read(session, actor, letter)
    require_step(letter, step)
    return letter


def get_letter(session: Session, letter_id) -> OfficeLetter:
    letter = session.get(OfficeLetter, letter_id) if _an_id(letter_id) else None
    if letter is None:
        raise OfficeNotFound("letter_id", "office_letter_not_found", letter_id=str(letter_id)[:20])
    return letter


def require_step(letter: OfficeLetter, step: str) -> None:
    if not workflow.allowed_from(step, letter.direction, letter.status):
        raise OfficeWorkflowError("status", "office_step_refused", office_direction=letter.direction,
                                  office_status=letter.status, office_step=step)


def active_staff(session: Session, field: str, staff_id: int) -> Staff:
    staff = session.get(Staff, staff_id)
    if staff is None or not staff.active:
        raise OfficeValidationError(field, "office_unknown_staff", staff_id=staff_id)
    return staff


def recipient_of(session: Session, letter_id: int, staff_id: int) -> OfficeRecipient | None:
    return session.scalar(select(OfficeRecipient).where(OfficeRecipient.letter_id == letter_id,
                                                        OfficeRecipient.staff_id == staff_id))


def check_link(session: Session, kind: str | None, link_id: int | None) -> None:
    if kind is None:
        return
    cases = table(LINK_TABLES[kind], column("id"))
    if session.scalar(select(cases.c.id).where(cases.c.id == link_id)) is None:
        raise OfficeValidationError("link_id", "office_link_unknown", link_kind=kind, link_id=link_id)


def due_after_working_days(start: date, days: int) -> date:
    """The `days`-th working day after `start` (weekends and Indonesian holidays skipped)."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        days -= is_working_day(day)
    return day


def mark_read(letter: OfficeLetter, recipient: OfficeRecipient, now) -> bool:
    """The recipient's first reading; a distributed letter becomes read. Whether anything changed."""
    if recipient.read_at is not None:
        return False
    recipient.read_at = now
    if letter.status == workflow.DISTRIBUTED:
        letter.status, letter.first_read_at = workflow.READ, now
    return True


def _an_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= checks.MAX_ID
