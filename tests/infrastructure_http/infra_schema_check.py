"""Checks an answer against /api/openapi.json's schemas with jsonschema (Draft 2020-12, as OpenAPI
3.1 has it), the way tests/incidents_http/eido_schema.py does: a module of this folder's own, since
another folder's test helpers are importable only when that folder is collected."""

from __future__ import annotations

from datetime import datetime

from jsonschema import Draft202012Validator, FormatChecker

FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value) -> bool:
    """RFC 3339: a date, a time and an offset (Python reads every form the API writes)."""
    return not isinstance(value, str) or datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None


def problems(value, schema: dict, schemas: dict | None = None) -> list[str]:
    """Every place where `value` breaks `schema` ("<path>: <message>"; an empty list: it conforms);
    `schemas` are the document's components, for its "#/components/schemas/<name>" references."""
    root = {**schema, "components": {"schemas": schemas}} if schemas else schema
    validator = Draft202012Validator(root, format_checker=FORMATS)
    return sorted(f"{error.json_path}: {error.message}" for error in validator.iter_errors(value))
