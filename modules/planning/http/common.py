"""What the planning API's two blueprints (proposals.py, budget.py) share: its refusals as JSON
and the checks of a request's query string and JSON body, so both answer bad input alike."""

from __future__ import annotations

import json

from flask import jsonify, request

from core.services import current_services
from modules.planning.errors import PlanningAccessDenied, PlanningNotFound, PlanningWorkflowError

ERROR_STATUS = ((PlanningNotFound, 404), (PlanningAccessDenied, 403), (PlanningWorkflowError, 409))


class ApiError(Exception):
    """A refusal of the API itself: HTTP status, error code, the field it concerns and why (English)."""

    def __init__(self, status: int, error: str, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.error, self.message, self.field = status, error, message, field


def invalid(field: str, reason: str) -> ApiError:
    return ApiError(400, "invalid_request", f"{field}: {reason}", field)


def api_error_response(error: ApiError):
    body = {"error": error.error, "message": error.message} | ({"field": error.field} if error.field else {})
    return jsonify(body), error.status


def status_of(error: Exception) -> int:
    """The HTTP status of a service refusal: not found, not allowed, not now; else a bad request."""
    return next((code for kind, code in ERROR_STATUS if isinstance(error, kind)), 400)


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


def json_object(allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> dict:
    """The body: a JSON object (sent as application/json, which a cross-site form cannot send)
    holding only `allowed` fields (a misspelt field is refused, not ignored) and the `required` ones."""
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
    missing = [key for key in required if body.get(key) is None]
    if missing:
        raise invalid(missing[0], "required")
    return body


def db_session():
    """A session on the module's database for a request's reads."""
    return current_services().databases.session()


def db_transaction():
    """A session whose writes commit together at the end of the block, or not at all."""
    return current_services().databases.transaction()
