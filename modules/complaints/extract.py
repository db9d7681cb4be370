"""Complaint snapshots read straight from the table, for the ETL's full refresh.

Each dict equals the payload of the complaint's last change-log row (see snapshot.py).
Page through a large table with `after_id` = the last id of the previous page.
`extract_complaint_frame` gives the same snapshots as one DataFrame, without a dict per row.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import String, select, type_coerce

from modules.complaints.models import Complaint
from modules.complaints.snapshot import SNAPSHOT_KEYS, TIMESTAMP_KEYS, complaint_snapshot

_COLUMNS = [Complaint.__table__.c[key] for key in SNAPSHOT_KEYS]
_TIME_KEYS = (*TIMESTAMP_KEYS, "updated_at")
# Timestamps as the driver gives them (SQLite: text, PostgreSQL: naive UTC datetimes), parsed in bulk.
_RAW_COLUMNS = [type_coerce(column, String).label(column.name) if column.name in _TIME_KEYS else column
                for column in _COLUMNS]


def extract_complaint_snapshots(connection_or_session, after_id: int = 0,
                                limit: int | None = None) -> list[dict[str, Any]]:
    """Snapshots of complaints with id > after_id, by id, at most `limit` of them."""
    query = select(*_COLUMNS).where(Complaint.id > after_id).order_by(Complaint.id)
    if limit is not None:
        query = query.limit(limit)
    return [complaint_snapshot(row) for row in connection_or_session.execute(query)]


def extract_complaint_frame(connection_or_session, after_id: int = 0, limit: int | None = None) -> pd.DataFrame:
    """The same snapshots as a DataFrame with the SNAPSHOT_KEYS columns, one row per complaint by
    id: timestamps are UTC pandas timestamps cut to the second (what the snapshot's ISO strings
    say), every other value as in the snapshot (None where the snapshot has None)."""
    query = select(*_RAW_COLUMNS).where(Complaint.id > after_id).order_by(Complaint.id)
    if limit is not None:
        query = query.limit(limit)
    rows = [tuple(row) for row in connection_or_session.execute(query)]  # plain tuples: pandas probes each row
    frame = pd.DataFrame.from_records(rows, columns=list(SNAPSHOT_KEYS))
    for key in _TIME_KEYS:
        frame[key] = pd.to_datetime(frame[key], utc=True, format="ISO8601").dt.floor("s")
    return frame


def snapshots_by_entity(connection_or_session) -> dict[tuple[str, str], dict[str, Any]]:
    """Every complaint's snapshot keyed as the change log keys it, ("complaint", id): what the
    contract tests compare the change log's newest payloads with."""
    return {("complaint", str(s["id"])): s for s in extract_complaint_snapshots(connection_or_session)}
