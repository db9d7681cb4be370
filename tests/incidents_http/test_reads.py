"""Staff read incidents and units with their session; role and scope decide what they get."""

import json

from api_helpers import AMBULANCE, CALLER_DIGITS, GENTENG, OPERATOR, PATROL

from modules.incidents import service


def test_the_active_list_pages_and_filters(client, staff, accident, databases, settings):
    with databases.transaction() as session:  # a second, open incident of another category
        call = service.take_call(session, OPERATOR, settings)
        fire = service.create_incident(session, OPERATOR, settings, call.id, category_code="KEBAKARAN",
                                       lat=GENTENG[0], lon=GENTENG[1]).number
    staff("operator")
    everything = client.get("/api/incidents").get_json()
    assert everything["total"] == 2 and {row["number"] for row in everything["incidents"]} == {accident.number, fire}
    first = everything["incidents"][0]  # priority 1 both: the older first
    assert first["number"] == accident.number and first["status"] == "dispatched"
    assert first["agencies"] == ["DINKES", "DISHUB"] and sorted(first["units"]) == [AMBULANCE, PATROL]
    assert first["type"] == "roadway.roadwayAccident" and first["received_at"].endswith("+07:00")
    assert set(first["clock"]) == {"call_processing", "turnout", "travel", "response", "promise", "elapsed", "breached"}
    assert first["clock"]["promise"] == 420 and first["clock"]["response"] is None
    assert [row["number"] for row in client.get("/api/incidents?status=open").get_json()["incidents"]] == [fire]
    dishub = client.get("/api/incidents?agency=DISHUB").get_json()["incidents"]
    assert [row["number"] for row in dishub] == [accident.number]
    assert [r["number"] for r in client.get("/api/incidents?category=KEBAKARAN").get_json()["incidents"]] == [fire]
    page = client.get("/api/incidents?limit=1&offset=1").get_json()
    assert (page["total"], page["limit"], page["offset"]) == (2, 1, 1)
    assert [row["number"] for row in page["incidents"]] == [fire]


def test_bad_filters_are_refused_naming_the_parameter(client, staff, accident):
    staff("operator")
    for query, field in (("status=closed", "status"), ("category=NOPE", "category"), ("agency=PLN", "agency"),
                         ("limit=0", "limit"), ("limit=201", "limit"), ("offset=-1", "offset"), ("limit=x", "limit")):
        answer = client.get(f"/api/incidents?{query}")
        assert answer.status_code == 400, query
        assert answer.get_json()["field"] == field and answer.get_json()["message"].startswith(f"{field}: ")


def test_one_incident_has_dispatches_with_clocks_and_its_timeline_but_no_caller_number(client, staff, accident):
    staff("pimpinan")
    answer = client.get(f"/api/incidents/{accident.number}")
    assert answer.status_code == 200
    found = answer.get_json()
    assert found["number"] == accident.number and found["landmark"] == "depan Pos Terpadu"
    assert [d["unit_code"] for d in found["dispatches"]] == [AMBULANCE, PATROL]
    assert all(d["status"] == "dispatched" and d["clock"]["turnout"] is None for d in found["dispatches"])
    kinds = [event["kind"] for event in found["timeline"]]
    assert kinds.count("unit_dispatched") == 2 and "incident_created" in kinds
    assert found["notes"][0]["text"] == "Jalur kiri ditutup"
    assert [call["outcome"] for call in found["calls"]] == ["incident"] and "caller" not in found["calls"][0]
    text = answer.get_data(as_text=True)
    assert not any(digits in text for digits in CALLER_DIGITS)


def test_units_with_their_status_and_position(client, staff, accident):
    staff("operator")
    units = client.get("/api/incidents/units?agency=DISHUB").get_json()["units"]
    assert units and {unit["agency_code"] for unit in units} == {"DISHUB"}
    patrol = next(unit for unit in units if unit["code"] == PATROL)
    assert patrol["status"] == "dispatched" and patrol["lat"] is not None and patrol["post_code"]
    busy = client.get("/api/incidents/units?status=dispatched").get_json()["units"]
    assert sorted(unit["code"] for unit in busy) == [AMBULANCE, PATROL]
    assert client.get("/api/incidents/units?status=flying").get_json()["field"] == "status"


def test_without_a_session_or_with_a_role_that_does_not_read_the_answer_is_json(client, staff, accident, logout):
    for path in ("/api/incidents", f"/api/incidents/{accident.number}", "/api/incidents/units",
                 f"/api/incidents/{accident.number}/eido"):
        answer = client.get(path)
        assert answer.status_code == 401 and answer.get_json()["error"] == "unauthorised"
    staff("camat", kecamatan_code="35.78.07")
    answer = client.get("/api/incidents")
    assert answer.status_code == 403 and answer.get_json()["error"] == "forbidden"


def test_an_agency_user_reads_active_incidents_and_finished_ones_his_agency_served(client, staff, accident,
                                                                                   databases, settings):
    with databases.transaction() as session:  # a finished incident served by DPKP only
        call = service.take_call(session, OPERATOR, settings)
        fire = service.create_incident(session, OPERATOR, settings, call.id, category_code="KEBAKARAN",
                                       lat=GENTENG[0], lon=GENTENG[1]).number
        service.cancel_incident(session, OPERATOR, fire, "alarm palsu")
    staff("opd", opd_code="DISHUB")
    assert client.get("/api/incidents").get_json()["total"] == 1  # the active accident
    assert client.get(f"/api/incidents/{accident.number}").status_code == 200
    refused = client.get(f"/api/incidents/{fire}")
    assert refused.status_code == 403 and refused.get_json()["field"] == "number"
    assert client.get(f"/api/incidents/{fire}/eido").status_code == 403
    assert client.get("/api/incidents/INS-0000-000000").get_json()["field"] == "number"


def test_a_city_wide_reader_reads_a_finished_incident(client, staff, databases, settings):
    with databases.transaction() as session:
        call = service.take_call(session, OPERATOR, settings)
        fire = service.create_incident(session, OPERATOR, settings, call.id, category_code="KEBAKARAN",
                                       lat=GENTENG[0], lon=GENTENG[1]).number
        service.cancel_incident(session, OPERATOR, fire, "alarm palsu")
    staff("admin")
    assert client.get(f"/api/incidents/{fire}").get_json()["status"] == "cancelled"
    assert json.loads(client.get("/api/incidents").get_data())["total"] == 0


def test_unknown_paths_under_the_prefix_answer_json_404(client):
    answer = client.get("/api/incidents/units/DPKP-FE-01/nothing")
    assert answer.status_code == 404 and answer.get_json()["error"] == "not_found"


def test_a_wrong_method_answers_json(client, keys):
    for answer in (client.post("/api/incidents"), client.get("/api/incidents/units/DPKP-FE-01/status"),
                   client.delete("/api/incidents/INS-2612-000001")):
        assert answer.status_code in (404, 405) and answer.get_json()["error"], answer.status_code
