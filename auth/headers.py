"""Security headers on every response, and Secure cookies whenever the request came over HTTPS.

The Content-Security-Policy is what Dash works with and no more: Dash's inline scripts (its
renderer's start and the clientside callbacks) by their hashes (`Dash.csp_hashes`), no eval (the
browser tests fail on any blocked script, page by page), inline styles (Plotly and MapLibre set
them), MapLibre's blob: workers. No page may be framed by another site (a wall display shown
inside someone else's page could be overlaid or clicked through).
"""

from __future__ import annotations

from dash import Dash
from flask import Flask, Response, has_request_context, request
from flask.sessions import SecureCookieSessionInterface

OFFLINE_BASEMAPS = {"white-bg"}  # styles drawn without tiles from the internet


def content_security_policy(app: Dash, basemap_style: str) -> str:
    """The policy for every response; a basemap with internet tiles may fetch them over https."""
    tiles = " https:" if basemap_style not in OFFLINE_BASEMAPS else ""
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *app.csp_hashes()]),
        "style-src": "'self' 'unsafe-inline'",
        "img-src": f"'self' data: blob:{tiles}",
        "font-src": "'self' data:",
        "connect-src": f"'self'{tiles}",
        "worker-src": "'self' blob:",
        "child-src": "'self' blob:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'self'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def install_security_headers(app: Dash, basemap_style: str) -> None:
    server = app.server
    server.session_interface = HttpsAwareSessionInterface()

    @server.after_request
    def add_security_headers(response: Response) -> Response:
        headers = response.headers
        # Built per response: Dash adds inline scripts of its own at its first request (a few
        # hashes of short strings cost microseconds).
        headers.setdefault("Content-Security-Policy", content_security_policy(app, basemap_style))
        headers.setdefault("X-Frame-Options", "SAMEORIGIN")  # frame-ancestors for older browsers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        # Paths carry tickets (/lacak/ADU-...) and once the kiosk secret: never to another site.
        headers.setdefault("Referrer-Policy", "same-origin")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure when the settings say so or the request came over HTTPS
    (behind a proxy: as the proxy says, once ProxyFix trusts it), so it never leaks to plain HTTP."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)
