"""The wall display: the refresh callback on the known data set, roles, the panel registry, and the
pure panel builders."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import pandas as pd
import plotly.graph_objects as go
import pytest
from dash import html
from plotly.utils import PlotlyJSONEncoder

from core.settings import MapSettings
from layouts.components import wall_complaint_panels as cp
from layouts.components import wall_panels as wp
from layouts.components.maps import GLYPHS_URL
from layouts.components.ids_wall import Wall
from layouts.components.wall_panels import WallPanel, register_panel, registered_panels, unregister_panel
from dash_tree import components

NEWEST_KNOWN_TICKET = "ADU-TEST-000003"


@pytest.fixture
def backend():  # the web layer is the same on both backends; the database tests cover PostgreSQL
    return "sqlite"


@pytest.fixture
def kiosk(client, databases):
    """The test client logged in as a wall display through a kiosk token."""
    from core.users import issue_kiosk_token

    with databases.transaction() as session:
        _token, secret = issue_kiosk_token(session, "ruang-kendali")
    assert client.get(f"/kiosk/{secret}").headers["Location"] == "/wall"
    return client


@pytest.fixture
def extra_panel():
    panel = register_panel(WallPanel("test-weather", "Cuaca uji", ("complaints",), "side",
                                     lambda services, viewer: html.P("Cerah 31°", className="test-weather")))
    yield panel
    unregister_panel(panel.key)


# --- calling the refresh callback as the browser does ------------------------------------------------

@dataclass
class WallRefresh:
    """What the wall receives at one refresh tick, merged: one request per domain's panels (each with
    its own DRAWN store; merged here as one {"panels", "items"}) and one for the footer's versions."""

    status_code: int
    payload: dict

    def get_json(self) -> dict:
        return {"response": self.payload}

    def get_data(self) -> bytes:
        return b"" if self.status_code == 204 else json.dumps(self.get_json()).encode()


def call_refresh(client, drawn=None, screen=None):
    """POSTs each domain's refresh with one slot per panel of that domain, as the page has them, and
    the footer's; the first refusal is returned as it came, a 204 when no domain drew anything."""
    from bench.callbacks import request_body, wall_body
    from bench.dash_requests import callback_spec, response_key

    dependencies = client.get("/_dash-dependencies")
    if dependencies.status_code != 200:
        return dependencies
    specs, payload = dependencies.get_json(), {}
    merged = {part: dict((drawn or {}).get(part, {})) for part in ("panels", "items")}
    for group in wp.panel_groups():
        own = {part: {key: value for key, value in merged[part].items() if in_group(key, group)}
               for part in merged} if drawn is not None else None
        response = client.post("/_dash-update-component", json=wall_body(specs, group, own, screen))
        if response.status_code not in (200, 204):
            return response
        if response.status_code == 200:
            answer = response.get_json()["response"]
            drawn_now = answer.pop(response_key(Wall.drawn(group)))["data"]
            payload.update(answer)
            for part in merged:
                merged[part].update(drawn_now[part])
    if not payload:
        return WallRefresh(204, {})
    version = client.post("/_dash-update-component", json=request_body(callback_spec(specs, Wall.VERSION), {}))
    payload.update(version.get_json()["response"] if version.status_code == 200 else {})
    payload[Wall.DRAWN] = {"data": merged}
    return WallRefresh(200, payload)


def in_group(panel_key: str, group: str) -> bool:
    panel = wp.panel_by_key(panel_key)
    return panel is not None and wp.group_of(panel) == group


def output_of(payload: dict, pattern_type: str, key: str):
    for id_text, props in payload.items():
        if id_text.startswith("{") and {k: v for k, v in json.loads(id_text).items() if k != "domain"} == {
                "type": pattern_type, "key": key}:
            return next(iter(props.values()))
    return None


def counter_values(tree) -> dict:
    return {e["props"]["data-counter"]: e["props"]["children"][0]["props"]["children"]
            for e in components(tree) if "data-counter" in e["props"]}


def items(tree) -> dict:
    """data-item -> className of every element taking part in new-item highlighting."""
    return {e["props"]["data-item"]: e["props"].get("className", "") for e in components(tree) if "data-item" in e["props"]}


def as_json(component):
    """A component tree as the browser receives it."""
    return json.loads(json.dumps(component, cls=PlotlyJSONEncoder))


def text_of(tree) -> str:
    return json.dumps(tree, ensure_ascii=False, cls=PlotlyJSONEncoder)


# --- the refresh callback ---------------------------------------------------------------------------

def test_the_kiosk_opens_the_wall_page(kiosk):
    assert kiosk.get("/wall").status_code == 200


def test_refresh_draws_every_panel_with_the_known_numbers(kiosk, complaint_marts):
    response = call_refresh(kiosk)
    assert response.status_code == 200
    payload = response.get_json()["response"]

    from synthetic_complaints import received_today

    counters = counter_values(output_of(payload, Wall.SLOT, "complaint-counters"))
    assert counters["today"] == str(len(received_today(complaint_marts))) and counters["open"] == "10"  # today: 4,
    # fewer just after midnight WIB
    assert int(counters["overdue_now"]) >= 3 and int(counters["breached_ever"]) == 3
    assert NEWEST_KNOWN_TICKET in items(output_of(payload, Wall.SLOT, "complaint-ticker"))
    assert set(items(output_of(payload, Wall.SLOT, "complaint-breaches"))) == {
        "ADU-TEST-000002:respons", "ADU-TEST-000006:respons+tindak lanjut", "ADU-TEST-000007:respons"}
    figure = output_of(payload, Wall.GRAPH, "complaint-map")
    assert figure["data"][0]["geojson"] == "/geo/kecamatan.geojson"
    assert len(figure["data"][0]["locations"]) == 31
    assert figure["data"][2]["text"] == [NEWEST_KNOWN_TICKET]  # the newest dot, highlighted
    assert payload[Wall.VERSION]["children"].startswith("data: versi ")
    drawn = payload[Wall.DRAWN]["data"]
    assert set(drawn["panels"]) == {p.key for p in registered_panels()}


@pytest.fixture
def wall_clock(monkeypatch):
    """Sets the time the refresh callback sees (its minute is a version for the counters)."""
    import callbacks.wall

    clock = {"now": datetime.now(timezone.utc).replace(second=0, microsecond=0)}

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return clock["now"]

    monkeypatch.setattr(callbacks.wall, "datetime", Frozen)
    return clock


def test_refresh_answers_204_while_the_versions_are_current(kiosk, complaint_marts, wall_clock):
    drawn = call_refresh(kiosk).get_json()["response"][Wall.DRAWN]["data"]
    response = call_refresh(kiosk, drawn=drawn)
    assert response.status_code == 204 and response.get_data() == b""


def test_a_new_minute_redraws_only_the_clock_dependent_counters(kiosk, complaint_marts, wall_clock):
    drawn = call_refresh(kiosk).get_json()["response"][Wall.DRAWN]["data"]
    wall_clock["now"] += timedelta(minutes=1)
    payload = call_refresh(kiosk, drawn=drawn).get_json()["response"]
    assert output_of(payload, Wall.SLOT, "complaint-counters") is not None
    assert output_of(payload, Wall.SLOT, "complaint-ticker") is None  # no_update: not sent
    assert output_of(payload, Wall.GRAPH, "complaint-map") is None
    version = payload[Wall.VERSION]["children"]
    assert version.startswith("data: versi ") and "minute" not in version  # the minute is not a data version


def test_each_domain_refreshes_its_own_panels_and_only_a_changed_one_redraws(kiosk, databases, complaint_marts,
                                                                            wall_clock):
    from bench.callbacks import wall_body
    from bench.dash_requests import response_key
    from synthetic_complaints import snapshot, write_snapshots

    from etl.runner import EtlRunner

    specs, groups = kiosk.get("/_dash-dependencies").get_json(), wp.panel_groups()
    assert {"complaints", "incidents", "infrastructure", "planning", "sipandu"} <= set(groups)
    drawn = {}
    for group in groups:
        answer = kiosk.post("/_dash-update-component", json=wall_body(specs, group, None))
        assert answer.status_code == 200, group
        payload = answer.get_json()["response"]
        assert {json.loads(key)["domain"] for key in payload} == {group}  # its own panels and store only
        drawn[group] = payload[response_key(Wall.drawn(group))]["data"]
    write_snapshots(databases, [snapshot(78, ticket="ADU-TEST-BARU-78", received_at=datetime.now(timezone.utc))])
    EtlRunner(databases).run_once()
    statuses = {group: kiosk.post("/_dash-update-component", json=wall_body(specs, group, drawn[group])).status_code
                for group in groups}
    assert {group for group, status in statuses.items() if status == 200} == {"complaints"}
    assert set(statuses.values()) == {200, 204}  # the others: nothing new, the browser keeps them


def test_a_new_version_redraws_the_panels_and_patches_the_map(kiosk, databases, complaint_marts):
    from synthetic_complaints import snapshot, write_snapshots

    from etl.runner import EtlRunner

    drawn = call_refresh(kiosk).get_json()["response"][Wall.DRAWN]["data"]
    write_snapshots(databases, [snapshot(77, ticket="ADU-TEST-BARU-77", received_at=datetime.now(timezone.utc))])
    EtlRunner(databases).run_once()

    payload = call_refresh(kiosk, drawn=drawn).get_json()["response"]
    from synthetic_complaints import received_today

    today = len(received_today(complaint_marts)) + 1  # 5, fewer just after midnight WIB
    assert counter_values(output_of(payload, Wall.SLOT, "complaint-counters"))["today"] == str(today)
    ticker = items(output_of(payload, Wall.SLOT, "complaint-ticker"))
    assert "is-new" in ticker["ADU-TEST-BARU-77"] and "is-newest" in ticker["ADU-TEST-BARU-77"]
    assert "is-new" not in ticker[NEWEST_KNOWN_TICKET]  # drawn before: not flashed again
    patch = output_of(payload, Wall.GRAPH, "complaint-map")
    assert patch["__dash_patch_update"] == "__dash_patch_update"
    assert "geojson" not in text_of(patch)  # the boundaries are not sent again
    newest = next(o for o in patch["operations"] if o["location"] == ["data", 2, "text"])
    assert newest["params"]["value"] == ["ADU-TEST-BARU-77"]
    assert payload[Wall.DRAWN]["data"]["panels"] != drawn["panels"]


def test_a_4k_screen_gets_a_closer_map(kiosk, complaint_marts):
    full_hd = output_of(call_refresh(kiosk).get_json()["response"], Wall.GRAPH, "complaint-map")
    four_k = output_of(call_refresh(kiosk, screen={"width": 3840, "height": 2160}).get_json()["response"],
                       Wall.GRAPH, "complaint-map")
    assert four_k["layout"]["map"]["zoom"] == pytest.approx(full_hd["layout"]["map"]["zoom"] + 1)


@pytest.mark.parametrize("role, scope, status", [
    ("opd", {"opd_code": "DISHUB"}, 403), ("camat", {"kecamatan_code": "35.78.07"}, 403),
    ("operator", {}, 200), ("pimpinan", {}, 200), ("admin", {}, 200),
])
def test_only_wall_roles_get_the_wall(client, make_user, login, complaint_marts, role, scope, status):
    make_user("someone", role, **scope)
    login("someone")
    assert call_refresh(client).status_code == status
    assert client.get("/wall").status_code == status


def test_the_refresh_refuses_anonymous_callers(client):
    assert call_refresh(client).status_code == 401


# --- the registry -----------------------------------------------------------------------------------

def test_a_registered_panel_gets_a_slot_and_is_drawn(kiosk, dash_callback, complaint_marts, extra_panel):
    response = dash_callback("_pages_content", {"_pages_location.pathname": "/wall", "_pages_location.search": ""})
    page = response.get_json()["response"]["_pages_content"]["children"]
    ids = [e["props"].get("id") for e in components(page)]
    assert Wall.slot("test-weather", wp.OTHER_PANELS) in ids and Wall.graph("complaint-map", "complaints") in ids
    assert "Cuaca uji" in text_of(page)

    drawn = output_of(call_refresh(kiosk).get_json()["response"], Wall.SLOT, "test-weather")
    assert "Cerah 31°" in text_of(drawn)


def test_the_layout_orders_rotating_panels_and_shows_the_first():
    region = wp.region("rotate")
    keys = [section.id["key"] for section in region.children]
    assert keys == ["complaint-sla-opd", "complaint-categories", "complaint-trend", "complaint-photos",
                    "incident-promise", "incident-units", "infra-kinds", "infra-blind-spots", "planning-round",
                    "planning-budget", "sipandu-week", "sipandu-flow"]  # by their order
    assert "is-active" in region.children[0].className and "is-active" not in region.children[1].className


def test_panels_are_checked_when_declared():
    with pytest.raises(ValueError, match="placement"):
        WallPanel("x", "X", ("complaints",), "floor", lambda s, v: None)
    with pytest.raises(ValueError, match="marts"):
        WallPanel("x", "X", "complaints", "side", lambda s, v: None)


def test_registering_the_same_key_replaces_the_panel(extra_panel):
    replacement = WallPanel(extra_panel.key, "Cuaca baru", ("weather",), "side", extra_panel.render)
    register_panel(replacement)
    assert [p.title for p in registered_panels("side") if p.key == extra_panel.key] == ["Cuaca baru"]


def test_stale_panels_are_the_ones_never_drawn_or_drawn_from_an_older_version():
    complaints = WallPanel("a", "A", ("complaints",), "side", lambda s, v: None)
    both = WallPanel("b", "B", ("complaints", "incidents"), "side", lambda s, v: None)
    versions = {"complaints": 4, "incidents": 2}
    assert wp.stale_keys([complaints, both], versions, None) == {"a", "b"}
    drawn = {"panels": {"a": {"complaints": 4}, "b": {"complaints": 4, "incidents": 1}}}
    assert wp.stale_keys([complaints, both], versions, drawn) == {"b"}
    assert wp.stale_keys([complaints, both], {"complaints": 4, "incidents": 1}, drawn) == set()


def test_the_minute_is_a_version_for_panels_that_depend_on_the_clock():
    now = datetime(2026, 11, 2, 1, 0, 30, tzinfo=timezone.utc)
    versions = wp.current_versions(["complaints", wp.MINUTE], lambda mart: 3, now)
    assert versions == {"complaints": 3, wp.MINUTE: int(now.timestamp()) // 60}
    counters = wp.panel_by_key("complaint-counters")
    ticker = wp.panel_by_key("complaint-ticker")
    drawn = {"panels": {p.key: wp.panel_versions(p, versions) for p in (counters, ticker)}}
    later = wp.current_versions(["complaints", wp.MINUTE], lambda mart: 3, now + timedelta(seconds=30))
    assert wp.stale_keys([counters, ticker], later, drawn) == {"complaint-counters"}


def test_a_failing_panel_shows_a_message_instead_of_breaking_the_wall():
    def broken(services, viewer):
        raise RuntimeError("mart missing")

    panel = WallPanel("broken", "Rusak", ("nothing",), "side", broken)
    assert "Panel tidak tersedia" in text_of(wp.draw_panel(panel, None, None, False, None))
    chart = WallPanel("broken-chart", "Rusak", ("nothing",), "main", broken, kind="figure")
    blank = wp.draw_panel(chart, None, None, False, None)
    assert blank["data"] == [] and go.Figure(blank).layout.paper_bgcolor == "rgba(0,0,0,0)"


def test_a_panel_built_as_a_go_figure_is_still_fitted_to_the_screen():
    def chart(services, viewer):
        return go.Figure(go.Scattermap(lat=[-7.25], lon=[112.74], marker={"size": 10}))

    panel = WallPanel("go-chart", "Grafik", ("nothing",), "main", chart, kind="figure")
    drawn = wp.draw_panel(panel, None, None, False, {"width": 3840, "height": 2160})
    assert drawn["data"][0]["marker"]["size"] == 20 and drawn["layout"]["font"]["size"] == 24


def test_walls_refreshing_after_the_same_commit_draw_each_panel_once(app, databases):
    from core.scope import CITY
    from data.cache import mart_cache
    from etl.load import bump_versions

    drawn = []

    def listing(services, viewer):
        drawn.append(1)
        return html.Ul([html.Li(t, className="row", **{"data-item": t}) for t in ("A", "B")])

    class Wall:
        scope = CITY

    panel = WallPanel("listing", "Daftar", ("complaints", wp.MINUTE), "side", listing)
    services, now = app.server.extensions["pantau"], datetime(2026, 12, 3, 10, 0, 5, tzinfo=timezone.utc)
    with app.server.test_request_context():
        first = wp.draw_panel(panel, services, Wall(), False, None, now)
        wp.mark_new_items(first, ["A"])  # one wall marks B as new in its own copy
    with app.server.test_request_context():
        again = wp.draw_panel(panel, services, Wall(), False, None, now)
    assert len(drawn) == 1 and [li.className for li in again.children] == ["row", "row"]
    # a new version of its mart, the next minute, another screen size: drawn afresh
    with databases.warehouse.begin() as connection:
        bump_versions(connection, ["complaints"])
    for minute, screen in ((0, None), (1, None), (1, {"width": 3840, "height": 2160})):
        with app.server.test_request_context():
            wp.draw_panel(panel, services, Wall(), False, screen, now + timedelta(minutes=minute))
    assert len(drawn) == 4 and mart_cache(services).hits == 1


def test_a_failing_panel_is_tried_again_by_the_next_refresh(app):
    from core.scope import CITY

    calls = []

    def flaky(services, viewer):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("mart missing")
        return html.P("ok")

    class Wall:
        scope = CITY

    panel = WallPanel("flaky", "Kadang", ("complaints",), "side", flaky)
    services, now = app.server.extensions["pantau"], datetime(2026, 12, 3, 10, tzinfo=timezone.utc)
    with app.server.test_request_context():
        assert "Panel tidak tersedia" in text_of(wp.draw_panel(panel, services, Wall(), False, None, now))
    with app.server.test_request_context():
        assert "ok" in text_of(wp.draw_panel(panel, services, Wall(), False, None, now))


# --- pure builders ---------------------------------------------------------------------------------------

def test_new_items_are_marked_only_after_the_first_draw():
    def listing(*tickets):
        return html.Ul([html.Li(t, className="row", **{"data-item": t}) for t in tickets])

    first, keys = wp.mark_new_items(listing("A", "B"), None)
    assert keys == ["A", "B"] and all("is-new" not in li.className for li in first.children)
    second, keys = wp.mark_new_items(listing("C", "A", "B"), keys)
    assert [li.className for li in second.children] == ["row is-new", "row", "row"]
    assert keys == ["A", "B", "C"]


def test_counters_strip_shows_the_numbers_and_red_only_when_overdue():
    counters = {"today": 1234, "open": 10, "overdue_now": 3, "breached_ever": 5}
    strip = counter_values(as_json(cp.counters_strip(counters)))
    assert strip == {"today": "1.234", "open": "10", "overdue_now": "3", "breached_ever": "5"}
    quiet = cp.counters_strip({"today": 0, "open": 0, "overdue_now": 0, "breached_ever": 0})
    assert all("is-alarm" not in c.className for c in quiet.children)
    assert "is-alarm" in cp.counters_strip(counters | {"overdue_now": 2}).children[2].className
    assert "Lewat tenggat sekarang" in text_of(as_json(cp.counters_strip(counters)))


def listing_frame(rows: list[dict]) -> pd.DataFrame:
    base = {"category_code": "SAMPAH", "opd_code": "DLH", "kelurahan_code": "35.78.07.1004",
            "first_response_sla": "pending", "feedback_sla": "pending", "first_response_at": None,
            "first_response_due_at": datetime(2026, 11, 2, 2, 0, tzinfo=timezone.utc),
            "feedback_due_at": datetime(2026, 11, 3, 1, 0, tzinfo=timezone.utc)}
    return pd.DataFrame([{**base, **row} for row in rows])


CATEGORIES = {"SAMPAH": "Sampah tidak terangkut"}
KELURAHAN = {"35.78.07.1004": "Ketabang"}
OPDS = {"DLH": "DLH"}


def test_the_ticker_lists_ticket_category_kelurahan_and_time_in_wib():
    latest = listing_frame([
        {"ticket": "ADU-2", "received_at": datetime(2026, 11, 2, 1, 5, tzinfo=timezone.utc)},
        {"ticket": "ADU-1", "received_at": datetime(2026, 11, 1, 16, 30, tzinfo=timezone.utc), "kelurahan_code": ""},
    ])
    ticker = cp.complaint_ticker(latest, CATEGORIES, KELURAHAN, today=date(2026, 11, 2))
    text = text_of(ticker)
    assert "08:05" in text and "Sampah tidak terangkut" in text and "Ketabang" in text
    assert "01/11/2026 23:30" in text  # yesterday, in WIB
    assert "lokasi belum dipetakan" in text
    first_copy = ticker.children.children[0].children
    assert "is-newest" in first_copy[0].className and "is-newest" not in first_copy[1].className
    assert cp.complaint_ticker(latest.iloc[:0], CATEGORIES, KELURAHAN, date(2026, 11, 2)).children == \
        "Belum ada aduan masuk."


def test_breach_alarms_say_which_sla_and_the_due_time():
    breaches = listing_frame([{"ticket": "ADU-9", "first_response_sla": "breached", "feedback_sla": "breached"}])
    alarms = cp.breach_alarms(breaches, CATEGORIES, OPDS, KELURAHAN, today=date(2026, 11, 2))
    text = text_of(alarms)
    assert "SLA respons & tindak lanjut lewat" in text and "batas 09:00 WIB" in text
    assert items(as_json(alarms)) == {"ADU-9:respons+tindak lanjut": "wall-alarm"}
    assert "wall-all-clear" in cp.breach_alarms(breaches.iloc[:0], {}, {}, {}, date(2026, 11, 2)).className


def test_an_alarm_says_how_late_in_words():
    now = datetime(2026, 11, 2, 4, 5, tzinfo=timezone.utc)  # 2 h 5 min after the 02:00 response deadline
    unanswered = listing_frame([{"ticket": "ADU-1", "first_response_sla": "breached"}])
    assert "terlambat 2 jam 5 menit" in text_of(cp.breach_alarms(unanswered, CATEGORIES, OPDS, KELURAHAN,
                                                                 date(2026, 11, 2), now=now))
    # answered 40 minutes late: stays 40 minutes late whatever the clock says
    answered = listing_frame([{"ticket": "ADU-2", "first_response_sla": "breached",
                               "first_response_at": datetime(2026, 11, 2, 2, 40, tzinfo=timezone.utc)}])
    assert "terlambat 40 menit" in text_of(cp.breach_alarms(answered, CATEGORIES, OPDS, KELURAHAN,
                                                            date(2026, 11, 2), now=now))
    # feedback missed (naive UTC from the marts): counted from the feedback deadline
    feedback = listing_frame([{"ticket": "ADU-3", "feedback_sla": "breached",
                               "feedback_due_at": datetime(2026, 11, 2, 3, 0)}])
    assert "terlambat 1 jam 5 menit" in text_of(cp.breach_alarms(feedback, CATEGORIES, OPDS, KELURAHAN,
                                                                 date(2026, 11, 2), now=now))


def test_an_alarm_list_cut_short_says_how_many_more_there_are():
    breaches = listing_frame([{"ticket": f"ADU-{n}", "first_response_sla": "breached"} for n in range(6)])
    assert "+88 lainnya" in text_of(cp.breach_alarms(breaches, CATEGORIES, OPDS, KELURAHAN, date(2026, 11, 2),
                                                     total=94))
    assert "+1.194 lainnya" in text_of(cp.breach_alarms(breaches, CATEGORIES, OPDS, KELURAHAN,
                                                        date(2026, 11, 2), total=1200))
    assert "lainnya" not in text_of(cp.breach_alarms(breaches, CATEGORIES, OPDS, KELURAHAN, date(2026, 11, 2),
                                                     total=6))


def test_sla_rows_put_the_worst_opd_first_with_a_tone():
    by_opd = pd.DataFrame({"code": ["A", "B", "C", "D"], "response_met": [9, 1, 7, 0],
                           "response_breached": [1, 3, 3, 0], "response_sla_pct": [90.0, 25.0, 70.0, None]})
    rows = cp.sla_rows(by_opd, {"A": "Dinas A"})
    assert [r["label"] for r in rows] == ["B", "C", "Dinas A"]  # D measured nothing
    assert [r["tone"] for r in rows] == ["bad", "warn", "ok"]
    assert rows[0]["display"] == "25% (1/4)"


def test_the_triage_queue_is_shown_apart_from_the_opd_ranking():
    by_opd = pd.DataFrame({"code": ["", "A"], "response_met": [0, 9], "response_breached": [5, 1],
                           "response_sla_pct": [0.0, 90.0]})
    assert [r["label"] for r in cp.sla_rows(by_opd, {"": "Triase command center", "A": "Dinas A"})] == ["Dinas A"]
    panel = cp.sla_by_opd(by_opd, {"": "Triase command center", "A": "Dinas A"}, triage_open=1234)
    assert "Antrean triase: 1.234 aduan" in text_of(panel) and "Triase command center" not in text_of(panel)


def test_category_rows_scale_to_the_largest():
    by_category = pd.DataFrame({"code": ["X", "Y", "Z"], "received": [2, 8, 0]})
    rows = cp.category_rows(by_category, {"Y": "Jalan"})
    assert [(r["label"], r["value"]) for r in rows] == [("Jalan", 100.0), ("X", 25.0)]
    tied = pd.DataFrame({"code": [f"K{i:02d}" for i in range(12, 0, -1)], "received": [3] * 12})
    assert [r["label"] for r in cp.category_rows(tied, {})] == [f"K{i:02d}" for i in range(1, 9)]  # ties by code


def test_trend_columns_label_days_in_bahasa_indonesia():
    trend = pd.DataFrame({"day": [date(2026, 11, 1), date(2026, 11, 2)], "received": [2, 4]})
    text = text_of(cp.trend_columns(trend))
    assert "Min" in text and "Sen" in text and "02/11" in text and "85.0%" in text and "42.5%" in text


DISTRICTS = pd.DataFrame({"code": ["35.78.07", "35.78.10"], "name": ["Genteng", "Tambaksari"], "received": [5, 0]})
POINTS = pd.DataFrame({"ticket": ["NEW", "OLD"], "lat": [-7.25, -7.26], "lon": [112.74, 112.75]})
LABELS = DISTRICTS.assign(lat=[-7.26, -7.25], lon=[112.74, 112.76])


def test_the_activity_map_colours_districts_and_highlights_the_newest_dot():
    figure = cp.activity_map(DISTRICTS, POINTS, "/assets/geo/kecamatan.geojson", MapSettings(), LABELS)
    choropleth, dots, newest, labels = figure["data"]
    assert choropleth["type"] == "choroplethmap" and choropleth["geojson"] == "/assets/geo/kecamatan.geojson"
    assert choropleth["featureidkey"] == "properties.code" and choropleth["z"] == [5, 0]
    assert dots["text"] == ["OLD"] and newest["text"] == ["NEW"]
    assert newest["marker"]["size"] > dots["marker"]["size"]
    assert labels["mode"] == "text" and labels["text"] == ["Genteng", "Tambaksari"]  # no hovering on a wall
    layout = figure["layout"]
    assert layout["uirevision"] == "wall-map" and layout["map"]["style"]["glyphs"] == GLYPHS_URL  # offline
    assert layout["map"]["style"]["layers"][0]["paint"]["background-color"] == cp.WALL_BACKGROUND  # dark
    tiles = cp.activity_map(DISTRICTS, POINTS, "/x.geojson", MapSettings(basemap_style="carto-darkmatter"), LABELS)
    assert tiles["layout"]["map"]["style"] == "carto-darkmatter"


def test_the_activity_map_dict_is_a_valid_plotly_figure():
    """The builder skips go.Figure's validation on each refresh; go.Figure checks it here instead."""
    for points in (POINTS, POINTS.iloc[0:0]):
        figure = cp.activity_map(DISTRICTS, points, "/x.geojson", MapSettings(), LABELS)
        assert go.Figure(figure).layout.map.zoom == figure["layout"]["map"]["zoom"]
    go.Figure(wp.fit_figure_to_screen(cp.activity_map(DISTRICTS, POINTS, "/x.geojson", MapSettings(), LABELS),
                                      {"width": 3840, "height": 2160}))


def test_the_map_patch_changes_only_numbers_and_dots():
    patch = cp.activity_map_patch(DISTRICTS, POINTS).to_plotly_json()
    locations = [tuple(o["location"]) for o in patch["operations"]]
    assert ("data", 0, "z") in locations and ("data", 2, "lat") in locations
    assert all(location[0] == "data" for location in locations)  # never the layout: no jump


def test_figures_grow_with_a_4k_screen():
    figure = cp.activity_map(DISTRICTS, POINTS, "/x.geojson", MapSettings(), LABELS)
    layout, newest, labels = figure["layout"], figure["data"][2], figure["data"][3]
    zoom, size, font, label_size = layout["map"]["zoom"], newest["marker"]["size"], layout["font"], labels["textfont"]["size"]
    wp.fit_figure_to_screen(figure, {"width": 3840, "height": 2160})
    assert layout["map"]["zoom"] == pytest.approx(zoom + 1) and newest["marker"]["size"] == size * 2
    assert labels["textfont"]["size"] == label_size * 2
    assert figure["layout"]["font"] == {**font, "size": font["size"] * 2}
    # in place, but on this draw's dicts only: the next map starts from the 1920x1080 sizes again
    assert cp.activity_map(DISTRICTS, POINTS, "/x.geojson", MapSettings(), LABELS)["data"][2]["marker"]["size"] == size
    assert wp.screen_scale(None) == 1.0 and wp.screen_scale({"width": 0, "height": 0}) == 1.0


def test_time_labels_are_in_wib():
    moment = datetime(2026, 11, 2, 1, 0, tzinfo=timezone.utc)
    assert wp.wib_label(moment, date(2026, 11, 2)) == "08:00"
    assert wp.wib_label(moment - timedelta(hours=9), date(2026, 11, 2)) == "01/11/2026 23:00"
    assert wp.version_line({"complaints": 7}, moment) == "data: versi 7 · diperbarui 08:00:00 WIB"
    assert wp.version_line({"complaints": 7, "incidents": 2}, moment).startswith("data: versi complaints 7 · incidents 2")


def test_the_map_is_served_with_a_dark_named_placeholder_before_any_data():
    """The page itself carries the map (outlines, names, dark background): nothing waits for a query."""
    from core.settings import Settings

    main = json.loads(json.dumps(wp.region("main", Settings()).to_plotly_json(), cls=PlotlyJSONEncoder))
    graphs = [c for c in components(main) if c["props"].get("id") == Wall.graph("complaint-map", "complaints")]
    figure = graphs[0]["props"]["figure"]
    style = figure["layout"]["map"]["style"]
    assert style["layers"][0]["paint"]["background-color"] == cp.WALL_BACKGROUND
    labels = [t for t in figure["data"] if t.get("mode") == "text"]
    assert len(labels[0]["text"]) == 31 and labels[0]["meta"] == "labels:always"
    assert set(figure["data"][0]["z"]) == {0}  # no counts yet: reference data only
    go.Figure(figure)  # a valid figure


def test_a_figure_panel_without_placeholder_starts_transparent_not_white():
    panel = WallPanel("empty-figure", "", ("complaints",), "main", lambda s, v: {}, kind="figure")
    figure = wp.first_figure(panel, None)
    assert figure["layout"]["paper_bgcolor"] == "rgba(0,0,0,0)" and figure["data"] == []
