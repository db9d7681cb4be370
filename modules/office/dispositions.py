"""Dispositions: the tree of instructions an incoming letter travels down the staff hierarchy.

    dispose   a recipient of the letter (a root disposition), or the addressee of an open
              disposition on it (a child of the one he received), instructs one or more people;
              each must be *below* him in the hierarchy (modules.staff.hierarchy.is_below), as
              SRIKANDI sends a disposition down the line and never sideways or up. Disposing
              counts as reading what he acts on.
    read      its addressee opens it
    withdraw  its author takes it back, only while unread (once read, work may have started)
    finish    its addressee marks it done, with a note of what was done (required)

A person who is both a recipient and the addressee of a disposition disposes under the disposition
he received (the tree then shows who passed the letter to him). Each step logs the disposition
(and the letter, when its status or a reading changes) with the actor, in the caller's transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import city_today, now_or
from modules.office import checks, workflow
from modules.office.access import Actor
from modules.office.errors import OfficeAccessDenied, OfficeNotFound, OfficeValidationError, OfficeWorkflowError
from modules.office.letters import active_staff, get_letter, letter_for_step, mark_read, recipient_of
from modules.office.models import OfficeDisposition, OfficeLetter
from modules.office.recording import begin_write, log_disposition, log_letter
from modules.staff.hierarchy import is_below

MAX_ADDRESSEES = 20


def dispose(session: Session, actor: Actor, letter_id, form: dict,
            now: datetime | None = None) -> list[OfficeDisposition]:
    """form: to_staff_ids (a list), instruction, due_date? (not before today; default: the letter's)."""
    now = now_or(now)
    letter = letter_for_step(session, actor, letter_id, "dispose")
    received = _received(session, letter.id, actor.staff_id)
    recipient = recipient_of(session, letter.id, actor.staff_id)
    if received is None and recipient is None:
        raise OfficeAccessDenied("actor", "office_not_recipient")
    targets = checks.staff_ids("to_staff_ids", form.get("to_staff_ids"), MAX_ADDRESSEES)
    instruction = checks.text("instruction", form.get("instruction"), required=True)
    due = checks.a_date("due_date", form.get("due_date"))
    checks.not_past("due_date", due, city_today(now))
    for staff_id in targets:
        _check_addressee(session, actor, letter, staff_id)
    if received is not None:
        _read_disposition(session, received, letter, now, actor)
    else:
        mark_read(letter, recipient, now)  # logged below, with the letter's new status
    made = [OfficeDisposition(letter_id=letter.id, parent_id=received.id if received is not None else None,
                              from_staff_id=actor.staff_id, to_staff_id=staff_id, instruction=instruction,
                              due_date=due or letter.due_date, created_at=now, updated_at=now) for staff_id in targets]
    session.add_all(made)
    letter.status, letter.disposed_at = workflow.DISPOSED, letter.disposed_at or now
    log_letter(session, letter, now, actor.username)
    for disposition in made:
        log_disposition(session, disposition, letter, now, actor.username)
    return made


def read(session: Session, actor: Actor, disposition_id, now: datetime | None = None) -> OfficeDisposition:
    """Its addressee opens it (again: nothing changes)."""
    now = now_or(now)
    disposition, letter = _addressed(session, actor, disposition_id, "read")
    _read_disposition(session, disposition, letter, now, actor)
    return disposition


def withdraw(session: Session, actor: Actor, disposition_id, now: datetime | None = None) -> OfficeDisposition:
    """Its author takes it back, only while its addressee has not read it."""
    now = now_or(now)
    disposition, letter = _disposition(session, disposition_id)
    if disposition.from_staff_id != actor.staff_id:
        raise OfficeAccessDenied("actor", "office_not_taker", office_step="withdraw")
    _require_open(disposition)
    if disposition.read_at is not None:
        raise OfficeWorkflowError("read_at", "office_withdraw_read", disposition_id=disposition.id)
    disposition.withdrawn_at = now
    log_disposition(session, disposition, letter, now, actor.username)
    return disposition


def finish(session: Session, actor: Actor, disposition_id, note, now: datetime | None = None) -> OfficeDisposition:
    """Its addressee marks it done; the note of what was done is required."""
    now = now_or(now)
    disposition, letter = _addressed(session, actor, disposition_id, "finish")
    text = checks.note(note, "finish")
    disposition.read_at = disposition.read_at or now
    disposition.done_at, disposition.note = now, text
    log_disposition(session, disposition, letter, now, actor.username)
    return disposition


# --- helpers ---------------------------------------------------------------------------------------

def _disposition(session: Session, disposition_id) -> tuple[OfficeDisposition, OfficeLetter]:
    begin_write(session)
    valid = isinstance(disposition_id, int) and not isinstance(disposition_id, bool) \
        and 1 <= disposition_id <= checks.MAX_ID
    disposition = session.get(OfficeDisposition, disposition_id) if valid else None
    if disposition is None:
        raise OfficeNotFound("disposition_id", "office_disposition_not_found",
                             disposition_id=str(disposition_id)[:20])
    return disposition, get_letter(session, disposition.letter_id)


def _addressed(session: Session, actor: Actor, disposition_id, step: str) -> tuple[OfficeDisposition, OfficeLetter]:
    """An open disposition addressed to the actor."""
    disposition, letter = _disposition(session, disposition_id)
    if disposition.to_staff_id != actor.staff_id:
        raise OfficeAccessDenied("actor", "office_not_taker", office_step=step)
    _require_open(disposition)
    return disposition, letter


def _require_open(disposition: OfficeDisposition) -> None:
    status = workflow.disposition_status(disposition.read_at, disposition.done_at, disposition.withdrawn_at)
    if status in (workflow.DONE_DISPOSITION, workflow.WITHDRAWN):
        raise OfficeWorkflowError("status", "office_disposition_closed", disposition_id=disposition.id,
                                  office_status=status)


def _read_disposition(session: Session, disposition: OfficeDisposition, letter: OfficeLetter, now: datetime,
                      actor: Actor) -> None:
    if disposition.read_at is None:
        disposition.read_at = now
        log_disposition(session, disposition, letter, now, actor.username)


def _received(session: Session, letter_id: int, staff_id: int) -> OfficeDisposition | None:
    """The newest open disposition on the letter addressed to this person."""
    return session.scalar(select(OfficeDisposition).where(
        OfficeDisposition.letter_id == letter_id, OfficeDisposition.to_staff_id == staff_id,
        OfficeDisposition.done_at.is_(None), OfficeDisposition.withdrawn_at.is_(None))
        .order_by(OfficeDisposition.created_at.desc(), OfficeDisposition.id.desc()).limit(1))


def _check_addressee(session: Session, actor: Actor, letter: OfficeLetter, staff_id: int) -> None:
    active_staff(session, "to_staff_ids", staff_id)
    if not is_below(session, actor.staff_id, staff_id):
        raise OfficeValidationError("to_staff_ids", "office_not_below", staff_id=staff_id)
    already = session.scalar(select(OfficeDisposition.id).where(
        OfficeDisposition.letter_id == letter.id, OfficeDisposition.from_staff_id == actor.staff_id,
        OfficeDisposition.to_staff_id == staff_id, OfficeDisposition.done_at.is_(None),
        OfficeDisposition.withdrawn_at.is_(None)).limit(1))
    if already is not None:
        raise OfficeValidationError("to_staff_ids", "office_already_disposed", staff_id=staff_id)
