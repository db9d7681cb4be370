"""The plan's, budget's and realisation's part of /api/openapi.json (core/openapi.py): every route
of http/budget.py with its inputs' types, ranges, lengths and enums, its answers and its error
bodies. Limits are read from the code that enforces them, so the document cannot drift.

The registry takes one `openapi` per domain: `describe()` is registered for the planning domain
until the proposals' document exists; then that document merges this one
(`paths |= budget_openapi.describe()["paths"]`, the same for the schemas) and is registered instead.
"""

from __future__ import annotations

from modules.planning import budget, codes, plan, works
from modules.planning.budget_models import WORK_STATUSES, PlanningBudgetLine, PlanningPayment, PlanningWork
from modules.planning.http.budget import (CSV_TYPE, DEFAULT_LIMIT, MAX_IMPORT_BYTES, MAX_JSON_BYTES,
                                          MAX_LIMIT, MAX_OFFSET, OPD_ROLES, PLANNER_ROLES, PREFIX, READER_ROLES,
                                          WORK_READER_ROLES, XLSX_TYPE)

TAG = "planning"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _nullable(schema: dict) -> dict:
    return {**schema, "type": [schema["type"], "null"]}


def _pattern(parts: tuple[codes.Part, ...]) -> str:
    return "^" + r"\.".join(f"[0-9]{{{part.digits}}}" for part in parts) + "$"


YEAR = {"type": "integer", "minimum": plan.FIRST_YEAR, "maximum": plan.LAST_YEAR}
RUPIAH = {"type": "integer", "minimum": 0, "maximum": plan.MAX_RUPIAH, "description": "whole rupiah"}
DAY = {"type": "string", "format": "date", "description": "YYYY-MM-DD"}
TIME = {"type": "string", "format": "date-time", "description": "ISO 8601 in city time (+07:00)"}
ID = {"type": "integer", "minimum": 1}
OPD_CODE = {"type": "string", "maxLength": 32, "examples": ["DSDABM"]}
SUB_KEGIATAN = {"type": "string", "pattern": _pattern(codes.SUB_KEGIATAN_PARTS),
                "examples": [codes.SUB_KEGIATAN_EXAMPLE], "description": "Permendagri 90 sub kegiatan"}
ACCOUNT = {"type": "string", "pattern": _pattern(codes.ACCOUNT_PARTS), "examples": [codes.ACCOUNT_EXAMPLE],
           "description": "kode rekening, six levels"}
KELURAHAN = {"type": "string", "pattern": r"^35\.78\.[0-9]{2}\.[0-9]{4}$", "examples": ["35.78.07.1001"]}
WORK_NUMBER = {"type": "string", "pattern": r"^PKJ-[0-9]{4}-[0-9]{6}$", "examples": ["PKJ-2027-000045"]}
PROPOSAL_NUMBER = {"type": "string", "minLength": 1, "maxLength": 24, "examples": ["USL-2026-000123"]}
PERCENT = {"type": "number", "minimum": 0, "maximum": works.FULL}
WORK_STATUS = {"type": "string", "enum": list(WORK_STATUSES)}
PLAN_ITEM_EDITABLE = {
    "indicator": {"type": "string", "minLength": 1, "maxLength": plan.INDICATOR_LIMIT},
    "target_value": {"type": "number", "minimum": 0, "maximum": plan.MAX_TARGET},
    "target_unit": {"type": "string", "minLength": 1, "maxLength": plan.UNIT_LIMIT},
    "indicative_ceiling_rupiah": RUPIAH}

SCHEMAS = {
    "PlanningApiError": {"type": "object", "required": ["error", "message"], "properties": {
        "error": {"type": "string", "maxLength": 64, "description": "invalid_request, unauthorised, forbidden, "
                  "not_found, too_large, unsupported_media_type, or the service's planning_* code"},
        "message": {"type": "string", "maxLength": 2000, "description": "English: `<field>: <reason>`"},
        "field": {"type": ["string", "null"], "maxLength": 64, "description": "the input the refusal concerns"},
        "errors": {"type": "array", "description": "an import: every bad field of every row", "items": {
            "type": "object", "required": ["row", "field", "code", "message"], "properties": {
                "row": {"type": "integer", "minimum": 1, "description": "line in the file; the header is 1"},
                "field": {"type": "string", "maxLength": 64}, "code": {"type": "string", "maxLength": 64},
                "message": {"type": "string", "maxLength": 1000}}}}}},
    "PlanningPlanItem": {"type": "object", "required": ["id", "year", "opd_code", "sub_kegiatan_code"], "properties": {
        "id": ID, "year": YEAR, "opd_code": OPD_CODE, "sub_kegiatan_code": SUB_KEGIATAN, **PLAN_ITEM_EDITABLE,
        "updated_at": TIME}},
    "PlanningBudgetVersion": {"type": "object", "required": ["id", "year", "version", "is_current"], "properties": {
        "id": ID, "year": YEAR, "version": {"type": "string", "enum": list(budget.VERSIONS)},
        "is_current": {"type": "boolean"}, "adopted_on": _nullable(DAY)}},
    "PlanningBudgetLine": {"type": "object", "required": ["id", "version_id", "opd_code", "sub_kegiatan_code",
                                                          "account_code", "ceiling_rupiah"], "properties": {
        "id": ID, "version_id": ID, "opd_code": OPD_CODE, "sub_kegiatan_code": SUB_KEGIATAN, "account_code": ACCOUNT,
        "account_name": {"type": "string", "maxLength": PlanningBudgetLine.account_name.type.length},
        "ceiling_rupiah": RUPIAH, "paid_rupiah": RUPIAH}},
    "PlanningPayment": {"type": "object", "required": ["id", "line_id", "paid_on", "amount_rupiah"], "properties": {
        "id": ID, "line_id": ID, "paid_on": DAY, "amount_rupiah": {**RUPIAH, "minimum": 1},
        "reference": {"type": "string", "maxLength": PlanningPayment.reference.type.length,
                      "description": "the SP2D number"}}},
    "PlanningWork": {"type": "object", "required": ["number", "year", "opd_code", "plan_item_id", "status"],
                     "properties": {
        "number": WORK_NUMBER, "year": YEAR, "opd_code": OPD_CODE, "plan_item_id": ID, "line_id": _nullable(ID),
        "name": {"type": "string", "maxLength": PlanningWork.name.type.length}, "kelurahan_code": _nullable(KELURAHAN),
        "lat": {"type": ["number", "null"], "minimum": -90, "maximum": 90},
        "lon": {"type": ["number", "null"], "minimum": -180, "maximum": 180},
        "contract_value_rupiah": _nullable(RUPIAH), "contracted_on": _nullable(DAY), "status": WORK_STATUS,
        "progress_percent": PERCENT, "updated_at": TIME, "weight_rupiah": RUPIAH,
        "proposal_numbers": {"type": "array", "items": PROPOSAL_NUMBER},
        "reports": {"type": "array", "items": _ref("PlanningProgressReport")}}},
    "PlanningProgressReport": {"type": "object", "required": ["id", "reported_on", "percent"], "properties": {
        "id": ID, "reported_on": DAY, "percent": PERCENT, "note": {"type": "string", "maxLength": works.NOTE_LIMIT},
        "has_photo": {"type": "boolean"},
        "photo_content_type": {"type": ["string", "null"], "enum": ["image/jpeg", "image/png", "image/webp", None]},
        "work": _ref("PlanningWork")}},
}


def _errors(*statuses: int) -> dict:
    words = {400: "bad input, naming the field", 401: "no staff session", 403: "a role or OPD that may not",
             404: "no such record (in the viewer's scope)", 409: "a step the lifecycle does not allow",
             413: "body too large", 415: "wrong Content-Type"}
    return {str(status): _json(_ref("PlanningApiError"), words[status]) for status in statuses}


def _roles(roles) -> str:
    return f"Roles: {', '.join(roles)}."


def _query(name: str, schema: dict, description: str = "") -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _path(name: str, schema: dict) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _body(properties: dict, required: list[str]) -> dict:
    return {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "additionalProperties": False, "required": required, "properties": properties}}}}


def _list(key: str, schema: str) -> dict:
    return {"type": "object", "required": ["total", key], "properties": {
        "total": {"type": "integer", "minimum": 0}, key: {"type": "array", "items": _ref(schema)}}}


PAGING = [_query("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}),
          _query("offset", {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0})]
READ_ERRORS = _errors(400, 401, 403)
WRITE_ERRORS = _errors(400, 401, 403, 404, 409, 413, 415)


def _op(summary: str, roles, responses: dict, parameters=(), body=None, errors=WRITE_ERRORS) -> dict:
    found = {"summary": summary, "description": _roles(roles), "tags": [TAG], "parameters": list(parameters),
             "responses": {**responses, **errors}}
    if body is not None:
        found["requestBody"] = body
    return found


def describe() -> dict:
    item_id, version_id, line_id = _path("plan_item_id", ID), _path("version_id", ID), _path("line_id", ID)
    number = _path("number", WORK_NUMBER)
    plan_item_body = {"year": YEAR, "opd_code": OPD_CODE, "sub_kegiatan_code": SUB_KEGIATAN, **PLAN_ITEM_EDITABLE}
    work_body = {"plan_item_id": ID, "name": {"type": "string", "minLength": 1,
                                              "maxLength": PlanningWork.name.type.length},
                 "line_id": _nullable(ID), "kelurahan_code": _nullable(KELURAHAN),
                 "lat": {"type": ["number", "null"], "minimum": -90, "maximum": 90},
                 "lon": {"type": ["number", "null"], "minimum": -180, "maximum": 180},
                 "proposal_numbers": {"type": "array", "items": PROPOSAL_NUMBER}}
    one_work = {"200": _json(_ref("PlanningWork"), "the work")}
    paths = {
        f"{PREFIX}/plan-items": {
            "get": _op("Plan items (RKPD)", READER_ROLES, {"200": _json(_list("plan_items", "PlanningPlanItem"),
                                                                        "plan items in the viewer's scope")},
                       [_query("year", YEAR), _query("opd", OPD_CODE), *PAGING], errors=READ_ERRORS),
            "post": _op("A plan item", PLANNER_ROLES, {"201": _json(_ref("PlanningPlanItem"), "created")},
                        body=_body(plan_item_body, list(plan_item_body)))},
        f"{PREFIX}/plan-items/{{plan_item_id}}": {
            "get": _op("A plan item with its physical progress (works weighted by contract value or line "
                       "ceiling) and its works", READER_ROLES,
                       {"200": _json({"allOf": [_ref("PlanningPlanItem"), {"type": "object", "properties": {
                           "progress_percent": _nullable(PERCENT),
                           "works": {"type": "array", "items": _ref("PlanningWork")},
                           "proposal_numbers": {"type": "array", "items": PROPOSAL_NUMBER}}}]}, "the plan item")},
                       [item_id], errors=_errors(400, 401, 403, 404)),
            "patch": _op("Change a plan item's indicator, target or indicative ceiling", PLANNER_ROLES,
                         {"200": _json(_ref("PlanningPlanItem"), "changed")}, [item_id],
                         body=_body(PLAN_ITEM_EDITABLE, []))},
        f"{PREFIX}/plan-items/{{plan_item_id}}/proposals": {
            "post": _op("Link an accepted or prioritised proposal of the round of year Y to a plan item of Y + 1 "
                        "of the proposal item's OPD: status planned", PLANNER_ROLES,
                        {"200": _json({"type": "object", "properties": {
                            "number": PROPOSAL_NUMBER, "status": {"type": "string", "enum": [plan.PLANNED]},
                            "plan_item_id": ID}}, "planned")},
                        [item_id], body=_body({"proposal_number": PROPOSAL_NUMBER}, ["proposal_number"]))},
        f"{PREFIX}/budget/versions": {
            "get": _op("Budget versions", READER_ROLES,
                       {"200": _json(_list("versions", "PlanningBudgetVersion"), "versions")},
                       [_query("year", YEAR)], errors=READ_ERRORS),
            "post": _op("A budget version, current from now on (perubahan after murni)", PLANNER_ROLES,
                        {"201": _json(_ref("PlanningBudgetVersion"), "created")},
                        body=_body({"year": YEAR, "version": {"type": "string", "enum": list(budget.VERSIONS)},
                                    "adopted_on": _nullable(DAY)}, ["year", "version"]))},
        f"{PREFIX}/budget/versions/{{version_id}}/lines": {
            "get": _op("A version's lines with what each paid", READER_ROLES,
                       {"200": _json({"type": "object", "properties": {
                           "total": {"type": "integer", "minimum": 0}, "version": _ref("PlanningBudgetVersion"),
                           "lines": {"type": "array", "items": _ref("PlanningBudgetLine")}}}, "lines")},
                       [version_id, _query("opd", OPD_CODE), *PAGING], errors=_errors(400, 401, 403, 404)),
            "post": _op(f"Import the lines of an empty version from a SIPD-shaped file (columns "
                        f"{', '.join(budget.COLUMNS)}; at most {budget.MAX_ROWS:,} rows, {MAX_IMPORT_BYTES:,} bytes): "
                        f"all rows or none", PLANNER_ROLES,
                        {"201": _json({"type": "object", "properties": {"version_id": ID, "imported": {
                            "type": "integer", "minimum": 1}}}, "imported")}, [version_id],
                        body={"required": True, "content": {CSV_TYPE: {"schema": {"type": "string"}},
                                                            XLSX_TYPE: {"schema": {"type": "string",
                                                                                   "format": "binary"}}}})},
        f"{PREFIX}/budget/versions/{{version_id}}/export": {
            "get": _op("The version as XLSX, the import's columns (an OPD gets its own lines)", READER_ROLES,
                       {"200": {"description": "the workbook", "content": {XLSX_TYPE: {"schema": {
                           "type": "string", "format": "binary"}}}}}, [version_id],
                       errors=_errors(400, 401, 403, 404))},
        f"{PREFIX}/budget/lines/{{line_id}}/payments": {
            "get": _op("A line's payments", READER_ROLES, {"200": _json({"type": "object", "properties": {
                "line": _ref("PlanningBudgetLine"), "payments": {"type": "array", "items": _ref("PlanningPayment")}}},
                "payments")}, [line_id], errors=_errors(400, 401, 403, 404)),
            "post": _op("A payment (SP2D) on a line of the current budget: more than 0, inside the budget year, not "
                        "past the line's ceiling", (*OPD_ROLES, "of the line's OPD"),
                        {"201": _json(_ref("PlanningPayment"), "recorded")}, [line_id],
                        body=_body({"paid_on": DAY, "amount_rupiah": {**RUPIAH, "minimum": 1},
                                    "reference": {"type": "string", "minLength": 1,
                                                  "maxLength": PlanningPayment.reference.type.length}},
                                   ["paid_on", "amount_rupiah", "reference"]))},
        f"{PREFIX}/works": {
            "get": _op("Works in the viewer's scope", WORK_READER_ROLES,
                       {"200": _json(_list("works", "PlanningWork"), "works")},
                       [_query("year", YEAR), _query("plan_item", ID), _query("status", WORK_STATUS), *PAGING],
                       errors=READ_ERRORS),
            "post": _op("A planned work of a plan item, carrying proposals linked to it",
                        (*OPD_ROLES, "of the plan item's OPD"), {"201": _json(_ref("PlanningWork"), "created")},
                        body=_body(work_body, ["plan_item_id", "name"]))},
        f"{PREFIX}/works/{{number}}": {
            "get": _op("A work with its progress reports", WORK_READER_ROLES, one_work, [number],
                       errors=_errors(400, 401, 403, 404))},
        f"{PREFIX}/works/{{number}}/contract": {
            "post": _op("planned -> contracted", (*OPD_ROLES, "of the work's OPD"), one_work, [number],
                        body=_body({"contract_value_rupiah": {**RUPIAH, "minimum": 1,
                                                              "description": "at most the line's ceiling"},
                                    "contracted_on": DAY, "line_id": _nullable(ID)},
                                   ["contract_value_rupiah", "contracted_on"]))},
        f"{PREFIX}/works/{{number}}/progress": {
            "post": _op(f"A dated progress report (not below the last, not dated before it; the first over 0% "
                        f"starts the work); body at least {MAX_JSON_BYTES:,} bytes are accepted, more when "
                        f"[planning] max_photo_bytes needs it", (*OPD_ROLES, "of the work's OPD"),
                        {"201": _json(_ref("PlanningProgressReport"), "reported")}, [number],
                        body=_body({"percent": PERCENT, "reported_on": DAY,
                                    "note": {"type": "string", "maxLength": works.NOTE_LIMIT},
                                    "photo": {"type": ["string", "null"], "contentEncoding": "base64",
                                              "description": "a JPEG, PNG or WebP image"},
                                    "photo_filename": {"type": ["string", "null"], "maxLength": 200}},
                                   ["percent", "reported_on"]))},
        f"{PREFIX}/works/{{number}}/built": {
            "post": _op("in_progress -> built, at 100%", (*OPD_ROLES, "of the work's OPD"), one_work, [number],
                        body=_body({}, []))},
        f"{PREFIX}/works/{{number}}/proposals": {
            "post": _op("More proposals carried by the work (linked to its plan item)",
                        (*OPD_ROLES, "of the work's OPD"), one_work, [number],
                        body=_body({"proposal_numbers": {"type": "array", "minItems": 1, "items": PROPOSAL_NUMBER}},
                                   ["proposal_numbers"]))},
    }
    return {"paths": paths, "components": {"schemas": SCHEMAS}}

