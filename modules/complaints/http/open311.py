"""Open311 GeoReport v2 at /open311/v2/ (http://wiki.open311.org/GeoReport_v2), JSON or XML by
the extension:

    GET  discovery.{format}                   GET  services.{format}
    GET  services/{service_code}.{format}     GET  requests.{format}   (the spec's filters)
    POST requests.{format}  (api_key)         GET  requests/{service_request_id}.{format}
    GET  openapi.json                          (OpenAPI 3.1 of this API and the inbound webhook)

service_code = complaint category, service_request_id = ticket. Refusals use the spec's error
format: 400 (one error per problem, "<parameter>: <reason>"), 403 (API key), 404, 413.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, request
from werkzeug.exceptions import RequestEntityTooLarge

from core.services import current_services
from modules.complaints import service as complaint_service
from modules.complaints.errors import ComplaintValidationError
from modules.complaints.open311.formats import Open311Error, render, render_error, require_format
from modules.complaints.open311.openapi import openapi_document
from modules.complaints.open311.records import (discovery_document, find_requests, intake_from_form, load_lookups,
                                                parse_filters, post_receipt, problem_descriptions, request_record,
                                                require_clean_text,
                                                service_definition, service_records)

# The blueprint owns all of /open311/, so no path under this public prefix reaches another route.
blueprint = Blueprint("open311", __name__, url_prefix="/open311")
PUBLIC_PREFIXES = ("/open311/",)
VERSION = "/v2"
FORM_MARGIN_BYTES = 64 * 1024  # the form fields around one full-size photo


def max_body_bytes() -> int:
    return current_services().settings.complaints.max_photo_bytes + FORM_MARGIN_BYTES


@blueprint.before_request
def limit_body_size():
    request.max_content_length = max_body_bytes()  # also stops a chunked body that has no length
    if (request.content_length or 0) > request.max_content_length:
        raise RequestEntityTooLarge()


# === endpoints =================================================================================

@blueprint.get(VERSION + "/discovery.<format>")
def discovery(format: str):
    require_format(format)
    endpoint_url = request.url_root.rstrip("/") + blueprint.url_prefix + VERSION + "/"
    return render(discovery_document(endpoint_url), format, "discovery")


@blueprint.get(VERSION + "/services.<format>")
def services(format: str):
    require_format(format)
    with _session() as session:
        return render(service_records(session), format, "services")


@blueprint.get(VERSION + "/services/<service_code>.<format>")
def service_definition_of(service_code: str, format: str):
    require_format(format)
    with _session() as session:
        definition = service_definition(session, service_code)
    if definition is None:
        raise Open311Error(404, f"service_code: unknown service {service_code!r}")
    return render(definition, format, "service_definition")


@blueprint.get(VERSION + "/requests.<format>")
def requests_list(format: str):
    require_format(format)
    filters = parse_filters(request.args)
    with _session() as session:
        return render(_records(session, find_requests(session, filters)), format, "service_requests")


@blueprint.get(VERSION + "/requests/<service_request_id>.<format>")
def request_by_id(service_request_id: str, format: str):
    require_format(format)
    require_clean_text("service_request_id", service_request_id)
    with _session() as session:
        found = complaint_service.list_requests(session, ids=[service_request_id])
        if not found:
            raise Open311Error(404, f"service_request_id: no request {service_request_id!r}")
        return render(_records(session, found), format, "service_requests")


@blueprint.post(VERSION + "/requests.<format>")
def request_create(format: str):
    require_format(format)  # before anything is written
    intake = intake_from_form(request.form, request.files)
    services = current_services()
    with services.databases.transaction() as session:
        _require_api_key(session, request.form.get("api_key"))
        ticket = complaint_service.submit_complaint(session, intake, services.settings).ticket
    return render([post_receipt(ticket)], format, "service_requests", 201)


@blueprint.get(VERSION + "/openapi.json")
def openapi():
    return Response(json.dumps(openapi_document(), indent=1), content_type="application/json")


@blueprint.route("/", defaults={"rest": ""}, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@blueprint.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown_endpoint(rest: str):
    """Everything else under the public prefix (which would otherwise reach the Dash page route)."""
    raise Open311Error(404, f"no Open311 endpoint {request.method} {request.path}")


# === errors in the spec's format ===============================================================

@blueprint.errorhandler(Open311Error)
def open311_error(error: Open311Error):
    return render_error(error, _requested_format())


@blueprint.errorhandler(ComplaintValidationError)
def validation_error(error: ComplaintValidationError):
    form = request.form if request.method == "POST" else None
    return render_error(Open311Error(400, *problem_descriptions(error, form)), _requested_format())


@blueprint.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    limit = max_body_bytes()
    return render_error(Open311Error(413, f"body: larger than {limit:,} bytes (one photo of at most "
                                          f"{limit - FORM_MARGIN_BYTES:,} bytes and the form)"),
                        _requested_format())


# === helpers ===================================================================================

def _session():
    return current_services().databases.session()


def _records(session, complaints) -> list[dict]:
    lookups = load_lookups(session, [complaint.ticket for complaint in complaints])
    return [request_record(complaint, lookups) for complaint in complaints]


def _require_api_key(session, api_key: str | None) -> None:
    if not api_key:
        raise Open311Error(403, "api_key: missing; ask the city for a key to submit requests")
    if not complaint_service.api_key_valid(session, api_key):
        raise Open311Error(403, "api_key: unknown or revoked")


def _requested_format() -> str | None:
    """The format the client asked for, also on routes that failed (errors answer in it)."""
    args = request.view_args or {}
    if "format" in args:
        return args["format"]
    path = args.get("rest") or request.path
    return path.rsplit(".", 1)[-1] if "." in path else None
