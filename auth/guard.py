"""The one `before_request` guard: public routes pass, everything else needs a user and a role."""

from __future__ import annotations

from flask import Flask, abort, current_app, jsonify, redirect, request, url_for
from flask_login import current_user

from auth.pages import page_for_path, role_may_open

# Routes anyone may reach. Later modules add theirs with `add_public_prefix` (e.g. /open311/).
PUBLIC_EXACT = {"/login", "/logout", "/healthz", "/api/openapi.json", "/favicon.ico", "/_favicon.ico"}
PUBLIC_PREFIXES = ["/assets/", "/kiosk/", "/_dash-component-suites/"]
DASH_ENDPOINTS = ("/_dash-layout", "/_dash-dependencies", "/_dash-update-component", "/_reload-hash")
# Event streams a page's script opens (EventSource): like a callback, a caller without a login gets
# a 401, not a redirect to the login form; the route itself checks the role and scope.
STREAM_PREFIX = "/events/"


def add_wall_path(server: Flask, path: str) -> None:
    """A route outside the pages that a wall display may call too (the wall's event stream)."""
    server.config.setdefault("WALL_PATHS", set()).add(path)


def add_public_prefix(server: Flask, prefix: str) -> None:
    server.config.setdefault("PUBLIC_PREFIXES", list(PUBLIC_PREFIXES)).append(prefix)


def add_kiosk_prefix(server: Flask, prefix: str) -> None:
    """A route a wall display may request besides its pages (e.g. the photos it shows); the route
    itself still checks what a wall may have."""
    server.config.setdefault("KIOSK_PREFIXES", []).append(prefix)


def is_kiosk_route(server: Flask, path: str) -> bool:
    return any(_under(path, prefix) for prefix in server.config.get("KIOSK_PREFIXES", ()))


def is_public(server: Flask, path: str) -> bool:
    prefixes = server.config.get("PUBLIC_PREFIXES", PUBLIC_PREFIXES)
    return path in PUBLIC_EXACT or any(_under(path, prefix) for prefix in prefixes)


def _under(path: str, prefix: str) -> bool:
    """"/lapor" covers /lapor and /lapor/..., never /laporan (a prefix is a whole path segment)."""
    if prefix.endswith("/"):
        return path.startswith(prefix)
    return path == prefix or path.startswith(prefix + "/")


def install_guard(server: Flask) -> None:
    server.config.setdefault("PUBLIC_PREFIXES", list(PUBLIC_PREFIXES))

    @server.before_request
    def require_login():
        path = request.path
        if is_public(server, path):
            return None
        if path.startswith(DASH_ENDPOINTS):
            return _guard_dash_endpoint()
        if path.startswith(STREAM_PREFIX) and not current_user.is_authenticated:
            return jsonify(error="unauthorised", message="login required"), 401
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if current_user.role == "wall" and is_kiosk_route(server, path):
            return None
        page = page_for_path(path)
        if page is not None and not role_may_open(current_user.role, page):
            if current_user.role == "wall":
                abort(403)
            return framed_refusal()
        if page is None and current_user.role == "wall" and path not in server.config.get("WALL_PATHS", ()):
            abort(403)  # a kiosk sees the wall display only
        return None


def framed_refusal():
    """A page the role may not open, loaded by its URL: the app's own page (shell and menu) with a
    403 status. Dash then renders the path, and the page's protected layout (auth/pages.py) is the
    same refusal client-side navigation shows, so both ways look alike and the menu leads on."""
    index = current_app.view_functions[INDEX_ENDPOINT]
    return current_app.make_response(index()), 403


INDEX_ENDPOINT = "/"  # Dash registers its index page under its path (Dash._add_url)


def _guard_dash_endpoint():
    if not current_user.is_authenticated:
        return jsonify(error="unauthorised", message="login required"), 401
    if request.method == "POST" and not request.is_json:
        return jsonify(error="bad_request", message="Content-Type must be application/json"), 400
    return None
