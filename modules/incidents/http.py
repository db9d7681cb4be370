"""The incidents' HTTP API (JSON), described in /api/openapi.json (openapi.py):

    GET  /api/incidents                      active incidents with their points and clocks (staff)
    GET  /api/incidents/units                units with status and last position (staff)
    GET  /api/incidents/{number}             one incident: clock, dispatches, calls (no numbers), notes
    GET  /api/incidents/{number}/eido        the same as a NENA EIDO-style document (eido.py)
    POST /api/incidents/field/units/{code}   a unit's status and/or position from its agency's field
                                             system: header X-Api-Key (a key of that agency, keys.py)

Staff routes need a login (the app's guard) and a reading role; the field route needs an agency's
key instead and acts only on that agency's units. Errors are {"error": code, "message", "field"}:
400 bad input, 401 no or bad key, 403 another agency's unit or a role without access, 404 unknown,
409 a step the lifecycle refuses. Times are ISO 8601 in the city's time (+07:00). No answer
carries a caller's number."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from flask import Blueprint, abort, jsonify, request
from flask_login import current_user

from core.clock import city_time, utc_now
from core.messages import ENGLISH, error_text
from core.services import current_services
from core.users import Viewer
from modules.incidents import queries, service
from modules.incidents.access import READER_ROLES
from modules.incidents.eido import eido_document
from modules.incidents.errors import (IncidentAccessDenied, IncidentError, IncidentNotFound, IncidentWorkflowError)
from modules.incidents.keys import field_actor

blueprint = Blueprint("incidents_api", __name__, url_prefix="/api/incidents")
FIELD_PREFIX = "/api/incidents/field/"
PUBLIC_PREFIXES = (FIELD_PREFIX,)  # the field route checks its agency's key itself
KEY_HEADER = "X-Api-Key"
FIELD_KEYS = ("status", "lat", "lon", "note")
STATUS_OF = ((IncidentNotFound, 404), (IncidentAccessDenied, 403), (IncidentWorkflowError, 409), (IncidentError, 400))


@blueprint.get("")
def active_incidents():
    viewer = _staff()
    with current_services().databases.session() as session:
        found = queries.active_incidents(session, viewer)
    return jsonify(incidents=[_public(item) for item in found])


@blueprint.get("/units")
def units():
    viewer = _staff()
    with current_services().databases.session() as session:
        found = queries.units(session, viewer, request.args.get("agency") or None)
    return jsonify(units=[_public(item) for item in found])


@blueprint.get("/<number>")
def incident(number: str):
    detail = _detail(_staff(), number)
    if not isinstance(detail, dict):
        return detail
    return jsonify(_public(_without_callers(detail)))


@blueprint.get("/<number>/eido")
def incident_eido(number: str):
    detail = _detail(_staff(), number)
    if not isinstance(detail, dict):
        return detail
    return jsonify(eido_document(detail, utc_now()))


@blueprint.post("/field/units/<code>")
def field_report(code: str):
    databases = current_services().databases
    with databases.session() as session:
        actor = field_actor(session, request.headers.get(KEY_HEADER))
    if actor is None:
        return jsonify(error="unauthorised", message=f"a valid {KEY_HEADER} of the unit's agency is required"), 401
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or set(body) - set(FIELD_KEYS):
        unknown = sorted(set(body) - set(FIELD_KEYS)) if isinstance(body, dict) else []
        return jsonify(error="bad_request", field=unknown[0] if unknown else "body",
                       message=f"a JSON object with some of {', '.join(FIELD_KEYS)}"), 400
    try:
        with databases.transaction() as session:  # a refusal raises: nothing is written
            unit = service.report_unit(session, actor, code, **body)
            answer = dict(code=unit.code, agency_code=unit.agency_code, status=unit.status, lat=unit.lat,
                          lon=unit.lon, position_at=_time(unit.position_at))
    except IncidentError as error:
        return _error(error)
    return jsonify(answer)


def _staff() -> Viewer:
    if not current_user.is_authenticated:
        abort(401)
    if current_user.role not in READER_ROLES:
        abort(403)
    return current_user.viewer


def _detail(viewer: Viewer, number: str):
    """One incident's detail, or the JSON error answer (404 unknown)."""
    with current_services().databases.session() as session:
        try:
            return queries.incident_detail(session, viewer, number)
        except IncidentError as error:
            return _error(error)


def _error(error: IncidentError):
    status = next(code for kind, code in STATUS_OF if isinstance(error, kind))
    return jsonify(error=error.code, field=error.field, message=error_text(error, ENGLISH)), status


def _without_callers(detail: dict) -> dict:
    """The API never answers with a caller's number, not even masked."""
    return dict(detail, calls=[{k: v for k, v in call.items() if k != "caller"} for call in detail["calls"]])


def _public(value):
    """JSON-safe: times in the city's time, clocks as objects."""
    if isinstance(value, dict):
        return {key: _public(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_public(item) for item in value]
    if isinstance(value, datetime):
        return _time(value)
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    return value


def _time(moment: datetime | None) -> str | None:
    return None if moment is None else city_time(moment).isoformat(timespec="seconds")
