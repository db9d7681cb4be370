"""The incidents domain's part of /api/openapi.json (core/openapi.py, `Domain.openapi`): every
route of api.py with its inputs' types, ranges, lengths and enums, and its error bodies."""

from __future__ import annotations

from copy import deepcopy

from modules.incidents import workflow
from modules.incidents.checks import MAX_TEXT
from modules.incidents.http.api import (FIELD_DISPATCH_STATUSES, FIELD_UNIT_STATUSES, KEY_FAILURE_WINDOW_SECONDS,
                                        KEY_FAILURES_PER_WINDOW, KEY_HEADER, READER_ROLES)
from modules.incidents.http.eido import EIDO_VERSION
from modules.incidents.http.fields import MAX_BODY_BYTES, MAX_CLOCK_SKEW, MAX_LIMIT, MAX_OFFSET, MAX_REPORT_AGE
from modules.incidents.models import Incident, IncidentUnit

TAG = "incidents"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict:
    return _json(_ref("IncidentApiError"), description)


def _nullable(schema: dict) -> dict:
    return {**schema, "type": [schema["type"], "null"]}


TIME = {"type": "string", "format": "date-time", "description": "ISO 8601 in city time (+07:00)"}
SECONDS = {"type": ["integer", "null"], "description": "seconds; null until reached"}
LAT = {"type": "number", "minimum": -90, "maximum": 90, "description": "WGS 84 latitude, inside the city's bounds"}
LON = {"type": "number", "minimum": -180, "maximum": 180, "description": "WGS 84 longitude, inside the city's bounds"}
NUMBER = {"type": "string", "pattern": "^INS-[0-9]{4}-[0-9]{6}$", "maxLength": Incident.number.type.length}
UNIT_CODE = {"type": "string", "maxLength": IncidentUnit.code.type.length, "examples": ["DPKP-FE-03"]}
AT = {**TIME, "description": f"when the field saw it, with its UTC offset; at most {MAX_REPORT_AGE.seconds // 3600} "
                            f"hours before the server's clock and {MAX_CLOCK_SKEW.seconds // 60} minutes after it, "
                            "and not before the last change it follows (absent: the server's clock)"}
NOTE = {"type": "string", "maxLength": MAX_TEXT["note"]}

SCHEMAS = {
    "IncidentApiError": {"type": "object", "required": ["error", "message"], "properties": {
        "error": {"type": "string", "maxLength": 64,
                  "description": "a code, e.g. invalid_request, incident_transition_refused, incident_other_agency"},
        "message": {"type": "string", "maxLength": 1000, "description": "English: `<field>: <reason>`"},
        "field": {"type": ["string", "null"], "maxLength": 64, "description": "the input the refusal concerns"}}},
    "IncidentClock": {"type": "object", "required": ["call_processing", "turnout", "travel", "response", "promise",
                                                     "elapsed", "breached"], "properties": {
        "call_processing": SECONDS, "turnout": SECONDS, "travel": SECONDS, "response": SECONDS,
        "promise": {"type": ["integer", "null"], "minimum": 1, "description": "the response promise in seconds"},
        "elapsed": {"type": "integer"}, "breached": {"type": "boolean"}}},
    "IncidentSummary": {"type": "object", "required": ["number", "status", "category_code", "priority",
                                                       "received_at", "clock", "units", "agencies"], "properties": {
        "number": NUMBER, "status": {"type": "string", "enum": list(workflow.INCIDENT_STATUSES)},
        "category_code": {"type": "string", "maxLength": 40}, "category_name": {"type": "string", "maxLength": 200},
        "type": {"type": "string", "maxLength": 80, "description": "dotted, e.g. fire.urbanFire"},
        "priority": {"type": "integer", "minimum": 1, "maximum": 3},
        "lat": _nullable(LAT), "lon": _nullable(LON),
        "kecamatan_code": {"type": ["string", "null"], "examples": ["35.78.07"]},
        "kelurahan_code": {"type": ["string", "null"], "examples": ["35.78.07.1001"]},
        "source": {"type": "string", "enum": list(workflow.CALL_SOURCES)}, "received_at": TIME,
        "casualties_injured": {"type": "integer", "minimum": 0}, "casualties_dead": {"type": "integer", "minimum": 0},
        "clock": _ref("IncidentClock"),
        "units": {"type": "array", "items": UNIT_CODE, "description": "units with a live dispatch"},
        "agencies": {"type": "array", "items": {"type": "string"}, "description": "their agencies"}}},
    "IncidentDispatch": {"type": "object", "required": ["id", "unit_code", "agency_code", "status", "dispatched_at"],
                         "properties": {
        "id": {"type": "integer", "minimum": 1}, "unit_code": UNIT_CODE, "agency_code": {"type": "string"},
        "unit_type": {"type": "string"}, "status": {"type": "string", "enum": list(workflow.DISPATCH_STATUSES)},
        "dispatched_at": TIME, "en_route_at": _nullable(TIME), "on_scene_at": _nullable(TIME),
        "cleared_at": _nullable(TIME), "cancelled_at": _nullable(TIME),
        "incident_number": NUMBER, "incident_status": {"type": "string", "enum": list(workflow.INCIDENT_STATUSES)},
        "clock": _ref("IncidentClock")}},
    "IncidentDetail": {"allOf": [_ref("IncidentSummary"), {"type": "object", "properties": {
        "address": {"type": ["string", "null"], "maxLength": MAX_TEXT["address"]},
        "landmark": {"type": ["string", "null"], "maxLength": MAX_TEXT["landmark"]},
        "description": {"type": "string", "maxLength": MAX_TEXT["description"]},
        "dispatches": {"type": "array", "items": _ref("IncidentDispatch")},
        "calls": {"type": "array", "description": "the calls behind it; never the caller's number",
                  "items": {"type": "object", "properties": {
                      "id": {"type": "integer"}, "received_at": TIME, "answered_at": _nullable(TIME),
                      "source": {"type": "string", "enum": list(workflow.CALL_SOURCES)},
                      "outcome": {"type": "string", "enum": list(workflow.CALL_OUTCOMES)},
                      "partner": {"type": ["string", "null"], "enum": [*workflow.PARTNERS, None]},
                      "repeat_caller": {"type": "boolean"}, "camera_id": {"type": ["string", "null"]},
                      "post_code": {"type": ["string", "null"]}, "complaint_ticket": {"type": ["string", "null"]}}}},
        "timeline": {"type": "array", "items": {"type": "object", "properties": {
            "at": TIME, "kind": {"type": "string", "maxLength": 32}, "actor": {"type": "string", "maxLength": 64},
            "text": {"type": "string"}, "unit_code": {"type": ["string", "null"]}, "data": {"type": "object"}}}},
        "cameras": {"type": "array", "items": {"type": "string", "maxLength": 64}},
        "complaints": {"type": "array", "items": {"type": "string", "maxLength": 20}},
        "notes": {"type": "array", "items": {"type": "object", "properties": {
            "at": TIME, "actor": {"type": "string"}, "text": {"type": "string"}}}}}}]},
    "IncidentUnit": {"type": "object", "required": ["code", "agency_code", "unit_type", "status"], "properties": {
        "code": UNIT_CODE, "agency_code": {"type": "string"}, "unit_type": {"type": "string"},
        "post_code": {"type": ["string", "null"]}, "status": {"type": "string", "enum": list(workflow.UNIT_STATUSES)},
        "lat": _nullable(LAT), "lon": _nullable(LON), "position_at": _nullable(TIME)}},
    "IncidentEido": {"type": "object", "description": "NENA-STA-021.1b EIDO JSON (modules/incidents/http/eido.py); "
                                                      "times travel in `x-pantau` extension objects; no caller data",
                     "required": ["$schema", "$id", "lastUpdateTimeStamp", "eidoVersion",
                                  "issuingElementIdentification", "incidentComponent"],
                     "properties": {"$schema": {"type": "string", "format": "uri"}, "$id": {"type": "string"},
                                    "lastUpdateTimeStamp": TIME,
                                    "eidoVersion": {"type": "string", "enum": [EIDO_VERSION]},
                                    "issuingElementIdentification": {"type": "string"},
                                    "incidentComponent": {"type": "object"},
                                    **{name: {"type": "array", "items": {"type": "object"}} for name in (
                                        "agencyComponent", "emergencyResourceComponent", "dispatchComponent",
                                        "callComponent", "locationComponent", "notesComponent")}}},
}

UNIT_STATUS_BODY = {"type": "object", "required": ["status"], "additionalProperties": False, "properties": {
    "status": {"type": "string", "enum": list(FIELD_UNIT_STATUSES),
               "description": "en_route, on_scene and returning move the unit's live dispatch one step (returning "
                              "= cleared); available and out_of_service follow the unit's lifecycle"},
    "lat": LAT, "lon": LON, "at": AT, "note": NOTE}}
POSITION_BODY = {"type": "object", "required": ["lat", "lon"], "additionalProperties": False,
                 "properties": {"lat": LAT, "lon": LON, "at": AT}}
DISPATCH_BODY = {"type": "object", "required": ["status"], "additionalProperties": False, "properties": {
    "status": {"type": "string", "enum": list(FIELD_DISPATCH_STATUSES),
               "description": "the next step: dispatched -> en_route -> on_scene -> cleared; cancelled from "
                              "dispatched or en_route"},
    "at": AT, "note": NOTE}}

SESSION_ERRORS = {"401": _error("No staff session."),
                  "403": _error(f"A role other than {', '.join(READER_ROLES)}, or outside the viewer's scope.")}
KEY_ERRORS = {
    "400": _error("Bad input, naming the field: a wrong JSON type, an unknown status, a point outside the city "
                  "(field `position`), an `at` outside its window, a status report for a unit with no live dispatch; "
                  "nothing is written."),
    "401": _error(f"{KEY_HEADER} missing, unknown or revoked."),
    "403": _error("The key's agency does not own the unit or dispatch (field `unit_code` / `dispatch_id`)."),
    "404": _error("No such unit or dispatch."),
    "409": _error("A step the lifecycle does not allow (a skipped state, a way back); field `status`."),
    "413": _error(f"Body larger than {MAX_BODY_BYTES:,} bytes."),
    "429": _error(f"More than {KEY_FAILURES_PER_WINDOW} bad keys from one address within "
                  f"{KEY_FAILURE_WINDOW_SECONDS // 60} minutes; see Retry-After."),
}
# A header parameter rather than a security scheme: core's document merges paths and schemas only.
KEY_PARAMETER = {"name": KEY_HEADER, "in": "header", "required": True,
                 "schema": {"type": "string", "minLength": 1, "maxLength": 200},
                 "description": "the agency's key (manage.py incident-key issue AGENCY LABEL); it acts on that "
                                "agency's units and dispatches only"}


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _path(name: str, schema: dict) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _post(summary: str, parameter: dict, body: dict, answer: str) -> dict:
    return {"post": {"summary": summary, "tags": [TAG], "parameters": [KEY_PARAMETER, parameter],
                     "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
                     "responses": {"200": _json(_ref(answer), "Recorded; the row as it is now."), **KEY_ERRORS}}}


PATHS = {
    "/api/incidents": {"get": {
        "summary": "Active incidents (open, dispatched, on scene), most urgent first; staff session", "tags": [TAG],
        "parameters": [
            _query("status", {"type": "string", "enum": list(workflow.ACTIVE_INCIDENT_STATUSES)}, "one status"),
            _query("category", {"type": "string", "maxLength": 40},
                   "a category code (reference/incident_categories.csv)"),
            _query("agency", {"type": "string", "maxLength": 32}, "incidents with a live unit of this agency"),
            _query("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 50}, "page size"),
            _query("offset", {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0}, "rows skipped")],
        "responses": {"200": _json({"type": "object", "required": ["total", "limit", "offset", "incidents"],
                                    "properties": {"total": {"type": "integer", "minimum": 0},
                                                   "limit": {"type": "integer"}, "offset": {"type": "integer"},
                                                   "incidents": {"type": "array", "items": _ref("IncidentSummary")}}},
                                   "One page of the matching incidents."),
                      "400": _error("An unknown filter value or a paging value out of range, naming it."),
                      **SESSION_ERRORS}}},
    "/api/incidents/units": {"get": {
        "summary": "Units with their status and last position; staff session", "tags": [TAG],
        "parameters": [_query("agency", {"type": "string", "maxLength": 32}, "one agency's units"),
                       _query("status", {"type": "string", "enum": list(workflow.UNIT_STATUSES)}, "one status")],
        "responses": {"200": _json({"type": "object", "required": ["units"], "properties": {
            "units": {"type": "array", "items": _ref("IncidentUnit")}}}, "Every matching unit."),
            "400": _error("An unknown filter value, naming it."), **SESSION_ERRORS}}},
    "/api/incidents/{number}": {"get": {
        "summary": "One incident: fields, clock, dispatches with their clocks, calls (no numbers), timeline; staff "
                   "session (an agency's user: active incidents and those his agency served)", "tags": [TAG],
        "parameters": [_path("number", NUMBER)],
        "responses": {"200": _json(_ref("IncidentDetail"), "The incident."), **SESSION_ERRORS,
                      "404": _error("No such incident (field `number`).")}}},
    "/api/incidents/{number}/eido": {"get": {
        "summary": "The incident as a NENA EIDO JSON document (NENA-STA-021.1b / STA-024); staff session",
        "tags": [TAG], "parameters": [_path("number", NUMBER)],
        "responses": {"200": _json(_ref("IncidentEido"), "The EIDO."), **SESSION_ERRORS,
                      "404": _error("No such incident (field `number`).")}}},
    "/api/incidents/units/{code}/status": _post(
        "A unit's status (and position) from its agency's field system", _path("code", UNIT_CODE), UNIT_STATUS_BODY,
        "IncidentUnit"),
    "/api/incidents/units/{code}/position": _post(
        "A unit's position from its agency's field system (kept on the unit, never in the change log)",
        _path("code", UNIT_CODE), POSITION_BODY, "IncidentUnit"),
    "/api/incidents/dispatches/{dispatch_id}/status": _post(
        "The next step of one of the agency's dispatches", _path("dispatch_id", {"type": "integer", "minimum": 1}),
        DISPATCH_BODY, "IncidentDispatch"),
}


def api_description() -> dict:
    schemas = deepcopy(SCHEMAS)
    return {"paths": deepcopy(PATHS), "components": {"schemas": schemas}}
