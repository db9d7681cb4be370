"""Maintenance windows over /api/infrastructure/maintenance: an administrator schedules and ends
them, staff read them through their scope; a window moves its devices to MAINTENANCE on the sweep
or check that finds them inside it and out again after; every refusal names its field and writes
nothing; every answer conforms to the published schema. On SQLite and PostgreSQL (the `databases`
fixture), through the real app and the real service."""

from datetime import timedelta

import pytest
from infra_http_helpers import ACCESS, ADMIN, CAMERA, CAMERA_DISHUB, CAMERA_TWO_UPLINKS, HOST
from infra_schema_check import problems
from sqlalchemy import func, select

from core.clock import utc_now
from modules.infrastructure import service
from modules.infrastructure.http.reads import iso
from modules.infrastructure.kinds import CheckResult
from modules.infrastructure.maintenance import REASON_LIMIT
from modules.infrastructure.models import InfraEvent, InfraMaintenance

MAINTENANCE = "/api/infrastructure/maintenance"
DOC_WINDOWS, DOC_END = MAINTENANCE, f"{MAINTENANCE}/{{window_id}}/end"


@pytest.fixture
def document(client):
    return client.get("/api/openapi.json").get_json()


@pytest.fixture
def conforms(document):
    """conforms(answer, path, method, status): the answer's JSON breaks nothing of its published schema."""
    schemas = document["components"]["schemas"]

    def check(answer, path: str, method: str, status: int) -> bool:
        assert answer.status_code == status, answer.get_json()
        schema = document["paths"][path][method]["responses"][str(status)]["content"]["application/json"]["schema"]
        assert problems(answer.get_json(), schema, schemas) == [], (path, method, status)
        return True

    return check


@pytest.fixture
def written(counts, databases):
    """Rows of every table a window touches (the windows, states, events, change log)."""

    def count() -> dict[str, int]:
        with databases.session() as session:
            return counts() | {"windows": session.scalar(select(func.count()).select_from(InfraMaintenance))}

    return count


def _iso(moment) -> str:
    return moment.isoformat()


def _window(device: str, starts, ends, **extra) -> dict:
    return {"device_code": device, "starts_at": _iso(starts), "ends_at": _iso(ends), **extra}


def _up(databases, codes, at) -> None:
    with databases.transaction() as session:
        service.record_results(session, [CheckResult(code, at, True, 2.0) for code in codes], at)


def _sweep(databases, at) -> None:
    with databases.transaction() as session:
        service.sweep(session, at)


def _probed(databases, at) -> set[str]:
    with databases.session() as session:
        return {target.code for target in service.probe_targets(session, at)}


def test_a_window_takes_the_device_to_maintenance_on_the_sweep_and_back(client, inventory, staff, databases,
                                                                         state_of, conforms):
    now = utc_now()
    _up(databases, [HOST], now - timedelta(minutes=1))
    staff("admin")
    starts, ends = now + timedelta(hours=1), now + timedelta(hours=2)
    answer = client.post(MAINTENANCE, json=_window(HOST, starts, ends, collect=True, reason=" Ganti UPS "))
    assert conforms(answer, DOC_WINDOWS, "post", 201)
    window = answer.get_json()
    assert (window["recurrence"], window["collect"], window["include_children"], window["active"]) == \
        ("none", True, False, False)
    assert window["reason"] == "Ganti UPS" and window["created_by"] == "admin-city"
    assert state_of(HOST)[0] == "UP"  # not yet: the window lies ahead
    listed = client.get(MAINTENANCE)
    assert conforms(listed, DOC_WINDOWS, "get", 200)
    assert [w["id"] for w in listed.get_json()["windows"]] == [window["id"]]
    assert client.get(f"{MAINTENANCE}?active=1").get_json()["total"] == 0

    _sweep(databases, starts + timedelta(minutes=1))
    assert state_of(HOST)[0] == "MAINTENANCE" and HOST in _probed(databases, starts + timedelta(minutes=1))
    _up(databases, [HOST], starts + timedelta(minutes=2))  # a check inside the window (collect) keeps it there
    assert state_of(HOST)[0] == "MAINTENANCE"
    _sweep(databases, ends + timedelta(minutes=1))
    assert state_of(HOST)[0] == "UNKNOWN"  # until its next check says what it is
    _up(databases, [HOST], ends + timedelta(minutes=2))
    assert state_of(HOST)[0] == "UP"
    with databases.session() as session:
        sources = session.execute(select(InfraEvent.state, InfraEvent.source).where(InfraEvent.device_code == HOST)
                                  .order_by(InfraEvent.started_at, InfraEvent.id)).all()
    assert [tuple(row) for row in sources][-3:] == [("MAINTENANCE", "maintenance"), ("UNKNOWN", "maintenance"),
                                                   ("UP", "probe")]


def test_a_window_holding_now_with_children_starts_at_once_and_ends_on_request(client, inventory, staff, databases,
                                                                                 state_of, conforms):
    now = utc_now()
    staff("admin")
    answer = client.post(MAINTENANCE, json=_window(ACCESS, now - timedelta(minutes=1), now + timedelta(hours=1),
                                                   include_children=True))
    assert conforms(answer, DOC_WINDOWS, "post", 201) and answer.get_json()["active"] is True
    behind = (ACCESS, CAMERA, CAMERA_DISHUB, CAMERA_TWO_UPLINKS)
    assert [state_of(code)[0] for code in behind] == ["MAINTENANCE"] * 4
    assert not set(behind) & _probed(databases, now)  # without `collect` nobody probes them meanwhile
    window_id = answer.get_json()["id"]
    for query in ("active=1", f"device={ACCESS.lower()}"):
        listed = client.get(f"{MAINTENANCE}?{query}")
        assert conforms(listed, DOC_WINDOWS, "get", 200) and [w["id"] for w in listed.get_json()["windows"]] == \
            [window_id], query
    assert client.get(f"{MAINTENANCE}?device={HOST}").get_json()["windows"] == []

    ended = client.post(f"{MAINTENANCE}/{window_id}/end", json={})
    assert conforms(ended, DOC_END, "post", 200) and ended.get_json()["id"] == window_id
    assert [state_of(code)[0] for code in behind] == ["UNKNOWN"] * 4
    assert set(behind) <= _probed(databases, utc_now())
    assert client.get(MAINTENANCE).get_json()["total"] == 0
    again = client.post(f"{MAINTENANCE}/{window_id}/end", json={})
    assert conforms(again, DOC_END, "post", 404) and again.get_json()["field"] == "window_id"


def test_a_daily_window_repeats_and_lists_the_span_holding_now(client, inventory, staff, state_of, conforms):
    now = utc_now()
    first = now - timedelta(days=3, minutes=30)
    staff("admin")
    answer = client.post(MAINTENANCE, json=_window(CAMERA, first, first + timedelta(hours=1), recurrence="daily"))
    assert conforms(answer, DOC_WINDOWS, "post", 201)
    window = answer.get_json()
    assert window["active"] is True and state_of(CAMERA)[0] == "MAINTENANCE"
    today = client.get(f"{MAINTENANCE}?active=1").get_json()["windows"][0]
    assert today["next_starts_at"] == iso(first + timedelta(days=3)) and today["id"] == window["id"]


def _refusals(now) -> list[tuple[dict, int, str]]:
    """(body, status, field) of every window the server refuses."""
    starts, ends = now + timedelta(hours=1), now + timedelta(hours=2)
    return [
        (_window("SW-NOPE", starts, ends), 404, "device_code"),
        (_window(HOST, ends, starts), 400, "ends_at"),
        (_window(HOST, starts, starts), 400, "ends_at"),
        (_window(HOST, starts, ends, recurrence="monthly"), 400, "recurrence"),
        (_window(HOST, starts, ends, reason="x" * (REASON_LIMIT + 1)), 400, "reason"),
        (_window(HOST, starts, ends, owner="me"), 400, "owner"),
        (_window(HOST, starts, starts + timedelta(hours=25), recurrence="daily"), 400, "ends_at"),
        (_window(HOST, starts, ends, collect="yes"), 400, "collect"),
        (_window(HOST, starts, ends, include_children=None), 400, "include_children"),
        ({"device_code": HOST, "ends_at": _iso(ends)}, 400, "starts_at"),
        (_window(HOST, starts, ends) | {"starts_at": "2026-12-02T10:00:00"}, 400, "starts_at"),
        (_window(HOST, starts, ends) | {"ends_at": "tomorrow"}, 400, "ends_at"),
        (_window(HOST, starts, ends) | {"starts_at": "0001-01-01T00:00:00+07:00"}, 400, "starts_at"),
        (_window(HOST, starts, ends) | {"ends_at": "9999-12-31T23:59:59Z"}, 400, "ends_at"),
        (_window(HOST, starts, ends) | {"device_code": 7}, 400, "device_code"),
        ([_window(HOST, starts, ends)], 400, "body"),
    ]


def test_every_refusal_names_its_field_and_writes_nothing(client, inventory, staff, written, conforms, document):
    staff("admin")
    before = written()
    body_schema = document["paths"][DOC_WINDOWS]["post"]["requestBody"]["content"]["application/json"]["schema"]
    schemas = document["components"]["schemas"]
    for body, status, field in _refusals(utc_now()):
        answer = client.post(MAINTENANCE, json=body)
        assert conforms(answer, DOC_WINDOWS, "post", status) and answer.get_json()["field"] == field, body
        if status == 400 and field in ("owner", "recurrence", "reason", "collect", "include_children",
                                       "device_code", "body"):
            assert problems(body, body_schema, schemas), body  # the published body refuses it too
    form = client.post(MAINTENANCE, data={"device_code": HOST})
    assert conforms(form, DOC_WINDOWS, "post", 415) and form.get_json()["field"] == "Content-Type"
    assert client.post(f"{MAINTENANCE}/1/end", json={"now": True}).get_json()["field"] == "body"
    for query, field in (("active=2", "active"), ("devices=x", "devices"), ("device=SW-NOPE", "device")):
        refused = client.get(f"{MAINTENANCE}?{query}")
        assert conforms(refused, DOC_WINDOWS, "get", 400) and refused.get_json()["field"] == field
    assert written() == before


def test_only_an_admin_writes_and_each_reader_sees_his_scope(client, inventory, staff, logout, databases, written):
    now = utc_now()
    with databases.transaction() as session:
        ids = {code: service.schedule_maintenance(session, ADMIN, code, now + timedelta(hours=1),
                                                  now + timedelta(hours=2), now=now).id
               for code in (CAMERA, CAMERA_DISHUB)}
    body = _window(HOST, now + timedelta(hours=1), now + timedelta(hours=2))
    before = written()
    assert client.get(MAINTENANCE).status_code == 401
    assert client.post(MAINTENANCE, json=body).status_code == 401
    staff("operator")
    assert client.get(MAINTENANCE).get_json()["total"] == 2
    for answer in (client.post(MAINTENANCE, json=body), client.post(f"{MAINTENANCE}/{ids[CAMERA]}/end", json={})):
        assert answer.status_code == 403 and answer.get_json()["field"] == "role"
    logout()
    staff("opd", opd_code="DISHUB")
    assert [w["id"] for w in client.get(MAINTENANCE).get_json()["windows"]] == [ids[CAMERA_DISHUB]]
    assert client.get(f"{MAINTENANCE}?device={CAMERA}").get_json()["field"] == "device"  # not his: no such device
    logout()
    staff("rt_rw", kelurahan_code="35.78.07.1001", rw=1)
    assert client.get(MAINTENANCE).status_code == 403
    after = written()
    assert after.pop("admin_audit") == before.pop("admin_audit") + 3  # the three users made here, nothing else
    assert after == before


def test_the_routes_are_published_with_their_limits(document):
    paths = document["paths"]
    assert {"200", "400", "401", "403"} <= set(paths[DOC_WINDOWS]["get"]["responses"])
    assert {"201", "400", "401", "403", "404", "413", "415"} <= set(paths[DOC_WINDOWS]["post"]["responses"])
    assert {"200", "400", "401", "403", "404", "415"} <= set(paths[DOC_END]["post"]["responses"])
    body = paths[DOC_WINDOWS]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert set(body["properties"]) == {"device_code", "starts_at", "ends_at", "recurrence", "collect",
                                       "include_children", "reason"} and body["additionalProperties"] is False
    assert body["properties"]["reason"]["maxLength"] == REASON_LIMIT
    assert body["properties"]["recurrence"]["enum"] == ["none", "daily", "weekly"]
    assert body["properties"]["starts_at"]["format"] == "date-time"
