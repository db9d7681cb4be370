"""Field systems report with their agency's key: unit status, position, a dispatch's next step.
Every refusal names its field and the reason, and writes nothing."""

import json
from datetime import timedelta

import pytest
from api_helpers import AMBULANCE, FIRE_ENGINE, GENTENG, PATROL

from core.clock import utc_now
from modules.incidents.http.api import KEY_FAILURES_PER_WINDOW
from modules.incidents.models import Incident, IncidentDispatch

JAKARTA = (-6.2000, 106.8166)


def post(client, path: str, body, key: str | None):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    headers = {"Content-Type": "application/json"} | ({"X-API-Key": key} if key else {})
    return client.post(path, data=data, headers=headers)


def logged_units(databases, code: str) -> list[dict]:
    from sqlalchemy import select

    from core.changelog import ChangeLogEntry

    with databases.session() as session:
        return [row.payload for row in session.scalars(select(ChangeLogEntry).where(
            ChangeLogEntry.entity == "incident_unit", ChangeLogEntry.entity_id == code)
            .order_by(ChangeLogEntry.position))]


def test_an_ambulance_reports_its_way_to_the_scene_and_back(client, keys, accident, databases, unit_row):
    path = f"/api/incidents/units/{AMBULANCE}/status"
    answer = post(client, path, {"status": "en_route", "note": "berangkat"}, keys["DINKES"])
    assert answer.status_code == 200 and answer.get_json()["status"] == "en_route"
    lat, lon = GENTENG[0] + 0.001, GENTENG[1] + 0.001
    answer = post(client, path, {"status": "on_scene", "lat": lat, "lon": lon}, keys["DINKES"])
    body = answer.get_json()
    assert body["status"] == "on_scene" and (body["lat"], body["lon"]) == (lat, lon)
    with databases.session() as session:
        incident = session.query(Incident).filter_by(number=accident.number).one()
        row = session.get(IncidentDispatch, accident.ambulance_dispatch)
        assert incident.status == "on_scene" and incident.first_on_scene_at is not None
        assert row.status == "on_scene" and row.en_route_at <= row.on_scene_at
    assert post(client, path, {"status": "returning"}, keys["DINKES"]).get_json()["status"] == "returning"
    assert post(client, path, {"status": "available"}, keys["DINKES"]).get_json()["status"] == "available"
    with databases.session() as session:
        assert session.get(IncidentDispatch, accident.ambulance_dispatch).status == "cleared"
    statuses = [payload["status"] for payload in logged_units(databases, AMBULANCE)]
    assert statuses[-4:] == ["en_route", "on_scene", "returning", "available"]
    assert all("lat" not in payload and "lon" not in payload for payload in logged_units(databases, AMBULANCE))


def test_a_position_is_kept_on_the_unit_and_never_logged(client, keys, accident, counts, unit_row, databases):
    before = counts()
    at = (utc_now() - timedelta(seconds=5)).isoformat()
    answer = post(client, f"/api/incidents/units/{PATROL}/position", {"lat": GENTENG[0], "lon": GENTENG[1], "at": at},
                  keys["DISHUB"])
    assert answer.status_code == 200
    unit = unit_row(PATROL)
    assert (unit.lat, unit.lon, unit.status) == (GENTENG[0], GENTENG[1], "dispatched")
    assert unit.position_at.isoformat() == at
    assert counts() == before  # no event, no change-log row: positions stay in the module


def test_an_agency_steps_its_own_dispatch(client, keys, accident, databases, unit_row):
    path = f"/api/incidents/dispatches/{accident.patrol_dispatch}/status"
    answer = post(client, path, {"status": "en_route"}, keys["DISHUB"])
    assert answer.status_code == 200
    body = answer.get_json()
    assert (body["status"], body["unit_code"], body["incident_number"]) == ("en_route", PATROL, accident.number)
    assert body["en_route_at"].endswith("+07:00") and unit_row(PATROL).status == "en_route"
    answer = post(client, path, {"status": "cancelled", "note": "tidak diperlukan"}, keys["DISHUB"])
    assert answer.get_json()["status"] == "cancelled" and unit_row(PATROL).status == "available"


UNIT_STATUS = f"/api/incidents/units/{AMBULANCE}/status"
PATROL_STATUS = f"/api/incidents/units/{PATROL}/status"
PATROL_POSITION = f"/api/incidents/units/{PATROL}/position"
HOURS_AGO = (utc_now() - timedelta(hours=13)).isoformat()

REFUSALS = [
    # (what, path, body, key, HTTP status, field)
    ("no key", UNIT_STATUS, {"status": "en_route"}, None, 401, "X-API-Key"),
    ("a wrong key", UNIT_STATUS, {"status": "en_route"}, "not-a-key", 401, "X-API-Key"),
    ("a revoked key", PATROL_STATUS, {"status": "en_route"}, "revoked", 401, "X-API-Key"),
    ("another agency's unit", UNIT_STATUS, {"status": "en_route"}, "DISHUB", 403, "unit_code"),
    ("another agency's unit's position", f"/api/incidents/units/{AMBULANCE}/position",
     {"lat": GENTENG[0], "lon": GENTENG[1]}, "DISHUB", 403, "unit_code"),
    ("another agency's dispatch", "AMBULANCE_DISPATCH", {"status": "en_route"}, "DISHUB", 403, "dispatch_id"),
    ("a skipped state", UNIT_STATUS, {"status": "on_scene"}, "DINKES", 409, "status"),
    ("a skipped dispatch step", "PATROL_DISPATCH", {"status": "cleared"}, "DISHUB", 409, "status"),
    ("a way back", PATROL_STATUS, {"status": "available"}, "DISHUB", 409, "status"),
    ("an unknown status", UNIT_STATUS, {"status": "flying"}, "DINKES", 400, "status"),
    ("the desk's status", UNIT_STATUS, {"status": "dispatched"}, "DINKES", 400, "status"),
    ("an unknown dispatch status", "PATROL_DISPATCH", {"status": "returning"}, "DISHUB", 400, "status"),
    ("a position outside the city", PATROL_POSITION, {"lat": JAKARTA[0], "lon": JAKARTA[1]}, "DISHUB", 400, "position"),
    ("a status with a point outside the city", PATROL_STATUS,
     {"status": "en_route", "lat": JAKARTA[0], "lon": JAKARTA[1]}, "DISHUB", 400, "position"),
    ("latitude without longitude", PATROL_STATUS, {"status": "en_route", "lat": GENTENG[0]}, "DISHUB", 400, "lon"),
    ("a missing position", PATROL_POSITION, {"lat": GENTENG[0]}, "DISHUB", 400, "lon"),
    ("a missing status", PATROL_STATUS, {"note": "x"}, "DISHUB", 400, "status"),
    ("a number as status", PATROL_STATUS, {"status": 5}, "DISHUB", 400, "status"),
    ("text as latitude", PATROL_POSITION, {"lat": "-7.25", "lon": GENTENG[1]}, "DISHUB", 400, "lat"),
    ("a boolean as longitude", PATROL_POSITION, {"lat": GENTENG[0], "lon": True}, "DISHUB", 400, "lon"),
    ("a latitude of 1000", PATROL_POSITION, {"lat": 1000, "lon": GENTENG[1]}, "DISHUB", 400, "lat"),
    ("a number as note", PATROL_STATUS, {"status": "en_route", "note": 7}, "DISHUB", 400, "note"),
    ("a note too long", PATROL_STATUS, {"status": "en_route", "note": "x" * 2001}, "DISHUB", 400, "note"),
    ("a field it does not know", PATROL_STATUS, {"status": "en_route", "speed": 40}, "DISHUB", 400, "speed"),
    ("an array body", PATROL_STATUS, "[]", "DISHUB", 400, "body"),
    ("a body that is no JSON", PATROL_STATUS, "status=en_route", "DISHUB", 400, "body"),
    ("a time that is no time", PATROL_STATUS, {"status": "en_route", "at": "yesterday"}, "DISHUB", 400, "at"),
    ("a time without offset", PATROL_STATUS, {"status": "en_route", "at": "2026-12-01T10:00:00"}, "DISHUB", 400, "at"),
    ("a time too old", PATROL_STATUS, {"status": "en_route", "at": HOURS_AGO}, "DISHUB", 400, "at"),
    ("a time before the dispatch", "PATROL_DISPATCH", {"status": "en_route", "at": "BEFORE"}, "DISHUB", 400, "at"),
    ("an unknown unit", "/api/incidents/units/DISHUB-TP-99/status", {"status": "en_route"}, "DISHUB", 404,
     "unit_code"),
    ("an unknown dispatch", "/api/incidents/dispatches/999999/status", {"status": "en_route"}, "DISHUB", 404,
     "dispatch_id"),
]


@pytest.mark.parametrize("what, path, body, key, status, field", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_refused_report_names_its_field_and_writes_nothing(client, keys, accident, counts, unit_row, databases,
                                                           what, path, body, key, status, field):
    path = {"AMBULANCE_DISPATCH": f"/api/incidents/dispatches/{accident.ambulance_dispatch}/status",
            "PATROL_DISPATCH": f"/api/incidents/dispatches/{accident.patrol_dispatch}/status"}.get(path, path)
    if isinstance(body, dict) and body.get("at") == "BEFORE":
        with databases.session() as session:
            dispatched = session.get(IncidentDispatch, accident.patrol_dispatch).dispatched_at
        body = dict(body, at=(dispatched - timedelta(seconds=30)).isoformat())
    before, units = counts(), [unit_row(code) for code in (AMBULANCE, PATROL)]
    answer = post(client, path, body, keys.get(key, key))
    assert answer.status_code == status, answer.get_json()
    refusal = answer.get_json()
    assert refusal["field"] == field and refusal["message"].startswith(f"{field}: ") and refusal["error"]
    assert counts() == before
    for old, code in zip(units, (AMBULANCE, PATROL)):
        new = unit_row(code)
        assert (new.status, new.lat, new.lon, new.position_at) == (old.status, old.lat, old.lon, old.position_at)


def test_too_many_bad_keys_from_one_address_wait(client, keys, accident):
    for _ in range(KEY_FAILURES_PER_WINDOW):
        assert post(client, PATROL_STATUS, {"status": "en_route"}, "guess").status_code == 401
    blocked = post(client, PATROL_STATUS, {"status": "en_route"}, keys["DISHUB"])
    assert blocked.status_code == 429 and blocked.headers["Retry-After"] and blocked.get_json()["field"] == "X-API-Key"


def test_a_body_over_the_limit_is_refused(client, keys, accident):
    answer = post(client, PATROL_STATUS, json.dumps({"status": "en_route", "note": "x" * 20_000}), keys["DISHUB"])
    assert answer.status_code == 413 and answer.get_json()["field"] == "body"


def test_a_unit_of_its_own_agency_not_on_a_dispatch_reports_out_of_service(client, keys, databases, unit_row):
    spare = "DISHUB-TP-02"
    answer = post(client, f"/api/incidents/units/{spare}/status", {"status": "out_of_service"}, keys["DISHUB"])
    assert answer.status_code == 200 and unit_row(spare).status == "out_of_service"
    refused = post(client, f"/api/incidents/units/{spare}/status", {"status": "en_route"}, keys["DISHUB"])
    assert refused.status_code == 400 and refused.get_json()["error"] == "incident_unit_no_dispatch"
    assert post(client, f"/api/incidents/units/{FIRE_ENGINE}/status", {"status": "out_of_service"},
                keys["DISHUB"]).status_code == 403
