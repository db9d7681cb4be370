"""The ETL's own state, read from the warehouse for the admin page: how far each job has read,
the version of each mart, and the changes the ETL rejected. Not cached: an admin wants it now.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select

from core.services import Services
from data.frames import query_frame
from etl.state import MartVersion, Reject, Watermark

REJECT_LIMIT = 500
SUMMARY_KEYS = ("ticket", "status", "category_code", "opd_code", "kecamatan_code", "kelurahan_code",
                "channel", "received_at")  # what tells an admin which record it was, first
SUMMARY_CHARACTERS = 200


def watermarks(services: Services) -> pd.DataFrame:
    query = select(Watermark.job, Watermark.position, Watermark.updated_at).order_by(Watermark.job)
    return _frame(services, query, ["job", "position", "updated_at"])


def mart_versions(services: Services) -> pd.DataFrame:
    query = select(MartVersion.mart, MartVersion.version, MartVersion.updated_at).order_by(MartVersion.mart)
    return _frame(services, query, ["mart", "version", "updated_at"])


def reject_count(services: Services) -> int:
    with services.databases.warehouse.connect() as connection:
        return connection.scalar(select(func.count()).select_from(Reject)) or 0


def rejects(services: Services, limit: int = REJECT_LIMIT) -> pd.DataFrame:
    """The newest rejects, with a one-line summary of each payload instead of the payload."""
    query = (select(Reject.rejected_at, Reject.job, Reject.entity, Reject.entity_id, Reject.position,
                    Reject.reason, Reject.payload)
             .order_by(Reject.rejected_at.desc(), Reject.id.desc()).limit(limit))
    frame = _frame(services, query, ["rejected_at", "job", "entity", "entity_id", "position", "reason", "payload"])
    frame["payload_summary"] = [payload_summary(p) for p in frame["payload"]]
    return frame.drop(columns="payload")


def payload_summary(payload: dict | None) -> str:
    """'key=value, ...' with the identifying keys first, cut to one line."""
    if not payload:
        return ""
    keys = [k for k in SUMMARY_KEYS if k in payload] + [k for k in payload if k not in SUMMARY_KEYS]
    text = ", ".join(f"{k}={payload[k]}" for k in keys if payload[k] not in (None, ""))
    return text if len(text) <= SUMMARY_CHARACTERS else text[:SUMMARY_CHARACTERS - 1] + "…"


def _frame(services: Services, query, columns: list[str]) -> pd.DataFrame:
    with services.databases.warehouse.connect() as connection:
        return query_frame(connection, query, columns)
