"""What staff read: one complaint with its history and photos, an OPD's queue (nearest deadline
first) and the triage queue. Every read checks what the actor may see (access.py)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.users import Viewer
from modules.complaints.access import (COMPLAINT_READERS, WALL_ROLE, require_role, require_see, visible_filter,
                                       wall_may_show)
from modules.complaints.errors import AccessDenied, ComplaintNotFound
from modules.complaints.models import Complaint, ComplaintHistory, ComplaintPhoto
from modules.complaints.statuses import OPEN_STATUSES, current_due_sql


READING_ROLES = COMPLAINT_READERS


def get_complaint(session: Session, actor: Viewer, complaint_id: int) -> Complaint:
    """The full complaint, personal data included, for staff who may see it."""
    complaint = session.get(Complaint, complaint_id)
    if complaint is None:
        raise ComplaintNotFound(f"no complaint {complaint_id}")
    require_see(actor, complaint)
    return complaint


def complaint_history(session: Session, actor: Viewer, complaint_id: int) -> list[ComplaintHistory]:
    get_complaint(session, actor, complaint_id)
    return list(session.scalars(select(ComplaintHistory).where(ComplaintHistory.complaint_id == complaint_id)
                                .order_by(ComplaintHistory.id)))


def complaint_photo(session: Session, actor: Viewer, photo_id: int) -> ComplaintPhoto:
    """A photo for staff who may see its complaint; for a wall display only one its reporter
    allowed to be shown (the wall's scope is the city, so consent is its only limit)."""
    photo = session.get(ComplaintPhoto, photo_id)
    if photo is None:
        raise ComplaintNotFound("photo_not_found", photo_id=photo_id)
    if actor.role == WALL_ROLE:
        if not wall_may_show(session.get(Complaint, photo.complaint_id)):
            raise AccessDenied(f"{actor.username} (wall) may not show photo {photo_id}: "
                               f"its reporter did not allow it")
        return photo
    get_complaint(session, actor, photo.complaint_id)
    return photo


# Which deadline comes next: the first response until it is given, then the feedback.
NEXT_DUE_AT = current_due_sql(Complaint)


def list_queue(session: Session, actor: Viewer, opd_code: str | None = None, limit: int = 200) -> list[Complaint]:
    """Open complaints the actor may see (optionally of one OPD), the nearest deadline first."""
    require_role(actor, READING_ROLES, "list complaints")
    query = select(Complaint).where(Complaint.status.in_(OPEN_STATUSES), visible_filter(actor))
    if opd_code is not None:
        query = query.where(Complaint.opd_code == opd_code)
    query = query.order_by(NEXT_DUE_AT.asc().nulls_last(), Complaint.received_at, Complaint.id)
    return list(session.scalars(query.limit(limit)))


def list_triage_queue(session: Session, actor: Viewer, limit: int = 200) -> list[Complaint]:
    """Complaints no rule could route, waiting for an operator to dispatch them; oldest first."""
    require_role(actor, READING_ROLES, "list complaints")
    query = select(Complaint).where(Complaint.status == "received", Complaint.opd_code.is_(None),
                                    visible_filter(actor))
    return list(session.scalars(query.order_by(Complaint.received_at, Complaint.id).limit(limit)))
