"""Staging: complaint snapshots (from the change log or the extract) as one typed DataFrame.

Each change-log row of entity "complaint" carries the complaint's whole public state after the
change (modules/complaints/snapshot.py), so only the latest snapshot of each complaint matters.
"""

from __future__ import annotations

import pandas as pd

SNAPSHOT_TIMES = ["received_at", "dispatched_at", "first_response_at", "feedback_at", "resolved_at", "closed_at",
                  "first_response_due_at", "feedback_due_at", "first_response_breached_at",
                  "feedback_breached_at", "updated_at"]
SNAPSHOT_COLUMNS = ["id", "ticket", "channel", "category_code", "opd_code", "status", "kecamatan_code",
                    "kelurahan_code", "rw", "rt", "lat", "lon", *SNAPSHOT_TIMES, "duplicate_of_id", "rejection_reason"]


def stg_complaint_snapshots(payloads: list[dict], positions: list[int] | None = None) -> pd.DataFrame:
    """The latest snapshot per complaint, typed; `position` kept to point rejects at their change."""
    frame = pd.DataFrame(payloads, columns=SNAPSHOT_COLUMNS)
    frame["position"] = pd.Series(positions, dtype="Int64") if positions is not None else pd.NA
    return _typed(frame)


def stg_complaint_frame(snapshots: pd.DataFrame) -> pd.DataFrame:
    """The same from the module's extract frame (modules.complaints.extract_complaint_frame)."""
    frame = snapshots[SNAPSHOT_COLUMNS].copy()
    frame["position"] = pd.NA
    return _typed(frame)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.drop_duplicates("id", keep="last")
    for column in SNAPSHOT_TIMES:
        frame[column] = pd.to_datetime(frame[column], utc=True, format="ISO8601")
    frame["lat"] = pd.to_numeric(frame["lat"], errors="coerce")
    frame["lon"] = pd.to_numeric(frame["lon"], errors="coerce")
    # whole numbers or NULL (a version-1 payload has no RW); Int64 keeps them ints for the COPY
    frame["rw"] = pd.to_numeric(frame["rw"], errors="coerce").astype("Int64")
    frame["rt"] = pd.to_numeric(frame["rt"], errors="coerce").astype("Int64")
    frame["id"] = frame["id"].astype("int64")
    return frame.reset_index(drop=True)
