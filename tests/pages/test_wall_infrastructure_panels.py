"""The wall's infrastructure panels: per-kind counts with their tone, one fault per root cause with
what it hides, the blind-spot map's colours and the ticker's items, built from the known fleet
(tests/synthetic_infrastructure.py) through the real marts."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from synthetic_infrastructure import NOW, known_fleet, write

from core.services import Services
from core.settings import MapSettings
from core.users import Viewer
from etl.infrastructure.job import infrastructure_job
from etl.runner import EtlRunner
from layouts.components import wall_infrastructure_panels as panels
from layouts.components.wall_panels import registered_panels

CITY = Viewer("1", "operator", "operator")


@pytest.fixture
def services(settings, databases):
    write(databases, known_fleet())
    EtlRunner(databases, jobs=[infrastructure_job(clock=lambda: NOW)]).run_once()
    return Services(settings, databases, None)


def text_of(component) -> str:
    return json.dumps(component.to_plotly_json(), default=lambda value: value.to_plotly_json())


def test_the_kinds_count_up_devices_and_say_what_is_down_or_hidden():
    by_state = pd.DataFrame({"kind": ["camera"] * 3 + ["switch"], "state": ["UP", "DOWN", "UNREACHABLE", "UP"],
                             "devices": [8, 1, 1, 3]})
    cameras, switches = panels.kind_rows(by_state)
    assert (cameras["label"], cameras["display"], cameras["tone"]) == ("Kamera CCTV", "8/10 · 1 mati · 1 tersembunyi",
                                                                       "bad")
    assert cameras["value"] == pytest.approx(80.0)
    assert (switches["display"], switches["tone"]) == ("3/3", "ok")
    hidden_only = panels.kind_rows(pd.DataFrame({"kind": ["camera", "camera"], "state": ["UP", "UNREACHABLE"],
                                                 "devices": [5, 5]}))
    assert hidden_only[0]["tone"] == "warn"


def test_a_switch_down_is_one_fault_naming_the_cameras_it_hides(services):
    faults = text_of(panels.render_faults(services, CITY))
    assert "SW-2" in faults and "menyembunyikan 1 perangkat" in faults  # CAM-4 behind SW-2
    assert "fault:CAM-4" not in faults and "fault:SW-2" in faults  # the hidden camera is no fault of its own
    assert "CAM-3" in faults  # a camera down on its own is its own fault


def test_the_ticker_lists_the_newest_changes_by_device(services):
    ticker = panels.render_ticker(services, CITY)
    items = ticker.children.children[0].children  # the first of the track's two copies
    codes = [item.to_plotly_json()["props"]["data-item"] for item in items]
    assert codes[0] == "CAM-4" and set(codes) >= {"SW-2", "CAM-3"}  # CAM-4 went UNREACHABLE last, at 09:05
    assert "Tak terjangkau" in text_of(items[0])


def test_the_blind_spot_map_colours_measured_kelurahan_only():
    kelurahan = pd.DataFrame({"kelurahan_code": ["35.78.07.1004", "35.78.10.1008"], "cameras": [2, 1],
                              "availability_pct": [97.5, None]})
    figure = panels.blind_spot_map(kelurahan, {"35.78.07.1004": "Ketabang"}, "/geo/kelurahan.geojson", MapSettings())
    trace = figure["data"][0]
    assert trace["locations"] == ["35.78.07.1004"] and list(trace["z"]) == [97.5]
    assert trace["text"] == ["Ketabang: 97.5% (2 kamera)"]
    assert figure["layout"]["map"]["style"]["sources"]  # never an empty object (see maps.NO_SOURCES)


def test_the_panels_join_the_wall():
    keys = {panel.key for panel in registered_panels()}
    assert {"infra-kinds", "infra-faults", "infra-blind-spots", "infra-ticker"} <= keys
