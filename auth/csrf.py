"""CSRF tokens for HTML forms: one random token per session, compared in constant time.

Dash's own JSON endpoints are not forms: a cross-site page cannot send them
`Content-Type: application/json` without a CORS preflight, and the guard requires that type.
"""

from __future__ import annotations

import hmac
import secrets

from flask import abort, request, session

FIELD = "csrf_token"


def csrf_token() -> str:
    if FIELD not in session:
        session[FIELD] = secrets.token_urlsafe(32)
    return session[FIELD]


def check_csrf() -> None:
    sent = request.form.get(FIELD) or request.headers.get("X-CSRF-Token") or ""
    expected = session.get(FIELD, "")
    if not expected or not hmac.compare_digest(sent, expected):
        abort(400, description="csrf_token: missing or wrong; reload the form and try again")
