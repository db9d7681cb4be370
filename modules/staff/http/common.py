"""What the staff API checks beyond the shared request checks (core/http_checks.py, re-exported
here): a free-text filter and a true/false flag that may be absent (the registry's `active`)."""

from __future__ import annotations

from flask import request

from core.http_checks import (ApiError, api_error_response, check_csrf, int_arg, invalid,  # noqa: F401
                              json_object, only_args, utf8_text)


def text_arg(name: str, limit: int) -> str | None:
    """A query parameter's text (stripped; None when absent or blank), at most `limit` characters."""
    value = (request.args.get(name) or "").strip()
    if len(value) > limit:
        raise invalid(name, f"at most {limit} characters")
    if any(ord(character) < 32 for character in value):
        raise invalid(name, "must not hold control characters")
    return value or None


def flag_arg(name: str) -> bool | None:
    """true/1 or false/0; None when absent."""
    value = request.args.get(name)
    if value in (None, ""):
        return None
    if value.lower() not in ("1", "0", "true", "false"):
        raise invalid(name, "must be true or false (1 or 0)")
    return value.lower() in ("1", "true")
