"""Pantau web app: `create_app(settings) -> Dash`; gunicorn serves `wsgi:server`.

`python app.py` serves it with Dash's development server (what `make run` does, after
`manage.py init`).
"""

from __future__ import annotations

import logging
import sys

from dash import Dash
from flask import Flask, abort, request, send_file

from auth import init_auth
from auth.guard import add_kiosk_prefix, add_public_prefix, add_wall_path
from auth.headers import install_security_headers, load_plotly_as_versioned_script
from auth.pages import protect_page_layouts
from core.changelog import notify_after_commit
from core.events import events_for
from core.health import register_health_route
from core.openapi import register_openapi_route
from core.instance import secret_key
from core.services import Services
from core.settings import PROJECT_ROOT, Settings, load_settings, load_settings_or_report, resolve_path
from core.users import Viewer
from core.domains import blueprints, kiosk_prefixes

START_UP_LOG = logging.getLogger("pantau.start_up")


def create_app(settings: Settings | None = None) -> Dash:
    settings = settings or load_settings()
    services = Services.from_settings(settings)
    server = Flask(__name__)
    trust_proxies(server, settings.server.trusted_proxies)
    server.extensions["pantau"] = services
    init_auth(server, services, secret_key(settings))
    register_health_route(server, services)
    register_openapi_route(server)
    register_domain_routes(server, "blueprints")
    register_geojson_route(server, settings)
    # Every commit that writes change rows wakes the ETL (Redis pub/sub or in-process).
    notify_after_commit(events_for(services.redis).publish_changes)

    app = Dash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder=str(PROJECT_ROOT / "layouts"),
        assets_folder=str(PROJECT_ROOT / "assets"),
        title="Pantau",
        update_title=None,
        suppress_callback_exceptions=True,  # pages are rendered per role; see auth/pages.py
        serve_locally=True,  # wall displays must work with no internet
    )
    load_plotly_as_versioned_script(app)
    from layouts.shell import shell_layout  # pages register only once the Dash object exists

    import_domain_pages()

    app.layout = shell_layout
    from callbacks import attach_callbacks

    attach_callbacks(app)
    register_domain_routes(server, "downloads")  # they read the filters as the page's callbacks do
    register_wall_events(server)
    answer_missing_component_files(server)

    protect_page_layouts()
    check_wall_playlist(settings)
    install_security_headers(app, settings.map.basemap_style)  # it hashes the inline scripts
    finish_dash_setup(app)  # last: Dash's set-up reads everything registered above
    return app


def warm_up(app: Dash, rehearse: bool = True) -> None:
    """What a web worker reads once when it starts, so that its first requests do not: its database
    connections (the pool keeps them), the districts' label spots and bounds, Plotly's template, each
    domain's reference names (Domain.warm_up; kept per reference version, which no fact's ETL
    commit bumps), and a rehearsal of the city's headline requests (rehearse_first_requests; not
    with `rehearse` False: a process that has rehearsed keeps what the rehearsal compiled). No
    answer of a mart is kept here. Whatever cannot be read yet (a database still starting) is
    logged and left to the first request that needs it."""
    from sqlalchemy.exc import SQLAlchemyError

    from core.domains import resolved
    from data.areas import district_bounds
    from geo import centroids
    from layouts.components.plain_figures import default_template

    services = app.server.extensions["pantau"]
    for level in ("kecamatan", "kelurahan"):
        centroids(level), district_bounds(level, "")  # a map's labels, a drilled map's zoom
    default_template()
    if not open_connections(services):
        return
    try:
        for _domain, load in resolved("warm_up"):
            load(services)
    except SQLAlchemyError as error:
        START_UP_LOG.warning("reference names not read at start-up (%s): the first requests read them",
                             type(error).__name__)
        return
    if rehearse:
        rehearse_first_requests(services)


REHEARSAL_VIEWERS = {"wall": Viewer("system:rehearsal", "system:rehearsal", "wall"),
                     "city": Viewer("system:rehearsal", "system:rehearsal", "pimpinan")}


def rehearse_first_requests(services: Services) -> None:
    """Every wall panel, landing-page section and KPI card set of every domain drawn once for the
    whole city and thrown away (data.cache.nothing_kept: no answer kept). SQLAlchemy compiles and
    keeps each of their statements and Python loads the code paths they take, which a worker's
    first such request otherwise pays on top of its reads: the 112 wall's first request in a fresh
    process 32 -> 19 ms at 1M, against 16 ms for a warm process after an ETL commit. A part that
    fails (a mart not built yet) is logged and left to its first request."""
    from core.clock import city_today
    from core.domains import resolved
    from data.cache import nothing_kept
    from layouts.components.kpi_cards import period_filters
    from layouts.components.wall_panels import draw_panel, registered_panels

    wall, city = REHEARSAL_VIEWERS["wall"], REHEARSAL_VIEWERS["city"]
    parts = [(f"wall panel {panel.key}", lambda panel=panel: draw_panel(panel, services, wall, False, None))
             for panel in registered_panels()]
    parts += [(f"{domain.name} today", lambda section=section: section(services, city))
              for domain, section in resolved("today")]
    filters = period_filters(None, None, city_today())
    parts += [(f"{domain.name} KPI cards", lambda cards=cards: cards(services, city, filters))
              for domain, cards in resolved("kpi_cards")]
    with nothing_kept():
        for name, draw in parts:
            try:
                draw()
            except Exception as error:  # noqa: BLE001 - a rehearsal: the request itself reports its failure
                START_UP_LOG.info("start-up rehearsal of %s skipped (%s)", name, type(error).__name__)


def open_connections(services: Services) -> bool:
    """One pooled connection to each database, and Redis's, opened now (after a fork: the worker's
    own); False when a database does not answer yet (logged: the first request tries again)."""
    import redis
    from sqlalchemy.exc import SQLAlchemyError

    try:
        for engine in (services.databases.engine, services.databases.warehouse):
            with engine.connect():
                pass
    except SQLAlchemyError as error:
        START_UP_LOG.warning("no database connection at start-up (%s)", type(error).__name__)
        return False
    if services.redis is not None:
        try:
            services.redis.ping()
        except redis.RedisError:
            pass  # the breaker keeps the worker off it until it answers; /healthz says so
    return True


def trust_proxies(server: Flask, proxies: int) -> None:
    """Behind `proxies` reverse proxies, the client's address is the one they put in
    X-Forwarded-For (and the scheme X-Forwarded-Proto): the rate limits then count each client,
    not the proxy. Without a proxy the headers are ignored, since any client could write them."""
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=proxies, x_proto=proxies)


def register_wall_events(server: Flask) -> None:
    """The wall's event stream (pushed mart changes), which a kiosk session may open too."""
    from callbacks._wall_events import blueprint
    from layouts.components.ids_wall import EVENTS_PATH

    server.register_blueprint(blueprint)
    add_wall_path(server, EVENTS_PATH)


def finish_dash_setup(app: Dash) -> None:
    """Runs now, once, the set-up Dash leaves to its first request (its before_request hooks: the
    scripts and component files it may serve, the callback list, the pages router). Dash marks that
    work done before doing it, so under a threaded server (gunicorn gthread, the dev server) a
    request served meanwhile found its script unregistered (a 404: the page never drew). The hooks
    see no request data; they stay registered and return at once from now on."""
    dash_hooks = [hook for hook in app.server.before_request_funcs.get(None, [])
                  if getattr(hook, "__module__", "").startswith("dash.")]
    with app.server.test_request_context("/"):
        for hook in dash_hooks:
            hook()


def answer_missing_component_files(server: Flask) -> None:
    """A component-suite file Dash never registered (a scanner, a page cached across an upgrade) is
    a 404: Dash 4 raises DependencyException for it and no longer maps it, so every such request
    was a 500 with a traceback in the log."""
    from dash.exceptions import DependencyException

    @server.errorhandler(DependencyException)
    def missing_component_file(error):
        if not request.path.startswith("/_dash-component-suites/"):
            raise error
        return "Not Found", 404


def check_wall_playlist(settings: Settings) -> None:
    """Every page of the kiosk's playlist exists and admits the wall role, or start-up stops."""
    from auth.pages import page_for_path, role_may_open
    from core.settings import SettingsError

    for path in settings.wall.playlist:
        page = page_for_path(path)
        if page is None or not role_may_open("wall", page):
            raise SettingsError("wall.playlist", f"{path} is not a page a wall display may open")


def import_domain_pages() -> None:
    """Pages a domain keeps outside layouts/ (Dash Pages finds those in layouts/ itself)."""
    import importlib

    from core.domains import registered_domains

    for domain in registered_domains():
        for name in domain.pages:
            importlib.import_module(name)


def register_domain_routes(server: Flask, kind: str) -> None:
    """Every registered domain's blueprints (its HTTP API, or its downloads); their public routes
    (Open311, citizens' forms) skip the login."""
    for blueprint, public_prefixes in blueprints(kind):
        server.register_blueprint(blueprint)
        for prefix in public_prefixes:
            add_public_prefix(server, prefix)
    for prefix in kiosk_prefixes(kind):
        add_kiosk_prefix(server, prefix)


def register_geojson_route(server: Flask, settings: Settings) -> None:
    """District shapes for the maps: official ones once installed, else the bundled ones (real
    kecamatan, approximate kelurahan)."""
    import geo

    @server.get("/geo/<level>.geojson")
    def district_geojson(level: str):
        if level not in geo.LEVELS:
            abort(404)
        path = geo.web_geojson_path(level, resolve_path(settings.map.boundaries_dir))
        return send_file(path, mimetype="application/geo+json", max_age=3600)

    add_public_prefix(server, "/geo/")


if __name__ == "__main__":
    _settings = load_settings_or_report()
    if _settings is None:
        sys.exit(2)
    create_app(_settings).run(
        host=_settings.server.host, port=_settings.server.port, debug=_settings.server.debug
    )
