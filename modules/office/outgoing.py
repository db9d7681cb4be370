"""Outgoing letters: a staff member drafts one for a superior's signature, the verifiers initial it
in their order, the signer signs, the registrar numbers it in the OPD's year, it is sent, and the
registrar archives it (`archive`, shared with incoming letters). A verifier whose turn it is, or the signer, may return
it to the drafter with a note; then every initial is cleared and it is submitted again.

Who may verify and sign is the hierarchy's question (modules.staff.hierarchy.supervisor_chain):
the signer is the drafter himself or one of his superiors, and each verifier a superior of the
drafter below the signer (SRIKANDI's verifiers are the officials between the drafter and the
signer). The drafter chooses their order.

    letter = draft(session, drafter, form, [], settings.office)
    submit(session, drafter, letter.id); initial(session, chief, letter.id); sign(session, head, letter.id)
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import city_today, now_or
from modules.office import access, attachments, checks, numbers, workflow
from modules.office.access import Actor
from modules.office.errors import OfficeAccessDenied, OfficeValidationError
from modules.office.incoming import archive  # noqa: F401  the registrar files both directions alike
from modules.office.letters import active_staff, check_link, letter_for_step
from modules.office.models import OfficeLetter, OfficeVerifier
from modules.office.recording import begin_write, log_letter
from modules.office.settings import OfficeSettings
from modules.staff.hierarchy import supervisor_chain

MAX_VERIFIERS = 10


def draft(session: Session, actor: Actor, form: dict, uploads, section: OfficeSettings,
          now: datetime | None = None) -> OfficeLetter:
    """form: correspondent (the addressee), subject, classification, security, due_date?, signer_id,
    verifier_ids (in order; may be empty), link_kind?, link_id?"""
    now = now_or(now)
    access.require_own_opd(actor)
    begin_write(session)
    fields = checks.letter_fields(form)
    checks.not_past("due_date", fields.due_date, city_today(now))
    signer_id = checks.an_id("signer_id", form.get("signer_id"))
    verifier_ids = checks.staff_ids("verifier_ids", form.get("verifier_ids"), MAX_VERIFIERS, allow_empty=True)
    _check_line(session, actor, signer_id, verifier_ids)
    files = attachments.checked(uploads, section)
    check_link(session, fields.link_kind, fields.link_id)
    letter = OfficeLetter(
        direction=workflow.OUTGOING, opd_code=actor.opd_code, correspondent=fields.correspondent,
        subject=fields.subject, classification=fields.classification, security=fields.security,
        due_date=fields.due_date, status=workflow.DRAFT, link_kind=fields.link_kind, link_id=fields.link_id,
        created_by=actor.staff_id, signer_id=signer_id, created_at=now, updated_at=now)
    session.add(letter)
    session.flush()
    session.add_all(OfficeVerifier(letter_id=letter.id, staff_id=staff_id, position=place)
                    for place, staff_id in enumerate(verifier_ids, start=1))
    attachments.store(session, letter, files, actor.staff_id, now)
    log_letter(session, letter, now, actor.username)
    return letter


def submit(session: Session, actor: Actor, letter_id, now: datetime | None = None) -> OfficeLetter:
    """The drafter asks for the initials (none named: the letter waits for its signer)."""
    now = now_or(now)
    letter = letter_for_step(session, actor, letter_id, "submit")
    _require(actor.staff_id == letter.created_by, "submit")
    verifiers = _verifiers(session, letter)
    for verifier in verifiers:
        verifier.initialled_at = None
    letter.status = workflow.IN_REVIEW if verifiers else workflow.READY_TO_SIGN
    letter.submitted_at = now
    log_letter(session, letter, now, actor.username)
    return letter


def initial(session: Session, actor: Actor, letter_id, now: datetime | None = None) -> OfficeLetter:
    """The verifier whose turn it is initials; after the last, the letter waits for its signer."""
    now = now_or(now)
    letter = letter_for_step(session, actor, letter_id, "initial")
    pending = [v for v in _verifiers(session, letter) if v.initialled_at is None]
    _require_turn(actor, pending, "initial")
    pending[0].initialled_at = now
    if len(pending) == 1:
        letter.status = workflow.READY_TO_SIGN
    log_letter(session, letter, now, actor.username)
    return letter


def return_to_drafter(session: Session, actor: Actor, letter_id, note, now: datetime | None = None) -> OfficeLetter:
    """The verifier whose turn it is (or, once all initialled, the signer) sends it back with a note."""
    now = now_or(now)
    letter = letter_for_step(session, actor, letter_id, "return")
    verifiers = _verifiers(session, letter)
    if letter.status == workflow.IN_REVIEW:
        _require_turn(actor, [v for v in verifiers if v.initialled_at is None], "return")
    else:
        _require(actor.staff_id == letter.signer_id, "return")
    text = checks.note(note, "return")
    for verifier in verifiers:
        verifier.initialled_at = None
    letter.status, letter.returned_at, letter.return_note = workflow.DRAFT, now, text
    log_letter(session, letter, now, actor.username)
    return letter


def sign(session: Session, actor: Actor, letter_id, now: datetime | None = None) -> OfficeLetter:
    """The signer only, after every verifier (the status says so); the letter is dated today."""
    now = now_or(now)
    letter = letter_for_step(session, actor, letter_id, "sign")
    _require(actor.staff_id == letter.signer_id, "sign")
    letter.status, letter.signed_at, letter.letter_date = workflow.SIGNED, now, city_today(now)
    log_letter(session, letter, now, actor.username)
    return letter


def number(session: Session, actor: Actor, letter_id, now: datetime | None = None) -> OfficeLetter:
    """The registrar gives a signed letter the OPD's next number of the year."""
    now = now_or(now)
    letter = letter_for_step(session, actor, letter_id, "number")
    access.require_registrar(actor, letter, "number")
    letter.number_year, letter.number = numbers.allocate(session, workflow.OUTGOING, letter.opd_code, now)
    letter.status, letter.numbered_at = workflow.NUMBERED, now
    log_letter(session, letter, now, actor.username)
    return letter


def send(session: Session, actor: Actor, letter_id, now: datetime | None = None) -> OfficeLetter:
    """The drafter or a registrar sends a numbered letter."""
    now = now_or(now)
    letter = letter_for_step(session, actor, letter_id, "send")
    _require(actor.staff_id == letter.created_by or access.is_registrar_of(actor, letter), "send")
    letter.status, letter.sent_at = workflow.SENT, now
    log_letter(session, letter, now, actor.username)
    return letter


# --- helpers ---------------------------------------------------------------------------------------

def _check_line(session: Session, actor: Actor, signer_id: int, verifier_ids: list[int]) -> None:
    """The signer is the drafter or a superior; each verifier a superior below the signer."""
    active_staff(session, "signer_id", signer_id)
    chain = supervisor_chain(session, actor.staff_id)  # nearest superior first
    if signer_id != actor.staff_id and signer_id not in chain:
        raise OfficeValidationError("signer_id", "office_signer_chain", staff_id=signer_id)
    below_signer = chain[:chain.index(signer_id)] if signer_id in chain else []
    for staff_id in verifier_ids:
        active_staff(session, "verifier_ids", staff_id)
        if staff_id not in below_signer:
            raise OfficeValidationError("verifier_ids", "office_verifier_chain", staff_id=staff_id)


def _verifiers(session: Session, letter: OfficeLetter) -> list[OfficeVerifier]:
    return list(session.scalars(select(OfficeVerifier).where(OfficeVerifier.letter_id == letter.id)
                                .order_by(OfficeVerifier.position)))


def _require_turn(actor: Actor, pending: list[OfficeVerifier], step: str) -> None:
    if not pending or pending[0].staff_id != actor.staff_id:
        if any(v.staff_id == actor.staff_id for v in pending):
            raise OfficeAccessDenied("actor", "office_not_your_turn", staff_id=pending[0].staff_id)
        raise OfficeAccessDenied("actor", "office_not_taker", office_step=step)


def _require(allowed: bool, step: str) -> None:
    if not allowed:
        raise OfficeAccessDenied("actor", "office_not_taker", office_step=step)
