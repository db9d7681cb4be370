"""Debian's real Prometheus Alertmanager (/usr/bin/prometheus-alertmanager) against a live Pantau:
its webhook receiver points at /api/infrastructure/alerts/alertmanager with the integration's key
in `http_config.authorization`; an alert posted to Alertmanager's own API (/api/v2/alerts) reaches
Pantau, which stores it and puts the device DOWN; resolving it in Alertmanager brings the device UP.
An alert for a device Pantau does not know arrives too and is kept for review.

Short group_wait / group_interval make the round trip take seconds; the test waits on the
database (a poll with a deadline), never for a fixed time. Without the binary the test is skipped
locally and fails with CI=true."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
import time
import urllib.request
from datetime import timedelta

import pytest
from infra_http_helpers import ACCESS
from sqlalchemy import select
from werkzeug.serving import make_server

from core.clock import utc_now
from modules.infrastructure.models import InfraAlert, InfraDeviceState

ALERTMANAGER = os.environ.get("PANTAU_ALERTMANAGER", "/usr/bin/prometheus-alertmanager")
IN_CI = os.environ.get("CI", "").lower() == "true"
DEADLINE_SECONDS = 30  # Alertmanager's first notification comes after group_wait; a loaded machine is slow
UNKNOWN_DEVICE = "CAM-TIDAK-ADA"
CONFIG = """\
route:
  receiver: pantau
  group_by: [alertname, device]
  group_wait: 200ms
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: pantau
    webhook_configs:
      - url: {url}
        send_resolved: true
        max_alerts: 100
        http_config:
          authorization:
            type: Bearer
            credentials_file: {key_file}
"""


@pytest.fixture
def alertmanager_binary() -> str:
    if not os.path.exists(ALERTMANAGER):
        message = f"Alertmanager not found at {ALERTMANAGER} (apt-get install prometheus-alertmanager)"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return ALERTMANAGER


@pytest.fixture
def live_pantau(app):
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def alertmanager(alertmanager_binary, live_pantau, keys, tmp_path):
    """A running Alertmanager whose only receiver is Pantau; yields its base URL."""
    key_file = tmp_path / "pantau.key"
    key_file.write_text(keys["alertmanager"])
    config = tmp_path / "alertmanager.yml"
    config.write_text(CONFIG.format(url=f"{live_pantau}/api/infrastructure/alerts/alertmanager", key_file=key_file))
    port = _free_port()
    log = (tmp_path / "alertmanager.log").open("w")
    process = subprocess.Popen([alertmanager_binary, f"--config.file={config}", f"--storage.path={tmp_path / 'data'}",
                                f"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=",
                                "--log.level=debug"], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(lambda: _ready(url), "Alertmanager ready", tmp_path / "alertmanager.log")
        yield url, tmp_path / "alertmanager.log"
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/-/ready", timeout=1) as answer:
            return answer.status == 200
    except OSError:
        return False


def _wait_for(condition, what: str, log_path) -> None:
    """Polls `condition` until it holds; past the deadline, fails with Alertmanager's log."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        threading.Event().wait(0.05)
    pytest.fail(f"{what}: not within {DEADLINE_SECONDS} s; Alertmanager's log:\n{log_path.read_text()[-4000:]}")


def _post_alerts(url: str, alerts: list[dict]) -> None:
    request = urllib.request.Request(f"{url}/api/v2/alerts", data=json.dumps(alerts).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as answer:
        assert answer.status == 200


def _alert(device: str, starts_at, ends_at=None) -> dict:
    alert = {"labels": {"alertname": "ProbeFailed", "device": device, "severity": "critical"},
             "annotations": {"summary": f"{device} tidak menjawab"}, "startsAt": starts_at.isoformat(),
             "generatorURL": "http://prometheus.test/graph"}
    return alert | ({"endsAt": ends_at.isoformat()} if ends_at else {})


def test_alertmanager_delivers_firing_and_resolved_alerts_to_pantau(alertmanager, inventory, databases):
    url, log = alertmanager

    def stored(device: str | None, status: str) -> bool:
        with databases.session() as session:
            query = select(InfraAlert).where(InfraAlert.status == status, InfraAlert.source == "alertmanager")
            rows = session.scalars(query).all()
            return any(row.device_code == device and row.labels.get("device") in (device, UNKNOWN_DEVICE)
                       for row in rows)

    def state() -> str:
        with databases.session() as session:
            return session.scalar(select(InfraDeviceState.state).where(InfraDeviceState.device_code == ACCESS))

    started = utc_now() - timedelta(seconds=5)
    _post_alerts(url, [_alert(ACCESS, started), _alert(UNKNOWN_DEVICE, started)])
    _wait_for(lambda: stored(ACCESS, "firing") and state() == "DOWN", "the firing alert stored, device DOWN", log)
    _wait_for(lambda: stored(None, "firing"), "the unknown device's alert kept for review", log)

    _post_alerts(url, [_alert(ACCESS, started, ends_at=utc_now())])
    _wait_for(lambda: stored(ACCESS, "resolved") and state() == "UP", "the resolved alert stored, device UP", log)
    with databases.session() as session:
        rows = session.scalars(select(InfraAlert).where(InfraAlert.device_code == ACCESS)).all()
    assert len(rows) == 1 and len(rows[0].fingerprint) == 16  # the resolution updated the alert's own row
