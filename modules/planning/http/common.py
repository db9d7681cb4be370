"""What the planning API's two blueprints (proposals.py, budget.py) share beyond the request checks
of core/http_checks.py (re-exported here): its refusals as JSON (without a `field` when none is
concerned), the service's refusals as HTTP statuses, a body's required fields, its sessions."""

from __future__ import annotations

from flask import jsonify

from core.http_checks import ApiError, int_arg, invalid, only_args  # noqa: F401 (the blueprints import them here)
from core.http_checks import json_object as checked_json_object
from core.services import current_services
from modules.planning.errors import PlanningAccessDenied, PlanningNotFound, PlanningWorkflowError

ERROR_STATUS = ((PlanningNotFound, 404), (PlanningAccessDenied, 403), (PlanningWorkflowError, 409))


def api_error_response(error: ApiError):
    body = {"error": error.error, "message": error.message} | ({"field": error.field} if error.field else {})
    return jsonify(body), error.status


def status_of(error: Exception) -> int:
    """The HTTP status of a service refusal: not found, not allowed, not now; else a bad request."""
    return next((code for kind, code in ERROR_STATUS if isinstance(error, kind)), 400)


def json_object(allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> dict:
    """The body (core.http_checks.json_object: a JSON object of only `allowed` fields) with the
    `required` ones present."""
    body = checked_json_object(allowed)
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
