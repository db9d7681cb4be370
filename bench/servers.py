"""Servers the browser benchmarks talk to, on 127.0.0.1 only, started and stopped by the bench.

- `embedded(env)`: `run.py` as `make run` starts it (Dash's server with the ETL thread and the
  in-process events beside it), the SQLite deployment;
- `gunicorn(env)`: `gunicorn -c gunicorn.conf.py -w 2 wsgi:server`, the production web server
  (threaded workers, as the README's deploy section has it, for the walls' event streams); with
  `etl_follow(env)`, `python -m etl run --follow` as its own process (Redis wakes it on PostgreSQL).
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("PANTAU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
START_SECONDS = 180


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def embedded(env):
    port = free_port()
    environ = env.environ(PANTAU_SERVER__PORT=str(port), PANTAU_ETL__RUN_IN_WEB_PROCESS="true")
    with _process([sys.executable, "run.py"], environ, "embedded server") as process:
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(base, process)
        yield base, process


@contextmanager
def gunicorn(env, workers: int = 2):
    port = free_port()
    command = [str(Path(sys.executable).with_name("gunicorn")), "-c", str(PROJECT_ROOT / "gunicorn.conf.py"),
               "-w", str(workers), "-b", f"127.0.0.1:{port}", "--graceful-timeout", "5", "wsgi:server"]
    with _process(command, env.environ(), "gunicorn") as process:
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(base, process)
        yield base, process


@contextmanager
def etl_follow(env):
    with _process([sys.executable, "-m", "etl", "run", "--follow"], env.environ(), "ETL") as process:
        yield process


@contextmanager
def _process(command: list[str], environ: dict, name: str):
    log = open(os.path.join(os.environ.get("TMPDIR", "/tmp"), f"pantau-bench-{name.replace(' ', '-')}.log"), "w")
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=environ, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def _wait_until_up(base: str, process) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped while starting (exit {process.returncode}); see its log in /tmp")
        try:
            with urllib.request.urlopen(f"{base}/login", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{base} did not answer within {START_SECONDS} s")


def worker_pids(master_pid: int) -> list[int]:
    """The gunicorn master's child processes (its workers)."""
    children = []
    for task in Path(f"/proc/{master_pid}/task").iterdir():
        try:
            children += [int(pid) for pid in (task / "children").read_text().split()]
        except OSError:
            pass
    return children


def peak_rss(pid: int) -> int:
    """The process's peak resident set size (VmHWM), in bytes."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) * 1024


# --- an HTTP client with a session, for requests outside the browser -------------------------------------

class HttpSession:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str, headers: dict | None = None) -> tuple[int, bytes]:
        return self._open(urllib.request.Request(self.base + path, headers=headers or {}))

    def post_form(self, path: str, fields: dict) -> tuple[int, bytes]:
        data = urllib.parse.urlencode(fields).encode()
        return self._open(urllib.request.Request(self.base + path, data=data))

    def post_json(self, path: str, body: dict) -> tuple[int, bytes]:
        request = urllib.request.Request(self.base + path, data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
        return self._open(request)

    def login(self, username: str, password: str) -> "HttpSession":
        _status, page = self.get("/login")
        token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()
        status, _ = self.post_form("/login", {"username": username, "password": password, "csrf_token": token})
        if status != 200:  # the redirect to / was followed
            raise RuntimeError(f"login as {username}: HTTP {status}")
        return self

    def _open(self, request) -> tuple[int, bytes]:
        try:
            with self.opener.open(request, timeout=600) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


@contextmanager
def chromium():
    if not os.path.exists(CHROMIUM):
        raise RuntimeError(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()
