"""The Anggaran page through its callbacks on the known budget (tests/synthetic_planning_budget.py)
and a 2026 budget: the S-curve against the year before, physical against financial per OPD, the
drill-down to an OPD's sub kegiatan by a click, the lagging lines; roles without the page get 403;
an OPD user reads his own OPD only, whatever he asks for; a malformed year is a 400."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

import synthetic_planning_budget
from etl.planning.budget_job import budget_job, log_pages
from etl.runner import EtlRunner
from layouts.components.ids_anggaran import Anggaran as A
from synthetic_planning_budget import MODAL, SUB_A, SUB_B, SUB_C, YEAR, line, payment


@pytest.fixture
def backend():  # the web layer is the same on both backends; tests/data covers the queries on PostgreSQL
    return "sqlite"


@pytest.fixture
def as_user(make_user, login, databases):
    last_year = line(20, 10, "DSDABM", SUB_A, MODAL, 100, year=YEAR - 1)
    synthetic_planning_budget.write(databases, synthetic_planning_budget.known_budget()
                                    + [last_year, payment(20, last_year[1], f"{YEAR - 1}-06-15", 40)])
    EtlRunner(databases, jobs=[budget_job(log_pages)]).run_once()

    def log_in(name, role, **scope):
        make_user(name, role, **scope)
        assert login(name).status_code == 302

    return log_in


def answer(response, component, prop):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"][component][prop]


def click_on(client, code):
    """The drill-down callback (its output, the OPD choice's value, is shared by no other)."""
    spec = next(d for d in client.get("/_dash-dependencies").get_json() if d["output"] == f"{A.OPD}.value")
    clicked = {"points": [{"customdata": code}]}
    inputs = [{"id": i["id"], "property": i["property"], "value": clicked} for i in spec["inputs"]]
    return client.post("/_dash-update-component", json={
        "output": spec["output"], "outputs": {"id": A.OPD, "property": "value"}, "inputs": inputs, "state": [],
        "changedPropIds": [f"{A.PROGRESS}.clickData"]})


def traces(figure) -> dict[str, dict]:
    go.Figure(figure)  # a valid Plotly figure
    return {trace["name"]: trace for trace in figure["data"]}


def test_the_city_sees_the_s_curve_against_last_year_and_every_opd(as_user, dash_callback):
    as_user("pimpinan1", "pimpinan")
    years = dash_callback(A.YEAR, {})
    assert answer(years, A.YEAR, "options") == [{"label": "2027", "value": 2027}, {"label": "2026", "value": 2026}]
    response = dash_callback(A.CURVE, {f"{A.YEAR}.value": YEAR})
    curve = traces(answer(response, A.CURVE, "figure"))
    assert set(curve) == {"2027", "2026"}
    assert curve["2026"]["y"][4:7] == [0.0, 40.0, 40.0] and len(curve["2026"]["y"]) == 12  # paid 40 of 100 in June
    assert curve["2027"]["y"][:3] == [0.0, 2.4, 21.4][:len(curve["2027"]["y"])]  # 5, then 45 of 210
    progress = answer(response, A.PROGRESS, "figure")
    points = {code: (x, y) for trace in traces(progress).values()
              for code, x, y in zip(trace["customdata"], trace["x"], trace["y"])}
    assert points == {"DSDABM": (43.8, 78.6), "DISHUB": (10.0, 0.0)}
    assert "pilih OPD" in answer(response, A.SUBS_TITLE, "children")
    assert answer(response, A.CAPTION, "children").startswith("Kota Surabaya · tahun anggaran 2027")
    opds = dash_callback(A.OPD, {f"{A.YEAR}.value": YEAR})
    assert [o["value"] for o in answer(opds, A.OPD, "options")] == ["DISHUB", "DSDABM"]


def test_a_click_on_an_opd_drills_into_its_sub_kegiatan(as_user, dash_callback, client):
    as_user("perencana1", "perencana")
    clicked = click_on(client, "DSDABM")
    assert answer(clicked, A.OPD, "value") == "DSDABM"
    response = dash_callback(A.SUBS, {f"{A.YEAR}.value": YEAR, f"{A.OPD}.value": "DSDABM"})
    bars = traces(answer(response, A.SUBS, "figure"))
    assert bars["Keuangan"]["y"] == [SUB_A, SUB_B] and bars["Keuangan"]["x"] == [50.0, 25.0]
    assert bars["Fisik"]["x"] == [78.6, None]  # B has no work: no bar, not 0 %
    assert answer(response, A.SUBS_TITLE, "children") == "Progres per sub kegiatan: Bina Marga"  # DSDABM's name


def test_last_years_unpaid_line_is_listed_as_lagging(as_user, dash_callback):
    as_user("admin1", "admin")
    response = dash_callback(A.LAGGING, {f"{A.YEAR}.value": YEAR - 1})
    rows = answer(response, A.LAGGING, "data")
    assert [(r["sub_kegiatan_code"], r["account_code"], r["financial"], r["physical"]) for r in rows] == \
        [(SUB_A, MODAL, "40,0%", "—")]  # 40 of 100 paid, the year (nearly) gone
    assert rows[0]["lagging"].startswith("keuangan, ")
    assert answer(response, A.LAGGING_CAPTION, "children").startswith("1 rekening")


def test_an_opd_reads_its_own_budget_whatever_it_asks(as_user, dash_callback):
    as_user("dishub1", "opd", opd_code="DISHUB")
    response = dash_callback(A.CURVE, {f"{A.YEAR}.value": YEAR})
    curve = traces(answer(response, A.CURVE, "figure"))
    assert set(curve) == {"2027"} and curve["2027"]["y"][1:2] in ([10.0], [])  # 5 of 50; no 2026 budget
    assert [t["customdata"] for t in traces(answer(response, A.PROGRESS, "figure")).values()] == [["DISHUB"]]
    assert traces(answer(response, A.SUBS, "figure"))["Keuangan"]["y"] == [SUB_C]  # his own, drilled at once
    other = dash_callback(A.CURVE, {f"{A.YEAR}.value": YEAR, f"{A.OPD}.value": "DSDABM"})
    assert answer(other, A.CURVE, "figure")["data"] == []  # another OPD's budget: nothing
    assert "DSDABM" not in json.dumps(answer(other, A.PROGRESS, "figure"))
    assert [o["value"] for o in answer(dash_callback(A.OPD, {f"{A.YEAR}.value": YEAR}), A.OPD, "options")] == \
        ["DISHUB"]


@pytest.mark.parametrize("role, scope", [("operator", {}), ("camat", {"kecamatan_code": "35.78.07"}),
                                         ("rt_rw", {"kelurahan_code": "35.78.07.1004", "rw": 1})])
@pytest.mark.parametrize("output", [A.CURVE, A.YEAR, A.OPD, A.PROGRESS + "-click"])
def test_roles_without_the_page_are_refused(as_user, dash_callback, client, role, scope, output):
    as_user(f"{role}1", role, **scope)
    if output.endswith("-click"):
        response = click_on(client, "DSDABM")
    else:
        response = dash_callback(output, {f"{A.YEAR}.value": YEAR})
    assert response.status_code == 403
    assert client.get("/anggaran").status_code in (302, 403)


@pytest.mark.parametrize("year", ["abc", 1999, [2027], True])
def test_a_malformed_year_is_refused(as_user, dash_callback, year):
    as_user("admin1", "admin")
    response = dash_callback(A.CURVE, {f"{A.YEAR}.value": year})
    assert response.status_code == 400 and "year" in response.get_data(as_text=True)
