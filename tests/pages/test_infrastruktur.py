"""The Infrastruktur page through its callbacks on the known fleet (tests/synthetic_infrastructure.py):
devices by state on the map, a switch down and the camera behind it as ONE fault, current outages
with their age, the blind-spot map and the SLA per contract for a period, a device's detail from a
map click or a row; roles without the right get 403; an OPD sees only its own devices."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from infra_page_setup import answer, fill_known_fleet
from layouts.components import infra_builders as builders
from layouts.components.ids_infrastruktur import Infrastruktur as I


@pytest.fixture
def backend():  # the web layer is the same on both backends; tests/data covers the queries on PostgreSQL
    return "sqlite"


@pytest.fixture
def as_user(make_user, login, databases):
    fill_known_fleet(databases)

    def log_in(name, role, **scope):
        make_user(name, role, **scope)
        assert login(name).status_code == 302

    return log_in


def drawn_codes(figure) -> dict[str, list[str]]:
    return {trace["name"]: trace["customdata"] for trace in figure["data"] if trace["type"] == "scattermap"
            and trace.get("customdata")}


def test_a_switch_down_and_the_camera_it_hides_are_one_fault(as_user, dash_callback):
    as_user("operator1", "operator")
    response = dash_callback(I.MAP, {})
    figure = answer(response, I.MAP, "figure")
    go.Figure(figure)  # a valid Plotly figure
    codes = drawn_codes(figure)
    assert codes["Mati (2)"] == ["CAM-3", "SW-2"] and codes["Tak terjangkau (1)"] == ["CAM-4"]
    assert sorted(codes["Normal (3)"]) == ["CAM-1", "CAM-2", "SW-1"]
    faults = json.dumps(answer(response, I.FAULTS, "children"))
    assert faults.count('"data-root"') == 2  # CAM-3 and SW-2: CAM-4 is inside SW-2's card, not a third fault
    assert "menyembunyikan 1 kamera" in faults and '"data-device": "CAM-4"' in faults
    assert "mati sejak 10/11/2026 09:00" in faults  # WIB
    rows = answer(response, I.OUTAGES, "data")
    assert [(r["device_code"], r["root"]) for r in rows] == [("CAM-3", "sendiri"), ("SW-2", "sendiri"),
                                                             ("CAM-4", "SW-2")]  # oldest first
    assert all("hari" in r["age"] for r in rows)
    assert answer(response, I.CAPTION, "children") == "Kota Surabaya · 6 perangkat · 2 gangguan · 3 perangkat bermasalah sekarang"


def test_the_filters_narrow_the_map_by_kind_and_state(as_user, dash_callback):
    as_user("operator1", "operator")
    figure = answer(dash_callback(I.MAP, {f"{I.KIND}.value": ["camera"], f"{I.STATE}.value": ["DOWN", "bogus"]}),
                    I.MAP, "figure")
    assert drawn_codes(figure) == {"Mati (1)": ["CAM-3"]}


def test_a_click_on_a_point_or_a_row_opens_the_device_with_its_history(as_user, dash_callback):
    as_user("pimpinan1", "pimpinan")
    clicked = dash_callback(I.SELECTED, {f"{I.MAP}.clickData": {"points": [{"customdata": "SW-1"}]}})
    assert answer(clicked, I.SELECTED, "data") == "SW-1"
    row = dash_callback(I.SELECTED, {f"{I.OUTAGES}.active_cell": {"row": 1},
                                     f"{I.OUTAGES}.data": [{"device_code": "CAM-3"}, {"device_code": "SW-2"}]})
    assert answer(row, I.SELECTED, "data") == "SW-2"
    detail = json.dumps(answer(dash_callback(I.DETAIL, {f"{I.SELECTED}.data": "SW-1"}), I.DETAIL, "children"))
    assert '"data-device": "SW-1"' in detail and "Normal" in detail
    assert '"data-device": "CAM-1"' in detail and '"data-device": "CAM-2"' in detail  # its children
    assert "09/11/2026 20:00" in detail and "09/11/2026 22:00" in detail  # its outage in the history
    camera = json.dumps(answer(dash_callback(I.DETAIL, {f"{I.SELECTED}.data": "CAM-4"}), I.DETAIL, "children"))
    assert '"data-device": "SW-2"' in camera and "Insiden 112 di dekatnya" in camera  # parent; a camera's incidents


def test_the_blind_spot_map_and_the_sla_follow_the_period(as_user, dash_callback):
    as_user("admin1", "admin")
    response = dash_callback(I.BLIND_SPOTS, {f"{I.DATES}.start_date": "2026-11-09", f"{I.DATES}.end_date": "2026-11-09"})
    figure = answer(response, I.BLIND_SPOTS, "figure")
    go.Figure(figure)
    shown = dict(zip(figure["data"][1]["locations"], figure["data"][1]["z"]))
    assert shown == {"35.78.07.1001": 93.182, "35.78.07.1004": 95.238, "35.78.10.1008": 100.0}
    sla = {r["contract_code"]: r for r in answer(response, I.SLA, "data")}
    assert (sla["CTR-CAM"]["availability"], sla["CTR-CAM"]["met"], sla["CTR-CAM"]["below"]) == ("95,455%", "TIDAK", "2")
    assert answer(response, I.SLA_DOWNLOAD, "href") == "/unduh/infrastruktur-sla.xlsx?start=2026-11-09&end=2026-11-09"


def test_an_opd_sees_only_its_own_devices(as_user, dash_callback):
    as_user("dishub1", "opd", opd_code="DISHUB")  # owns the cameras; DISKOMINFO the switches
    response = dash_callback(I.MAP, {})
    codes = drawn_codes(answer(response, I.MAP, "figure"))
    assert sorted(c for group in codes.values() for c in group) == ["CAM-1", "CAM-2", "CAM-3", "CAM-4"]
    assert [r["device_code"] for r in answer(response, I.OUTAGES, "data")] == ["CAM-3", "CAM-4"]
    faults = json.dumps(answer(response, I.FAULTS, "children"))
    assert '"data-root": "SW-2"' in faults  # the switch hiding his camera is named, as its root cause
    detail = json.dumps(answer(dash_callback(I.DETAIL, {f"{I.SELECTED}.data": "SW-1"}), I.DETAIL, "children"))
    assert "SW-1" not in detail and builders.NO_DEVICE in detail
    sla = answer(dash_callback(I.SLA, {f"{I.DATES}.start_date": "2026-11-09", f"{I.DATES}.end_date": "2026-11-09"}),
                 I.SLA, "data")
    assert [r["contract_code"] for r in sla] == ["CTR-CAM"]


@pytest.mark.parametrize("output", [I.MAP, I.BLIND_SPOTS, I.DETAIL, I.SELECTED])
def test_roles_without_the_page_are_refused(as_user, dash_callback, output):
    as_user("rt1", "rt_rw", kelurahan_code="35.78.07.1004", rw=1, rt=2)
    assert dash_callback(output, {f"{I.SELECTED}.data": "SW-1"}).status_code == 403


def test_a_lurah_sees_the_devices_of_his_kelurahan(as_user, dash_callback):
    as_user("lurah1", "lurah", kelurahan_code="35.78.10.1008")  # Dukuh Setro: CAM-3, SW-2, CAM-4
    rows = answer(dash_callback(I.MAP, {}), I.OUTAGES, "data")
    assert [r["device_code"] for r in rows] == ["CAM-3", "SW-2", "CAM-4"]
    figure = answer(dash_callback(I.BLIND_SPOTS, {f"{I.DATES}.start_date": "2026-11-09",
                                                  f"{I.DATES}.end_date": "2026-11-10"}), I.BLIND_SPOTS, "figure")
    assert figure["data"][1]["locations"] == ["35.78.10.1008"]  # his cameras only
    assert figure["layout"]["map"]["zoom"] > 12  # the map opens on his kelurahan
    greyed = figure["data"][2]
    assert greyed["name"] == "luar" and "35.78.10.1008" not in greyed["locations"] and len(greyed["locations"]) > 100


def test_ages_are_written_in_minutes_hours_and_days():
    assert builders.age_text(3 * 86_400 + 4 * 3600 + 59) == "3 hari 4 jam"
    assert builders.age_text(7_500) == "2 jam 05 mnt" and builders.age_text(None) == "—"


@pytest.mark.parametrize("name", ["start_date", "end_date"])
def test_a_period_outside_the_years_of_the_data_is_refused_naming_the_field(as_user, dash_callback, client, name):
    as_user("admin1", "admin")
    response = dash_callback(I.SLA, {f"{I.DATES}.{name}": "0001-01-01"})
    assert response.status_code == 400 and name in response.get_data(as_text=True)
    download = client.get(f"/unduh/infrastruktur-sla.xlsx?{name.split('_')[0]}=9999-12-31")
    assert download.status_code == 400 and name in download.get_data(as_text=True)


def test_values_no_page_sends_change_nothing(as_user, dash_callback):
    as_user("admin1", "admin")
    figure = answer(dash_callback(I.MAP, {f"{I.KIND}.value": {"x": 1}, f"{I.STATE}.value": "DOWN"}), I.MAP, "figure")
    assert sum(len(codes) for codes in drawn_codes(figure).values()) == 6  # nonsense filters filter nothing
    selected = dash_callback(I.SELECTED, {f"{I.MAP}.clickData": {"points": [{"customdata": ["SW-1"]}]}})
    assert selected.status_code in (200, 204)
    if selected.status_code == 200:
        assert I.SELECTED not in selected.get_json()["response"]
    detail = json.dumps(answer(dash_callback(I.DETAIL, {f"{I.SELECTED}.data": ["SW-1"]}), I.DETAIL, "children"))
    assert builders.NO_DEVICE in detail


def test_the_device_map_draws_each_state_present_with_the_devices_codes_and_names():  # or kinds
    import geo
    import pandas as pd
    from core.settings import MapSettings
    from modules.infrastructure.kinds import DOWN, UP

    states = pd.DataFrame({"device_code": ["CAM-1", "CAM-2", "SW-1", "CAM-3"],
                           "kind": ["camera", "camera", "switch", "camera"],
                           "name": ["Simpang Dukuh", None, "Tunjungan", "Tanpa titik"], "state": [UP, UP, DOWN, UP],
                           "lat": [-7.25, -7.26, -7.27, None], "lon": [112.75, 112.76, 112.77, None]})
    figure = builders.device_map(states, "/k.geojson", MapSettings(), geo.centroids("kecamatan"))
    points = {trace["name"]: trace for trace in figure["data"] if trace["type"] == "scattermap" and trace.get("customdata")}
    up, down = builders.state_name(UP), builders.state_name(DOWN)
    assert set(points) == {f"{up} (2)", f"{down} (1)"}  # CAM-3 has no point: left out
    assert points[f"{up} (2)"]["customdata"] == ["CAM-1", "CAM-2"]
    unnamed = builders.kind_name("camera")
    assert points[f"{up} (2)"]["text"] == ["Simpang Dukuh", unnamed]
    assert points[f"{down} (1)"]["text"] == ["Tunjungan"]
    # each point's hover: its code, its name and its trace's state
    assert points[f"{up} (2)"]["hovertemplate"] == f"%{{customdata}} · %{{text}} · {up}<extra></extra>"
    assert points[f"{down} (1)"]["hovertemplate"] == f"%{{customdata}} · %{{text}} · {down}<extra></extra>"


def test_the_map_is_sent_again_only_when_its_drawing_changes(as_user, dash_callback, databases):
    """The page holds the drawing it shows; a refresh between two ETL commits gets the faults and
    the outages but not the map again; another filter or a commit sends it."""
    from etl.load import bump_versions

    as_user("operator1", "operator")
    first = dash_callback(I.MAP, {})
    drawn = answer(first, I.MAP_DRAWN, "data")
    assert isinstance(drawn, str) and drawn_codes(answer(first, I.MAP, "figure"))
    again = dash_callback(I.MAP, {f"{I.MAP_DRAWN}.data": drawn})
    assert I.MAP not in again.get_json()["response"] and answer(again, I.MAP_DRAWN, "data") == drawn
    assert answer(again, I.OUTAGES, "data") == answer(first, I.OUTAGES, "data")
    cameras = dash_callback(I.MAP, {f"{I.MAP_DRAWN}.data": drawn, f"{I.KIND}.value": ["camera"]})
    assert set(drawn_codes(answer(cameras, I.MAP, "figure"))) and answer(cameras, I.MAP_DRAWN, "data") != drawn
    with databases.warehouse.begin() as connection:
        bump_versions(connection, ["infra_outages"])  # an ETL commit
    committed = dash_callback(I.MAP, {f"{I.MAP_DRAWN}.data": drawn})
    assert drawn_codes(answer(committed, I.MAP, "figure")) and answer(committed, I.MAP_DRAWN, "data") != drawn
