"""e-Office's JSON API at /api/office (both backends): users acting through their staff records, a
letter registered with its PDF and streamed back to its readers only, the disposition rules and the
outgoing steps over HTTP, each refusal a 4xx naming the field with nothing written, the counters,
and every route in the OpenAPI document. The API takes the server's clock."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from core.users import User
from modules.office.attachments import tiny_pdf
from modules.staff.models import Staff

API = "/api/office"
LIMIT = 1024 * 1024  # office.max_attachment_mb = 1 in these tests


@pytest.fixture
def settings(settings):
    return settings.override(office={"max_attachment_mb": 1})


@pytest.fixture
def as_person(client, desk, databases, make_user, login, logout):
    """as_person(key): the test client logged in as the user linked to that staff record."""
    made: set[str] = set()

    def switch(key: str) -> str:
        logout()
        if key not in made:
            make_user(key, "opd", opd_code=desk.people[key].opd_code)
            with databases.transaction() as session:
                user = session.scalar(select(User).where(User.username == key))
                session.get(Staff, desk.id(key)).user_id = user.id
            made.add(key)
        assert login(key).status_code == 302
        return key

    return switch


def csrf(client) -> str:
    with client.session_transaction() as session:
        return session["csrf_token"]


def refusal(response, status: int, field: str | None, error: str | None = None) -> dict:
    body = response.get_json()
    assert response.status_code == status, body
    assert set(body) >= {"error", "message", "field"} and body["field"] == field, body
    if error is not None:
        assert body["error"] == error, body
    return body


def registration(client, data: bytes | None = None, **change) -> dict:
    form = {"correspondent": "Bappedalitbang", "subject": "Undangan rapat", "letter_date": "2026-11-27",
            "classification": "000.1.2", "security": "biasa", "csrf_token": csrf(client), **change}
    if data is not None:
        form["attachment"] = (io.BytesIO(data), "surat.pdf")
    return form


def register(client, as_person, **change) -> dict:
    as_person("registrar")
    response = client.post(f"{API}/letters", data=registration(client, tiny_pdf("Undangan"), **change),
                           content_type="multipart/form-data")
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def received(client, as_person, desk, **change) -> int:
    letter = register(client, as_person, **change)
    response = client.post(f"{API}/letters/{letter['id']}/distribute", json={"staff_ids": [desk.id("head")]})
    assert response.status_code == 200, response.get_json()
    return letter["id"]


def test_a_letter_registered_with_its_pdf_is_streamed_to_its_readers_only(client, as_person, desk):
    letter = register(client, as_person, reference_number="005/1/2026")
    assert re.fullmatch(r"0001/DISHUB/20[0-9]{2}", letter["number"]) and letter["status"] == "registered"
    [attachment] = letter["attachments"]
    assert attachment["filename"] == "surat.pdf" and attachment["size_bytes"] == len(tiny_pdf("Undangan"))
    refusal(client.post(f"{API}/letters/{letter['id']}/distribute", json={"staff_ids": "1"}), 400, "staff_ids",
            "office_staff_list")
    distributed = client.post(f"{API}/letters/{letter['id']}/distribute", json={"staff_ids": [desk.id("head")]})
    assert distributed.get_json()["recipients"][0]["staff"]["id"] == desk.id("head")
    assert distributed.headers["Cache-Control"] == "no-store"
    as_person("head")
    download = client.get(attachment["url"])
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert download.data == tiny_pdf("Undangan") and "attachment" in download.headers["Content-Disposition"]
    refusal(client.get(f"{API}/letters/{letter['id']}/attachments/999"), 404, "attachment_id")
    as_person("traffic")
    refusal(client.get(attachment["url"]), 403, "letter_id", "office_may_not_read")
    refusal(client.get(f"{API}/letters/{letter['id']}"), 403, "letter_id", "office_may_not_read")
    refusal(client.get(f"{API}/letters/99999"), 404, "letter_id")


def test_a_refused_registration_names_its_field_and_stores_nothing(client, as_person, written):
    as_person("registrar")
    before = written()

    def post(form, **kwargs):
        return client.post(f"{API}/letters", data=form, content_type="multipart/form-data", **kwargs)

    refusal(post(registration(client, b"GIF89a not a pdf")), 400, "attachment", "office_not_pdf")
    refusal(post(registration(client, b"%PDF-" + b"0" * LIMIT)), 400, "attachment", "office_attachment_too_large")
    refusal(post(registration(client, tiny_pdf(), csrf_token="")), 400, "csrf_token")
    refusal(post(registration(client, tiny_pdf(), classification="1.2.3")), 400, "classification",
            "office_classification_format")
    refusal(post(registration(client, tiny_pdf(), link_kind="complaint", link_id="abc")), 400, "link_id")
    refusal(post(registration(client, tiny_pdf(), sender="X")), 400, "sender")
    refusal(client.post(f"{API}/letters", json={"subject": "x"}), 415, "Content-Type")
    as_person("traffic")
    refusal(post(registration(client, tiny_pdf())), 403, "actor", "office_not_registrar")
    assert written() == before


def test_the_disposition_rules_over_http(client, as_person, desk, written):
    letter_id = received(client, as_person, desk)
    refusal(client.post(f"{API}/letters/{letter_id}/distribute", json={"staff_ids": [desk.id("head")]}), 409,
            "status", "office_step_refused")  # distributed already
    as_person("head")
    before = written()
    refusal(client.post(f"{API}/letters/{letter_id}/dispositions",
                        json={"to_staff_ids": [desk.id("dlh_head")], "instruction": "Hadiri"}),
            400, "to_staff_ids", "office_not_below")
    refusal(client.post(f"{API}/letters/{letter_id}/dispositions",
                        json={"to_staff_ids": [desk.id("traffic")], "instruction": "Hadiri", "urgent": True}),
            400, "urgent")
    assert written() == before
    response = client.post(f"{API}/letters/{letter_id}/dispositions",
                           json={"to_staff_ids": [desk.id("traffic")], "instruction": "Hadiri"})
    assert response.status_code == 201
    [node] = response.get_json()["dispositions"]
    assert (node["to"]["id"], node["status"], node["children"]) == (desk.id("traffic"), "unread", [])
    as_person("traffic")
    assert client.post(f"{API}/dispositions/{node['id']}/read", json={}).status_code == 200
    as_person("head")
    refusal(client.post(f"{API}/dispositions/{node['id']}/withdraw", json={}), 409, "read_at", "office_withdraw_read")
    as_person("traffic")
    refusal(client.post(f"{API}/dispositions/{node['id']}/finish", json={}), 400, "note", "office_note_required")
    refusal(client.post(f"{API}/dispositions/{node['id']}/finish", json={"note": 5}), 400, "note")
    response = client.post(f"{API}/dispositions/{node['id']}/finish", json={"note": "Sudah hadir"})
    assert response.get_json()["dispositions"][0]["status"] == "done"
    refusal(client.post(f"{API}/dispositions/99999/finish", json={"note": "x"}), 404, "disposition_id")
    assert [e.actor for e in desk.log("office_disposition")] == ["head", "traffic", "traffic"]


def test_an_outgoing_letter_over_http(client, as_person, desk):
    as_person("analyst")
    draft = {"correspondent": "Bappedalitbang", "subject": "Jawaban", "classification": "000.1.2",
             "security": "biasa", "signer_id": desk.id("head"), "verifier_ids": [desk.id("chief")]}
    refusal(client.post(f"{API}/drafts", json=draft | {"verifier_ids": [desk.id("transport")]}), 400,
            "verifier_ids", "office_verifier_chain")
    refusal(client.post(f"{API}/drafts", json=draft | {"subject": 7}), 400, "subject")
    response = client.post(f"{API}/drafts", json=draft)
    assert response.status_code == 201 and response.get_json()["status"] == "draft"
    letter_id = response.get_json()["id"]
    assert client.post(f"{API}/letters/{letter_id}/submit", json={}).get_json()["status"] == "in_review"
    as_person("head")
    refusal(client.post(f"{API}/letters/{letter_id}/sign", json={}), 409, "status", "office_step_refused")
    as_person("chief")
    assert client.post(f"{API}/letters/{letter_id}/initial", json={}).get_json()["status"] == "ready_to_sign"
    as_person("head")
    assert client.post(f"{API}/letters/{letter_id}/sign", json={}).get_json()["status"] == "signed"
    as_person("registrar")
    numbered = client.post(f"{API}/letters/{letter_id}/number", json={}).get_json()
    assert re.fullmatch(r"000\.1\.2/0001/DISHUB/20[0-9]{2}", numbered["number"])
    as_person("analyst")
    assert client.post(f"{API}/letters/{letter_id}/send", json={}).get_json()["status"] == "sent"
    listed = client.get(f"{API}/letters?direction=outgoing&limit=5").get_json()["letters"]
    assert [v["id"] for v in listed] == [letter_id]
    refusal(client.get(f"{API}/letters?box=mine"), 400, "box")
    refusal(client.get(f"{API}/letters?status=lost"), 400, "status")


def test_sessions_accounts_and_counters(client, as_person, desk, make_user, login, logout):
    refusal(client.get(f"{API}/letters"), 401, None)
    received(client, as_person, desk)
    as_person("head")
    counted = client.get(f"{API}/counters").get_json()
    assert counted["person"]["unread_incoming"] == 1 and counted["person"]["not_followed_up"] == 1
    assert [(row["opd_code"], row["direction"], row["open"]) for row in counted["opds"]] == [
        ("DISHUB", "incoming", 1)]
    logout()
    make_user("pimpinan-kota", "pimpinan")
    assert login("pimpinan-kota").status_code == 302
    refusal(client.get(f"{API}/letters"), 403, "actor", "office_no_staff")
    counted = client.get(f"{API}/counters").get_json()
    assert counted["person"] is None and counted["opds"][0]["opd_code"] == "DISHUB"
    refusal(client.post(f"{API}/letters/1/read", json={}), 403, "actor")


def test_every_office_route_is_in_the_openapi_document(app, client):
    described = set(client.get("/api/openapi.json").get_json()["paths"])
    routes = {re.sub(r"<(?:[a-z_]+:)?([a-z_]+)>", r"{\1}", rule.rule) for rule in app.server.url_map.iter_rules()
              if rule.rule.startswith(API) and "<path:" not in rule.rule and rule.rule != f"{API}/"}
    assert routes and routes - described == set()
