"""The complaints ETL job, in the shape every domain's job copies:

- `apply_changes`: a batch of change-log rows -> staging -> facts and rejects -> upsert -> rebuild
  the aggregate days touched. Called inside the warehouse transaction that also moves the watermark.
- `full_refresh`: the same transform over an extract of the module's tables.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import delete

from data.complaints.tables import (COMPLAINT_MARTS, AggComplaintsDaily, AggComplaintsPairs, AggComplaintsPairsMonthly,
                                    AggComplaintsResponseDaily, AggComplaintsSlices, FctComplaint)
from etl.complaints.aggregates import rebuild_days
from etl.complaints.facts import fct_complaints, reject_reasons
from etl.complaints.staging import stg_complaint_frame, stg_complaint_snapshots
from etl.jobs import BatchResult, Dimensions, Job
from etl.load import clear_rejects, delete_keys, record_rejects, replace_rows
from modules.complaints.snapshot import ENTITY, READABLE_VERSIONS

NAME = "complaints"
EXTRACT_PAGE = 50_000  # complaints per page of a full refresh


def stage_changes(changes: list[dict]) -> pd.DataFrame:
    return stg_complaint_snapshots([c["payload"] for c in changes], [c["position"] for c in changes])


def apply_changes(connection, snapshots: pd.DataFrame, dimensions: Dimensions) -> BatchResult:
    return _load(connection, snapshots, dimensions, full=False)


def full_refresh(source, connection, dimensions: Dimensions, progress) -> BatchResult:
    """The facts table is emptied and refilled page by page from the module's extract (read as
    DataFrames, appended in bulk), then the aggregate is rebuilt from the facts in one statement."""
    from modules.complaints.extract import extract_complaint_frame

    connection.execute(delete(FctComplaint.__table__))
    clear_rejects(connection, NAME)
    total, after_id = BatchResult(), 0
    while True:
        snapshots = extract_complaint_frame(source, after_id=after_id, limit=EXTRACT_PAGE)
        if snapshots.empty:
            break
        total += _load(connection, stg_complaint_frame(snapshots), dimensions, full=True)
        after_id = int(snapshots["id"].iloc[-1])
        progress(len(snapshots))
    rebuild_days(connection, None)
    return total


def _load(connection, snapshots: pd.DataFrame, dimensions: Dimensions, full: bool) -> BatchResult:
    """Facts of the good snapshots replace their old rows; the bad ones lose theirs and are rejected."""
    reasons = reject_reasons(snapshots, dimensions.categories, dimensions.kecamatan)
    good, bad = snapshots[reasons == ""], snapshots[reasons != ""]
    facts = fct_complaints(good)
    fact_table = FctComplaint.__table__
    touched_days = set()
    if not full:  # the old facts go, good and bad alike; the days they counted in are rebuilt
        touched_days = set(delete_keys(connection, fact_table, "complaint_id", snapshots["id"].tolist(),
                                       returning="received_day"))
    written = replace_rows(connection, fact_table, "complaint_id", facts, emptied=True)
    record_rejects(connection, NAME, [
        {"position": None if pd.isna(row.position) else int(row.position), "entity": "complaint",
         "entity_id": str(row.id), "reason": reasons[index], "payload": _jsonable(row)}
        for index, row in bad.iterrows()
    ])
    if not full:
        rebuild_days(connection, touched_days | set(facts["received_day"]))
    return BatchResult(read=len(snapshots), written=written, rejected=len(bad))


def _jsonable(row) -> dict:
    def plain(value):
        if pd.isna(value):
            return None
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return value.item() if hasattr(value, "item") else value

    return {k: plain(v) for k, v in row.drop(labels=["position"]).items()}


JOB = Job(name=NAME, entities=(ENTITY,), marts=COMPLAINT_MARTS, schema_versions=READABLE_VERSIONS,
          stage=stage_changes, apply_changes=apply_changes, full_refresh=full_refresh,
          mart_tables=(FctComplaint.__table__, AggComplaintsDaily.__table__, AggComplaintsSlices.__table__,
                       AggComplaintsPairs.__table__, AggComplaintsPairsMonthly.__table__,
                       AggComplaintsResponseDaily.__table__))
JOBS = [JOB]  # what the complaints domain registers (domains/complaints.py)
