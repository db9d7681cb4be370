"""`/api/openapi.json`: the OpenAPI 3.1 description of every JSON API Pantau serves outside
Open311 (which keeps its own at /open311/v2/openapi.json): core's routes and each domain's
(`Domain.openapi`, "mod:api_description() -> {"paths": ..., "components": {"schemas": ...}}").

Outside clients and fuzzers read it; tests/test_openapi_document.py checks that every JSON route
is in it and that every `$ref` resolves."""

from __future__ import annotations

import json

from flask import Flask, Response

from core.domains import resolved

DOCUMENT_PATH = "/api/openapi.json"


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_PART = {"type": "object", "required": ["ok"], "properties": {
    "ok": {"type": "boolean"},
    "dialect": {"type": "string", "enum": ["sqlite", "postgresql"]},
    "configured": {"type": "boolean", "description": "Redis only: false = in-process cache and events"},
    "mode": {"type": "string", "enum": ["in-process"]},
    "breaker": {"type": "string", "enum": ["open", "closed"]},
    "error": {"type": "string", "maxLength": 200, "description": "the exception's class name, no detail"},
}}

CORE_PATHS = {
    "/healthz": {"get": {
        "summary": "State of both databases and of Redis (answers within a second when Redis hangs)",
        "tags": ["core"],
        "responses": {"200": _json({"$ref": "#/components/schemas/Health"}, "Everything configured is up."),
                      "503": _json({"$ref": "#/components/schemas/Health"}, "A database or Redis is down.")}}},
    "/geo/{level}.geojson": {"get": {
        "summary": "District boundaries for the maps (official ones once installed, else the bundled ones)",
        "tags": ["core"],
        "parameters": [{"name": "level", "in": "path", "required": True,
                        "schema": {"type": "string", "enum": ["kecamatan", "kelurahan"]}}],
        "responses": {"200": {"description": "A GeoJSON FeatureCollection; each feature's `properties.code` "
                                             "is the official Kemendagri code",
                              "content": {"application/geo+json": {"schema": {"type": "object"}}}},
                      "404": {"description": "Unknown level."}}}},
    "/events/wall": {"get": {
        "summary": "The wall's server-sent events: the mart versions the viewer may read, pushed when the ETL "
                   "commits (callbacks/_wall_events.py); wall roles and kiosk sessions only",
        "tags": ["core"],
        "responses": {
            "200": {"description": "`text/event-stream`: `event: marts` with `data: {\"versions\": {mart: "
                                   "version}}` at once and after each change, `retry: 2000`, a comment line "
                                   "as heartbeat; the stream ends after `wall.push_stream_seconds`",
                    "content": {"text/event-stream": {"schema": {"type": "string"}}}},
            "401": {"description": "Not logged in."},
            "403": {"description": "A role that has no wall."},
            "404": _json({"$ref": "#/components/schemas/Error"}, "Pushed updates are off (`wall.push`)."),
            "503": _json({"$ref": "#/components/schemas/Error"}, "This worker holds its maximum of streams; "
                                                                 "poll and try again later.")}}},
    DOCUMENT_PATH: {"get": {"summary": "This document", "tags": ["core"],
                            "responses": {"200": _json({"type": "object"}, "OpenAPI 3.1")}}},
}

CORE_SCHEMAS = {
    "Error": {"type": "object", "required": ["error"], "properties": {
        "error": {"type": "string", "maxLength": 64}, "message": {"type": "string", "maxLength": 500}}},
    "Health": {"type": "object", "required": ["status", "transactional_db", "warehouse_db", "redis"],
               "properties": {"status": {"type": "string", "enum": ["ok", "degraded"]},
                              "transactional_db": _PART, "warehouse_db": _PART, "redis": _PART}},
}


def api_document() -> dict:
    """Core's paths and every registered domain's, in one document; two parts claiming the same
    path or schema name is a programming error, caught here rather than silently overwritten."""
    paths, schemas = dict(CORE_PATHS), dict(CORE_SCHEMAS)
    for domain, describe in resolved("openapi"):
        part = describe()
        for kind, target, items in (("path", paths, part.get("paths", {})),
                                    ("schema", schemas, part.get("components", {}).get("schemas", {}))):
            clash = set(target) & set(items)
            if clash:
                raise ValueError(f"domain {domain.name}: {kind}s {sorted(clash)} are described twice")
            target.update(items)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Pantau API", "version": "1",
                 "description": "JSON APIs of Pantau, the city's operations command center. Complaints' "
                                "Open311 GeoReport v2 API has its own document at /open311/v2/openapi.json. "
                                "Datetimes are ISO 8601 with their UTC offset. No answer carries "
                                "personal data, except Sipandu's staff answers: the records of the reader's "
                                "own area, every NIK masked; a NIK in full only from the logged unmask and "
                                "subject-access export."},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def register_openapi_route(server: Flask) -> None:
    @server.get(DOCUMENT_PATH)
    def api_openapi():
        return Response(json.dumps(api_document(), indent=1), content_type="application/json")
