"""Checks the service runs before it writes: codes exist, values are in range, a point lies in the
city. A failure raises IncidentValidationError naming the field and the reason."""

from __future__ import annotations

import math
from datetime import datetime
from functools import cache

from sqlalchemy.orm import Session

from modules.incidents.errors import IncidentNotFound, IncidentValidationError
from modules.incidents.models import Incident, IncidentCall, IncidentCategory, IncidentDispatch, IncidentUnit

MAX_TEXT = {"description": 4000, "address": 300, "landmark": 200, "note": 2000, "reason": 1000, "camera_id": 64,
            "caller_number": 32, "ticket": 20, "post_code": 16}


def choice(field: str, value, known: tuple[str, ...]) -> str:
    if value not in known:
        raise IncidentValidationError(field, "incident_unknown_choice", value=value, known=", ".join(map(str, known)))
    return value


def text(field: str, value, *, required: bool = False) -> str | None:
    """Stripped text within its length; None (or an error when required) when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise IncidentValidationError(field, "incident_required")
        return None
    if not isinstance(value, str):
        raise IncidentValidationError(field, "incident_required")
    value = value.strip()
    if len(value) > MAX_TEXT[field]:
        raise IncidentValidationError(field, "incident_text_too_long", limit=MAX_TEXT[field])
    return value


def count(field: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise IncidentValidationError(field, "incident_not_negative", value=value)
    return value


def not_before(later_field: str, later: datetime | None, earlier_field: str, earlier: datetime | None) -> None:
    if later is not None and earlier is not None and later < earlier:
        raise IncidentValidationError(later_field, "incident_time_order", later=later_field, earlier=earlier_field)


def category(session: Session, code) -> IncidentCategory:
    found = session.get(IncidentCategory, code) if isinstance(code, str) else None
    if found is None or not found.active:
        raise IncidentValidationError("category_code", "incident_unknown_code", kind="category", value=code)
    return found


def point(lat, lon) -> tuple[float, float] | None:
    """(lat, lon) as floats, None when neither is given; one without the other is refused."""
    if lat is None and lon is None:
        return None
    if lat is None or lon is None:
        raise IncidentValidationError("lon" if lon is None else "lat", "incident_position_incomplete")
    return _coordinate("lat", lat, 90), _coordinate("lon", lon, 180)


def in_city_bounds(lat: float, lon: float) -> None:
    """A reported position must lie inside the city's bounding box (geo/'s outline)."""
    min_lon, min_lat, max_lon, max_lat = city_bounds()
    if not (min_lat <= lat <= max_lat and min_lon <= lon <= max_lon):
        raise IncidentValidationError("position", "incident_outside_city", lat=lat, lon=lon)


def locate(lat: float, lon: float) -> tuple[str, str]:
    """(kecamatan_code, kelurahan_code) of an incident's point, as the complaints intake finds them."""
    from geo import locate_point  # geopandas: imported when a point is located, not at start

    found = locate_point(lat, lon)
    if found is None:
        raise IncidentValidationError("location", "incident_outside_city", lat=lat, lon=lon)
    return found


@cache
def city_bounds() -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) of the city's kelurahan (official ones if installed)."""
    from geo import load_boundaries

    return tuple(float(v) for v in load_boundaries("kelurahan").total_bounds)


def _coordinate(field: str, value, limit: float) -> float:
    try:
        number = float(value) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number) or abs(number) > limit:
        raise IncidentValidationError(field, "incident_invalid_coordinate", value=value)
    return number


# --- rows by key, locked for the change on PostgreSQL -------------------------------------------------

def incident_by_number(session: Session, number: str, *, lock: bool = True) -> Incident:
    from sqlalchemy import select

    query = select(Incident).where(Incident.number == (number or "").strip().upper())
    found = session.scalars(query.with_for_update() if lock else query).first()
    if found is None:
        raise IncidentNotFound("incident_number", "incident_not_found", kind="incident", key=number)
    return found


def call_by_id(session: Session, call_id: int) -> IncidentCall:
    return _get(session, IncidentCall, call_id, "call_id", "call")


def dispatch_by_id(session: Session, dispatch_id: int) -> IncidentDispatch:
    return _get(session, IncidentDispatch, dispatch_id, "dispatch_id", "dispatch")


def unit_by_code(session: Session, code: str) -> IncidentUnit:
    return _get(session, IncidentUnit, code, "unit_code", "unit")


def _get(session: Session, model, key, field: str, kind: str):
    found = session.get(model, key, with_for_update=True, populate_existing=True) if key is not None else None
    if found is None:
        raise IncidentNotFound(field, "incident_not_found", kind=kind, key=key)
    return found
