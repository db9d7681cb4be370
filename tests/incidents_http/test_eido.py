"""The EIDO export: it conforms to the EIDO schema's structure (eido_schema.py, checked by
jsonschema), carries the incident, its agencies, units with their dispatch times, calls and notes,
and no caller number."""

import json
import xml.etree.ElementTree as ET

from api_helpers import AMBULANCE, CALLER_DIGITS, GENTENG, PATROL
from eido_schema import EIDO, definition, problems

GML = "{http://www.opengis.net/gml}"
CIVIC = "{urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr}"


def test_the_validator_catches_what_breaks_the_structure():
    assert problems({"$id": "x"}, definition("IncidentInformationType")) == [
        "$: 'incidentTypeCommonRegistryText' is a required property",
        "$: 'lastUpdateTimeStamp' is a required property", "$: 'updatedByAgencyReference' is a required property"]
    assert "$.eidoVersion: '2.0' is not one of ['1.0']" in problems({"eidoVersion": "2.0"}, EIDO)
    assert "$: 'agencyComponent' is a required property" in problems({"eidoVersion": "1.0"}, EIDO)
    call = problems({"direction": "sideways", "answerDate": None, "callStartTimestamp": "2026-12-02 10:00"},
                    definition("CallInformationType"))
    assert "$.direction: 'sideways' is not one of ['incoming', 'outgoing', 'internal']" in call
    assert "$.answerDate: None is not of type 'string'" in call  # a date is left out, never null
    assert "$.callStartTimestamp: '2026-12-02 10:00' is not a 'date-time'" in call  # no offset
    assert "$: [] is not of type 'object'" in problems([], EIDO)


def test_the_eido_of_an_incident_conforms_and_holds_its_parts(client, staff, accident, keys):
    client.post(f"/api/incidents/units/{AMBULANCE}/status", json={"status": "en_route"},
                headers={"X-API-Key": keys["DINKES"]})
    staff("operator")
    answer = client.get(f"/api/incidents/{accident.number.lower()}/eido")
    assert answer.status_code == 200
    eido = answer.get_json()
    assert problems(eido, EIDO) == []
    assert eido["eidoVersion"] == "1.0" and "EIDO" in eido["$schema"]
    incident = eido["incidentComponent"]
    assert incident["internalIncidentId"] == accident.number
    assert incident["incidentTypeCommonRegistryText"] == "roadway.roadwayAccident"
    assert incident["incidentStatusInternalText"] == ["dispatched"] and incident["incidentCommonPriorityNumber"] == 1
    assert incident["x-pantau"]["receivedAt"] and incident["x-pantau"]["firstDispatchAt"]
    agencies = {agency["$id"]: agency for agency in eido["agencyComponent"]}
    assert set(agencies) == {"cc112.surabaya.go.id", "dinkes.surabaya.go.id", "dishub.surabaya.go.id"}
    assert agencies["dinkes.surabaya.go.id"]["agencyType"] == ["urn:emergency:service:responder.ems"]
    resources = {r["emergencyResourceName"]: r for r in eido["emergencyResourceComponent"]}
    assert resources[AMBULANCE]["unitStatusInternal"] == ["en_route"] and resources[PATROL]["unitStatusInternal"] == [
        "dispatched"]
    dispatches = {d["emergencyResourceReference"][0]["$ref"]: d for d in eido["dispatchComponent"]}
    ambulance = dispatches[resources[AMBULANCE]["$id"]]
    assert ambulance["agencyReference"] == {"$ref": "dinkes.surabaya.go.id"}
    assert ambulance["x-pantau"]["dispatchedAt"] <= ambulance["x-pantau"]["enRouteAt"]
    assert [call["localCallType"] for call in eido["callComponent"]] == ["call_112"]
    notes = [note["notesActionComments"] for note in eido["notesComponent"]]
    assert notes == ["Dua motor bertabrakan", "Jalur kiri ditutup"]
    assert {ref["$ref"] for ref in incident["notesReference"]} == {note["$id"] for note in eido["notesComponent"]}
    [location] = eido["locationComponent"]
    assert incident["locationReference"] == [{"$ref": location["$id"]}]
    pidf = ET.fromstring(location["locationByValue"])
    lat, lon = map(float, pidf.find(f".//{GML}pos").text.split())
    assert (round(lat, 4), round(lon, 4)) == GENTENG
    civic = {child.tag.removeprefix(CIVIC): child.text for child in pidf.find(f".//{CIVIC}civicAddress")}
    assert civic["country"] == "ID" and civic["A3"] == "Genteng" and civic["LOC"] == "Jl. Genteng Kali 1"
    text = json.dumps(eido)
    assert not any(digits in text for digits in CALLER_DIGITS)
    assert "callbackComponent" not in eido and "personComponent" not in eido
