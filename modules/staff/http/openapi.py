"""The staff registry's part of /api/openapi.json (core/openapi.py, `Domain.openapi`): every route
of http/api.py with its inputs' formats, patterns, lengths and ranges, and its error bodies."""

from __future__ import annotations

from copy import deepcopy

from modules.staff.checks import MAX_ID, MAX_TEXT
from modules.staff.http.api import (DEFAULT_LIMIT, MAX_CSV_BYTES, MAX_JSON_BYTES, MAX_LIMIT, MAX_OFFSET)
from modules.staff.importing import COLUMNS
from modules.staff.nip import NIP_LENGTH

TAG = "staff"
PREFIX = "/api/staff"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict:
    return _json(_ref("StaffApiError"), description)


def _nullable(schema: dict) -> dict:
    return {**schema, "type": [schema["type"], "null"]}


def _text(field: str, **extra) -> dict:
    return {"type": "string", "minLength": 1, "maxLength": MAX_TEXT[field], **extra}


NIP = {"type": "string", "pattern": f"^[0-9]{{{NIP_LENGTH}}}$", "examples": ["197203151998031002"],
       "description": "a NIP: 18 digits, the birth date (YYYYMMDD), the appointment month (YYYYMM), the sex "
                      "(1 male, 2 female) and a serial (001-999); the staff_nip_* codes name what is wrong"}
ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
OPD = _text("opd_code", description="an OPD of the reference table", examples=["DISHUB"])
TIME = {"type": "string", "format": "date-time", "description": "ISO 8601 in UTC (+00:00)"}
USERNAME = {"type": "string", "minLength": 2, "maxLength": MAX_TEXT["username"], "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]+$",
            "description": "a Pantau user's name"}
ID_PATH = {"name": "staff_id", "in": "path", "required": True, "schema": ID, "description": "the person's id"}

PERSON = {"type": "object", "required": ["id", "nip", "name", "opd_code", "unit", "position", "supervisor_id",
                                         "active", "username", "created_at", "updated_at"], "properties": {
    "id": ID, "nip": _nullable({**NIP, "description": "null: contract staff"}),
    "name": {"type": "string", "maxLength": MAX_TEXT["name"]}, "opd_code": OPD,
    "unit": {"type": "string", "maxLength": MAX_TEXT["unit"], "description": "bidang / seksi / UPTD"},
    "position": {"type": "string", "maxLength": MAX_TEXT["position"], "description": "jabatan"},
    "supervisor_id": _nullable({**ID, "description": "null: the top of his tree"}),
    "active": {"type": "boolean"}, "username": _nullable({**USERNAME, "description": "the linked user, if any"}),
    "created_at": TIME, "updated_at": TIME}}

NEW = {"type": "object", "additionalProperties": False, "required": ["name", "opd_code", "unit", "position"],
       "properties": {
    "nip": _nullable({**NIP, "description": "absent or null for contract staff; not registered yet"}),
    "name": _text("name"), "opd_code": OPD, "unit": _text("unit"), "position": _text("position"),
    "supervisor_id": _nullable({**ID, "description": "a registered, active person"}),
    "active": {"type": "boolean", "default": True}}}

CHANGES = {"type": "object", "additionalProperties": False, "minProperties": 1, "properties": {
    "name": _text("name"), "opd_code": OPD, "unit": _text("unit"), "position": _text("position"),
    "supervisor_id": _nullable({**ID, "description": "a registered person, active when he is, not himself nor "
                                                     "anyone below him (staff_supervisor_loop); null: none"}),
    "active": {"type": "boolean", "description": "false: he left"},
    "username": _nullable({**USERNAME, "description": "a user to link (one user, one person); null unlinks"})}}

SCHEMAS = {
    "StaffApiError": {"type": "object", "required": ["error", "message"], "properties": {
        "error": {"type": "string", "maxLength": 64,
                  "description": "a code, e.g. invalid_request, staff_nip_sex, staff_supervisor_loop"},
        "message": {"type": "string", "maxLength": 1000, "description": "English: `<field>: <reason>`"},
        "field": {"type": ["string", "null"], "maxLength": 64, "description": "the input the refusal concerns"},
        "errors": {"type": "array", "description": "a refused import: every bad field of every row",
                   "items": {"type": "object", "required": ["row", "field", "code", "message"], "properties": {
                       "row": {"type": "integer", "minimum": 1, "description": "the file's line (the header is 1)"},
                       "field": {"type": "string", "maxLength": 64}, "code": {"type": "string", "maxLength": 64},
                       "message": {"type": "string", "maxLength": 1000}}}}}},
    "StaffPerson": PERSON,
    "StaffNew": NEW,
    "StaffChanges": CHANGES,
}

SESSION = "Staff session."
ERRORS = {"400": _error("Bad input, naming the field (an unknown field or parameter too)."),
          "401": _error("No staff session."), "403": _error("A wall display, or a record outside the viewer's scope.")}
ADMIN_ERRORS = {**ERRORS, "403": _error("Not the administrator."),
                "413": _error(f"The body is larger than {MAX_JSON_BYTES:,} bytes."),
                "415": _error("The body is not application/json.")}
PAGING = [{"name": "limit", "in": "query", "required": False, "description": "page size",
           "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}},
          {"name": "offset", "in": "query", "required": False, "description": "rows to skip",
           "schema": {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0}}]
FILTERS = [{"name": "opd", "in": "query", "required": False, "schema": OPD, "description": "one OPD"},
           {"name": "unit", "in": "query", "required": False, "schema": _text("unit"), "description": "one unit, "
                                                                                                   "exactly"},
           {"name": "active", "in": "query", "required": False, "description": "active or not",
            "schema": {"type": "string", "enum": ["true", "false", "1", "0"]}},
           {"name": "q", "in": "query", "required": False, "schema": _text("name"),
            "description": "a part of the name, in any case"}]

IMPORT_BODY = {
    "text/csv": {"schema": {"type": "string", "maxLength": MAX_CSV_BYTES,
                            "description": f"UTF-8, a header row `{','.join(COLUMNS)}`, one person a row (a comma "
                                           "or a semicolon between fields); see modules/staff/importing.py"}},
    "multipart/form-data": {"schema": {"type": "object", "required": ["file", "csrf_token"],
                                       "additionalProperties": False, "properties": {
        "file": {"type": "string", "format": "binary", "description": "the file as text/csv would send it"},
        "csrf_token": {"type": "string", "description": "the session's CSRF token (or the header X-CSRF-Token)"}}}}}

PATHS = {
    PREFIX: {
        "get": {"summary": f"The people the viewer may read (himself, everyone below him, his OPD's, everyone for a "
                           f"city-wide scope), by OPD, unit and name, with the total. {SESSION}",
                "tags": [TAG], "parameters": [*FILTERS, *PAGING],
                "responses": {"200": _json({"type": "object", "required": ["total", "limit", "offset", "staff"],
                                            "additionalProperties": False, "properties": {
                                                "total": {"type": "integer", "minimum": 0},
                                                "limit": {"type": "integer"}, "offset": {"type": "integer"},
                                                "staff": {"type": "array", "items": _ref("StaffPerson")}}},
                                           "The page."), **ERRORS}},
        "post": {"summary": f"Registers a person (the administrator). {SESSION}", "tags": [TAG], "parameters": [],
                 "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("StaffNew")}}},
                 "responses": {"201": _json(_ref("StaffPerson"), "The person."), **ADMIN_ERRORS,
                               "409": _error("The NIP is registered already (staff_nip_taken).")}}},
    f"{PREFIX}/me": {"get": {
        "summary": f"The viewer's own record and the active people who report to him directly. {SESSION}",
        "tags": [TAG], "parameters": [],
        "responses": {"200": _json({"type": "object", "required": ["staff", "direct_reports"],
                                    "additionalProperties": False, "properties": {
                                        "staff": _ref("StaffPerson"),
                                        "direct_reports": {"type": "array", "items": _ref("StaffPerson")}}},
                                   "His record and his direct reports."),
                      **ERRORS, "404": _error("The viewer's account is linked to no staff record.")}}},
    f"{PREFIX}/{{staff_id}}": {
        "get": {"summary": f"One person, if the viewer may read him. {SESSION}", "tags": [TAG],
                "parameters": [ID_PATH],
                "responses": {"200": _json(_ref("StaffPerson"), "The person."), **ERRORS,
                              "404": _error("No such person.")}},
        "patch": {"summary": f"Changes a person and links or unlinks his user (the administrator). {SESSION}",
                  "tags": [TAG], "parameters": [ID_PATH],
                  "requestBody": {"required": True,
                                  "content": {"application/json": {"schema": _ref("StaffChanges")}}},
                  "responses": {"200": _json(_ref("StaffPerson"), "The person after the change."), **ADMIN_ERRORS,
                                "404": _error("No such person."),
                                "409": _error("The user is linked to someone else, or the person to another "
                                              "user.")}}},
    f"{PREFIX}/import": {"post": {
        "summary": f"The registry's file (the administrator): registers new NIPs, updates known ones, taken whole "
                   f"or refused whole with every bad field of every row. {SESSION}",
        "tags": [TAG], "parameters": [], "requestBody": {"required": True, "content": IMPORT_BODY},
        "responses": {"200": _json({"type": "object", "required": ["created", "updated", "unchanged"],
                                    "additionalProperties": False,
                                    "properties": {name: {"type": "integer", "minimum": 0}
                                                   for name in ("created", "updated", "unchanged")}},
                                   "How many people the file registered, changed and left as they were."),
                      **ERRORS, "400": _error("Bad CSRF token or a file that is not UTF-8."),
                      "403": _error("Not the administrator."),
                      "413": _error(f"The file is larger than {MAX_CSV_BYTES:,} bytes."),
                      "415": _error("Neither text/csv nor multipart/form-data."),
                      "422": _error("The file refused: `errors` lists every bad field of every row.")}}},
}


def api_description() -> dict:
    return {"paths": deepcopy(PATHS), "components": {"schemas": deepcopy(SCHEMAS)}}
