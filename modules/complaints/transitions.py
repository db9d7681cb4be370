"""The workflow actions on one complaint: each checks the actor (access.py) and the transition
(workflow.py) before it writes, records a deadline missed before the step, then the step."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from core.clock import now_or
from core.users import Viewer
from modules.complaints import workflow
from modules.complaints.access import require_act
from modules.complaints.checks import require_note, require_opd, ticket_of
from modules.complaints.errors import ComplaintNotFound, ComplaintValidationError, WorkflowError
from modules.complaints.history import record_step
from modules.complaints.models import Complaint
from modules.complaints.notifications import queue_feedback
from modules.complaints.sla_breaches import record_breaches
from modules.complaints.workflow import REJECTION_REASONS

MAX_FEEDBACK = 2000  # the desk's text box allows as much; the OpenAPI document publishes it


def dispatch(session: Session, actor: Viewer, complaint_id: int, opd_code: str, note: str = "",
             *, now: datetime | None = None) -> Complaint:
    """Hands a complaint from the triage queue to an OPD."""
    now = now_or(now)
    require_opd(session, opd_code)
    complaint, target = _checked(session, actor, complaint_id, "dispatch")
    return _apply(session, actor, complaint, "dispatch", target, note, now,
                  opd_code=opd_code, dispatched_at=complaint.dispatched_at or now)


def respond(session: Session, actor: Viewer, complaint_id: int, note: str = "",
            *, now: datetime | None = None) -> Complaint:
    """The OPD's complaint team (TPKPM) takes the complaint up: the first-response SLA is met."""
    now = now_or(now)
    complaint, target = _checked(session, actor, complaint_id, "respond")
    return _apply(session, actor, complaint, "respond", target, note, now,
                  first_response_at=complaint.first_response_at or now)


def start_work(session: Session, actor: Viewer, complaint_id: int, note: str = "",
               *, now: datetime | None = None) -> Complaint:
    now = now_or(now)
    complaint, target = _checked(session, actor, complaint_id, "start_work")
    return _apply(session, actor, complaint, "start_work", target, note, now,
                  started_at=complaint.started_at or now)


def resolve(session: Session, actor: Viewer, complaint_id: int, note: str = "",
            *, now: datetime | None = None) -> Complaint:
    now = now_or(now)
    complaint, target = _checked(session, actor, complaint_id, "resolve")
    return _apply(session, actor, complaint, "resolve", target, note, now, resolved_at=now)


def close(session: Session, actor: Viewer, complaint_id: int, note: str = "",
          *, now: datetime | None = None) -> Complaint:
    now = now_or(now)
    complaint, target = _checked(session, actor, complaint_id, "close")
    return _apply(session, actor, complaint, "close", target, note, now, closed_at=now)


def reject(session: Session, actor: Viewer, complaint_id: int, reason: str, note: str,
           *, now: datetime | None = None) -> Complaint:
    """Rejects with a reason code (spam, duplicate, not_city_responsibility) and a note saying why."""
    now = now_or(now)
    if reason not in REJECTION_REASONS:
        raise ComplaintValidationError.one("reason", "unknown_reason", value=reason, known=", ".join(REJECTION_REASONS))
    require_note(note, "reject_note_missing")
    complaint, target = _checked(session, actor, complaint_id, "reject")
    return _apply(session, actor, complaint, "reject", target, note, now, rejection_reason=reason, rejected_at=now)


def transfer(session: Session, actor: Viewer, complaint_id: int, to_opd: str, note: str,
             *, now: datetime | None = None) -> Complaint:
    """Sends the complaint to another OPD, which receives it as newly dispatched."""
    now = now_or(now)
    require_opd(session, to_opd)
    require_note(note, "transfer_note_missing")
    complaint, target = _checked(session, actor, complaint_id, "transfer")
    if complaint.opd_code == to_opd:
        raise WorkflowError("already_with_opd", action="transfer", ticket=complaint.ticket, opd=to_opd)
    return _apply(session, actor, complaint, "transfer", target, f"{complaint.opd_code} -> {to_opd}: {note}", now,
                  opd_code=to_opd)


def reopen(session: Session, actor: Viewer, complaint_id: int, note: str, to_status: str | None = None,
           *, now: datetime | None = None) -> Complaint:
    """Back to work: in_progress if the OPD had responded, else dispatched (received without an OPD)."""
    now = now_or(now)
    require_note(note, "reopen_note_missing")
    complaint, target = _checked(session, actor, complaint_id, "reopen", to_status)
    undo_duplicate = dict(duplicate_state="dismissed", duplicate_of_id=None) \
        if complaint.duplicate_state == "confirmed" else {}
    return _apply(session, actor, complaint, "reopen", target, note, now, resolved_at=None, closed_at=None,
                  rejected_at=None, rejection_reason=None, **undo_duplicate)


def send_feedback(session: Session, actor: Viewer, complaint_id: int, message: str,
                  *, now: datetime | None = None) -> Complaint:
    """Records feedback given to the citizen (the first one meets the feedback SLA) and queues the
    message for delivery (notifications.py); the delivery worker sends it later."""
    now = now_or(now)
    require_note(message, "feedback_missing")
    if len(message) > MAX_FEEDBACK:  # it goes out by SMS and e-mail, and is published on /lacak
        raise ComplaintValidationError.one("note", "feedback_too_long", max=MAX_FEEDBACK)
    complaint, target = _checked(session, actor, complaint_id, "send_feedback")
    _apply(session, actor, complaint, "send_feedback", target, message, now, feedback_at=complaint.feedback_at or now)
    queue_feedback(session, complaint, message, now)  # the outbox row commits with the feedback, or neither does
    return complaint


def confirm_duplicate(session: Session, actor: Viewer, complaint_id: int, note: str = "",
                      *, now: datetime | None = None) -> Complaint:
    """A suspected duplicate is one: rejected with reason duplicate, still linked to the original."""
    now = now_or(now)
    complaint, target = _checked(session, actor, complaint_id, "confirm_duplicate")
    note = note or f"duplicate of {ticket_of(session, complaint.duplicate_of_id)}"
    return _apply(session, actor, complaint, "confirm_duplicate", target, note, now, duplicate_state="confirmed",
                  rejection_reason="duplicate", rejected_at=now)


def dismiss_duplicate(session: Session, actor: Viewer, complaint_id: int, note: str = "",
                      *, now: datetime | None = None) -> Complaint:
    """A suspected duplicate is not one: the link is dropped (the history keeps it)."""
    now = now_or(now)
    complaint, target = _checked(session, actor, complaint_id, "dismiss_duplicate")
    note = note or f"not a duplicate of {ticket_of(session, complaint.duplicate_of_id)}"
    return _apply(session, actor, complaint, "dismiss_duplicate", target, note, now, duplicate_state="dismissed",
                  duplicate_of_id=None)


def _checked(session: Session, actor: Viewer, complaint_id: int, action: str,
             to_status: str | None = None) -> tuple[Complaint, str]:
    """The complaint (row-locked on PostgreSQL) and the status the action leads to; writes nothing."""
    complaint = session.get(Complaint, complaint_id, with_for_update=True, populate_existing=True)
    if complaint is None:
        raise ComplaintNotFound("not_found", complaint_id=complaint_id)
    require_act(actor, complaint)
    return complaint, workflow.check(action, complaint, to_status)


def _apply(session: Session, actor: Viewer, complaint: Complaint, action: str, target: str, note: str,
           now: datetime, **changes: Any) -> Complaint:
    record_breaches(session, complaint, now)  # a deadline missed before this step is recorded first
    from_status = complaint.status
    for column, value in changes.items():
        setattr(complaint, column, value)
    complaint.status = target
    record_step(session, complaint, actor, workflow.event_of(action), from_status, note, now)
    return complaint
