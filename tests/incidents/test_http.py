"""The HTTP API: the field route with an agency's key, the staff routes, the EIDO document."""

import json
import re

import pytest
from conftest import GENTENG, OPERATOR, at

from core.audit import AdminAudit
from modules.incidents import keys, service
from modules.incidents.access import system_actor
from modules.incidents.models import IncidentDispatch, IncidentUnit

ADMIN = system_actor("test")
ENGINE = "DPKP-FE-01"


@pytest.fixture
def dpkp_key(run):
    _key, secret = run(keys.issue_api_key, ADMIN, "DPKP", "MDT pemadam")
    return secret


def report(client, code, body, key):
    return client.post(f"/api/incidents/field/units/{code}", json=body,
                       headers={"X-Api-Key": key} if key else {})


def test_a_field_system_reports_with_its_agency_key(client, run, new_incident, load, dpkp_key):
    incident = new_incident()
    row = run(service.dispatch, OPERATOR, incident.number, ENGINE, now=at(1))
    answer = report(client, ENGINE, {"status": "en_route", "lat": -7.27, "lon": 112.75}, dpkp_key)
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["status"] == "en_route" and answer.get_json()["position_at"].endswith("+07:00")
    assert load(IncidentDispatch, row.id).status == "en_route" and load(IncidentUnit, ENGINE).lat == -7.27


@pytest.mark.parametrize("code,body,status,field", [
    (ENGINE, {"lat": -6.2, "lon": 106.8}, 400, "position"),
    (ENGINE, {"status": "flying"}, 400, "status"),
    (ENGINE, {"status": "on_scene"}, 400, "status"),  # no live dispatch
    (ENGINE, {"speed": 3}, 400, "speed"),
    ("DINKES-AM-01", {"lat": -7.27, "lon": 112.75}, 403, "unit_code"),  # another agency's unit
    ("DPKP-XX-99", {"status": "available"}, 404, "unit_code"),
])
def test_a_bad_field_report_is_refused_naming_the_field(client, counts, load, dpkp_key, code, body, status, field):
    before = counts()
    answer = report(client, code, body, dpkp_key)
    assert answer.status_code == status and answer.get_json()["field"] == field
    assert answer.get_json()["message"]
    assert counts() == before and load(IncidentUnit, ENGINE).lat == pytest.approx(GENTENG[0], abs=0.1)


def test_a_skipped_step_is_a_conflict(client, run, new_incident, dpkp_key):
    incident = new_incident()
    run(service.dispatch, OPERATOR, incident.number, ENGINE, now=at(1))
    answer = report(client, ENGINE, {"status": "returning"}, dpkp_key)
    assert answer.status_code == 409 and answer.get_json()["error"] == "incident_transition_refused"


def test_no_key_or_a_revoked_key_is_refused(client, run, databases, dpkp_key):
    assert report(client, ENGINE, {"status": "out_of_service"}, None).status_code == 401
    assert report(client, ENGINE, {"status": "out_of_service"}, "guess").status_code == 401
    with databases.transaction() as session:
        key_id = session.query(keys.IncidentApiKey).one().id
        assert session.query(AdminAudit).filter_by(object_key=f"incident:{key_id}").count() == 1
    run(keys.revoke_api_key, ADMIN, key_id)
    assert report(client, ENGINE, {"status": "out_of_service"}, dpkp_key).status_code == 401


def test_staff_read_incidents_without_any_caller_number(client, run, settings, make_user, login, new_incident):
    incident = new_incident("KECELAKAAN_LALU_LINTAS")
    run(service.dispatch, OPERATOR, incident.number, "DINKES-AM-01", now=at(1))
    run(service.add_note, OPERATOR, incident.number, "korban dua", now=at(2))
    assert client.get("/api/incidents").status_code in (302, 401)  # not logged in
    login(*make_user("desk1", "operator"))
    listed = client.get("/api/incidents").get_json()["incidents"]
    assert [i["number"] for i in listed] == [incident.number]
    assert listed[0]["clock"]["promise"] == 420 and listed[0]["received_at"].endswith("+07:00")
    detail = client.get(f"/api/incidents/{incident.number}")
    text = detail.get_data(as_text=True)
    assert detail.status_code == 200 and "caller" not in json.loads(text)["calls"][0]
    assert "3456" not in text and "7890" not in text
    assert client.get("/api/incidents/INS-2612-999999").status_code == 404
    units = client.get("/api/incidents/units?agency=DINKES").get_json()["units"]
    assert {u["agency_code"] for u in units} == {"DINKES"} and len(units) == 20


def test_the_eido_document_holds_together(client, run, make_user, login, new_incident):
    incident = new_incident("KECELAKAAN_LALU_LINTAS")
    for unit in ("DINKES-AM-01", "DISHUB-TP-01"):
        run(service.dispatch, OPERATOR, incident.number, unit, now=at(1))
    run(service.add_note, OPERATOR, incident.number, "jalur ditutup", now=at(2))
    login(*make_user("desk1", "operator"))
    document = client.get(f"/api/incidents/{incident.number}/eido").get_json()
    [component] = document["incidentComponent"]
    assert component["incidentTypeCommonRegistryText"] == "roadway.roadwayAccident"
    assert component["incidentStatusCommonRegistryText"] == "Dispatched"
    assert [a["agencyIdentifier"] for a in document["agencyComponent"]] == ["DINKES", "DISHUB"]
    assert len(document["emergencyResourceComponent"]) == 2 and document["notesComponent"][0]["noteText"]
    assert document["locationComponent"][0]["wgs84Point"] == {"latitude": GENTENG[0], "longitude": GENTENG[1]}
    ids = {part["$id"] for name, parts in document.items() if name.endswith("Component") for part in parts}
    references = re.findall(r'"\$ref": "#([^"]+)"', json.dumps(document))
    assert references and set(references) <= ids
    assert "0812" not in json.dumps(document)


def test_a_wall_or_lurah_reads_no_detail_through_a_wrong_role(client, make_user, login, new_incident):
    incident = new_incident()
    login(*make_user("lurah1", "lurah", kelurahan_code="35.78.07.1001"))
    assert client.get(f"/api/incidents/{incident.number}").status_code == 403
