"""Pushed wall updates in headless Chromium: with the wall polling only every 60 s, a new complaint
reaches the wall through the event stream (/events/wall) within seconds; with the stream refused,
the wall still updates by polling."""

from __future__ import annotations

import threading

import pytest

from test_wall_browser import NEWEST_KNOWN_TICKET, wait_for_ticket_on_wall, write_complaint

pytestmark = pytest.mark.browser

# the complaint panels' refresh requests sent so far (assets/wall.js counts each domain's)
COMPLAINT_REFRESHES = "() => window.pantauWallLink.refreshes.complaints || 0"
POLL_SECONDS = 60  # far longer than the test waits: a ticket that shows came by push
PUSHED_WITHIN_SECONDS = 30  # half the poll: room for a loaded CI machine, still proof of a push


@pytest.fixture
def settings(settings):
    return settings.override(wall={"refresh_seconds": POLL_SECONDS})


def test_a_pushed_change_redraws_the_wall_without_waiting_for_the_poll(kiosk_url, page, databases, complaint_marts,
                                                                       etl_follow):
    from synthetic_complaints import received_today

    page.goto(kiosk_url)
    wait_for_ticket_on_wall(page, NEWEST_KNOWN_TICKET, timeout=20)
    page.wait_for_function("() => window.pantauWallPush.open && window.pantauWallPush.events >= 1", timeout=10_000)
    refreshes_before = page.evaluate(COMPLAINT_REFRESHES)

    write_complaint(databases, 601, "ADU-WALL-PUSH-01")
    wait_for_ticket_on_wall(page, "ADU-WALL-PUSH-01", timeout=PUSHED_WITHIN_SECONDS)

    assert page.evaluate("() => window.pantauWallPush.events") >= 2  # the change came as an event
    # one refresh per pushed event, none from the 60 s interval in between
    assert page.evaluate(COMPLAINT_REFRESHES) - refreshes_before <= 2
    page.wait_for_function("(today) => document.querySelector(\"[data-counter='today'] .wall-counter-value\")"
                           ".textContent === today", arg=str(len(received_today(complaint_marts)) + 1),
                           timeout=PUSHED_WITHIN_SECONDS * 1000)


@pytest.fixture
def quick_poll_settings(settings):
    return settings.override(wall={"refresh_seconds": 1})


def test_with_the_stream_refused_the_wall_still_updates_by_polling(quick_poll_settings, databases, etl_follow,
                                                                   browser):
    from werkzeug.serving import make_server

    from app import create_app
    from core.users import issue_kiosk_token

    app = create_app(quick_poll_settings)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with databases.transaction() as session:
        _token, secret = issue_kiosk_token(session, "ruang-kendali-tanpa-push")
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    refused = []

    def refuse(route):  # as a server answers when it holds wall.push_streams_per_worker streams
        refused.append(route.request.url)
        route.fulfill(status=503, content_type="application/json", body='{"error": "busy"}')

    context.route("**/events/wall", refuse)
    page = context.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_port}/kiosk/{secret}")
        wait_for_ticket_on_wall(page, NEWEST_KNOWN_TICKET, timeout=20)
        page.wait_for_function("() => window.pantauWallPush.refused >= 1", timeout=10_000)

        write_complaint(databases, 602, "ADU-WALL-POLL-01")
        wait_for_ticket_on_wall(page, "ADU-WALL-POLL-01", timeout=10)

        assert refused and page.evaluate("() => window.pantauWallPush.events") == 0
        assert not page.evaluate("() => window.pantauWallPush.open")
        assert page.locator(".wall.is-stale").count() == 0  # a refused stream is not stale data
    finally:
        context.close()
        server.shutdown()
