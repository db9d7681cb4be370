"""What anyone may read: a ticket's public view (no personal data, no staff notes) and Open311's
request listing."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import as_utc, now_or
from modules.complaints.errors import ComplaintValidationError
from modules.complaints.models import Complaint, ComplaintHistory
from modules.complaints.statuses import FINISHED_FOR_CITIZENS
from modules.complaints.tickets import normalise_ticket
from modules.complaints.views import FEEDBACK_EVENT, PublicComplaint, public_view

OPEN311_MAX_DAYS = 90


def find_by_ticket(session: Session, ticket: str) -> PublicComplaint | None:
    """What a citizen sees when he looks up his ticket: no personal data, no staff notes."""
    complaint = session.scalar(select(Complaint).where(Complaint.ticket == normalise_ticket(ticket)))
    if complaint is None:
        return None
    history = session.scalars(select(ComplaintHistory).where(ComplaintHistory.complaint_id == complaint.id)
                              .order_by(ComplaintHistory.id)).all()
    return public_view(complaint, list(history))


def latest_feedback(session: Session, tickets: list[str]) -> dict[str, tuple[datetime, str]]:
    """ticket -> (when, text) of the newest feedback message sent to the citizen (Open311 lists)."""
    found: dict[str, tuple[datetime, str]] = {}
    for start in range(0, len(tickets), 500):
        rows = session.execute(select(Complaint.ticket, ComplaintHistory.at, ComplaintHistory.note)
                               .join(ComplaintHistory, ComplaintHistory.complaint_id == Complaint.id)
                               .where(Complaint.ticket.in_(tickets[start:start + 500]),
                                      ComplaintHistory.action == FEEDBACK_EVENT, ComplaintHistory.note != "")
                               .order_by(ComplaintHistory.id))
        found.update({ticket: (at, note) for ticket, at, note in rows})  # the newest wins
    return found


def list_requests(session: Session, service_code: str | None = None, status: str | None = None,
                  start_date: datetime | None = None, end_date: datetime | None = None,
                  ids: list[str] | None = None, limit: int = 1000,
                  now: datetime | None = None) -> list[PublicComplaint]:
    """Open311 GET requests: by tickets (ids), or by category, open/closed and a span of at most 90 days
    (the last 90 days by default); newest first."""
    query = select(Complaint)
    if ids:
        query = query.where(Complaint.ticket.in_([normalise_ticket(t) for t in ids]))
    else:
        start, end = _open311_span(start_date, end_date, now_or(now))
        query = query.where(Complaint.received_at.between(start, end))
        if service_code:
            query = query.where(Complaint.category_code == service_code)
        if status is not None:
            query = query.where(_open311_status_filter(status))
    query = query.order_by(Complaint.received_at.desc(), Complaint.id.desc()).limit(limit)
    return [public_view(complaint) for complaint in session.scalars(query)]


def _open311_span(start: datetime | None, end: datetime | None, now: datetime) -> tuple[datetime, datetime]:
    span = timedelta(days=OPEN311_MAX_DAYS)
    start, end = (as_utc(start) if start else None), (as_utc(end) if end else None)
    end = end or (start + span if start else now)
    start = start or end - span
    if end < start:
        raise ComplaintValidationError.one("end_date", "end_before_start")
    if end - start > span:
        raise ComplaintValidationError.one("end_date", "span_too_long", days=OPEN311_MAX_DAYS)
    return start, end


def _open311_status_filter(status: str):
    if status not in ("open", "closed"):
        raise ComplaintValidationError.one("status", "unknown_open311_status", value=status)
    closed = Complaint.status.in_(FINISHED_FOR_CITIZENS)
    return closed if status == "closed" else ~closed
