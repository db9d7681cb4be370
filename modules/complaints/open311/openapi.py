"""The OpenAPI 3.1 description of /open311/v2/ and the inbound webhook, written by hand to match
http/open311.py and http/webhook.py (tests/complaints_http checks that every route is in it).
Served at /open311/v2/openapi.json.

Every limit the server enforces is published here from the constant that enforces it (lengths,
ranges, the characters refused, the dates accepted), so a client can check before sending;
tests/complaints_http/test_openapi.py sends a value just inside and just outside each one.
Bounds JSON Schema has no keyword for are extensions: x-earliest/x-latest (a filter's dates) and
x-max-age-seconds/x-max-ahead-seconds (the webhook's sent_at, relative to the server's clock)."""

from __future__ import annotations

from copy import deepcopy

from modules.complaints.http.webhook import (MAX_CLOCK_SKEW_SECONDS, MAX_MESSAGE_ID, MAX_SENT_AGE,
                                             SOURCES as WEBHOOK_SOURCES)
from modules.complaints.intake import (CHANNELS, MAX_ADDRESS, MAX_DESCRIPTION, MAX_REPORTER_FIELD, MAX_RT, MAX_RW,
                                      TEXT_PATTERN)
from modules.complaints.open311.formats import EARLIEST_DATE, LATEST_DATE, w3c
from modules.complaints.open311.records import CONSENT_ATTRIBUTE, OPEN311_STATUSES
from modules.complaints.transitions import MAX_FEEDBACK

_FORMATS = ("application/json", "text/xml")


def _text(max_length: int | None = None, min_length: int = 0, **extra) -> dict:
    """A text field: no control characters but tab and newlines (intake.TEXT_PATTERN), within its lengths."""
    limits = ({"minLength": min_length} if min_length else {}) | ({"maxLength": max_length} if max_length else {})
    return {"type": "string", "pattern": TEXT_PATTERN, **limits, **extra}


def _optional_text(max_length: int) -> dict:
    return _text(max_length) | {"type": ["string", "null"]}


_LAT = {"minimum": -90, "maximum": 90}
_LON = {"minimum": -180, "maximum": 180}
_DATE_FILTER = {"type": "string", "pattern": TEXT_PATTERN, "x-earliest": w3c(EARLIEST_DATE),
                "x-latest": w3c(LATEST_DATE)}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(kind: str, **extra) -> dict:
    return {"type": [kind, "null"], **extra}


def _list_of(item: str, xml_list: str, xml_item: str) -> dict:
    return {"type": "array", "items": {**_ref(item), "xml": {"name": xml_item}},
            "xml": {"name": xml_list, "wrapped": True}}


def _both_formats(schema: dict, description: str) -> dict:
    return {"description": description, "content": {kind: {"schema": schema} for kind in _FORMATS}}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    return {str(code): {"$ref": f"#/components/responses/Error{code}"} for code in codes}


def _format_param() -> dict:
    return {"$ref": "#/components/parameters/format"}


def _get(summary: str, ok: dict, *error_codes: int, parameters: list | None = None) -> dict:
    return {"get": {"summary": summary, "tags": ["Open311"], "parameters": [_format_param(), *(parameters or [])],
                    "responses": {"200": ok, **_errors(*error_codes)}}}


_QUERY_FILTERS = [
    {"name": "service_request_id", "in": "query", "schema": _text(),
     "description": "Comma-separated tickets; when given, every other filter is ignored."},
    {"name": "service_code", "in": "query", "schema": _text(),
     "description": "Comma-separated service codes (categories); default all."},
    {"name": "start_date", "in": "query", "schema": _DATE_FILTER,
     "description": "W3C datetime (YYYY, YYYY-MM, YYYY-MM-DD or date-time; without an offset: Surabaya time, "
                    f"+07:00) from {w3c(EARLIEST_DATE)} to {w3c(LATEST_DATE)}. Default end_date minus 90 days."},
    {"name": "end_date", "in": "query", "schema": _DATE_FILTER,
     "description": f"W3C datetime from {w3c(EARLIEST_DATE)} to {w3c(LATEST_DATE)}. Default start_date plus 90 "
                    "days, or now. The span may not exceed 90 days (400)."},
    {"name": "status", "in": "query", "schema": {"type": "string"},
     "description": f"{' or '.join(OPEN311_STATUSES)}, or both comma-separated; default both."},
]

_REQUEST_FORM = {
    "type": "object",
    "required": ["api_key", "service_code", "description"],
    "description": "Give the place as lat and long (inside Surabaya) or as address_string. Unknown fields, "
                   "jurisdiction_id, attribute[...] other than attribute[photo_display_consent], attribute[rw] "
                   "and attribute[rt], and media_url are ignored.",
    "properties": {
        "api_key": {"type": "string", "description": "Issued by the city (manage.py api-key issue)."},
        "service_code": {"type": "string"},
        "lat": {"type": "number", **_LAT},
        "long": {"type": "number", **_LON},
        "address_string": _text(MAX_ADDRESS),
        "description": _text(MAX_DESCRIPTION, 1),
        "email": _text(MAX_REPORTER_FIELD), "phone": _text(MAX_REPORTER_FIELD,
                                                           description="phone and email, joined by ', ', "
                                                                       f"at most {MAX_REPORTER_FIELD} characters"),
        "first_name": _text(MAX_REPORTER_FIELD), "last_name": _text(MAX_REPORTER_FIELD,
                                                                    description="first and last name, joined "
                                                                                f"by a space, at most "
                                                                                f"{MAX_REPORTER_FIELD} characters"),
        "attribute[rw]": {"type": "integer", "minimum": 1, "maximum": MAX_RW,
                          "description": "Optional: the RW (rukun warga) of the place. It needs lat and long "
                                         "(its kelurahan), and must be one of that kelurahan's RW units when the "
                                         "city's reference lists them (400 naming attribute rw otherwise)."},
        "attribute[rt]": {"type": "integer", "minimum": 1, "maximum": MAX_RT,
                          "description": "Optional: the RT (rukun tetangga) inside attribute[rw], which it "
                                         "needs; one of that RW's RT units when the reference lists them."},
        "media_url": {"type": "string", "description": "Ignored."},
        "channel": {"type": "string", "enum": list(CHANNELS), "default": "web",
                    "description": "Pantau extension: the channel the citizen used."},
        CONSENT_ATTRIBUTE: {"type": "boolean", "default": False,
                            "description": "Pantau extension: the citizen allows the photo (media) to be shown on "
                                           "the command center's wall displays. Form text true, false, 1, 0 or "
                                           "on; anything else is refused (400). Absent, or without a photo: "
                                           "false (consent is never assumed)."},
    },
}

_SERVICE_REQUEST = {
    "type": "object",
    "xml": {"name": "request"},
    "properties": {
        "service_request_id": {"type": "string", "examples": ["ADU-2611-000123"]},
        "status": {"type": "string", "enum": list(OPEN311_STATUSES)},
        "status_notes": {"type": "string", "description": "The detailed status in Bahasa Indonesia."},
        "service_name": _nullable("string"),
        "service_code": {"type": "string"},
        "description": {"type": "string"},
        "agency_responsible": _nullable("string", description="The OPD in charge; null in the triage queue."),
        "service_notice": {"type": "null"},
        "requested_datetime": {"type": "string", "format": "date-time"},
        "updated_datetime": {"type": "string", "format": "date-time"},
        "expected_datetime": _nullable("string", format="date-time",
                                       description="First response due until the OPD responds, then feedback "
                                                   "due; null once both are met or the request is closed."),
        "address": _nullable("string"),
        "address_id": {"type": "null"},
        "zipcode": _nullable("string"),
        "lat": _nullable("number"),
        "long": _nullable("number"),
        "media_url": {"type": "null", "description": "Photos are kept for staff, not published."},
        "pantau_status": {"type": "string", "description": "Pantau extension: the detailed status.",
                          "enum": ["received", "dispatched", "responded", "in_progress", "resolved", "closed",
                                   "rejected"]},
        "pantau_feedback": _nullable("string", maxLength=MAX_FEEDBACK,
                                     description="Pantau extension: the newest message the OPD sent the citizen "
                                                 "(Bahasa Indonesia), as written for him; never staff notes nor "
                                                 "personal data. Null before any feedback."),
        "pantau_feedback_datetime": _nullable("string", format="date-time",
                                              description="Pantau extension: when that message was sent."),
    },
}

_SCHEMAS = {
    "Discovery": {"type": "object", "xml": {"name": "discovery"}, "properties": {
        "changeset": {"type": "string", "format": "date-time"}, "contact": {"type": "string"},
        "key_service": {"type": "string"},
        "endpoints": {"type": "array", "xml": {"wrapped": True}, "items": {
            "type": "object", "xml": {"name": "endpoint"}, "properties": {
                "specification": {"type": "string"}, "url": {"type": "string"},
                "changeset": {"type": "string", "format": "date-time"}, "type": {"type": "string"},
                "formats": {"type": "array", "xml": {"wrapped": True},
                            "items": {"type": "string", "xml": {"name": "format"}}}}}}}},
    "Service": {"type": "object", "xml": {"name": "service"}, "properties": {
        "service_code": {"type": "string"}, "service_name": {"type": "string"}, "description": {"type": "string"},
        "metadata": {"type": "boolean", "const": False}, "type": {"type": "string", "const": "realtime"},
        "keywords": {"type": "string"}, "group": {"type": "string", "description": "The OPD's short name."}}},
    "ServiceDefinition": {"type": "object", "xml": {"name": "service_definition"}, "properties": {
        "service_code": {"type": "string"},
        "attributes": {"type": "array", "maxItems": 0, "xml": {"wrapped": True}, "items": {"type": "object"},
                       "description": "No extra attributes are asked."}}},
    "ServiceRequest": _SERVICE_REQUEST,
    "RequestForm": _REQUEST_FORM,
    "RequestUpload": {"allOf": [_ref("RequestForm"), {"type": "object", "properties": {
        "media": {"type": "string", "contentMediaType": "image/*",
                  "description": "Pantau extension: a JPEG, PNG or WebP photo."}}}]},
    "PostReceipt": {"type": "object", "xml": {"name": "request"}, "properties": {
        "service_request_id": {"type": "string"}, "service_notice": {"type": "string"},
        "account_id": {"type": "null"}}},
    "Error": {"type": "object", "xml": {"name": "error"}, "properties": {
        "code": {"type": "integer"},
        "description": {"type": "string", "examples": ["lat: the point -7.10000, 112.30000 is outside Surabaya"]}}},
    "WebhookMessage": {"type": "object", "required": ["message_id", "sent_at", "sender", "text"], "properties": {
        "message_id": _text(MAX_MESSAGE_ID, 1, description="Compared without case and outer spaces, inner "
                                                           "whitespace as one space: 'SMS-1 ' repeats 'sms-1'."),
        "sent_at": {"type": "string", "format": "date-time", "x-max-age-seconds": int(MAX_SENT_AGE.total_seconds()),
                    "x-max-ahead-seconds": MAX_CLOCK_SKEW_SECONDS,
                    "description": f"With a UTC offset; at most {MAX_SENT_AGE.days} days before and "
                                   f"{MAX_CLOCK_SKEW_SECONDS // 60} minutes after the server's clock."},
        "sender": {"type": "object", "required": ["contact"], "properties": {
            "name": _optional_text(MAX_REPORTER_FIELD), "contact": _text(MAX_REPORTER_FIELD, 1)}},
        "text": _text(MAX_DESCRIPTION, 1),
        "category_code": _nullable("string", description="Null: guessed from the text and sent to triage."),
        "lat": _nullable("number", **_LAT), "lon": _nullable("number", **_LON),
        "address": _optional_text(MAX_ADDRESS)}},
    "WebhookAccepted": {"type": "object", "properties": {
        "ticket": {"type": "string"}, "status": {"type": "string"}, "category_code": {"type": "string"},
        "category_guessed": {"type": "boolean"}, "triage": {"type": "boolean"}}},
    "WebhookError": {"type": "object", "required": ["error", "message"], "properties": {
        "error": {"type": "string", "enum": ["invalid_payload", "invalid_complaint", "unsigned", "bad_signature",
                                             "stale_timestamp", "unknown_source", "source_disabled", "replayed",
                                             "too_large", "method_not_allowed"]},
        "message": {"type": "string"}, "field": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object", "properties": {
            "field": {"type": "string"}, "reason": {"type": "string"}}}}}},
}

_ERROR_TEXT = {400: "Invalid parameters: one error per problem, '<parameter>: <reason>'.",
               403: "Missing, unknown or revoked api_key.", 404: "Unknown endpoint, format, service or request.",
               413: "The body is larger than one photo plus 64 KB."}

_WEBHOOK = {"post": {
    "summary": "One message from an SMS gateway or social-media connector",
    "tags": ["Webhook"],
    "description": "Signed with HMAC-SHA256 over '<X-Pantau-Timestamp>.<raw body>' using the source's shared secret "
                   "(environment variable PANTAU_WEBHOOK_SECRET_<SOURCE>). The body may not exceed 64 KB.",
    "parameters": [
        {"name": "source", "in": "path", "required": True, "schema": {"type": "string", "enum": list(WEBHOOK_SOURCES)}},
        {"name": "X-Pantau-Timestamp", "in": "header", "required": True, "schema": {"type": "string"},
         "description": f"Unix seconds; refused when more than {MAX_CLOCK_SKEW_SECONDS // 60} minutes from the "
                        "server's clock."},
        {"name": "X-Pantau-Signature", "in": "header", "required": True,
         "schema": {"type": "string", "pattern": "^sha256=[0-9a-f]{64}$"}},
    ],
    "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("WebhookMessage")}}},
    "responses": {"201": _json(_ref("WebhookAccepted"), "Filed as a complaint."),
                  **{str(code): _json(_ref("WebhookError"), text) for code, text in (
                      (400, "Malformed JSON or a wrong field (named in `field`)."),
                      (401, "Unsigned, badly signed or stale."), (404, "Unknown or disabled source."),
                      (409, "message_id was received before."), (413, "Body over 64 KB."))}},
}}

_DOCUMENT = {
    "openapi": "3.1.0",
    "info": {"title": "Pantau complaints: Open311 GeoReport v2 and inbound webhook", "version": "2.0",
             "description": "Complaints of the City of Surabaya. service_code = complaint category, "
                            "service_request_id = ticket. Datetimes are ISO 8601 in Surabaya time (+07:00). "
                            "No personal data is ever returned."},
    "externalDocs": {"url": "http://wiki.open311.org/GeoReport_v2"},
    "paths": {
        "/open311/v2/discovery.{format}": _get("Endpoints and formats", _both_formats(_ref("Discovery"), "Discovery"),
                                               404),
        "/open311/v2/services.{format}": _get("Service list (complaint categories)",
                                              _both_formats(_list_of("Service", "services", "service"), "Services"),
                                              404),
        "/open311/v2/services/{service_code}.{format}": _get(
            "Service definition", _both_formats(_ref("ServiceDefinition"), "Definition"), 404,
            parameters=[{"name": "service_code", "in": "path", "required": True, "schema": {"type": "string"}}]),
        "/open311/v2/requests.{format}": {
            **_get("Service requests, newest first (at most 1000)",
                   _both_formats(_list_of("ServiceRequest", "service_requests", "request"), "Requests"), 400, 404,
                   parameters=_QUERY_FILTERS),
            "post": {"summary": "Submit a service request", "tags": ["Open311"], "parameters": [_format_param()],
                     "requestBody": {"required": True, "content": {
                         "application/x-www-form-urlencoded": {"schema": _ref("RequestForm")},
                         "multipart/form-data": {"schema": _ref("RequestUpload")}}},
                     "responses": {"201": _both_formats(_list_of("PostReceipt", "service_requests", "request"),
                                                        "Created; service_request_id is the ticket"),
                                   **_errors(400, 403, 404, 413)}},
        },
        "/open311/v2/requests/{service_request_id}.{format}": _get(
            "One service request", _both_formats(_list_of("ServiceRequest", "service_requests", "request"),
                                                 "A list of one request"), 404,
            parameters=[{"name": "service_request_id", "in": "path", "required": True, "schema": {"type": "string"}}]),
        "/open311/v2/openapi.json": {"get": {"summary": "This document", "tags": ["Open311"],
                                             "responses": {"200": _json({"type": "object"}, "OpenAPI 3.1")}}},
        "/webhooks/complaints/{source}": _WEBHOOK,
    },
    "components": {
        "schemas": _SCHEMAS,
        "parameters": {"format": {"name": "format", "in": "path", "required": True,
                                  "schema": {"type": "string", "enum": ["json", "xml"]}}},
        "responses": {f"Error{code}": _both_formats(_list_of("Error", "errors", "error"), text)
                      for code, text in _ERROR_TEXT.items()},
    },
}


def openapi_document() -> dict:
    return deepcopy(_DOCUMENT)  # callers may not change the shared one


def api_description() -> dict:
    """The complaints domain's part of /api/openapi.json (core/openapi.py): the inbound webhook
    and the schemas it uses; Open311 itself is described in openapi_document() above."""
    paths = {"/webhooks/complaints/{source}": deepcopy(_WEBHOOK)}
    return {"paths": paths, "components": {"schemas": _referenced_schemas(paths)}}


def _referenced_schemas(node, found: dict | None = None) -> dict:
    """Every schema of _SCHEMAS that `node` refers to, directly or through another schema."""
    found = {} if found is None else found
    if isinstance(node, dict):
        reference = node.get("$ref", "")
        name = reference.rpartition("/")[2] if reference.startswith("#/components/schemas/") else None
        if name and name not in found:
            found[name] = deepcopy(_SCHEMAS[name])
            _referenced_schemas(found[name], found)
        for value in node.values():
            _referenced_schemas(value, found)
    elif isinstance(node, list):
        for value in node:
            _referenced_schemas(value, found)
    return found
