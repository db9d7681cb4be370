"""The infrastructure API's refusals and its query-string checks: every refusal is JSON naming the
field and the reason, raised before anything is read or written."""

from __future__ import annotations

MAX_JSON_BYTES = 1024 * 1024          # an Alertmanager group of up to alerts.MAX_ALERTS alerts
MAX_CSV_BYTES = 4 * 1024 * 1024       # the city's inventory (about 3,000 devices) is some 600 kB
DEFAULT_LIMIT, MAX_LIMIT = 100, 1000
MAX_OFFSET = 1_000_000
MAX_EVENTS = 20                       # a device's recent state changes in its detail


class ApiError(Exception):
    """A refusal of the API: HTTP status, error code, the field it concerns and why (English)."""

    def __init__(self, status: int, error: str, message: str, field: str | None = None, **extra):
        super().__init__(message)
        self.status, self.error, self.message, self.field, self.extra = status, error, message, field, extra

    def body(self) -> dict:
        return ({"error": self.error, "message": self.message} | ({"field": self.field} if self.field else {})
                | self.extra)


def invalid(field: str, reason: str, **extra) -> ApiError:
    return ApiError(400, "invalid_request", f"{field}: {reason}", field, **extra)


def choice_arg(args, name: str, choices) -> str | None:
    value = args.get(name)
    if value is None or value == "":
        return None
    if value not in choices:
        shown = ", ".join(sorted(choices)[:20]) + (", ..." if len(choices) > 20 else "")
        raise invalid(name, f"{value!r} is not one of {shown}")
    return value


def int_arg(args, name: str, default: int, low: int, high: int) -> int:
    value = args.get(name)
    if value is None or value == "":
        return default
    if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
        raise invalid(name, f"must be a whole number from {low} to {high}")
    return int(value)


def flag_arg(args, name: str) -> bool:
    value = args.get(name, "")
    if value not in ("", "0", "1"):
        raise invalid(name, "must be 1 or 0")
    return value == "1"


def paging(args) -> tuple[int, int]:
    return int_arg(args, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT), int_arg(args, "offset", 0, 0, MAX_OFFSET)


def only_args(args, allowed: tuple[str, ...]) -> None:
    """A misspelt filter is refused, not ignored (an unfiltered answer would look like a filtered one)."""
    unknown = sorted(set(args) - set(allowed))
    if unknown:
        raise invalid(unknown[0], f"not a parameter of this request (parameters: {', '.join(allowed) or 'none'})")
