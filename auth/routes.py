"""Login, logout and kiosk-token login (HTML forms served by Flask, not Dash)."""

from __future__ import annotations

from urllib.parse import urlparse

from flask import Blueprint, abort, redirect, render_template, request, session
from flask_login import current_user, login_user, logout_user

from auth.csrf import check_csrf, csrf_token
from auth.session_user import SESSION_VERSION, SessionUser, person_session_user
from core.services import current_services
from core.users import User, active_kiosk_token, authenticate, end_sessions, kiosk_viewer

blueprint = Blueprint("auth", __name__, template_folder="templates")


@blueprint.get("/login")
def login():
    return render_template("login.html", csrf_token=csrf_token(), error=None, username="")


@blueprint.post("/login")
def login_submit():
    check_csrf()
    services = current_services()
    limiter = services_limiter()
    username = request.form.get("username", "").strip()
    address = request.remote_addr  # the client's, behind a trusted proxy (app.trust_proxies)
    if limiter.blocked(address, username):
        return _login_page("Terlalu banyak percobaan. Coba lagi beberapa menit lagi.", username), 429
    with services.databases.session() as db:
        user = authenticate(db, username, request.form.get("password", ""))
        principal = person_session_user(user, services.settings.auth.city_wide_roles) if user else None
    if principal is None:
        limiter.failed(address, username)
        return _login_page("Nama pengguna atau kata sandi salah.", username), 401
    limiter.succeeded(address, username)
    _start_session(principal)
    return redirect(_safe_next(request.args.get("next")))


@blueprint.post("/logout")
def logout():
    """A POST with the form's CSRF token (another site cannot log a user out); it ends every
    session of the user, so a copy of this session's cookie is worthless too."""
    check_csrf()
    if current_user.is_authenticated and current_user.session_version is not None:
        with current_services().databases.transaction() as db:
            user = db.get(User, int(current_user.get_id()))
            if user is not None:
                end_sessions(user)
    logout_user()
    session.clear()
    return redirect("/login")


@blueprint.get("/kiosk/<secret>")
def kiosk(secret: str):
    """A wall display opens this URL once; the session then carries the `wall` role only."""
    with current_services().databases.session() as db:
        token = active_kiosk_token(db, secret=secret)
        principal = SessionUser(kiosk_viewer(token)) if token else None
    if principal is None:
        abort(403, description="Token kios tidak berlaku atau sudah dicabut.")
    _start_session(principal)
    return redirect("/wall")


def services_limiter():
    from flask import current_app
    return current_app.extensions["pantau.login_limiter"]


def _start_session(principal: SessionUser) -> None:
    session.clear()  # a new session id on login: no fixation
    session.permanent = True
    session[SESSION_VERSION] = principal.session_version
    # The logout form's token, made now: made later, by the shell, Dash's parallel requests
    # would each write back a cookie with or without it.
    csrf_token()
    login_user(principal)


def _login_page(error: str, username: str):
    return render_template("login.html", csrf_token=csrf_token(), error=error, username=username)


def _safe_next(target: str | None) -> str:
    """Only local paths: never redirect to another site after login."""
    if not target:
        return "/"
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target
