"""One device's detail (data/infrastructure_live.py) on both backends, from the real module: an
inventory imported through the service, check results recorded by it (its minute rollups give the
latency), state changes counted by the ETL, and 112 incidents near a camera from the incidents
mart; the viewer's scope decides whether the device exists for him."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.services import Services
from core.users import Viewer
from data import infrastructure_live as live
from etl.runner import EtlRunner
from modules.infrastructure import service
from modules.infrastructure.kinds import CheckResult
from synthetic_incidents import incident, now_minute
from synthetic_incidents import write as write_incidents
from simulator.infrastructure_inventory import COLUMNS, write_csv

ADMIN = Viewer(user_id="1", username="admin1", role="admin")
CITY = Viewer(user_id="2", username="pimpinan1", role="pimpinan")
OTHER_OPD = Viewer(user_id="3", username="dinkes1", role="opd", opd_code="DINKES")
CAMERA_POINT = (-7.2590, 112.7440)  # Genteng


def row(code: str, kind: str, probe: str, parents: str = "", **columns) -> dict[str, str]:
    values = {**{c: "" for c in COLUMNS}, "code": code, "kind": kind, "name": f"Perangkat {code}", "probe": probe,
              "host": "127.64.252.1", "port": "554" if probe == "rtsp" else "22",
              "path": "/stream1" if probe == "rtsp" else "", "interval_seconds": "60", "timeout_seconds": "5",
              "retries": "1", "parents": parents, "opd_code": "DISKOMINFO"}
    values.update(columns)
    return values


@pytest.fixture
def services(settings, databases):
    now = now_minute()
    inventory = [row("SW-D1", "switch", "tcp"),
                 row("CAM-D1", "camera", "rtsp", "SW-D1", lat=str(CAMERA_POINT[0]), lon=str(CAMERA_POINT[1]))]
    with databases.transaction() as session:
        service.import_csv(session, ADMIN, write_csv(inventory), settings)
    results = [CheckResult(code=code, at=now - timedelta(minutes=minutes), ok=True, latency_ms=latency, video=True
                           if code == "CAM-D1" else None)
               for code in ("SW-D1", "CAM-D1") for minutes, latency in ((12, 10.0), (11, 30.0))]
    with databases.transaction() as session:
        service.record_results(session, results, now - timedelta(minutes=11), settings)
    write_incidents(databases, [
        ("incident", incident("INS-2026-000001", now - timedelta(days=1), lat=-7.2591, lon=112.7441)),  # ~15 m
        ("incident", incident("INS-2026-000002", now - timedelta(days=2), lat=-7.2680, lon=112.7440)),  # ~1 km
        ("incident", incident("INS-2026-000003", now - timedelta(days=40), lat=-7.2590, lon=112.7440)),  # too old
    ])
    EtlRunner(databases).run_once()
    return Services(settings, databases, None)


def test_a_camera_shows_its_state_parent_latency_history_and_incidents_near_it(services):
    detail = live.device_detail(services, CITY, "CAM-D1", now_minute())
    assert (detail["kind"], detail["state"]) == ("camera", "UP")
    assert [p["code"] for p in detail["parents"]] == ["SW-D1"] and detail["children"] == []
    assert list(detail["events"]["state"]) == ["UP", "UNKNOWN"]  # newest first: UNKNOWN from its registration
    minutes = detail["minute_latency"]
    assert list(minutes["checks"]) == [1, 1] and list(minutes["mean_ms"]) == [10.0, 30.0]
    assert list(detail["daily_latency"]["mean_ms"]) in ([20.0], [10.0, 30.0])  # one city day, or two at midnight
    near = detail["incidents"]
    assert list(near["incident_number"]) == ["INS-2026-000001"] and near["distance_m"].iloc[0] < 30


def test_a_switch_lists_its_children_and_no_incidents(services):
    detail = live.device_detail(services, CITY, "SW-D1", now_minute())
    assert [(c["code"], c["state"]) for c in detail["children"]] == [("CAM-D1", "UP")]
    assert detail["incidents"] is None


def test_a_device_outside_the_viewers_scope_does_not_exist_for_him(services):
    assert live.device_detail(services, OTHER_OPD, "CAM-D1") is None
    assert live.device_detail(services, CITY, "NO-SUCH") is None and live.device_detail(services, CITY, None) is None


def test_the_detail_panel_shows_the_latency_and_the_incidents(services):
    import json

    import plotly.graph_objects as go
    from dash import dcc

    from layouts.components import infra_builders as builders

    panel = builders.device_detail(live.device_detail(services, CITY, "CAM-D1", now_minute()))
    text = json.dumps(panel.to_plotly_json(), default=str)
    assert "Pemeriksaan berhasil: 100,0%" in text and "INS-2026-000001" in text and "INS-2026-000003" not in text
    graphs = [child for child in _walk(panel) if isinstance(child, dcc.Graph)]
    assert len(graphs) == 2 and go.Figure(graphs[0].figure).data[0].y == (10.0, 30.0)  # per minute, per day


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children] if children is not None else []:
        if hasattr(child, "to_plotly_json"):
            yield from _walk(child)
