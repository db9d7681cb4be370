"""Sipandu's JSON API at /api/sipandu: sessions and roles, the NIK masked in every answer but the
unmask and the export (and never in a URL), each refusal a 4xx naming the field with nothing
written, counted lookups, the residents' import taken whole or refused whole, and its OpenAPI part.
The API takes the server's clock: arrivals are a couple of hours before it."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta, timezone

import pytest

from core.changelog import ChangeLogEntry
from modules.sipandu.models import SipanduAccessLog, SipanduKos, SipanduNewcomer, SipanduResident
from modules.sipandu.nik import make_nik, masked_nik
from modules.sipandu.sample import arrival_form, sample_nik

API = "/api/sipandu"
KELURAHAN, KECAMATAN = "35.78.07.1004", "35.78.07"  # Ketabang, Genteng
ELSEWHERE = "35.78.10.1008"                         # Tambaksari
WRITTEN = (SipanduNewcomer, SipanduKos, SipanduResident, SipanduAccessLog, ChangeLogEntry)
REASON = "verifikasi KTP di rumah kos"


@pytest.fixture
def backend():
    return "sqlite"


@pytest.fixture
def as_role(client, make_user, login, logout):
    """as_role(role, **scope): the test client logged in as that user (created once), logging out
    whoever was."""
    made: set[str] = set()

    def switch(role: str, **scope) -> str:
        logout()
        username = f"{role}-{'-'.join(map(str, scope.values())) or 'city'}".lower()
        if username not in made:
            make_user(username, role, **scope)
            made.add(username)
        assert login(username).status_code == 302
        return username

    return switch


@pytest.fixture
def written(count_rows):
    return lambda: count_rows(WRITTEN)


def head(as_role, rw: int = 1, rt: int = 1, kelurahan: str = KELURAHAN) -> str:
    return as_role("rt_rw", kelurahan_code=kelurahan, rw=rw, rt=rt)


def lurah(as_role, kelurahan: str = KELURAHAN) -> str:
    return as_role("lurah", kelurahan_code=kelurahan)


def arrival(serial: int, rw: int = 1, rt: int = 1, **extra) -> dict:
    arrived = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(hours=2)
    return arrival_form(serial, KELURAHAN, rw, rt, arrived, **extra)


def csrf(client) -> str:
    with client.session_transaction() as session:
        return session["csrf_token"]


@pytest.fixture
def record(client, as_role):
    """record(serial, rw, rt, **extra) -> the answer's JSON, recorded by that RT's head."""
    def make(serial: int, rw: int = 1, rt: int = 1, **extra) -> dict:
        head(as_role, rw, rt)
        response = client.post(f"{API}/newcomers", json=arrival(serial, rw, rt, **extra))
        assert response.status_code == 201, response.get_json()
        return response.get_json()
    return make


def refusal(response, status: int, field: str | None, error: str | None = None) -> dict:
    body = response.get_json()
    assert response.status_code == status, body
    assert set(body) >= {"error", "message", "field"} and body["field"] == field, body
    if error is not None:
        assert body["error"] == error, body
    return body


# --- recording and reading ---------------------------------------------------------------------------

def test_an_rt_head_records_a_newcomer_and_sees_the_nik_masked_only(client, as_role):
    head(as_role)
    response = client.post(f"{API}/newcomers", json=arrival(1))
    assert response.status_code == 201
    view = response.get_json()
    assert view["nik"] == masked_nik(sample_nik(1)) == "3515**********01"
    assert sample_nik(1) not in response.get_data(as_text=True)
    assert (view["status"], view["rw"], view["rt"], view["kecamatan_code"]) == ("recorded", 1, 1, KECAMATAN)
    assert view["reported_in_time"] is True and view["recorded_by"] == "rt_rw-35.78.07.1004-1-1"
    assert response.headers["Cache-Control"] == "no-store"
    one = client.get(f"{API}/newcomers/{view['id']}")
    assert one.status_code == 200 and one.get_json() == view
    page = client.get(f"{API}/newcomers?status=recorded&limit=10")
    assert [v["id"] for v in page.get_json()["newcomers"]] == [view["id"]]
    assert sample_nik(1) not in one.get_data(as_text=True) + page.get_data(as_text=True)


def test_a_boarding_house_is_registered_by_the_lurah_and_named_in_an_arrival(client, as_role, written):
    lurah(as_role)
    house = {"name": "Kos Melati", "owner_name": "Bu Sri", "address": "Jl. Melati 3", "capacity": 10,
             "rt_code": "35.78.07.1004.RW01.RT01"}
    refusal(client.post(f"{API}/kos", json=house | {"capacity": 0}), 400, "capacity", "sipandu_out_of_range")
    refusal(client.post(f"{API}/kos", json=house | {"capacity": "10"}), 400, "capacity")
    response = client.post(f"{API}/kos", json=house)
    assert response.status_code == 201, response.get_json()
    code = response.get_json()["code"]
    assert re.fullmatch(r"KOS-35780710040001", code) and response.get_json()["capacity"] == 10
    head(as_role)
    assert [k["code"] for k in client.get(f"{API}/kos").get_json()["kos"]] == [code]
    before = written()
    refusal(client.post(f"{API}/kos", json=house), 403, "actor", "sipandu_role_refused")
    assert written() == before
    view = client.post(f"{API}/newcomers", json=arrival(2, kos_code=code)).get_json()
    assert view["kos_code"] == code
    head(as_role, 1, 2)
    assert client.get(f"{API}/kos").get_json()["kos"] == []


# --- the lifecycle ------------------------------------------------------------------------------------

def test_the_lurah_verifies_and_rejects_and_a_step_out_of_turn_is_409(client, as_role, record, written):
    first, second = record(1)["id"], record(2)["id"]
    lurah(as_role)
    verified = client.post(f"{API}/newcomers/{first}/verify", json={})
    assert verified.status_code == 200 and verified.get_json()["status"] == "active"
    assert verified.get_json()["verified_by"] == "lurah-35.78.07.1004"
    refusal(client.post(f"{API}/newcomers/{second}/reject", json={"reason": "dislike"}), 400, "reason",
            "sipandu_unknown_choice")
    refusal(client.post(f"{API}/newcomers/{second}/reject", json={}), 400, "reason")
    rejected = client.post(f"{API}/newcomers/{second}/reject", json={"reason": "not_at_address"})
    assert rejected.status_code == 200
    assert (rejected.get_json()["status"], rejected.get_json()["rejection_reason"]) == ("rejected", "not_at_address")
    before = written()
    refusal(client.post(f"{API}/newcomers/{second}/verify", json={}), 409, "status", "sipandu_step_refused")
    refusal(client.post(f"{API}/newcomers/{first}/reject", json={"reason": "duplicate"}), 409, "status")
    assert written() == before


def test_a_departure_before_the_arrival_is_refused_and_a_real_one_ends_the_stay(client, as_role, record, written):
    view = record(1)
    arrived = datetime.fromisoformat(view["arrived_at"])
    path = f"{API}/newcomers/{view['id']}/departure"
    before = written()
    early = {"left_at": (arrived - timedelta(minutes=1)).isoformat(), "destination_regency": "35.07"}
    refusal(client.post(path, json=early), 400, "left_at", "sipandu_time_order")
    refusal(client.post(path, json=early | {"left_at": "kemarin"}), 400, "left_at", "sipandu_bad_moment")
    refusal(client.post(path, json=early | {"left_at": (arrived + timedelta(hours=1)).isoformat(),
                                            "destination_regency": "99.99"}), 400, "destination_regency")
    assert written() == before
    left = (arrived + timedelta(hours=1)).isoformat()
    response = client.post(path, json={"left_at": left, "destination_regency": "35.07"})
    assert response.status_code == 200, response.get_json()
    assert (response.get_json()["status"], response.get_json()["destination_regency"]) == ("moved_out", "35.07")


# --- who may -------------------------------------------------------------------------------------------

def test_another_rt_and_the_aggregate_roles_are_refused(client, as_role, record, written):
    record_id = record(1)["id"]
    before = written()
    head(as_role, 1, 2)
    refusal(client.get(f"{API}/newcomers/{record_id}"), 403, "id", "sipandu_outside_scope")
    assert client.get(f"{API}/newcomers").get_json()["newcomers"] == []
    refusal(client.post(f"{API}/newcomers", json=arrival(2, 1, 1)), 403, "rt_code", "sipandu_outside_scope")
    refusal(client.post(f"{API}/newcomers/{record_id}/departure",
                        json={"left_at": datetime.now(timezone.utc).isoformat(), "destination_regency": "35.07"}),
            403, "id")
    lurah(as_role, ELSEWHERE)
    refusal(client.post(f"{API}/newcomers/{record_id}/verify", json={}), 403, "id")
    for role in ("operator", "pimpinan"):
        as_role(role)
        refusal(client.get(f"{API}/newcomers"), 403, "actor", "sipandu_role_refused")
        refusal(client.get(f"{API}/newcomers/{record_id}"), 403, "actor")
        refusal(client.post(f"{API}/newcomers", json=arrival(3)), 403, "actor")
        refusal(client.post(f"{API}/lookup", json={"nik": sample_nik(1)}), 403, "actor")
        refusal(client.post(f"{API}/nik-check", json={"nik": sample_nik(1)}), 403, "actor")
        refusal(client.get(f"{API}/kos"), 403, "actor")
    assert written() == before


def test_without_a_session_every_route_is_a_json_401(client):
    for method, path in (("get", "/newcomers"), ("post", "/newcomers"), ("get", "/newcomers/1"),
                         ("post", "/newcomers/1/verify"), ("post", "/nik-check"), ("post", "/lookup"),
                         ("post", "/unmask"), ("get", "/kos"), ("post", "/residents/import"),
                         ("post", "/subject-access"), ("get", "/access-log")):
        response = getattr(client, method)(f"{API}{path}", json={})
        assert response.status_code == 401, path
        assert response.get_json()["error"] == "unauthorised", path


def test_unknown_records_and_endpoints_are_404(client, as_role):
    lurah(as_role)
    refusal(client.get(f"{API}/newcomers/999999"), 404, "id", "sipandu_not_found")
    refusal(client.get(f"{API}/newcomers/{2**64}"), 404, "id")
    refusal(client.post(f"{API}/newcomers/999999/verify", json={}), 404, "id")
    assert client.get(f"{API}/residents").status_code == 404
    assert client.get(f"{API}/residents").get_json()["error"] == "not_found"


# --- bad input -----------------------------------------------------------------------------------------

FUTURE = (datetime.now(timezone.utc) + timedelta(hours=3)).isoformat()


@pytest.mark.parametrize("changes, field, error", [
    ({"nik": "3599011403990001"}, "nik", "sipandu_nik_region"),
    ({"nik": "35150114039900"}, "nik", "sipandu_nik_format"),
    ({"nik": "3515011413990001"}, "nik", "sipandu_nik_date"),
    ({"nik": "3515011403990000"}, "nik", "sipandu_nik_serial"),
    ({"birth_date": "1999-03-15"}, "nik", "sipandu_nik_birth_date_mismatch"),
    ({"sex": "female"}, "nik", "sipandu_nik_sex_mismatch"),
    ({"arrived_at": FUTURE}, "arrived_at", "sipandu_in_future"),
    ({"arrived_at": "2026-11-30T09:00:00"}, "arrived_at", "sipandu_bad_moment"),
    ({"purpose": "tourism"}, "purpose", "sipandu_unknown_choice"),
    ({"name": "x" * 101}, "name", "sipandu_text_too_long"),
    ({"name": 42}, "name", "invalid_request"),
    ({"origin_regency": "35.99"}, "origin_regency", "sipandu_unknown_code"),
    ({"colour": "red"}, "colour", "invalid_request"),
], ids=["nik-region", "nik-length", "nik-date", "nik-serial", "birth-date", "sex", "arrival-in-future",
        "arrival-without-offset", "purpose", "long-name", "name-number", "origin", "unknown-field"])
def test_a_bad_arrival_is_a_400_naming_the_field_and_writes_nothing(client, as_role, written, changes, field, error):
    head(as_role)
    before = written()
    body = refusal(client.post(f"{API}/newcomers", json=arrival(1) | changes), 400, field, error)
    assert body["message"].startswith(f"{field}:")
    assert written() == before


def test_a_body_that_is_not_json_or_too_large_or_a_query_it_does_not_take_is_refused(client, as_role, written):
    head(as_role)
    before = written()
    form = {k: str(v) for k, v in arrival(1).items()}
    refusal(client.post(f"{API}/newcomers", data=form), 415, "Content-Type", "unsupported_media_type")
    refusal(client.post(f"{API}/newcomers", data="[1, 2]", content_type="application/json"), 400, "body")
    refusal(client.post(f"{API}/newcomers?rt=1", json=arrival(1)), 400, "rt", "invalid_request")
    refusal(client.post(f"{API}/lookup", json={"nik": "1" * 70_000}), 413, "body", "too_large")
    refusal(client.get(f"{API}/newcomers?limit=0"), 400, "limit")
    refusal(client.get(f"{API}/newcomers?status=gone"), 400, "status", "sipandu_unknown_choice")
    assert written() == before


# --- NIKs ------------------------------------------------------------------------------------------------

def test_the_nik_check_says_what_a_typed_nik_states_or_what_is_wrong(client, as_role):
    head(as_role)
    woman = make_nik("35.78.05", datetime(1992, 7, 12).date(), "female", 1)
    answer = client.post(f"{API}/nik-check", json={"nik": woman})
    assert answer.status_code == 200
    assert answer.get_json() == {"valid": True, "region": "35.78.05", "birth_date": "1992-07-12", "sex": "female"}
    assert woman not in answer.get_data(as_text=True)
    checked = client.post(f"{API}/nik-check", json={"nik": woman, "birth_date": "1992-07-12", "sex": "female"})
    assert checked.status_code == 200
    refusal(client.post(f"{API}/nik-check", json={"nik": woman, "sex": "male"}), 400, "nik",
            "sipandu_nik_sex_mismatch")
    refusal(client.post(f"{API}/nik-check", json={"nik": "3599011403990001"}), 400, "nik", "sipandu_nik_region")
    refusal(client.post(f"{API}/nik-check", json={"nik": "35780552079200a1"}), 400, "nik", "sipandu_nik_format")
    refusal(client.post(f"{API}/nik-check", json={"nik": woman, "birth_date": "12-07-1992"}), 400, "birth_date",
            "sipandu_bad_date")
    refusal(client.post(f"{API}/nik-check", json={}), 400, "nik", "sipandu_required")


def test_no_route_takes_a_nik_in_its_path_or_query(app, client, as_role):
    rules = [rule for rule in app.server.url_map.iter_rules() if rule.rule.startswith(API)]
    assert len(rules) >= 12 and all("nik" not in rule.arguments for rule in rules)
    head(as_role)
    refusal(client.get(f"{API}/newcomers?nik={sample_nik(1)}"), 400, "nik", "invalid_request")
    refusal(client.post(f"{API}/lookup?nik={sample_nik(1)}", json={"nik": sample_nik(1)}), 400, "nik")


def test_a_lookup_finds_a_nik_inside_the_readers_scope_only(client, as_role, record):
    theirs = record(3, rw=2, rt=1)["id"]
    lurah(as_role)
    found = client.post(f"{API}/lookup", json={"nik": sample_nik(3)})
    assert [stay["id"] for stay in found.get_json()["stays"]] == [theirs]
    assert found.get_json()["stays"][0]["nik"] == masked_nik(sample_nik(3))
    assert sample_nik(3) not in found.get_data(as_text=True)
    head(as_role, 1, 1)
    assert client.post(f"{API}/lookup", json={"nik": sample_nik(3)}).get_json() == {"stays": [], "residents": []}
    refusal(client.post(f"{API}/lookup", json={"nik": "123"}), 400, "nik", "sipandu_nik_format")


def test_an_account_that_looks_up_too_many_niks_waits(client, as_role, monkeypatch):
    from modules.sipandu.http import api

    monkeypatch.setattr(api, "LOOKUPS_PER_WINDOW", 3)
    head(as_role)
    for serial in range(1, 4):
        assert client.post(f"{API}/lookup", json={"nik": sample_nik(serial)}).status_code == 200
    refused = client.post(f"{API}/lookup", json={"nik": sample_nik(4)})
    refusal(refused, 429, None, "too_many_requests")
    assert refused.headers["Retry-After"] == str(api.WINDOW_SECONDS)
    head(as_role, 1, 2)  # another account has its own allowance
    assert client.post(f"{API}/lookup", json={"nik": sample_nik(4)}).status_code == 200


def test_unmasking_needs_a_reason_and_the_scope_and_is_logged(client, as_role, record, written, count_rows):
    record_id = record(4)["id"]
    lurah(as_role)
    before = written()
    for body, status, field in (({"kind": "newcomer", "id": record_id}, 400, "reason"),
                                ({"kind": "newcomer", "id": record_id, "reason": "cek"}, 400, "reason"),
                                ({"kind": "person", "id": record_id, "reason": REASON}, 400, "kind"),
                                ({"kind": "newcomer", "id": True, "reason": REASON}, 400, "id"),
                                ({"kind": "newcomer", "id": 999999, "reason": REASON}, 404, "id")):
        refusal(client.post(f"{API}/unmask", json=body), status, field)
    lurah(as_role, ELSEWHERE)
    refusal(client.post(f"{API}/unmask", json={"kind": "newcomer", "id": record_id, "reason": REASON}), 403, "id")
    as_role("operator")
    refusal(client.post(f"{API}/unmask", json={"kind": "newcomer", "id": record_id, "reason": REASON}), 403, "actor")
    assert written() == before
    lurah(as_role)
    shown = client.post(f"{API}/unmask", json={"kind": "newcomer", "id": record_id, "reason": REASON})
    assert shown.status_code == 200 and shown.get_json() == {"nik": sample_nik(4)}
    assert shown.headers["Cache-Control"] == "no-store"
    assert count_rows((SipanduAccessLog,)) == {"sipandu_access_log": 1}
    as_role("admin")
    entries = client.get(f"{API}/access-log").get_json()["entries"]
    assert [(e["actor"], e["action"], e["subject_id"], e["reason"]) for e in entries] == [
        ("lurah-35.78.07.1004", "unmask", record_id, REASON)]
    assert sample_nik(4) not in str(entries)


def test_the_subject_access_export_is_the_admins_and_a_logged_look(client, as_role, record, count_rows):
    record_id = record(5)["id"]
    body = {"nik": sample_nik(5), "reason": "permintaan subjek data no. 12"}
    lurah(as_role)
    refusal(client.post(f"{API}/subject-access", json=body), 403, "actor", "sipandu_role_refused")
    refusal(client.get(f"{API}/access-log"), 403, "actor")
    as_role("admin")
    refusal(client.post(f"{API}/subject-access", json=body | {"reason": "x"}), 400, "reason")
    refusal(client.post(f"{API}/subject-access?as=csv", json=body), 400, "as")
    assert count_rows((SipanduAccessLog,)) == {"sipandu_access_log": 0}
    export = client.post(f"{API}/subject-access", json=body)
    assert export.status_code == 200 and "Content-Disposition" not in export.headers
    held = export.get_json()
    assert held["nik"] == sample_nik(5) and [stay["id"] for stay in held["stays"]] == [record_id]
    assert held["stays"][0]["recorded_by"] == "rt_rw-35.78.07.1004-1-1"
    download = client.post(f"{API}/subject-access?download=1", json=body)
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and sample_nik(5) not in disposition
    assert [look["action"] for look in download.get_json()["access_log"]] == ["export"]
    log = client.get(f"{API}/access-log?limit=1").get_json()
    assert log["limit"] == 1 and [e["action"] for e in log["entries"]] == ["export"]
    assert count_rows((SipanduAccessLog,)) == {"sipandu_access_log": 2}


# --- residents -------------------------------------------------------------------------------------------

def extract(rows: list[tuple]) -> str:
    return "nik,kk,name,sex,birth_date,kelurahan_code,rw,rt,address\n" + "".join(
        f"{sample_nik(serial)},3578070101100001,Warga {serial},{sex},1999-03-14,{kelurahan},1,{rt},Jl. {serial}\n"
        for serial, sex, kelurahan, rt in rows)


def test_an_import_with_bad_rows_is_refused_whole_listing_every_row(client, as_role, written):
    lurah(as_role)
    before = written()
    bad = extract([(1, "L", KELURAHAN, 1), (2, "X", KELURAHAN, 1), (3, "P", KELURAHAN, 99)])
    response = client.post(f"{API}/residents/import", data=bad, content_type="text/csv")
    body = refusal(response, 400, "file", "sipandu_import_refused")
    assert [(e["row"], e["field"], e["code"]) for e in body["errors"]] == [
        (3, "sex", "sipandu_unknown_choice"), (4, "rt", "sipandu_unknown_rt"), (4, "nik", "sipandu_nik_sex_mismatch")]
    assert all(set(e) == {"row", "field", "code", "message"} and e["message"] for e in body["errors"])
    outside = extract([(1, "L", KELURAHAN, 1), (2, "L", ELSEWHERE, 1)])
    body = refusal(client.post(f"{API}/residents/import", data=outside, content_type="text/csv"), 400, "file")
    assert [(e["row"], e["code"]) for e in body["errors"]] == [(3, "sipandu_row_outside_scope")]
    refusal(client.post(f"{API}/residents/import", json={"file": outside}), 415, "Content-Type")
    refusal(client.post(f"{API}/residents/import", data=b"nik\n\xff\xfe", content_type="text/csv"), 400, "body")
    assert written() == before


def test_a_good_import_is_accepted_as_csv_or_as_a_form_file(client, as_role, count_rows):
    lurah(as_role)
    good = extract([(1, "L", KELURAHAN, 1), (2, "L", KELURAHAN, 2)])
    response = client.post(f"{API}/residents/import", data=good, content_type="text/csv; charset=utf-8")
    assert response.status_code == 201 and response.get_json() == {"imported": 2}
    form = {"file": (io.BytesIO(extract([(3, "L", KELURAHAN, 1)]).encode()), "penduduk.csv")}
    refusal(client.post(f"{API}/residents/import", data=form, content_type="multipart/form-data"), 400, "csrf_token")
    form = {"file": (io.BytesIO(extract([(3, "L", KELURAHAN, 1)]).encode()), "penduduk.csv"),
            "csrf_token": csrf(client)}
    response = client.post(f"{API}/residents/import", data=form, content_type="multipart/form-data")
    assert response.status_code == 201 and response.get_json() == {"imported": 1}
    assert count_rows((SipanduResident,)) == {"sipandu_residents": 1}  # the file replaces the kelurahan's
    head(as_role)
    refusal(client.post(f"{API}/residents/import", data=good, content_type="text/csv"), 403, "actor")
    found = client.post(f"{API}/lookup", json={"nik": sample_nik(3)}).get_json()["residents"]
    assert [(r["nik"], r["rt"]) for r in found] == [(masked_nik(sample_nik(3)), 1)]
    shown = client.post(f"{API}/unmask", json={"kind": "resident", "id": found[0]["id"], "reason": REASON})
    assert shown.status_code == 200 and shown.get_json() == {"nik": sample_nik(3)}


# --- the description -----------------------------------------------------------------------------------

def test_the_openapi_document_describes_every_sipandu_route(app, client):
    document = client.get("/api/openapi.json").get_json()
    described = {path for path in document["paths"] if path.startswith(API)}
    served = {re.sub(r"<(?:[a-z_]+:)?([a-z_]+)>", r"{\1}", rule.rule) for rule in app.server.url_map.iter_rules()
              if rule.rule.startswith(API) and "<path:" not in rule.rule and rule.rule != f"{API}/"}
    assert len(served) == 12 and described == served
    schemas = document["components"]["schemas"]
    assert schemas["SipanduNewArrival"]["properties"]["nik"]["pattern"] == "^[0-9]{16}$"
    assert schemas["SipanduNewArrival"]["properties"]["name"]["maxLength"] == 100
    assert schemas["SipanduNewcomer"]["properties"]["status"]["enum"] == [
        "recorded", "active", "rejected", "moved_out", "expired"]
    methods = {(path, method) for path in described for method in document["paths"][path]}
    assert (f"{API}/kos", "post") in methods and (f"{API}/newcomers/{{record_id}}/verify", "post") in methods


def test_the_answers_conform_to_their_published_schemas(client, as_role, record):
    from jsonschema import Draft202012Validator, FormatChecker

    document = client.get("/api/openapi.json").get_json()

    def check(response, path: str, method: str = "post"):
        declared = document["paths"][f"{API}{path}"][method]["responses"][str(response.status_code)]
        schema = {**declared["content"]["application/json"]["schema"], "components": document["components"]}
        errors = Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(response.get_json())
        assert sorted(f"{e.json_path}: {e.message}" for e in errors) == [], path

    lurah(as_role)
    house = client.post(f"{API}/kos", json={"name": "Kos Melati", "owner_name": "Bu Sri", "address": "Jl. Melati 3",
                                            "capacity": 10, "rt_code": "35.78.07.1004.RW01.RT01"})
    check(house, "/kos")
    check(client.post(f"{API}/residents/import", data=extract([(9, "L", KELURAHAN, 1)]), content_type="text/csv"),
          "/residents/import")
    check(client.post(f"{API}/residents/import", data=extract([(9, "X", KELURAHAN, 1)]), content_type="text/csv"),
          "/residents/import")
    record_id = record(1, kos_code=house.get_json()["code"])["id"]
    lurah(as_role)
    check(client.get(f"{API}/newcomers?status=recorded"), "/newcomers", "get")
    check(client.get(f"{API}/newcomers/{record_id}"), "/newcomers/{record_id}", "get")
    check(client.post(f"{API}/newcomers/{record_id}/verify", json={}), "/newcomers/{record_id}/verify")
    check(client.post(f"{API}/newcomers/{record_id}/verify", json={}), "/newcomers/{record_id}/verify")  # 409
    check(client.get(f"{API}/kos"), "/kos", "get")
    check(client.post(f"{API}/nik-check", json={"nik": sample_nik(1)}), "/nik-check")
    check(client.post(f"{API}/lookup", json={"nik": sample_nik(1)}), "/lookup")
    check(client.post(f"{API}/lookup", json={"nik": sample_nik(9)}), "/lookup")
    check(client.post(f"{API}/unmask", json={"kind": "newcomer", "id": record_id, "reason": REASON}), "/unmask")
    as_role("admin")
    check(client.post(f"{API}/subject-access", json={"nik": sample_nik(1), "reason": REASON}), "/subject-access")
    check(client.post(f"{API}/subject-access", json={"nik": sample_nik(9), "reason": REASON}), "/subject-access")
    check(client.get(f"{API}/access-log"), "/access-log", "get")
    check(client.get(f"{API}/newcomers"), "/newcomers", "get")  # 403
