"""What a new complaint carries (`ComplaintIntake`) and its checks, all done before anything is
written: every problem found is collected into one `ComplaintValidationError`.

Text is kept as given; escaping it is the job of whatever displays it. One rule holds for the
characters of every text field, on every channel and both databases: control characters (but
tab, newline and carriage return) and lone surrogates are refused, naming the field. PostgreSQL
cannot store NUL or a lone surrogate at all, and SQLite would store what a screen cannot show.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from modules.complaints.errors import ComplaintValidationError, reason
from core.clock import as_utc
from core.photos import clean_filename, photo_problem, sniff_image_type

CHANNELS = ("web", "wargaku", "whatsapp", "phone", "walk_in", "sms", "facebook", "twitter", "instagram",
            "live_chat")
MAX_DESCRIPTION = 4000
MAX_ADDRESS = 300
MAX_REPORTER_FIELD = 200
MAX_EXTERNAL_ID = 100
MAX_PHOTOS = 5
MAX_RW = 99  # the column ranges; a kelurahan with RT units in the reference narrows them (rt_units)
MAX_RT = 999
CLOCK_SKEW = timedelta(minutes=5)  # a gateway's clock may run a little ahead of ours

# C0 and C1 control characters except \t \n \r, and DEL; with the surrogate halves (never text
# alone) they are refused. TEXT_PATTERN publishes the rule as a JSON Schema pattern (openapi.py).
CONTROL_CHARACTERS = r"\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F"
TEXT_PATTERN = f"^[^{CONTROL_CHARACTERS}]*$"
_FORBIDDEN_CHARACTERS = re.compile(f"[{CONTROL_CHARACTERS}\\uD800-\\uDFFF]")

Locate = Callable[[float, float], "tuple[str, str] | None"]
# The (rw, rt) units of a kelurahan in the reference; an empty set means the reference holds none.
RtUnits = Callable[[str], "set[tuple[int, int]]"]


@dataclass
class ComplaintIntake:
    channel: str
    category_code: str
    description: str
    lat: float | None = None
    lon: float | None = None
    address: str | None = None
    reporter_name: str | None = None
    reporter_contact: str | None = None
    photos: list[tuple[str, str, bytes]] = field(default_factory=list)  # (filename, content type, bytes)
    external_id: str | None = None
    received_at: datetime | None = None  # when the citizen reported it, if earlier than now (phone)
    # Send to the command center's triage queue instead of routing: e.g. social-media posts
    # that the Media Center screens before forwarding.
    triage: bool = False
    # The reporter allows his photos on the wall displays: True/False, or a channel's text for
    # them ("true", "false", "1", "0", "on"); anything else is refused, naming the field.
    photo_display_consent: bool | str | None = False
    rw: int | str | None = None  # optional: the RW (and RT) the citizen names; a form sends text
    rt: int | str | None = None


@dataclass(frozen=True)
class CleanIntake:
    """An intake that passed every check, with its district found from the point."""

    channel: str
    category_code: str
    description: str
    lat: float | None
    lon: float | None
    address: str | None
    kecamatan_code: str | None
    kelurahan_code: str | None
    reporter_name: str | None
    reporter_contact: str | None
    photos: list[tuple[str, str, bytes]]  # (clean filename, detected content type, bytes)
    external_id: str | None
    received_at: datetime
    triage: bool
    photo_display_consent: bool  # only ever True with a photo
    rw: int | None = None
    rt: int | None = None


def validate_intake(intake: ComplaintIntake, active_categories: set[str], max_photo_bytes: int,
                    now: datetime, locate: Locate, rt_units: RtUnits | None = None) -> CleanIntake:
    """The checked intake; raises ComplaintValidationError listing every problem."""
    errors: list[tuple[str, str]] = []
    _check_choice(errors, "channel", intake.channel, CHANNELS)
    if intake.category_code not in active_categories:
        errors.append(("category_code", reason("unknown_category", value=intake.category_code)
                       if intake.category_code else reason("category_missing")))
    _check_description(errors, intake.description)
    point = _check_point(errors, intake.lat, intake.lon)
    _check_text(errors, "address", intake.address, MAX_ADDRESS)
    _check_text(errors, "reporter_name", intake.reporter_name, MAX_REPORTER_FIELD)
    _check_text(errors, "reporter_contact", intake.reporter_contact, MAX_REPORTER_FIELD)
    _check_text(errors, "external_id", intake.external_id, MAX_EXTERNAL_ID)
    districts = _locate(errors, point, intake.address, locate)
    rw, rt = _check_rt_rw(errors, intake.rw, intake.rt, districts[1], rt_units)
    photos = _check_photos(errors, intake.photos, max_photo_bytes)
    received_at = _check_received_at(errors, intake.received_at, now)
    consent = _check_consent(errors, intake.photo_display_consent)
    if errors:
        raise ComplaintValidationError.collected(errors)
    return CleanIntake(
        channel=intake.channel, category_code=intake.category_code, description=intake.description,
        lat=point[0] if point else None, lon=point[1] if point else None, address=intake.address or None,
        kecamatan_code=districts[0], kelurahan_code=districts[1],
        reporter_name=intake.reporter_name or None, reporter_contact=intake.reporter_contact or None,
        photos=photos, external_id=intake.external_id or None, received_at=received_at, triage=intake.triage,
        photo_display_consent=bool(consent and photos),  # consent to show no photo means nothing
        rw=rw, rt=rt,
    )


def forbidden_character(value: str) -> str | None:
    """The first character of `value` no text field may hold, as U+XXXX; None when there is none."""
    found = _FORBIDDEN_CHARACTERS.search(value)
    return None if found is None else f"U+{ord(found.group()):04X}"


def _check_characters(errors, name: str, value: str) -> None:
    character = forbidden_character(value)
    if character is not None:
        errors.append((name, reason("forbidden_character", character=character)))


def _check_choice(errors, name: str, value, choices: tuple[str, ...]) -> None:
    if value not in choices:
        errors.append((name, reason("unknown_choice", name=name, value=value, known=", ".join(choices))))


def _check_description(errors, description) -> None:
    if not isinstance(description, str) or not description.strip():
        errors.append(("description", reason("description_empty")))
    elif len(description) > MAX_DESCRIPTION:
        errors.append(("description", reason("too_long", length=len(description), limit=MAX_DESCRIPTION)))
    else:
        _check_characters(errors, "description", description)


def _check_text(errors, name: str, value, limit: int) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        errors.append((name, reason("not_text")))
    elif len(value) > limit:
        errors.append((name, reason("too_long", length=len(value), limit=limit)))
    else:
        _check_characters(errors, name, value)


def _check_point(errors, lat, lon) -> tuple[float, float] | None:
    """(lat, lon) as floats when both are given and valid; None when neither is given."""
    if lat is None and lon is None:
        return None
    if lat is None or lon is None:
        errors.append(("lon" if lon is None else "lat", reason("coordinates_incomplete")))
        return None
    lat_value, lon_value = _as_coordinate(errors, "lat", lat, 90), _as_coordinate(errors, "lon", lon, 180)
    if lat_value is None or lon_value is None:
        return None
    return lat_value, lon_value


def _as_coordinate(errors, name: str, value, limit: float) -> float | None:
    try:
        number = float(value) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number) or abs(number) > limit:
        errors.append((name, reason("invalid_latitude" if name == "lat" else "invalid_longitude", value=value)))
        return None
    return number


def _locate(errors, point, address, locate: Locate) -> tuple[str | None, str | None]:
    """(kecamatan_code, kelurahan_code) of the point; a complaint needs a point or an address."""
    if point is None:
        has_coordinates_error = any(name in ("lat", "lon") for name, _ in errors)
        if not has_coordinates_error and not (isinstance(address, str) and address.strip()):
            errors.append(("location", reason("location_missing")))
        return None, None
    found = locate(*point)
    if found is None:
        errors.append(("location", reason("outside_city", lat=point[0], lon=point[1])))
        return None, None
    return found


def _check_rt_rw(errors, rw, rt, kelurahan_code: str | None,
                 rt_units: RtUnits | None) -> tuple[int | None, int | None]:
    """(rw, rt) as numbers. An RT needs its RW; an RW needs the kelurahan it lies in (found from the
    point); when the reference holds the kelurahan's RT units, the RW and RT must be among them."""
    rw_value = _as_unit_number(errors, "rw", rw, MAX_RW)
    rt_value = _as_unit_number(errors, "rt", rt, MAX_RT)
    if rt_value is not None and rw_value is None and _blank(rw):
        errors.append(("rt", reason("rt_without_rw")))
    if rw_value is None or any(name in ("lat", "lon", "location", "rw", "rt") for name, _ in errors):
        return rw_value, rt_value
    if kelurahan_code is None:
        errors.append(("rw", reason("rw_without_kelurahan")))
        return None, None
    units = rt_units(kelurahan_code) if rt_units is not None else set()
    if units and rw_value not in {unit_rw for unit_rw, _ in units}:
        errors.append(("rw", reason("unknown_rw", rw=rw_value, count=max(unit_rw for unit_rw, _ in units))))
    elif units and rt_value is not None and (rw_value, rt_value) not in units:
        errors.append(("rt", reason("unknown_rt", rt=rt_value, rw=rw_value,
                                    count=max(unit_rt for unit_rw, unit_rt in units if unit_rw == rw_value))))
    return rw_value, rt_value


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_unit_number(errors, name: str, value, limit: int) -> int | None:
    """A whole number 1..limit from an int or digits ("07" from a form); None when not given."""
    if _blank(value):
        return None
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, str) and text.isascii() and text.isdigit() and len(text) <= 4:
        number = int(text)
    elif isinstance(text, int) and not isinstance(text, bool):
        number = text
    else:
        errors.append((name, reason("not_whole_number", value=value)))
        return None
    if not 1 <= number <= limit:
        errors.append((name, reason("unit_out_of_range", value=number, low=1, high=limit)))
        return None
    return number


def _check_photos(errors, photos, max_bytes: int) -> list[tuple[str, str, bytes]]:
    photos = list(photos or [])
    if len(photos) > MAX_PHOTOS:
        errors.append(("photos", reason("too_many_photos", count=len(photos), limit=MAX_PHOTOS)))
        return []
    clean = []
    for filename, _claimed_type, data in photos:
        problem = photo_problem(data, max_bytes)
        if problem:
            code, params = problem
            errors.append(("photos", reason(code, filename=clean_filename(filename), **params)))
        else:
            clean.append((clean_filename(filename), sniff_image_type(bytes(data)), bytes(data)))
    return clean


BOOLEAN_TEXT = {"true": True, "false": False, "1": True, "0": False, "on": True, "": False}


def _check_consent(errors, value) -> bool:
    """A checkbox or form parameter as a boolean; absent is False (consent is never assumed)."""
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in BOOLEAN_TEXT:
        return BOOLEAN_TEXT[value.strip().lower()]
    errors.append(("photo_display_consent", reason("not_boolean", value=str(value)[:40])))
    return False


def _check_received_at(errors, received_at: datetime | None, now: datetime) -> datetime:
    if received_at is None:
        return now
    received_at = as_utc(received_at)
    if received_at > now + CLOCK_SKEW:
        errors.append(("received_at", reason("in_future")))
    return received_at
