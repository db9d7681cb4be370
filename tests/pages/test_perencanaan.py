"""Perencanaan (/perencanaan) and the policy map (/perencanaan/kebijakan): who may open them and call
their callbacks, the funnel's drill-down from the city to a kecamatan's kelurahan and then to the
single proposals (each linking to its public page), a camat and a lurah kept in their area, and no
personal data in anything the pages send.

The marts hold the known round of tests/synthetic_planning.py (Genteng and Tambaksari, 2027) and
the module's sample (modules/planning/sample.py, Karang Pilang, 2025 and 2026), written through
the real proposal service by RT/RW heads with user names and addresses that must never show."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from etl.runner import EtlRunner
from layouts.components.ids_perencanaan import Kebijakan as K, Perencanaan as P
from layouts.components.planning_charts import PROPOSAL_HEADERS
from modules.planning.sample import write_sample
from synthetic_complaints import snapshot, write_snapshots
from synthetic_planning import known_round, write

GENTENG, KETABANG, EMBONG = "35.78.07", "35.78.07.1004", "35.78.07.1001"
ROUND = {f"{P.YEAR}.value": 2027}


@pytest.fixture
def backend():  # the web layer is the same on both backends; the database tests cover PostgreSQL
    return "sqlite"


@pytest.fixture
def marts(databases, settings):
    write(databases, known_round())
    write_sample(databases, settings)
    # three flooding complaints in Ketabang a month ago (inside the page's default 90 days)
    write_snapshots(databases, [snapshot(i, category_code="SALURAN_BANJIR", opd_code="DSDABM") for i in range(1, 4)])
    EtlRunner(databases).run_once()
    return databases


@pytest.fixture
def as_user(client, make_user, login, marts):
    def log_in(role, **scope):
        make_user(f"user-{role}", role, **scope)
        assert login(f"user-{role}").status_code == 302

    return log_in


def answer(dash_callback, output: str, values: dict) -> dict:
    response = dash_callback(output, values)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()["response"]


def drill(dash_callback, values: dict) -> dict:
    return answer(dash_callback, P.DRILL, values)[P.DRILL]["data"]


def show(dash_callback, state: dict, year: int = 2027) -> dict:
    return answer(dash_callback, P.BREADCRUMB, {f"{P.YEAR}.value": year, f"{P.DRILL}.data": state})


def bar_labels(shown: dict) -> list[str]:
    return shown[P.AREA]["figure"]["data"][0]["y"]


def links(component) -> list[str]:
    """Every href inside a serialised component."""
    found = []
    if isinstance(component, list):
        for each in component:
            found += links(each)
    elif isinstance(component, dict):
        props = component.get("props", {})
        if props.get("href"):
            found.append(props["href"])
        found += links(props.get("children"))
    return found


def area_click(code: str) -> dict:
    return {f"{P.AREA}.clickData": {"points": [{"customdata": code, "y": "x"}]}}


# --- who may open ---------------------------------------------------------------------------------

@pytest.mark.parametrize("role, scope", [("admin", {}), ("pimpinan", {}), ("perencana", {}),
                                         ("camat", {"kecamatan_code": GENTENG}),
                                         ("lurah", {"kelurahan_code": KETABANG})])
def test_the_planning_roles_open_both_pages(client, as_user, dash_callback, role, scope):
    as_user(role, **scope)
    assert client.get("/perencanaan").status_code == 200
    assert client.get("/perencanaan/kebijakan").status_code == 200
    assert dash_callback(P.BREADCRUMB, {**ROUND, f"{P.DRILL}.data": None}).status_code == 200
    assert dash_callback(K.RANKING, {f"{K.CATEGORY}.value": "SALURAN_BANJIR"}).status_code == 200


@pytest.mark.parametrize("role, scope", [("operator", {}), ("opd", {"opd_code": "DSDABM"}),
                                         ("rt_rw", {"kelurahan_code": KETABANG, "rw": 1})])
def test_other_roles_get_403_from_the_pages_and_every_callback(client, as_user, dash_callback, role, scope):
    as_user(role, **scope)
    assert client.get("/perencanaan").status_code == 403
    assert client.get("/perencanaan/kebijakan").status_code == 403
    for output in (P.YEAR, P.DRILL, P.BREADCRUMB, K.CATEGORY, K.RANKING, K.PROFILE):
        response = dash_callback(output, {**ROUND, f"{K.CATEGORY}.value": "SALURAN_BANJIR"})
        assert response.status_code == 403, output
        assert "P1" not in response.get_data(as_text=True)


# --- the drill-down -------------------------------------------------------------------------------

def test_the_drill_down_goes_from_the_city_to_the_kelurahan_then_to_the_proposals(as_user, dash_callback):
    as_user("perencana")
    setup = answer(dash_callback, P.YEAR, {f"{P.PAGE}.id": P.PAGE})
    assert setup[P.YEAR]["value"] == 2027 and [o["value"] for o in setup[P.YEAR]["options"]] == [2027, 2026, 2025]

    city = drill(dash_callback, {})
    assert city == {"kecamatan": None, "kelurahan": None, "stage": None}
    shown = show(dash_callback, city)
    assert bar_labels(shown)[:2] == ["Genteng", "Tambaksari"]
    assert "P1" not in json.dumps(shown[P.PROPOSALS])  # no single proposals at the city level

    genteng = drill(dash_callback, {**area_click(GENTENG), f"{P.DRILL}.data": city})
    assert genteng == {"kecamatan": GENTENG, "kelurahan": None, "stage": None}
    shown = show(dash_callback, genteng)
    assert bar_labels(shown) == ["Ketabang", "Embong Kaliasin"]          # the kelurahan level
    assert shown[P.BREADCRUMB]["children"] == "Kecamatan Genteng · per kelurahan"
    assert shown[P.BACK]["style"] == {}

    ketabang = drill(dash_callback, {**area_click(KETABANG), f"{P.DRILL}.data": genteng})
    assert ketabang == {"kecamatan": GENTENG, "kelurahan": KETABANG, "stage": None}
    shown = show(dash_callback, ketabang)
    assert sorted(links(shown[P.PROPOSALS]["children"])) == ["/usulan/P1", "/usulan/P2", "/usulan/P3"]
    assert bar_labels(shown) == ["RW 01", "RW 02"]
    table = json.dumps(shown[P.PROPOSALS])
    assert "Tidak layak dilaksanakan" in table and "Masuk rencana kerja" in table  # P3's reason, P1's status

    # a stage chosen on the funnel narrows the proposals to those that reached it
    planned = drill(dash_callback, {f"{P.FUNNEL}.clickData": {"points": [{"customdata": "planned"}]},
                                    f"{P.DRILL}.data": ketabang})
    assert planned["stage"] == "planned"
    assert sorted(links(show(dash_callback, planned)[P.PROPOSALS]["children"])) == ["/usulan/P1", "/usulan/P2"]

    back = drill(dash_callback, {f"{P.BACK}.n_clicks": 1, f"{P.DRILL}.data": ketabang})
    assert back == genteng


def test_the_funnel_rejections_and_share_show_the_round(as_user, dash_callback):
    as_user("perencana")
    shown = show(dash_callback, {"kecamatan": None, "kelurahan": None, "stage": None})
    funnel = shown[P.FUNNEL]["figure"]["data"][0]
    assert funnel["x"] == [7, 5, 3, 2, 2, 2, 1, 1, 2] and funnel["customdata"][0] == "proposed"
    rejections = shown[P.REJECTIONS]["figure"]["data"][0]
    assert rejections["y"][:2] == ["Usulan ganda", "Tidak layak dilaksanakan"] and rejections["x"][:2] == [1, 1]
    for output in (P.FUNNEL, P.AREA, P.REJECTIONS):  # plain dicts that Plotly itself accepts
        go.Figure(shown[output]["figure"])
    assert shown[P.FUNNEL]["figure"]["layout"]["xaxis"]["dtick"] == 1  # no half proposals on the axis
    share = json.dumps(shown[P.SHARE]["children"])
    assert "Rp 27,5 juta" in share and "2 usulan musrenbang" in share and "tahun 2028" in share


def test_a_camat_starts_in_his_kecamatan_and_cannot_drill_out(as_user, dash_callback):
    as_user("camat", kecamatan_code=GENTENG)
    start = drill(dash_callback, {})
    assert start == {"kecamatan": GENTENG, "kelurahan": None, "stage": None}
    assert drill(dash_callback, {f"{P.BACK}.n_clicks": 1, f"{P.DRILL}.data": start}) == start
    crafted = {"kecamatan": "35.78.10", "kelurahan": "35.78.10.1008", "stage": None}  # Tambaksari
    shown = show(dash_callback, crafted)
    assert bar_labels(shown) == ["Ketabang", "Embong Kaliasin"] and shown[P.BACK]["style"] == {"display": "none"}
    assert shown[P.FUNNEL]["figure"]["data"][0]["x"][0] == 5  # Genteng's five proposals only


def test_a_lurah_sees_his_own_kelurahan_proposals_only(as_user, dash_callback):
    as_user("lurah", kelurahan_code=EMBONG)
    start = drill(dash_callback, {})
    assert start == {"kecamatan": GENTENG, "kelurahan": EMBONG, "stage": None}
    shown = show(dash_callback, {"kecamatan": GENTENG, "kelurahan": KETABANG, "stage": None})  # not his
    assert sorted(links(shown[P.PROPOSALS]["children"])) == ["/usulan/P4", "/usulan/P5"]


def test_nothing_personal_reaches_the_page(as_user, dash_callback):
    """The sample's proposals were filed by RT/RW heads (user names sample-rw-...) with addresses
    ("Gang 1") and photos: the page lists them by number, place down to the RW, item and outcome."""
    as_user("perencana")
    city = {"kecamatan": None, "kelurahan": None, "stage": None}
    kelurahan = {"kecamatan": "35.78.01", "kelurahan": "35.78.01.1001", "stage": None}
    for year in (2025, 2026):
        shown = show(dash_callback, kelurahan, year)
        text = json.dumps(shown)
        assert links(shown[P.PROPOSALS]["children"]) and all(
            href.startswith("/usulan/USL-") for href in links(shown[P.PROPOSALS]["children"]))
        headers = [cell["props"]["children"] for cell in
                   shown[P.PROPOSALS]["children"][1]["props"]["children"][0]["props"]["children"]["props"]["children"]]
        assert tuple(headers) == PROPOSAL_HEADERS
        for personal in ("sample-rw", "sample-lurah", "sample-camat", "Gang ", "lokasi.png", "proposer"):
            assert personal not in text, personal
        assert "sample-rw" not in json.dumps(show(dash_callback, city, year))


# --- the policy map -------------------------------------------------------------------------------

def test_the_policy_map_ranks_the_kelurahan_and_opens_a_profile(as_user, dash_callback):
    as_user("perencana")
    setup = answer(dash_callback, K.CATEGORY, {f"{K.PAGE}.id": K.PAGE})
    assert setup[K.CATEGORY]["value"] == "SALURAN_BANJIR" and len(setup[K.CATEGORY]["options"]) >= 8
    shown = answer(dash_callback, K.RANKING, {f"{K.CATEGORY}.value": "SALURAN_BANJIR"})
    ranking = json.dumps(shown[K.RANKING]["children"])
    assert "Ketabang" in ranking                    # three flooding complaints and no drain works accepted
    trace = shown[K.MAP]["figure"]["data"][0]
    scores = dict(zip(trace["locations"], trace["z"]))
    assert scores[KETABANG] == 3.0 and len(scores) == 153
    go.Figure(shown[K.MAP]["figure"])
    profile = answer(dash_callback, K.PROFILE, {f"{K.MAP}.clickData": {"points": [{"location": KETABANG}]}})
    assert "Kelurahan Ketabang" in json.dumps(profile[K.PROFILE]["children"])


def test_the_policy_map_greys_the_rest_of_the_city_for_a_lurah(as_user, dash_callback):
    as_user("lurah", kelurahan_code=EMBONG)
    shown = answer(dash_callback, K.RANKING, {f"{K.CATEGORY}.value": "SALURAN_BANJIR"})
    data = shown[K.MAP]["figure"]["data"]
    assert data[0]["locations"] == [EMBONG]
    assert data[1]["name"] == "luar" and KETABANG in data[1]["locations"]
    assert "Ketabang" not in json.dumps(shown[K.RANKING])
    profile = answer(dash_callback, K.PROFILE, {f"{K.MAP}.clickData": {"points": [{"location": KETABANG}]}})
    assert "Kelurahan Ketabang" not in json.dumps(profile)  # not his: no profile


def test_the_share_is_set_against_the_apbd_of_the_year_the_round_is_built_in(as_user, dash_callback, marts):
    """The round of 2027 is built in 2028: its planned proposals' cost against the 2028 APBD (the
    budget mart's ceilings at December); a district's view does not set them against the city's."""
    from data.planning.budget_tables import AggPlanningBudgetMonthly

    rows = [dict(year=2028, month=month, opd_code=opd, account_group="5.2", ceiling_rupiah=ceiling,
                 realised_rupiah=0, realised_cumulative_rupiah=0)
            for month in (11, 12) for opd, ceiling in (("DSDABM", 1_000_000_000), ("DPRKPP", 1_750_000_000))]
    with marts.warehouse.begin() as connection:
        connection.execute(AggPlanningBudgetMonthly.__table__.insert(), rows)
    as_user("perencana")
    share = json.dumps(show(dash_callback, {"kecamatan": None, "kelurahan": None, "stage": None})[P.SHARE]["children"])
    assert "dari APBD 2028" in share and "1,00" in share, share  # Rp 27,5 juta of Rp 2,75 miliar
    as_user("camat", kecamatan_code=GENTENG)
    share = json.dumps(show(dash_callback, {"kecamatan": GENTENG, "kelurahan": None, "stage": None})[P.SHARE]["children"])
    assert "dari APBD 2028 (" not in share and "seluruh kota" in share, share
