"""A threaded server (gunicorn gthread, the dev server) may serve a fresh app's first requests at
once. Dash does its own set-up at the first request and marks it done before doing it, so a request
served meanwhile found its script not yet registered: a 404, and the page never drew (the wall
bench's "no first frame" on gunicorn). create_app now finishes that set-up before serving."""

from __future__ import annotations

import threading
import urllib.request

import pytest
from werkzeug.serving import make_server

BURST = 12


@pytest.fixture
def backend():
    return "sqlite"


def test_first_requests_at_once_all_get_their_scripts(app, client, settings, monkeypatch):
    """A burst of first requests for one of Dash's own scripts, sent to a fresh app whose Dash
    set-up is slowed down: were it still done at the first request, the others would be served
    while it runs and find the script not yet registered (a 404)."""
    import dash

    from app import create_app

    package = "dash"
    assert client.get("/login").status_code == 200  # a set-up app, however it was set up
    script = sorted(app.registered_paths[package])[0]  # a script the set-up registers
    walk_assets = dash.Dash._walk_assets_directory

    def slow_walk_assets(self):
        threading.Event().wait(0.5)  # widens the window the burst would fall into
        walk_assets(self)

    monkeypatch.setattr(dash.Dash, "_walk_assets_directory", slow_walk_assets)
    fresh = create_app(settings)
    statuses = burst(fresh.server, f"/_dash-component-suites/{package}/{script}")
    assert statuses == [200] * BURST


def burst(server, path: str) -> list[int]:
    """BURST requests of `path` sent at once to a threaded server of `server`; their statuses."""
    from urllib.error import HTTPError

    listening = make_server("127.0.0.1", 0, server, threaded=True)
    threading.Thread(target=listening.serve_forever, daemon=True).start()
    start, answers = threading.Barrier(BURST), []

    def ask():
        start.wait()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{listening.server_port}{path}", timeout=60) as answer:
                answers.append(answer.status)
        except HTTPError as refused:
            answers.append(refused.code)

    try:
        threads = [threading.Thread(target=ask) for _ in range(BURST)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        listening.shutdown()
    assert len(answers) == BURST
    return answers
