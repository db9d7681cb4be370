"""Security headers on every response, and Secure cookies whenever the request came over HTTPS.

The Content-Security-Policy is what Dash works with and no more: Dash's inline scripts (its
renderer's start and the clientside callbacks) by their hashes (`Dash.csp_hashes`), no eval (the
browser tests fail on any blocked script, page by page), inline styles (Plotly and MapLibre set
them), MapLibre's blob: workers. No page may be framed by another site (a wall display shown
inside someone else's page could be overlaid or clicked through).

Static files whose URL carries their version (Dash's fingerprinted component suites, `/assets/x?m=`)
are cached by the browser for a year, without the session cookie (a `Vary: Cookie` would make every
refreshed session cookie a cache miss); everything else, pages included, is revalidated.
"""

from __future__ import annotations

from dash import Dash
from dash.fingerprint import check_fingerprint
from flask import Flask, Request, Response, has_request_context, request
from flask.sessions import SecureCookieSessionInterface

OFFLINE_BASEMAPS = {"white-bg"}  # styles drawn without tiles from the internet
A_YEAR = 31_536_000  # seconds: a versioned URL never changes, a new version gets a new URL


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
        if response.status_code == 200 and is_versioned_static(request):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = A_YEAR
            response.cache_control.immutable = True
        return response


def is_versioned_static(req: Request) -> bool:
    """A static file asked for by a URL that changes with its content: a fingerprinted component
    suite file (`dash_renderer.v4_4_1m1796193321.min.js`) or an asset with Dash's `?m=<mtime>`."""
    if req.method != "GET":
        return False
    if req.path.startswith("/_dash-component-suites/"):
        return check_fingerprint(req.path)[1]
    return req.path.startswith("/assets/") and bool(req.args.get("m"))


def load_plotly_as_versioned_script(app: Dash) -> None:
    """Plotly.js as a script of the page with a fingerprinted URL, so it is cached a year like the
    other component files. Dash would have dcc.Graph fetch it on first use from the unversioned
    `/_dash-component-suites/plotly/package_data/plotly.min.js` (the renderer's `_dashPlotlyJSURL`
    when serving locally), which cannot be cached long and was revalidated, 1.4 MB behind it, on
    every page load. dcc.Graph loads nothing when `window.Plotly` is there. Added before Dash reads
    assets/ (at its first request), so the page loads it before assets/plotly_locale_id.js."""
    app.scripts.append_script({"relative_package_path": "package_data/plotly.min.js", "namespace": "plotly"})


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure when the settings say so or the request came over HTTPS
    (behind a proxy: as the proxy says, once ProxyFix trusts it), so it never leaks to plain HTTP."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)

    def save_session(self, app: Flask, session, response: Response) -> None:
        # A file cached for a year is the same for everyone: no cookie on it, and no Vary: Cookie
        # (each refreshed session cookie would otherwise miss the browser's cache).
        if has_request_context() and is_versioned_static(request):
            return
        super().save_session(app, session, response)
