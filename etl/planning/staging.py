"""Staging: `planning_proposal` change-log snapshots as one typed DataFrame.

The change log carries the proposal's whole public state after each step (the contract:
modules/planning/snapshot.py, SNAPSHOT_VERSION 1), so only the latest snapshot per number matters.
Only the fields named here are kept. A time that does not parse becomes NaT and is named in
`bad_time`; a number field holding no number becomes NaN and is named in `bad_type` (etl/staging.py).
"""

from __future__ import annotations

import pandas as pd

from etl import staging
from etl.staging import Shape

PROPOSAL = "planning_proposal"
ENTITIES = (PROPOSAL,)

TIMES = ("created_at", "verified_at", "decided_at", "prioritised_at", "planned_at", "updated_at")
NUMBERS = ("year", "rw", "volume", "estimated_cost_rupiah", "priority", "plan_item_id", "work_line_id")
TEXTS = ("kecamatan_code", "kelurahan_code", "item_code", "item_kind", "opd_code", "status", "rejection_reason",
         "sub_kegiatan_code", "work_number", "work_status")

SHAPES = {
    PROPOSAL: Shape("number", (
        "number", "year", "kecamatan_code", "kelurahan_code", "rw", "item_code", "item_kind", "opd_code", "volume",
        "estimated_cost_rupiah", "status", "rejection_reason", "repeat", "priority", *TIMES, "plan_item_id",
        "sub_kegiatan_code", "work_number", "work_status", "work_line_id"),
        times=TIMES, numbers=NUMBERS),
}


def stage_changes(changes: list[dict]) -> dict[str, pd.DataFrame]:
    """Change-log rows (ordered by position) -> {entity: latest snapshot per id, typed} (etl/staging.py)."""
    return staging.stage_changes(changes, SHAPES)
