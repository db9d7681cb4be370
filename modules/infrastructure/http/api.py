"""Infrastructure monitoring's JSON API at /api/infrastructure.

Staff, by their session (the viewer's scope narrows every read to his OPD's / district's devices):
    GET  /api/infrastructure/devices              devices with their state; ?kind= &state= &kelurahan= &opd=
                                                  &limit= &offset=
    GET  /api/infrastructure/devices/{code}       one device: state, parents, children, contract, recent events
    GET  /api/infrastructure/outages              current outages, one per root cause with the devices it hides
    GET  /api/infrastructure/alerts               alerts received; ?unmatched=1 those without a device, for review
    POST /api/infrastructure/alerts/{id}/reviewed one looked at (body {}, application/json): off the review list
    GET  /api/infrastructure/inventory            the inventory as CSV (city-wide roles)
    POST /api/infrastructure/inventory            a CSV import (admin; Content-Type text/csv): all rows or none,
                                                  every row's errors as JSON
    GET  /api/infrastructure/maintenance          current and upcoming maintenance windows; ?device= &active=1
    POST /api/infrastructure/maintenance          a new window (admin; application/json: device_code, starts_at,
                                                  ends_at, recurrence, collect, include_children, reason)
    POST /api/infrastructure/maintenance/{id}/end a window ended, with all its repeats (admin; body {})

The city's monitoring systems, by their integration's key (`Authorization: Bearer <key>`, keys.py):
    POST /api/infrastructure/alerts/alertmanager  Alertmanager's webhook payload (version 4)
    POST /api/infrastructure/alerts/zabbix        one Zabbix event from the media type (alerts.py)

Every refusal is JSON {"error", "message", "field"} with 400 (bad input, naming the field), 401 (no
session / no valid key), 403 (a role that may not), 404, 405, 413 or 429 (too many bad keys from one
address), and nothing is written: checks run inside the transaction the refusal rolls back.

The blueprint owns all of /api/infrastructure, a public prefix for the login guard (auth/guard.py):
a monitoring system has no session, so each route checks its own session or key. A session's POST
must be `text/csv` or `application/json`, types a cross-site form cannot send (as the guard asks
JSON of Dash's posts).
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, jsonify, request
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from auth.ratelimit import AttemptCounter
from core.clock import utc_now
from core.messages import ENGLISH
from core.reference import Kelurahan, Opd
from core.services import current_services
from core.users import Viewer
from modules.infrastructure import access, alerts, service
from modules.infrastructure.errors import InfraAccessDenied, InfraError, InfraImportError, InfraNotFound
from modules.infrastructure.http import reads, windows
from modules.infrastructure.http.fields import (MAX_CSV_BYTES, MAX_JSON_BYTES, ApiError, choice_arg, flag_arg, invalid,
                                                only_args, paging)
from modules.infrastructure.keys import ALERTMANAGER, ZABBIX, key_integration
from modules.infrastructure.kinds import DEVICE_KINDS, STATES

blueprint = Blueprint("infrastructure_api", __name__, url_prefix="/api/infrastructure")
PUBLIC_PREFIXES = ("/api/infrastructure",)

# The module's readers (access.py) who have a session: a wall display reads its panels, not this API.
READER_ROLES = tuple(role for role in access.READER_ROLES if role not in ("wall", access.SYSTEM_ROLE))
INVENTORY_READER_ROLES = ("admin", "operator")   # the whole inventory: addresses of every device
INVENTORY_WRITER_ROLES = ("admin",)
ALERT_REVIEW_ROLES = ("admin", "operator")       # unmatched alerts name devices of no one's scope
MAINTENANCE_WRITER_ROLES = tuple(role for role in access.MAINTENANCE_ROLES if role != access.SYSTEM_ROLE)
MAINTENANCE_FILTERS = ("device", "active")
DEVICE_FILTERS = ("kind", "state", "kelurahan", "opd", "limit", "offset")
ALERT_FILTERS = ("unmatched", "source", "limit", "offset")
CSV_TYPE = "text/csv"
# Bad keys one address may send in the window before it waits (a guesser, or a misconfigured receiver).
KEY_FAILURES_PER_WINDOW, KEY_FAILURE_WINDOW_SECONDS = 20, 600
ERROR_STATUS = ((InfraNotFound, 404), (InfraAccessDenied, 403))
PARSERS = {ALERTMANAGER: alerts.parse_alertmanager, ZABBIX: alerts.parse_zabbix}


@blueprint.before_request
def limit_body_size():
    limit = MAX_CSV_BYTES if request.path.endswith("/inventory") else MAX_JSON_BYTES
    request.max_content_length = limit  # also stops a chunked body that has no length
    if (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()


# === staff: reads ================================================================================

@blueprint.get("/devices")
def device_list():
    viewer = _reader(READER_ROLES)
    only_args(request.args, DEVICE_FILTERS)
    with _session() as session:
        kind = choice_arg(request.args, "kind", DEVICE_KINDS)
        state = choice_arg(request.args, "state", STATES)
        kelurahan = choice_arg(request.args, "kelurahan", set(session.scalars(select(Kelurahan.code))))
        opd = choice_arg(request.args, "opd", set(session.scalars(select(Opd.code))))
        limit, offset = paging(request.args)
        total, devices = reads.device_list(session, viewer, kind=kind, state=state, kelurahan=kelurahan, opd=opd,
                                           limit=limit, offset=offset)
    return jsonify(total=total, limit=limit, offset=offset, devices=devices)


@blueprint.get("/devices/<code>")
def device_one(code: str):
    viewer = _reader(READER_ROLES)
    only_args(request.args, ())
    with _session() as session:
        device = reads.find_device(session, viewer, code)
        if device is None:
            raise ApiError(404, "not_found", f"code: no device {code!r} in your scope", "code")
        return jsonify(reads.device_detail(session, viewer, device))


@blueprint.get("/outages")
def outage_list():
    viewer = _reader(READER_ROLES)
    only_args(request.args, ())
    with _session() as session:
        outages = reads.current_outages(session, viewer, utc_now())
    return jsonify(total=len(outages), outages=outages)


@blueprint.get("/alerts")
def alert_list():
    _reader(ALERT_REVIEW_ROLES)
    only_args(request.args, ALERT_FILTERS)
    unmatched = flag_arg(request.args, "unmatched")
    source = choice_arg(request.args, "source", alerts.ALERT_SOURCES)
    limit, offset = paging(request.args)
    with _session() as session:
        total, found = reads.alert_list(session, unmatched=unmatched, source=source, limit=limit, offset=offset)
    return jsonify(total=total, limit=limit, offset=offset, alerts=found)


@blueprint.post("/alerts/<int:alert_id>/reviewed")
def alert_reviewed(alert_id: int):
    _reader(ALERT_REVIEW_ROLES)
    _empty_json_body()
    with current_services().databases.transaction() as session:
        row = alerts.mark_reviewed(session, alert_id, utc_now())
        if row is None:
            raise ApiError(404, "not_found", f"alert_id: no alert {alert_id}", "alert_id")
        return jsonify(reads.alert_record(row))


# === staff: maintenance windows ===================================================================

@blueprint.get("/maintenance")
def maintenance_list():
    viewer = _reader(READER_ROLES)
    only_args(request.args, MAINTENANCE_FILTERS)
    active = flag_arg(request.args, "active")
    with _session() as session:
        device = None
        if request.args.get("device"):
            found = reads.find_device(session, viewer, request.args["device"])
            if found is None:
                raise invalid("device", f"no device {request.args['device']!r} in your scope")
            device = found.code
        found_windows = windows.window_list(session, viewer, utc_now(), device=device, active=active)
    return jsonify(total=len(found_windows), windows=found_windows)


@blueprint.post("/maintenance")
def maintenance_schedule():
    """A new window: the body's types checked here, the window's rules by the service, in the
    transaction a refusal rolls back."""
    actor = _reader(MAINTENANCE_WRITER_ROLES)
    fields = windows.window_fields(_json_body())
    with current_services().databases.transaction() as session:
        now = utc_now()
        window = service.schedule_maintenance(session, actor, **fields, now=now)
        record = windows.window_record(window, now)
    return jsonify(record), 201


@blueprint.post("/maintenance/<int:window_id>/end")
def maintenance_end(window_id: int):
    actor = _reader(MAINTENANCE_WRITER_ROLES)
    _empty_json_body()
    with current_services().databases.transaction() as session:
        now = utc_now()
        service.end_maintenance(session, actor, window_id, now)
    return jsonify(id=window_id, ended_at=reads.iso(now))


# === staff: the inventory as CSV =====================================================================

@blueprint.get("/inventory")
def inventory_export():
    actor = _reader(INVENTORY_READER_ROLES)
    only_args(request.args, ())
    with _session() as session:
        text = service.export_csv(session, actor)
    return Response(text, content_type=f"{CSV_TYPE}; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="infrastruktur-inventaris.csv"'})


@blueprint.post("/inventory")
def inventory_import():
    actor = _reader(INVENTORY_WRITER_ROLES)
    if request.mimetype != CSV_TYPE:
        raise ApiError(415, "unsupported_media_type", f"Content-Type: send the inventory as {CSV_TYPE}",
                       "Content-Type")
    try:
        text = request.get_data(cache=False).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise invalid("body", "not UTF-8 text") from None
    services = current_services()
    with services.databases.transaction() as session:
        result = service.import_csv(session, actor, text, services.settings, utc_now())
    return jsonify(result)


# === monitoring systems: alerts ======================================================================

@blueprint.post("/alerts/alertmanager")
def alertmanager_webhook():
    return _ingest(ALERTMANAGER)


@blueprint.post("/alerts/zabbix")
def zabbix_webhook():
    return _ingest(ZABBIX)


def _ingest(integration: str):
    """Key first (401 before any look at the body), then the whole payload, then every alert: one
    transaction, so a refusal anywhere stores nothing."""
    with current_services().databases.transaction() as session:
        _key_holder(session, integration)
        now = utc_now()
        try:
            received = PARSERS[integration](request.get_data(cache=False), now)
        except alerts.AlertPayloadError as error:
            raise invalid(error.field, error.reason) from None
        outcomes = alerts.ingest(session, received, now)
    return jsonify(received=len(outcomes), matched=sum(o.device_code is not None for o in outcomes),
                   unmatched=sum(o.device_code is None for o in outcomes),
                   applied=sum(o.state is not None for o in outcomes),
                   alerts=[{"id": o.alert_id, "fingerprint": o.fingerprint, "status": o.status,
                            "device_code": o.device_code, "state": o.state, "reason": o.reason} for o in outcomes])


# === everything else under the prefix ================================================================

@blueprint.route("/", defaults={"rest": ""}, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@blueprint.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown_endpoint(rest: str):
    """Everything else under the public prefix (which would otherwise reach the Dash page route)."""
    raise ApiError(404, "not_found", f"no endpoint {request.method} {request.path}")


# === who is asking ===============================================================================

def _reader(roles: tuple[str, ...]) -> Viewer:
    """The logged-in staff member of one of `roles` (his Viewer carries his scope); JSON 401/403 otherwise."""
    if not current_user.is_authenticated:
        raise ApiError(401, "unauthorised", "log in first: this endpoint reads with a staff session")
    if current_user.role not in roles:
        raise ApiError(403, "forbidden", f"role: the {current_user.role} role may not use {request.method} "
                                         f"{request.path} (roles: {', '.join(roles)})", "role")
    return current_user.viewer


def _key_holder(session, integration: str) -> None:
    """A valid key of this integration in `Authorization: Bearer`; bad keys are counted per address."""
    limiter, address = _key_limiter(), f"infra-key:{request.remote_addr or '-'}"
    if limiter.blocked(address):
        raise ApiError(429, "too_many_requests", f"Authorization: too many bad keys from this address; "
                                                 f"wait {KEY_FAILURE_WINDOW_SECONDS // 60} minutes", "Authorization")
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or key_integration(session, secret.strip()) != integration:
        limiter.record_failure(address)
        raise ApiError(401, "unauthorised", f"Authorization: send `Bearer <key>` with a valid {integration} key "
                                            f"(manage.py infra-key issue {integration} LABEL)", "Authorization")


def _key_limiter() -> AttemptCounter:
    services = current_services()
    if "infra_key_limiter" not in services.extras:
        services.extras["infra_key_limiter"] = AttemptCounter(KEY_FAILURES_PER_WINDOW, KEY_FAILURE_WINDOW_SECONDS,
                                                              services.redis)
    return services.extras["infra_key_limiter"]


def _session():
    return current_services().databases.session()


def _json_body():
    """The body as JSON, sent as application/json (a type a cross-site form cannot send)."""
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", "Content-Type: send the body as application/json",
                       "Content-Type")
    try:
        return json.loads(request.get_data(cache=False) or b"null")
    except ValueError:
        raise invalid("body", "not valid UTF-8 JSON") from None


def _empty_json_body() -> None:
    if _json_body() != {}:
        raise invalid("body", "must be the empty JSON object {}")


# === errors as JSON ================================================================================

@blueprint.errorhandler(ApiError)
def api_error(error: ApiError):
    answer = jsonify(error.body())
    if error.status == 429:
        answer.headers["Retry-After"] = str(KEY_FAILURE_WINDOW_SECONDS)
    if error.status == 401 and error.field == "Authorization":
        answer.headers["WWW-Authenticate"] = 'Bearer realm="pantau-infrastructure"'
    return answer, error.status


@blueprint.errorhandler(InfraError)
def service_refusal(error: InfraError):
    """The service's refusal: its code, its field and its English sentence; an inventory import
    refused as a whole lists every bad field of every row (`errors`)."""
    status = next((code for kind, code in ERROR_STATUS if isinstance(error, kind)), 400)
    body = {"error": error.code, "message": str(error).split("\n")[0], "field": error.field}
    if isinstance(error, InfraImportError):
        body["errors"] = [{"row": each.row, "field": each.field, "code": each.code, "message": each.text(ENGLISH)}
                          for each in error.errors]
    return jsonify(body), status


@blueprint.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    limit = MAX_CSV_BYTES if request.path.endswith("/inventory") else MAX_JSON_BYTES
    return jsonify(error="too_large", message=f"body: larger than {limit:,} bytes", field="body"), 413
