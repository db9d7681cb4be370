"""Staging: incident change-log snapshots as one typed DataFrame per entity.

Each change-log row carries its entity's whole public state after the change (the contract:
modules/incidents writes `incident`, `incident_dispatch`, `incident_call`, `incident_unit`), so
only the latest snapshot per id matters. Only the columns named here are kept: whatever else a
payload carries (it never should carry a caller's number) is dropped before anything is stored.
A time that does not parse becomes NaT, and the field is named in `bad_time` for the reject.
"""

from __future__ import annotations

import pandas as pd

from etl import staging
from etl.staging import Shape

INCIDENT, DISPATCH, CALL, UNIT = "incident", "incident_dispatch", "incident_call", "incident_unit"
ENTITIES = (INCIDENT, DISPATCH, CALL, UNIT)


SHAPES = {
    INCIDENT: Shape("number", (
        "number", "status", "category_code", "type", "priority", "kecamatan_code", "kelurahan_code", "lat", "lon",
        "source", "received_at", "created_at", "first_dispatch_at", "first_en_route_at", "first_on_scene_at",
        "cleared_at", "closed_at", "cancelled_at", "agencies", "units_dispatched", "calls", "casualties_injured",
        "casualties_dead", "response_promise_seconds"),
        times=("received_at", "created_at", "first_dispatch_at", "first_en_route_at", "first_on_scene_at",
               "cleared_at", "closed_at", "cancelled_at"),
        numbers=("lat", "lon", "priority", "units_dispatched", "calls", "casualties_injured", "casualties_dead",
                 "response_promise_seconds")),
    DISPATCH: Shape("id", (
        "id", "incident_number", "unit_code", "agency_code", "unit_type", "status", "dispatched_at", "en_route_at",
        "on_scene_at", "cleared_at", "cancelled_at", "category_code", "priority", "kecamatan_code", "kelurahan_code",
        "incident_received_at"),
        times=("dispatched_at", "en_route_at", "on_scene_at", "cleared_at", "cancelled_at", "incident_received_at"),
        numbers=("priority",)),
    CALL: Shape("id", (
        "id", "received_at", "answered_at", "source", "outcome", "partner", "incident_number", "category_code",
        "kecamatan_code", "repeat_caller"),
        times=("received_at", "answered_at")),
    UNIT: Shape("code", ("code", "agency_code", "unit_type", "post_code", "status"), times=()),
}


def stage_changes(changes: list[dict]) -> dict[str, pd.DataFrame]:
    """Change-log rows (ordered by position) -> {entity: latest snapshot per id, typed} (etl/staging.py)."""
    return staging.stage_changes(changes, SHAPES)
