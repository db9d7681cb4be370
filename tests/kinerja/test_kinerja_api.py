"""e-Kinerja's JSON API at /api/kinerja: a person's lines from the form to the supervisor's decision,
the photo with its CSRF token, the suggestions and summary, each refusal a 4xx naming the field with
nothing written, the aggregates for city-wide roles only, and its OpenAPI part. The API takes the
server's clock: lines lie on yesterday, city time."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from kinerja_helpers import PASSWORD, form

from core.clock import city_today

API = "/api/kinerja"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24


@pytest.fixture
def as_user(client, login, logout):
    def switch(username: str):
        logout()
        assert login(username, PASSWORD).status_code == 302
    return switch


def yesterday(**changes) -> dict:
    return form(day=city_today() - timedelta(days=1), **changes)


def refusal(response, status: int, field: str | None, error: str | None = None) -> dict:
    body = response.get_json()
    assert response.status_code == status, body
    assert set(body) >= {"error", "message", "field"} and body["field"] == field, body
    if error is not None:
        assert body["error"] == error, body
    return body


def csrf(client) -> str:
    with client.session_transaction() as session:
        return session["csrf_token"]


def test_a_line_goes_from_the_form_to_the_supervisors_approval(client, team, as_user):
    as_user("staf.a")
    created = client.post(f"{API}/activities", json=yesterday())
    assert created.status_code == 201, created.get_json()
    line = created.get_json()
    assert (line["status"], line["minutes"], line["start"], line["end"]) == ("draft", 90, "08:00", "09:30")
    edited = client.put(f"{API}/activities/{line['id']}", json=yesterday(end="10:00"))
    assert edited.status_code == 200 and edited.get_json()["minutes"] == 120
    listed = client.get(f"{API}/activities", query_string={"from": line["day"], "to": line["day"]}).get_json()
    assert [each["id"] for each in listed["activities"]] == [line["id"]]
    submitted = client.post(f"{API}/activities/{line['id']}/submit", json={})
    assert submitted.status_code == 200 and submitted.get_json()["activities"][0]["status"] == "submitted"

    as_user("kasi")
    queue = client.get(f"{API}/queue").get_json()
    assert [each["id"] for each in queue["activities"]] == [line["id"]] and queue["backlog"]["waiting"] == 1
    assert queue["activities"][0]["staff"]["name"] == "Staf A"
    decided = client.post(f"{API}/decisions", json={"ids": [line["id"]], "decision": "approve"})
    assert decided.status_code == 200 and decided.get_json()["activities"][0]["status"] == "approved"
    team_lines = client.get(f"{API}/team", query_string={"from": line["day"], "to": line["day"]}).get_json()
    assert [each["status"] for each in team_lines["activities"]] == ["approved"]

    as_user("staf.a")
    summary = client.get(f"{API}/summary").get_json()
    assert summary["staff_id"] == team.staf_a.id and summary["backlog"] is None
    assert client.get(f"{API}/suggestions").get_json()["suggestions"] == []


# each body built when its test runs, not when the module is collected: a run across the city's
# midnight (17:00 UTC) would otherwise send "tomorrow" as today
@pytest.mark.parametrize("body,status,field,error", [
    (lambda: yesterday(end="07:00"), 400, "end", "kinerja_end_before_start"),
    (lambda: yesterday(end="25:00"), 400, "end", "kinerja_longer_than_day"),
    (lambda: form(day=city_today() + timedelta(days=1)), 400, "day", "kinerja_in_future"),
    (lambda: form(day=city_today() - timedelta(days=9)), 400, "day", "kinerja_too_old"),
    (lambda: yesterday(link_kind="complaint", link_ref="ADU-2611-424242"), 400, "link_ref", "kinerja_link_unknown"),
    (lambda: yesterday(minutes=90), 400, "minutes", "invalid_request"),
    (lambda: yesterday(volume="3"), 400, "volume", "kinerja_out_of_range"),
    (lambda: yesterday(output=7), 400, "output", "invalid_request"),
])
def test_a_bad_line_is_a_4xx_naming_the_field_and_writes_nothing(client, team, as_user, written, body, status,
                                                                 field, error):
    as_user("staf.a")
    before = written()
    refusal(client.post(f"{API}/activities", json=body()), status, field, error)
    assert written() == before


def test_sessions_content_types_and_steps_are_refused_as_json(client, team, as_user, written):
    assert refusal(client.get(f"{API}/activities"), 401, None)["error"] == "unauthorised"
    as_user("staf.a")
    refusal(client.post(f"{API}/activities", data="day=2026-11-25"), 415, "Content-Type")
    refusal(client.get(f"{API}/activities", query_string={"from": "2026-01-01", "to": "2026-12-31"}), 400, "to")
    refusal(client.get(f"{API}/activities", query_string={"colour": "red"}), 400, "colour")
    refusal(client.get(f"{API}/activities/987654"), 404, "id", "kinerja_not_found")
    line = client.post(f"{API}/activities", json=yesterday()).get_json()
    client.post(f"{API}/activities/submit", json={"ids": [line["id"]]})
    before = written()
    refusal(client.put(f"{API}/activities/{line['id']}", json=yesterday()), 409, "status", "kinerja_step_refused")
    refusal(client.post(f"{API}/decisions", json={"ids": [line["id"]], "decision": "approve"}), 403, "ids",
            "kinerja_not_your_subordinate")
    as_user("kasi")
    refusal(client.post(f"{API}/decisions", json={"ids": [line["id"]], "decision": "return"}), 400, "note",
            "kinerja_return_needs_note")
    refusal(client.post(f"{API}/decisions", json={"ids": [line["id"]]}), 400, "decision")
    as_user("staf.b")
    refusal(client.get(f"{API}/activities/{line['id']}"), 403, "id", "kinerja_outside_scope")
    refusal(client.delete(f"{API}/activities/{line['id']}"), 403, "id", "kinerja_not_own")
    assert written() == before
    refusal(client.get(f"{API}/nothing-here"), 404, None)


def test_the_photo_needs_the_csrf_token_and_an_image(client, team, as_user, written):
    as_user("staf.a")
    line = client.post(f"{API}/activities", json=yesterday()).get_json()
    url = f"{API}/activities/{line['id']}/photo"
    before = written()
    refusal(client.post(url, data={"photo": (io.BytesIO(PNG), "bukti.png")}), 400, "csrf_token")
    refusal(client.post(url, data={"photo": (io.BytesIO(b"GIF89a...."), "bukti.gif"), "csrf_token": csrf(client)}),
            400, "photo", "photo_not_image")
    assert written() == before
    stored = client.post(url, data={"photo": (io.BytesIO(PNG), "bukti.png"), "csrf_token": csrf(client)})
    assert stored.status_code == 201 and stored.get_json()["has_photo"] is True
    as_user("kasi")
    shown = client.get(url)
    assert (shown.status_code, shown.mimetype, shown.data) == (200, "image/png", PNG)
    assert shown.headers["Cache-Control"] == "no-store"
    as_user("staf.a")
    assert client.delete(url).status_code == 204
    refusal(client.get(url), 404, "id", "kinerja_no_photo")


def test_city_wide_roles_read_the_opds_figures_and_no_persons_line(client, team, as_user, make_user, login, logout):
    as_user("staf.a")
    line = client.post(f"{API}/activities", json=yesterday()).get_json()
    logout()
    make_user("wali", "pimpinan")
    login("wali")
    month = line["day"][:7]
    figures = client.get(f"{API}/overview", query_string={"month": month}).get_json()
    assert [(each["opd_code"], each["people"]) for each in figures["opds"]] == [("BAPPEDALITBANG", 1)]
    refusal(client.get(f"{API}/activities/{line['id']}"), 403, "id", "kinerja_outside_scope")
    assert client.get(f"{API}/team").get_json()["activities"] == []
    refusal(client.get(f"{API}/activities"), 403, "actor", "kinerja_no_staff_record")
    refusal(client.get(f"{API}/overview", query_string={"month": "2026-13"}), 400, "month", "kinerja_bad_month")
    logout()
    make_user("camat.genteng", "camat", kecamatan_code="35.78.07")
    login("camat.genteng")
    refusal(client.get(f"{API}/overview"), 403, "actor", "kinerja_aggregates_refused")


def test_every_route_is_in_the_openapi_document(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    mine = {path: set(operations) for path, operations in paths.items() if path.startswith(API)}
    assert mine == {
        f"{API}/activities": {"get", "post"}, f"{API}/activities/{{activity_id}}": {"get", "put", "delete"},
        f"{API}/activities/{{activity_id}}/submit": {"post"}, f"{API}/activities/submit": {"post"},
        f"{API}/activities/{{activity_id}}/photo": {"get", "post", "delete"}, f"{API}/team": {"get"},
        f"{API}/queue": {"get"}, f"{API}/decisions": {"post"}, f"{API}/suggestions": {"get"},
        f"{API}/summary": {"get"}, f"{API}/scores": {"post"}, f"{API}/overview": {"get"},
        f"{API}/periods/{{month}}/close": {"post"}}


def test_the_admin_closes_the_months_and_the_supervisor_scores_the_quarter(client, team, as_user, make_user, login,
                                                                             logout):
    as_user("kasi")
    refusal(client.post(f"{API}/periods/2025-10/close", json={}), 403, "actor", "kinerja_admin_only")
    logout()
    make_user("bkd", "admin")
    login("bkd")
    for month in ("2025-10", "2025-11", "2025-12"):
        closed = client.post(f"{API}/periods/{month}/close", json={})
        assert closed.status_code == 200 and closed.get_json()["month"] == month
    refusal(client.post(f"{API}/periods/2025-12/close", json={}), 409, "month", "kinerja_period_closed")
    as_user("staf.a")
    body = {"staff_id": team.staf_a.id, "quarter": "2025-Q4", "competence_score": 80}
    refusal(client.post(f"{API}/scores", json=body), 403, "staff_id", "kinerja_not_your_subordinate")
    as_user("kasi")
    refusal(client.post(f"{API}/scores", json=body | {"quarter": "2025-Q5"}), 400, "quarter", "kinerja_bad_quarter")
    scored = client.post(f"{API}/scores", json=body)
    assert scored.status_code == 201, scored.get_json()
    assert {key: scored.get_json()[key] for key in ("work_score", "final_score", "band", "band_name")} == {
        "work_score": 0.0, "final_score": 16.0, "band": "sangat_kurang", "band_name": "Sangat Kurang"}
    as_user("staf.a")
    assert [each["quarter"] for each in client.get(f"{API}/summary").get_json()["scores"]] == ["2025-Q4"]
