"""Staging for the domains whose change log carries whole snapshots (incidents, infrastructure):
each change-log row is its entity's whole public state after the change, so only the latest
snapshot per id matters. A domain describes each entity's `Shape`; only the fields named there are
kept, whatever else a payload carries is dropped before anything is stored. A time that does not
parse becomes NaT and its field is named in `bad_time`; a number field holding no number becomes
NaN and is named in `bad_type`: the domain's ETL turns either into a reject with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Shape:
    key: str                        # the snapshot's id field
    columns: tuple[str, ...]        # every field kept, the times included
    times: tuple[str, ...]          # ISO 8601 strings -> UTC timestamps
    numbers: tuple[str, ...] = ()   # floats (NaN when missing); a value that is no number is named in bad_type


def stage_changes(changes: list[dict], shapes: dict[str, Shape]) -> dict[str, pd.DataFrame]:
    """Change-log rows (ordered by position) -> {entity: latest snapshot per id, typed}, for every
    entity of `shapes`; `position` kept to point a reject at its change."""
    staged = {}
    for entity, shape in shapes.items():
        mine = [c for c in changes if c["entity"] == entity and c["payload"] is not None]
        staged[entity] = stage_snapshots(shape, [c["payload"] for c in mine], [c["position"] for c in mine],
                                         [c["entity_id"] for c in mine])
    return staged


def stage_snapshots(shape: Shape, payloads: list[dict], positions: list | None = None,
                    entity_ids: list[str] | None = None) -> pd.DataFrame:
    """One entity's snapshots, the latest per id; a payload without its id field takes the change
    row's entity_id (the same id, by the contract)."""
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


def reject_id(value) -> str:
    """An id as the rejects table keeps it (etl_rejects.entity_id: text, at most 64 characters)."""
    return str(value)[:64]


def reject_row(shape: Shape, entity: str, row: pd.Series, reason: str) -> dict:
    """The rejects table's row for a staged snapshot: its staged fields only (never a field outside
    the contract), as JSON can hold them, with the change's position and the reason."""
    position = row["position"]
    return {"position": None if pd.isna(position) else int(position), "entity": entity,
            "entity_id": reject_id(row[shape.key]), "reason": str(reason)[:200],
            "payload": {name: plain(row[name]) for name in shape.columns}}


def plain(value):
    """A staged value as JSON can hold it (a wrongly typed field is kept as it came)."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if value is None or (not isinstance(value, (str, bool)) and pd.isna(value)):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value.item() if hasattr(value, "item") else value
