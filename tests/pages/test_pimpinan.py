"""KPI Pimpinan (/pimpinan): the callbacks on the known data set (tests/synthetic_complaints.py),
role checks, CSV export, and the pure builders in layouts/components/kpi_cards.py."""

import io
import math
import re
from datetime import date, datetime, timedelta, timezone

import pandas as pd
import plotly.graph_objects as go
import pytest

from bench.dash_requests import response_key
from core.users import issue_kiosk_token
from layouts.components import kpi_cards
from layouts.components.ids_pimpinan import Pimpinan
from layouts.components.kpi_cards import HIGHER, LOWER, NEUTRAL, KpiSpec

WEEK = {f"{Pimpinan.PERIOD}.value": "7", f"{Pimpinan.MONTH}.value": None}


@pytest.fixture
def backend():  # the web layer is the same on both backends; the database tests cover PostgreSQL
    return "sqlite"


@pytest.fixture
def as_pimpinan(make_user, login, complaint_marts):
    make_user("walikota", "pimpinan")
    assert login("walikota").status_code == 302


def texts(component) -> str:
    """Every string inside a serialised Dash component, joined by spaces."""
    if isinstance(component, str):
        return component
    if isinstance(component, (int, float)):
        return str(component)
    if isinstance(component, list):
        return " ".join(texts(c) for c in component)
    if isinstance(component, dict):
        return texts(component.get("props", {}).get("children") or "")
    return ""


def find(component, component_id: str):
    """The serialised component with this id, searched depth first."""
    if isinstance(component, list):
        return next((f for f in (find(c, component_id) for c in component) if f is not None), None)
    if isinstance(component, dict):
        props = component.get("props", {})
        if props.get("id") == component_id:
            return component
        return find(props.get("children"), component_id)
    return None


def card_parts(cards, key: str) -> dict:
    """{'value': ..., 'change': ..., 'tone': ...} of the card for one KPI key."""
    value, change, previous = find(cards, f"pimpinan-kpi-{key}")["props"]["children"][1:]
    return {"value": texts(value["props"]["children"][0]), "change": " ".join(texts(change).split()),
            "tone": change["props"]["className"].split()[-1], "previous": texts(previous)}


def table_rows(table) -> list[list[str]]:
    body = table["props"]["children"][1]
    return [[texts(cell) for cell in row["props"]["children"]] for row in body["props"]["children"]]


def show_period(dash_callback, values=WEEK) -> dict:
    response = dash_callback(Pimpinan.TREND, values)
    assert response.status_code == 200
    return response.get_json()["response"]


COMPLAINT_CARDS = Pimpinan.domain_cards("complaints")


def complaint_cards(dash_callback, values=WEEK) -> list:
    """The complaints domain's cards: their own request, as the page sends one per domain."""
    response = dash_callback(COMPLAINT_CARDS, values)
    assert response.status_code == 200
    return response.get_json()["response"][response_key(COMPLAINT_CARDS)]["children"]


# --- callbacks --------------------------------------------------------------------------------

def test_kpi_cards_show_the_known_figures(as_pimpinan, dash_callback):
    cards = complaint_cards(dash_callback)
    assert card_parts(cards, "received")["value"] == "12"
    assert card_parts(cards, "backlog")["value"] == "10"
    assert card_parts(cards, "median_response_minutes")["value"] == "30,0"  # 12, 20, 30, 50, 95
    assert card_parts(cards, "first_response_within_sla_pct")["value"] == "57,1"  # 4 of 7


def test_cards_compare_with_the_previous_period(as_pimpinan, dash_callback, databases):
    from etl.runner import EtlRunner
    from synthetic_complaints import snapshot, write_snapshots

    ten_days_ago = datetime.now(timezone.utc) - timedelta(days=10)
    write_snapshots(databases, [snapshot(40, received_at=ten_days_ago, status="responded",
                                         first_response_at=ten_days_ago + timedelta(minutes=90),
                                         first_response_breached_at=ten_days_ago + timedelta(minutes=61))])
    EtlRunner(databases).run_once()
    cards = complaint_cards(dash_callback)

    received = card_parts(cards, "received")
    assert received["change"] == "▲ +1.100,0%" and received["previous"] == "sebelumnya 1"
    assert received["tone"] == "change-neutral"  # more complaints is neither better nor worse
    response = card_parts(cards, "first_response_within_sla_pct")
    assert response["change"] == "▲ +57,1 poin" and response["tone"] == "change-better"
    median = card_parts(cards, "median_response_minutes")  # 90 before, 30 now: down is better
    assert median["change"] == "▼ −66,7%" and median["tone"] == "change-better"
    assert card_parts(cards, "backlog")["change"] == "tidak ada pembanding"  # backlog is a position now


def test_the_print_header_names_the_period(as_pimpinan, dash_callback):
    from data.complaints.queries import city_today

    header = texts(show_period(dash_callback)[Pimpinan.PRINT_HEADER]["children"])
    assert f"Periode: {kpi_cards.indonesian_date(city_today() - timedelta(days=6))}" in header
    assert "Dibuat:" in header and "WIB" in header


def test_opd_ranking_puts_the_worst_compliance_first(as_pimpinan, dash_callback, app):
    from data.complaints.queries import names_of

    names = names_of(app.server.extensions["pantau"], "opd")
    rows = table_rows(show_period(dash_callback)[Pimpinan.OPD_TABLE]["children"])
    assert [row[0] for row in rows] == [names["DSDABM"], names["DLH"], names["DISHUB"], names[""]]
    assert rows[0][1:4] == ["4", "33,3", "0,0"]  # DSDABM: 1 of 3 responses and 0 of 1 feedback in time
    assert rows[-1][2] == "–"  # the triage queue has nothing measured yet


def test_kecamatan_ranking_lists_every_kecamatan_busiest_per_resident_first(as_pimpinan, dash_callback):
    rows = table_rows(show_period(dash_callback)[Pimpinan.KECAMATAN_TABLE]["children"])
    assert len(rows) == 31
    assert {row[0] for row in rows[:3]} == {"Genteng", "Tambaksari", "Wonokromo"}
    assert rows[-1][1] == "0"


def test_the_trend_covers_every_day_of_the_period(as_pimpinan, dash_callback):
    figure = show_period(dash_callback, {**WEEK, f"{Pimpinan.PERIOD}.value": "30"})[Pimpinan.TREND]["figure"]
    bars = figure["data"][0]
    assert len(bars["x"]) == 30 and values(bars["y"]).sum() == 12


def values(array):
    """A figure array as numbers; Plotly sends numeric arrays as base64 typed arrays."""
    import base64

    import numpy as np

    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])
    return np.asarray(array)


def read_export(content: str, **options) -> pd.DataFrame:
    """The CSV as Excel set to Indonesian reads it: a UTF-8 BOM, `;` between fields, decimal commas."""
    assert content.startswith("\ufeff")
    return pd.read_csv(io.StringIO(content[1:]), sep=";", decimal=",", dtype={"Kode": str}, **options)


def test_a_ranking_csv_is_for_excel_in_indonesian(as_pimpinan, dash_callback):
    values = {f"{Pimpinan.KECAMATAN_CSV_BUTTON}.n_clicks": 1, **WEEK}
    download = dash_callback(Pimpinan.KECAMATAN_CSV, values).get_json()["response"][Pimpinan.KECAMATAN_CSV]["data"]
    header, tambaksari = [line for line in download["content"].splitlines() if line.startswith(("\ufeff", "35.78.10"))]
    assert header == "\ufeffKode;Kecamatan;Diterima;Per 1.000 penduduk;% respons dalam SLA"
    assert re.fullmatch(r"35\.78\.10;Tambaksari;4;\d+,\d{1,2};[\d,]*", tambaksari)  # decimal comma, rounded


def test_each_ranking_has_an_xlsx_export_too(as_pimpinan, dash_callback):
    import base64

    from openpyxl import load_workbook

    values = {f"{Pimpinan.OPD_XLSX_BUTTON}.n_clicks": 1, **WEEK}
    download = dash_callback(Pimpinan.OPD_XLSX, values).get_json()["response"][Pimpinan.OPD_XLSX]["data"]
    assert download["filename"].startswith("peringkat-opd_") and download["filename"].endswith(".xlsx")
    rows = list(load_workbook(io.BytesIO(base64.b64decode(download["content"]))).active.values)
    assert rows[0][:3] == ("Kode", "OPD", "Diterima") and rows[1][0] == "DSDABM" and rows[1][2] == 4
    assert rows[1][3] == pytest.approx(33.3)  # a number Excel computes with, not text
    values = {f"{Pimpinan.KECAMATAN_XLSX_BUTTON}.n_clicks": 1, **WEEK}
    assert dash_callback(Pimpinan.KECAMATAN_XLSX, values).status_code == 200


def test_opd_csv_export(as_pimpinan, dash_callback):
    values = {f"{Pimpinan.OPD_CSV_BUTTON}.n_clicks": 1, **WEEK}
    download = dash_callback(Pimpinan.OPD_CSV, values).get_json()["response"][Pimpinan.OPD_CSV]["data"]
    assert download["filename"].startswith("peringkat-opd_") and download["filename"].endswith(".csv")
    frame = read_export(download["content"], keep_default_na=False)
    assert list(frame.columns) == ["Kode", "OPD", "Diterima", "% respons dalam SLA", "% umpan balik dalam SLA",
                                   "Rata-rata respons (menit)"]
    assert list(frame["Kode"]) == ["DSDABM", "DLH", "DISHUB", ""]
    dsdabm = frame.iloc[0]
    assert dsdabm["Diterima"] == 4 and dsdabm["% respons dalam SLA"] == "33,3"  # empty cells keep this column text


def test_kecamatan_csv_export(as_pimpinan, dash_callback):
    values = {f"{Pimpinan.KECAMATAN_CSV_BUTTON}.n_clicks": 1, **WEEK}
    download = dash_callback(Pimpinan.KECAMATAN_CSV, values).get_json()["response"][Pimpinan.KECAMATAN_CSV]["data"]
    frame = read_export(download["content"]).set_index("Kode")
    assert len(frame) == 31 and frame["Diterima"].sum() == 11  # complaint 11 has no kecamatan
    assert frame.loc["35.78.10", "Diterima"] == 4 and frame.loc["35.78.10", "Kecamatan"] == "Tambaksari"
    assert frame.loc["35.78.07", "Per 1.000 penduduk"] > 0


def test_an_opd_user_gets_403_from_the_page_and_its_callbacks(client, make_user, login, dash_callback,
                                                              complaint_marts):
    make_user("dishub", "opd", opd_code="DISHUB")
    login("dishub")
    assert client.get("/pimpinan").status_code == 403
    assert dash_callback(COMPLAINT_CARDS, WEEK).status_code == 403
    assert dash_callback(Pimpinan.TREND, WEEK).status_code == 403
    assert dash_callback(Pimpinan.OPD_CSV, {f"{Pimpinan.OPD_CSV_BUTTON}.n_clicks": 1, **WEEK}).status_code == 403
    assert dash_callback(Pimpinan.OPD_XLSX, {f"{Pimpinan.OPD_XLSX_BUTTON}.n_clicks": 1, **WEEK}).status_code == 403
    assert "KPI Pimpinan" not in client.get("/_dash-layout").get_data(as_text=True)


def test_a_kiosk_gets_403_from_the_callbacks(client, databases, dash_callback, complaint_marts):
    with databases.transaction() as session:
        _token, secret = issue_kiosk_token(session, "wall")
    client.get(f"/kiosk/{secret}")
    assert dash_callback(COMPLAINT_CARDS, WEEK).status_code == 403
    assert dash_callback(Pimpinan.TREND, WEEK).status_code == 403
    values = {f"{Pimpinan.KECAMATAN_CSV_BUTTON}.n_clicks": 1, **WEEK}
    assert dash_callback(Pimpinan.KECAMATAN_CSV, values).status_code == 403
    values = {f"{Pimpinan.KECAMATAN_XLSX_BUTTON}.n_clicks": 1, **WEEK}
    assert dash_callback(Pimpinan.KECAMATAN_XLSX, values).status_code == 403


@pytest.mark.parametrize("role", ["pimpinan", "admin", "operator"])
def test_the_page_opens_for_its_roles(client, make_user, login, role):
    make_user("someone", role)
    login("someone")
    assert client.get("/pimpinan").status_code == 200
    assert "KPI Pimpinan" in client.get("/_dash-layout").get_data(as_text=True)


# --- pure builders ----------------------------------------------------------------------------

MEDIAN = KpiSpec("median_response_minutes", "Median", "menit", LOWER, decimals=1)
BACKLOG = KpiSpec("backlog", "Backlog", better=LOWER)
RESPONSE = KpiSpec("first_response_within_sla_pct", "Respons", "%", HIGHER, is_percent=True, decimals=1)
RECEIVED = KpiSpec("received", "Diterima")


def test_lower_is_better_going_down_is_green():
    moved = kpi_cards.change(30.0, 60.0, MEDIAN)
    assert (moved.arrow, moved.text, moved.tone) == ("▼", "−50,0%", "better")
    card = kpi_cards.kpi_card(MEDIAN, 30.0, 60.0)
    assert card.children[2].className == "headline-change change-better"


def test_lower_is_better_going_up_is_red():
    moved = kpi_cards.change(12, 10, BACKLOG)
    assert (moved.arrow, moved.text, moved.tone) == ("▲", "+20,0%", "worse")


def test_higher_is_better_changes_in_points():
    assert kpi_cards.change(57.1, 60.0, RESPONSE) == kpi_cards.Change("▼", "−2,9 poin", "worse")
    assert kpi_cards.change(60.0, 57.1, RESPONSE).tone == "better"


def test_neutral_and_missing_comparisons():
    assert kpi_cards.change(12, 10, RECEIVED).tone == NEUTRAL
    assert kpi_cards.change(10, 10, BACKLOG) == kpi_cards.Change("●", "±0,0%", "same")
    assert kpi_cards.change(5, 0, BACKLOG).text == "naik dari 0"
    assert kpi_cards.change(57.1, None, RESPONSE) == kpi_cards.Change("", "tidak ada pembanding", NEUTRAL)


def test_numbers_are_written_the_indonesian_way():
    assert kpi_cards.number(1234.5, 1) == "1.234,5"
    assert kpi_cards.number(None) == kpi_cards.number(math.nan) == "–"


def test_sla_labels_follow_the_settings():
    labels = [spec.label for spec in kpi_cards.kpi_specs(60, 1440)]
    assert "Respons pertama ≤ 60 menit" in labels and "Umpan balik ≤ 24 jam" in labels


def test_period_choices():
    today = date(2026, 11, 18)
    assert kpi_cards.period_filters("7", None, today).start == date(2026, 11, 12)
    assert kpi_cards.period_filters("90", None, today).start == today - timedelta(days=89)
    october = kpi_cards.period_filters("month", "2026-10", today)
    assert (october.start, october.end) == (date(2026, 10, 1), date(2026, 10, 31))
    this_month = kpi_cards.period_filters("month", "2026-11", today)
    assert (this_month.start, this_month.end) == (date(2026, 11, 1), today)  # no future days
    assert [o["value"] for o in kpi_cards.month_options(date(2026, 2, 3), 3)] == ["2026-02", "2026-01", "2025-12"]


def test_opd_ranking_sorts_unmeasured_last():
    counts = pd.DataFrame({"code": ["A", "B", "C"], "received": [3, 5, 1], "response_sla_pct": [90.0, 40.0, None],
                           "feedback_sla_pct": [None, 50.0, None], "mean_response_minutes": [10.0, 70.0, None]})
    ranking = kpi_cards.opd_ranking(counts, {"A": "Dinas A", "B": "Dinas B"})
    assert list(ranking["OPD"]) == ["Dinas B", "Dinas A", "C"]


def test_trend_shows_no_compliance_on_days_with_nothing_measured():
    trend = pd.DataFrame({"day": [date(2026, 11, 1), date(2026, 11, 2)], "received": [0, 2],
                          "response_met": [0, 1], "response_breached": [0, 1], "response_sla_pct": [0, 50.0]})
    figure = kpi_cards.trend_figure(trend)
    line = figure["data"][1]
    assert line["y"] == [None, 50.0]  # None: a gap in the line, not 0%
    axis = figure["layout"]["xaxis"]
    assert axis["dtick"] == 86_400_000 and axis["tickformat"] == "%-d %b"  # days, not hourly ticks
    go.Figure(figure)  # a valid figure: the builder skips go.Figure's checks on each request


def test_a_month_of_the_trend_is_ticked_in_days():
    days = pd.date_range("2026-11-01", "2026-11-30").date
    trend = pd.DataFrame({"day": days, "received": 1, "response_met": 1, "response_breached": 0})
    axis = kpi_cards.trend_figure(trend)["layout"]["xaxis"]
    assert axis["dtick"] == 2 * 86_400_000 and axis["tick0"] == "2026-11-01"


def test_the_month_list_is_enabled_only_for_a_month_period(make_user, login, dash_callback):
    make_user("walikota", "pimpinan")
    login("walikota")
    enabled = dash_callback(Pimpinan.MONTH, {f"{Pimpinan.PERIOD}.value": "month"}).get_json()
    disabled = dash_callback(Pimpinan.MONTH, {f"{Pimpinan.PERIOD}.value": "7"}).get_json()
    assert enabled["response"][Pimpinan.MONTH]["disabled"] is False
    assert disabled["response"][Pimpinan.MONTH]["disabled"] is True
