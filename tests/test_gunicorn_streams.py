"""gunicorn as the README starts it (`-c gunicorn.conf.py`): open wall event streams do not take the
worker's request slots, so one worker with three walls listening still serves pages and callbacks,
and each stream gets its first event."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from layouts.components.ids_wall import EVENTS_PATH

PROJECT_ROOT = Path(__file__).resolve().parent.parent
START_SECONDS = 120


@pytest.fixture
def backend():
    return "sqlite"


@pytest.fixture
def gunicorn_server(database_urls, tmp_path):
    from bench.servers import free_port

    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    environ.update({"PANTAU_SERVER__SECRET_KEY": "test-secret-key", "PANTAU_DATABASE__URL": database_urls[0],
                    "PANTAU_DATABASE__WAREHOUSE_URL": database_urls[1], "PANTAU_REDIS__URL": "",
                    "PANTAU_ETL__RUN_IN_WEB_PROCESS": "false", "PANTAU_MAP__BOUNDARIES_DIR": str(tmp_path / "geo")})
    command = [str(Path(sys.executable).with_name("gunicorn")), "-c", str(PROJECT_ROOT / "gunicorn.conf.py"),
               "-w", "1", "-b", f"127.0.0.1:{port}", "wsgi:server"]
    with open(tmp_path / "gunicorn.log", "w") as log:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=environ, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base, process, tmp_path / "gunicorn.log")
            yield base
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_up(base: str, process, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(f"{base}/login", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"gunicorn did not answer within {START_SECONDS} s: {log.read_text()}")


def test_one_worker_serves_pages_while_three_walls_listen(gunicorn_server, databases):
    from bench.servers import HttpSession
    from core.users import issue_kiosk_token

    streams = []
    try:
        for number in range(3):
            with databases.transaction() as session:
                _token, secret = issue_kiosk_token(session, f"layar-{number}")
            wall = HttpSession(gunicorn_server)  # its cookie jar keeps the kiosk session
            wall.opener.open(urllib.request.Request(f"{gunicorn_server}/kiosk/{secret}"), timeout=10).close()
            answer = wall.opener.open(urllib.request.Request(gunicorn_server + EVENTS_PATH), timeout=10)
            streams.append(answer)
            assert answer.headers["Content-Type"].startswith("text/event-stream")
            assert answer.readline() == b"retry: 2000\n"  # its first event came at once
            assert answer.readline() == b"event: marts\n"
        # a sync worker would still be busy with the first stream: this would time out
        with urllib.request.urlopen(gunicorn_server + "/login", timeout=10) as page:
            assert page.status == 200 and b"csrf_token" in page.read()
    finally:
        for answer in streams:
            answer.close()
