"""Sipandu (/sipandu), its wall panels and its KPI cards, on the marts the ETL fills from the
domain's sample (modules/sipandu/sample.py), with the clock fixed. Who may open the page, each
role's area and nothing outside it, the numbers worked out by hand from the sample below, the
cache answering a repeated callback, and no NIK, name or address in anything the page sends.

The sample (START Monday 7 September 2026, 09:00 WIB; "day n" is n days later, same hour):
  id  where (RW/RT)        origin  purpose  arrived  recorded     then
  1   Ketabang 1/1 (kos)   35.15   work     day 1    day 1.2      verified day 8, moved out day 10
  2   Ketabang 1/1         33.74   study    day 2    day 5 (late) verified day 8: present
  3   Ketabang 1/2         35.15   other    day 3    day 3.1      verified day 8, stay ended 20 Sep
  4   Ketabang 2/1         35.15   work     day 4    day 4.1      rejected (duplicate) day 8
  5   Ketabang 1/2         35.15   work     day 6    day 6.2      waiting for verification
  6   Embong Kaliasin 1/1  35.15   work     day 7    day 7.1      waiting for verification
One boarding house (Ketabang 1/1, 12 places), where nobody is recorded now (id 1 moved out).
Weeks: id 1-5 arrive in the week of 7 September, id 6 in that of 14 September (Monday, day 7).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pandas as pd
import plotly.graph_objects as go
import pytest
from flask_login import login_user
from sqlalchemy import func, select

import callbacks.sipandu as page
import geo
from auth.session_user import SessionUser
from callbacks._sipandu_kpis import sipandu_cards
from core import formatting
from core.settings import MapSettings
from core.users import Viewer
from dash_tree import components
from data.cache import mart_cache
from data.sipandu.tables import DimSipanduRt
from etl.runner import EtlRunner
from layouts.components import sipandu_charts as charts, wall_sipandu_panels as wall
from layouts.components.ids_sipandu import Sipandu as S
from modules.sipandu.nik import make_nik
from modules.sipandu.sample import sample_nik, write_sample

GENTENG, TAMBAKSARI = "35.78.07", "35.78.10"
KETABANG, EMBONG = "35.78.07.1004", "35.78.07.1001"
AFTER = datetime(2026, 9, 22, 8, tzinfo=timezone.utc)       # Tuesday 22 Sep, 15:00 WIB: the sample is over
FIRST_WEEK = datetime(2026, 9, 13, 12, tzinfo=timezone.utc)  # Sunday 13 Sep, 19:00 WIB: its first week
FOUR_WEEKS = {f"{S.PERIOD}.value": 4}
OUTPUTS = (S.TITLE, S.MAP, S.TREND, S.ORIGINS, S.BACKLOG)   # one output of each callback
NAMES = ("Pendatang Contoh", "Warga Contoh", "Pemilik Contoh", "Kos Contoh", "Jl. Contoh", "Jl. Warga", "Jl. Kos")


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
    """Fixes the page's clock (AFTER unless set again)."""
    def set_to(moment: datetime):
        monkeypatch.setattr(page, "utc_now", lambda: moment)

    set_to(AFTER)
    return set_to


@pytest.fixture
def as_user(make_user, login, marts, clock):
    def log_in(role, **scope):
        name = f"user-{role}-{'-'.join(map(str, scope.values()))}"
        make_user(name, role, **scope)
        assert login(name).status_code == 302

    return log_in


def answer(dash_callback, output: str, values: dict | None = None) -> dict:
    response = dash_callback(output, {f"{S.PAGE}.id": S.PAGE, **(values or FOUR_WEEKS)})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()["response"]


def everything(dash_callback, values: dict | None = None) -> dict:
    found = {}
    for output in OUTPUTS:
        found.update(answer(dash_callback, output, values))
    return found


def cells(shown: dict, output: str) -> list[list[str]]:
    """The body rows of the table inside an output, as text."""
    rows = [c for c in components(shown[output]["children"]) if c["type"] == "Tr"]
    body = [[str(td["props"]["children"]) for td in row["props"]["children"] if td["type"] == "Td"] for row in rows]
    return [row for row in body if row]


def texts(node) -> list[str]:
    """Every text inside a component tree (serialised or not), in order."""
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
    """The value of each headline card (kpi-value)."""
    tree = json.loads(json.dumps(cards, cls=_Encoder))
    return [c["props"]["children"] for c in components(tree) if c["props"].get("className") == "kpi-value"]


def kelurahan_of(kecamatan: str) -> set[str]:
    codes = geo.centroids("kelurahan")["code"]
    return {code for code in codes if code.startswith(f"{kecamatan}.")}


# --- who may open ----------------------------------------------------------------------------------

@pytest.mark.parametrize("role, scope", [("admin", {}), ("pimpinan", {}), ("operator", {}),
                                         ("camat", {"kecamatan_code": GENTENG}),
                                         ("lurah", {"kelurahan_code": KETABANG}),
                                         ("rt_rw", {"kelurahan_code": KETABANG, "rw": 1, "rt": 2})])
def test_the_sipandu_roles_open_the_page_and_every_callback(client, as_user, dash_callback, role, scope):
    as_user(role, **scope)
    assert client.get("/sipandu").status_code == 200
    for output in OUTPUTS:
        assert dash_callback(output, FOUR_WEEKS).status_code == 200, output


@pytest.mark.parametrize("role, scope", [("opd", {"opd_code": "DSDABM"}), ("perencana", {})])
def test_other_roles_get_403_from_the_page_and_every_callback(client, as_user, dash_callback, role, scope):
    as_user(role, **scope)
    assert client.get("/sipandu").status_code == 403
    for output in OUTPUTS:
        response = dash_callback(output, FOUR_WEEKS)
        assert response.status_code == 403, output
        assert "Ketabang" not in response.get_data(as_text=True)


def test_an_anonymous_visitor_is_sent_to_the_login(client, marts):
    response = client.get("/sipandu")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# --- each role's area -------------------------------------------------------------------------------

def test_the_city_sees_every_kelurahan_with_the_sample_residents(as_user, dash_callback):
    as_user("pimpinan")
    shown = answer(dash_callback, S.MAP)
    trace = shown[S.MAP]["figure"]["data"][0]
    residents = dict(zip(trace["locations"], trace["z"]))
    assert len(residents) == len(geo.centroids("kelurahan"))
    assert {code: n for code, n in residents.items() if n} == {KETABANG: 2, EMBONG: 1}
    assert cells(shown, S.AREAS) == [["Ketabang", "Genteng", "2", "1"], ["Embong Kaliasin", "Genteng", "1", "1"]]


def test_the_camats_map_holds_only_his_kecamatan(as_user, dash_callback):
    as_user("camat", kecamatan_code=GENTENG)
    shown = answer(dash_callback, S.MAP)
    data = shown[S.MAP]["figure"]["data"]
    assert set(data[0]["locations"]) == kelurahan_of(GENTENG)
    assert dict(zip(data[0]["locations"], data[0]["z"]))[KETABANG] == 2
    greyed = next(trace for trace in data if trace.get("name") == "luar")
    assert not set(greyed["locations"]) & kelurahan_of(GENTENG) and len(greyed["locations"]) > 100
    assert [row[0] for row in cells(shown, S.AREAS)] == ["Ketabang", "Embong Kaliasin"]


def test_another_camat_sees_none_of_the_sample(as_user, dash_callback):
    as_user("camat", kecamatan_code=TAMBAKSARI)
    shown = everything(dash_callback)
    assert set(shown[S.MAP]["figure"]["data"][0]["locations"]) == kelurahan_of(TAMBAKSARI)
    assert set(shown[S.MAP]["figure"]["data"][0]["z"]) == {0}
    assert cells(shown, S.AREAS) == [] and cells(shown, S.BACKLOG) == []
    assert shown[S.TREND]["figure"]["layout"]["annotations"][0]["text"].startswith("Belum ada")
    tables = json.dumps([shown[output] for output in (S.AREAS, S.BACKLOG, S.SILENT, S.KOS)])
    assert "Ketabang" not in tables and "Embong" not in tables and "Tambaksari" in tables


def test_the_lurahs_map_holds_only_his_kelurahan_and_its_rws(as_user, dash_callback):
    as_user("lurah", kelurahan_code=KETABANG)
    shown = answer(dash_callback, S.MAP)
    trace = shown[S.MAP]["figure"]["data"][0]
    assert (trace["locations"], trace["z"]) == ([KETABANG], [2])
    # Embong's RW 01 (one waiting) is not his: his RW 01 holds ids 2 and 5, id 4 (RW 02) was rejected
    assert cells(shown, S.AREAS) == [["RW 01", "2", "1"]]
    assert "Batas RW belum tersedia" in shown[S.MAP_NOTE]["children"]


def test_an_rt_head_sees_only_his_rt(as_user, dash_callback):
    as_user("rt_rw", kelurahan_code=KETABANG, rw=1, rt=2)
    shown = everything(dash_callback)
    trace = shown[S.MAP]["figure"]["data"][0]
    assert (trace["locations"], trace["z"]) == ([KETABANG], [1])      # id 5; id 3's stay ended
    assert cells(shown, S.AREAS) == [["RW 01", "1", "1"]]
    flow = shown[S.TREND]["figure"]["data"]
    assert flow[0]["y"] == [0, 2, 0, 0] and flow[2]["y"] == [0, 0, 0, 1] and flow[3]["y"] == [0, 2, 2, 1]
    assert cells(shown, S.BACKLOG) == [["Ketabang", "Genteng", "1", "9 hari 1 jam", "9 hari 1 jam"]]  # id 5
    assert "Setiap RT di wilayah ini mencatat" in json.dumps(shown[S.SILENT])   # his RT recorded
    assert cells(shown, S.KOS) == []                                           # the house is in RT 1/1
    assert "Ketabang Embong" not in json.dumps(shown) and "Embong" not in json.dumps(shown[S.BACKLOG])


# --- the numbers -------------------------------------------------------------------------------------

def test_the_city_flow_purposes_timeliness_and_origins(as_user, dash_callback):
    as_user("operator")
    shown = everything(dash_callback)
    trend = shown[S.TREND]["figure"]
    assert trend["data"][0]["x"] == ["2026-08-31", "2026-09-07", "2026-09-14", "2026-09-21"]
    assert [trace["y"] for trace in trend["data"]] == [[0, 4, 1, 0], [0, 0, 1, 0], [0, 0, 0, 1], [0, 4, 4, 3]]
    purposes = shown[S.PURPOSES]["figure"]["data"][0]
    assert (purposes["y"], purposes["x"]) == (["Bekerja", "Lainnya", "Sekolah / kuliah"], [3, 1, 1])
    assert "83,3%" in texts(shown[S.TIMELINESS]["children"])
    assert "5 dari 6 pencatatan sejak 31/08/2026" in texts(shown[S.TIMELINESS]["children"])
    origins = shown[S.ORIGINS]["figure"]["data"][0]
    assert origins["x"] == [4, 1] and origins["y"][0] == "Kabupaten Sidoarjo (Jawa Timur)"
    assert "(Jawa Tengah)" in origins["y"][1]
    provinces = shown[S.ORIGIN_MAP]["figure"]["data"][1]
    assert provinces["text"] == ["Jawa Timur: 4", "Jawa Tengah: 1"]
    assert (provinces["lat"][0], provinces["lon"][0]) == (-7.26, 112.75)      # at Surabaya, no line
    assert shown[S.ORIGIN_MAP]["figure"]["data"][0]["lat"] == [-6.99, -7.26, None]  # Semarang -> Surabaya
    for output in (S.TREND, S.PURPOSES, S.ORIGINS, S.ORIGIN_MAP, S.MAP):
        go.Figure(shown[output]["figure"])  # a valid Plotly figure


def test_the_origin_map_sums_each_province_at_its_capital_and_leaves_off_one_without_a_capital():
    capitals = pd.DataFrame({"code": ["33", "35", "52"], "name": ["Semarang", "Surabaya", "Mataram"],
                             "lat": [-6.99, -7.26, -8.58], "lon": [110.42, 112.75, 116.1]})
    origins = pd.DataFrame({"origin_province": ["35", "33", "35", "99", "52"],
                            "origin_regency": ["35.15", "33.74", "35.78", "99.01", "52.71"],
                            "arrivals": [4, 3, 2, 50, 3]})
    placed = charts.province_arrivals(origins, charts.capital_points(capitals))
    # 35 summed (4 + 2), the tie 33 / 52 in code order, 99 has no capital: off the map
    assert [(place["code"], place["arrivals"], place["name"]) for place in placed] == [
        ("35", 6, "Surabaya"), ("33", 3, "Semarang"), ("52", 3, "Mataram")]
    drawn = charts.origin_map(origins, capitals, MapSettings())["data"]
    assert drawn[0]["lat"] == [-6.99, -7.26, None, -8.58, -7.26, None]  # a line from each but Jawa Timur


def test_the_city_backlog_silent_rts_and_boarding_houses(as_user, dash_callback, marts):
    as_user("admin")
    shown = answer(dash_callback, S.BACKLOG)
    # recorded day 6.2 and 7.1 (09:00 WIB + 0.2 and 0.1 days); now is day 15.25
    assert cells(shown, S.BACKLOG) == [["Ketabang", "Genteng", "1", "9 hari 1 jam", "9 hari 1 jam"],
                                       ["Embong Kaliasin", "Genteng", "1", "8 hari 3 jam", "8 hari 3 jam"]]
    with marts.warehouse.connect() as connection:
        rts = connection.scalar(select(func.count()).select_from(DimSipanduRt))
    silent = json.dumps(shown[S.SILENT])
    assert "RT tanpa pencatatan sejak 31/08/2026" in silent
    # every RT of the city but Ketabang 1/1, 1/2, 2/1 and Embong 1/1, which recorded since 31 August
    assert f"{formatting.count(rts - 4)} RT tidak mencatat" in silent and rts > 1000
    assert len(cells(shown, S.SILENT)) == charts.LIST_LIMIT
    assert cells(shown, S.KOS) == [["KOS-35780710040001", "Ketabang", "RW 01 · RT 01", "12", "0", "0%"]]
    assert "1 dari 1 rumah kos tanpa pendatang tercatat" in json.dumps(shown[S.KOS])


def test_a_period_outside_the_choices_falls_back_to_13_weeks(as_user, dash_callback):
    as_user("pimpinan")
    shown = answer(dash_callback, S.TREND, {f"{S.PERIOD}.value": 9999})
    assert len(shown[S.TREND]["figure"]["data"][0]["x"]) == 13
    assert "13 minggu terakhir" in shown[S.CAPTION]["children"]


# --- cards, wall, cache -----------------------------------------------------------------------------

@pytest.mark.parametrize("role, scope, shown", [
    ("pimpinan", {}, ["4", "80,0%", "2"]),                    # ids 1-5 this week; id 2 late of ids 1-5
    ("lurah", {"kelurahan_code": KETABANG}, ["4", "80,0%", "1"]),
    ("rt_rw", {"kelurahan_code": KETABANG, "rw": 1, "rt": 1}, ["2", "50,0%", "0"]),
    ("camat", {"kecamatan_code": TAMBAKSARI}, ["0", "—", "0"])])
def test_the_cards_show_the_sample_week(as_user, dash_callback, clock, role, scope, shown):
    clock(FIRST_WEEK)
    as_user(role, **scope)
    cards = answer(dash_callback, S.CARDS)[S.CARDS]["children"]
    assert card_values(cards) == shown


def test_the_mayor_page_cards_and_the_wall_show_the_sample(app, marts):
    services = app.server.extensions["pantau"]
    pimpinan = Viewer(user_id="1", username="p", role="pimpinan")
    kiosk = Viewer(user_id="kiosk:1", username="kiosk", role="wall")
    with app.server.test_request_context("/"):
        assert card_values(sipandu_cards(services, pimpinan, None, today=date(2026, 9, 13))) == ["4", "80,0%", "2"]
        week = texts(wall.render_week(services, kiosk, today=date(2026, 9, 13)))
        flow = texts(wall.render_flow(services, kiosk, today=date(2026, 9, 22)))
    assert week == ["4", "Pendatang baru", "minggu 7/9 – 13/9/2026", "80,0%", "Dilaporkan ≤ 24 jam",
                    "4 minggu terakhir", "2", "Menunggu verifikasi", "di kelurahan, saat ini"]
    quiet = [text for day in ("3/8", "10/8", "17/8", "24/8", "31/8") for text in (day, "0 datang · 0 keluar")]
    assert flow == [*quiet, "7/9", "4 datang · 0 keluar", "14/9", "1 datang · 1 keluar", "21/9", "0 datang · 1 keluar"]


def test_the_wall_panels_say_so_on_empty_marts(app):
    services = app.server.extensions["pantau"]
    kiosk = Viewer(user_id="kiosk:1", username="kiosk", role="wall")
    with app.server.test_request_context("/"):
        assert texts(wall.render_flow(services, kiosk)) == ["Belum ada pendatang tercatat dalam 8 minggu terakhir."]
        assert texts(wall.render_week(services, kiosk))[0] == "0"


def test_an_account_without_its_area_is_told_so(app, marts, clock):
    lost = SessionUser(Viewer(user_id="9", username="lurah-tanpa-wilayah", role="lurah"))
    with app.server.test_request_context("/"):
        login_user(lost)
        shown = [page.show_residents(S.PAGE), page.show_flow(4), page.show_gaps(4), page.show_setup(S.PAGE)]
    text = json.dumps(shown, cls=_Encoder)
    assert "belum terhubung dengan wilayah" in text and "Ketabang" not in text
    assert card_values(shown[3][1]) == ["—"]


def test_a_repeated_callback_is_answered_from_the_cache(app, as_user, dash_callback):
    as_user("lurah", kelurahan_code=KETABANG)
    cache = mart_cache(app.server.extensions["pantau"])
    first = everything(dash_callback)
    hits, misses = cache.hits, cache.misses
    assert everything(dash_callback) == first
    assert cache.misses == misses and cache.hits - hits >= 9


# --- nothing personal ----------------------------------------------------------------------------------

def sample_secrets() -> list[str]:
    """Every NIK and KK number the sample wrote, and its names and addresses."""
    niks = [sample_nik(n, sex) for n in range(1, 6) for sex in ("male", "female")]
    residents = [make_nik("35.78.07", date(1980, 1, 1 + i), "male", 1 + i) for i in range(3)]
    family = [make_nik("35.78.07", date(2010, 1, 1), "male", 1)]
    return [*niks, *residents, *family, *NAMES]


@pytest.mark.parametrize("role, scope", [("admin", {}), ("camat", {"kecamatan_code": GENTENG}),
                                         ("lurah", {"kelurahan_code": KETABANG}),
                                         ("rt_rw", {"kelurahan_code": KETABANG, "rw": 1})])
def test_no_answer_carries_a_nik_or_a_name(as_user, dash_callback, clock, role, scope):
    as_user(role, **scope)
    sent = ""
    for moment in (AFTER, FIRST_WEEK):
        clock(moment)
        for period in (4, 13, 52):
            sent += json.dumps(everything(dash_callback, {f"{S.PERIOD}.value": period}))
    assert "Ketabang" in sent  # the answers were real
    assert [secret for secret in sample_secrets() if secret in sent] == []
