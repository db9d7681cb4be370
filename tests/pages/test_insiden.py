"""The 112 pages through their callbacks, on the real incidents module: a call taken on the desk
becomes an incident on the Insiden map and list, a click on its point opens its timeline, the
suggested unit is dispatched; refusals name the field; an agency representative acts only on his
agency's units; roles without the right get 403."""

from __future__ import annotations

import json

import pytest

from bench.dash_requests import response_key
from core.users import Viewer
from layouts.components.ids_insiden import Insiden as I, Meja as M
from modules.incidents import queries

CHECKER = Viewer(user_id="t:admin", username="checker", role="admin")
pytestmark = pytest.mark.usefixtures("fleet")  # the demo fleet: units to suggest and dispatch


@pytest.fixture
def backend():  # the web layer is the same on both backends; tests/incidents cover PostgreSQL
    return "sqlite"


@pytest.fixture
def as_user(make_user, login):
    def log_in(name, role, **scope):
        make_user(name, role, **scope)
        assert login(name).status_code == 302

    return log_in


def answer(response, component, prop):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"][component][prop]


def take_call(dash_callback, button=M.CREATE, **form):
    values = {f"{button}.n_clicks": 1, f"{M.SOURCE}.value": "call_112", f"{M.DONE}.data": 0,
              f"{M.CALLER}.value": form.pop("caller", "081234567890"), f"{M.INJURED}.value": 0, f"{M.DEAD}.value": 0}
    values.update({f"{key}.value": value for key, value in form.items()})
    response = dash_callback(M.CALL_MESSAGE, values)
    message = answer(response, M.CALL_MESSAGE, "children")
    return message["props"]["children"], message["props"]["className"], response.get_json()["response"]


def active(databases):
    with databases.session() as session:
        return queries.active_incidents(session, CHECKER)


def test_a_call_taken_on_the_desk_is_on_the_map_and_opens_its_timeline(as_user, dash_callback, databases):
    as_user("operator1", "operator")
    text, kind, outputs = take_call(dash_callback, **{M.CATEGORY: "KEBAKARAN", M.PLACE: "kelurahan:35.78.07.1001",
                                                      M.DESCRIPTION: "Rumah terbakar di gang 3"})
    assert "ok" in kind, text
    number = outputs[M.INCIDENT]["value"]
    assert text == f"Insiden {number} dibuat." and [a["number"] for a in active(databases)] == [number]

    live = dash_callback(I.MAP, {})
    figure = answer(live, I.MAP, "figure")
    drawn = [n for trace in figure["data"] for n in trace.get("customdata", [])]
    assert drawn == [number]  # a point in Ketabang, waiting for a unit
    assert answer(live, I.LIST, "data")[0]["number"] == number

    clicked = dash_callback(I.SELECTED, {f"{I.MAP}.clickData": {"points": [{"customdata": number}]}})
    assert answer(clicked, I.SELECTED, "data") == number
    detail = json.dumps(answer(dash_callback(I.DETAIL, {f"{I.SELECTED}.data": number}), I.DETAIL, "children"))
    assert number in detail and "Kebakaran" in detail and "0812****7890" in detail
    assert "081234567890" not in detail  # the caller's number only masked

    units = answer(dash_callback(M.SUGGESTIONS, {f"{M.INCIDENT}.value": number}), M.SUGGESTIONS, "options")
    assert units and all(u["value"].startswith("DPKP-") for u in units)  # the category needs PMK
    sent = dash_callback(M.DISPATCH_MESSAGE, {f"{M.DISPATCH}.n_clicks": 1, f"{M.INCIDENT}.value": number,
                                              f"{M.SUGGESTIONS}.value": [units[0]["value"]], f"{M.DONE}.data": 1})
    assert "1 unit diberangkatkan" in json.dumps(answer(sent, M.DISPATCH_MESSAGE, "children"))
    detail = json.dumps(answer(dash_callback(I.DETAIL, {f"{I.SELECTED}.data": number}), I.DETAIL, "children"))
    assert units[0]["value"] in detail and "Diberangkatkan" in detail


def test_refusals_name_the_field_and_write_nothing(as_user, dash_callback, databases):
    as_user("operator1", "operator")
    text, kind, _ = take_call(dash_callback)  # no category
    assert "refused" in kind and text.startswith("Kategori:"), text
    text, kind, _ = take_call(dash_callback, M.MERGE, **{M.MERGE_INTO: "INS-0000-999999"})
    assert "refused" in kind and text.startswith("Insiden:"), text
    text, kind, _ = take_call(dash_callback, M.REFER)  # referral without a partner
    assert "refused" in kind and text.startswith("Mitra:"), text
    from sqlalchemy import func, select

    from modules.incidents.models import IncidentCall
    with databases.session() as session:
        assert session.scalar(select(func.count()).select_from(IncidentCall)) == 0  # not even the call


def test_a_repeat_prank_caller_is_flagged_to_the_operator(as_user, dash_callback, settings):
    as_user("operator1", "operator")
    for _ in range(settings.incidents.repeat_prank_count):
        text, kind, _ = take_call(dash_callback, M.PRANK, caller="0899 1234 5678")
        assert "ok" in kind, text
    warning = answer(dash_callback(M.REPEAT_WARNING, {f"{M.CALLER}.value": "089912345678"}), M.REPEAT_WARNING, "children")
    assert "berulang kali" in json.dumps(warning)
    assert answer(dash_callback(M.REPEAT_WARNING, {f"{M.CALLER}.value": "081100000000"}), M.REPEAT_WARNING, "children") == ""


def test_an_agency_representative_sees_every_incident_and_acts_only_on_his_units(
        as_user, dash_callback, databases, login, make_user):
    as_user("operator1", "operator")
    _, _, outputs = take_call(dash_callback, **{M.CATEGORY: "KEBAKARAN", M.PLACE: "kelurahan:35.78.07.1001"})
    number = outputs[M.INCIDENT]["value"]
    as_user("dishub1", "opd", opd_code="DISHUB")
    live = dash_callback(I.MAP, {})
    assert [row["number"] for row in answer(live, I.LIST, "data")] == [number]  # a PMK incident, seen
    own = [option["value"] for option in answer(live, I.UNIT, "options")]
    assert own and all(code.startswith("DISHUB-") for code in own)
    refused = dash_callback(I.MESSAGE, {f"{I.UNIT_SEND}.n_clicks": 1, f"{I.UNIT}.value": "DPKP-FE-01",
                                        f"{I.UNIT_STATUS}.value": "out_of_service"})
    assert "refused" in json.dumps(answer(refused, I.MESSAGE, "children"))
    done = dash_callback(I.MESSAGE, {f"{I.UNIT_SEND}.n_clicks": 1, f"{I.UNIT}.value": own[0],
                                     f"{I.UNIT_STATUS}.value": "out_of_service"})
    assert "Tidak beroperasi" in json.dumps(answer(done, I.MESSAGE, "children"))
    assert dash_callback(M.CALL_MESSAGE, {f"{M.CREATE}.n_clicks": 1}).status_code == 403  # no desk for him


@pytest.mark.parametrize("role, scope", [("rt_rw", {"kelurahan_code": "35.78.07.1001", "rw": 1}),
                                         ("lurah", {"kelurahan_code": "35.78.07.1001"})])
def test_roles_without_the_right_get_403(as_user, dash_callback, role, scope):
    as_user("someone", role, **scope)
    assert dash_callback(I.MAP, {}).status_code == 403
    assert dash_callback(M.CALL_MESSAGE, {f"{M.CREATE}.n_clicks": 1}).status_code == 403


def test_the_supervisor_sets_the_stage_with_a_reason(as_user, dash_callback):
    as_user("operator1", "operator")
    refused = dash_callback(M.STAGE_MESSAGE, {f"{M.STAGE_SET}.n_clicks": 1, f"{M.STAGE}.value": 3})
    assert "Alasan" in json.dumps(answer(refused, M.STAGE_MESSAGE, "children"))
    done = dash_callback(M.STAGE_MESSAGE, {f"{M.STAGE_SET}.n_clicks": 1, f"{M.STAGE}.value": 3,
                                           f"{M.STAGE_REASON}.value": "hujan deras, banjir di utara"})
    assert "Tahap operasional kota: 3" in json.dumps(answer(done, M.STAGE_MESSAGE, "children"))
    banner = json.dumps(answer(dash_callback(M.STAGE_BANNER, {}), M.STAGE_BANNER, "children"), ensure_ascii=False)
    assert "TAHAP 3" in banner and "hujan deras" in banner


# --- the analysis page and the mayor's cards, from the marts ---------------------------------------

@pytest.fixture
def incident_marts(databases, settings):
    """The module's varied sample (every outcome, a multi-agency incident, a live breach), through
    the ETL into the marts."""
    from etl.runner import EtlRunner
    from modules.incidents.sample import write_sample

    write_sample(databases, settings)
    EtlRunner(databases).run_once()
    return databases


def test_the_analysis_page_draws_percentiles_compliance_and_the_prank_share(incident_marts, as_user, dash_callback):
    from layouts.components.ids_insiden import Analisis as A

    as_user("pimpinan1", "pimpinan")
    response = dash_callback(A.BY_AGENCY, {})
    by_agency = answer(response, A.BY_AGENCY, "figure")
    assert {t["name"] for t in by_agency["data"]} == {"P50", "P90"}  # measured responses, per lead agency
    assert by_agency["layout"]["shapes"][0]["x0"] == 7
    prank = answer(response, A.PRANK, "figure")
    assert any(v and v > 0 for v in prank["data"][1]["y"])  # the sample has prank calls
    heat = answer(response, A.HEAT, "figure")
    assert heat["data"][0]["type"] == "densitymap" and heat["data"][0]["lat"]
    assert "P90" in answer(response, A.CAPTION, "children")


def test_a_lurah_reads_only_his_kelurahan_and_no_calls(incident_marts, as_user, dash_callback):
    from layouts.components.ids_insiden import Analisis as A

    as_user("lurah-far", "lurah", kelurahan_code="35.78.01.1001")  # Karang Pilang: the sample is elsewhere
    response = dash_callback(A.BY_AGENCY, {})
    assert answer(response, A.BY_AGENCY, "figure")["data"] == []  # nothing in his kelurahan
    assert answer(response, A.PRANK, "figure")["data"] == []  # calls are city-wide only


def test_the_mayor_sees_the_112_cards(incident_marts, as_user, dash_callback):
    from layouts.components.ids_pimpinan import Pimpinan

    as_user("pimpinan1", "pimpinan")
    cards_id = Pimpinan.domain_cards("incidents")
    cards = json.dumps(answer(dash_callback(cards_id, {}), response_key(cards_id), "children"), ensure_ascii=False)
    assert "Respons 112 · P50" in cards and "Panggilan iseng" in cards and "mnt" in cards


def test_the_landing_page_shows_what_112_handles_now(as_user, dash_callback, databases, client):
    as_user("operator1", "operator")
    _, _, outputs = take_call(dash_callback, **{M.CATEGORY: "KEBAKARAN", M.PLACE: "kelurahan:35.78.07.1001"})
    number = outputs[M.INCIDENT]["value"]
    page = client.get("/")
    assert page.status_code == 200
    from layouts.components.ids import Home

    section = Home.section("incidents")
    sections = json.dumps(answer(dash_callback(section, {}), response_key(section), "children"), ensure_ascii=False)
    assert "Insiden 112" in sections and number in sections and "Insiden aktif" in sections
