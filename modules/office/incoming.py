"""Incoming letters: the registrar registers one (numbered in the OPD's agenda, with its PDFs) and
distributes it, recipients read it and follow it up, the registrar archives it; and archiving an
outgoing letter, which the registrar does alike. Dispositions are dispositions.py's.

Every call checks its input, the actor's right (access.py) and the lifecycle (workflow.py) before
it changes anything, then writes the letter and its snapshot in the caller's transaction: a
refusal raises before anything is flushed, and the caller's rollback leaves nothing half-written.

    letter = register(session, registrar, form, [Upload("surat.pdf", data)], settings.office)
    distribute(session, registrar, letter.id, [head_id])
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import city_today, now_or
from modules.office import access, attachments, checks, numbers, workflow
from modules.office.access import Actor
from modules.office.errors import OfficeAccessDenied, OfficeValidationError, OfficeWorkflowError
from modules.office.letters import (active_staff, check_link, due_after_working_days, get_letter, letter_for_step,
                                    mark_read, recipient_of)
from modules.office.models import OfficeDisposition, OfficeLetter, OfficeRecipient
from modules.office.recording import begin_write, log_letter
from modules.office.settings import OfficeSettings

MAX_RECIPIENTS = 50


def register(session: Session, actor: Actor, form: dict, uploads, section: OfficeSettings,
             now: datetime | None = None) -> OfficeLetter:
    """A letter that arrived, registered by a registrar of the OPD it is addressed to (form:
    reference_number?, correspondent, subject, letter_date, classification, security, due_date?,
    link_kind?, link_id?). No due date: `office.default_due_days` working days from today."""
    now = now_or(now)
    opd_code = actor.registrar_opd or actor.opd_code
    access.require_registrar_for(actor, opd_code, "register")
    begin_write(session)
    today = city_today(now)
    fields = checks.letter_fields(form)
    reference = checks.text("reference_number", form.get("reference_number"))
    letter_date = checks.a_date("letter_date", form.get("letter_date"), required=True)
    checks.not_future("letter_date", letter_date, today)
    due = fields.due_date or due_after_working_days(today, section.default_due_days)
    if due < letter_date:
        raise OfficeValidationError("due_date", "office_date_order", later="due_date", earlier="letter_date")
    files = attachments.checked(uploads, section)
    check_link(session, fields.link_kind, fields.link_id)
    year, number = numbers.allocate(session, workflow.INCOMING, opd_code, now)
    letter = OfficeLetter(
        direction=workflow.INCOMING, opd_code=opd_code, number_year=year, number=number, reference_number=reference,
        correspondent=fields.correspondent, subject=fields.subject, letter_date=letter_date,
        classification=fields.classification, security=fields.security, due_date=due, status=workflow.REGISTERED,
        link_kind=fields.link_kind, link_id=fields.link_id, created_by=actor.staff_id, created_at=now, updated_at=now)
    session.add(letter)
    session.flush()
    attachments.store(session, letter, files, actor.staff_id, now)
    log_letter(session, letter, now, actor.username)
    return letter


def distribute(session: Session, actor: Actor, letter_id, staff_ids, now: datetime | None = None) -> OfficeLetter:
    """The registrar hands a registered letter to its addressees: active staff of its OPD."""
    now = now_or(now)
    letter = letter_for_step(session, actor, letter_id, "distribute")
    access.require_registrar(actor, letter, "distribute")
    chosen = checks.staff_ids("staff_ids", staff_ids, MAX_RECIPIENTS)
    for staff_id in chosen:
        if active_staff(session, "staff_ids", staff_id).opd_code != letter.opd_code:
            raise OfficeValidationError("staff_ids", "office_staff_other_opd", staff_id=staff_id, opd=letter.opd_code)
    for staff_id in chosen:
        session.add(OfficeRecipient(letter_id=letter.id, staff_id=staff_id, distributed_at=now))
    letter.status, letter.distributed_at = workflow.DISTRIBUTED, now
    log_letter(session, letter, now, actor.username)
    return letter


def read(session: Session, actor: Actor, letter_id, now: datetime | None = None) -> OfficeLetter:
    """A recipient opens the letter (again: nothing changes, nothing is logged)."""
    now = now_or(now)
    letter = letter_for_step(session, actor, letter_id, "read")
    recipient = _recipient(session, actor, letter, "read")
    if mark_read(letter, recipient, now):
        log_letter(session, letter, now, actor.username)
    return letter


def follow_up(session: Session, actor: Actor, letter_id, note, now: datetime | None = None) -> OfficeLetter:
    """A recipient states what was done; every disposition must be done or withdrawn by then."""
    now = now_or(now)
    letter = letter_for_step(session, actor, letter_id, "follow_up")
    recipient = _recipient(session, actor, letter, "follow_up")
    text = checks.note(note, "follow_up")
    still_open = session.scalar(select(func.count()).select_from(OfficeDisposition).where(
        OfficeDisposition.letter_id == letter.id, OfficeDisposition.done_at.is_(None),
        OfficeDisposition.withdrawn_at.is_(None)))
    if still_open:
        raise OfficeWorkflowError("status", "office_dispositions_open", count=still_open)
    mark_read(letter, recipient, now)
    letter.status, letter.followed_up_at, letter.follow_up_note = workflow.FOLLOWED_UP, now, text
    log_letter(session, letter, now, actor.username)
    return letter


def archive(session: Session, actor: Actor, letter_id, now: datetime | None = None) -> OfficeLetter:
    """The registrar files a followed-up incoming letter or a sent outgoing one."""
    now = now_or(now)
    begin_write(session)
    step = workflow.archive_step(get_letter(session, letter_id).direction)
    letter = letter_for_step(session, actor, letter_id, step)
    access.require_registrar(actor, letter, step)
    letter.status, letter.archived_at = workflow.ARCHIVED, now
    log_letter(session, letter, now, actor.username)
    return letter


def attach(session: Session, actor: Actor, letter_id, uploads, section: OfficeSettings,
           now: datetime | None = None) -> OfficeLetter:
    """More PDFs: to an incoming letter by its registrar before it is read, to a draft by its drafter."""
    now = now_or(now)
    begin_write(session)
    letter = get_letter(session, letter_id)
    access.require_read(session, actor, letter)
    if letter.status not in (workflow.REGISTERED, workflow.DISTRIBUTED, workflow.DRAFT):
        raise OfficeWorkflowError("status", "office_step_refused", office_direction=letter.direction,
                                  office_status=letter.status, office_step="attach")
    if letter.direction == workflow.INCOMING:
        access.require_registrar(actor, letter, "attach")
    elif actor.staff_id != letter.created_by:
        raise OfficeAccessDenied("actor", "office_not_taker", office_step="attach")
    files = attachments.checked(uploads, section, already=attachments.count_of(session, letter.id))
    if not files:
        raise OfficeValidationError(attachments.FIELD, "office_required")
    attachments.store(session, letter, files, actor.staff_id, now)
    log_letter(session, letter, now, actor.username)
    return letter


def _recipient(session: Session, actor: Actor, letter: OfficeLetter, step: str) -> OfficeRecipient:
    recipient = recipient_of(session, letter.id, actor.staff_id)
    if recipient is None:
        raise OfficeAccessDenied("actor", "office_not_recipient", office_step=step)
    return recipient
