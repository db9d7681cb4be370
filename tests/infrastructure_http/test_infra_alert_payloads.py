"""Parsing the senders' payloads (modules/infrastructure/alerts.py), without a database: what is
read from a good one, and that each malformed part is refused naming its field."""

from datetime import datetime, timedelta, timezone

import pytest
from infra_http_helpers import am_alert, am_payload, body, zabbix_event

from modules.infrastructure.alerts import (AlertPayloadError, parse_alertmanager, parse_zabbix, split_instance)

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=timezone.utc)
EARLIER = NOW - timedelta(minutes=7)


def test_an_alertmanager_payload_is_read_alert_by_alert():
    payload = am_payload(am_alert({"device": "SW-ACC-0001"}, starts_at=EARLIER),
                         am_alert({"instance": "10.20.1.11:554"}, status="resolved", starts_at=EARLIER,
                                  ends_at=NOW - timedelta(minutes=1), fingerprint="00000000000000ff"))
    firing, resolved = parse_alertmanager(body(payload), NOW)
    assert (firing.source, firing.status, firing.fingerprint) == ("alertmanager", "firing", "a1b2c3d4e5f60718")
    assert firing.starts_at == EARLIER and firing.ends_at is None  # Go's zero time: no end
    assert firing.labels["device"] == "SW-ACC-0001" and firing.detail == "ProbeFailed: blackbox probe failed"
    assert resolved.status == "resolved" and resolved.ends_at == NOW - timedelta(minutes=1)


def test_a_zabbix_event_is_read_with_its_city_time():
    problem, = parse_zabbix(body(zabbix_event("SW-ACC-0001", started_at=EARLIER, tags={"site": "genteng"})), NOW)
    assert (problem.source, problem.status, problem.fingerprint) == ("zabbix", "firing", "4711")
    assert problem.starts_at == EARLIER and problem.labels["host"] == "SW-ACC-0001"
    assert problem.labels["site"] == "genteng" and problem.detail == "Unavailable by ICMP ping"
    resolved, = parse_zabbix(body(zabbix_event("SW-ACC-0001", status="RESOLVED", started_at=EARLIER,
                                               resolved_at=NOW)), NOW)
    assert resolved.status == "resolved" and resolved.ends_at == NOW


def _alertmanager_with(**changes) -> dict:
    alert = am_alert({"device": "SW-ACC-0001"}, starts_at=EARLIER)
    payload = am_payload(alert)
    for path, value in changes.items():
        target = alert if path.startswith("alert_") else payload
        target[path.removeprefix("alert_")] = value
    return payload


@pytest.mark.parametrize("changes, field", [
    ({"version": "3"}, "version"),
    ({"receivers": "pantau"}, "receivers"),                          # an unknown field, not ignored
    ({"status": "pending"}, "status"),
    ({"alerts": []}, "alerts"),
    ({"alerts": "none"}, "alerts"),
    ({"truncatedAlerts": -1}, "truncatedAlerts"),
    ({"commonLabels": {"bad-name": "x"}}, "commonLabels.bad-name"),
    ({"alert_fingerprint": "XYZ"}, "alerts[0].fingerprint"),
    ({"alert_startsAt": "2026-12-02 10:00"}, "alerts[0].startsAt"),
    ({"alert_startsAt": "2099-01-01T00:00:00Z"}, "alerts[0].startsAt"),  # far ahead of our clock
    ({"alert_status": "resolved"}, "alerts[0].endsAt"),               # resolved without an end
    ({"alert_labels": {"device": 12}}, "alerts[0].labels.device"),
    ({"alert_severity": "page"}, "alerts[0].severity"),
])
def test_a_malformed_alertmanager_payload_names_its_field(changes, field):
    with pytest.raises(AlertPayloadError) as refused:
        parse_alertmanager(body(_alertmanager_with(**changes)), NOW)
    assert refused.value.field == field, refused.value


def test_a_missing_field_and_a_bad_body_are_named():
    payload = am_payload(am_alert({"device": "X"}, starts_at=EARLIER))
    del payload["alerts"][0]["labels"]
    with pytest.raises(AlertPayloadError, match="alerts\\[0\\].labels: required"):
        parse_alertmanager(body(payload), NOW)
    for raw in (b"{", b"\xff\xfe", b"[1, 2]", b"[" * 100_000):
        with pytest.raises(AlertPayloadError) as refused:
            parse_alertmanager(raw, NOW)
        assert refused.value.field == "body"


@pytest.mark.parametrize("changes, field", [
    ({"event_id": 4711}, "event_id"),
    ({"status": "OK"}, "status"),
    ({"severity": "Critical"}, "severity"),
    ({"started_at": "02.12.2026 10:00"}, "started_at"),
    ({"status": "RESOLVED"}, "resolved_at"),
    ({"resolved_at": "2026-12-02T16:59:00+07:00"}, "resolved_at"),  # an end while the problem lasts
    ({"host": ""}, "host"),
    ({"hostname": "x"}, "hostname"),
])
def test_a_malformed_zabbix_event_names_its_field(changes, field):
    with pytest.raises(AlertPayloadError) as refused:
        parse_zabbix(body(zabbix_event("SW-ACC-0001", started_at=EARLIER) | changes), NOW)
    assert refused.value.field == field, refused.value


def test_a_resolution_before_its_start_is_refused():
    event = zabbix_event("SW-ACC-0001", status="RESOLVED", started_at=EARLIER, resolved_at=EARLIER - timedelta(1))
    with pytest.raises(AlertPayloadError, match="resolved_at: before the alert started"):
        parse_zabbix(body(event), NOW)


@pytest.mark.parametrize("instance, expected", [
    ("10.20.1.11:554", ("10.20.1.11", 554)), ("10.20.1.11", ("10.20.1.11", None)),
    ("Cam-1.Kota.Local:9100", ("cam-1.kota.local", 9100)), ("[fd00::1]:9100", ("fd00::1", 9100)),
    ("http://10.30.0.5:8080/health", ("10.30.0.5", 8080)), ("https://simpus.surabaya.go.id", ("simpus.surabaya.go.id", None)),
    ("10.0.0.1:99999", ("", None)),
])
def test_an_instance_label_gives_a_host_and_a_port(instance, expected):
    assert split_instance(instance) == expected
