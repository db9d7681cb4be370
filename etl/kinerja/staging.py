"""Staging: `kinerja_activity`, `kinerja_period` and `kinerja_score` change-log snapshots as typed
DataFrames (the contract: modules/kinerja/snapshot.py, SNAPSHOT_VERSION 1; only the fields named
here are kept, etl/staging.py). An activity's `deleted` is True when its latest change is the
"deleted" step (its payload is then the last snapshot): its fact goes. `day` ('YYYY-MM-DD') is
parsed here and named in `bad_date` when it does not parse."""

from __future__ import annotations

import pandas as pd

from etl import staging
from etl.checks import with_dates
from etl.staging import Shape

ACTIVITY, PERIOD, SCORE = "kinerja_activity", "kinerja_period", "kinerja_score"
ENTITIES = (ACTIVITY, PERIOD, SCORE)
DELETED = "deleted"  # the operation that removes an activity

ACTIVITY_TEXTS = ("opd_code", "unit", "status", "link_kind")
SCORE_TEXTS = ("opd_code", "quarter", "band")

SHAPES = {
    ACTIVITY: Shape("id", (
        "id", "staff_id", "opd_code", "unit", "day", "start_minute", "end_minute", "minutes", "status", "link_kind",
        "has_link", "has_photo", "created_at", "submitted_at", "decided_at", "updated_at", "deleted"),
        times=("created_at", "submitted_at", "decided_at", "updated_at"),
        numbers=("staff_id", "start_minute", "end_minute", "minutes")),
    PERIOD: Shape("month", ("month", "closed_at", "activities_locked"), times=("closed_at",),
                  numbers=("activities_locked",)),
    SCORE: Shape("id", (
        "id", "staff_id", "opd_code", "quarter", "working_days", "approved_minutes", "target_minutes", "work_score",
        "competence_score", "final_score", "band", "scored_at"), times=("scored_at",),
        numbers=("staff_id", "working_days", "approved_minutes", "target_minutes", "work_score",
                 "competence_score", "final_score")),
}


def stage_changes(changes: list[dict]) -> dict[str, pd.DataFrame]:
    """Change-log rows (ordered by position) -> {entity: latest snapshot per id, typed}."""
    staged = staging.stage_changes([_prepared(change) for change in changes], SHAPES)
    activities = staged[ACTIVITY]
    activities["deleted"] = activities["deleted"].map(lambda v: v is True).astype(bool)
    staged[ACTIVITY] = with_dates(activities, ("day",))
    return staged


def _prepared(change: dict) -> dict:
    """An id (a number in the payload) as the text of its entity_id, so that 7 never stages as
    '7.0'; an activity's payload marked `deleted` by its operation (a row from an extract has none)."""
    payload = change["payload"]
    if change["entity"] not in (ACTIVITY, SCORE) or not isinstance(payload, dict):
        return change
    payload = dict(payload)
    number = payload.get("id")
    if isinstance(number, int) and not isinstance(number, bool):
        payload["id"] = str(number)
    if change["entity"] == ACTIVITY:
        payload["deleted"] = change.get("operation") == DELETED
    return {**change, "payload": payload}


def stage_activity_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """What stage_changes gives for activities, from the module's extract frame
    (modules/kinerja/extract.activity_frame: typed by the database, one row per id, none deleted):
    the same columns and types, so the same checks and facts follow."""
    shape = SHAPES[ACTIVITY]
    staged = pd.DataFrame({name: frame[name] for name in shape.columns if name != "deleted"})
    staged["id"] = staged["id"].astype(str)
    for name in shape.numbers:
        staged[name] = staged[name].astype(float)
    staged["deleted"] = False
    staged["position"] = pd.Series(pd.NA, index=staged.index, dtype="Int64")
    staged["bad_time"] = staged["bad_type"] = ""
    return with_dates(staged[[*shape.columns, "position", "bad_time", "bad_type"]].copy(), ("day",))
