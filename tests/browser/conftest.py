"""A live Pantau server in a thread and a headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import os
import threading
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server


IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("PANTAU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def backend():  # one backend is enough for the browser: the database paths are tested elsewhere
    return "sqlite"


@pytest.fixture
def kiosk_url(databases, live_server):
    """The wall display's kiosk URL: a fresh kiosk token, as an administrator issues one."""
    from core.users import issue_kiosk_token

    with databases.transaction() as session:
        _token, secret = issue_kiosk_token(session, "ruang-kendali-test")
    return f"{live_server}/kiosk/{secret}"


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # A persistent profile would need launch_persistent_context; a plain launch already gets a
        # fresh temporary profile from Playwright, so the flag list stays as this machine needs it.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page; the test fails if the Content-Security-Policy blocked anything on it."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    blocked = []
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    context.close()
    assert not blocked, f"the Content-Security-Policy blocked: {blocked}"


@pytest.fixture
def sign_in(live_server, page, make_user):
    """Makes a user of `role` and logs in through the real form: sign_in("operator1", "operator")."""

    def log_in(username: str, role: str, password: str = "password-123", path: str = "/login",
               refused: bool = False):
        make_user(username, role)
        page.goto(f"{live_server}{path}")
        enter_password(page, username, password)
        if not refused:
            wait_until_logged_in(page)

    return log_in


@pytest.fixture
def switch_user(live_server, page):
    """Logs the page out and in again as `username`, landing on `path`: switch_user("lurah1", "/sipandu").

    The previous page is left for about:blank first, so that none of its callbacks still in flight
    brings the old session's cookie back after the cookies are cleared (the login's CSRF token would
    then no longer match), and the wait is for `path` itself: the login URL (`/login?next=<path>`)
    also ends in `path`."""

    def log_in_as(username: str, path: str, password: str = "password-123") -> None:
        page.goto("about:blank")
        page.context.clear_cookies()
        page.goto(f"{live_server}/login?next={path}")
        enter_password(page, username, password)
        page.wait_for_url(lambda url: urlsplit(url).path == path, timeout=30_000)

    return log_in_as


@pytest.fixture
def fill_login():
    """The login form filled and sent, on a page that shows it, and its answer awaited."""

    def log_in(page, username: str, password: str) -> None:
        enter_password(page, username, password)
        wait_until_logged_in(page)

    return log_in


def enter_password(page, username: str, password: str) -> None:
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#login-button")


def wait_until_logged_in(page) -> None:
    """Waits for the login's answer to take the page off the form (its own text, such as "Nama
    pengguna", would satisfy a wait for a word of the next page before the login has finished)."""
    page.wait_for_url(lambda url: urlsplit(url).path != "/login", timeout=30_000)


@pytest.fixture
def etl_follow(databases, complaint_marts):
    """The ETL following the change log in a thread, as `make run` does beside the web server; it
    announces each commit in-process, which the wall's event stream passes on."""
    from core.events import events_for
    from etl.runner import EtlRunner

    stop = threading.Event()
    runner = EtlRunner(databases, events=events_for(None))
    thread = threading.Thread(target=runner.follow, args=(stop,), kwargs={"poll_seconds": 0.2}, daemon=True)
    thread.start()
    yield runner
    stop.set()
    thread.join(timeout=10)

