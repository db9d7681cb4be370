"""The infrastructure API's part of /api/openapi.json: every route is there with its errors, the
answers the server gives conform to the published schemas, the payloads the server accepts conform
to the published request bodies (and those it refuses do not), and the published limits are the
enforced ones. Read from the served document, so a change on one side only fails here."""

from datetime import timedelta

import pytest
from infra_http_helpers import ACCESS, CAMERA, am_alert, am_payload, zabbix_event
from infra_schema_check import problems

from core.clock import utc_now

P = "/api/infrastructure"
PATHS = {f"{P}/devices": ["get"], f"{P}/devices/{{code}}": ["get"], f"{P}/outages": ["get"], f"{P}/alerts": ["get"],
         f"{P}/alerts/{{alert_id}}/reviewed": ["post"], f"{P}/inventory": ["get", "post"],
         f"{P}/alerts/alertmanager": ["post"], f"{P}/alerts/zabbix": ["post"], f"{P}/maintenance": ["get", "post"],
         f"{P}/maintenance/{{window_id}}/end": ["post"]}


@pytest.fixture
def document(client):
    return client.get("/api/openapi.json").get_json()


def _answer_schema(document, path: str, method: str = "get", status: str = "200") -> dict:
    return document["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]


def _body_schema(document, path: str) -> dict:
    return document["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]


def test_every_route_is_described_with_its_errors(document):
    for path, methods in PATHS.items():
        for method in methods:
            operation = document["paths"][path][method]
            success = "201" if (path, method) == (f"{P}/maintenance", "post") else "200"  # a window is created
            assert operation["tags"] == ["infrastructure"] and success in operation["responses"], path
            assert "401" in operation["responses"], (path, method)
    for path in (f"{P}/alerts/alertmanager", f"{P}/alerts/zabbix"):
        assert {"400", "401", "413", "429"} <= set(document["paths"][path]["post"]["responses"])
    assert document["components"]["schemas"]["InfraApiError"]["required"] == ["error", "message"]


def test_the_senders_payloads_conform_to_the_published_bodies(document):
    schemas = document["components"]["schemas"]
    start = utc_now() - timedelta(minutes=1)
    alertmanager, zabbix = _body_schema(document, f"{P}/alerts/alertmanager"), _body_schema(document, f"{P}/alerts/zabbix")
    good = am_payload(am_alert({"device": ACCESS}, starts_at=start))
    assert problems(good, alertmanager, schemas) == []
    assert problems(zabbix_event(ACCESS, started_at=start), zabbix, schemas) == []
    assert problems({**good, "extra": 1}, alertmanager, schemas)           # what the server refuses, the schema too
    assert problems(am_payload(am_alert({"device": ACCESS}, starts_at=start, fingerprint="XYZ")), alertmanager,
                    schemas)
    assert problems(zabbix_event(ACCESS, started_at=start, status="OK"), zabbix, schemas)


def test_the_answers_conform_to_their_published_schemas(document, client, inventory, staff, bearer):
    schemas = document["components"]["schemas"]
    start = utc_now() - timedelta(minutes=2)
    ingest = {
        f"{P}/alerts/alertmanager": client.post(f"{P}/alerts/alertmanager", headers=bearer("alertmanager"), json=am_payload(
            am_alert({"device": ACCESS}, starts_at=start), am_alert({"device": "NOPE"}, starts_at=start,
                                                                    fingerprint="00000000000000ff"))),
        f"{P}/alerts/zabbix": client.post(f"{P}/alerts/zabbix", headers=bearer("zabbix"),
                                          json=zabbix_event(CAMERA, started_at=start))}
    refused = client.post(f"{P}/alerts/zabbix", headers=bearer("zabbix"), json={"event_id": 1})
    staff("operator")
    reads = {f"{P}/devices": client.get(f"{P}/devices"), f"{P}/devices/{{code}}": client.get(f"{P}/devices/{ACCESS}"),
             f"{P}/outages": client.get(f"{P}/outages"), f"{P}/alerts": client.get(f"{P}/alerts")}
    unmatched = ingest[f"{P}/alerts/alertmanager"].get_json()["alerts"][1]["id"]
    reviewed = client.post(f"{P}/alerts/{unmatched}/reviewed", json={})
    assert problems(reviewed.get_json(), _answer_schema(document, f"{P}/alerts/{{alert_id}}/reviewed", "post"),
                    schemas) == []
    for path, answer in reads.items():
        assert answer.status_code == 200 and problems(answer.get_json(), _answer_schema(document, path), schemas) == [], \
            path
    for path, answer in ingest.items():
        assert answer.status_code == 200, answer.get_json()
        assert problems(answer.get_json(), _answer_schema(document, path, "post"), schemas) == [], path
    assert reads[f"{P}/outages"].get_json()["total"] >= 1  # the switch is down: the check saw an outage
    assert problems(refused.get_json(), schemas["InfraApiError"], schemas) == []
    assert problems({"code": 1}, schemas["InfraDeviceDetail"], schemas)  # the check can fail


def test_the_published_page_size_is_enforced(document, client, inventory, staff):
    limit = next(p for p in document["paths"][f"{P}/devices"]["get"]["parameters"] if p["name"] == "limit")
    staff("operator")
    assert client.get(f"{P}/devices?limit={limit['schema']['maximum']}").status_code == 200
    assert client.get(f"{P}/devices?limit={limit['schema']['maximum'] + 1}").get_json()["field"] == "limit"


def test_the_published_states_and_kinds_are_the_accepted_ones(document, client, inventory, staff):
    parameters = {p["name"]: p["schema"] for p in document["paths"][f"{P}/devices"]["get"]["parameters"]}
    staff("operator")
    for name in ("kind", "state"):
        for value in parameters[name]["enum"]:
            assert client.get(f"{P}/devices?{name}={value}").status_code == 200, (name, value)
