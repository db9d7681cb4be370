"""The incidents API's part of /api/openapi.json: every route is there, and the limits it publishes
are the ones the server enforces (read from the served document, so a limit changed on one side
only fails here)."""

import pytest
from api_helpers import PATROL

PATHS = {"/api/incidents": "get", "/api/incidents/units": "get", "/api/incidents/{number}": "get",
         "/api/incidents/{number}/eido": "get", "/api/incidents/units/{code}/status": "post",
         "/api/incidents/units/{code}/position": "post", "/api/incidents/dispatches/{dispatch_id}/status": "post"}


@pytest.fixture
def document(client):
    return client.get("/api/openapi.json").get_json()


def _body(document, path: str) -> dict:
    return document["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]


def test_every_route_is_described_with_its_errors(document):
    for path, method in PATHS.items():
        operation = document["paths"][path][method]
        assert operation["tags"] == ["incidents"] and "200" in operation["responses"]
        assert {"401", "403"} <= set(operation["responses"]), path
    for path in ("/api/incidents/units/{code}/status", "/api/incidents/dispatches/{dispatch_id}/status"):
        assert {"400", "409", "413", "429"} <= set(document["paths"][path]["post"]["responses"])
    assert document["components"]["schemas"]["IncidentApiError"]["required"] == ["error", "message"]


def test_the_published_note_length_is_enforced(document, client, keys, accident):
    limit = _body(document, "/api/incidents/units/{code}/status")["properties"]["note"]["maxLength"]
    path, headers = f"/api/incidents/units/{PATROL}/status", {"X-API-Key": keys["DISHUB"]}
    refused = client.post(path, json={"status": "en_route", "note": "x" * (limit + 1)}, headers=headers)
    assert refused.status_code == 400 and refused.get_json()["field"] == "note"
    assert client.post(path, json={"status": "en_route", "note": "x" * limit}, headers=headers).status_code == 200


def test_the_published_statuses_are_the_accepted_ones(document, client, keys, accident):
    published = _body(document, "/api/incidents/units/{code}/status")["properties"]["status"]["enum"]
    assert "dispatched" not in published and "en_route" in published
    answer = client.post(f"/api/incidents/units/{PATROL}/status", json={"status": "dispatched"},
                         headers={"X-API-Key": keys["DISHUB"]})
    assert answer.get_json()["field"] == "status" and all(s in answer.get_json()["message"] for s in published)


def test_the_published_page_size_is_enforced(document, client, staff):
    limit = next(p for p in document["paths"]["/api/incidents"]["get"]["parameters"] if p["name"] == "limit")
    staff("operator")
    assert client.get(f"/api/incidents?limit={limit['schema']['maximum']}").status_code == 200
    assert client.get(f"/api/incidents?limit={limit['schema']['maximum'] + 1}").get_json()["field"] == "limit"


def test_the_answers_conform_to_their_published_schemas(document, client, staff, keys, accident):
    from eido_schema import problems

    schemas = document["components"]["schemas"]
    report = client.post(f"/api/incidents/dispatches/{accident.patrol_dispatch}/status", json={"status": "en_route"},
                         headers={"X-API-Key": keys["DISHUB"]})
    refused = client.post(f"/api/incidents/units/{PATROL}/status", json={"status": 1},
                          headers={"X-API-Key": keys["DISHUB"]})
    staff("operator")
    answers = {"/api/incidents": client.get("/api/incidents"),
               "/api/incidents/units": client.get("/api/incidents/units"),
               "/api/incidents/{number}": client.get(f"/api/incidents/{accident.number}"),
               "/api/incidents/{number}/eido": client.get(f"/api/incidents/{accident.number}/eido")}
    for path, answer in answers.items():
        schema = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert answer.status_code == 200 and problems(answer.get_json(), schema, schemas=schemas) == [], path
    dispatch_schema = document["paths"]["/api/incidents/dispatches/{dispatch_id}/status"]["post"]["responses"]["200"]
    assert problems(report.get_json(), dispatch_schema["content"]["application/json"]["schema"], schemas=schemas) == []
    assert problems(refused.get_json(), schemas["IncidentApiError"], schemas=schemas) == []
    assert problems({"number": "x"}, schemas["IncidentDetail"], schemas=schemas)  # the check can fail
