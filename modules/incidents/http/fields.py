"""The API's inputs, checked before anything is read or written: a JSON body's fields by type,
the query's filters and paging, and a reported time. A problem raises ApiError naming the field
and the reason; the service's own checks (ranges, lifecycles, the city's bounds) follow."""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta

from core.messages import ENGLISH, text as message_text

MAX_BODY_BYTES = 16 * 1024
# How far a reported time may lie from the server's clock: a field system that was offline
# reports its queue late (hours, not days); a little ahead is clock skew.
MAX_REPORT_AGE = timedelta(hours=12)
MAX_CLOCK_SKEW = timedelta(minutes=5)
DEFAULT_LIMIT, MAX_LIMIT = 50, 200
MAX_OFFSET = 100_000


class ApiError(Exception):
    """A refusal of the API: HTTP status, error code, the field it concerns and why (English)."""

    def __init__(self, status: int, error: str, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.error, self.message, self.field = status, error, message, field

    def body(self) -> dict:
        return {"error": self.error, "message": self.message} | ({"field": self.field} if self.field else {})


def invalid(field: str, reason: str) -> ApiError:
    return ApiError(400, "invalid_request", f"{field}: {reason}", field)


def refused(field: str, code: str, **params) -> ApiError:
    """invalid() with the reason as a message code of modules/incidents/messages.py."""
    return invalid(field, message_text(code, params, ENGLISH))


# --- JSON bodies ---------------------------------------------------------------------------------------

def json_object(body: bytes, allowed: tuple[str, ...]) -> dict:
    """The body as a JSON object holding only `allowed` fields (a misspelt field is refused, not ignored)."""
    try:
        data = json.loads(body)
    except RecursionError:
        raise invalid("body", "JSON nested too deeply") from None
    except ValueError:
        raise invalid("body", "not valid UTF-8 JSON") from None
    if not isinstance(data, dict):
        raise invalid("body", "must be a JSON object")
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise invalid(unknown[0], f"not a field of this request (fields: {', '.join(allowed)})")
    return data


def text_field(data: dict, name: str, *, required: bool = False, choices: tuple[str, ...] = ()) -> str | None:
    value = data.get(name)
    if value is None:
        if required:
            raise refused(name, "incident_required")
        return None
    if not isinstance(value, str):
        raise invalid(name, "must be a string")
    if choices and value not in choices:
        raise refused(name, "incident_unknown_choice", value=value, known=", ".join(choices))
    return value


def number_field(data: dict, name: str, *, required: bool = False) -> float | None:
    value = data.get(name)
    if value is None:
        if required:
            raise refused(name, "incident_required")
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise invalid(name, "must be a number")
    try:
        number = float(value)
    except OverflowError:  # an integer of hundreds of digits
        raise refused(name, "incident_invalid_coordinate", value="(too large)") from None
    if not math.isfinite(number):
        raise refused(name, "incident_invalid_coordinate", value=value)
    return number


def reported_at(data: dict, now: datetime) -> datetime | None:
    """`at`: when the field saw it (ISO 8601 with offset), within MAX_REPORT_AGE before now and
    MAX_CLOCK_SKEW after; None when absent (the caller takes the server's clock once it holds its locks)."""
    value = text_field(data, "at")
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise invalid("at", f"not an ISO 8601 datetime: {value!r}") from None
    if moment.tzinfo is None:
        raise invalid("at", "give the UTC offset, e.g. 2026-12-01T10:00:00+07:00")
    if not now - MAX_REPORT_AGE <= moment <= now + MAX_CLOCK_SKEW:  # compared, never converted
        raise invalid("at", f"must lie within {MAX_REPORT_AGE.seconds // 3600} hours before the server's clock "
                            f"and {MAX_CLOCK_SKEW.seconds // 60} minutes after it")
    return moment


def not_before_last_change(moment: datetime, last: datetime | None, what: str) -> None:
    """A report older than the last change it follows would run the clocks backwards."""
    if last is not None and moment < last:
        raise refused("at", "incident_time_order", later="at", earlier=what)


# --- query strings -------------------------------------------------------------------------------------

def choice_arg(args, name: str, choices: tuple[str, ...] | list[str]) -> str | None:
    value = args.get(name)
    if value is None or value == "":
        return None
    if value not in choices:
        raise refused(name, "incident_unknown_choice", value=value, known=", ".join(choices))
    return value


def int_arg(args, name: str, default: int, low: int, high: int) -> int:
    value = args.get(name)
    if value is None or value == "":
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise invalid(name, f"must be a whole number from {low} to {high}")
    return int(value)


def paging(args) -> tuple[int, int]:
    return int_arg(args, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT), int_arg(args, "offset", 0, 0, MAX_OFFSET)
