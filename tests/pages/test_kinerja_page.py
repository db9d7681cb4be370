"""Kinerja (/kinerja) and its KPI cards, on the marts the ETL fills from the domain's sample
(modules/kinerja/sample.py, through the real services), with the clock fixed. Who may open the page,
the OPD's view and the city's, an account the mart cannot answer, the cache, and no name in
anything the page sends.

The sample: Dinas Perhubungan (DISHUB), a head of unit and three staff under him, all active; the
three staff report Monday 7 and Tuesday 8 September 2026 (the head reports nothing), so compliance
is 3 of 4 (75 %) on both days and 0 on the other working days. September is closed: nothing waits
for approval. The third quarter scores two of them, both far below the target's minutes (Sangat
Kurang). "Today" is Wednesday 9 September: the period ends on Tuesday 8; the heat map adds today so far.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import plotly.graph_objects as go
import pytest
from flask_login import login_user
from sqlalchemy import select

import callbacks.kinerja as page
from auth.session_user import SessionUser
from callbacks._kinerja_kpis import kinerja_cards
from core.users import User, Viewer, viewer_of
from dash_tree import components
from data.cache import mart_cache
from etl.runner import EtlRunner
from layouts.components import kinerja_charts as charts
from layouts.components.ids_kinerja import Kinerja as K
from modules.kinerja import service
from modules.kinerja.sample import city_moment, line, write_sample

NOW = datetime(2026, 9, 9, 3, tzinfo=timezone.utc)   # Wednesday 9 September, 10:00 WIB
MON, TUE, WED = "2026-09-07", "2026-09-08", "2026-09-09"   # WED: today, so far
TEN_DAYS = {f"{K.PERIOD}.value": 10}
OUTPUTS = (K.TITLE, K.HEATMAP, K.BACKLOG, K.BANDS)   # one output of each callback
NAMES = ("Kepala Bidang Contoh", "Staf Contoh", "Rapat koordinasi", "Survei simpang", "sample-kinerja")


@pytest.fixture
def backend():  # the web layer is the same on both backends; tests/data covers PostgreSQL
    return "sqlite"


@pytest.fixture
def marts(databases, settings):
    write_sample(databases, settings)
    EtlRunner(databases).run_once()
    return databases


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(page, "utc_now", lambda: NOW)


@pytest.fixture
def as_user(make_user, login, marts, clock):
    def log_in(role, **scope):
        name = f"user-{role}-{'-'.join(map(str, scope.values()))}"
        make_user(name, role, **scope)
        assert login(name).status_code == 302

    return log_in


def answer(dash_callback, output: str, values: dict | None = None) -> dict:
    response = dash_callback(output, {f"{K.PAGE}.id": K.PAGE, **(values or TEN_DAYS)})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()["response"]


def everything(dash_callback, values: dict | None = None) -> dict:
    found = {}
    for output in OUTPUTS:
        found.update(answer(dash_callback, output, values))
    return found


def texts(node) -> list[str]:
    if hasattr(node, "to_plotly_json"):
        node = json.loads(json.dumps(node, cls=_Encoder))
    found = []
    for component in components(node if isinstance(node, list) else [node]):
        children = component["props"].get("children")
        if isinstance(children, (str, int)):
            found.append(str(children))
    return found


class _Encoder(json.JSONEncoder):
    def default(self, o):
        return o.to_plotly_json() if hasattr(o, "to_plotly_json") else super().default(o)


def card_values(cards) -> list[str]:
    return [texts(card)[0] for card in cards]


# --- who may open ----------------------------------------------------------------------------------

@pytest.mark.parametrize("role, scope", [("admin", {}), ("pimpinan", {}), ("operator", {}), ("perencana", {}),
                                         ("opd", {"opd_code": "DISHUB"})])
def test_the_kinerja_roles_open_the_page_and_every_callback(client, as_user, dash_callback, role, scope):
    as_user(role, **scope)
    assert client.get("/kinerja").status_code == 200
    for output in OUTPUTS:
        assert dash_callback(output, TEN_DAYS).status_code == 200, output


@pytest.mark.parametrize("role, scope", [("camat", {"kecamatan_code": "35.78.07"}),
                                         ("lurah", {"kelurahan_code": "35.78.07.1004"})])
def test_other_roles_get_403_from_the_page_and_every_callback(client, as_user, dash_callback, role, scope):
    as_user(role, **scope)
    assert client.get("/kinerja").status_code == 403
    for output in OUTPUTS:
        assert dash_callback(output, TEN_DAYS).status_code == 403, output


# --- the city and the OPD -----------------------------------------------------------------------------

def test_the_heat_map_shows_the_sample_compliance(as_user, dash_callback):
    as_user("pimpinan")
    heat = answer(dash_callback, K.HEATMAP)[K.HEATMAP]["figure"]
    go.Figure(heat)  # a valid figure
    trace = heat["data"][0]
    assert len(trace["x"]) == 11 and trace["x"][-3:] == [MON, TUE, WED]  # 10 working days and today
    assert len(trace["y"]) == 1  # only DISHUB has staff
    assert trace["z"][0][-3:] == [75.0, 75.0, 0.0] and trace["z"][0][:-3] == [0.0] * 8
    assert trace["customdata"][0][-2] == "3 dari 4 pegawai"


def test_an_opd_sees_its_units(as_user, dash_callback):
    as_user("opd", opd_code="DISHUB")
    trace = answer(dash_callback, K.HEATMAP)[K.HEATMAP]["figure"]["data"][0]
    assert trace["y"] == ["Bidang Lalu Lintas"]  # the sample's one unit: the head and his three staff
    assert trace["z"][0][-3:-1] == [75.0, 75.0]


def test_a_period_outside_the_choices_falls_back_to_20_days(as_user, dash_callback):
    as_user("admin")
    heat = answer(dash_callback, K.HEATMAP, {f"{K.PERIOD}.value": 7})[K.HEATMAP]["figure"]
    assert len(heat["data"][0]["x"]) == 21 and "2026-08-17" not in heat["data"][0]["x"]  # Independence Day


def test_minutes_links_and_scores_of_the_sample(as_user, dash_callback):
    as_user("admin")
    shown = answer(dash_callback, K.HEATMAP)
    minutes = shown[K.MINUTES]["figure"]
    go.Figure(minutes)
    assert minutes["layout"]["shapes"][0]["x0"] == 300  # the settings' daily target
    linked = answer(dash_callback, K.BACKLOG)[K.LINKED]["figure"]
    go.Figure(linked)
    assert [trace["x"] for trace in linked["data"]] == [[0]] * 4  # the sample names no case
    scores = answer(dash_callback, K.BANDS)
    bands, histogram = scores[K.BANDS]["figure"], scores[K.HISTOGRAM]["figure"]
    go.Figure(bands), go.Figure(histogram)
    assert {trace["name"]: trace["y"] for trace in bands["data"]}["Sangat Kurang"] == [2]
    assert sum(histogram["data"][0]["y"]) == 2


def test_the_backlog_is_per_opd_for_the_city_and_per_supervisor_inside_an_opd(as_user, dash_callback, logout):
    as_user("pimpinan")
    city = texts(answer(dash_callback, K.BACKLOG)[K.BACKLOG]["children"])
    assert city == ["Antrean persetujuan per OPD", "Tidak ada aktivitas yang menunggu persetujuan."]
    logout()
    as_user("opd", opd_code="DISHUB")
    own = texts(answer(dash_callback, K.BACKLOG)[K.BACKLOG]["children"])
    assert own[0] == "Antrean persetujuan per atasan"


def test_an_overdue_line_shows_under_its_supervisor_by_id_and_unit(app, as_user, dash_callback, marts, settings,
                                                                  monkeypatch):
    """A line of Monday 5 October (October is open) submitted that evening; on Friday 9 October it
    has waited 4 working days, past the 3-day deadline."""
    monday = date(2026, 10, 5)
    with marts.transaction() as session:
        staff = viewer_of(session.scalar(select(User).where(User.username == "sample-kinerja-staf1")))
        made = service.create_activity(session, staff, line(monday, "08:00", "12:00", "Rapat koordinasi"),
                                       settings.kinerja, now=city_moment(monday, 17))
    with marts.transaction() as session:
        service.submit(session, staff, [made.id], now=city_moment(monday, 17, 5))
    EtlRunner(marts).run_once()
    monkeypatch.setattr(page, "utc_now", lambda: datetime(2026, 10, 9, 3, tzinfo=timezone.utc))
    as_user("opd", opd_code="DISHUB")
    shown = texts(answer(dash_callback, K.BACKLOG)[K.BACKLOG]["children"])
    assert shown[0] == "Antrean persetujuan per atasan"
    row = shown[-5:]
    assert row[0].startswith("#") and row[1:] == ["Bidang Lalu Lintas", "1", "1", "4 hari kerja"]
    cards = answer(dash_callback, K.TITLE)[K.CARDS]["children"]
    assert card_values(cards)[2] == "1"


def test_another_opd_sees_none_of_the_sample(as_user, dash_callback):
    as_user("opd", opd_code="DINKES")
    heat = answer(dash_callback, K.HEATMAP)[K.HEATMAP]["figure"]
    assert heat["data"] == []  # no active staff of its own: the figure says so
    cards = answer(dash_callback, K.TITLE)[K.CARDS]["children"]
    assert card_values(cards) == ["—", "—", "0"]


def test_the_cards_for_the_city_and_the_mayor_page(app, marts):
    services = app.server.extensions["pantau"]
    pimpinan = Viewer(user_id="1", username="p", role="pimpinan")
    with app.server.test_request_context("/"):
        on_tuesday = kinerja_cards(services, pimpinan, None, today=date(2026, 9, 9))
        three_weeks_on = kinerja_cards(services, pimpinan, None, today=date(2026, 9, 30))
    assert card_values(on_tuesday) == ["75,0%", "7,5%", "0"]  # 3 + 3 of 4 staff x 20 working days
    assert "3 dari 4 pegawai aktif melapor" in texts(on_tuesday[0])[2]
    assert texts(on_tuesday[1])[2].startswith("Terendah: ")
    assert card_values(three_weeks_on)[0] == "0,0%"


def test_an_account_the_mart_cannot_answer_is_told_so(app, marts, clock):
    lost = SessionUser(Viewer(user_id="9", username="opd-tanpa-opd", role="opd"))
    with app.server.test_request_context("/"):
        login_user(lost)
        shown = [page.show_compliance(10), page.show_backlog(10), page.show_scores(K.PAGE), page.show_setup(K.PAGE)]
    text = json.dumps(shown, cls=_Encoder)
    assert "tidak terhubung dengan OPD" in text and "75" not in text
    assert card_values(shown[3][1]) == ["—"]


def test_a_repeated_callback_is_answered_from_the_cache(app, as_user, dash_callback):
    as_user("opd", opd_code="DISHUB")
    cache = mart_cache(app.server.extensions["pantau"])
    first = everything(dash_callback)
    hits, misses = cache.hits, cache.misses
    assert everything(dash_callback) == first
    assert cache.misses == misses and cache.hits - hits >= 8


@pytest.mark.parametrize("role, scope", [("admin", {}), ("opd", {"opd_code": "DISHUB"})])
def test_no_answer_carries_a_name_or_a_line(as_user, dash_callback, role, scope):
    as_user(role, **scope)
    sent = "".join(json.dumps(everything(dash_callback, {f"{K.PERIOD}.value": days})) for days in (10, 20, 60))
    assert "75" in sent  # the answers were real
    assert [secret for secret in NAMES if secret in sent] == []


def test_the_figures_are_valid_on_empty_answers():
    import pandas as pd

    for built in (charts.heatmap_figure(pd.DataFrame(columns=["opd_code", "day", "reported", "active",
                                                              "compliance_pct"]), {}),
                  charts.histogram_figure(None, None), charts.bands_figure(pd.DataFrame())):
        go.Figure(built)
