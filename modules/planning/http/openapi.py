"""The planning domain's part of /api/openapi.json (core/openapi.py, `Domain.openapi`): every route
of http/proposals.py with its inputs' types, ranges, lengths and enums, and its error bodies."""

from __future__ import annotations

from copy import deepcopy

from modules.planning import workflow
from modules.planning.checks import MAX_RT, MAX_TEXT
from modules.planning.http.proposals import (DEFAULT_LIMIT, MAX_JSON_BYTES, MAX_LIMIT, MAX_OFFSET, MAX_YEAR,
                                             MIN_YEAR, READER_ROLES)
from modules.planning.numbers import PATTERN
from modules.planning.models import PlanningItem, PlanningProposal

TAG = "planning"
PREFIX = "/api/planning"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict:
    return _json(_ref("PlanningApiError"), description)


def _nullable(schema: dict) -> dict:
    return {**schema, "type": [schema["type"], "null"]}


TIME = {"type": "string", "format": "date-time", "description": "ISO 8601 in city time (+07:00)"}
DAY = {"type": "string", "format": "date", "description": "the day in city time"}
NUMBER = {"type": "string", "pattern": PATTERN, "maxLength": PlanningProposal.number.type.length,
          "examples": ["USL-2027-000123"]}
YEAR = {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR, "description": "the round's year (built in "
                                                                                     "year + 1)"}
RUPIAH = {"type": "integer", "minimum": 0, "description": "whole rupiah"}
STATUS = {"type": "string", "enum": list(workflow.STATUSES)}
REASON = {"type": "string", "enum": list(workflow.REJECTION_REASONS)}
KELURAHAN = {"type": "string", "pattern": r"^35\.78\.[0-9]{2}\.[0-9]{4}$", "examples": ["35.78.01.1001"]}
ITEM_CODE = {"type": "string", "maxLength": PlanningItem.code.type.length, "examples": ["PAVING-JALAN"]}
NOTE = {"type": "string", "maxLength": MAX_TEXT["note"]}
ERRORS_4XX = {"400": _error("Bad input, naming the field."), "401": _error("No staff session."),
              "403": _error("A role or scope that may not."), "404": _error("No such proposal.")}
STEP_ERRORS = {**ERRORS_4XX, "409": _error("A step the lifecycle does not allow (the message names the allowed "
                                           "ones), or the role's round is closed (field `round`)."),
               "415": _error("The body is not application/json.")}

SUBMIT_PROPERTIES = {
    "item_code": {**ITEM_CODE, "description": "an active item of GET /api/planning/items"},
    "volume": {"type": "number", "exclusiveMinimum": 0, "description": "in the item's unit, at most its "
                                                                     "max_volume"},
    "lat": {"type": "number", "minimum": -90, "maximum": 90, "description": "WGS 84; inside the head's kelurahan"},
    "lon": {"type": "number", "minimum": -180, "maximum": 180, "description": "WGS 84"},
    "address": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT["address"]},
    "title": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT["title"]},
    "description": {"type": "string", "maxLength": MAX_TEXT["description"]},
    "rt": {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_RT,
           "description": "optional for an RW head; an RT head's own RT"},
}
SUBMIT_REQUIRED = ["item_code", "volume", "lat", "lon", "address", "title"]

PUBLIC_ITEM = {"type": "object", "required": ["code", "name", "unit", "kind", "opd_code"], "properties": {
    "code": ITEM_CODE, "name": {"type": "string", "maxLength": 200}, "unit": {"type": "string", "maxLength": 16},
    "kind": {"type": "string", "maxLength": 24}, "opd_code": {"type": "string", "maxLength": 32}}}
AREA = {"type": "object", "required": ["code", "name"], "properties": {
    "code": {"type": "string", "maxLength": 16}, "name": {"type": "string", "maxLength": 100}}}

SCHEMAS = {
    "PlanningApiError": {"type": "object", "required": ["error", "message"], "properties": {
        "error": {"type": "string", "maxLength": 64,
                  "description": "a code, e.g. invalid_request, planning_over_ceiling, planning_round_closed"},
        "message": {"type": "string", "maxLength": 1000, "description": "English: `<field>: <reason>`"},
        "field": {"type": ["string", "null"], "maxLength": 64, "description": "the input the refusal concerns"}}},
    "PlanningItem": {"type": "object", "required": ["code", "name", "unit", "unit_cost_rupiah", "max_volume",
                                                    "opd_code", "kind"], "properties": {
        "code": ITEM_CODE, "name": {"type": "string", "maxLength": 200}, "unit": {"type": "string", "maxLength": 16},
        "unit_cost_rupiah": RUPIAH, "max_volume": {"type": "number", "exclusiveMinimum": 0},
        "opd_code": {"type": "string", "maxLength": 32}, "kind": {"type": "string", "maxLength": 24}}},
    "PlanningNewProposal": {"type": "object", "required": SUBMIT_REQUIRED, "additionalProperties": False,
                            "properties": SUBMIT_PROPERTIES},
    "PlanningProposalSummary": {"type": "object", "required": ["number", "year", "status", "kelurahan_code", "rw",
                                                               "item_code", "volume", "estimated_cost_rupiah"],
                                "properties": {
        "number": NUMBER, "year": YEAR, "status": STATUS, "status_name": {"type": "string"},
        "kecamatan_code": {"type": "string", "examples": ["35.78.01"]}, "kelurahan_code": KELURAHAN,
        "rw": {"type": "integer", "minimum": 0}, "rt": {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_RT},
        "item_code": ITEM_CODE, "item_name": {"type": "string"}, "unit": {"type": "string"},
        "volume": {"type": "number", "exclusiveMinimum": 0}, "estimated_cost_rupiah": RUPIAH,
        "title": {"type": "string", "maxLength": MAX_TEXT["title"]}, "rejection_reason": _nullable(REASON),
        "repeat_of": {"type": ["string", "null"], "description": "an earlier year's proposal of the same item "
                                                                 "nearby (flagged, not refused)"},
        "priority": {"type": ["integer", "null"], "minimum": 1}, "created_at": TIME}},
    "PlanningProposalDetail": {"allOf": [_ref("PlanningProposalSummary"), {"type": "object", "properties": {
        "description": {"type": "string", "maxLength": MAX_TEXT["description"]},
        "address": {"type": "string", "maxLength": MAX_TEXT["address"]},
        "lat": {"type": "number"}, "lon": {"type": "number"}, "unit_cost_rupiah": RUPIAH,
        "proposer": {"type": "string", "description": "the RT/RW head's username (staff only)"},
        "rejection_reason_name": {"type": ["string", "null"]}, "updated_at": TIME,
        "photos": {"type": "array", "items": {"type": "object", "properties": {
            "id": {"type": "integer"}, "url": {"type": "string", "format": "uri-reference"},
            "content_type": {"type": "string", "enum": ["image/jpeg", "image/png", "image/webp"]},
            "filename": {"type": "string"}, "size_bytes": {"type": "integer", "minimum": 1}}}},
        "events": {"type": "array", "items": {"type": "object", "properties": {
            "at": TIME, "action": {"type": "string", "enum": list(workflow.ACTIONS)},
            "from_status": _nullable(STATUS), "to_status": STATUS, "actor": {"type": "string"},
            "actor_role": {"type": "string"}, "reason": _nullable(REASON),
            "reason_name": {"type": ["string", "null"]}, "note": NOTE}}}}}]},
    "PlanningPublicProposal": {"type": "object", "required": ["number", "year", "status", "item", "volume",
                                                              "estimated_cost_rupiah", "kelurahan", "rw"],
                               "description": "no personal data: no proposer, no decider, no free text",
                               "properties": {
        "number": NUMBER, "year": YEAR, "built_in_year": {"type": "integer"}, "status": STATUS,
        "status_name": {"type": "string"}, "rejection_reason": _nullable(REASON),
        "rejection_reason_name": {"type": ["string", "null"]}, "item": PUBLIC_ITEM,
        "volume": {"type": "number"}, "estimated_cost_rupiah": RUPIAH, "kecamatan": AREA, "kelurahan": AREA,
        "rw": {"type": "integer"}, "priority": {"type": ["integer", "null"]}, "repeat": {"type": "boolean"},
        "submitted_on": DAY}},
    "PlanningPublicProposalDetail": {"allOf": [_ref("PlanningPublicProposal"), {"type": "object", "properties": {
        "photos": {"type": "array", "items": {"type": "object", "properties": {
            "url": {"type": "string", "format": "uri-reference"}, "content_type": {"type": "string"}}}},
        "steps": {"type": "array", "items": {"type": "object", "required": ["action", "status", "date"],
                                             "properties": {
            "action": {"type": "string", "enum": list(workflow.ACTIONS)}, "status": STATUS,
            "status_name": {"type": "string"}, "reason": _nullable(REASON),
            "reason_name": {"type": ["string", "null"]}, "date": DAY}}}}}]},
}


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _path(name: str, schema: dict) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _step(summary: str, body: dict) -> dict:
    return {"post": {"summary": summary, "tags": [TAG], "parameters": [_path("number", NUMBER)],
                     "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
                     "responses": {"200": _json(_ref("PlanningProposalDetail"), "The proposal after the step."),
                                   **STEP_ERRORS}}}


STAFF = f"Staff session ({', '.join(READER_ROLES)}); the viewer's scope applies."

PATHS = {
    f"{PREFIX}/proposals": {
        "post": {"summary": "A new proposal by an RT/RW head for his own RW, during the RW round. " + STAFF,
                 "tags": [TAG],
                 "requestBody": {"required": True, "content": {
                     "application/json": {"schema": _ref("PlanningNewProposal")},
                     "multipart/form-data": {"schema": {"type": "object", "required": SUBMIT_REQUIRED + [
                         "csrf_token"], "properties": {**SUBMIT_PROPERTIES,
                         "csrf_token": {"type": "string", "description": "the session's CSRF token (or the header "
                                                                          "X-CSRF-Token)"},
                         "photos": {"type": "array", "items": {"type": "string", "format": "binary"},
                                    "description": "JPEG, PNG or WebP (by their bytes); planning.max_photos at "
                                                   "most, each planning.max_photo_bytes"}}}}}},
                 "responses": {"201": _json(_ref("PlanningProposalDetail"), "The proposal, numbered."),
                               **STEP_ERRORS, "413": _error("The body is too large.")}},
        "get": {"summary": "Proposals the viewer's scope holds. " + STAFF, "tags": [TAG],
                "parameters": [_query("year", YEAR, "one round"), _query("kelurahan", KELURAHAN, "one kelurahan"),
                               _query("status", STATUS, "one status"),
                               _query("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT,
                                                "default": DEFAULT_LIMIT}, "page size"),
                               _query("offset", {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET,
                                                 "default": 0}, "rows to skip")],
                "responses": {"200": _json({"type": "object", "required": ["total", "proposals"], "properties": {
                    "total": {"type": "integer"}, "limit": {"type": "integer"}, "offset": {"type": "integer"},
                    "proposals": {"type": "array", "items": _ref("PlanningProposalSummary")}}}, "The page."),
                    **ERRORS_4XX}}},
    f"{PREFIX}/proposals/{{number}}": {"get": {
        "summary": "One proposal with its photos and every event (who, role, when, why). " + STAFF, "tags": [TAG],
        "parameters": [_path("number", NUMBER)],
        "responses": {"200": _json(_ref("PlanningProposalDetail"), "The proposal."), **ERRORS_4XX}}},
    f"{PREFIX}/proposals/{{number}}/verify": _step(
        "The lurah of its kelurahan verifies it, during the kelurahan round",
        {"type": "object", "additionalProperties": False, "properties": {"note": NOTE}}),
    f"{PREFIX}/proposals/{{number}}/decision": _step(
        "The camat of its kecamatan accepts or rejects it (kecamatan round); the lurah may reject (kelurahan round)",
        {"type": "object", "required": ["accept"], "additionalProperties": False, "properties": {
            "accept": {"type": "boolean"},
            "reason": {**REASON, "description": "required when rejecting, absent when accepting"}, "note": NOTE}}),
    f"{PREFIX}/proposals/priorities": {"post": {
        "summary": "The planning agency ranks every accepted proposal of one year, 1 first (city round)",
        "tags": [TAG],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["numbers"], "additionalProperties": False, "properties": {
                "numbers": {"type": "array", "items": NUMBER, "minItems": 1, "uniqueItems": True,
                            "description": f"every accepted proposal of the year, in order; body at most "
                                           f"{MAX_JSON_BYTES:,} bytes"}}}}}},
        "responses": {"200": _json({"type": "object", "properties": {
            "year": YEAR, "proposals": {"type": "array", "items": {"type": "object", "properties": {
                "number": NUMBER, "priority": {"type": "integer", "minimum": 1}}}}}}, "The ranking."),
            **STEP_ERRORS}}},
    f"{PREFIX}/items": {"get": {
        "summary": "The proposal dictionary (kamus usulan): what an RW may propose, its unit and unit cost. " + STAFF,
        "tags": [TAG],
        "responses": {"200": _json({"type": "object", "properties": {
            "items": {"type": "array", "items": _ref("PlanningItem")}}}, "Active items."), **ERRORS_4XX}}},
    f"{PREFIX}/public/proposals/{{number}}": {"get": {
        "summary": "A proposal for anyone (no login): status, every step with its reason and date; no names",
        "tags": [TAG], "parameters": [_path("number", NUMBER)],
        "responses": {"200": _json(_ref("PlanningPublicProposalDetail"), "The proposal."),
                      "404": _error("No such proposal.")}}},
    f"{PREFIX}/public/kelurahan/{{code}}": {"get": {
        "summary": "A kelurahan's proposals of a year and their outcomes, for anyone (no login)",
        "tags": [TAG], "parameters": [_path("code", KELURAHAN), _query("year", YEAR, "default: this year")],
        "responses": {"200": _json({"type": "object", "properties": {
            "kelurahan": AREA, "year": YEAR, "total": {"type": "integer"},
            "proposals": {"type": "array", "items": _ref("PlanningPublicProposal")}}}, "The list."),
            "400": _error("A bad year."), "404": _error("No such kelurahan.")}}},
    f"{PREFIX}/public/photos/{{photo_id}}": {"get": {
        "summary": "A proposal's photo, for anyone (no login)", "tags": [TAG],
        "parameters": [_path("photo_id", {"type": "integer", "minimum": 1})],
        "responses": {"200": {"description": "The image", "content": {
            kind: {"schema": {"type": "string", "format": "binary"}}
            for kind in ("image/jpeg", "image/png", "image/webp")}}, "404": _error("No such photo.")}}},
}


def api_description() -> dict:
    """The planning domain's one document: the proposals' paths and the plan's, budget's and works'
    (http/budget_openapi.py)."""
    from modules.planning.http.budget_openapi import describe as budget_description

    budget = budget_description()
    return {"paths": {**deepcopy(PATHS), **budget.get("paths", {})},
            "components": {"schemas": {**deepcopy(SCHEMAS), **budget.get("components", {}).get("schemas", {})}}}
