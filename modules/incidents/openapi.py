"""The incidents domain's part of /api/openapi.json (core/openapi.py): its routes (http.py) and
the schemas they answer with."""

from __future__ import annotations

from modules.incidents import workflow
from modules.incidents.eido import COMPONENTS
from modules.incidents.units import REPORTABLE_STATUSES

TIME = {"type": ["string", "null"], "format": "date-time"}
TEXT = {"type": ["string", "null"]}
NUMBER = {"type": ["number", "null"]}
SECONDS = {"type": ["integer", "null"], "description": "seconds; null while not reached"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


ERRORS = {"400": _json(_ref("IncidentError"), "Bad input: `field` names it, `message` says why."),
          "403": _json(_ref("IncidentError"), "Another agency's unit, or a role without access."),
          "404": _json(_ref("IncidentError"), "No such incident or unit."),
          "409": _json(_ref("IncidentError"), "A step the lifecycle refuses (a skipped state).")}
NUMBER_PARAMETER = {"name": "number", "in": "path", "required": True,
                    "schema": {"type": "string", "pattern": "^INS-[0-9]{4}-[0-9]{6}$"}}
STAFF = "Staff only (a logged-in session with a reading role)."

PATHS = {
    "/api/incidents": {"get": {
        "summary": "Active incidents (open, dispatched, on scene) with their points and clocks", "tags": ["incidents"],
        "description": STAFF,
        "responses": {"200": _json({"type": "object", "required": ["incidents"],
                                    "properties": {"incidents": {"type": "array", "items": _ref("IncidentSummary")}}},
                                   "Most urgent first."), "401": {"description": "Not logged in."}}}},
    "/api/incidents/units": {"get": {
        "summary": "Units with their status and last position", "tags": ["incidents"], "description": STAFF,
        "parameters": [{"name": "agency", "in": "query", "required": False, "schema": {"type": "string"}}],
        "responses": {"200": _json({"type": "object", "required": ["units"],
                                    "properties": {"units": {"type": "array", "items": _ref("IncidentUnit")}}},
                                   "Every unit (or one agency's)."), "401": {"description": "Not logged in."}}}},
    "/api/incidents/{number}": {"get": {
        "summary": "One incident: clock, dispatches with their clocks, calls (never a caller's number), notes, "
                   "cameras, complaints, timeline", "tags": ["incidents"], "description": STAFF,
        "parameters": [NUMBER_PARAMETER],
        "responses": {"200": _json(_ref("IncidentDetail"), "The incident."), "404": ERRORS["404"]}}},
    "/api/incidents/{number}/eido": {"get": {
        "summary": "One incident as a NENA EIDO-style JSON document (components referring by $id)",
        "tags": ["incidents"], "description": STAFF, "parameters": [NUMBER_PARAMETER],
        "responses": {"200": _json(_ref("IncidentEido"), "The document."), "404": ERRORS["404"]}}},
    "/api/incidents/field/units/{code}": {"post": {
        "summary": "A unit's status and/or position from its agency's field system", "tags": ["incidents"],
        "description": "Header `X-Api-Key`: a key of the unit's agency. en_route / on_scene move the unit's "
                       "dispatch one step, returning clears it; a skipped step is refused (409); a position "
                       "outside the city's bounding box is refused (400). Positions are kept, not logged.",
        "parameters": [{"name": "code", "in": "path", "required": True, "schema": {"type": "string"}},
                       {"name": "X-Api-Key", "in": "header", "required": True, "schema": {"type": "string"}}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("IncidentFieldReport")}}},
        "responses": {"200": _json(_ref("IncidentUnit"), "The unit as it is now."), **ERRORS,
                      "401": _json(_ref("Error"), "No key, or not a valid one.")}}},
}

CLOCK = {"type": "object", "properties": {
    "call_processing": SECONDS, "turnout": SECONDS, "travel": SECONDS, "response": SECONDS,
    "promise": SECONDS, "elapsed": {"type": "integer"}, "breached": {"type": "boolean"}}}
SUMMARY_PROPERTIES = {
    "number": {"type": "string"}, "status": {"type": "string", "enum": list(workflow.INCIDENT_STATUSES)},
    "category_code": {"type": "string"}, "category_name": {"type": "string"}, "type": {"type": "string"},
    "priority": {"type": "integer", "minimum": 1, "maximum": 3}, "lat": NUMBER, "lon": NUMBER,
    "kecamatan_code": TEXT, "kelurahan_code": TEXT, "source": {"type": "string"}, "received_at": TIME,
    "casualties_injured": {"type": "integer"}, "casualties_dead": {"type": "integer"}, "clock": _ref("IncidentClock"),
}
SCHEMAS = {
    "IncidentError": {"type": "object", "required": ["error"], "properties": {
        "error": {"type": "string"}, "field": TEXT, "message": {"type": "string"}}},
    "IncidentClock": CLOCK,
    "IncidentSummary": {"type": "object", "properties": {
        **SUMMARY_PROPERTIES, "units": {"type": "array", "items": {"type": "string"}}}},
    "IncidentDetail": {"type": "object", "properties": {
        **SUMMARY_PROPERTIES, "address": TEXT, "landmark": TEXT, "description": {"type": "string"},
        "dispatches": {"type": "array", "items": {"type": "object", "properties": {
            "id": {"type": "integer"}, "unit_code": {"type": "string"}, "agency_code": {"type": "string"},
            "unit_type": {"type": "string"}, "status": {"type": "string", "enum": list(workflow.DISPATCH_STATUSES)},
            "dispatched_at": TIME, "en_route_at": TIME, "on_scene_at": TIME, "cleared_at": TIME,
            "cancelled_at": TIME, "clock": _ref("IncidentClock")}}},
        "calls": {"type": "array", "items": {"type": "object", "properties": {
            "id": {"type": "integer"}, "received_at": TIME, "answered_at": TIME, "source": {"type": "string"},
            "repeat_caller": {"type": "boolean"}, "outcome": {"type": "string"}, "partner": TEXT}}},
        "timeline": {"type": "array", "items": {"type": "object"}},
        "cameras": {"type": "array", "items": {"type": "string"}},
        "complaints": {"type": "array", "items": {"type": "string"}},
        "notes": {"type": "array", "items": {"type": "object"}}}},
    "IncidentUnit": {"type": "object", "properties": {
        "code": {"type": "string"}, "agency_code": {"type": "string"}, "unit_type": {"type": "string"},
        "post_code": TEXT, "status": {"type": "string", "enum": list(workflow.UNIT_STATUSES)}, "lat": NUMBER,
        "lon": NUMBER, "position_at": TIME}},
    "IncidentFieldReport": {"type": "object", "additionalProperties": False, "properties": {
        "status": {"type": "string", "enum": list(REPORTABLE_STATUSES)}, "lat": {"type": "number"},
        "lon": {"type": "number"}, "note": {"type": "string", "maxLength": 2000}}},
    "IncidentEido": {"type": "object", "required": ["$id", "eidoMessageIdentifier", "incidentComponent"],
                     "properties": {"$id": {"type": "string"}, "eidoMessageIdentifier": {"type": "string"},
                                    "lastUpdateTimeStamp": {"type": "string", "format": "date-time"},
                                    **{name: {"type": "array", "items": {"type": "object"}} for name in COMPONENTS}}},
}


def api_description() -> dict:
    return {"paths": PATHS, "components": {"schemas": SCHEMAS}}
