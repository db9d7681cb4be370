"""One change of a complaint, recorded: a `complaint_history` row (the evidence staff and citizens
read) and a change-log row (what the ETL reads), in the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from core.changelog import record_change
from core.users import Viewer
from modules.complaints.models import Complaint, ComplaintHistory
from modules.complaints.snapshot import ENTITY, SNAPSHOT_VERSION, complaint_snapshot


def record_step(session: Session, complaint: Complaint, actor: Viewer | None, event: str,
                from_status: str | None, note: str, now: datetime, at: datetime | None = None) -> None:
    """The history row and the change-log row of one change, in the caller's transaction."""
    complaint.updated_at = now
    session.add(ComplaintHistory(complaint_id=complaint.id, at=at or now, actor=actor_name(actor), action=event,
                                 from_status=from_status, to_status=complaint.status,
                                 opd_code=complaint.opd_code, note=note or ""))
    record_change(session, ENTITY, complaint.id, event, complaint_snapshot(complaint), SNAPSHOT_VERSION,
                  actor=None if actor is None or actor.role == "system" else actor.username)


def actor_name(actor: Viewer | None) -> str:
    return "citizen" if actor is None else actor.username[:64]
