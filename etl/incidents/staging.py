"""Staging: incident change-log snapshots as one typed DataFrame per entity.

Each change-log row carries its entity's whole public state after the change (the contract:
modules/incidents writes `incident`, `incident_dispatch`, `incident_call`, `incident_unit`), so
only the latest snapshot per id matters. Only the columns named here are kept: whatever else a
payload carries (it never should carry a caller's number) is dropped before anything is stored.
A time that does not parse becomes NaT, and the field is named in `bad_time` for the reject.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

INCIDENT, DISPATCH, CALL, UNIT = "incident", "incident_dispatch", "incident_call", "incident_unit"
ENTITIES = (INCIDENT, DISPATCH, CALL, UNIT)


@dataclass(frozen=True)
class Shape:
    key: str                        # the snapshot's id field
    columns: tuple[str, ...]        # every field kept, the times included
    times: tuple[str, ...]
    numbers: tuple[str, ...] = ()   # floats (NaN when missing or not a number)


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
    """Change-log rows (ordered by position) -> {entity: latest snapshot per id, typed}; `position`
    kept to point a reject at its change."""
    staged = {}
    for entity in ENTITIES:
        mine = [c for c in changes if c["entity"] == entity and c["payload"] is not None]
        staged[entity] = stage_snapshots(entity, [c["payload"] for c in mine], [c["position"] for c in mine],
                                         [c["entity_id"] for c in mine])
    return staged


def stage_snapshots(entity: str, payloads: list[dict], positions: list | None = None,
                    entity_ids: list[str] | None = None) -> pd.DataFrame:
    """One entity's snapshots, the latest per id; a payload without its id field takes the change
    row's entity_id (the same id, by the contract)."""
    shape = SHAPES[entity]
    frame = pd.DataFrame(payloads, columns=list(shape.columns))
    frame["position"] = pd.Series(positions, dtype="Int64") if positions is not None else pd.NA
    if entity_ids is not None:
        frame[shape.key] = frame[shape.key].where(frame[shape.key].notna(), pd.Series(entity_ids, dtype=object))
    frame[shape.key] = frame[shape.key].astype(str)
    frame = frame.drop_duplicates(shape.key, keep="last").reset_index(drop=True)
    frame["bad_time"] = ""
    for column in reversed(shape.times):  # the first bad field in the shape's order is named
        raw = frame[column]
        parsed = pd.to_datetime(raw, utc=True, format="ISO8601", errors="coerce")
        frame.loc[raw.notna() & parsed.isna(), "bad_time"] = column
        frame[column] = parsed
    for column in shape.numbers:
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    return frame
