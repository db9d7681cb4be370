"""Staff reads of /api/infrastructure: devices with filters and paging, one device with its
relatives and history, the current outages grouped by root cause; each narrowed to the viewer's
scope, each refusal JSON naming its field."""

from datetime import timedelta

import pytest
from infra_http_helpers import (ACCESS, ACCESS_B, CAMERA, CAMERA_DISHUB, CAMERA_TWO_UPLINKS, CORE, DEVICE_CODES,
                                am_alert, am_payload)
from sqlalchemy import select

from core.clock import utc_now
from modules.infrastructure import service
from modules.infrastructure.http.fields import MAX_LIMIT
from modules.infrastructure.kinds import CheckResult
from modules.infrastructure.models import InfraDevice

DEVICES = "/api/infrastructure/devices"


@pytest.fixture
def switch_down(client, inventory, bearer, databases):
    """The access switch DOWN by an alert, then every camera's checks failing (retries used up): the
    two cameras behind it alone become UNREACHABLE, the one with a second uplink DOWN on its own."""
    start = utc_now() - timedelta(minutes=10)
    assert client.post("/api/infrastructure/alerts/alertmanager", json=am_payload(am_alert({"device": ACCESS},
                       starts_at=start)), headers=bearer("alertmanager")).status_code == 200
    with databases.transaction() as session:
        ok = [CheckResult(code, start, True, 3.0) for code in (CORE, ACCESS_B)]
        service.record_results(session, ok, start)
    for minute in range(1, 4):
        at = start + timedelta(minutes=minute)
        with databases.transaction() as session:
            failed = [CheckResult(code, at, False, None, detail="timeout")
                      for code in (CAMERA, CAMERA_DISHUB, CAMERA_TWO_UPLINKS)]
            service.record_results(session, failed, at)


def test_a_staff_member_lists_devices_with_their_state(client, inventory, staff):
    staff("operator")
    answer = client.get(DEVICES)
    assert answer.status_code == 200
    listed = answer.get_json()
    assert listed["total"] == len(DEVICE_CODES) and [d["code"] for d in listed["devices"]] == sorted(DEVICE_CODES)
    camera = next(d for d in listed["devices"] if d["code"] == CAMERA)
    assert camera["state"] == "UNKNOWN" and camera["kind"] == "camera" and camera["kelurahan_code"].startswith("35.78.")


def test_filters_and_paging_narrow_the_list(client, inventory, staff, databases):
    staff("operator")
    with databases.session() as session:
        kelurahan = session.scalar(select(InfraDevice.kelurahan_code).where(InfraDevice.code == CAMERA))

    def codes(query: str) -> list[str]:
        answer = client.get(f"{DEVICES}?{query}")
        assert answer.status_code == 200, answer.get_json()
        return [d["code"] for d in answer.get_json()["devices"]]

    assert codes("kind=camera") == [CAMERA, CAMERA_DISHUB, CAMERA_TWO_UPLINKS]
    assert codes("opd=DISHUB") == [CAMERA_DISHUB]
    assert CAMERA in codes(f"kelurahan={kelurahan}") and CORE not in codes(f"kelurahan={kelurahan}")
    assert codes("state=DOWN") == [] and len(codes("state=UNKNOWN")) == len(DEVICE_CODES)
    page = client.get(f"{DEVICES}?limit=2&offset=2").get_json()
    assert page["total"] == len(DEVICE_CODES) and [d["code"] for d in page["devices"]] == sorted(DEVICE_CODES)[2:4]


@pytest.mark.parametrize("query, field", [
    ("kind=toaster", "kind"), ("state=down", "state"), ("opd=NOPE", "opd"), ("kelurahan=35.78.99.9999", "kelurahan"),
    (f"limit={MAX_LIMIT + 1}", "limit"), ("limit=0", "limit"), ("offset=-1", "offset"), ("kinds=camera", "kinds"),
])
def test_a_bad_filter_is_refused_naming_it(client, inventory, staff, query, field):
    staff("operator")
    answer = client.get(f"{DEVICES}?{query}")
    assert answer.status_code == 400 and answer.get_json()["field"] == field


def test_an_opd_officer_reads_his_own_opds_devices_only(client, inventory, staff):
    staff("opd", opd_code="DISHUB")
    assert [d["code"] for d in client.get(DEVICES).get_json()["devices"]] == [CAMERA_DISHUB]
    assert client.get(f"{DEVICES}?opd=DISKOMINFO").get_json()["total"] == 0  # asking for another's: nothing
    assert client.get(f"{DEVICES}/{CAMERA}").status_code == 404
    detail = client.get(f"{DEVICES}/{CAMERA_DISHUB}").get_json()
    assert detail["parents"] == [{"code": ACCESS, "kind": "switch", "name": None, "state": None}]  # not his


def test_without_a_session_or_with_a_role_that_may_not_the_answer_is_json(client, inventory, staff):
    answer = client.get(DEVICES)
    assert answer.status_code == 401 and answer.get_json()["error"] == "unauthorised"
    staff("rt_rw", kelurahan_code="35.78.07.1001", rw=1)
    refused = client.get(DEVICES)
    assert refused.status_code == 403 and refused.get_json()["field"] == "role"
    assert client.get("/api/infrastructure/outages").status_code == 403


def test_one_device_with_its_relatives_contract_and_history(client, inventory, staff, switch_down):
    staff("operator")
    detail = client.get(f"{DEVICES}/{ACCESS.lower()}").get_json()  # a code's case does not matter
    assert detail["code"] == ACCESS and detail["state"] == "DOWN" and detail["root_cause_code"] == ACCESS
    assert detail["parents"] == [{"code": CORE, "kind": "switch", "name": "Switch inti Balai Kota", "state": "UP"}]
    assert [c["code"] for c in detail["children"]] == [CAMERA, CAMERA_DISHUB, CAMERA_TWO_UPLINKS]
    assert detail["contract"]["code"] == "NET-2024-01" and detail["contract"]["slo_percent"] == 99.5
    newest, first = detail["events"][0], detail["events"][-1]  # newest first
    assert (newest["state"], newest["source"], newest["ended_at"]) == ("DOWN", "alertmanager", None)
    assert first["state"] == "UNKNOWN" and first["ended_at"] == newest["started_at"]
    missing = client.get(f"{DEVICES}/SW-NOPE")
    assert missing.status_code == 404 and missing.get_json()["field"] == "code"


def test_a_switch_down_is_one_outage_with_the_cameras_it_hides(client, inventory, staff, switch_down, state_of):
    assert state_of(CAMERA) == ("UNREACHABLE", ACCESS, ACCESS)
    assert state_of(CAMERA_TWO_UPLINKS)[0] == "DOWN"  # its second uplink still answers: its own failure
    staff("operator")
    outages = client.get("/api/infrastructure/outages").get_json()
    by_device = {o["device_code"]: o for o in outages["outages"]}
    assert set(by_device) == {ACCESS, CAMERA_TWO_UPLINKS} and outages["total"] == 2
    assert [h["code"] for h in by_device[ACCESS]["hidden"]] == [CAMERA, CAMERA_DISHUB]
    assert by_device[ACCESS]["hidden_count"] == 2 and by_device[ACCESS]["age_seconds"] >= 0
    assert by_device[CAMERA_TWO_UPLINKS]["hidden"] == []


def test_an_opd_officer_sees_the_outage_hiding_his_camera(client, inventory, staff, switch_down):
    staff("opd", opd_code="DISHUB")
    outages = client.get("/api/infrastructure/outages").get_json()["outages"]
    assert len(outages) == 1 and outages[0]["device_code"] == ACCESS and outages[0]["name"] is None
    assert [h["code"] for h in outages[0]["hidden"]] == [CAMERA_DISHUB]


def test_unknown_routes_and_methods_answer_json(client, staff):
    staff("operator")
    for method, path in (("get", "/api/infrastructure/nothing"), ("post", DEVICES), ("delete", f"{DEVICES}/X"),
                         ("get", "/api/infrastructure/alerts/alertmanager")):
        answer = getattr(client, method)(path)
        assert answer.status_code == 404 and answer.get_json()["error"] == "not_found", (method, path)
