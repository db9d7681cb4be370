"""The infrastructure domain's event for the event-to-wall benchmark (bench/wall.py): a device going
down, as the city's own monitoring says it: one firing alert for one device (a different device each
post; cameras first) sent to Pantau's Alertmanager webhook (`POST /api/infrastructure/alerts/alertmanager`, its
version 4 JSON, with a key issued as modules/infrastructure/keys.py issues them, `Authorization:
Bearer`), seen when the device's code is an item of the wall's ticker of newest state changes
(target p95 < 3 s, the issue's). The devices taken are UP and have been longest in that state, so
none of them is in the ticker before its post.

The servers run the prober (a domain worker) on the seeded inventory: without devices answering it,
every device would fail its checks and the ticker would scroll with thousands of false changes. So
the demo fleet (simulator/infrastructure_fleet.py) listens for the seeded inventory all along
(`during`), with its faults, as on `make run`: the wall shows what a city's would."""

from __future__ import annotations

import csv
import io
import json
import urllib.request
from contextlib import contextmanager
from datetime import datetime, timezone

from sqlalchemy import func, select

from bench.wall import WallEvent

TARGET = 3.0
CANDIDATES = 200  # more than any run posts: a different device each post
QUIET_SECONDS = 15  # fewer than QUIET_CHANGES state changes this long, the mart caught up: settled
QUIET_CHANGES = 5
SETTLE_SECONDS = 600


def prepare(env) -> dict:
    """An Alertmanager key and the devices to take down: cameras first (a small seed has few), each
    kind longest UP first."""
    from core.users import Viewer
    from modules.infrastructure.keys import ALERTMANAGER, issue_key
    from modules.infrastructure.models import InfraDevice, InfraDeviceState

    with env.databases.transaction() as session:
        _key, secret = issue_key(session, Viewer("0", "bench", "admin"), ALERTMANAGER, "bench-wall")
        codes = session.scalars(select(InfraDeviceState.device_code)
                                .join(InfraDevice, InfraDevice.code == InfraDeviceState.device_code)
                                .where(InfraDeviceState.state == "UP", InfraDevice.active.is_(True))
                                .order_by((InfraDevice.kind != "camera"), InfraDeviceState.since,
                                          InfraDeviceState.device_code)
                                .limit(CANDIDATES)).all()
    if not codes:
        raise RuntimeError("no device is UP: nothing to take down (was the infrastructure seeded?)")
    return {"key": secret, "codes": list(codes), "taken": 0, "settled": lambda: wait_settled(env)}


def ready(_http, token: dict) -> None:
    """Before the clock runs: the servers' first minutes churn (the silence sweep makes devices
    last checked at seeding UNKNOWN, the prober's first round brings them back, thousands of
    changes that scroll through the ticker); the posts start once that has settled."""
    token["settled"]()


def wait_settled(env) -> None:
    """Until fewer than QUIET_CHANGES state changes were made in the last QUIET_SECONDS (a city's
    own faults go on) and the mart has every change made before that window."""
    import time

    from sqlalchemy import text

    def newest() -> tuple[int, int]:
        with env.databases.engine.connect() as connection:
            made = connection.scalar(text("select coalesce(max(id), 0) from infra_events"))
        with env.databases.warehouse.connect() as connection:
            seen = connection.scalar(text("select coalesce(max(event_id), 0) from fct_infra_events"))
        return int(made), int(seen)

    started = time.monotonic()
    history: list[tuple[float, int]] = []
    while time.monotonic() - started < SETTLE_SECONDS:
        made, seen = newest()
        now = time.monotonic()
        history.append((now, made))
        window = [m for t, m in history if now - t <= QUIET_SECONDS]
        if now - started >= QUIET_SECONDS and made - window[0] < QUIET_CHANGES and seen >= window[0]:
            return
        time.sleep(1)
    raise RuntimeError(f"the infrastructure did not settle in {SETTLE_SECONDS} s (state changes kept coming)")


def payload(code: str, number: int, at: datetime) -> dict:
    """Alertmanager's webhook body (version 4) with one firing alert on `code`."""
    labels = {"alertname": "DeviceDown", "device": code, "severity": "critical"}
    return {"version": "4", "groupKey": f'{{}}:{{alertname="DeviceDown", device="{code}"}}', "truncatedAlerts": 0,
            "status": "firing", "receiver": "pantau", "groupLabels": {"alertname": "DeviceDown"},
            "commonLabels": labels, "commonAnnotations": {}, "externalURL": "http://alertmanager.bench:9093",
            "alerts": [{"status": "firing", "labels": labels,
                        "annotations": {"summary": f"Benchmark: perangkat {code} mati (uji {number + 1})"},
                        "startsAt": at.isoformat().replace("+00:00", "Z"), "endsAt": "0001-01-01T00:00:00Z",
                        "generatorURL": "http://prometheus.bench:9090/graph", "fingerprint": f"{number + 1:016x}"}]}


def post(http, token: dict, _rng, number: int) -> str:
    """One firing alert for the next device not taken yet (the pushed and the polled runs share the
    token); returns its code (the ticker item's data-item)."""
    if token["taken"] >= len(token["codes"]):
        raise RuntimeError(f"more posts than the {len(token['codes'])} devices prepared (CANDIDATES)")
    code = token["codes"][token["taken"]]
    token["taken"] += 1
    body = json.dumps(payload(code, number, datetime.now(timezone.utc))).encode()
    request = urllib.request.Request(http.base + "/api/infrastructure/alerts/alertmanager", data=body,
                                     headers={"Content-Type": "application/json",
                                              "Authorization": f"Bearer {token['key']}"})
    status, answer = http._open(request)
    applied = json.loads(answer).get("applied") if status == 200 else None
    if not applied:
        raise RuntimeError(f"Alertmanager webhook for {code}: HTTP {status}: {answer[:300]!r}")
    return code


def change_recorded_at(env, code: str) -> datetime | None:
    """When the change row of the device's newest state change was written (in the webhook's transaction)."""
    from core.changelog import ChangeLogEntry
    from modules.infrastructure.models import InfraDeviceState
    from modules.infrastructure.snapshot import EVENT

    with env.databases.engine.connect() as connection:
        event_id = connection.scalar(select(InfraDeviceState.open_event_id).where(InfraDeviceState.device_code == code))
        return connection.scalar(select(func.min(ChangeLogEntry.recorded_at))
                                 .where(ChangeLogEntry.entity == EVENT, ChangeLogEntry.entity_id == str(event_id)))


@contextmanager
def fleet_answering(env):
    """The demo fleet's listeners for every device of the seeded inventory, while the block runs."""
    from modules.infrastructure import service
    from simulator.infrastructure_fleet import Fleet

    with env.databases.session() as session:
        rows = list(csv.DictReader(io.StringIO(service.export_csv(session))))
    fleet = Fleet(rows).start()
    try:
        yield fleet
    finally:
        fleet.stop()


EVENT = WallEvent(
    name="Alertmanager alert (a device down)",
    mart="infra_outages",
    prepare=prepare,
    post=post,
    change_recorded_at=change_recorded_at,
    # true once the device is an item of the wall's ticker of newest state changes
    ready=ready,
    visible="(code) => [...document.querySelectorAll('.wall-ticker-item')].some(e => e.dataset.item === code)",
    target=TARGET,
    during=fleet_answering,
)
