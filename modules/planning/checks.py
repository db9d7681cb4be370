"""Checks the proposals service runs before it writes: the item is in the dictionary, the volume in
range, the texts within their lengths, the point inside the proposer's kelurahan, the photos real
images, the round open. A failure raises PlanningValidationError naming the field and the reason."""

from __future__ import annotations

import math
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import city_today
from core.photos import clean_filename, photo_problem, sniff_image_type
from modules.planning import workflow
from modules.planning.errors import PlanningNotFound, PlanningValidationError
from modules.planning.models import PlanningItem, PlanningProposal
from modules.planning.settings import PlanningSettings, round_dates

MAX_TEXT = {"title": 200, "address": 300, "description": 2000, "note": 2000}
MAX_RT = 99


def text(field: str, value, *, required: bool = False) -> str:
    """Stripped text within its length; "" (or an error when required) when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise PlanningValidationError(field, "planning_required")
        return ""
    if not isinstance(value, str):
        raise PlanningValidationError(field, "planning_not_text")
    value = value.strip()
    if len(value) > MAX_TEXT[field]:
        raise PlanningValidationError(field, "planning_text_too_long", limit=MAX_TEXT[field])
    return value


def active_item(session: Session, code) -> PlanningItem:
    found = session.get(PlanningItem, code) if isinstance(code, str) and code else None
    if found is None or not found.active:
        raise PlanningValidationError("item_code", "planning_unknown_item", value=code)
    return found


def volume(value, item: PlanningItem) -> float:
    """0 < volume <= the item's maximum for one RW."""
    number = _number("volume", value)
    if not 0 < number <= item.max_volume:
        raise PlanningValidationError("volume", "planning_volume_range", value=value, maximum=item.max_volume,
                                      unit=item.unit)
    return number


def estimated_cost(amount: float, item: PlanningItem) -> int:
    return int(round(amount * item.unit_cost_rupiah))


def rt(value, own_rt: int | None) -> int | None:
    """The RT a proposal names: optional for an RW head, his own for an RT head."""
    if value is None or value == "":
        return own_rt
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_RT:
        raise PlanningValidationError("rt", "planning_rt_range", value=value, maximum=MAX_RT)
    if own_rt is not None and value != own_rt:
        raise PlanningValidationError("rt", "planning_other_rt", value=value, own=own_rt)
    return value


def point_in_kelurahan(lat, lon, kelurahan_code: str) -> tuple[float, float]:
    """(lat, lon) as floats, lying inside the proposer's kelurahan (geo's boundaries)."""
    from geo import locate_point  # geopandas: imported when a point is placed, not at start

    lat, lon = _coordinate("lat", lat, 90), _coordinate("lon", lon, 180)
    found = locate_point(lat, lon)
    if found is None:
        raise PlanningValidationError("lat", "planning_outside_city", lat=lat, lon=lon)
    if found[1] != kelurahan_code:
        raise PlanningValidationError("lat", "planning_outside_kelurahan", lat=lat, lon=lon, kelurahan=kelurahan_code,
                                      found=found[1])
    return lat, lon


def photos(given, settings: PlanningSettings) -> list[tuple[str, str, bytes]]:
    """[(clean file name, content type, bytes)]: real JPEG, PNG or WebP images, at most max_photos."""
    given = list(given or ())
    if len(given) > settings.max_photos:
        raise PlanningValidationError("photos", "planning_too_many_photos", count=len(given),
                                      limit=settings.max_photos)
    found = []
    for filename, data in given:
        name = clean_filename(filename)
        problem = photo_problem(data, settings.max_photo_bytes)
        if problem is not None:
            code, params = problem
            raise PlanningValidationError("photos", code, filename=name, **params)
        found.append((name, sniff_image_type(bytes(data)), bytes(data)))
    return found


def round_open(settings: PlanningSettings, name: str, year: int, now: datetime) -> None:
    """Today (city time) lies within round `name` of `year`."""
    today = city_today(now)
    first, last = round_dates(settings, name, year, today)
    if not first <= today <= last:
        raise PlanningValidationError("round", "planning_round_closed", planning_round=name, year=year,
                                      first=_day(first), last=_day(last), today=_day(today))


def reason(value) -> str:
    if value is None or value == "":
        raise PlanningValidationError("reason", "planning_reason_required")
    if value not in workflow.REJECTION_REASONS:
        raise PlanningValidationError("reason", "planning_unknown_reason", value=value,
                                      known=", ".join(workflow.REJECTION_REASONS))
    return value


def proposal_by_number(session: Session, number, *, lock: bool = True) -> PlanningProposal:
    key = number.strip().upper() if isinstance(number, str) else ""
    query = select(PlanningProposal).where(PlanningProposal.number == key)
    found = session.scalars(query.with_for_update() if lock else query).first() if key else None
    if found is None:
        raise PlanningNotFound("number", "planning_proposal_not_found", number=number)
    return found


def _number(field: str, value) -> float:
    try:
        number = float(value) if not isinstance(value, (bool, str)) and value is not None else math.nan
    except (TypeError, ValueError, OverflowError):
        number = math.nan
    if not math.isfinite(number):
        raise PlanningValidationError(field, "planning_not_a_number", value=value)
    return number


def _coordinate(field: str, value, limit: float) -> float:
    number = _number(field, value)
    if abs(number) > limit:
        raise PlanningValidationError(field, "planning_invalid_coordinate", value=value)
    return number


def _day(day: date) -> str:
    return day.isoformat()
