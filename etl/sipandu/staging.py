"""Staging: `sipandu_newcomer` and `sipandu_kos` change-log snapshots as typed DataFrames.

The change log carries a record's whole pseudonymous state after each step (the contract:
modules/sipandu/snapshot.py, SNAPSHOT_VERSION 1), so only the latest snapshot per id matters, and
only the fields named here are kept (etl/staging.py). A time that does not parse becomes NaT and is
named in `bad_time`, a number field holding no number NaN named in `bad_type`; `stay_until`, a
date, is parsed here and named in `bad_date`.
"""

from __future__ import annotations

import pandas as pd

from etl import staging
from etl.staging import Shape

NEWCOMER = "sipandu_newcomer"
KOS = "sipandu_kos"
ENTITIES = (NEWCOMER, KOS)

NEWCOMER_TIMES = ("arrived_at", "recorded_at", "verified_at", "left_at", "ended_at", "updated_at")
NEWCOMER_TEXTS = ("kecamatan_code", "kelurahan_code", "kos_code", "origin_regency", "purpose", "status",
                  "rejection_reason", "destination_regency")
NEWCOMER_FLAGS = ("duplicate_flag", "reported_in_time")
KOS_TEXTS = ("kecamatan_code", "kelurahan_code")

SHAPES = {
    NEWCOMER: Shape("id", (
        "id", "kecamatan_code", "kelurahan_code", "rw", "rt", "kos_code", "origin_regency", "purpose", "status",
        "duplicate_flag", "rejection_reason", "arrived_at", "recorded_at", "reported_in_time", "stay_until",
        "verified_at", "left_at", "destination_regency", "ended_at", "updated_at"),
        times=NEWCOMER_TIMES, numbers=("rw", "rt")),
    KOS: Shape("code", ("code", "kecamatan_code", "kelurahan_code", "rw", "rt", "capacity", "active", "updated_at"),
               times=("updated_at",), numbers=("rw", "rt", "capacity")),
}


def stage_changes(changes: list[dict]) -> dict[str, pd.DataFrame]:
    """Change-log rows (ordered by position) -> {entity: latest snapshot per id, typed}."""
    staged = staging.stage_changes([_id_as_text(change) for change in changes], SHAPES)
    staged[NEWCOMER] = _with_stay_until(staged[NEWCOMER])
    return staged


def _id_as_text(change: dict) -> dict:
    """A newcomer's id (a number in the payload) as the text of its entity_id: a batch mixing
    payloads with and without an id would otherwise stage 7 as '7.0'."""
    payload = change["payload"]
    if change["entity"] != NEWCOMER or not isinstance(payload, dict):
        return change
    number = payload.get("id")
    if isinstance(number, int) and not isinstance(number, bool):
        return {**change, "payload": {**payload, "id": str(number)}}
    return change


def _with_stay_until(frame: pd.DataFrame) -> pd.DataFrame:
    """`stay_until` ('YYYY-MM-DD') as a date; one that does not parse is NaT, named in bad_date."""
    raw = frame["stay_until"]
    text = raw.where(raw.map(lambda v: isinstance(v, str) and len(v) == 10))
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    frame["bad_date"] = (raw.notna() & parsed.isna()).map({True: "stay_until", False: ""}).astype(object)
    frame["stay_until"] = parsed
    return frame
