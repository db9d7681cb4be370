"""The checks a module's JSON API makes of a request before its service sees it: the query string,
a JSON body's fields and their JSON types, the CSRF token of a multipart post. A problem raises
ApiError naming the field and why (English, for the API's clients); each blueprint turns it into
its JSON answer with `api_error_response` (its own errorhandler), and the service's own checks
(formats, ranges, lifecycle, scope) follow. Shared by the modules' `http/common.py`, which add only
what their API needs beyond these."""

from __future__ import annotations

import hmac
import json
import re
from datetime import date

from flask import jsonify, request, session as web_session

from auth.csrf import FIELD as CSRF_FIELD


class ApiError(Exception):
    """A refusal of the API itself: HTTP status, error code, the field it concerns and why (English)."""

    def __init__(self, status: int, error: str, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.error, self.message, self.field = status, error, message, field


def invalid(field: str, reason: str) -> ApiError:
    return ApiError(400, "invalid_request", f"{field}: {reason}", field)


def api_error_response(error: ApiError):
    return jsonify(error=error.error, message=error.message, field=error.field), error.status


# --- the query string -----------------------------------------------------------------------------

def only_args(allowed: tuple[str, ...]) -> None:
    """Refuses a query parameter the request does not know (a misspelt filter is not ignored)."""
    unknown = sorted(set(request.args) - set(allowed))
    if unknown:
        raise invalid(unknown[0], f"not a parameter of this request (parameters: {', '.join(allowed) or 'none'})")


def int_arg(name: str, low: int, high: int, default: int | None = None) -> int | None:
    value = request.args.get(name)
    if value is None or value == "":
        return default
    if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:  # "²" is a digit too
        raise invalid(name, f"must be a whole number from {low} to {high}")
    return int(value)


def flag_arg(name: str) -> bool:
    value = request.args.get(name)
    if value not in (None, "", "0", "1"):
        raise invalid(name, "must be 1 or 0")
    return value == "1"


def date_arg(name: str, default: date | None) -> date | None:
    value = request.args.get(name)
    if value is None or value == "":
        return default
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise invalid(name, "must be a date, YYYY-MM-DD") from None


def choice_arg(name: str, choices: tuple[str, ...]) -> str | None:
    value = request.args.get(name)
    if value is None or value == "":
        return None
    if value not in choices:
        raise invalid(name, f"must be one of: {', '.join(choices)}")
    return value


# --- the body -------------------------------------------------------------------------------------

def json_object(allowed: tuple[str, ...], strings: tuple[str, ...] = ()) -> dict:
    """The body: a JSON object (sent as application/json, which a cross-site form cannot send: the
    CSRF defence of the JSON routes) holding only `allowed` fields (a misspelt field is refused, not
    ignored), the `strings` among them strings or null (a number is not taken for a missing value)."""
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", "Content-Type: send the body as application/json",
                       "Content-Type")
    try:
        body = json.loads(request.get_data(cache=False) or b"null")
    except RecursionError:
        raise invalid("body", "JSON nested too deeply") from None
    except ValueError:
        raise invalid("body", "not valid UTF-8 JSON") from None
    if not isinstance(body, dict):
        raise invalid("body", "must be a JSON object")
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise invalid(unknown[0], f"not a field of this request (fields: {', '.join(allowed) or 'none'})")
    for name in strings:
        if body.get(name) is not None and not isinstance(body[name], str):
            raise invalid(name, "must be a string")
    return body


def whole_number(body: dict, name: str, low: int, high: int) -> int:
    """A required JSON integer in [low, high] (true is no number, though Python counts it as 1)."""
    value = body.get(name)
    if value is None:
        raise invalid(name, "required")
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise invalid(name, f"must be a whole number from {low} to {high}")
    return value


def check_csrf() -> None:
    """A session's form post carries the session's CSRF token (a cross-site form cannot know it)."""
    sent = request.form.get(CSRF_FIELD) or request.headers.get("X-CSRF-Token") or ""
    expected = web_session.get(CSRF_FIELD, "")
    if not expected or not hmac.compare_digest(sent, expected):
        raise invalid(CSRF_FIELD, "missing or wrong; send the session's token in the form or as X-CSRF-Token")


def utf8_text(data: bytes, field: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise invalid(field, "not UTF-8 text") from None
