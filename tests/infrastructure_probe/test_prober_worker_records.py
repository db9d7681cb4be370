"""The prober's worker end to end on both backends: the inventory imported through the service, the
worker started as the app starts it (`worker.start(services)`), real probes of the demo fleet's
listeners recorded by `service.record_results`; an access switch going down is DOWN and its cameras
UNREACHABLE with the switch as their root cause; stop() ends the thread."""

from __future__ import annotations

import time

import pytest
from probe_setup import running_fleet, small_network

from core.services import Services
from core.users import Viewer

service = pytest.importorskip("modules.infrastructure.service", reason="the write side (helper A) is not merged yet")
models = pytest.importorskip("modules.infrastructure.models")

from modules.infrastructure import worker as prober_worker  # noqa: E402
from simulator.infrastructure_inventory import COLUMNS, write_csv  # noqa: E402

ADMIN = Viewer(user_id="1", username="admin1", role="admin")
INTERVAL = 5  # the shortest interval the inventory accepts
CAMERAS = ("CAM-T1", "CAM-T2", "CAM-T3")


def _inventory_rows(fleet) -> list[dict[str, str]]:
    rows = []
    for row in fleet.rows.values():
        full = {column: row.get(column, "") for column in COLUMNS}
        full.update(name=f"Perangkat {row['code']}", retries="1", timeout_seconds="2")
        rows.append(full)
    return rows


def _states(databases) -> dict[str, tuple[str, str | None]]:
    with databases.session() as session:
        return {s.device_code: (s.state, s.root_cause_code) for s in session.query(models.InfraDeviceState)}


def _wait_for(condition, databases, seconds: float = 60.0) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        found = _states(databases)
        if condition(found):
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"states never got there: {found}")
        time.sleep(0.2)


def test_the_worker_probes_records_and_finds_the_root_cause(databases, settings):
    with running_fleet(small_network(interval=INTERVAL)) as fleet:
        with databases.transaction() as session:
            service.import_csv(session, ADMIN, write_csv(_inventory_rows(fleet)), settings)
        worker = prober_worker.start(Services(settings, databases, None))
        try:
            _wait_for(lambda s: len(s) == len(fleet.rows) and all(state == "UP" for state, _ in s.values()),
                      databases)
            fleet.set_down("SW-ACC-T1")
            found = _wait_for(lambda s: s["SW-ACC-T1"][0] == "DOWN"
                              and all(s[c][0] == "UNREACHABLE" for c in CAMERAS), databases)
        finally:
            worker.stop()
    assert all(found[c][1] == "SW-ACC-T1" for c in CAMERAS)
    assert found["SW-DST-T1"][0] == "UP"
    assert not worker.running and worker.prober.lag().samples >= len(fleet.rows)
