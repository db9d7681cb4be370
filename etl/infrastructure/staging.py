"""Staging: infrastructure change-log snapshots as one typed DataFrame per entity.

The change log carries `infrastructure_device` (an inventory change) and `infrastructure_event`
(a state change: opened, and again when it ends) with the payloads of the shared design
(SNAPSHOT_VERSION 1); each row is the entity's whole state after the change, so only the latest
snapshot per id matters. Only the fields named here are kept. A time that does not parse becomes
NaT and is named in `bad_time`; a field of the wrong type is named in `bad_type`, for the reject.
"""

from __future__ import annotations

import pandas as pd

from etl import staging
from etl.staging import Shape

DEVICE, EVENT = "infrastructure_device", "infrastructure_event"
ENTITIES = (DEVICE, EVENT)


SHAPES = {
    DEVICE: Shape("code", (
        "code", "kind", "name", "probe", "kelurahan_code", "kecamatan_code", "opd_code", "contract_code", "vendor",
        "slo_percent", "lat", "lon", "parents", "active", "updated_at"),
        times=("updated_at",), numbers=("slo_percent", "lat", "lon")),
    EVENT: Shape("id", (
        "id", "device_code", "kind", "state", "started_at", "ended_at", "root_cause_code", "suppressed_by", "source",
        "detail"),
        times=("started_at", "ended_at")),
}


def stage_changes(changes: list[dict]) -> dict[str, pd.DataFrame]:
    """Change-log rows (ordered by position) -> {entity: latest snapshot per id, typed} (etl/staging.py)."""
    return staging.stage_changes(changes, SHAPES)
