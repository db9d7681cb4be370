"""The wall display in headless Chromium: a complaint written to the change log reaches the wall
through the ETL and the version check without a reload; the page fits 1920x1080 and 3840x2160."""

from __future__ import annotations

import os
import tempfile
import threading
from datetime import datetime, timezone

import pytest

pytestmark = pytest.mark.browser

SCREENSHOT_DIR = os.environ.get("PANTAU_SCREENSHOTS", tempfile.gettempdir())
NEWEST_KNOWN_TICKET = "ADU-TEST-000003"  # the newest complaint of known_snapshots


def write_complaint(databases, number: int, ticket: str) -> None:
    """A complaint received now, written to the change log as the module would."""
    from synthetic_complaints import snapshot, write_snapshots

    write_snapshots(databases, [snapshot(number, ticket=ticket, received_at=datetime.now(timezone.utc))])


def wait_for_ticket_on_wall(page, ticket: str, timeout: float = 10) -> None:
    """Waits until `ticket` is in the wall's ticker of newest complaints (no reload)."""
    page.wait_for_function(
        "(ticket) => { const t = document.querySelector('.wall-ticker');"
        " return !!t && t.textContent.includes(ticket); }",
        arg=ticket, timeout=timeout * 1000,
    )


def counter_value(page, key: str) -> str:
    return page.locator(f"[data-counter='{key}'] .wall-counter-value").inner_text()


def test_a_new_complaint_appears_on_the_wall_without_reload(kiosk_url, page, databases, complaint_marts, etl_follow):
    from synthetic_complaints import received_today

    page.goto(kiosk_url)
    assert page.url.endswith("/wall")
    wait_for_ticket_on_wall(page, NEWEST_KNOWN_TICKET, timeout=20)
    today = len(received_today(complaint_marts))  # 4, fewer just after midnight WIB
    assert counter_value(page, "today") == str(today)
    page.evaluate("() => { window.wallNotReloaded = true; }")  # gone if the page reloads

    ticket = "ADU-WALL-LIVE-01"
    write_complaint(databases, 501, ticket)
    wait_for_ticket_on_wall(page, ticket, timeout=10)

    assert page.evaluate("() => window.wallNotReloaded === true")
    page.wait_for_function("(today) => document.querySelector(\"[data-counter='today'] .wall-counter-value\")"
                           ".textContent === today", arg=str(today + 1), timeout=10_000)
    newest = page.locator(".wall-ticker-item.is-newest").first
    assert ticket in newest.inner_text()
    assert page.locator(".wall-ticker-item.is-new", has_text=ticket).count() >= 1


@pytest.mark.parametrize("name, width, height", [("1080", 1920, 1080), ("4k", 3840, 2160)])
def test_the_wall_fills_the_screen_at_1080p_and_4k(kiosk_url, browser, complaint_marts, name, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(kiosk_url)
        wait_for_ticket_on_wall(page, NEWEST_KNOWN_TICKET, timeout=20)
        page.wait_for_selector(".wall-graph .maplibregl-canvas", timeout=20_000)
        page.wait_for_function("() => /WIB/.test(document.querySelector('.wall-clock').textContent)")
        page.wait_for_timeout(1500)  # let MapLibre finish painting before the picture
        page.screenshot(path=os.path.join(SCREENSHOT_DIR, f"wall-{name}.png"))

        sizes = page.evaluate("""() => ({
            scroll: document.documentElement.scrollHeight, inner: window.innerHeight,
            counter: parseFloat(getComputedStyle(document.querySelector('.wall-counter-value')).fontSize),
            ticker: parseFloat(getComputedStyle(document.querySelector('.wall-ticker-item')).fontSize),
            maps: [...document.querySelectorAll('.wall-region-main .wall-graph')].map(g => g.getBoundingClientRect().height),
        })""")
        assert sizes["scroll"] <= sizes["inner"]  # one screen, nothing below the fold
        scale = width / 1920
        assert sizes["counter"] >= 60 * scale  # readable from across the room, and grows with the screen
        assert sizes["ticker"] >= 20 * scale
        assert len(sizes["maps"]) == 2 and sum(sizes["maps"]) >= 0.4 * height  # complaints and 112, stacked
        assert min(sizes["maps"]) >= 0.2 * height
    finally:
        context.close()


@pytest.fixture
def etl_follow_from_empty(databases):
    """The ETL following the change log of databases that start with no complaints at all."""
    from core.events import events_for
    from etl.runner import EtlRunner

    stop = threading.Event()
    thread = threading.Thread(target=EtlRunner(databases, events=events_for(None)).follow, args=(stop,),
                              kwargs={"poll_seconds": 0.2}, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(timeout=10)


def post_open311_request(base_url: str, api_key: str, description: str) -> str:
    """Files a complaint the way a partner app does; returns its ticket."""
    import json
    from urllib.parse import urlencode
    from urllib.request import urlopen

    form = urlencode({"api_key": api_key, "service_code": "SAMPAH", "lat": "-7.2575", "long": "112.7442",
                      "description": description}).encode()
    with urlopen(f"{base_url}/open311/v2/requests.json", data=form, timeout=10) as response:
        assert response.status == 201
        return json.loads(response.read())[0]["service_request_id"]


def test_a_complaint_posted_through_open311_appears_on_the_wall(databases, live_server, kiosk_url, page,
                                                               etl_follow_from_empty):
    from modules.complaints import service, system_actor

    with databases.transaction() as session:
        service.seed_routing_rules(session)
        _key, api_key = service.issue_api_key(session, system_actor("test"), "wall test")
    page.goto(kiosk_url)
    page.wait_for_selector("[data-counter='today']", timeout=20_000)
    ticket = post_open311_request(live_server, api_key, "Sampah menumpuk di depan pasar, belum diangkut 3 hari")
    wait_for_ticket_on_wall(page, ticket, timeout=10)
    page.wait_for_function("() => document.querySelector(\"[data-counter='today'] .wall-counter-value\")"
                           ".textContent === '1'", timeout=10_000)


class RestartableServer:
    """The app on a fixed port that can be stopped (connections refused, as when the server is
    down) and started again on the same port."""

    def __init__(self, app):
        self.app, self.port, self.server = app, 0, None

    def start(self) -> str:
        from werkzeug.serving import make_server

        self.server = make_server("127.0.0.1", self.port, self.app.server, threaded=True)
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()  # release the port: requests are refused, not left hanging


@pytest.fixture
def restartable_server(app):
    server = RestartableServer(app)
    yield server
    if server.server is not None:
        server.stop()


def test_the_wall_says_its_data_is_not_current_while_the_server_is_down(restartable_server, databases,
                                                                       complaint_marts, page):
    from core.users import issue_kiosk_token

    base_url = restartable_server.start()
    with databases.transaction() as session:
        _token, secret = issue_kiosk_token(session, "ruang-kendali-putus")
    page.goto(f"{base_url}/kiosk/{secret}")
    wait_for_ticket_on_wall(page, NEWEST_KNOWN_TICKET, timeout=20)
    banner = page.locator(".wall-stale-banner")
    assert not banner.is_visible()

    restartable_server.stop()
    page.wait_for_selector(".wall.is-stale .wall-stale-banner", state="visible", timeout=5_000)
    assert "DATA TIDAK MUTAKHIR — koneksi ke server terputus" in banner.inner_text()
    page.wait_for_function("() => /diterima \\d+ detik yang lalu/.test("
                           "document.querySelector('.wall-stale-age').textContent)", timeout=5_000)
    page.screenshot(path=os.path.join(SCREENSHOT_DIR, "wall-stale.png"))

    restartable_server.start()
    page.wait_for_selector(".wall-stale-banner", state="hidden", timeout=10_000)
    assert page.locator(".wall.is-stale").count() == 0


def longest_category_name() -> str:
    import csv
    from pathlib import Path

    with open(Path(__file__).parents[2] / "reference" / "complaint_categories.csv", newline="") as file:
        return max((row["name"] for row in csv.DictReader(file)), key=len)


@pytest.mark.parametrize("name, width, height", [("1080", 1920, 1080), ("4k", 3840, 2160)])
def test_bar_labels_are_read_whole_at_1080p_and_4k(kiosk_url, browser, complaint_marts, name, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(kiosk_url)
        page.wait_for_selector(".wall-rotate-item[id*='complaint-categories'] .wall-bar-label", state="attached",
                               timeout=20_000)
        # The longest category name of the reference list, whatever the known data set holds.
        page.evaluate("""(name) => { document.querySelector(
            ".wall-rotate-item[id*='complaint-categories'] .wall-bar-label").textContent = name;
            document.querySelectorAll('.wall-rotate-item').forEach(
                (item) => item.classList.toggle('is-active', item.id.includes('complaint-categories'))); }""",
                      longest_category_name())
        page.wait_for_function("() => getComputedStyle(document.querySelector("
                               "\".wall-rotate-item[id*='complaint-categories']\")).opacity === '1'")
        page.screenshot(path=os.path.join(SCREENSHOT_DIR, f"wall-categories-{name}.png"))
        cut = page.evaluate("""() => [...document.querySelectorAll('.wall-bar-label')]
            .filter((label) => label.scrollWidth > label.clientWidth + 1 || label.scrollHeight > label.clientHeight + 1)
            .map((label) => label.textContent)""")
        assert cut == []
    finally:
        context.close()
