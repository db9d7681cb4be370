"""Missed deadlines, recorded once each: by the sweeper for every open complaint, and by every
action before it changes a complaint (so a deadline missed before the step is on record first).
When a deadline is due and missed is sla.py's (pure) question; this writes the answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from core.clock import now_or
from core.settings import Settings
from modules.complaints import sla
from modules.complaints.access import system_actor
from modules.complaints.history import record_step
from modules.complaints.models import Complaint
from core.clock import iso_utc
from modules.complaints.statuses import OPEN_STATUSES


SLA_ACTOR = system_actor("sla")


@dataclass(frozen=True)
class Breach:
    complaint_id: int
    ticket: str
    kind: str  # "first_response" or "feedback"
    due_at: datetime


def sweep_sla_breaches(session: Session, settings: Settings, now: datetime | None = None) -> list[Breach]:
    """Records every deadline missed by `now` that is not recorded yet; returns what it recorded.

    Due times are fixed on the complaint at receipt (from `settings` and the category's override),
    so the sweep needs only the clock. Rows being edited elsewhere are skipped: the action that
    holds them records a missed deadline itself.
    """
    now = now_or(now)
    overdue = select(Complaint).where(Complaint.status.in_(OPEN_STATUSES), or_(
        and_(Complaint.first_response_at.is_(None), Complaint.first_response_breached_at.is_(None),
             Complaint.first_response_due_at < now),
        and_(Complaint.feedback_at.is_(None), Complaint.feedback_breached_at.is_(None),
             Complaint.feedback_due_at < now),
    )).order_by(Complaint.id).with_for_update(skip_locked=True)
    return [breach for complaint in session.scalars(overdue).all()
            for breach in record_breaches(session, complaint, now)]


def record_breaches(session: Session, complaint: Complaint, now: datetime) -> list[Breach]:
    found = []
    for kind, due in (("first_response", sla.first_response_breach(complaint, now)),
                      ("feedback", sla.feedback_breach(complaint, now))):
        if due is None:
            continue
        setattr(complaint, f"{kind}_breached_at", due)
        record_step(session, complaint, SLA_ACTOR, f"{kind}_breached", complaint.status, f"was due {iso_utc(due)}", now)
        found.append(Breach(complaint.id, complaint.ticket, kind, due))
    return found
