"""Staging: `staff` change-log snapshots as typed DataFrames (the contract:
modules/staff/snapshot.py, SNAPSHOT_VERSION 1; only the fields named here are kept)."""

from __future__ import annotations

import pandas as pd

from etl import staging
from etl.checks import id_as_text
from etl.staging import Shape

STAFF = "staff"
ENTITIES = (STAFF,)
TEXTS = ("opd_code", "unit")

SHAPES = {STAFF: Shape("id", ("id", "opd_code", "unit", "supervisor_id", "active", "has_user", "updated_at"),
                       times=("updated_at",), numbers=("supervisor_id",))}


def stage_changes(changes: list[dict]) -> dict[str, pd.DataFrame]:
    """Change-log rows (ordered by position) -> {entity: latest snapshot per id, typed}."""
    return staging.stage_changes([id_as_text(change, ENTITIES) for change in changes], SHAPES)
