"""The e-Office domain's part of /api/openapi.json (core/openapi.py, `Domain.openapi`): every route of
http/api.py with its inputs' formats, patterns, lengths, ranges and enums, and its error bodies."""

from __future__ import annotations

from copy import deepcopy

from modules.office import attachments, checks, counters, dispositions, incoming, outgoing, workflow
from modules.office.http.api import DEFAULT_LIMIT, MAX_ID, MAX_JSON_BYTES, MAX_LIMIT, MAX_OFFSET
from modules.office.settings import OfficeSettings

TAG = "office"
PREFIX = "/api/office"
STAFF = ("Staff session, acting through the account's staff record; the service checks the step, the person's "
         "place on the letter and the hierarchy.")


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict:
    return _json(_ref("OfficeApiError"), description)


def _nullable(schema: dict) -> dict:
    enum = {"enum": [*schema["enum"], None]} if "enum" in schema else {}
    return {**schema, "type": [schema["type"], "null"], **enum}


def _text(limit: int, **extra) -> dict:
    return {"type": "string", "minLength": 1, "maxLength": limit, **extra}


def _object(properties: dict, required: tuple[str, ...] = ()) -> dict:
    return {"type": "object", "required": list(required), "additionalProperties": False, "properties": properties}


ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
TIME = {"type": "string", "format": "date-time", "description": "ISO 8601 in UTC (+00:00)"}
DAY = {"type": "string", "format": "date", "description": "YYYY-MM-DD"}
CLASSIFICATION = {"type": "string", "pattern": f"^{checks.CLASSIFICATION.pattern}$",
                  "maxLength": checks.MAX_CLASSIFICATION, "examples": ["000.1.2"],
                  "description": "archive classification code (Permendagri 83/2022)"}
SECURITY = {"type": "string", "enum": list(workflow.SECURITY_LEVELS),
            "description": "rahasia: only the people named on the letter read it"}
LINK_KIND = {"type": "string", "enum": list(workflow.LINK_KINDS)}
STAFF_IDS = {"type": "array", "items": ID, "uniqueItems": True, "minItems": 1}
NOTE = _text(checks.MAX_TEXT["note"])
STAFF_REF = {"type": "object", "properties": {"id": ID, "name": {"type": "string"}, "position": {"type": "string"},
                                              "opd_code": {"type": "string", "maxLength": 32}}}
PAGING = [{"name": "limit", "in": "query", "required": False, "description": "page size",
           "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}},
          {"name": "offset", "in": "query", "required": False, "description": "rows to skip",
           "schema": {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0}}]
LETTER_PATH = {"name": "letter_id", "in": "path", "required": True, "schema": ID, "description": "the letter's id"}
DISPOSITION_PATH = {"name": "disposition_id", "in": "path", "required": True, "schema": ID,
                    "description": "the disposition's id"}
ATTACHMENT_PATH = {"name": "attachment_id", "in": "path", "required": True, "schema": ID,
                   "description": "the attachment's id"}

ERRORS = {"400": _error("Bad input, naming the field (an unknown field or parameter too)."),
          "401": _error("No staff session."),
          "403": _error("No staff record (field `actor`), or not the person this step or letter needs.")}
READ_ERRORS = {**ERRORS, "404": _error("No such letter.")}
BODY_ERRORS = {**ERRORS, "413": _error(f"The body is larger than {MAX_JSON_BYTES:,} bytes."),
               "415": _error("The body is not application/json.")}
STEP_ERRORS = {**BODY_ERRORS, "404": _error("No such letter or disposition."),
               "409": _error("A step the lifecycle does not allow (field `status`, or `read_at` for withdrawing a "
                             "read disposition).")}
MULTIPART_ERRORS = {**ERRORS, "400": _error("Bad input naming the field: `attachment` for a file that is not a PDF, "
                                            "too large or too many; `csrf_token` for a missing token."),
                    "413": _error("The body is larger than the attachments allow."),
                    "415": _error("The body is not multipart/form-data.")}

LETTER_SUMMARY = {"type": "object", "required": ["id", "direction", "opd_code", "status", "security"], "properties": {
    "id": ID, "direction": {"type": "string", "enum": list(workflow.DIRECTIONS)},
    "opd_code": {"type": "string", "maxLength": 32},
    "number": {"type": ["string", "null"], "maxLength": 80,
               "description": "agenda number (incoming: 0017/DISHUB/2026) or letter number (outgoing: "
                              "000.1.2/0005/DISHUB/2026)"},
    "reference_number": {"type": ["string", "null"], "maxLength": checks.MAX_TEXT["reference_number"]},
    "correspondent": {"type": "string", "maxLength": checks.MAX_TEXT["correspondent"]},
    "subject": {"type": "string", "maxLength": checks.MAX_TEXT["subject"]},
    "letter_date": _nullable(DAY), "classification": CLASSIFICATION, "security": SECURITY,
    "due_date": _nullable(DAY), "status": {"type": "string", "enum": list(workflow.STATUSES)},
    "link_kind": _nullable(LINK_KIND), "link_id": {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_ID},
    "created_at": TIME}}

DISPOSITION = {"type": "object", "required": ["id", "from", "to", "status", "children"], "properties": {
    "id": ID, "parent_id": {"type": ["integer", "null"]}, "from": STAFF_REF, "to": STAFF_REF,
    "instruction": {"type": "string", "maxLength": checks.MAX_TEXT["instruction"]}, "due_date": _nullable(DAY),
    "status": {"type": "string", "enum": list(workflow.DISPOSITION_STATUSES)}, "created_at": TIME,
    "read_at": _nullable(TIME), "done_at": _nullable(TIME), "withdrawn_at": _nullable(TIME),
    "note": {"type": ["string", "null"], "maxLength": checks.MAX_TEXT["note"]},
    "children": {"type": "array", "items": _ref("OfficeDisposition")}}}

LETTER = {"type": "object", "description": "one letter whole, with its disposition tree", "allOf": [
    _ref("OfficeLetterSummary"), {"type": "object", "properties": {
        **{name: _nullable(TIME) for name in ("distributed_at", "first_read_at", "disposed_at", "followed_up_at",
                                               "submitted_at", "returned_at", "signed_at", "numbered_at", "sent_at",
                                               "archived_at")},
        "updated_at": TIME, "created_by": STAFF_REF, "signer": {"oneOf": [STAFF_REF, {"type": "null"}]},
        "follow_up_note": {"type": ["string", "null"]}, "return_note": {"type": ["string", "null"]},
        "recipients": {"type": "array", "maxItems": incoming.MAX_RECIPIENTS, "items": {"type": "object", "properties": {
            "staff": STAFF_REF, "distributed_at": TIME, "read_at": _nullable(TIME)}}},
        "verifiers": {"type": "array", "maxItems": outgoing.MAX_VERIFIERS, "items": {"type": "object", "properties": {
            "staff": STAFF_REF, "position": {"type": "integer", "minimum": 1, "maximum": outgoing.MAX_VERIFIERS},
            "initialled_at": _nullable(TIME)}}},
        "attachments": {"type": "array", "maxItems": attachments.MAX_ATTACHMENTS, "items": {
            "type": "object", "properties": {
                "id": ID, "filename": {"type": "string", "maxLength": 200}, "size_bytes": {"type": "integer"},
                "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "url": {"type": "string", "format": "uri-reference"}}}},
        "dispositions": {"type": "array", "items": _ref("OfficeDisposition")}}}]}

COMMON_LETTER = {
    "correspondent": _text(checks.MAX_TEXT["correspondent"]), "subject": _text(checks.MAX_TEXT["subject"]),
    "classification": CLASSIFICATION, "security": SECURITY, "link_kind": _nullable(LINK_KIND),
    "link_id": {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_ID,
                "description": "the complaint, incident or proposal the letter concerns (with link_kind)"}}

REGISTER_FORM = {"type": "object", "additionalProperties": False,
                 "required": ["correspondent", "subject", "letter_date", "classification", "security", "csrf_token"],
                 "properties": {
    **{name: schema for name, schema in COMMON_LETTER.items() if name != "link_id"},
    "link_kind": {**LINK_KIND, "description": "with link_id"},
    "link_id": {"type": "string", "pattern": "^[0-9]{1,19}$", "description": "with link_kind"},
    "letter_date": {**DAY, "description": "the date on the letter; not in the future"},
    "reference_number": _text(checks.MAX_TEXT["reference_number"], description="the sender's own number"),
    "due_date": {**DAY, "description": f"not before letter_date; default: {OfficeSettings().default_due_days} "
                                       "working days after registration (office.default_due_days)"},
    "attachment": {"type": "array", "maxItems": attachments.MAX_ATTACHMENTS,
                   "items": {"type": "string", "format": "binary", "contentMediaType": "application/pdf"},
                   "description": f"PDF files (the bytes start with %PDF-), each at most office.max_attachment_mb "
                                  f"({OfficeSettings().max_attachment_mb} MB)"},
    "csrf_token": {"type": "string", "description": "the session's CSRF token (or the header X-CSRF-Token)"}}}

ATTACH_FORM = {"type": "object", "additionalProperties": False, "required": ["attachment", "csrf_token"],
               "properties": {name: REGISTER_FORM["properties"][name] for name in ("attachment", "csrf_token")}}

DRAFT = _object({**COMMON_LETTER, "due_date": _nullable({**DAY, "description": "not before today"}),
                 "signer_id": {**ID, "description": "the drafter himself or one of his superiors"},
                 "verifier_ids": {"type": "array", "items": ID, "uniqueItems": True,
                                  "maxItems": outgoing.MAX_VERIFIERS,
                                  "description": "the drafter's superiors below the signer, in their order"}},
                ("correspondent", "subject", "classification", "security", "signer_id"))

COUNTERS = _object({
    "person": {"oneOf": [_object({name: {"type": "integer", "minimum": 0} for name in counters.PERSON_COUNTERS},
                                 counters.PERSON_COUNTERS), {"type": "null"}],
               "description": "the reader's counters; null when his account has no staff record"},
    "opds": {"type": "array", "items": _object({
        "opd_code": {"type": "string", "maxLength": 32}, "direction": {"type": "string",
                                                                       "enum": list(workflow.DIRECTIONS)},
        "open": {"type": "integer", "minimum": 0},
        "overdue": {"type": "integer", "minimum": 0, "description": "due date before today (city time)"},
        "ageing": _object({label: {"type": "integer", "minimum": 0} for label, _ in counters.AGEING},
                          tuple(label for label, _ in counters.AGEING))},
        ("opd_code", "direction", "open", "overdue", "ageing"))}}, ("person", "opds"))

SCHEMAS = {
    "OfficeApiError": {"type": "object", "required": ["error", "message"], "properties": {
        "error": {"type": "string", "maxLength": 64,
                  "description": "a code, e.g. invalid_request, office_not_pdf, office_withdraw_read"},
        "message": {"type": "string", "maxLength": 1000, "description": "English: `<field>: <reason>`"},
        "field": {"type": ["string", "null"], "maxLength": 64, "description": "the input the refusal concerns"}}},
    "OfficeLetterSummary": LETTER_SUMMARY,
    "OfficeLetter": LETTER,
    "OfficeDisposition": DISPOSITION,
    "OfficeNewDraft": DRAFT,
    "OfficeCounters": COUNTERS,
}
EMPTY = _object({})


def _op(method: str, summary: str, answers: dict, errors: dict, parameters: list | None = None,
        body: dict | None = None) -> dict:
    operation = {"summary": f"{summary}. {STAFF}", "tags": [TAG], "parameters": parameters or [],
                 "responses": {**answers, **errors}}
    if body is not None:
        operation["requestBody"] = {"required": True, "content": body}
    return {method: operation}


def _step(summary: str, body: dict = EMPTY, path=LETTER_PATH, created: bool = False) -> dict:
    answer = {"201" if created else "200": _json(_ref("OfficeLetter"), "The letter after the step.")}
    return _op("post", summary, answer, STEP_ERRORS, [path], {"application/json": {"schema": body}})


PATHS = {
    f"{PREFIX}/letters": {
        **_op("post", "A registrar of the OPD registers an incoming letter with its PDFs; it gets the next agenda "
                      "number of the OPD's year", {"201": _json(_ref("OfficeLetter"), "The letter.")},
              MULTIPART_ERRORS, body={"multipart/form-data": {"schema": REGISTER_FORM}}),
        **_op("get", "The letters the reader may read (named on them, or a registrar of their OPD), newest first",
              {"200": _json(_object({"limit": {"type": "integer"}, "offset": {"type": "integer"},
                                     "letters": {"type": "array", "items": _ref("OfficeLetterSummary")}},
                                    ("letters",)), "The page.")}, ERRORS,
              [{"name": "direction", "in": "query", "required": False,
                "schema": {"type": "string", "enum": list(workflow.DIRECTIONS)}},
               {"name": "status", "in": "query", "required": False,
                "schema": {"type": "string", "enum": list(workflow.STATUSES)}}, *PAGING])},
    f"{PREFIX}/letters/{{letter_id}}": _op(
        "get", "One letter with its recipients, verifiers, attachments and disposition tree (rahasia: the people "
               "named on it only)", {"200": _json(_ref("OfficeLetter"), "The letter.")}, READ_ERRORS, [LETTER_PATH]),
    f"{PREFIX}/letters/{{letter_id}}/distribute": _step(
        "The registrar distributes a registered letter to staff of its OPD",
        _object({"staff_ids": {**STAFF_IDS, "maxItems": incoming.MAX_RECIPIENTS}}, ("staff_ids",))),
    f"{PREFIX}/letters/{{letter_id}}/read": _step("A recipient reads it (the first reading: distributed -> read)"),
    f"{PREFIX}/letters/{{letter_id}}/dispositions": _step(
        "A recipient, or the addressee of an open disposition, disposes it to people below him in the hierarchy",
        _object({"to_staff_ids": {**STAFF_IDS, "maxItems": dispositions.MAX_ADDRESSEES},
                 "instruction": _text(checks.MAX_TEXT["instruction"]),
                 "due_date": _nullable({**DAY, "description": "not before today; default: the letter's"})},
                ("to_staff_ids", "instruction")), created=True),
    f"{PREFIX}/letters/{{letter_id}}/follow-up": _step(
        "A recipient states what was done (every disposition done or withdrawn)", _object({"note": NOTE}, ("note",))),
    f"{PREFIX}/letters/{{letter_id}}/archive": _step(
        "The registrar archives a followed-up incoming or a sent outgoing letter"),
    f"{PREFIX}/letters/{{letter_id}}/attachments": _op(
        "post", "More PDFs: the registrar to a letter not yet read, the drafter to his draft",
        {"201": _json(_ref("OfficeLetter"), "The letter.")}, {**MULTIPART_ERRORS, "404": _error("No such letter."),
                                                               "409": _error("The letter is past the step.")},
        [LETTER_PATH], {"multipart/form-data": {"schema": ATTACH_FORM}}),
    f"{PREFIX}/letters/{{letter_id}}/attachments/{{attachment_id}}": _op(
        "get", "The PDF itself (Content-Disposition: attachment), to a reader of the letter only",
        {"200": {"description": "The file.", "content": {"application/pdf": {
            "schema": {"type": "string", "format": "binary"}}}}},
        {**ERRORS, "404": _error("No such letter or attachment.")}, [LETTER_PATH, ATTACHMENT_PATH]),
    f"{PREFIX}/drafts": _op("post", "An outgoing letter drafted for the signature of the drafter or a superior",
                            {"201": _json(_ref("OfficeLetter"), "The draft.")}, BODY_ERRORS,
                            body={"application/json": {"schema": _ref("OfficeNewDraft")}}),
    f"{PREFIX}/letters/{{letter_id}}/submit": _step(
        "The drafter asks the verifiers for their initials: draft -> in_review (none: ready_to_sign)"),
    f"{PREFIX}/letters/{{letter_id}}/initial": _step(
        "The verifier whose turn it is initials; after the last: ready_to_sign"),
    f"{PREFIX}/letters/{{letter_id}}/return": _step(
        "The verifier whose turn it is, or the signer, returns it to the drafter with a note: -> draft",
        _object({"note": NOTE}, ("note",))),
    f"{PREFIX}/letters/{{letter_id}}/sign": _step("The signer signs, after every verifier: -> signed"),
    f"{PREFIX}/letters/{{letter_id}}/number": _step(
        "The registrar numbers a signed letter in the OPD's year: -> numbered"),
    f"{PREFIX}/letters/{{letter_id}}/send": _step("The drafter or a registrar sends a numbered letter: -> sent"),
    f"{PREFIX}/dispositions/{{disposition_id}}/read": _step("Its addressee reads it", path=DISPOSITION_PATH),
    f"{PREFIX}/dispositions/{{disposition_id}}/withdraw": _step(
        "Its author withdraws it, only while unread (read: 409, field read_at)", path=DISPOSITION_PATH),
    f"{PREFIX}/dispositions/{{disposition_id}}/finish": _step(
        "Its addressee finishes it; the note is required", _object({"note": NOTE}, ("note",)), path=DISPOSITION_PATH),
    f"{PREFIX}/counters": _op(
        "get", "SRIKANDI's counters of the reader (to sign, to send, to verify, unread incoming, not followed up, "
               "unread dispositions, dispositions not followed up) and each OPD's open letters by age and overdue, as "
               "the reader's scope allows (city-wide roles: every OPD, counts only)",
        {"200": _json(_ref("OfficeCounters"), "The counters.")}, ERRORS),
}


def api_description() -> dict:
    return {"paths": deepcopy(PATHS), "components": {"schemas": deepcopy(SCHEMAS)}}
