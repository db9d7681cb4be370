"""The photos of new complaints a wall display may show: the reporter allowed it
(modules.complaints.access.wall_photo_filter). Like data/complaint_desk.py this reads the
transactional database: photos never go into the marts.

Only public facts come back (photo id, ticket, category, kelurahan, time), never the reporter's
name or contact; the photo's bytes are fetched by its opaque id from the role-checked route
(downloads/complaint_photos.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from core.clock import now_or
from core.services import Services
from core.settings import WALL_ROLES
from core.users import Viewer
from modules.complaints.access import SCOPE_COLUMNS, wall_photo_filter
from modules.complaints.models import Complaint, ComplaintPhoto


def wall_photos(services: Services, viewer: Viewer, hours: int, limit: int,
                now: datetime | None = None) -> list[dict]:
    """The first photo of each of the newest `limit` complaints received in the last `hours`
    whose reporter allowed the wall to show it, newest first, within the viewer's scope."""
    if viewer.role not in WALL_ROLES:
        return []
    since = now_or(now) - timedelta(hours=hours)
    first_photo = (select(ComplaintPhoto.complaint_id, func.min(ComplaintPhoto.id).label("photo_id"))
                   .group_by(ComplaintPhoto.complaint_id).subquery())
    query = (select(first_photo.c.photo_id, Complaint.ticket, Complaint.category_code, Complaint.kelurahan_code,
                    Complaint.received_at)
             .join(first_photo, first_photo.c.complaint_id == Complaint.id)
             .where(wall_photo_filter(), Complaint.received_at >= since,
                    *viewer.scope.conditions(Complaint.__table__, SCOPE_COLUMNS))
             .order_by(Complaint.received_at.desc(), Complaint.id.desc()).limit(limit))
    with services.databases.session() as session:
        return [dict(row._mapping) for row in session.execute(query)]
