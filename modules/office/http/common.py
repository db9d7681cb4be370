"""The e-Office API's checks of a request before the service sees it: the query string, a JSON
body's fields and their JSON types, the CSRF token of a multipart post. A problem raises ApiError
naming the field and why; the service's own checks (formats, ranges, lifecycle, scope) follow.
(The same helpers as modules/sipandu/http/common.py: modules do not import each other.)"""

from __future__ import annotations

import hmac
import json

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


def only_args(allowed: tuple[str, ...]) -> None:
    """Refuses a query parameter the request does not know (a misspelt filter is not ignored)."""
    unknown = sorted(set(request.args) - set(allowed))
    if unknown:
        raise invalid(unknown[0], f"not a parameter of this request (parameters: {', '.join(allowed) or 'none'})")


def int_arg(name: str, low: int, high: int, default: int) -> int:
    value = request.args.get(name)
    if value is None or value == "":
        return default
    if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:  # "²" is a digit too
        raise invalid(name, f"must be a whole number from {low} to {high}")
    return int(value)


def json_object(allowed: tuple[str, ...], strings: tuple[str, ...] = ()) -> dict:
    """The body: a JSON object (sent as application/json, which a cross-site form cannot send)
    holding only `allowed` fields (a misspelt field is refused, not ignored), the `strings` among
    them strings or null (a number is not taken for a missing value)."""
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


def check_csrf() -> None:
    """A session's form post carries the session's CSRF token (a cross-site form cannot know it)."""
    sent = request.form.get(CSRF_FIELD) or request.headers.get("X-CSRF-Token") or ""
    expected = web_session.get(CSRF_FIELD, "")
    if not expected or not hmac.compare_digest(sent, expected):
        raise invalid(CSRF_FIELD, "missing or wrong; send the session's token in the form or as X-CSRF-Token")
