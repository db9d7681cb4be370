"""The proposals' JSON API at /api/planning: sessions and roles, every refusal a 4xx naming the
field with nothing written, the viewer's scope on reads, and public answers without any name.
The rounds are set to the whole year here: the API takes the server's clock (the rounds' dates
are tested on the service, tests/planning/test_decisions.py)."""

from __future__ import annotations

import io
import re

import pytest

from planning_setup import JPEG, KECAMATAN, KELURAHAN_A, KELURAHAN_B, PNG, spot

ALL_YEAR = {f"{name}_round": "01-01..12-31" for name in ("rw", "kelurahan", "kecamatan", "city")}
API = "/api/planning"


@pytest.fixture
def settings(settings):
    return settings.override(planning=ALL_YEAR)


@pytest.fixture
def as_role(client, staff, logout):
    """as_role(role, **scope): the test client logged in as that user (logging out whoever was)."""

    def switch(role: str, **scope) -> str:
        logout()
        return staff(role, **scope)

    return switch


def _body(**fields) -> dict:
    lat, lon = spot(KELURAHAN_A)
    return dict(item_code="PAVING-GANG", volume=40, lat=lat, lon=lon, address="Gg. Mawar 2", title="Jalan depan musala",
                description="becek saat hujan") | fields


def _csrf(client) -> str:
    with client.session_transaction() as session:
        return session["csrf_token"]


@pytest.fixture
def submitted(client, as_role):
    """A proposal of RW 1 of KELURAHAN_A, submitted as JSON by its head: its detail."""
    as_role("rt_rw", kelurahan_code=KELURAHAN_A, rw=1)
    response = client.post(f"{API}/proposals", json=_body())
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_head_submits_json_and_reads_it_back(client, submitted):
    assert re.fullmatch(r"USL-20[0-9]{2}-000001", submitted["number"])
    assert (submitted["status"], submitted["estimated_cost_rupiah"], submitted["rw"]) == ("proposed", 7_000_000, 1)
    assert submitted["events"][0]["action"] == "submitted" and submitted["proposer"] == "rt_rw-35.78.01.1001-1"
    again = client.get(f"{API}/proposals/{submitted['number'].lower()}").get_json()
    assert again["number"] == submitted["number"] and again["photos"] == []


def test_a_head_submits_a_form_with_photos_and_the_csrf_token(client, as_role):
    as_role("rt_rw", kelurahan_code=KELURAHAN_A, rw=1)
    form = {k: str(v) for k, v in _body().items()}
    photos = [(io.BytesIO(PNG), "a.png"), (io.BytesIO(JPEG), "b.jpg")]
    refused = client.post(f"{API}/proposals", data=form | {"photos": photos}, content_type="multipart/form-data")
    assert refused.status_code == 400 and refused.get_json()["field"] == "csrf_token"
    photos = [(io.BytesIO(PNG), "a.png"), (io.BytesIO(JPEG), "b.jpg")]
    response = client.post(f"{API}/proposals", data=form | {"photos": photos, "csrf_token": _csrf(client)},
                           content_type="multipart/form-data")
    assert response.status_code == 201, response.get_json()
    found = response.get_json()["photos"]
    assert [(p["filename"], p["content_type"]) for p in found] == [("a.png", "image/png"), ("b.jpg", "image/jpeg")]
    photo = client.get(found[1]["url"])
    assert photo.status_code == 200 and photo.data == JPEG and photo.mimetype == "image/jpeg"


@pytest.mark.parametrize("form,field", [
    (dict(photos=b"<svg onload=alert(1)>"), "photos"),
    (dict(volume="banyak"), "volume"),
    (dict(rt="3a"), "rt"),
    (dict(colour="red"), "colour"),
], ids=["not-an-image", "volume-text", "rt-text", "unknown-field"])
def test_a_bad_form_is_a_400_naming_the_field_and_writes_nothing(client, as_role, written, form, field):
    as_role("rt_rw", kelurahan_code=KELURAHAN_A, rw=1)
    before = written()
    data = {k: str(v) for k, v in _body().items()} | {"csrf_token": _csrf(client)} | form
    if "photos" in form:  # a fresh file per run: the client closes what it sent
        data["photos"] = [(io.BytesIO(form["photos"]), "x.png")]
    response = client.post(f"{API}/proposals", data=data, content_type="multipart/form-data")
    assert response.status_code == 400 and response.get_json()["field"] == field, response.get_json()
    assert written() == before


@pytest.mark.parametrize("body,field,code", [
    (_body(volume=-1), "volume", "planning_volume_range"),
    (_body(volume="40"), "volume", "planning_not_a_number"),
    (_body(item_code="HELIPAD"), "item_code", "planning_unknown_item"),
    (_body(title=""), "title", "planning_required"),
    (_body(lat=spot(KELURAHAN_B)[0], lon=spot(KELURAHAN_B)[1]), "lat", "planning_outside_kelurahan"),
    (_body(photos=[]), "photos", "invalid_request"),
    ([1, 2], "body", "invalid_request"),
], ids=["negative-volume", "volume-string", "unknown-item", "no-title", "other-kelurahan", "photos-in-json",
        "not-an-object"])
def test_bad_json_is_a_400_naming_the_field_and_writes_nothing(client, as_role, written, body, field, code):
    as_role("rt_rw", kelurahan_code=KELURAHAN_A, rw=1)
    before = written()
    response = client.post(f"{API}/proposals", json=body)
    assert response.status_code == 400
    assert (response.get_json()["field"], response.get_json()["error"]) == (field, code)
    assert field in response.get_json()["message"]
    assert written() == before


def test_without_a_session_it_is_a_json_401_and_a_reader_role_only_reads(client, as_role, written):
    for method, path in (("get", "/proposals"), ("post", "/proposals"), ("get", "/items"),
                         ("post", "/proposals/USL-2027-000001/verify")):
        response = getattr(client, method)(f"{API}{path}", json={})
        assert response.status_code == 401 and response.get_json()["error"] == "unauthorised", path
    as_role("operator")
    assert client.get(f"{API}/proposals").status_code == 403
    as_role("pimpinan")
    assert client.get(f"{API}/proposals").status_code == 200
    before = written()
    response = client.post(f"{API}/proposals", json=_body())
    assert response.status_code == 403 and response.get_json()["field"] == "actor"
    assert written() == before


def test_the_dictionary(client, as_role):
    as_role("lurah", kelurahan_code=KELURAHAN_A)
    items = {row["code"]: row for row in client.get(f"{API}/items").get_json()["items"]}
    assert items["PAVING-JALAN"] | {} == dict(code="PAVING-JALAN", name="Paving jalan kampung", unit="m2",
                                              unit_cost_rupiah=185_000, max_volume=1500.0, opd_code="DSDABM",
                                              kind="paving")


def test_the_rounds_by_http_verify_decide_rank(client, as_role, submitted, written):
    number = submitted["number"]
    as_role("lurah", kelurahan_code=KELURAHAN_B)
    before = written()
    response = client.post(f"{API}/proposals/{number}/verify", json={})
    assert response.status_code == 403 and response.get_json()["field"] == "number"
    assert client.get(f"{API}/proposals/{number}").status_code == 403
    as_role("lurah", kelurahan_code=KELURAHAN_A)
    response = client.post(f"{API}/proposals/{number}/decision", json={"accept": True})
    assert response.status_code == 409 and response.get_json()["error"] == "planning_step_refused"
    response = client.post(f"{API}/proposals/{number}/verify", data="note=ok")
    assert response.status_code == 415
    assert written() == before
    response = client.post(f"{API}/proposals/{number}/verify", json={"note": "dicek ke lokasi"})
    assert response.status_code == 200 and response.get_json()["status"] == "verified"
    as_role("camat", kecamatan_code=KECAMATAN)
    before = written()
    for body, field in (({"accept": False}, "reason"), ({"accept": False, "reason": "mahal"}, "reason"),
                        ({}, "accept"), ({"accept": "ya"}, "accept"), ({"accept": True, "why": 1}, "why")):
        response = client.post(f"{API}/proposals/{number}/decision", json=body)
        assert response.status_code == 400 and response.get_json()["field"] == field, body
    assert written() == before
    response = client.post(f"{API}/proposals/{number}/decision", json={"accept": True, "note": "prioritas"})
    assert response.status_code == 200 and response.get_json()["status"] == "accepted"
    as_role("perencana")
    response = client.post(f"{API}/proposals/priorities", json={"numbers": [number]})
    assert response.status_code == 200 and response.get_json()["proposals"] == [dict(number=number, priority=1)]
    detail = client.get(f"{API}/proposals/{number}").get_json()
    assert [e["actor_role"] for e in detail["events"]] == ["rt_rw", "lurah", "camat", "perencana"]


def test_a_closed_round_is_a_409_naming_the_round(client, app, as_role, submitted, written):
    from datetime import timedelta

    from core.clock import city_today

    today = city_today()
    other = today + timedelta(days=1) if (today + timedelta(days=1)).year == today.year else today - timedelta(days=1)
    services = app.server.extensions["pantau"]
    services.settings = services.settings.override(planning={"kelurahan_round": f"{other:%m-%d}..{other:%m-%d}"})
    as_role("lurah", kelurahan_code=KELURAHAN_A)
    before = written()
    response = client.post(f"{API}/proposals/{submitted['number']}/verify", json={})
    assert response.status_code == 409
    assert (response.get_json()["error"], response.get_json()["field"]) == ("planning_round_closed", "round")
    assert written() == before


def test_reads_follow_the_viewers_scope(client, as_role, submitted):
    as_role("rt_rw", kelurahan_code=KELURAHAN_A, rw=2)
    assert client.get(f"{API}/proposals").get_json()["total"] == 0
    assert client.get(f"{API}/proposals/{submitted['number']}").status_code == 403
    as_role("opd", opd_code="DLH")
    assert client.get(f"{API}/proposals").get_json()["total"] == 0
    as_role("opd", opd_code="DSDABM")
    assert client.get(f"{API}/proposals").get_json()["total"] == 1
    as_role("camat", kecamatan_code="35.78.02")
    assert client.get(f"{API}/proposals").get_json()["total"] == 0
    as_role("camat", kecamatan_code=KECAMATAN)
    listed = client.get(f"{API}/proposals?status=proposed&kelurahan={KELURAHAN_A}").get_json()
    assert [p["number"] for p in listed["proposals"]] == [submitted["number"]]
    assert client.get(f"{API}/proposals?status=verified").get_json()["total"] == 0
    paged = client.get(f"{API}/proposals?offset=1").get_json()
    assert (paged["total"], paged["proposals"]) == (1, [])
    for query, field in (("status=built", "status"), ("year=99", "year"), ("kelurahan=x", "kelurahan"),
                         ("limit=0", "limit"), ("sort=rw", "sort")):
        response = client.get(f"{API}/proposals?{query}")
        assert response.status_code == 400 and response.get_json()["field"] == field, query


def test_unknown_paths_and_numbers_are_json_404s(client, as_role):
    as_role("perencana")
    for path in ("/proposals/USL-2027-999999", "/nothing", "/public/proposals/USL-2027-999999",
                 "/public/kelurahan/35.78.99.9999", "/public/photos/12345"):
        response = client.get(f"{API}{path}")
        assert response.status_code == 404 and response.is_json, path


# --- public ----------------------------------------------------------------------------------------------

def test_the_public_answers_show_the_decisions_and_no_one(client, as_role, submitted, logout):
    number = submitted["number"]
    as_role("lurah", kelurahan_code=KELURAHAN_A)
    client.post(f"{API}/proposals/{number}/verify", json={"note": "Pak Slamet sudah cek"})
    as_role("camat", kecamatan_code=KECAMATAN)
    client.post(f"{API}/proposals/{number}/decision",
                json={"accept": False, "reason": "not_feasible", "note": "Bu Sri: lahan sengketa"})
    logout()
    answer = client.get(f"{API}/public/proposals/{number}")
    assert answer.status_code == 200
    found = answer.get_json()
    assert (found["status"], found["rejection_reason"], found["rejection_reason_name"]) == (
        "rejected", "not_feasible", "Tidak layak dilaksanakan")
    assert [(s["action"], s["reason_name"]) for s in found["steps"]] == [
        ("submitted", None), ("verified", None), ("rejected", "Tidak layak dilaksanakan")]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", s["date"]) for s in found["steps"])
    assert (found["kelurahan"]["code"], found["rw"], found["item"]["code"], found["estimated_cost_rupiah"]) == (
        KELURAHAN_A, 1, "PAVING-GANG", 7_000_000)
    listed = client.get(f"{API}/public/kelurahan/{KELURAHAN_A}?year={found['year']}").get_json()
    assert [p["number"] for p in listed["proposals"]] == [number]
    assert client.get(f"{API}/public/kelurahan/{KELURAHAN_A}?year={found['year'] - 1}").get_json()["total"] == 0
    text = answer.get_data(as_text=True) + client.get(f"{API}/public/kelurahan/{KELURAHAN_A}?year="
                                                      f"{found['year']}").get_data(as_text=True)
    for private in ("rt_rw-", "lurah-", "camat-", "Slamet", "Sri", "Mawar", "becek", "musala",
                    "proposer", "actor", "note", "address", "filename", "lat", "lon"):
        assert private not in text, private
    response = client.get(f"{API}/public/kelurahan/{KELURAHAN_A}?year=soon")
    assert response.status_code == 400 and response.get_json()["field"] == "year"


def test_the_openapi_document_describes_the_planning_api(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert {f"{API}/proposals", f"{API}/proposals/{{number}}/decision", f"{API}/public/proposals/{{number}}",
            f"{API}/public/photos/{{photo_id}}"} <= set(paths)
    decision = paths[f"{API}/proposals/{{number}}/decision"]["post"]["requestBody"]["content"]["application/json"]
    assert decision["schema"]["properties"]["reason"]["enum"] == ["not_in_dictionary", "duplicate",
                                                                  "not_city_authority", "over_ceiling",
                                                                  "already_planned", "not_feasible"]
