"""The complaint analysis page (/pengaduan): its callbacks on the known data set
(tests/synthetic_complaints.py: known_snapshots), the role and scope checks, and the pure builders."""

import base64
import io
import re
from datetime import date, datetime, timedelta, timezone

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

import geo
from core.services import Services
from core.settings import MapSettings
from core.users import Viewer, issue_kiosk_token
from data.complaints import queries
from layouts.components import complaint_charts as charts
from layouts.components.maps import GLYPHS_URL

GENTENG, TAMBAKSARI, WONOKROMO = "35.78.07", "35.78.10", "35.78.04"
KETABANG = "35.78.07.1004"
URGENT_TICKETS = [f"ADU-TEST-{i:06d}" for i in (6, 9, 5, 2, 1, 7, 11)]  # past due, or due within 30 min
PERSONAL_COLUMNS = {"description", "address", "reporter_name", "reporter_contact", "external_id"}


@pytest.fixture
def backend():  # the web layer is the same on both backends; the database tests cover PostgreSQL
    return "sqlite"


@pytest.fixture
def services(settings, databases, complaint_marts):
    return Services(settings, databases, None)


@pytest.fixture
def as_user(client, make_user, login, complaint_marts):
    """Logs the test client in as a new user of this role and scope."""

    def log_in(role, **scope):
        make_user(f"user-{role}", role, **scope)
        assert login(f"user-{role}").status_code == 302

    return log_in


def answer(response, component, prop):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"][component][prop]


def map_figure(dash_callback, measure="count", drill=None):
    # the dates are sent as changed too, so the callback draws the whole figure (not a Patch)
    response = dash_callback("pengaduan-map-caption", {
        "pengaduan-measure.value": measure, "pengaduan-drill.data": drill,
        "pengaduan-dates.start_date": None, "pengaduan-dates.end_date": None})
    return answer(response, "pengaduan-map", "figure"), answer(response, "pengaduan-map-caption", "children")


def plain(values) -> list:
    """A figure array as a list: Plotly sends numeric arrays as typed arrays ({dtype, bdata})."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def values_by_code(figure) -> dict:
    trace = next(t for t in figure["data"] if t["name"] == "nilai")
    return dict(zip(plain(trace["locations"]), plain(trace["z"])))


# --- the map ---------------------------------------------------------------------------------------

def test_map_counts_complaints_per_kecamatan_for_the_city(as_user, dash_callback):
    as_user("pimpinan")
    figure, caption = map_figure(dash_callback)
    z = values_by_code(figure)
    assert len(z) == 31
    assert z[TAMBAKSARI] == 4 and z[GENTENG] == 5 and z[WONOKROMO] == 2
    assert sum(z.values()) == 11  # the 12th complaint has no place yet
    assert figure["data"][1]["geojson"] == "/geo/kecamatan.geojson"
    assert "31 kecamatan" in caption


def test_click_on_a_kecamatan_drills_into_its_kelurahan(as_user, dash_callback):
    as_user("pimpinan")
    click = {"points": [{"location": GENTENG, "curveNumber": 1}]}
    response = dash_callback("pengaduan-drill", {"pengaduan-map.clickData": click})
    assert answer(response, "pengaduan-drill", "data") == GENTENG
    assert answer(response, "pengaduan-back", "style") == {}  # the way back is shown

    figure, caption = map_figure(dash_callback, drill=GENTENG)
    z = values_by_code(figure)
    assert len(z) == 5 and z[KETABANG] == 5 and sum(z.values()) == 5
    assert figure["data"][1]["geojson"] == "/geo/kelurahan.geojson"
    assert caption.startswith("Kecamatan Genteng · 5 kelurahan")
    west, south, east, north = geo.load_boundaries("kecamatan").set_index("code").geometry[GENTENG].bounds
    centre = figure["layout"]["map"]["center"]  # the map zooms to Genteng itself
    assert centre["lat"] == pytest.approx((south + north) / 2) and centre["lon"] == pytest.approx((west + east) / 2)


def test_back_to_the_city_ends_the_drill(as_user, dash_callback):
    as_user("pimpinan")
    response = dash_callback("pengaduan-drill", {"pengaduan-back.n_clicks": 1, "pengaduan-drill.data": GENTENG})
    assert answer(response, "pengaduan-drill", "data") is None
    assert answer(response, "pengaduan-back", "style") == {"display": "none"}


def test_a_click_on_something_that_is_no_kecamatan_does_not_drill(as_user, dash_callback):
    as_user("pimpinan")
    response = dash_callback("pengaduan-drill", {"pengaduan-map.clickData": {"points": [{"location": "x' OR 1"}]}})
    assert answer(response, "pengaduan-drill", "data") is None


def test_a_camat_starts_in_his_kecamatan(as_user, dash_callback):
    as_user("camat", kecamatan_code=GENTENG)
    assert answer(dash_callback("pengaduan-drill", {}), "pengaduan-drill", "data") == GENTENG


def test_colour_by_rate_per_1000_residents(as_user, dash_callback, services):
    as_user("pimpinan")
    population = queries.dimension_table(services, "kecamatan").set_index("code")["population_demo"]
    z = values_by_code(map_figure(dash_callback, "rate")[0])
    assert z[GENTENG] == pytest.approx(5 * 1000 / population[GENTENG], abs=1e-3)
    assert z[TAMBAKSARI] == pytest.approx(4 * 1000 / population[TAMBAKSARI], abs=1e-3)
    assert z["35.78.28"] == 0


def test_colour_by_first_response_sla(as_user, dash_callback):
    as_user("pimpinan")
    figure = map_figure(dash_callback, "sla")[0]
    z = values_by_code(figure)
    assert z[TAMBAKSARI] == pytest.approx(33.3)  # 5 met; 6 and 7 breached; 8 still pending
    assert z[GENTENG] == pytest.approx(66.7) and z[WONOKROMO] == 100
    assert z["35.78.28"] is None  # nothing measured: drawn grey by the layer beneath
    assert figure["data"][1]["zmax"] == 100


def test_switching_only_the_measure_sends_a_patch_of_the_colours(as_user, dash_callback):
    as_user("pimpinan")
    response = dash_callback("pengaduan-map-caption", {"pengaduan-measure.value": "sla"})
    patch = answer(response, "pengaduan-map", "figure")
    [operation] = patch["operations"]
    assert operation["location"] == ["data", 1]
    z = operation["params"]["value"]["z"]
    assert len(z) == 31 and sorted(v for v in z if v is not None) == [33.3, 66.7, 100.0]
    assert "locations" not in operation["params"]["value"]


# --- breakdowns, KPIs, scope ---------------------------------------------------------------------------

def test_breakdowns_use_readable_names(as_user, dash_callback):
    as_user("pimpinan")
    response = dash_callback("pengaduan-by-opd", {"pengaduan-dates.start_date": None})
    by_opd = answer(response, "pengaduan-by-opd", "figure")["data"][0]
    assert plain(by_opd["y"])[:2] == ["DLH", "Bina Marga"] and plain(by_opd["x"])[:2] == [5, 4]
    assert "Triase command center" in by_opd["y"]
    channels = answer(response, "pengaduan-by-channel", "figure")["data"][0]["y"]
    assert set(channels) == {"Situs web", "WhatsApp", "Twitter/X"}
    sla = answer(response, "pengaduan-sla-opd", "figure")["data"]
    assert sla[0]["y"] == ["Bina Marga", "DLH", "Dishub"]  # worst first response first: 33.3, 66.7, 100


def test_an_opd_user_sees_only_his_opd_even_when_asking_for_another(as_user, dash_callback):
    as_user("opd", opd_code="DLH")
    crafted = dash_callback("pengaduan-by-opd", {"pengaduan-opd.value": ["DSDABM"]})
    assert crafted.status_code == 200
    text = crafted.get_data(as_text=True)
    assert "Bina Marga" not in text and "Jalan rusak" not in text and "DSDABM" not in text
    assert answer(crafted, "pengaduan-by-opd", "figure")["data"] == []  # nothing to draw

    own = dash_callback("pengaduan-by-opd", {"pengaduan-opd.value": None})
    assert answer(own, "pengaduan-by-opd", "figure")["data"][0]["y"] == ["DLH"]
    z = values_by_code(map_figure(dash_callback)[0])
    assert z[TAMBAKSARI] == 0 and z[GENTENG] == 5


def test_an_opd_user_finds_his_opd_preselected_and_locked(as_user, dash_callback):
    as_user("opd", opd_code="DLH")
    response = dash_callback("pengaduan-opd", {})
    assert answer(response, "pengaduan-opd", "value") == ["DLH"]
    assert answer(response, "pengaduan-opd", "disabled") is True


def test_an_opd_user_granted_the_city_view_may_choose(as_user, dash_callback):
    as_user("opd", opd_code="DLH", city_wide=True)
    response = dash_callback("pengaduan-opd", {})
    assert answer(response, "pengaduan-opd", "value") == [] and answer(response, "pengaduan-opd", "disabled") is False


def test_kpis_for_the_period(as_user, dash_callback):
    as_user("pimpinan")
    text = dash_callback("pengaduan-kpis", {}).get_data(as_text=True)
    assert '"12"' in text and "57,1%" in text and "30,0 menit" in text  # received, within SLA, median


# --- the open queue, one complaint, the export -----------------------------------------------------------

def test_open_queue_lists_the_urgent_complaints(as_user, dash_callback, services):
    as_user("pimpinan")
    rows = answer(dash_callback("pengaduan-queue", {}), "pengaduan-queue", "data")
    assert [row["ticket"] for row in rows] == URGENT_TICKETS
    first = rows[0]
    kelurahan = queries.names_of(services, "kelurahan")["35.78.10.1008"]
    assert first == first | {"id": 6, "category": "Jalan rusak / berlubang", "opd": "Bina Marga",
                             "kelurahan": kelurahan, "status": "Diteruskan ke OPD", "stage": "Tanggapan pertama",
                             "state": charts.OVERDUE}
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", first["due"])
    triage = rows[-1]
    assert triage["opd"] == "Triase command center" and triage["state"] == charts.SOON


def test_open_queue_of_an_opd_user(as_user, dash_callback):
    as_user("opd", opd_code="DLH")
    rows = answer(dash_callback("pengaduan-queue", {"pengaduan-opd.value": ["DSDABM"]}), "pengaduan-queue", "data")
    assert rows == []
    rows = answer(dash_callback("pengaduan-queue", {}), "pengaduan-queue", "data")
    assert {row["opd"] for row in rows} == {"DLH"} and len(rows) == 2


def test_a_row_opens_the_complaint_detail(as_user, dash_callback):
    as_user("pimpinan")
    cell = {"row": 0, "column": 0, "column_id": "ticket", "row_id": 6}
    text = dash_callback("pengaduan-detail", {"pengaduan-queue.active_cell": cell}).get_data(as_text=True)
    assert "Aduan ADU-TEST-000006" in text and "Bina Marga" in text and "Tambaksari" in text
    assert "Terlambat" in text  # the first response SLA was breached


def test_the_detail_of_another_opd_complaint_is_refused(as_user, dash_callback):
    as_user("opd", opd_code="DLH")
    cell = {"row": 0, "column": 0, "row_id": 6}
    text = dash_callback("pengaduan-detail", {"pengaduan-queue.active_cell": cell}).get_data(as_text=True)
    assert "di luar cakupan" in text and "ADU-TEST-000006" not in text


def export_link(dash_callback, values) -> str:
    href = answer(dash_callback("pengaduan-export", values), "pengaduan-export", "href")
    assert href.startswith("/unduh/pengaduan.csv?")
    return href


def test_csv_export_holds_the_selected_rows_and_no_personal_data(as_user, client, dash_callback):
    as_user("pimpinan")
    href = export_link(dash_callback, {"pengaduan-opd.value": ["DSDABM"]})
    response = client.get(href)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert re.search(r'attachment; filename="pengaduan_\d{8}-\d{8}\.csv"', response.headers["Content-Disposition"])
    assert response.headers["Cache-Control"] == "no-store"
    frame = read_export(response)
    assert sorted(frame["Tiket"]) == [f"ADU-TEST-{i:06d}" for i in (5, 6, 7, 8)]
    assert set(frame["OPD"]) == {"Bina Marga"}
    assert not PERSONAL_COLUMNS & set(frame.columns)
    assert set(frame.columns) <= {charts.EXPORT_HEADERS[c] for c in charts.EXPORT_COLUMNS}


def test_csv_export_follows_the_drill_and_the_dates(as_user, client, dash_callback):
    as_user("pimpinan")
    href = export_link(dash_callback, {"pengaduan-drill.data": TAMBAKSARI})
    frame = read_export(client.get(href))
    assert set(frame["Kode kecamatan"]) == {TAMBAKSARI} and len(frame) == 4
    nothing = client.get("/unduh/pengaduan.csv?start=2001-01-01&end=2001-01-31").get_data(as_text=True)
    assert nothing.splitlines() == ["\ufeff" + ";".join(charts.EXPORT_HEADERS[c] for c in charts.EXPORT_COLUMNS)]


def test_csv_export_of_an_opd_user_keeps_to_his_opd(as_user, client, dash_callback):
    as_user("opd", opd_code="DLH")
    response = client.get("/unduh/pengaduan.csv?opd=DSDABM")  # a crafted link asking for another OPD
    assert response.status_code == 200 and read_export(response).empty
    frame = read_export(client.get(export_link(dash_callback, {})))
    assert set(frame["Kode OPD"]) == {"DLH"} and len(frame) > 0


def read_export(response) -> pd.DataFrame:
    """The CSV as Excel set to Indonesian reads it: a UTF-8 BOM, `;` between fields, decimal commas."""
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff") and text.count("\ufeff") == 1
    return pd.read_csv(io.StringIO(text[1:]), sep=";", decimal=",", dtype=str, keep_default_na=False)


def test_the_csv_export_is_for_excel_in_indonesian(as_user, client, dash_callback):
    as_user("pimpinan")
    response = client.get(export_link(dash_callback, {}))
    frame = read_export(response)
    assert set(frame["Status"]) <= set(charts.STATUS_NAMES.values())  # statuses in words, not codes
    assert set(frame["SLA tanggapan pertama"]) <= {*charts.SLA_NAMES.values(), ""}
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", when) for when in frame["Diterima (WIB)"])
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4}", day) for day in frame["Tanggal diterima"])
    located = [value for value in frame["Lintang"] if value]
    assert located and all("," in value and "." not in value for value in located)  # -7,26 not -7.26


def test_the_xlsx_export_holds_the_same_rows(as_user, client, dash_callback):
    from openpyxl import load_workbook

    as_user("pimpinan")
    csv_href = export_link(dash_callback, {"pengaduan-opd.value": ["DSDABM"]})
    xlsx_href = dash_callback("pengaduan-export-xlsx", {"pengaduan-export.href": csv_href}).get_json()
    xlsx_href = xlsx_href["response"]["pengaduan-export-xlsx"]["href"]
    assert xlsx_href == csv_href.replace(".csv?", ".xlsx?")
    response = client.get(xlsx_href)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert 'filename="pengaduan_' in response.headers["Content-Disposition"] and ".xlsx" in response.headers[
        "Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.get_data())).active.values)
    header, body = rows[0], rows[1:]
    assert header[:2] == ("Tiket", "Diterima (WIB)")
    assert sorted(row[0] for row in body) == [f"ADU-TEST-{i:06d}" for i in (5, 6, 7, 8)]
    assert all(isinstance(row[1], datetime) for row in body)  # real dates Excel can sort and filter


def test_csv_export_needs_a_login_and_a_page_role(client, databases, complaint_marts, as_user):
    assert client.get("/unduh/pengaduan.csv").status_code in (302, 401)
    with databases.transaction() as session:
        _token, secret = issue_kiosk_token(session, "wall")
    client.get(f"/kiosk/{secret}")
    for path in ("/unduh/pengaduan.csv", "/unduh/pengaduan.xlsx"):
        response = client.get(path)
        assert response.status_code == 403 and "ADU-TEST" not in response.get_data(as_text=True)


# --- who may call ------------------------------------------------------------------------------------------

CALLBACK_OUTPUTS = ["pengaduan-opd", "pengaduan-drill", "pengaduan-map-caption", "pengaduan-kpis",
                    "pengaduan-by-opd", "pengaduan-queue", "pengaduan-detail", "pengaduan-export",
                    "pengaduan-export-xlsx"]


@pytest.mark.parametrize("output", CALLBACK_OUTPUTS)
def test_a_kiosk_gets_403_from_every_callback(client, databases, dash_callback, complaint_marts, output):
    with databases.transaction() as session:
        _token, secret = issue_kiosk_token(session, "wall")
    client.get(f"/kiosk/{secret}")
    values = {"pengaduan-queue.active_cell": {"row": 0, "column": 0, "row_id": 6}}
    response = dash_callback(output, values)
    assert response.status_code == 403
    assert "ADU-TEST" not in response.get_data(as_text=True)


def test_an_rt_rw_user_may_not_open_the_page(client, as_user, dash_callback):
    as_user("rt_rw", kelurahan_code=KETABANG, rw=1)
    assert client.get("/pengaduan").status_code == 403
    assert dash_callback("pengaduan-queue", {}).status_code == 403


def test_the_page_opens_for_a_pimpinan_and_is_in_his_menu(client, as_user):
    as_user("pimpinan")
    assert client.get("/pengaduan").status_code == 200
    shell = client.get("/_dash-layout").get_data(as_text=True)
    assert "Pengaduan" in shell
    assert "Pimpinan (Kantor Wali Kota)" in shell  # the role in words, not its code


# --- the data function the detail panel calls ----------------------------------------------------------------

def test_complaint_detail_reads_the_fact_row_within_scope(services):
    city, dlh = Viewer("1", "p", "pimpinan"), Viewer("2", "dlh", "opd", opd_code="DLH")
    row = queries.complaint_detail(services, city, 6)
    assert row["ticket"] == "ADU-TEST-000006" and row["first_response_sla"] == "breached"
    assert queries.complaint_detail(services, dlh, 6) is None  # DSDABM's complaint
    assert queries.complaint_detail(services, dlh, 1)["opd_code"] == "DLH"
    assert queries.complaint_detail(services, city, 999) is None


# --- the builders, without the app -----------------------------------------------------------------------------

def summary_frame():
    return pd.DataFrame({"code": ["A", "B", "C"], "name": ["Alfa", "Beta", "Gama"], "received": [3.0, 0.0, 1.0],
                         "rate_per_1000": [0.5, 0.0, 0.25], "response_sla_pct": [50.0, None, 100.0]})


def labels():
    return pd.DataFrame({"code": ["A", "B", "C"], "name": ["Alfa", "Beta", "Gama"], "lat": [-7.2, -7.3, -7.25],
                         "lon": [112.7, 112.75, 112.8]})


def test_district_style_per_measure():
    summary = summary_frame()
    count = charts.district_style(summary, "count", 60)
    assert count["z"] == [3, 0, 1] and count["zmax"] == 3
    assert charts.district_style(summary, "rate", 60)["z"] == [0.5, 0.0, 0.25]
    sla = charts.district_style(summary, "sla", 60)
    assert sla["z"] == [50.0, None, 100.0] and (sla["zmin"], sla["zmax"]) == (0, 100)
    assert "60 menit" in sla["colorbar"]["title"]["text"]


def test_district_map_draws_a_grey_layer_under_the_values():
    figure = charts.district_map_figure(summary_frame(), "kecamatan", "/g.geojson", "sla", MapSettings(), 60, labels())
    base, values, names = figure["data"]
    assert base["locations"] == values["locations"] == ["A", "B", "C"]
    assert base["name"] == "wilayah" and not base["showscale"]
    assert names["mode"] == "text" and names["text"] == list(labels()["name"])  # readable without hovering
    layout = figure["layout"]
    assert layout["map"]["style"]["glyphs"] == GLYPHS_URL and layout["uirevision"] == "kecamatan:None"
    genteng = (112.73, -7.27, 112.76, -7.25)  # west, south, east, north
    zoomed = charts.district_map_figure(summary_frame(), "kelurahan", "/g.geojson", "count", MapSettings(), 60,
                                        labels(), bounds=genteng)["layout"]["map"]
    assert zoomed["center"]["lat"] == pytest.approx(-7.26) and zoomed["center"]["lon"] == pytest.approx(112.745)
    assert MapSettings().zoom + 2 < zoomed["zoom"] < MapSettings().zoom + 4  # 0.03° wide, the city 0.25°


def test_breakdown_bars_largest_first_with_names():
    counts = pd.DataFrame({"code": ["X", "Y", "", "Z"], "received": [1, 4, 2, 0]})
    figure = charts.breakdown_figure(counts, {"X": "Iks", "Y": "Ye", "": "Triase"})
    assert figure["data"][0]["y"] == ["Ye", "Triase", "Iks"] and figure["data"][0]["x"] == [4, 2, 1]
    assert figure["layout"]["yaxis"] == {"automargin": True, "autorange": "reversed"}  # first row at the top
    assert charts.breakdown_figure(counts.iloc[0:0], {})["data"] == []


def test_sla_per_opd_worst_first_and_unmeasured_left_out():
    counts = pd.DataFrame({"code": ["A", "B", "C", "D"], "response_sla_pct": [90.0, 40.0, None, None],
                           "feedback_sla_pct": [None, 80.0, 10.0, None]})
    figure = charts.sla_by_opd_figure(counts, {"A": "Alfa", "B": "Beta", "C": "Gama"}, 60, 1440)
    assert figure["data"][0]["y"] == ["Beta", "Alfa", "Gama"]
    assert figure["data"][0]["x"] == [40.0, 90.0, None] and figure["data"][0]["text"] == ["40%", "90%", "—"]
    assert figure["data"][1]["name"] == "Umpan balik ≤ 24 jam"


def test_the_chart_dicts_are_valid_plotly_figures():
    """The builders skip go.Figure's validation on each request (it cost most of the callback);
    go.Figure checks every property here instead, and would raise on a misspelt one."""
    trend = pd.DataFrame({"day": [date(2026, 11, 1), date(2026, 11, 2)], "received": [3, 0], "resolved": [1, 2]})
    counts = pd.DataFrame({"code": ["A", "B"], "received": [4, 2], "response_sla_pct": [90.0, None],
                           "feedback_sla_pct": [50.0, 80.0]})
    built = [charts.trend_figure(trend), charts.breakdown_figure(counts, {"A": "Alfa"}),
             charts.sla_by_opd_figure(counts, {"A": "Alfa"}, 60, 1440), charts.empty_figure(),
             *(charts.district_map_figure(summary_frame(), "kecamatan", "/g.geojson", measure, MapSettings(), 60,
                                          labels())
               for measure in charts.MEASURES)]
    for figure in built:
        assert go.Figure(figure).to_dict()["layout"]["template"] == figure["layout"]["template"]  # the same look
    assert built[0]["data"][0]["x"] == ["2026-11-01", "2026-11-02"] and built[0]["data"][1]["y"] == [1, 2]


def test_the_map_colours_are_spelt_out_as_go_figure_sends_them():
    """Plotly.js knows YlOrRd reversed and no RdYlGn: a name sent as it is (as the measure's
    Patch did) would recolour the map wrongly."""
    for measure, name in (("count", "YlOrRd"), ("rate", "YlOrRd"), ("sla", "RdYlGn")):
        spelt = go.Choroplethmap(colorscale=name).colorscale
        sent = charts.district_style(summary_frame(), measure, 60)["colorscale"]
        assert [colour for _, colour in sent] == [colour for _, colour in spelt]
        assert [stop for stop, _ in sent] == pytest.approx([stop for stop, _ in spelt])
    assert charts.district_style(summary_frame(), "count", 60)["colorscale"][0] == [0.0, "rgb(255,255,204)"]


def test_queue_rows_mark_the_overdue():
    now = datetime(2026, 11, 2, 3, 0, tzinfo=timezone.utc)
    queue = pd.DataFrame({
        "complaint_id": [1, 2], "ticket": ["T1", "T2"], "category_code": ["SAMPAH", "?"], "opd_code": ["DLH", ""],
        "kelurahan_code": ["K1", ""], "status": ["dispatched", "responded"],
        "first_response_at": [pd.NaT, pd.Timestamp(now)],
        "due_at": [pd.Timestamp(now - timedelta(minutes=1)), pd.Timestamp(now + timedelta(minutes=10))]})
    names = {"category": {"SAMPAH": "Sampah"}, "opd": {"DLH": "DLH", "": "Triase"}, "kelurahan": {"K1": "Satu"}}
    first, second = charts.queue_rows(queue, names, now)
    assert first == {"id": 1, "ticket": "T1", "category": "Sampah", "opd": "DLH", "kelurahan": "Satu",
                     "status": "Diteruskan ke OPD", "stage": "Tanggapan pertama", "due": "02/11/2026 09:59",
                     "remaining": "terlambat 1 menit", "state": charts.OVERDUE}
    assert second["remaining"] == "10 menit lagi"
    assert second["state"] == charts.SOON and second["stage"] == "Umpan balik" and second["category"] == "?"


def test_export_frame_keeps_only_allowed_columns_in_wib():
    rows = pd.DataFrame({"ticket": ["T1"], "channel": ["web"], "category_code": ["SAMPAH"], "opd_code": ["DLH"],
                         "kecamatan_code": ["K"], "kelurahan_code": ["KL"], "reporter_name": ["Budi"],
                         "received_at": pd.to_datetime(["2026-11-02T01:00:00Z"])})
    names = {"channel": {"web": "Situs web"}, "category": {}, "opd": {"DLH": "DLH"}, "kecamatan": {}, "kelurahan": {}}
    frame = charts.export_frame(rows, names)
    assert "reporter_name" not in frame and frame.loc[0, "channel_name"] == "Situs web"
    assert frame.loc[0, "category_name"] == "SAMPAH"  # unknown code: the code itself
    assert frame.loc[0, "received_at"].hour == 8  # 01:00 UTC is 08:00 WIB


def test_text_helpers():
    assert charts.duration_text(60) == "60 menit" and charts.duration_text(1440) == "24 jam"
    assert charts.wib_text(datetime(2026, 11, 2, 17, 30, tzinfo=timezone.utc)) == "03/11/2026 00:30"
    assert charts.wib_text(None) == "—" and charts.wib_text(pd.NaT) == "—"


def test_kpi_cards_show_the_change_against_the_previous_period():
    figures = {"current": {"received": 12, "first_response_within_sla_pct": 57.1, "feedback_within_sla_pct": None,
                           "median_response_minutes": 30.0, "backlog": 10},
               "previous": {"received": 10, "first_response_within_sla_pct": 60.0, "feedback_within_sla_pct": None,
                            "median_response_minutes": None}}
    cards = charts.kpi_cards(figures, 60, 1440)
    values = [card.children[0].children for card in cards]
    assert values == ["12", "57,1%", "—", "30,0 menit", "10"]
    sla_change = cards[1].children[2].children
    assert sla_change.className == "change-bad" and sla_change.children == "▼ 2,9 poin dari periode sebelumnya"


def test_detail_panel_without_a_row_says_so():
    [message] = charts.detail_panel(None, {}, 60, 1440)
    assert "di luar cakupan" in message.children
