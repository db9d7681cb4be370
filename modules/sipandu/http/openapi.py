"""The Sipandu domain's part of /api/openapi.json (core/openapi.py, `Domain.openapi`): every route of
http/api.py with its inputs' formats, patterns, lengths, ranges and enums, and its error bodies."""

from __future__ import annotations

from copy import deepcopy

from modules.sipandu import access, checks, kos, privacy, residents, workflow
from modules.sipandu.http.api import (DEFAULT_LIMIT, LOOKUPS_PER_WINDOW, MAX_CSV_BYTES, MAX_ID, MAX_JSON_BYTES,
                                      MAX_LIMIT, MAX_OFFSET, UNMASKS_PER_WINDOW, WINDOW_SECONDS)
from modules.sipandu.models import SipanduKos, SipanduNewcomer
from modules.sipandu.nik import SEXES
from modules.sipandu.resident_extract import COLUMNS

TAG = "sipandu"
PREFIX = "/api/sipandu"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict:
    return _json(_ref("SipanduApiError"), description)


def _nullable(schema: dict) -> dict:
    """The schema or null (an enum lists null too: a validator checks both keywords)."""
    enum = {"enum": [*schema["enum"], None]} if "enum" in schema else {}
    return {**schema, "type": [schema["type"], "null"], **enum}


def _text(limit: int, **extra) -> dict:
    return {"type": "string", "minLength": 1, "maxLength": limit, **extra}


NIK = {"type": "string", "pattern": "^[0-9]{16}$", "description": "a NIK: 16 digits (PP RR DD, the birth date "
                                                                    "with 40 added to a woman's day, a serial)",
       "examples": ["1101011207990001"]}
MASKED_NIK = {"type": "string", "pattern": r"^[0-9]{4}\*{10}[0-9]{2}$", "examples": ["1101**********01"],
              "description": "the NIK masked: its city and last two digits"}
TIME = {"type": "string", "format": "date-time", "description": "ISO 8601 in UTC (+00:00)"}
MOMENT = {"type": "string", "format": "date-time", "description": "ISO 8601 with its offset "
                                                                  "(2026-11-30T09:00:00+07:00); not in the future"}
DAY = {"type": "string", "format": "date", "description": "YYYY-MM-DD"}
SEX = {"type": "string", "enum": list(SEXES)}
STATUS = {"type": "string", "enum": list(workflow.STATUSES)}
REASON = {"type": "string", "enum": list(workflow.REJECTION_REASONS)}
PURPOSE = {"type": "string", "enum": list(checks.PURPOSES)}
REGENCY = {"type": "string", "pattern": r"^[0-9]{2}\.[0-9]{2}$", "maxLength": 16,
           "description": "a regency or city of Kemendagri's list, PP.RR", "examples": ["35.15"]}
KECAMATAN = {"type": "string", "pattern": r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$", "examples": ["35.78.05"]}
KELURAHAN = {"type": "string", "pattern": r"^35\.78\.[0-9]{2}\.[0-9]{4}$", "examples": ["35.78.07.1004"]}
RT_CODE = {"type": "string", "pattern": r"^35\.78\.[0-9]{2}\.[0-9]{4}\.RW[0-9]{2}\.RT[0-9]{2}$", "maxLength": 64,
           "description": "an RT the city knows: <kelurahan>.RWnn.RTnn", "examples": ["35.78.07.1004.RW01.RT01"]}
KOS_CODE = {"type": "string", "pattern": "^KOS-[0-9]{14}$", "maxLength": SipanduKos.code.type.length,
            "examples": ["KOS-35780710040001"]}
RW_RT = {"type": "integer", "minimum": 0}
ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
USERNAME = {"type": "string", "maxLength": SipanduNewcomer.recorded_by.type.length}
ACCESS_REASON = {"type": "string", "minLength": privacy.MIN_REASON, "maxLength": privacy.MAX_REASON,
                 "description": "why (e.g. verifikasi KTP di rumah kos); kept in the access log"}
PAGING = [{"name": "limit", "in": "query", "required": False, "description": "page size",
           "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}},
          {"name": "offset", "in": "query", "required": False, "description": "rows to skip",
           "schema": {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0}}]
ID_PATH = {"name": "record_id", "in": "path", "required": True, "schema": ID, "description": "the record's id"}

ERRORS = {"400": _error("Bad input, naming the field (an unknown field or parameter too)."),
          "401": _error("No staff session."), "403": _error("A role or scope that may not.")}
BODY_ERRORS = {**ERRORS, "413": _error(f"The body is larger than {MAX_JSON_BYTES:,} bytes."),
               "415": _error("The body is not application/json.")}
STEP_ERRORS = {**BODY_ERRORS, "404": _error("No such record."),
               "409": _error("A step the record's lifecycle does not allow (field `status`).")}
COUNTED = {"429": _error("Too many of these from this account in the window; see Retry-After.")}

ARRIVAL = {
    "nik": NIK, "name": _text(checks.MAX_TEXT["name"]), "sex": SEX,
    "birth_date": {**DAY, "description": "the NIK's birth date"},
    "origin_regency": REGENCY, "rt_code": {**RT_CODE, "description": "the recording RT head's own RT"},
    "address": _text(checks.MAX_TEXT["address"]),
    "kos_code": _nullable({**KOS_CODE, "maxLength": checks.MAX_TEXT["kos_code"],
                           "description": "an active boarding house of that RT"}),
    "purpose": PURPOSE, "sponsor": _nullable(_text(checks.MAX_TEXT["sponsor"], description="employer, school or host")),
    "arrived_at": {**MOMENT, "description": "ISO 8601 with its offset; not in the future, not before the birth"},
    "stay_until": _nullable({**DAY, "description": "the stay's stated end; not before the arrival"}),
}
ARRIVAL_REQUIRED = ["nik", "name", "sex", "birth_date", "origin_regency", "rt_code", "address", "purpose", "arrived_at"]

NEWCOMER = {"type": "object", "required": ["id", "nik", "status", "kelurahan_code", "rw", "rt", "arrived_at"],
            "description": "a newcomer's record; the NIK masked", "properties": {
    "id": ID, "nik": MASKED_NIK, "name": {"type": "string", "maxLength": checks.MAX_TEXT["name"]}, "sex": SEX,
    "birth_date": DAY, "origin_regency": REGENCY, "kecamatan_code": KECAMATAN, "kelurahan_code": KELURAHAN,
    "rw": RW_RT, "rt": RW_RT, "address": {"type": "string", "maxLength": checks.MAX_TEXT["address"]},
    "kos_code": _nullable(KOS_CODE), "purpose": PURPOSE,
    "sponsor": {"type": ["string", "null"], "maxLength": checks.MAX_TEXT["sponsor"]}, "status": STATUS,
    "duplicate_flag": {"type": "boolean", "description": "the same NIK is present in another RT too"},
    "arrived_at": TIME, "recorded_at": TIME, "recorded_by": USERNAME,
    "reported_in_time": {"type": "boolean", "description": "recorded within sipandu.report_within_hours (24) of "
                                                           "the arrival"},
    "stay_until": _nullable(DAY), "verified_at": _nullable(TIME), "verified_by": _nullable(USERNAME),
    "rejection_reason": _nullable(REASON), "left_at": _nullable(TIME), "destination_regency": _nullable(REGENCY),
    "ended_at": _nullable(TIME)}}

KOS = {"type": "object", "required": ["code", "name", "kelurahan_code", "rw", "rt", "capacity", "active"],
       "properties": {
    "code": KOS_CODE, "name": {"type": "string", "maxLength": SipanduKos.name.type.length},
    "owner_name": {"type": "string", "maxLength": SipanduKos.owner_name.type.length},
    "address": {"type": "string", "maxLength": SipanduKos.address.type.length}, "kelurahan_code": KELURAHAN,
    "rw": RW_RT, "rt": RW_RT, "capacity": {"type": "integer", "minimum": 1, "maximum": kos.MAX_CAPACITY},
    "active": {"type": "boolean"}}}

RESIDENT = {"type": "object", "description": "a permanent resident; the NIK masked", "properties": {
    "id": ID, "nik": MASKED_NIK, "name": {"type": "string"}, "sex": SEX, "birth_date": DAY,
    "kelurahan_code": KELURAHAN, "rw": RW_RT, "rt": RW_RT, "address": {"type": "string"}}}

LOOK = {"type": "object", "required": ["at", "actor", "action", "subject_kind", "reason", "subject"], "properties": {
    "at": TIME, "actor": USERNAME, "actor_role": {"type": "string", "maxLength": 16},
    "action": {"type": "string", "enum": ["unmask", "export"]},
    "subject_kind": {"type": "string", "enum": [*privacy.SUBJECT_KINDS, "nik"]},
    "subject_id": {"type": ["integer", "null"]}, "reason": {"type": "string", "maxLength": privacy.MAX_REASON},
    "subject": {"type": "string", "pattern": "^[0-9a-f]{12}$",
                "description": "the start of the NIK's blind index: tells looks at one person apart, not who"}}}

STAY_HELD = {"type": "object", "properties": {
    **{name: NEWCOMER["properties"][name] for name in (
        "id", "name", "sex", "birth_date", "origin_regency", "kelurahan_code", "rw", "rt", "address", "purpose",
        "sponsor", "status", "arrived_at", "recorded_at", "recorded_by", "verified_at", "verified_by",
        "rejection_reason", "left_at", "destination_regency", "ended_at")},
    "kos": {"type": ["string", "null"], "description": "the boarding house's name"}}}

RESIDENCE_HELD = {"type": "object", "properties": {
    "kk": {**NIK, "description": "the family card (KK) number in full", "examples": ["1101010101100001"]},
    "name": {"type": "string"}, "sex": SEX, "birth_date": DAY, "kelurahan_code": KELURAHAN, "rw": RW_RT,
    "rt": RW_RT, "address": {"type": "string"}, "imported_at": TIME}}

SCHEMAS = {
    "SipanduApiError": {"type": "object", "required": ["error", "message"], "properties": {
        "error": {"type": "string", "maxLength": 64,
                  "description": "a code, e.g. invalid_request, sipandu_nik_region, sipandu_step_refused"},
        "message": {"type": "string", "maxLength": 1000, "description": "English: `<field>: <reason>`"},
        "field": {"type": ["string", "null"], "maxLength": 64, "description": "the input the refusal concerns"},
        "errors": {"type": "array", "description": "a refused import: every bad field of every row",
                   "items": {"type": "object", "required": ["row", "field", "code", "message"], "properties": {
                       "row": {"type": "integer", "minimum": 1, "description": "the file's line (the header is 1)"},
                       "field": {"type": "string", "maxLength": 64}, "code": {"type": "string", "maxLength": 64},
                       "message": {"type": "string", "maxLength": 1000}}}}}},
    "SipanduNewArrival": {"type": "object", "required": ARRIVAL_REQUIRED, "additionalProperties": False,
                          "properties": ARRIVAL},
    "SipanduNewcomer": NEWCOMER,
    "SipanduKos": KOS,
    "SipanduResident": RESIDENT,
    "SipanduAccessLogEntry": LOOK,
    "SipanduSubjectAccessExport": {"type": "object", "required": ["nik", "exported_at", "residence", "stays",
                                                                  "access_log"],
                                   "description": "everything held about one person, in full",
                                   "properties": {
        "nik": NIK, "exported_at": TIME, "residence": {"type": "array", "items": RESIDENCE_HELD},
        "stays": {"type": "array", "items": STAY_HELD},
        "access_log": {"type": "array", "items": _ref("SipanduAccessLogEntry")}}},
}

STAFF = "Staff session; the service checks the role and the viewer's scope."


def _post(summary: str, body: dict, answers: dict, errors: dict, parameters: list | None = None) -> dict:
    return {"post": {"summary": f"{summary}. {STAFF}", "tags": [TAG], "parameters": parameters or [],
                     "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
                     "responses": {**answers, **errors}}}


def _get(summary: str, answers: dict, errors: dict, parameters: list | None = None) -> dict:
    return {"get": {"summary": f"{summary}. {STAFF}", "tags": [TAG], "parameters": parameters or [],
                    "responses": {**answers, **errors}}}


def _object(properties: dict, required: tuple[str, ...] = ()) -> dict:
    return {"type": "object", "required": list(required), "additionalProperties": False, "properties": properties}


def _step(summary: str, body: dict) -> dict:
    return _post(summary, body, {"200": _json(_ref("SipanduNewcomer"), "The record after the step.")}, STEP_ERRORS,
                 [ID_PATH])


IMPORT_BODY = {
    "text/csv": {"schema": {"type": "string", "maxLength": MAX_CSV_BYTES,
                            "description": f"UTF-8, a header row `{','.join(COLUMNS)}`, one resident a row"}},
    "multipart/form-data": {"schema": {"type": "object", "required": ["file", "csrf_token"],
                                       "additionalProperties": False, "properties": {
        "file": {"type": "string", "format": "binary", "description": "the extract as text/csv would send it"},
        "csrf_token": {"type": "string", "description": "the session's CSRF token (or the header X-CSRF-Token)"}}}}}

PATHS = {
    f"{PREFIX}/newcomers": {
        **_post(f"A newcomer's arrival, recorded by the head of his RT ({workflow.RECORDER_ROLE})",
                _ref("SipanduNewArrival"), {"201": _json(_ref("SipanduNewcomer"), "The record, NIK masked.")},
                BODY_ERRORS),
        **_get(f"The reader's records ({', '.join(access.READER_ROLES)}), newest arrival first; `recorded` "
               "(the lurah's queue) oldest first", {"200": _json(_object({
                   "limit": {"type": "integer"}, "offset": {"type": "integer"},
                   "newcomers": {"type": "array", "items": _ref("SipanduNewcomer")}}, ("newcomers",)), "The page.")},
               ERRORS, [{"name": "status", "in": "query", "required": False, "schema": STATUS,
                         "description": "one status"}, *PAGING])},
    f"{PREFIX}/newcomers/{{record_id}}": _get(
        "One record inside the reader's scope (another area's is 403)",
        {"200": _json(_ref("SipanduNewcomer"), "The record, NIK masked.")},
        {**ERRORS, "404": _error("No such record.")}, [ID_PATH]),
    f"{PREFIX}/newcomers/{{record_id}}/verify": _step(
        f"The {workflow.VERIFIER_ROLE} of its kelurahan confirms he lives there: recorded -> active",
        _object({})),
    f"{PREFIX}/newcomers/{{record_id}}/reject": _step(
        f"The {workflow.VERIFIER_ROLE} rejects a recorded record, with its reason: -> rejected",
        _object({"reason": REASON}, ("reason",))),
    f"{PREFIX}/newcomers/{{record_id}}/departure": _step(
        "He moved out (the RT head or the lurah): recorded or active -> moved_out",
        _object({"left_at": {**MOMENT, "description": "ISO 8601 with its offset; not before the arrival, not in "
                                                      "the future"}, "destination_regency": REGENCY},
                ("left_at", "destination_regency"))),
    f"{PREFIX}/nik-check": _post(
        "What a typed NIK states (its kecamatan of registration, birth date, sex), or the first thing wrong "
        "with it (field `nik`, the reason as `error`: sipandu_nik_format, _region, _date, _serial, "
        "_birth_date_mismatch, _sex_mismatch); nothing is looked up",
        _object({"nik": NIK, "birth_date": _nullable({**DAY, "description": "compared with the NIK's"}),
                 "sex": _nullable({**SEX, "description": "compared with the NIK's"})}, ("nik",)),
        {"200": _json(_object({"valid": {"type": "boolean", "const": True}, "region": KECAMATAN,
                               "birth_date": DAY, "sex": SEX}, ("valid", "region", "birth_date", "sex")),
                      "The NIK's facts.")}, BODY_ERRORS),
    f"{PREFIX}/lookup": _post(
        f"A NIK's stays and residence inside the reader's scope, masked (the NIK in the body, never in a URL); "
        f"{LOOKUPS_PER_WINDOW} an account in {WINDOW_SECONDS // 60} minutes",
        _object({"nik": NIK}, ("nik",)),
        {"200": _json(_object({"stays": {"type": "array", "items": _ref("SipanduNewcomer")},
                               "residents": {"type": "array", "items": _ref("SipanduResident")}},
                              ("stays", "residents")), "What the scope holds of it.")},
        {**BODY_ERRORS, **COUNTED}),
    f"{PREFIX}/unmask": _post(
        f"A record's NIK in full ({', '.join(access.UNMASK_ROLES)}, the record in scope), with a reason; every "
        f"look writes an access-log row; {UNMASKS_PER_WINDOW} an account in {WINDOW_SECONDS // 60} minutes",
        _object({"kind": {"type": "string", "enum": list(privacy.SUBJECT_KINDS)}, "id": ID, "reason": ACCESS_REASON},
                ("kind", "id", "reason")),
        {"200": _json(_object({"nik": NIK}, ("nik",)), "The NIK in full.")},
        {**BODY_ERRORS, "404": _error("No such record."), **COUNTED}),
    f"{PREFIX}/kos": {
        **_get("The reader's boarding houses", {"200": _json(_object({"kos": {"type": "array",
                                                                              "items": _ref("SipanduKos")}},
                                                                     ("kos",)), "The list.")}, ERRORS),
        **_post(f"A boarding house of the {kos.REGISTRAR_ROLE}'s kelurahan",
                _object({"name": _text(SipanduKos.name.type.length),
                         "owner_name": _text(SipanduKos.owner_name.type.length),
                         "address": _text(SipanduKos.address.type.length), "rt_code": RT_CODE,
                         "capacity": {"type": "integer", "minimum": 1, "maximum": kos.MAX_CAPACITY}},
                        ("name", "owner_name", "address", "rt_code", "capacity")),
                {"201": _json(_ref("SipanduKos"), "The boarding house, with its code.")}, BODY_ERRORS)},
    f"{PREFIX}/residents/import": {"post": {
        "summary": f"The residents' extract ({', '.join(r for r in residents.IMPORTER_ROLES if r != 'system')}; a "
                   "lurah his kelurahan's rows only): it replaces the residents of every kelurahan it covers, taken "
                   f"whole or refused whole with every bad field of every row. {STAFF}",
        "tags": [TAG], "parameters": [], "requestBody": {"required": True, "content": IMPORT_BODY},
        "responses": {"201": _json(_object({"imported": {"type": "integer", "minimum": 0}}, ("imported",)),
                                   "How many residents the file holds."),
                      **ERRORS, "400": _error("The file refused (`errors` lists every row's bad fields), or a bad "
                                              "CSRF token."),
                      "413": _error(f"The file is larger than {MAX_CSV_BYTES:,} bytes."),
                      "415": _error("Neither text/csv nor multipart/form-data.")}}},
    f"{PREFIX}/subject-access": _post(
        f"Everything held about one NIK and every look at it (UU PDP art. 7), for the {access.EXPORT_ROLE} only; "
        "itself a logged look",
        _object({"nik": NIK, "reason": ACCESS_REASON}, ("nik", "reason")),
        {"200": {"description": "The export (with `download=1`: Content-Disposition attachment)",
                 "content": {"application/json": {"schema": _ref("SipanduSubjectAccessExport")}}}},
        BODY_ERRORS, [{"name": "download", "in": "query", "required": False, "description": "1: as a file",
                       "schema": {"type": "string", "enum": ["0", "1"]}}]),
    f"{PREFIX}/access-log": _get(
        f"Every unmask and export, newest first, for the {access.EXPORT_ROLE}'s review",
        {"200": _json(_object({"limit": {"type": "integer"}, "offset": {"type": "integer"},
                               "entries": {"type": "array", "items": _ref("SipanduAccessLogEntry")}},
                              ("entries",)), "The page.")}, ERRORS, PAGING),
}


def api_description() -> dict:
    return {"paths": deepcopy(PATHS), "components": {"schemas": deepcopy(SCHEMAS)}}
