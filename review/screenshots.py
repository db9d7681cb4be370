"""Screenshots of every page at desk and wall sizes, for review: `make screenshots`.

    python -m review.screenshots                      # a private demo instance, then every page
    python -m review.screenshots --url http://127.0.0.1:8050   # a running `make run` instead
    python -m review.screenshots --every-role         # each page as every demo user allowed on it

Each Dash page is opened as a demo user whose role may see it (the page's own `roles`), each
public page of a domain (`/lapor`, `/lacak`) without a login, at 1920x1080 and 3840x2160, in
Debian's headless Chromium. The pictures and an `index.html` to browse them go to `--out`.
"""

from __future__ import annotations

import argparse
import html
import logging
import os
import re
import secrets
import sys
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

SIZES = {"1920x1080": (1920, 1080), "3840x2160": (3840, 2160)}
CHROMIUM = os.environ.get("PANTAU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Whom a page is shown as when several roles may open it: the command center's own staff first,
# then the people whose area-limited view is worth a look.
LOGIN_ORDER = ("operator", "pimpinan", "admin", "opd", "camat", "lurah", "rt_rw")
SETTLE_TIMEOUT_MS = 20_000


@dataclass(frozen=True)
class Shot:
    """One page to photograph: its URL path, the demo user who opens it (None: no login)."""
    name: str
    path: str
    username: str | None


def planned_shots(pages: list[dict], demo_users: list[dict], public_paths: list[str],
                  every_role: bool = False) -> list[Shot]:
    """Which pages to open as whom. A page with a path variable (`/x/<id>`) has no one URL and
    is left out; a page no demo user may open is shown without a login (it is public)."""
    from auth.pages import page_roles

    shots = [Shot(_slug(path), path, None) for path in public_paths]
    ranked = sorted(demo_users, key=lambda user: _rank(user["role"]))
    for page in sorted(pages, key=lambda p: (p.get("order") or 0, p["path"])):
        if page.get("path_template"):
            continue
        allowed = [user for user in ranked if user["role"] in page_roles(page)]
        if not allowed:
            shots.append(Shot(_slug(page["path"]), page["path"], None))
            continue
        for user in allowed if every_role else allowed[:1]:
            name = _slug(page["path"]) + (f"-{user['username']}" if every_role else "")
            shots.append(Shot(name, page["path"], user["username"]))
    return shots


def _rank(role: str) -> int:
    return LOGIN_ORDER.index(role) if role in LOGIN_ORDER else len(LOGIN_ORDER)


def _slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "beranda"


# --- the browser ---------------------------------------------------------------------------------

def capture(base_url: str, shots: list[Shot], password: str, out: Path,
            sizes: dict[str, tuple[int, int]] = SIZES, progress: bool = True, browser=None) -> list[dict]:
    """Opens every shot at every size and saves `<name>-<size>.png`; returns what was taken,
    with a note where a page did not settle (still loading when the picture was taken). A
    Playwright `browser` already running may be given; otherwise Chromium is started for it."""
    if browser is None:
        with _chromium() as own_browser:
            return capture(base_url, shots, password, out, sizes, progress, own_browser)
    out.mkdir(parents=True, exist_ok=True)
    taken = []
    with tqdm(total=len(shots) * len(sizes), desc="screenshots", unit="page", disable=not progress) as bar:
        for label, (width, height) in sizes.items():
            for username, group in _by_user(shots):
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                if username:
                    _log_in(page, base_url, username, password)
                for shot in group:
                    taken.append(_photograph(page, base_url, shot, label, out))
                    bar.update(1)
                context.close()
    return taken


@contextmanager
def _chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def _by_user(shots: list[Shot]) -> list[tuple[str | None, list[Shot]]]:
    """Shots grouped by who opens them (one login per user and size), in first-seen order."""
    groups: dict[str | None, list[Shot]] = {}
    for shot in shots:
        groups.setdefault(shot.username, []).append(shot)
    return list(groups.items())


def _log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#login-button")
    page.wait_for_url(lambda url: "/login" not in url, timeout=SETTLE_TIMEOUT_MS)


def _photograph(page, base_url: str, shot: Shot, size: str, out: Path) -> dict:
    page.goto(f"{base_url}{shot.path}")
    settled = _wait_until_settled(page)
    file = out / f"{shot.name}-{size}.png"
    page.screenshot(path=str(file), full_page=False)
    return {"name": shot.name, "path": shot.path, "user": shot.username, "size": size,
            "file": file.name, "settled": settled}


def _wait_until_settled(page) -> bool:
    """True once no Dash callback is loading and every graph has drawn (a wall keeps polling,
    so "no network" never comes); False if that took longer than the timeout."""
    try:
        page.wait_for_load_state("load")
        page.wait_for_function(
            """() => !document.querySelector('[data-dash-is-loading="true"]')
                     && [...document.querySelectorAll('.js-plotly-plot')]
                        .every(plot => plot.querySelector('.main-svg'))""",
            timeout=SETTLE_TIMEOUT_MS, polling=250)
        page.wait_for_timeout(500)  # the last figure's transition and the map tiles
        return True
    except Exception:  # noqa: BLE001 - a slow page still gets its picture, marked unsettled
        return False


def write_index(out: Path, taken: list[dict]) -> Path:
    """An index.html with every picture, grouped by page, to review in a browser."""
    rows = []
    for item in taken:
        who = item["user"] or "publik (tanpa login)"
        note = "" if item["settled"] else " — <b>belum selesai dimuat</b>"
        rows.append(f'<figure><figcaption>{html.escape(item["path"])} · {html.escape(who)} · '
                    f'{item["size"]}{note}</figcaption><a href="{item["file"]}">'
                    f'<img src="{item["file"]}" width="640"></a></figure>')
    index = out / "index.html"
    index.write_text("<!doctype html><meta charset='utf-8'><title>Pantau: tangkapan layar</title>"
                     "<style>figure{display:inline-block;margin:8px}</style>" + "\n".join(rows),
                     encoding="utf-8")
    return index


# --- what to photograph, from a running app ------------------------------------------------------

def app_pages_and_public_paths(settings) -> tuple[list[dict], list[str]]:
    """The registered Dash pages and every domain's public page prefixes (those that are pages)."""
    import dash

    from app import create_app
    from core.domains import registered_domains, resolve

    if not dash.page_registry:  # a running app registered its pages already
        create_app(settings)
    public = []
    for domain in registered_domains():
        for reference in domain.blueprints:
            module = sys.modules[resolve(reference).import_name]
            public += list(getattr(module, "PUBLIC_PAGES", ()))
    return list(dash.page_registry.values()), public


def demo_users(databases) -> list[dict]:
    from core.demo import demo_user_specs

    with databases.transaction() as session:
        return demo_user_specs(session)


@contextmanager
def private_demo_instance():
    """A demo instance of its own (temporary SQLite, demo users and history, marts filled) served
    on a free port; yields (base URL, settings, databases)."""
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the progress bar, not a line per request
    with tempfile.TemporaryDirectory(prefix="pantau-screens-") as folder:
        settings, databases = _prepared_demo(Path(folder))
        from app import create_app

        app = create_app(settings)
        _fill_demo_marts(app.server.extensions["pantau"])
        server = make_server("127.0.0.1", 0, app.server, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}", settings, databases
        finally:
            server.shutdown()
            databases.dispose()


def _prepared_demo(folder: Path):
    from core import migrate
    from core.db import Databases
    from core.demo import ensure_demo_users
    from core.domains import resolved
    from core.reference import load_reference_data
    from core.settings import load_settings

    environ = {**os.environ,
               "PANTAU_DATABASE__URL": f"sqlite:///{folder / 'pantau.db'}",
               "PANTAU_DATABASE__WAREHOUSE_URL": f"sqlite:///{folder / 'warehouse.db'}",
               "PANTAU_REDIS__URL": "", "PANTAU_SERVER__SECRET_KEY": secrets.token_hex(32),
               "PANTAU_DEMO__LOAD_DEMO_DATA": "true", "PANTAU_DEMO__SIMULATOR": "false"}
    settings = load_settings(environ=environ)
    databases = Databases.from_settings(settings)
    migrate.upgrade(databases)
    with databases.transaction() as session:
        load_reference_data(session)
        for _domain, initialise in resolved("init"):
            initialise(session)
        ensure_demo_users(session)
    return settings, databases


def _fill_demo_marts(services) -> None:
    from core.domains import resolved
    from etl.runner import EtlRunner

    for _domain, fill in resolved("demo_history"):
        fill(services)
    EtlRunner.from_settings(services.databases, services.settings).run_once()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not os.path.exists(CHROMIUM):
        print(f"error: Chromium not found at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 2
    out = Path(args.out)
    sizes = {label: SIZES[label] for label in args.sizes}
    if args.url:
        from core.db import Databases
        from core.settings import load_settings

        settings = load_settings()
        databases = Databases.from_settings(settings)
        taken = _run(args.url.rstrip("/"), settings, databases, args, out, sizes)
        databases.dispose()
    else:
        print("menyiapkan instans demo sendiri (SQLite sementara, riwayat demo, mart) ...")
        with private_demo_instance() as (base_url, settings, databases):
            taken = _run(base_url, settings, databases, args, out, sizes)
    unsettled = [item for item in taken if not item["settled"]]
    print(f"{len(taken)} gambar di {write_index(out, taken)}"
          + (f"; {len(unsettled)} belum selesai dimuat" if unsettled else ""))
    return 0


def _run(base_url, settings, databases, args, out, sizes) -> list[dict]:
    pages, public = app_pages_and_public_paths(settings)
    shots = planned_shots(pages, demo_users(databases), public, every_role=args.every_role)
    return capture(base_url, shots, args.password, out, sizes)


def _parser() -> argparse.ArgumentParser:
    from core.demo import DEMO_PASSWORD

    parser = argparse.ArgumentParser(prog="python -m review.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running Pantau with the demo users (default: start a private one)")
    parser.add_argument("--out", default="review/out", help="folder for the pictures and index.html")
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=list(SIZES))
    parser.add_argument("--every-role", action="store_true", help="each page as every demo user allowed on it")
    parser.add_argument("--password", default=DEMO_PASSWORD, help="the demo users' password")
    return parser


if __name__ == "__main__":
    sys.exit(main())
