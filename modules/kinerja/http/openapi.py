"""e-Kinerja's part of /api/openapi.json (core/openapi.py, `Domain.openapi`): every route of api.py
with its inputs' formats, patterns, lengths, ranges and enums, and its error bodies."""

from __future__ import annotations

from copy import deepcopy

from modules.kinerja import checks, links, scores, service, workflow
from modules.kinerja.http.api import DEFAULT_LIMIT, MAX_DAYS, MAX_ID, MAX_JSON_BYTES, MAX_LIMIT, MAX_OFFSET
from modules.kinerja.models import KinerjaActivity
from modules.kinerja.suggestions import ACT_WORDS

TAG = "kinerja"
PREFIX = "/api/kinerja"
STAFF = "Staff session; the service checks the person, his supervisors and the viewer's scope."


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict:
    return _json(_ref("KinerjaApiError"), description)


def _nullable(schema: dict) -> dict:
    enum = {"enum": [*schema["enum"], None]} if "enum" in schema else {}
    return {**schema, "type": [schema["type"], "null"], **enum}


def _text(limit: int, **extra) -> dict:
    return {"type": "string", "minLength": 1, "maxLength": limit, **extra}


def _object(properties: dict, required: tuple[str, ...] = ()) -> dict:
    return {"type": "object", "required": list(required), "additionalProperties": False, "properties": properties}


DAY = {"type": "string", "format": "date", "description": "YYYY-MM-DD, the city's day (WIB)"}
TIME = {"type": "string", "format": "date-time", "description": "ISO 8601 in UTC (+00:00)"}
CLOCK = {"type": "string", "pattern": "^[0-9]{2}:[0-5][0-9]$", "description": "HH:MM of the day (city time)"}
MONTH = {"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$", "examples": ["2026-11"]}
QUARTER = {"type": "string", "pattern": "^[0-9]{4}-Q[1-4]$", "examples": ["2026-Q4"]}
ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
IDS = {"type": "array", "minItems": 1, "maxItems": service.MAX_BATCH, "items": ID,
       "description": f"activity ids, at most {service.MAX_BATCH}; all are taken or none"}
STATUS = {"type": "string", "enum": list(workflow.STATUSES)}
LINK_KIND = {"type": "string", "enum": list(links.LINK_KINDS)}
SCORE = {"type": "number", "minimum": 0, "maximum": 100}
BAND = {"type": "string", "enum": list(scores.BANDS)}
MINUTES = {"type": "integer", "minimum": 0}
USERNAME = {"type": "string", "maxLength": 64}
ID_PATH = {"name": "activity_id", "in": "path", "required": True, "schema": ID, "description": "the activity's id"}
RANGE = [{"name": "from", "in": "query", "required": False, "schema": DAY,
          "description": "first day (default: the first of this month)"},
         {"name": "to", "in": "query", "required": False, "schema": DAY,
          "description": f"last day (default: the end of `from`'s month); at most {MAX_DAYS} days after `from`"}]
STATUS_ARG = {"name": "status", "in": "query", "required": False, "schema": STATUS, "description": "one status"}
MONTH_ARG = {"name": "month", "in": "query", "required": False, "schema": MONTH, "description": "default: this month"}

ERRORS = {"400": _error("Bad input, naming the field (an unknown field or parameter too)."),
          "401": _error("No staff session."),
          "403": _error("Not his, not of someone he assesses, outside his scope, no staff record, a kiosk.")}
BODY_ERRORS = {**ERRORS, "413": _error(f"The body is larger than {MAX_JSON_BYTES:,} bytes."),
               "415": _error("The body is not application/json.")}
STEP_ERRORS = {**BODY_ERRORS, "404": _error("No such activity."),
               "409": _error("A step the lifecycle does not allow, or a closed month (field `status` or `day`).")}

FORM = {
    "day": {**DAY, "description": "today or up to kinerja.entry_days_back days back; not in a closed month"},
    "start": {**CLOCK, "description": "HH:MM, 00:00 to 23:59"},
    "end": {**CLOCK, "description": "HH:MM after the start, 24:00 at the latest; not after now"},
    "description": _text(checks.MAX_TEXT["description"], description="what was done"),
    "output": _text(checks.MAX_TEXT["output"], description="its result"),
    "volume": {"type": "integer", "minimum": 1, "maximum": checks.MAX_VOLUME},
    "output_unit": _text(checks.MAX_TEXT["output_unit"], description="the volume's unit (dokumen, lokasi ...)"),
    "link_kind": _nullable({**LINK_KIND, "description": "what the activity served"}),
    "link_ref": _nullable(_text(checks.MAX_TEXT["link_ref"], description=(
        "sub_kegiatan: a code of the OPD's plan of the day's year; complaint: its ticket; incident: its number; "
        "letter: the e-Office letter's id"))),
}
FORM_REQUIRED = ("day", "start", "end", "description", "output", "volume", "output_unit")

ACTIVITY = {"type": "object", "required": ["id", "staff_id", "day", "start", "end", "minutes", "status", "locked"],
            "properties": {
    "id": ID, "staff_id": ID, "opd_code": {"type": "string", "maxLength": 32},
    "unit": {"type": "string", "maxLength": KinerjaActivity.unit.type.length}, "day": DAY, "start": CLOCK,
    "end": CLOCK, "minutes": {"type": "integer", "minimum": 1, "maximum": 1440},
    "description": {"type": "string", "maxLength": checks.MAX_TEXT["description"]},
    "output": {"type": "string", "maxLength": checks.MAX_TEXT["output"]}, "volume": FORM["volume"],
    "output_unit": {"type": "string", "maxLength": checks.MAX_TEXT["output_unit"]},
    "link_kind": _nullable(LINK_KIND), "link_ref": {"type": ["string", "null"], "maxLength": checks.MAX_TEXT["link_ref"]},
    "status": STATUS, "locked": {"type": "boolean", "description": "its month is closed: nothing changes"},
    "has_photo": {"type": "boolean"}, "submitted_at": _nullable(TIME), "decided_at": _nullable(TIME),
    "decided_by": _nullable(USERNAME),
    "return_note": {"type": ["string", "null"], "maxLength": service.MAX_NOTE}, "created_at": TIME,
    "updated_at": TIME,
    "staff": {"type": ["object", "null"], "description": "the person (team and queue listings)", "properties": {
        "id": ID, "name": {"type": "string"}, "position": {"type": "string"}}},
    "age_working_days": {"type": "integer", "minimum": 0, "description": "queue: working days it has waited"},
    "overdue": {"type": "boolean", "description": "queue: waited past kinerja.approval_deadline_days"},
    "seen_in_log": {"type": ["boolean", "null"], "description": (
        "queue: whether the change log shows the person acting on the linked case that day (null: no case)")}}}

FIGURES = {"type": "object", "properties": {
    "first_day": DAY, "last_day": DAY, "working_days": {"type": "integer", "minimum": 0},
    "minutes": {"type": "object", "properties": {status: MINUTES for status in workflow.STATUSES}},
    "target_minutes": MINUTES, "daily_target_minutes": MINUTES,
    "approved_per_working_day": {"type": "number", "minimum": 0},
    "working_days_short": {"type": "integer", "minimum": 0, "description": "working days under the target"},
    "work_score": SCORE}}

BACKLOG = {"type": "object", "properties": {
    "waiting": {"type": "integer", "minimum": 0}, "overdue": {"type": "integer", "minimum": 0},
    "oldest_submitted_at": _nullable(TIME), "oldest_age_working_days": {"type": "integer", "minimum": 0},
    "deadline_working_days": {"type": "integer", "minimum": 1}}}

SCORE_VIEW = {"type": "object", "properties": {
    "staff_id": ID, "quarter": QUARTER, "working_days": {"type": "integer", "minimum": 0},
    "approved_minutes": MINUTES, "target_minutes": MINUTES, "work_score": SCORE, "competence_score": SCORE,
    "final_score": SCORE, "band": BAND, "band_name": {"type": "string", "enum": list(scores.BAND_NAMES.values())},
    "scored_at": TIME}}

SUGGESTION = {"type": "object", "properties": {
    "kind": {"type": "string", "enum": ["complaint", "incident", "letter"]},
    "ref": {"type": "string", "maxLength": 64, "description": "the ticket, number or letter id"},
    "acts": {"type": "array", "items": {"type": "string", "maxLength": 32},
             "description": f"what he did, e.g. {', '.join(list(ACT_WORDS)[:6])}"},
    "first_at": TIME, "last_at": TIME,
    "activity": _object(FORM, FORM_REQUIRED) | {"description": "the proposed line, to post to /activities"}}}

OPD_FIGURES = {"type": "object", "properties": {
    "opd_code": {"type": "string", "maxLength": 32}, "people": {"type": "integer", "minimum": 0},
    "minutes": FIGURES["properties"]["minutes"], "waiting": {"type": "integer", "minimum": 0},
    "overdue": {"type": "integer", "minimum": 0}}}

SCHEMAS = {
    "KinerjaApiError": {"type": "object", "required": ["error", "message"], "properties": {
        "error": {"type": "string", "maxLength": 64,
                  "description": "a code, e.g. invalid_request, kinerja_overlap, kinerja_not_your_subordinate"},
        "message": {"type": "string", "maxLength": 1000, "description": "English: `<field>: <reason>`"},
        "field": {"type": ["string", "null"], "maxLength": 64, "description": "the input the refusal concerns"}}},
    "KinerjaActivityForm": _object(FORM, FORM_REQUIRED),
    "KinerjaActivity": ACTIVITY,
    "KinerjaScore": SCORE_VIEW,
}


def _op(method: str, summary: str, answers: dict, errors: dict, parameters: list | None = None,
        body: dict | None = None) -> dict:
    operation = {"summary": f"{summary}. {STAFF}", "tags": [TAG], "parameters": parameters or [],
                 "responses": {**answers, **errors}}
    if body is not None:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    return {method: operation}


def _list(name: str, items: dict, extra: dict | None = None) -> dict:
    return _object({name: {"type": "array", "items": items}, **(extra or {})}, (name,))


ONE = {"200": _json(_ref("KinerjaActivity"), "The activity.")}
MANY = _list("activities", _ref("KinerjaActivity"))
NO_CONTENT = {"204": {"description": "Done; no body."}}
PHOTO_BODY = {"multipart/form-data": {"schema": {
    "type": "object", "required": ["photo", "csrf_token"], "additionalProperties": False, "properties": {
        "photo": {"type": "string", "format": "binary", "description": "JPEG, PNG or WebP (by its bytes); at most "
                                                                      "kinerja.max_photo_bytes"},
        "csrf_token": {"type": "string", "description": "the session's CSRF token (or the header X-CSRF-Token)"}}}}}

PATHS = {
    f"{PREFIX}/activities": {
        **_op("get", "The viewer's own activities, by day and start", {"200": _json(MANY, "His lines.")}, ERRORS,
              [*RANGE, STATUS_ARG]),
        **_op("post", "A new draft activity of the viewer's (refused: in the future, too old, a closed month, end "
                      "before start or past 24:00, overlapping another of his, an unknown link)",
              {"201": _json(_ref("KinerjaActivity"), "The draft.")}, {**BODY_ERRORS, "409": _error("A closed month.")},
              body=_ref("KinerjaActivityForm"))},
    f"{PREFIX}/activities/{{activity_id}}": {
        **_op("get", "One activity: his own, his subtree's, or his OPD's with an OPD scope", ONE,
              {**ERRORS, "404": _error("No such activity.")}, [ID_PATH]),
        **_op("put", "The whole form again, for a draft or returned line of his (its status stays)", ONE, STEP_ERRORS,
              [ID_PATH], _ref("KinerjaActivityForm")),
        **_op("delete", "Withdraws a draft or returned line of his", NO_CONTENT, STEP_ERRORS, [ID_PATH])},
    f"{PREFIX}/activities/{{activity_id}}/submit": _op(
        "post", "Submits one line of his to his approver: draft or returned -> submitted",
        {"200": _json(_list("activities", _ref("KinerjaActivity"), {"submitted": {"type": "integer"}}), "Done.")},
        STEP_ERRORS, [ID_PATH], _object({})),
    f"{PREFIX}/activities/submit": _op(
        "post", "Submits many of his lines at once, all or none",
        {"200": _json(_list("activities", _ref("KinerjaActivity"), {"submitted": {"type": "integer"}}), "Done.")},
        STEP_ERRORS, body=_object({"ids": IDS}, ("ids",))),
    f"{PREFIX}/activities/{{activity_id}}/photo": {
        **_op("get", "The activity's evidence photo (whoever may read the activity)",
              {"200": {"description": "The image.", "content": {
                  kind: {"schema": {"type": "string", "format": "binary"}}
                  for kind in ("image/jpeg", "image/png", "image/webp")}}},
              {**ERRORS, "404": _error("No such activity, or it has no photo.")}, [ID_PATH]),
        "post": {"summary": f"Sets (replaces) the evidence photo of a draft or returned line of his. {STAFF}",
                 "tags": [TAG], "parameters": [ID_PATH], "requestBody": {"required": True, "content": PHOTO_BODY},
                 "responses": {"201": _json(_ref("KinerjaActivity"), "The activity."), **STEP_ERRORS,
                               "413": _error("The photo is larger than kinerja.max_photo_bytes."),
                               "415": _error("Not multipart/form-data.")}},
        **_op("delete", "Removes the evidence photo of a draft or returned line of his", NO_CONTENT,
              {**STEP_ERRORS, "404": _error("No such activity, or it has no photo.")}, [ID_PATH])},
    f"{PREFIX}/team": _op(
        "get", "Others' lines the viewer reads: his subtree's (every depth), his OPD's with an OPD scope; a city-wide "
        "scope alone reads none (aggregates only: /overview). Newest day first",
        {"200": _json(_list("activities", _ref("KinerjaActivity"), {"limit": {"type": "integer"},
                                                                    "offset": {"type": "integer"}}), "The page.")},
        ERRORS, [*RANGE, {"name": "staff_id", "in": "query", "required": False, "schema": ID, "description": "one person"},
                 STATUS_ARG,
                 {"name": "limit", "in": "query", "required": False,
                  "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}},
                 {"name": "offset", "in": "query", "required": False,
                  "schema": {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0}}]),
    f"{PREFIX}/queue": _op(
        "get", "The submitted lines of the people the viewer assesses (his direct reports, and those below a vacant "
        "post), oldest submission first, with the backlog against kinerja.approval_deadline_days",
        {"200": _json(_object({"backlog": BACKLOG, "activities": {"type": "array", "items": _ref("KinerjaActivity")}},
                              ("backlog", "activities")), "The queue.")}, ERRORS,
        [{"name": "limit", "in": "query", "required": False,
          "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}}]),
    f"{PREFIX}/decisions": _op(
        "post", "Approves or returns many submitted lines at once, all or none; each must be of someone the viewer "
        "assesses; a return needs a note",
        {"200": _json(_list("activities", _ref("KinerjaActivity"), {"decided": {"type": "integer"}}), "Done.")},
        STEP_ERRORS, body=_object({"ids": IDS, "decision": {"type": "string", "enum": list(workflow.DECISIONS)},
                                   "note": _nullable(_text(service.MAX_NOTE, description="why it is returned"))},
                                  ("ids", "decision"))),
    f"{PREFIX}/suggestions": _op(
        "get", "The cases the viewer's account acted on in a day (complaints, incidents, letters), from the change log, "
        "each as a proposed activity; cases he already reported that day are left out",
        {"200": _json(_object({"day": DAY, "suggestions": {"type": "array", "items": SUGGESTION}},
                              ("day", "suggestions")), "The proposals.")}, ERRORS,
        [{"name": "day", "in": "query", "required": False, "schema": DAY, "description": "default: today"}]),
    f"{PREFIX}/summary": _op(
        "get", "The viewer's month and quarter: minutes per status, per working day against kinerja.daily_minutes_target "
        "(Indonesian holidays excluded), the work score so far, his scores, and his approval backlog",
        {"200": _json({"type": "object", "properties": {
            "staff_id": ID, "month": MONTH, "quarter": QUARTER, "month_figures": FIGURES, "quarter_figures": FIGURES,
            "scores": {"type": "array", "items": _ref("KinerjaScore")}, "backlog": _nullable(BACKLOG)}},
            "The summary.")}, ERRORS, [MONTH_ARG]),
    f"{PREFIX}/scores": _op(
        "post", "The approver scores a person's quarter once its three months are closed: the work score from approved "
        "minutes (capped at 100), his competence score, the final score (kinerja.work_weight / competence_weight) "
        "and its band",
        {"201": _json(_ref("KinerjaScore"), "The score.")},
        {**STEP_ERRORS, "404": _error("No such staff member.")},
        body=_object({"staff_id": ID, "quarter": QUARTER, "competence_score": SCORE},
                     ("staff_id", "quarter", "competence_score"))),
    f"{PREFIX}/overview": _op(
        "get", "The OPDs' figures of a month (people reporting, minutes per status, backlog): every OPD for a city-wide "
        "scope, its own for an OPD scope; no person's lines",
        {"200": _json(_object({"month": MONTH, "opds": {"type": "array", "items": OPD_FIGURES}}, ("opds",)),
                      "The figures.")}, ERRORS, [MONTH_ARG]),
    f"{PREFIX}/periods/{{month}}/close": _op(
        "post", "The city's admin closes a month that is over: every line of it locks, whatever its status",
        {"200": _json(_object({"month": MONTH, "closed_at": TIME, "activities_locked": {"type": "integer"}}),
                      "Closed.")},
        {**BODY_ERRORS, "409": _error("The month is not over, or closed already.")},
        [{"name": "month", "in": "path", "required": True, "schema": MONTH}], _object({})),
}


def api_description() -> dict:
    return {"paths": deepcopy(PATHS), "components": {"schemas": deepcopy(SCHEMAS)}}
