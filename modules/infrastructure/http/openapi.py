"""The infrastructure domain's part of /api/openapi.json (core/openapi.py, `Domain.openapi`): every
route of api.py with its inputs' types, ranges, lengths and enums, its answers and its error
bodies. The limits are read from the code that enforces them, so the document cannot drift."""

from __future__ import annotations

from copy import deepcopy

from modules.infrastructure import alerts
from modules.infrastructure.http.api import (ALERT_REVIEW_ROLES, CSV_TYPE, INVENTORY_READER_ROLES,
                                             INVENTORY_WRITER_ROLES, KEY_FAILURE_WINDOW_SECONDS,
                                             KEY_FAILURES_PER_WINDOW, MAINTENANCE_WRITER_ROLES, READER_ROLES)
from modules.infrastructure.http.fields import DEFAULT_LIMIT, MAX_CSV_BYTES, MAX_EVENTS, MAX_JSON_BYTES, MAX_LIMIT, MAX_OFFSET
from modules.infrastructure.http.windows import FIRST_YEAR, LAST_YEAR, MAX_TIME_TEXT, REQUIRED
from modules.infrastructure.kinds import DEVICE_KINDS, PROBE_KINDS, STATES
from modules.infrastructure.maintenance import PERIODS, REASON_LIMIT, RECURRENCES
from modules.infrastructure.models import InfraDevice, InfraEvent

TAG = "infrastructure"
PREFIX = "/api/infrastructure"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict:
    return _json(_ref("InfraApiError"), description)


def _nullable(schema: dict) -> dict:
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    return {**schema, "type": [*kinds, "null"]} | ({"enum": [*schema["enum"], None]} if "enum" in schema else {})


TIME = {"type": "string", "format": "date-time", "description": "ISO 8601 in city time (+07:00)"}
CODE = {"type": "string", "minLength": 1, "maxLength": InfraDevice.code.type.length, "examples": ["SW-ACC-0012"]}
KIND = {"type": "string", "enum": list(DEVICE_KINDS)}
STATE = {"type": "string", "enum": list(STATES)}
LAT = {"type": "number", "minimum": -90, "maximum": 90, "description": "WGS 84, inside the city"}
LON = {"type": "number", "minimum": -180, "maximum": 180, "description": "WGS 84, inside the city"}
OPD_CODE = {"type": "string", "maxLength": 32, "examples": ["DISKOMINFO"]}
KELURAHAN_CODE = {"type": "string", "pattern": r"^35\.78\.[0-9]{2}\.[0-9]{4}$", "examples": ["35.78.07.1001"]}
KECAMATAN_CODE = {"type": "string", "pattern": r"^35\.78\.[0-9]{2}$", "examples": ["35.78.07"]}
LABELS = {"type": "object", "maxProperties": alerts.MAX_LABELS,
          "propertyNames": {"pattern": f"^{alerts.LABEL_NAME.pattern}$", "maxLength": alerts.MAX_LABEL_NAME},
          "additionalProperties": {"type": "string", "maxLength": alerts.MAX_LABEL_VALUE}}
RFC3339 = {"type": "string", "format": "date-time", "description": "RFC 3339 with its offset; nanoseconds allowed"}
RELATIVE = {"type": "object", "required": ["code", "kind", "name", "state"], "properties": {
    "code": CODE, "kind": KIND, "name": {"type": ["string", "null"], "maxLength": 200},
    "state": _nullable(STATE)}, "description": "outside the viewer's scope: code and kind only"}

SCHEMAS = {
    "InfraApiError": {"type": "object", "required": ["error", "message"], "properties": {
        "error": {"type": "string", "maxLength": 64,
                  "description": "a code: invalid_request, unauthorised, forbidden, not_found, too_large, "
                                 "too_many_requests, unsupported_media_type, or the service's infra_* code"},
        "message": {"type": "string", "maxLength": 2000, "description": "English: `<field>: <reason>`"},
        "field": {"type": ["string", "null"], "maxLength": 200,
                  "description": "the input the refusal concerns: a parameter, a header, or a JSON path such as "
                                 "`alerts[2].startsAt`"},
        "errors": {"type": "array", "description": "an inventory import: every bad field of every row",
                   "items": {"type": "object", "required": ["row", "field", "code", "message"], "properties": {
                       "row": {"type": "integer", "minimum": 1, "description": "line in the file; the header is 1"},
                       "field": {"type": "string", "maxLength": 64}, "code": {"type": "string", "maxLength": 64},
                       "message": {"type": "string", "maxLength": 1000}}}}}},
    "InfraDevice": {"type": "object", "required": ["code", "kind", "name", "probe", "state", "since"], "properties": {
        "code": CODE, "kind": KIND, "name": {"type": "string", "maxLength": 200},
        "probe": {"type": "string", "enum": list(PROBE_KINDS)},
        "host": {"type": "string", "maxLength": 253}, "port": {"type": ["integer", "null"], "minimum": 1,
                                                              "maximum": 65535},
        "path": {"type": "string", "maxLength": 500},
        "lat": _nullable(LAT), "lon": _nullable(LON),
        "kelurahan_code": _nullable(KELURAHAN_CODE), "kecamatan_code": _nullable(KECAMATAN_CODE),
        "opd_code": _nullable(OPD_CODE), "contract_code": {"type": ["string", "null"], "maxLength": 40},
        "active": {"type": "boolean"},
        "state": _nullable(STATE), "since": _nullable(TIME), "last_check_at": _nullable(TIME),
        "last_ok_at": _nullable(TIME), "latency_ms": {"type": ["number", "null"], "minimum": 0},
        "attempts": {"type": ["integer", "null"], "minimum": 0,
                     "description": "consecutive failed checks"},
        "flapping": {"type": ["boolean", "null"]},
        "flap_percent": {"type": ["number", "null"], "minimum": 0, "maximum": 100},
        "root_cause_code": {"type": ["string", "null"], "maxLength": 40,
                            "description": "the device whose own failure explains this state"},
        "suppressed_by": {"type": ["string", "null"], "maxLength": 40,
                          "description": "the parent that hides this device (UNREACHABLE)"}}},
    "InfraEvent": {"type": "object", "required": ["id", "state", "started_at", "ended_at", "source"], "properties": {
        "id": {"type": "integer", "minimum": 1}, "state": STATE, "started_at": TIME, "ended_at": _nullable(TIME),
        "root_cause_code": {"type": ["string", "null"], "maxLength": 40},
        "suppressed_by": {"type": ["string", "null"], "maxLength": 40},
        "source": {"type": "string", "enum": ["probe", "alertmanager", "zabbix", "maintenance", "manual"]},
        "detail": {"type": "string", "maxLength": InfraEvent.detail.type.length}}},
    "InfraDeviceDetail": {"allOf": [_ref("InfraDevice"), {
        "type": "object", "required": ["parents", "children", "events", "contract"], "properties": {
            "interval_seconds": {"type": "integer", "minimum": 1}, "timeout_seconds": {"type": "number", "minimum": 0},
            "retries": {"type": "integer", "minimum": 1}, "watches": {"type": "string"},
            "site": {"type": "string", "maxLength": 100}, "end_a": {"type": "string", "maxLength": 100},
            "end_b": {"type": "string", "maxLength": 100}, "created_at": TIME, "updated_at": TIME,
            "contract": {"type": ["object", "null"], "properties": {
                "code": {"type": "string"}, "vendor": {"type": "string"}, "name": {"type": "string"},
                "slo_percent": {"type": "number", "minimum": 0, "maximum": 100}}},
            "parents": {"type": "array", "items": RELATIVE, "description": "its uplinks"},
            "children": {"type": "array", "items": RELATIVE, "description": "the devices reached through it"},
            "events": {"type": "array", "maxItems": MAX_EVENTS, "items": _ref("InfraEvent"),
                       "description": "its newest state changes, newest first"}}}]},
    "InfraOutage": {"type": "object", "required": ["device_code", "state", "since", "hidden", "hidden_count"],
                    "properties": {
        "device_code": CODE, "kind": _nullable(KIND), "name": {"type": ["string", "null"]},
        "state": _nullable(STATE), "since": _nullable(TIME),
        "age_seconds": {"type": ["integer", "null"], "minimum": 0},
        "kelurahan_code": _nullable(KELURAHAN_CODE), "opd_code": _nullable(OPD_CODE),
        "lat": _nullable(LAT), "lon": _nullable(LON),
        "hidden": {"type": "array", "description": "the devices it makes UNREACHABLE", "items": {
            "type": "object", "required": ["code", "kind", "state"], "properties": {
                "code": CODE, "kind": KIND, "state": STATE, "suppressed_by": {"type": ["string", "null"]}}}},
        "hidden_count": {"type": "integer", "minimum": 0}}},
    "InfraAlert": {"type": "object", "required": ["id", "source", "fingerprint", "status", "device_code",
                                                  "received_at"], "properties": {
        "id": {"type": "integer", "minimum": 1}, "source": {"type": "string", "enum": list(alerts.ALERT_SOURCES)},
        "fingerprint": {"type": "string", "maxLength": 128}, "status": {"type": "string",
                                                                       "enum": list(alerts.ALERT_STATUSES)},
        "device_code": {"type": ["string", "null"], "description": "null: no device matched, kept for review"},
        "labels": {"type": "object", "additionalProperties": {"type": "string"}},
        "starts_at": _nullable(TIME), "ends_at": _nullable(TIME), "received_at": TIME,
        "reviewed_at": _nullable(TIME)}},
    "InfraAlertIngest": {"type": "object", "required": ["received", "matched", "unmatched", "applied", "alerts"],
                         "properties": {
        "received": {"type": "integer", "minimum": 0}, "matched": {"type": "integer", "minimum": 0},
        "unmatched": {"type": "integer", "minimum": 0},
        "applied": {"type": "integer", "minimum": 0, "description": "alerts that set a device's state"},
        "alerts": {"type": "array", "items": {"type": "object", "required": ["id", "fingerprint", "status",
                                                                            "device_code", "state"], "properties": {
            "id": {"type": "integer", "minimum": 1}, "fingerprint": {"type": "string"},
            "status": {"type": "string", "enum": list(alerts.ALERT_STATUSES)},
            "device_code": {"type": ["string", "null"]},
            "state": {"type": ["string", "null"], "enum": ["DOWN", "UP", None]},
            "reason": {"type": "string", "description": "why no device, or why no state was applied"}}}}}},
}

PERIOD_HOURS = ", ".join(f"{name} < {int(period.total_seconds() // 3600)} h" for name, period in PERIODS.items())
RECURRENCE = {"type": "string", "enum": list(RECURRENCES),
              "description": "none: once; daily / weekly: the span starts_at..ends_at again every day / week, "
                             f"shorter than the period ({PERIOD_HOURS})"}
WINDOW_FLAGS = {
    "collect": {"type": "boolean", "default": False,
                "description": "keep probing during the window (checks rolled up; the state stays MAINTENANCE)"},
    "include_children": {"type": "boolean", "default": False,
                         "description": "every device behind this one (its children, theirs, ...) is in the window"}}
SCHEMAS["InfraMaintenanceWindow"] = {
    "type": "object", "required": ["id", "device_code", "starts_at", "ends_at", "recurrence", "collect",
                                   "include_children", "reason", "created_by", "created_at", "active",
                                   "next_starts_at", "next_ends_at"], "properties": {
        "id": {"type": "integer", "minimum": 1}, "device_code": CODE,
        "starts_at": {**TIME, "description": "its first span's start, city time (+07:00)"},
        "ends_at": {**TIME, "description": "its first span's end, city time (+07:00)"},
        "recurrence": RECURRENCE, **WINDOW_FLAGS,
        "reason": {"type": "string", "maxLength": REASON_LIMIT},
        "created_by": {"type": "string", "maxLength": 64}, "created_at": TIME,
        "active": {"type": "boolean", "description": "a span of it holds now: its devices are in MAINTENANCE"},
        "next_starts_at": {**TIME, "description": "the span that holds now, else the next one"},
        "next_ends_at": TIME}}
MAINTENANCE_BODY = {
    "type": "object", "additionalProperties": False, "required": list(REQUIRED),
    "description": "a maintenance window; any other field is refused", "properties": {
        "device_code": {**CODE, "description": "a registered device"},
        "starts_at": {"type": "string", "format": "date-time", "maxLength": MAX_TIME_TEXT,
                      "description": f"ISO 8601 with its offset (+07:00 or Z), in the years {FIRST_YEAR} to "
                                     f"{LAST_YEAR}; may lie in the past"},
        "ends_at": {"type": "string", "format": "date-time", "maxLength": MAX_TIME_TEXT,
                    "description": f"after starts_at; ISO 8601 with its offset, years {FIRST_YEAR} to {LAST_YEAR}"},
        "recurrence": {**RECURRENCE, "default": "none"}, **WINDOW_FLAGS,
        "reason": {"type": "string", "maxLength": REASON_LIMIT, "default": "",
                   "description": "why (kept with the window; surrounding spaces dropped)"}}}

ALERTMANAGER_BODY = {
    "type": "object", "additionalProperties": False, "required": list(alerts.ALERTMANAGER_REQUIRED),
    "description": "Alertmanager's webhook payload, version 4 (webhook_configs with send_resolved: true)",
    "properties": {
        "version": {"type": "string", "enum": ["4"]}, "groupKey": {"type": "string", "maxLength": alerts.MAX_TEXT},
        "truncatedAlerts": {"type": "integer", "minimum": 0},
        "status": {"type": "string", "enum": list(alerts.ALERT_STATUSES)},
        "receiver": {"type": "string", "minLength": 1, "maxLength": alerts.MAX_TEXT},
        "groupLabels": LABELS, "commonLabels": LABELS, "commonAnnotations": LABELS,
        "externalURL": {"type": "string", "maxLength": alerts.MAX_TEXT},
        "alerts": {"type": "array", "minItems": 1, "maxItems": alerts.MAX_ALERTS, "items": {
            "type": "object", "additionalProperties": False, "required": list(alerts.ALERT_REQUIRED),
            "properties": {
                "status": {"type": "string", "enum": list(alerts.ALERT_STATUSES)},
                "labels": {**LABELS, "description": "`device`: a device code; else `instance`: host[:port] or a "
                                                    "URL, matched to a device's host (and port)"},
                "annotations": LABELS, "startsAt": RFC3339,
                "endsAt": {**RFC3339, "description": "required for a resolved alert; 0001-01-01T00:00:00Z = none"},
                "generatorURL": {"type": "string", "maxLength": alerts.MAX_TEXT},
                "fingerprint": {"type": "string", "pattern": f"^{alerts.FINGERPRINT.pattern}$"}}}}}}
ZABBIX_BODY = {
    "type": "object", "additionalProperties": False, "required": list(alerts.ZABBIX_REQUIRED),
    "description": "One Zabbix event, as the webhook media type's script in modules/infrastructure/alerts.py "
                   "sends it",
    "properties": {
        "event_id": {"type": "string", "pattern": f"^{alerts.EVENT_ID.pattern}$", "description": "{EVENT.ID}"},
        "host": {"type": "string", "minLength": 1, "maxLength": alerts.MAX_HOST,
                 "description": "{HOST.HOST}: a device code or name"},
        "host_name": {"type": ["string", "null"], "maxLength": alerts.MAX_HOST, "description": "{HOST.NAME}"},
        "trigger": {"type": "string", "minLength": 1, "maxLength": alerts.MAX_TEXT, "description": "{EVENT.NAME}"},
        "status": {"type": "string", "enum": list(alerts.ZABBIX_STATUSES), "description": "{EVENT.STATUS}"},
        "severity": {"type": "string", "enum": list(alerts.ZABBIX_SEVERITIES), "description": "{EVENT.SEVERITY}"},
        "started_at": RFC3339,
        "resolved_at": {**RFC3339, "type": ["string", "null"], "description": "required with RESOLVED, null before"},
        "tags": {**LABELS, "description": "event tags; a `device` tag names the device outright"}}}

SESSION_ERRORS = {"401": _error("No staff session."),
                  "403": _error("A role that may not use this route (field `role`).")}
KEY_ERRORS = {
    "400": _error("A malformed payload, naming the field (a JSON path) and the reason; nothing is stored."),
    "401": _error("Authorization missing, or not `Bearer` with a valid, unrevoked key of this integration."),
    "413": _error(f"Body larger than {MAX_JSON_BYTES:,} bytes."),
    "429": _error(f"More than {KEY_FAILURES_PER_WINDOW} bad keys from one address within "
                  f"{KEY_FAILURE_WINDOW_SECONDS // 60} minutes; see Retry-After."),
}
AUTHORIZATION = {"name": "Authorization", "in": "header", "required": True,
                 "schema": {"type": "string", "pattern": "^Bearer .+$", "maxLength": 300},
                 "description": "`Bearer <key>`, the integration's key (manage.py infra-key issue alertmanager|zabbix "
                                "LABEL); Alertmanager sends it from its receiver's http_config.authorization"}


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


LIMIT = _query("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}, "page size")
OFFSET = _query("offset", {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0}, "rows skipped")


def _page(name: str, item: str) -> dict:
    return {"type": "object", "required": ["total", "limit", "offset", name], "properties": {
        "total": {"type": "integer", "minimum": 0}, "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
        "offset": {"type": "integer", "minimum": 0}, name: {"type": "array", "items": _ref(item)}}}


def _alert_post(summary: str, body: dict) -> dict:
    return {"post": {"summary": summary, "tags": [TAG], "parameters": [AUTHORIZATION],
                     "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
                     "responses": {"200": _json(_ref("InfraAlertIngest"), "Every alert kept; the matched ones "
                                                                          "applied (firing: DOWN, resolved: UP)."),
                                   **KEY_ERRORS}}}


PATHS = {
    f"{PREFIX}/devices": {"get": {
        "summary": f"Devices with their current state, by code; staff session ({', '.join(READER_ROLES)}), "
                   "narrowed to the viewer's scope", "tags": [TAG],
        "parameters": [_query("kind", KIND, "one kind"), _query("state", STATE, "one state"),
                       _query("kelurahan", KELURAHAN_CODE, "one kelurahan"), _query("opd", OPD_CODE, "one owner OPD"),
                       LIMIT, OFFSET],
        "responses": {"200": _json(_page("devices", "InfraDevice"), "One page of the matching devices."),
                      "400": _error("An unknown filter or value, or paging out of range, naming it."),
                      **SESSION_ERRORS}}},
    f"{PREFIX}/devices/{{code}}": {"get": {
        "summary": "One device: its state, parents, children, contract and newest state changes; staff session",
        "tags": [TAG], "parameters": [{"name": "code", "in": "path", "required": True, "schema": CODE}],
        "responses": {"200": _json(_ref("InfraDeviceDetail"), "The device."), **SESSION_ERRORS,
                      "404": _error("No such device in the viewer's scope (field `code`).")}}},
    f"{PREFIX}/outages": {"get": {
        "summary": "Current outages, oldest first: each device in a failed state once, with the devices it makes "
                   "UNREACHABLE (a switch down and its cameras are one outage); staff session", "tags": [TAG],
        "responses": {"200": _json({"type": "object", "required": ["total", "outages"], "properties": {
            "total": {"type": "integer", "minimum": 0}, "outages": {"type": "array", "items": _ref("InfraOutage")}}},
            "The outages."), "400": _error("A query parameter, which this route takes none of."), **SESSION_ERRORS}}},
    f"{PREFIX}/alerts": {"get": {
        "summary": f"Alerts received, newest first; staff session ({', '.join(ALERT_REVIEW_ROLES)})", "tags": [TAG],
        "parameters": [_query("unmatched", {"type": "string", "enum": ["0", "1"]},
                              "1: only those no device matched and nobody reviewed yet"),
                       _query("source", {"type": "string", "enum": list(alerts.ALERT_SOURCES)}, "one sender"),
                       LIMIT, OFFSET],
        "responses": {"200": _json(_page("alerts", "InfraAlert"), "One page of alerts."),
                      "400": _error("An unknown parameter or value, naming it."), **SESSION_ERRORS}}},
    f"{PREFIX}/alerts/{{alert_id}}/reviewed": {"post": {
        "summary": f"An alert looked at: it leaves the review list (`unmatched=1`); staff session "
                   f"({', '.join(ALERT_REVIEW_ROLES)})", "tags": [TAG],
        "parameters": [{"name": "alert_id", "in": "path", "required": True,
                        "schema": {"type": "integer", "minimum": 1}}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "maxProperties": 0, "description": "the empty object {}"}}}},
        "responses": {"200": _json(_ref("InfraAlert"), "The alert, with its reviewed_at."),
                      "400": _error("A body other than {}."), **SESSION_ERRORS,
                      "404": _error("No such alert (field `alert_id`)."),
                      "415": _error("Not sent as application/json.")}}},
    f"{PREFIX}/inventory": {
        "get": {"summary": f"The inventory as CSV (UTF-8, header row); staff session "
                           f"({', '.join(INVENTORY_READER_ROLES)})", "tags": [TAG],
                "responses": {"200": {"description": "The CSV, the columns the import reads",
                                      "content": {CSV_TYPE: {"schema": {"type": "string"}}}}, **SESSION_ERRORS}},
        "post": {"summary": f"Imports an inventory CSV: every row or none; staff session "
                            f"({', '.join(INVENTORY_WRITER_ROLES)})", "tags": [TAG],
                 "requestBody": {"required": True, "content": {CSV_TYPE: {"schema": {
                     "type": "string", "maxLength": MAX_CSV_BYTES,
                     "description": "UTF-8 (a BOM is allowed), header row: code,kind,name,probe,host,port,path,"
                                    "interval_seconds,timeout_seconds,retries,parents,lat,lon,kelurahan_code,opd_code,"
                                    "contract_code,watches,site,end_a,end_b; parents `;`-separated"}}}},
                 "responses": {"200": _json({"type": "object", "description": "what the import did (counts)"},
                                            "Every row imported."),
                               "400": _error("The file refused, nothing written: `errors` lists every bad field of "
                                             "every row (unknown kind, probe, parent, OPD or contract, a cycle, a bad "
                                             "host, port or path, a point outside the city)."),
                               **SESSION_ERRORS,
                               "413": _error(f"Body larger than {MAX_CSV_BYTES:,} bytes."),
                               "415": _error(f"Not sent as {CSV_TYPE}.")}}},
    f"{PREFIX}/maintenance": {
        "get": {"summary": f"Current and upcoming maintenance windows (ended one-off windows are not listed), by "
                           f"their next span; staff session ({', '.join(READER_ROLES)}), narrowed to the viewer's "
                           "scope by the window's device", "tags": [TAG],
                "parameters": [_query("device", CODE, "one device's windows (a device outside the scope: 400)"),
                               _query("active", {"type": "string", "enum": ["0", "1"]},
                                      "1: only the windows holding now")],
                "responses": {"200": _json({"type": "object", "required": ["total", "windows"], "properties": {
                    "total": {"type": "integer", "minimum": 0},
                    "windows": {"type": "array", "items": _ref("InfraMaintenanceWindow")}}}, "The windows."),
                    "400": _error("An unknown parameter, an unknown device, or `active` not 0/1, naming it."),
                    **SESSION_ERRORS}},
        "post": {"summary": f"Schedules a maintenance window; a device it holds now goes MAINTENANCE at once, "
                            f"others at the sweep when it starts; staff session "
                            f"({', '.join(MAINTENANCE_WRITER_ROLES)})", "tags": [TAG],
                 "requestBody": {"required": True, "content": {"application/json": {"schema": MAINTENANCE_BODY}}},
                 "responses": {"201": _json(_ref("InfraMaintenanceWindow"), "The window scheduled."),
                               "400": _error("A missing, unknown or malformed field, ends_at not after starts_at, "
                                             "an unknown recurrence, a recurring span as long as its period, a "
                                             "reason too long; naming the field; nothing written."),
                               **SESSION_ERRORS,
                               "404": _error("No such device (field `device_code`); nothing written."),
                               "413": _error(f"Body larger than {MAX_JSON_BYTES:,} bytes."),
                               "415": _error("Not sent as application/json.")}}},
    f"{PREFIX}/maintenance/{{window_id}}/end": {"post": {
        "summary": f"Ends a window now, with all its repeats (it is removed); its devices leave MAINTENANCE "
                   f"(UNKNOWN until their next check); staff session ({', '.join(MAINTENANCE_WRITER_ROLES)})",
        "tags": [TAG], "parameters": [{"name": "window_id", "in": "path", "required": True,
                                       "schema": {"type": "integer", "minimum": 1}}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "maxProperties": 0, "description": "the empty object {}"}}}},
        "responses": {"200": _json({"type": "object", "required": ["id", "ended_at"], "properties": {
            "id": {"type": "integer", "minimum": 1}, "ended_at": TIME}}, "The window ended."),
            "400": _error("A body other than {}."), **SESSION_ERRORS,
            "404": _error("No such window (field `window_id`)."), "415": _error("Not sent as application/json.")}}},
    f"{PREFIX}/alerts/alertmanager": _alert_post("Prometheus Alertmanager's webhook (version 4)", ALERTMANAGER_BODY),
    f"{PREFIX}/alerts/zabbix": _alert_post("One Zabbix event from the Pantau webhook media type", ZABBIX_BODY),
}


def api_description() -> dict:
    return {"paths": deepcopy(PATHS), "components": {"schemas": deepcopy(SCHEMAS)}}
