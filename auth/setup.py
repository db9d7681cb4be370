"""Wires login into the Flask server under Dash."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, jsonify, request, session
from flask_login import LoginManager
from werkzeug.exceptions import Forbidden

from auth.guard import install_guard
from auth.ratelimit import LoginLimits
from auth.routes import blueprint
from auth.session_user import SESSION_VERSION, load_session_user
from core.services import Services


def init_auth(server: Flask, services: Services, secret_key: str) -> None:
    settings = services.settings
    server.config.update(
        SECRET_KEY=secret_key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.server.secure_cookies,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.server.session_hours),
    )
    server.extensions["pantau.login_limiter"] = LoginLimits(settings.auth, services.redis)
    manager = LoginManager()
    manager.init_app(server)
    manager.session_protection = "strong"
    manager.user_loader(lambda user_id: load_session_user(services, user_id, session.get(SESSION_VERSION)))
    server.register_blueprint(blueprint)
    install_guard(server)

    @server.errorhandler(403)
    def forbidden(error):
        # werkzeug's own description is English; a refusal without one of ours says it in Indonesian
        if error.description == Forbidden.description:
            error = Forbidden(FORBIDDEN_TEXT)
        return _error_response(403, "Akses ditolak", error)

    @server.errorhandler(400)
    def bad_request(error):
        return _error_response(400, "Permintaan tidak valid", error)


FORBIDDEN_TEXT = "Anda tidak memiliki akses ke halaman ini."


def _error_response(status: int, title: str, error):
    detail = getattr(error, "description", "") or ""
    if request.path.startswith("/_dash") or request.accept_mimetypes.best == "application/json":
        return jsonify(error=title, message=detail), status
    return f"<!doctype html><html lang=id><title>{title}</title><h1>{title}</h1><p>{_escape(detail)}</p>", status


def _escape(text: str) -> str:
    from markupsafe import escape
    return str(escape(text))
