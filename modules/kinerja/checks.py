"""An activity form's fields, checked one by one before the service looks at the database: each
problem raises KinerjaValidationError naming the field and why. What needs the database or the
clock (the future, the days back, a closed month, an overlap, the link's existence) is the
service's (service.py), after these.

    day          "YYYY-MM-DD" (or a date), the city's day
    start, end   "HH:MM" of that day; end after start, by 24:00 at the latest (an activity that
                 runs past midnight is longer than its day: the rest is entered on the next day)
    description  what was done (1 .. 1000 characters); output its result (1 .. 200)
    volume       a whole number 1 .. 100,000, output_unit its unit (dokumen, lokasi ...; 1 .. 32)
    link_kind    optional: links.LINK_KINDS; link_ref then the case's ticket, number, code or id
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from modules.kinerja.errors import KinerjaValidationError
from modules.kinerja.links import LINK_KINDS
from modules.kinerja.settings import MINUTES_A_DAY

FIELDS = ("day", "start", "end", "description", "output", "volume", "output_unit", "link_kind", "link_ref")
MAX_TEXT = {"description": 1000, "output": 200, "output_unit": 32, "link_ref": 64}
MAX_VOLUME = 100_000
TIME = re.compile(r"(\d{2}):(\d{2})")


@dataclass(frozen=True)
class ActivityForm:
    day: date
    start_minute: int
    end_minute: int
    description: str
    output: str
    volume: int
    output_unit: str
    link_kind: str | None
    link_ref: str | None

    @property
    def minutes(self) -> int:
        return self.end_minute - self.start_minute


def activity_form(values: dict) -> ActivityForm:
    """The checked form; the first bad field raises (in the order of FIELDS)."""
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise KinerjaValidationError(unknown[0], "kinerja_unknown_field", known=", ".join(FIELDS))
    day = a_day("day", values.get("day"))
    start = time_of_day("start", values.get("start"))
    end = end_of_activity(values.get("end"), start)
    texts = {name: text(name, values.get(name), MAX_TEXT[name]) for name in ("description", "output")}
    volume = whole_number("volume", values.get("volume"), 1, MAX_VOLUME)
    unit = text("output_unit", values.get("output_unit"), MAX_TEXT["output_unit"])
    kind, ref = link(values.get("link_kind"), values.get("link_ref"))
    return ActivityForm(day=day, start_minute=start, end_minute=end, volume=volume, output_unit=unit, link_kind=kind,
                        link_ref=ref, **texts)


def text(field: str, value, limit: int, required: bool = True) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise KinerjaValidationError(field, "kinerja_required")
        return None
    if not isinstance(value, str):
        raise KinerjaValidationError(field, "kinerja_not_text")
    cleaned = value.strip()
    if len(cleaned) > limit:
        raise KinerjaValidationError(field, "kinerja_text_too_long", limit=limit, length=len(cleaned))
    if any(ord(c) < 32 and c not in "\n\t" for c in cleaned):
        raise KinerjaValidationError(field, "kinerja_control_characters")
    return cleaned


def a_day(field: str, value) -> date:
    if isinstance(value, date):
        return value
    if value is None or value == "":
        raise KinerjaValidationError(field, "kinerja_required")
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise KinerjaValidationError(field, "kinerja_bad_date", value=str(value)[:40])
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise KinerjaValidationError(field, "kinerja_bad_date", value=value) from None


def time_of_day(field: str, value) -> int:
    """"HH:MM" from 00:00 to 23:59 -> minutes after midnight."""
    minute = _clock(field, value)
    if minute >= MINUTES_A_DAY:
        raise KinerjaValidationError(field, "kinerja_bad_time", value=value)
    return minute


def end_of_activity(value, start: int) -> int:
    """"HH:MM" after `start`, 24:00 at the latest."""
    end = _clock("end", value)
    if end > MINUTES_A_DAY:
        raise KinerjaValidationError("end", "kinerja_longer_than_day", end=value)
    if end <= start:
        raise KinerjaValidationError("end", "kinerja_end_before_start", start=clock_text(start), end=value)
    return end


def clock_text(minute: int) -> str:
    """Minutes after midnight as "HH:MM" (1440 is "24:00")."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def whole_number(field: str, value, low: int, high: int) -> int:
    if value is None or value == "":
        raise KinerjaValidationError(field, "kinerja_required")
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise KinerjaValidationError(field, "kinerja_out_of_range", low=low, high=high)
    return value


def link(kind, ref) -> tuple[str | None, str | None]:
    """(kind, reference) of what the activity served, or (None, None); a reference needs its kind
    and a kind its reference. Tickets and numbers are kept as the modules store them (upper case)."""
    kind = text("link_kind", kind, 16, required=False)
    ref = text("link_ref", ref, MAX_TEXT["link_ref"], required=False)
    if kind is None and ref is None:
        return None, None
    if kind is None:
        raise KinerjaValidationError("link_kind", "kinerja_required")
    if kind not in LINK_KINDS:
        raise KinerjaValidationError("link_kind", "kinerja_unknown_choice", value=kind, known=", ".join(LINK_KINDS))
    if ref is None:
        raise KinerjaValidationError("link_ref", "kinerja_required")
    return kind, ref.upper() if kind in ("complaint", "incident") else ref


def _clock(field: str, value) -> int:
    if value is None or value == "":
        raise KinerjaValidationError(field, "kinerja_required")
    match = TIME.fullmatch(value) if isinstance(value, str) else None
    if match is None or int(match.group(2)) > 59:
        raise KinerjaValidationError(field, "kinerja_bad_time", value=str(value)[:16])
    return int(match.group(1)) * 60 + int(match.group(2))
