"""The API's JSON records of what modules/incidents/queries.py reads: datetimes as ISO 8601 in
city time, clocks as seconds. No record carries a caller's number, masked or not: the API's
answers hold no personal data (the desk's pages show the masked number)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from core.clock import CITY_ZONE, as_utc
from modules.incidents import workflow

INCIDENT_FIELDS = ("number", "status", "category_code", "category_name", "type", "priority", "lat", "lon",
                   "kecamatan_code", "kelurahan_code", "source", "received_at", "casualties_injured",
                   "casualties_dead")
CALL_FIELDS = ("id", "received_at", "answered_at", "source", "repeat_caller", "outcome", "partner", "camera_id",
               "post_code", "complaint_ticket")


def iso(moment: datetime | None) -> str | None:
    return as_utc(moment).astimezone(CITY_ZONE).isoformat(timespec="seconds") if moment else None


def plain(value: Any) -> Any:
    """Datetimes as ISO text, recursively (a timeline event's data is JSON already)."""
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def clock(found) -> dict[str, Any]:
    return asdict(found)


def incident_summary(found: dict, agencies: list[str]) -> dict[str, Any]:
    """One row of queries.active_incidents, with the agencies of its live units."""
    return plain({name: found[name] for name in INCIDENT_FIELDS}
                 | {"clock": clock(found["clock"]), "units": found["units"], "agencies": agencies})


def incident_detail(found: dict) -> dict[str, Any]:
    """queries.incident_detail as the API answers it."""
    live = [row for row in found["dispatches"] if row["status"] in workflow.LIVE_DISPATCH_STATUSES]
    return plain({name: found[name] for name in INCIDENT_FIELDS} | {
        "units": [row["unit_code"] for row in live], "agencies": sorted({row["agency_code"] for row in live}),
        "address": found["address"], "landmark": found["landmark"], "description": found["description"],
        "clock": clock(found["clock"]),
        "dispatches": [dict(row, clock=clock(row["clock"])) for row in found["dispatches"]],
        "calls": [{name: call[name] for name in CALL_FIELDS} for call in found["calls"]],
        "timeline": found["timeline"], "cameras": found["cameras"], "complaints": found["complaints"],
        "notes": found["notes"]})


def unit_record(unit) -> dict[str, Any]:
    """A unit (a row of queries.units, or the IncidentUnit the service returned)."""
    get = unit.get if isinstance(unit, dict) else lambda name: getattr(unit, name)
    return plain({name: get(name) for name in ("code", "agency_code", "unit_type", "post_code", "status", "lat",
                                               "lon", "position_at")})


def dispatch_record(row, incident) -> dict[str, Any]:
    return plain({"id": row.id, "incident_number": incident.number, "incident_status": incident.status,
                  "unit_code": row.unit_code, "agency_code": row.agency_code, "unit_type": row.unit_type,
                  "status": row.status, "dispatched_at": row.dispatched_at, "en_route_at": row.en_route_at,
                  "on_scene_at": row.on_scene_at, "cleared_at": row.cleared_at, "cancelled_at": row.cancelled_at})
