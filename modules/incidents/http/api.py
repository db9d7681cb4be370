"""Command Center 112's JSON API at /api/incidents.

Staff, by their session (admin, operator, pimpinan, opd):
    GET  /api/incidents                     active incidents; ?status= &category= &agency= &limit= &offset=
    GET  /api/incidents/{number}            one incident: fields, clock, dispatches with clocks, calls, timeline
    GET  /api/incidents/{number}/eido       the incident as a NENA EIDO document (eido.py)
    GET  /api/incidents/units               units with status and last position; ?agency= &status=

Agencies' field systems, by their key (header X-API-Key, modules/incidents/keys.py):
    POST /api/incidents/units/{code}/status         {status, lat?, lon?, at?, note?}
    POST /api/incidents/units/{code}/position       {lat, lon, at?}
    POST /api/incidents/dispatches/{id}/status      {status, at?, note?}

A key acts as its agency's representative: only its agency's units and dispatches (403 naming the
field). An `opd` user reads every active incident (he may be asked to send a unit) and, once it
is finished, only one his agency served; the viewer's scope (core.scope) decides. Every refusal
is JSON {"error", "message", "field"} with 400 (bad input), 401 (no session / no valid key), 403,
404, 409 (a step the lifecycle does not allow: a skipped state), 413 or 429 (too many bad keys
from one address), and nothing is written: checks run inside the transaction the refusal rolls back.

The blueprint owns all of /api/incidents, a public prefix for the login guard (auth/guard.py):
a field system has no session, so each route checks its own session or key.
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, jsonify, request
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from auth.ratelimit import AttemptCounter
from core.clock import utc_now
from core.services import current_services
from core.users import Viewer
from modules.incidents import queries, service, workflow
from modules.incidents.keys import field_actor
from modules.incidents.errors import (IncidentAccessDenied, IncidentError, IncidentNotFound, IncidentWorkflowError)
from modules.incidents.http import eido
from modules.incidents.http.fields import (MAX_BODY_BYTES, ApiError, choice_arg, json_object, not_before_last_change,
                                           number_field, paging, refused, reported_at, text_field)
from modules.incidents.http.records import dispatch_record, incident_detail, incident_summary, unit_record
from modules.incidents.models import Incident, IncidentCategory, IncidentDispatch, IncidentUnit, IncidentUnitType
from modules.incidents.recording import begin_write

blueprint = Blueprint("incidents_api", __name__, url_prefix="/api/incidents")
PUBLIC_PREFIXES = ("/api/incidents",)

READER_ROLES = ("admin", "operator", "pimpinan", "opd")
KEY_HEADER = "X-API-Key"
# What a field system reports. `dispatched` is the desk's word (a dispatch), never the field's.
FIELD_UNIT_STATUSES = ("en_route", "on_scene", "returning", "available", "out_of_service")
FIELD_DISPATCH_STATUSES = ("en_route", "on_scene", "cleared", "cancelled")
UNIT_FIELDS = ("status", "lat", "lon", "at", "note")
POSITION_FIELDS = ("lat", "lon", "at")
DISPATCH_FIELDS = ("status", "at", "note")
# Bad keys one address may send in the window before it waits (a guesser, or a misconfigured tracker).
KEY_FAILURES_PER_WINDOW, KEY_FAILURE_WINDOW_SECONDS = 20, 600
ERROR_STATUS = ((IncidentNotFound, 404), (IncidentAccessDenied, 403), (IncidentWorkflowError, 409))


@blueprint.before_request
def limit_body_size():
    request.max_content_length = MAX_BODY_BYTES  # also stops a chunked body that has no length
    if (request.content_length or 0) > MAX_BODY_BYTES:
        raise RequestEntityTooLarge()


# === staff: reads ================================================================================

@blueprint.get("")
def incident_list():
    viewer = _reader()
    with _session() as session:
        status = choice_arg(request.args, "status", workflow.ACTIVE_INCIDENT_STATUSES)
        category = choice_arg(request.args, "category", list(session.scalars(select(IncidentCategory.code))))
        agency = choice_arg(request.args, "agency", unit_agencies(session))
        limit, offset = paging(request.args)
        agency_of = dict(session.execute(select(IncidentUnit.code, IncidentUnit.agency_code)).all())
        found = queries.active_incidents(session, viewer, utc_now())
    rows = [incident_summary(row, sorted({agency_of[code] for code in row["units"]})) for row in found]
    rows = [row for row in rows if (status is None or row["status"] == status)
            and (category is None or row["category_code"] == category)
            and (agency is None or agency in row["agencies"])]
    return jsonify(total=len(rows), limit=limit, offset=offset, incidents=rows[offset:offset + limit])


@blueprint.get("/units")
def unit_list():
    viewer = _reader()
    with _session() as session:
        agency = choice_arg(request.args, "agency", unit_agencies(session))
        status = choice_arg(request.args, "status", workflow.UNIT_STATUSES)
        found = queries.units(session, viewer, agency)
    return jsonify(units=[unit_record(row) for row in found if status is None or row["status"] == status])


@blueprint.get("/<number>")
def incident_one(number: str):
    viewer = _reader()
    with _session() as session:
        _require_readable(session, viewer, number)
        return jsonify(incident_detail(queries.incident_detail(session, viewer, number, utc_now())))


@blueprint.get("/<number>/eido")
def incident_eido(number: str):
    viewer = _reader()
    with _session() as session:
        incident = _require_readable(session, viewer, number)
        return jsonify(eido.document(session, incident, utc_now()))


# === agencies' field systems: reports ================================================================

@blueprint.post("/units/<code>/status")
def unit_status(code: str):
    services = current_services()
    with services.databases.transaction() as session:
        actor = _key_holder(session)
        data = json_object(request.get_data(cache=False), UNIT_FIELDS)
        status = text_field(data, "status", required=True, choices=FIELD_UNIT_STATUSES)
        lat, lon, note = number_field(data, "lat"), number_field(data, "lon"), text_field(data, "note")
        at = reported_at(data, utc_now())
        at = _time_after_last_change(session, at, IncidentUnit, code, "updated_at", "the unit's last change")
        unit = service.report_unit(session, actor, code, status=status, lat=lat, lon=lon, note=note, now=at)
        return jsonify(unit_record(unit))


@blueprint.post("/units/<code>/position")
def unit_position(code: str):
    services = current_services()
    with services.databases.transaction() as session:
        actor = _key_holder(session)
        data = json_object(request.get_data(cache=False), POSITION_FIELDS)
        lat, lon = number_field(data, "lat", required=True), number_field(data, "lon", required=True)
        at = reported_at(data, utc_now())
        unit = service.report_position(session, actor, code, lat, lon, at or utc_now(), only_if_newer=at is not None)
        if unit is None:
            raise refused("at", "incident_time_order", later="at", earlier="the unit's last position")
        return jsonify(unit_record(unit))


@blueprint.post("/dispatches/<int:dispatch_id>/status")
def dispatch_status(dispatch_id: int):
    services = current_services()
    with services.databases.transaction() as session:
        actor = _key_holder(session)
        data = json_object(request.get_data(cache=False), DISPATCH_FIELDS)
        status = text_field(data, "status", required=True, choices=FIELD_DISPATCH_STATUSES)
        note = text_field(data, "note")
        at = reported_at(data, utc_now())
        at = _time_after_last_change(session, at, IncidentDispatch, dispatch_id, "updated_at",
                                     "the dispatch's last change")
        row = service.update_dispatch(session, actor, dispatch_id, status, note=note, now=at)
        return jsonify(dispatch_record(row, session.get(Incident, row.incident_id)))


@blueprint.route("/", defaults={"rest": ""}, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@blueprint.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown_endpoint(rest: str):
    """Everything else under the public prefix (which would otherwise reach the Dash page route)."""
    raise ApiError(404, "not_found", f"no endpoint {request.method} {request.path}")


@blueprint.route("", methods=["POST", "PUT", "PATCH", "DELETE"])
def unknown_method():
    """The list's path with another method (its own endpoint: one with defaults would redirect to "/")."""
    raise ApiError(405, "method_not_allowed", f"{request.path} answers GET only")


# === who is asking ===============================================================================

def _reader() -> Viewer:
    """The logged-in staff member (his Viewer carries his scope); JSON 401/403 otherwise."""
    if not current_user.is_authenticated:
        raise ApiError(401, "unauthorised", "log in first: this endpoint reads with a staff session")
    if current_user.role not in READER_ROLES:
        raise ApiError(403, "forbidden", f"the {current_user.role} role may not read incidents "
                                         f"(roles: {', '.join(READER_ROLES)})")
    return current_user.viewer


def _require_readable(session, viewer: Viewer, number: str) -> Incident:
    """The incident, if the viewer's scope reaches it: a city-wide scope every incident; an agency's
    every active one and the finished ones his agency served."""
    query = select(Incident).where(Incident.number == number.strip().upper())
    incident = session.scalars(query).first()
    if incident is None:
        raise IncidentNotFound("number", "incident_not_found", kind="incident", key=number)
    scope = viewer.scope
    if scope.is_city or incident.is_active:
        return incident
    served = set(session.scalars(select(IncidentDispatch.agency_code)
                                 .where(IncidentDispatch.incident_id == incident.id)))
    if scope.kind == "opd" and scope.codes[0] in served:
        return incident
    raise ApiError(403, "forbidden", f"number: incident {incident.number} is {incident.status}; outside the city-wide "
                                     "scope only active incidents and those your agency served are readable", "number")


def _key_holder(session) -> Viewer:
    """The actor of a valid agency key in X-API-Key; bad keys are counted per address (429 past the limit)."""
    limiter, address = _key_limiter(), f"incident-key:{request.remote_addr or '-'}"
    if limiter.blocked(address):
        raise ApiError(429, "too_many_requests", f"{KEY_HEADER}: too many bad keys from this address; "
                                                 f"wait {KEY_FAILURE_WINDOW_SECONDS // 60} minutes", KEY_HEADER)
    actor = field_actor(session, request.headers.get(KEY_HEADER))
    if actor is None:
        limiter.record_failure(address)
        raise ApiError(401, "unauthorised", f"{KEY_HEADER}: missing, unknown or revoked; an admin issues agency "
                                            "keys (manage.py incident-key issue AGENCY LABEL)", KEY_HEADER)
    return actor


def _time_after_last_change(session, at, model, key, column: str, what: str) -> datetime:
    """The report's time: `at`, which must not lie before the row's last change (its clocks would
    run backwards), or without one the server's clock. Both are taken under the locks the service
    takes next, in its order, so that the last change stays the last (and a report that waited for
    another's lock is not older than it): the domain's writer lock, then the row. (A position
    alone checks its time in its one UPDATE: service.report_position.)"""
    begin_write(session)
    row = session.get(model, key, with_for_update=True)
    if at is None:
        return utc_now()
    not_before_last_change(at, getattr(row, column) if row else None, what)
    return at


def _key_limiter() -> AttemptCounter:
    services = current_services()
    if "incident_key_limiter" not in services.extras:
        services.extras["incident_key_limiter"] = AttemptCounter(KEY_FAILURES_PER_WINDOW, KEY_FAILURE_WINDOW_SECONDS,
                                                                 services.redis)
    return services.extras["incident_key_limiter"]


def unit_agencies(session) -> list[str]:
    """The agencies that have units (reference/incident_agencies.csv): the `agency` filter's choices."""
    return sorted(set(session.scalars(select(IncidentUnitType.agency_code))))


def _session():
    return current_services().databases.session()


# === errors as JSON ================================================================================

@blueprint.errorhandler(ApiError)
def api_error(error: ApiError):
    answer = jsonify(error.body())
    if error.status == 429:
        answer.headers["Retry-After"] = str(KEY_FAILURE_WINDOW_SECONDS)
    return answer, error.status


@blueprint.errorhandler(IncidentError)
def service_refusal(error: IncidentError):
    """The service's refusal: its code, its field and its English sentence."""
    status = next((code for kind, code in ERROR_STATUS if isinstance(error, kind)), 400)
    return jsonify(error=error.code, message=str(error), field=error.field), status


@blueprint.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    return jsonify(error="too_large", message=f"body: larger than {MAX_BODY_BYTES:,} bytes", field="body"), 413
