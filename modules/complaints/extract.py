"""Complaint snapshots read straight from the table, for the ETL's full refresh.

Each dict equals the payload of the complaint's last change-log row (see snapshot.py).
Page through a large table with `after_id` = the last id of the previous page.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from modules.complaints.models import Complaint
from modules.complaints.snapshot import SNAPSHOT_KEYS, complaint_snapshot

_COLUMNS = [Complaint.__table__.c[key] for key in SNAPSHOT_KEYS]


def extract_complaint_snapshots(connection_or_session, after_id: int = 0,
                                limit: int | None = None) -> list[dict[str, Any]]:
    """Snapshots of complaints with id > after_id, by id, at most `limit` of them."""
    query = select(*_COLUMNS).where(Complaint.id > after_id).order_by(Complaint.id)
    if limit is not None:
        query = query.limit(limit)
    return [complaint_snapshot(row) for row in connection_or_session.execute(query)]
