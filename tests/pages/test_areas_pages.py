"""The landing page (`/`) and Pengaduan as each viewer sees them: the city now for the city-wide
roles; a camat, a lurah or an RW head only his area, named, with the rest of the city greyed
("di luar wilayah Anda") rather than shown as zeros. On the known data set
(tests/synthetic_complaints.py)."""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pytest

from bench.dash_requests import response_key
from core.domains import declaring, registered_domains, resolve
from layouts.components.ids import Home

GENTENG, KETABANG = "35.78.07", "35.78.07.1004"
KETABANG_TICKETS = {f"ADU-TEST-{i:06d}" for i in (1, 2, 3, 4, 12)}


@pytest.fixture
def backend():  # the web layer is the same on both backends; tests/data covers PostgreSQL
    return "sqlite"


@pytest.fixture
def as_user(client, make_user, login, complaint_marts):
    def log_in(role, **scope):
        make_user(f"user-{role}", role, **scope)
        assert login(f"user-{role}").status_code == 302

    return log_in


def answer(response, component, prop):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"][component][prop]


def plain(values) -> list:
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def trace(figure, name):
    found = [t for t in figure["data"] if t.get("name") == name]
    return found[0] if found else None


def home(dash_callback, level="kecamatan"):
    title = dash_callback(Home.TITLE, {f"{Home.REFRESH}.n_intervals": None})
    sections = [answer(dash_callback(Home.section(domain.name), {}), response_key(Home.section(domain.name)),
                       "children") for domain in declaring("today")]  # one request per section, as the page asks
    districts = dash_callback(Home.MAP, {f"{Home.LEVEL}.value": level})
    return (answer(title, Home.TITLE, "children"), json.dumps(sections),
            answer(districts, Home.MAP, "figure"), answer(districts, Home.MAP_CAPTION, "children"))


def test_the_city_roles_see_the_city_now(as_user, dash_callback):
    as_user("operator")
    title, today, figure, caption = home(dash_callback)
    assert title == "Kota Surabaya hari ini"
    assert '"data-figure": "Aduan hari ini"' in today and "Analisis pengaduan" in today
    open_now = dict(zip(plain(trace(figure, "terbuka")["locations"]), plain(trace(figure, "terbuka")["z"])))
    assert len(open_now) == 31 and open_now[GENTENG] == 3 and sum(open_now.values()) == 9  # 11: no place
    assert trace(figure, "luar") is None and "di luar" not in caption


def test_a_lurah_sees_his_kelurahan_and_the_rest_greyed(as_user, dash_callback):
    as_user("lurah", kelurahan_code=KETABANG)
    title, today, figure, caption = home(dash_callback, "kelurahan")
    assert title == "Kelurahan Ketabang hari ini"
    tickets = set(re.findall(r"ADU-TEST-\d{6}", today))
    assert tickets and tickets <= KETABANG_TICKETS
    assert plain(trace(figure, "terbuka")["locations"]) == [KETABANG] and plain(trace(figure, "terbuka")["z"]) == [3]
    assert len(plain(trace(figure, "luar")["locations"])) == 152
    assert "di luar wilayah Anda" in trace(figure, "luar")["hovertemplate"] and "di luar wilayah Anda" in caption
    assert figure["layout"]["map"]["zoom"] > 12  # opened on his kelurahan, not the city


def test_a_camat_sees_his_kecamatan(as_user, dash_callback):
    as_user("camat", kecamatan_code=GENTENG)
    title, _today, figure, _caption = home(dash_callback)
    assert title == "Kecamatan Genteng hari ini"
    assert plain(trace(figure, "terbuka")["locations"]) == [GENTENG]
    assert len(plain(trace(figure, "luar")["locations"])) == 30


def figures_of(today_json: str) -> dict[str, str]:
    """The landing page's figures by label: {"Aduan hari ini": "1", ...}."""
    found = {}

    def walk(node):
        if isinstance(node, dict):
            props = node.get("props", {})
            if "data-figure" in props:
                found[props["data-figure"]] = props["children"][0]["props"]["children"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(today_json))
    return found


def test_an_rw_head_sees_his_rws_complaints_only(as_user, dash_callback):
    as_user("rt_rw", kelurahan_code=KETABANG, rw=1)
    title, today, figure, _caption = home(dash_callback, "kelurahan")
    assert title == "RW 01 Kelurahan Ketabang hari ini"
    assert set(re.findall(r"ADU-TEST-\d{6}", today)) == {"ADU-TEST-000001", "ADU-TEST-000003"}  # not RW 02's 2
    figures = figures_of(today)
    assert figures["Aduan hari ini"] == "1" and figures["Masih terbuka"] == "2"
    assert figures["Lewat tenggat sekarang"] == "1"  # 1: its feedback was due a day ago; 3 came 5 minutes ago
    assert "Analisis pengaduan" not in today  # a page he may not open is not offered
    assert '"RT 02"' in today and '"RT"' in today  # his list says the RT (3's), not the kelurahan
    assert plain(trace(figure, "terbuka")["locations"]) == [KETABANG] and plain(trace(figure, "terbuka")["z"]) == [2]


def test_every_domain_today_section_is_callable():
    for domain in registered_domains():
        if domain.today:
            assert callable(resolve(domain.today)), domain.name


def test_a_lurahs_pengaduan_page_names_his_kelurahan_and_greys_the_rest(as_user, dash_callback):
    as_user("lurah", kelurahan_code=KETABANG)
    assert answer(dash_callback("pengaduan-title", {}), "pengaduan-title", "children") == "Pengaduan — Kelurahan Ketabang"
    drill = dash_callback("pengaduan-drill", {"pengaduan-back.n_clicks": 1})
    assert answer(drill, "pengaduan-drill", "data") == GENTENG  # no way back to the city
    assert answer(drill, "pengaduan-back", "style") == {"display": "none"}
    response = dash_callback("pengaduan-map-caption", {"pengaduan-measure.value": "count", "pengaduan-drill.data": GENTENG,
                                                       "pengaduan-dates.start_date": None})
    figure = answer(response, "pengaduan-map", "figure")
    assert plain(trace(figure, "nilai")["locations"]) == [KETABANG] and plain(trace(figure, "nilai")["z"]) == [5]
    assert len(plain(trace(figure, "luar")["locations"])) == 4  # the other kelurahan of Genteng
    assert answer(response, "pengaduan-map-caption", "children").startswith("Kelurahan Ketabang")


def test_a_camat_cannot_drill_out_of_his_kecamatan(as_user, dash_callback):
    as_user("camat", kecamatan_code=GENTENG)
    click = {"points": [{"location": "35.78.10", "curveNumber": 1}]}
    assert answer(dash_callback("pengaduan-drill", {"pengaduan-map.clickData": click}), "pengaduan-drill", "data") == GENTENG
    assert answer(dash_callback("pengaduan-title", {}), "pengaduan-title", "children") == "Pengaduan — Kecamatan Genteng"
