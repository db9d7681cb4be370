"""Staging: infrastructure change-log snapshots as one typed DataFrame per entity.

The change log carries `infrastructure_device` (an inventory change) and `infrastructure_event`
(a state change: opened, and again when it ends) with the payloads of the shared design
(SNAPSHOT_VERSION 1); each row is the entity's whole state after the change, so only the latest
snapshot per id matters. Only the fields named here are kept. A time that does not parse becomes
NaT and is named in `bad_time`; a field of the wrong type is named in `bad_type`, for the reject.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

DEVICE, EVENT = "infrastructure_device", "infrastructure_event"
ENTITIES = (DEVICE, EVENT)


@dataclass(frozen=True)
class Shape:
    key: str                        # the snapshot's id field
    columns: tuple[str, ...]        # every field kept, the times included
    times: tuple[str, ...]
    numbers: tuple[str, ...] = ()   # floats (NaN when missing); a value that is no number is named in bad_type


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
    frame = pd.DataFrame([p if isinstance(p, dict) else {} for p in payloads], columns=list(shape.columns))
    frame["position"] = pd.Series(positions, dtype="Int64") if positions is not None else pd.NA
    if entity_ids is not None:
        frame[shape.key] = frame[shape.key].where(frame[shape.key].notna(), pd.Series(entity_ids, dtype=object))
    frame[shape.key] = frame[shape.key].astype(str)
    frame = frame.drop_duplicates(shape.key, keep="last").reset_index(drop=True)
    frame["bad_time"] = ""
    for column in reversed(shape.times):  # the first bad field in the shape's order is named
        raw = frame[column]
        parsed = pd.to_datetime(raw.where(raw.map(lambda v: isinstance(v, str))), utc=True, format="ISO8601",
                                errors="coerce")
        frame.loc[raw.notna() & parsed.isna(), "bad_time"] = column
        frame[column] = parsed
    frame["bad_type"] = ""
    for column in reversed(shape.numbers):
        raw = frame[column]
        numeric = raw.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))
        frame.loc[raw.notna() & ~numeric, "bad_type"] = column
        frame[column] = pd.to_numeric(raw.where(numeric), errors="coerce").astype(float)
    return frame
