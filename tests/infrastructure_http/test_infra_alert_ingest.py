"""POST /api/infrastructure/alerts/{alertmanager,zabbix}: alerts mapped to devices by their labels
set the device's state through the service; unknown devices are kept for review; a bad key or a
malformed payload is refused whole and writes nothing."""

from datetime import timedelta

import pytest
from infra_http_helpers import (ACCESS, CAMERA, CAMERA_DISHUB, HOST, SERVICE, am_alert, am_payload, rfc3339,
                                zabbix_event)
from sqlalchemy import select

from core.clock import utc_now
from modules.infrastructure.http.fields import MAX_JSON_BYTES
from modules.infrastructure.models import InfraAlert, InfraDeviceState, InfraEvent

AM, ZABBIX = "/api/infrastructure/alerts/alertmanager", "/api/infrastructure/alerts/zabbix"


@pytest.fixture
def stored(databases):
    """Every alert row, oldest first, as (source, fingerprint, status, device_code)."""

    def read():
        with databases.session() as session:
            return [(a.source, a.fingerprint, a.status, a.device_code)
                    for a in session.scalars(select(InfraAlert).order_by(InfraAlert.id))]

    return read


def _events(databases, code: str) -> list[tuple[str, str, bool]]:
    with databases.session() as session:
        return [(e.state, e.source, e.ended_at is None) for e in session.scalars(
            select(InfraEvent).where(InfraEvent.device_code == code).order_by(InfraEvent.id))]


def test_a_firing_alert_downs_its_device_and_its_resolution_brings_it_up(client, inventory, bearer, state_of,
                                                                         databases, stored):
    start = utc_now() - timedelta(minutes=3)
    answer = client.post(AM, json=am_payload(am_alert({"device": ACCESS}, starts_at=start)),
                         headers=bearer("alertmanager"))
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json() | {"alerts": None} == {"received": 1, "matched": 1, "unmatched": 0, "applied": 1,
                                                    "alerts": None}
    assert answer.get_json()["alerts"][0]["state"] == "DOWN"
    assert state_of(ACCESS)[0] == "DOWN"
    assert _events(databases, ACCESS)[-1] == ("DOWN", "alertmanager", True)
    resolved = am_alert({"device": ACCESS}, status="resolved", starts_at=start, ends_at=utc_now())
    assert client.post(AM, json=am_payload(resolved), headers=bearer("alertmanager")).status_code == 200
    assert state_of(ACCESS)[0] == "UP"
    assert stored() == [("alertmanager", "a1b2c3d4e5f60718", "resolved", ACCESS)]  # one row, resolved
    late = client.post(AM, json=am_payload(am_alert({"device": ACCESS}, starts_at=start)),  # a retry, out of order
                       headers=bearer("alertmanager")).get_json()
    assert late["applied"] == 0 and late["alerts"][0]["reason"] == "resolved already"
    assert state_of(ACCESS)[0] == "UP" and stored()[0][2] == "resolved"


def test_an_alert_older_than_the_devices_state_does_not_rewrite_its_history(client, inventory, bearer, databases):
    with databases.session() as session:
        registered = session.get(InfraDeviceState, ACCESS).since
    long_ago = registered - timedelta(days=2)  # a long-firing alert Alertmanager forwards only now
    client.post(AM, json=am_payload(am_alert({"device": ACCESS}, starts_at=long_ago)), headers=bearer("alertmanager"))
    with databases.session() as session:
        started = session.scalars(select(InfraEvent.started_at).where(InfraEvent.device_code == ACCESS)
                                  .order_by(InfraEvent.id)).all()
    assert started == [registered, registered]  # UNKNOWN since registration, DOWN from then, never before


def test_the_instance_label_maps_by_host_and_port_then_by_host_alone(client, inventory, bearer, state_of):
    start = utc_now() - timedelta(minutes=1)
    payload = am_payload(am_alert({"instance": "10.20.1.11:554"}, starts_at=start, fingerprint="0000000000000001"),
                         am_alert({"instance": "10.20.1.12:9100"}, starts_at=start, fingerprint="0000000000000002"),
                         am_alert({"instance": "http://10.30.0.5:8080/health"}, starts_at=start,
                                  fingerprint="0000000000000003"))
    answer = client.post(AM, json=payload, headers=bearer("alertmanager")).get_json()
    assert [a["device_code"] for a in answer["alerts"]] == [CAMERA, CAMERA_DISHUB, HOST]
    assert {state_of(code)[0] for code in (CAMERA, CAMERA_DISHUB, HOST)} == {"DOWN"}


def test_an_alert_for_an_unknown_device_is_kept_for_review(client, inventory, bearer, stored, staff, counts):
    start = utc_now() - timedelta(minutes=1)
    payload = am_payload(am_alert({"device": "SW-NOT-THERE"}, starts_at=start, fingerprint="00000000000000aa"),
                         am_alert({"instance": "192.0.2.7:9100"}, starts_at=start, fingerprint="00000000000000bb"),
                         am_alert({"job": "blackbox"}, starts_at=start, fingerprint="00000000000000cc"))
    before = counts()
    answer = client.post(AM, json=payload, headers=bearer("alertmanager")).get_json()
    assert (answer["matched"], answer["unmatched"], answer["applied"]) == (0, 3, 0)
    assert [a["reason"] for a in answer["alerts"]] == ["no device 'SW-NOT-THERE' (label device)",
                                                       "instance '192.0.2.7:9100': no device at 192.0.2.7",
                                                       "no device or instance label"]
    after = counts()
    assert after["infra_alerts"] == before["infra_alerts"] + 3 and after["infra_events"] == before["infra_events"]
    staff("operator")
    review = client.get("/api/infrastructure/alerts?unmatched=1").get_json()
    assert review["total"] == 3 and {a["fingerprint"] for a in review["alerts"]} == {
        "00000000000000aa", "00000000000000bb", "00000000000000cc"}
    assert review["alerts"][0]["labels"]["alertname"] == "ProbeFailed"
    looked_at = answer["alerts"][0]["id"]
    reviewed = client.post(f"/api/infrastructure/alerts/{looked_at}/reviewed", json={})
    assert reviewed.status_code == 200 and reviewed.get_json()["reviewed_at"]
    left = client.get("/api/infrastructure/alerts?unmatched=1").get_json()
    assert left["total"] == 2 and looked_at not in {a["id"] for a in left["alerts"]}
    assert client.get("/api/infrastructure/alerts").get_json()["total"] == 3  # kept, never dropped


def test_reviewing_an_alert_takes_json_from_an_operator(client, inventory, bearer, staff):
    answer = client.post(AM, json=am_payload(am_alert({"device": "SW-NOT-THERE"}, starts_at=utc_now())),
                         headers=bearer("alertmanager")).get_json()
    path = f"/api/infrastructure/alerts/{answer['alerts'][0]['id']}/reviewed"
    assert client.post(path, json={}).status_code == 401
    staff("pimpinan")
    assert client.post(path, json={}).status_code == 403
    staff("operator")
    form = client.post(path, data={"x": "1"})  # what a cross-site form could send
    assert form.status_code == 415 and form.get_json()["field"] == "Content-Type"
    assert client.post(path, json={"note": "x"}).get_json()["field"] == "body"
    missing = client.post("/api/infrastructure/alerts/999999/reviewed", json={})
    assert missing.status_code == 404 and missing.get_json()["field"] == "alert_id"
    assert client.get("/api/infrastructure/alerts?unmatched=1").get_json()["total"] == 1  # none of it counted


def test_a_device_stays_down_while_another_alert_on_it_fires(client, inventory, bearer, state_of):
    start = utc_now() - timedelta(minutes=5)
    first = am_alert({"device": HOST, "alertname": "ProbeFailed"}, starts_at=start, fingerprint="00000000000000a1")
    second = am_alert({"device": HOST, "alertname": "DiskFull"}, starts_at=start, fingerprint="00000000000000a2")
    client.post(AM, json=am_payload(first, second), headers=bearer("alertmanager"))
    first_resolved = {**first, "status": "resolved", "endsAt": rfc3339(utc_now())}
    answer = client.post(AM, json=am_payload(first_resolved), headers=bearer("alertmanager")).get_json()
    assert answer["alerts"][0]["reason"] == "another alert on the device still fires"
    assert state_of(HOST)[0] == "DOWN"
    second_resolved = {**second, "status": "resolved", "endsAt": rfc3339(utc_now())}
    client.post(AM, json=am_payload(second_resolved), headers=bearer("alertmanager"))
    assert state_of(HOST)[0] == "UP"


def test_zabbix_maps_its_host_by_code_or_by_name(client, inventory, bearer, state_of, databases, stored):
    start = utc_now() - timedelta(minutes=2)
    by_code = client.post(ZABBIX, json=zabbix_event(SERVICE.lower(), started_at=start, event_id="1"),
                          headers=bearer("zabbix"))
    assert by_code.status_code == 200 and state_of(SERVICE)[0] == "DOWN"
    by_name = client.post(ZABBIX, json=zabbix_event("server APLIKASI 1", started_at=start, event_id="2"),
                          headers=bearer("zabbix"))
    assert by_name.get_json()["alerts"][0]["device_code"] == HOST
    unknown = client.post(ZABBIX, json=zabbix_event("router-lama", started_at=start, event_id="3"),
                          headers=bearer("zabbix")).get_json()
    assert unknown["unmatched"] == 1
    client.post(ZABBIX, json=zabbix_event(SERVICE, status="RESOLVED", started_at=start, resolved_at=utc_now(),
                                          event_id="1"), headers=bearer("zabbix"))
    assert state_of(SERVICE)[0] == "UP" and _events(databases, SERVICE)[-1] == ("UP", "zabbix", True)
    assert stored() == [("zabbix", "1", "resolved", SERVICE), ("zabbix", "2", "firing", HOST),
                        ("zabbix", "3", "firing", None)]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer not-a-key"}, {"Authorization": "Basic eDp5"},
                                     "revoked", "zabbix"])
def test_a_missing_wrong_revoked_or_other_integrations_key_is_refused(client, inventory, keys, counts, headers):
    if isinstance(headers, str):  # a key of the revoked kind, or Zabbix's key on Alertmanager's endpoint
        headers = {"Authorization": f"Bearer {keys[headers]}"}
    before = counts()
    answer = client.post(AM, json=am_payload(am_alert({"device": ACCESS}, starts_at=utc_now())), headers=headers)
    assert answer.status_code == 401 and answer.get_json()["field"] == "Authorization"
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert counts() == before


def test_too_many_bad_keys_from_one_address_wait(client, inventory, bearer):
    from modules.infrastructure.http.api import KEY_FAILURES_PER_WINDOW

    for _ in range(KEY_FAILURES_PER_WINDOW):
        assert client.post(AM, json={}, headers={"Authorization": "Bearer guess"}).status_code == 401
    blocked = client.post(AM, json={}, headers=bearer("alertmanager"))  # even a good key waits now
    assert blocked.status_code == 429 and blocked.headers["Retry-After"]


@pytest.mark.parametrize("raw, field", [
    (b"{not json", "body"),
    (b'{"version": "4", "status": "firing", "receiver": "r", "alerts": [], "extra": 1}', "extra"),
])
def test_a_malformed_body_is_refused_naming_the_field(client, inventory, bearer, counts, raw, field):
    before = counts()
    answer = client.post(AM, data=raw, headers={**bearer("alertmanager"), "Content-Type": "application/json"})
    assert answer.status_code == 400 and answer.get_json()["field"] == field
    assert counts() == before


def test_one_bad_alert_refuses_the_whole_payload(client, inventory, bearer, counts, state_of):
    start = utc_now() - timedelta(minutes=1)
    good = am_alert({"device": ACCESS}, starts_at=start, fingerprint="0000000000000001")
    bad = am_alert({"device": CAMERA}, starts_at=start, fingerprint="0000000000000002", status="resolved")  # no end
    before = counts()
    answer = client.post(AM, json=am_payload(good, bad), headers=bearer("alertmanager"))
    assert answer.status_code == 400
    assert answer.get_json() == {"error": "invalid_request", "field": "alerts[1].endsAt",
                                 "message": "alerts[1].endsAt: required once the alert is resolved"}
    assert counts() == before and state_of(ACCESS)[0] == "UNKNOWN"


def test_a_body_past_the_limit_is_refused(client, inventory, bearer):
    answer = client.post(AM, data=b" " * (MAX_JSON_BYTES + 1),
                         headers={**bearer("alertmanager"), "Content-Type": "application/json"})
    assert answer.status_code == 413 and answer.get_json()["field"] == "body"
