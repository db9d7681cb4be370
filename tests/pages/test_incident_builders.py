"""The pure builders of the 112 views: what the wall, the Insiden page and the analysis page draw
from given data, checked without a browser; every figure passes go.Figure's validation here."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pandas as pd
import plotly.graph_objects as go

import geo
from core.settings import MapSettings
from layouts.components import incident_builders as b
from layouts.components import incident_charts as c

NOW = datetime(2026, 12, 2, 7, 0, tzinfo=timezone.utc)
ACTIVE = pd.DataFrame([
    {"number": "INS-1", "category_name": "Kebakaran bangunan", "priority": 1, "status": "open", "breach": True,
     "lat": -7.25, "lon": 112.75},
    {"number": "INS-2", "category_name": "Banjir / genangan", "priority": 2, "status": "on_scene", "breach": False,
     "lat": -7.30, "lon": 112.70},
    {"number": "INS-3", "category_name": "Parkir liar", "priority": 3, "status": "dispatched", "breach": False,
     "lat": None, "lon": None},  # no point yet: listed, not drawn
])
UNITS = pd.DataFrame([{"code": "DPKP-FE-01", "agency_code": "DPKP", "status": "en_route", "lat": -7.26, "lon": 112.74},
                      {"code": "DINKES-AM-01", "agency_code": "DINKES", "status": "available", "lat": -7.28, "lon": 112.72}])


def texts(component) -> str:
    return json.dumps(component.to_plotly_json(), default=lambda o: o.to_plotly_json(), ensure_ascii=False)


def test_the_live_map_colours_incidents_by_state_and_carries_their_numbers_for_the_drill_down():
    figure = b.live_map(ACTIVE, UNITS, "/k.geojson", MapSettings(), geo.centroids("kecamatan"))
    go.Figure(figure)
    traces = {t["name"]: t for t in figure["data"]}
    assert traces["breach"]["customdata"] == ["INS-1"] and traces["breach"]["marker"]["color"] == b.INCIDENT_COLOURS["breach"]
    assert traces["on_scene"]["customdata"] == ["INS-2"]
    assert traces["waiting"]["customdata"] == []  # INS-3 has no point
    assert traces["breach"]["marker"]["size"][0] > traces["on_scene"]["marker"]["size"][0]  # P1 larger than P2
    assert traces["unit"]["marker"]["color"] == [b.AGENCY_COLOURS["DPKP"], b.AGENCY_COLOURS["DINKES"]]
    assert len(traces["kecamatan"]["locations"]) == 31


def test_an_empty_city_draws_an_empty_map_not_an_error():
    empty = ACTIVE.iloc[0:0]
    figure = b.live_map(empty, UNITS.iloc[0:0], "/k.geojson", MapSettings(), geo.centroids("kecamatan"))
    go.Figure(figure)
    assert all(t.get("customdata", []) == [] for t in figure["data"] if t["name"] in b.INCIDENT_COLOURS)


def test_active_by_priority_counts_and_names_the_late_ones():
    shown = texts(b.active_by_priority(ACTIVE))
    assert "1 lewat 7 menit" in shown and shown.count("lewat 7 menit") == 1


def test_units_rows_mark_an_agency_with_no_unit_available():
    rows = b.units_rows(pd.DataFrame({"agency_code": ["DPKP", "DINKES"], "available": [0, 5], "in_service": [10, 8]}),
                        {"DPKP": "PMK", "DINKES": "Dinkes"})
    assert rows[0] == {"label": "Dinkes", "value": 62.5, "display": "5/8", "tone": "ok"}
    assert rows[1]["tone"] == "bad" and rows[1]["display"] == "0/10"


def test_the_promise_today_shows_the_share_in_time_and_the_percentiles():
    shown = texts(b.promise_today({"met": 9, "breached": 3, "p50_seconds": 330, "p90_seconds": 610}, 7))
    assert "75%" in shown and "9 dari 12" in shown and "P50 5:30 mnt" in shown and "P90 10:10 mnt" in shown
    assert "bad" in shown or "warn" in shown  # 75% is not "ok"
    assert "—" in texts(b.promise_today({}, 7))  # nothing measured yet: a dash, not 0%


def test_the_stage_banner_says_the_stage_and_a_different_proposal():
    shown = texts(b.stage_banner({"stage": 2, "reason": "hujan deras", "proposed": 4, "proposed_reason": "3 instansi tanpa unit"}))
    assert "TAHAP 2" in shown and "Mobilisasi" in shown and "Usulan sistem: tahap 4" in shown
    assert "Usulan" not in texts(b.stage_banner({"stage": 3, "proposed": 3}))


def test_the_detail_shows_clocks_units_calls_and_the_timeline():
    incident = {"number": "INS-1", "category_name": "Kebakaran bangunan", "priority": 1, "status": "dispatched",
                "place": "Genteng", "received_at": datetime(2026, 12, 2, 6, 50, tzinfo=timezone.utc), "breach": True,
                "intervals": {"processing": 75, "response": None},
                "dispatches": [{"unit_code": "DPKP-FE-01", "agency_code": "DPKP", "status": "en_route", "turnout": 50}],
                "calls": [{"received_at": NOW, "source": "call_112", "caller_masked": "0812****89", "repeat_caller": True}],
                "cameras": ["CAM-0001"], "timeline": [{"at": NOW, "kind": "created", "text": "Insiden dibuat", "actor": "op1"}],
                "nearby_cameras": [{"code": "CAM-0042", "name": "Simpang Genteng", "state": "NO_VIDEO", "distance_m": 120}]}
    shown = texts(b.incident_detail(incident, NOW))
    for expected in ("INS-1", "10 mnt", "1:15 mnt", "DPKP-FE-01", "Dalam perjalanan", "0812****89", "penelepon berulang",
                     "CAM-0001", "Insiden dibuat", "Lewat janji 7 menit", "CAM-0042", "Menyala, tanpa video", "120 m"):
        assert expected in shown, expected


def test_percentile_charts_sort_the_slowest_first_and_draw_the_promise():
    rows = pd.DataFrame({"code": ["DPKP", "DINKES", "BPBD"], "p50": [200, 300, None], "p90": [400, 700, None],
                         "count": [5, 8, 0]})
    figure = c.percentile_figure(rows, {"DINKES": "Dinkes"}, 7)
    go.Figure(figure)
    assert figure["data"][1]["x"] == [11.67, 6.67]  # P90 in minutes, slowest first; BPBD unmeasured
    assert figure["data"][0]["y"][0] == "Dinkes (8)"
    assert figure["layout"]["shapes"][0]["x0"] == 7


def test_compliance_prank_utilisation_and_heat_figures():
    days = pd.DataFrame({"day": ["2026-12-01", "2026-12-02"], "met": [3, 0], "breached": [1, 0]})
    figure = c.compliance_figure(days, 7)
    assert figure["data"][0]["y"] == [75.0]  # a day with nothing measured is left out
    prank = c.prank_figure(pd.DataFrame({"day": ["2026-12-01"], "calls": [400], "prank": [200]}))
    assert prank["data"][1]["y"] == [50.0]
    for built in (figure, prank, c.utilisation_figure(pd.DataFrame({"agency_code": ["DPKP"], "utilisation_pct": [12.34]}), {}),
                  c.heat_figure(pd.DataFrame({"lat": [-7.25], "lon": [112.7], "incidents": [3]}), MapSettings()),
                  c.hour_figure(pd.DataFrame({"code": [0, 13], "p50": [300, 360], "p90": [500, 800], "count": [3, 4]}), 7)):
        go.Figure(built)
    assert "Tidak ada" in json.dumps(c.compliance_figure(days.iloc[0:0], 7))


def test_the_busy_shares_put_the_busiest_first_and_break_ties_by_agency():
    rows = pd.DataFrame({"agency_code": ["SATPOL", "PMK", "DINKES", "BPBD", "DISHUB"],
                         "utilisation_pct": [40.0, 62.5, 40.0, None, 40.0]})
    figure = c.utilisation_figure(rows, {"PMK": "Damkar"})
    assert figure["data"][0]["y"] == ["Damkar", "DINKES", "DISHUB", "SATPOL"]  # BPBD unmeasured: left out
    assert figure["data"][0]["x"] == [62.5, 40.0, 40.0, 40.0]
    assert "Tidak ada" in json.dumps(c.utilisation_figure(rows.iloc[3:4], {}))


def test_the_kpi_cards_show_minutes_and_shares():
    cards = json.dumps([card.to_plotly_json() for card in c.kpi_cards(
        {"p50_seconds": 300, "p90_seconds": 540, "within_promise_pct": 81.0, "incidents": 1234,
         "top_categories": [("Kecelakaan lalu lintas", 500)], "prank_pct": 49.6, "calls": 2400}, 7)],
        default=lambda o: o.to_plotly_json(), ensure_ascii=False)
    for expected in ("5:00 mnt", "9:00 mnt", "81%", "1.234", "Kecelakaan lalu lintas 500", "50%", "2.400"):
        assert expected in cards, expected


def test_the_fleet_per_agency_counts_available_and_in_service_units():
    from data.incident_desk import fleet_by_agency

    units = pd.DataFrame({"agency_code": ["PMK", "DINKES", "PMK", "PMK", "DINKES"],
                          "status": ["available", "out_of_service", "en_route", "available", "on_scene"]})
    fleet = fleet_by_agency(units)
    assert fleet.to_dict("records") == [{"agency_code": "DINKES", "available": 0, "in_service": 1},
                                        {"agency_code": "PMK", "available": 2, "in_service": 3}]
    assert fleet_by_agency(units.iloc[:0]).empty
