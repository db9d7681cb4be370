"""Alerts from the monitoring a city already runs, turned into device states.

Two senders, each with its own keyed endpoint (http/api.py, keys.py):

Prometheus Alertmanager's webhook receiver, payload `version: "4"` (Alertmanager 0.25 as Debian
ships it):

    {"version": "4", "groupKey": "...", "truncatedAlerts": 0, "status": "firing|resolved",
     "receiver": "pantau", "groupLabels": {}, "commonLabels": {}, "commonAnnotations": {},
     "externalURL": "http://alertmanager:9093",
     "alerts": [{"status": "firing|resolved", "labels": {"alertname": "...", "device": "SW-ACC-0012"},
                 "annotations": {"summary": "..."}, "startsAt": RFC 3339, "endsAt": RFC 3339,
                 "generatorURL": "...", "fingerprint": "16 hex digits"}]}

Alertmanager's receiver (the key from `manage.py infra-key issue alertmanager LABEL`, in a file):

    receivers:
      - name: pantau
        webhook_configs:
          - url: https://pantau.example/api/infrastructure/alerts/alertmanager
            send_resolved: true
            max_alerts: 1000
            http_config:
              authorization: {type: Bearer, credentials_file: /etc/prometheus/pantau.key}

Zabbix, through a webhook media type whose script (below) posts one event per request:

    {"event_id": "4711", "host": "SW-ACC-0012", "host_name": "Switch akses Genteng 12",
     "trigger": "Unavailable by ICMP ping", "status": "PROBLEM|RESOLVED", "severity": "High",
     "started_at": "2026-12-02T10:00:00+07:00", "resolved_at": null, "tags": {"device": "..."}}

    event_id     {EVENT.ID}, digits                 status     {EVENT.STATUS}: PROBLEM or RESOLVED
    host         {HOST.HOST} (technical name)       severity   {EVENT.SEVERITY}: one of ZABBIX_SEVERITIES
    host_name    {HOST.NAME}, optional              started_at {EVENT.DATE} {EVENT.TIME} as RFC 3339
    trigger      {EVENT.NAME}                       resolved_at {EVENT.RECOVERY.DATE} {EVENT.RECOVERY.TIME},
    tags         optional {name: value}                        required with RESOLVED, else null/absent

    The media type's script (parameters: url, api_key, utc_offset such as +07:00, and the macros above):

        var p = JSON.parse(value);
        function iso(date, time) { return date.replace(/\\./g, '-') + 'T' + time + p.utc_offset; }
        var body = {event_id: p.event_id, host: p.host, host_name: p.host_name, trigger: p.trigger,
                    status: p.status, severity: p.severity, started_at: iso(p.event_date, p.event_time),
                    resolved_at: p.status === 'RESOLVED' ? iso(p.recovery_date, p.recovery_time) : null};
        var request = new HttpRequest();
        request.addHeader('Content-Type: application/json');
        request.addHeader('Authorization: Bearer ' + p.api_key);
        var answer = request.post(p.url, JSON.stringify(body));
        if (request.getStatus() !== 200) { throw 'Pantau ' + request.getStatus() + ': ' + answer; }
        return 'OK';

Which alerts reach Pantau is the sender's choice (an Alertmanager route's matchers, a Zabbix
action's conditions): every alert that arrives says its device is down while it fires. Each alert
is mapped to a device by its labels (`match_device`): the `device` label (a device code), else the
`instance` label (`host[:port]` or a blackbox target URL) matched to a device's host and port,
else Zabbix's `host` as a device code or name. Every alert is kept in `infra_alerts`, an unmatched
one with no device, for review (GET /api/infrastructure/alerts?unmatched=1): never dropped. A
matched alert that fires makes its device DOWN, a resolved one UP (unless another alert on the same
device still fires), through the service's `apply_external_state`, the same event and change-log
path the prober's results take. An alert is one row per (source, fingerprint, start): a repeated
notification updates it, and a late retry of a firing notification after its resolution changes
nothing. The verdict takes effect at the alert's own time, but never before the device's current
state began nor after now.

A payload is checked whole before anything is written: a malformed one is refused with the field
(`alerts[2].startsAt`) and the reason, and nothing of it is stored.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from modules.infrastructure import service
from modules.infrastructure.keys import ALERTMANAGER, INTEGRATIONS, ZABBIX
from modules.infrastructure.kinds import DOWN, UP
from modules.infrastructure.models import InfraAlert, InfraDevice, InfraDeviceState
from modules.infrastructure.recording import begin_write

FIRING, RESOLVED = "firing", "resolved"
ALERT_STATUSES = (FIRING, RESOLVED)
ALERT_SOURCES = INTEGRATIONS  # each sender has its own key (keys.py) and is an event's `source`

# Alertmanager's webhook payload, version 4: every field it sends, and nothing else.
ALERTMANAGER_FIELDS = ("version", "groupKey", "truncatedAlerts", "status", "receiver", "groupLabels", "commonLabels",
                       "commonAnnotations", "externalURL", "alerts")
ALERTMANAGER_REQUIRED = ("version", "status", "receiver", "alerts")
ALERT_FIELDS = ("status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint")
ALERT_REQUIRED = ("status", "labels", "startsAt", "fingerprint")
ZABBIX_FIELDS = ("event_id", "host", "host_name", "trigger", "status", "severity", "started_at", "resolved_at", "tags")
ZABBIX_REQUIRED = ("event_id", "host", "trigger", "status", "severity", "started_at")
ZABBIX_STATUSES = {"PROBLEM": FIRING, "RESOLVED": RESOLVED}
ZABBIX_SEVERITIES = ("Not classified", "Information", "Warning", "Average", "High", "Disaster")

MAX_ALERTS = 1000               # per Alertmanager payload (its receiver's `max_alerts` keeps it below)
MAX_LABELS = 64                 # per alert
MAX_LABEL_NAME = 128
MAX_LABEL_VALUE = 1024
MAX_TEXT = 1024                 # receiver, groupKey, URLs, trigger names
MAX_HOST = 255
LABEL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # Prometheus' label names
FINGERPRINT = re.compile(r"[0-9a-f]{16}")           # Alertmanager: a 64-bit hash in hex
EVENT_ID = re.compile(r"[0-9]{1,20}")
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})", re.IGNORECASE)
GO_ZERO_TIME = datetime(1, 1, 1, tzinfo=timezone.utc)  # Alertmanager's "no end yet"
OLDEST = datetime(2000, 1, 1, tzinfo=timezone.utc)
MAX_CLOCK_SKEW = timedelta(minutes=5)  # a sender's clock a little ahead of ours


class AlertPayloadError(ValueError):
    """A payload refused whole: the field (a JSON path such as `alerts[2].startsAt`) and why."""

    def __init__(self, field_name: str, reason: str):
        super().__init__(f"{field_name}: {reason}")
        self.field, self.reason = field_name, reason


@dataclass(frozen=True)
class ReceivedAlert:
    """One alert as either sender gives it, checked."""

    source: str                 # ALERT_SOURCES
    fingerprint: str            # Alertmanager's fingerprint, Zabbix's event id
    status: str                 # ALERT_STATUSES
    labels: dict[str, str]
    starts_at: datetime
    ends_at: datetime | None    # resolved alerts only
    detail: str                 # what the event says: alert name and summary, or the trigger's name


@dataclass(frozen=True)
class IngestOutcome:
    """What became of one alert: its stored row, its device (None: kept for review) and the state applied."""

    alert_id: int
    fingerprint: str
    status: str
    device_code: str | None
    state: str | None           # DOWN / UP as applied, None when nothing was applied
    reason: str = ""            # why no device, or why no state


# === parsing ======================================================================================

def decode(body: bytes) -> object:
    try:
        return json.loads(body)
    except RecursionError:
        raise AlertPayloadError("body", "JSON nested too deeply") from None
    except ValueError:
        raise AlertPayloadError("body", "not valid UTF-8 JSON") from None


def parse_alertmanager(body: bytes, now: datetime) -> list[ReceivedAlert]:
    """Alertmanager's webhook payload (version 4) -> its alerts; AlertPayloadError on the first problem."""
    data = _object(decode(body), "body", ALERTMANAGER_FIELDS, ALERTMANAGER_REQUIRED)
    if data["version"] != "4":
        raise AlertPayloadError("version", f"must be \"4\" (Alertmanager's webhook payload), got {data['version']!r}")
    _choice(data, "status", ALERT_STATUSES, "status")
    _text(data, "receiver", "receiver", MAX_TEXT)
    for name in ("groupKey", "externalURL"):
        _text(data, name, name, MAX_TEXT, required=False)
    truncated = data.get("truncatedAlerts", 0)
    if isinstance(truncated, bool) or not isinstance(truncated, int) or truncated < 0:
        raise AlertPayloadError("truncatedAlerts", "must be a whole number, 0 or more")
    for name in ("groupLabels", "commonLabels", "commonAnnotations"):
        _labels(data.get(name, {}), name)
    alerts = data["alerts"]
    if not isinstance(alerts, list) or not alerts:
        raise AlertPayloadError("alerts", "must be a non-empty list")
    if len(alerts) > MAX_ALERTS:
        raise AlertPayloadError("alerts", f"at most {MAX_ALERTS} alerts per payload (the receiver's max_alerts)")
    return [_alertmanager_alert(item, f"alerts[{index}]", now) for index, item in enumerate(alerts)]


def _alertmanager_alert(item: object, path: str, now: datetime) -> ReceivedAlert:
    alert = _object(item, path, ALERT_FIELDS, ALERT_REQUIRED)
    status = _choice(alert, "status", ALERT_STATUSES, f"{path}.status")
    labels = _labels(alert["labels"], f"{path}.labels")
    annotations = _labels(alert.get("annotations", {}), f"{path}.annotations")
    fingerprint = alert["fingerprint"]
    if not isinstance(fingerprint, str) or not FINGERPRINT.fullmatch(fingerprint):
        raise AlertPayloadError(f"{path}.fingerprint", "must be 16 lower-case hex digits, as Alertmanager writes it")
    _text(alert, "generatorURL", f"{path}.generatorURL", MAX_TEXT, required=False)
    starts_at = _time(alert["startsAt"], f"{path}.startsAt", now)
    ends_at = _time(alert.get("endsAt"), f"{path}.endsAt", now, zero_is_none=True, in_future=True)
    if status == RESOLVED:
        ends_at = _resolution(ends_at, starts_at, f"{path}.endsAt", now)
    else:
        ends_at = None  # a firing alert's endsAt is only when Alertmanager would time it out
    name = labels.get("alertname", "")
    summary = annotations.get("summary") or annotations.get("description") or ""
    detail = ": ".join(part for part in (name, summary) if part)
    return ReceivedAlert(ALERTMANAGER, fingerprint, status, labels, starts_at, ends_at, detail[:MAX_TEXT])


def parse_zabbix(body: bytes, now: datetime) -> list[ReceivedAlert]:
    """One Zabbix event (the media type's body, see the module's docstring) -> one alert."""
    data = _object(decode(body), "body", ZABBIX_FIELDS, ZABBIX_REQUIRED)
    event_id = data["event_id"]
    if not isinstance(event_id, str) or not EVENT_ID.fullmatch(event_id):
        raise AlertPayloadError("event_id", "must be Zabbix's event id as text: 1 to 20 digits")
    host = _text(data, "host", "host", MAX_HOST)
    host_name = _text(data, "host_name", "host_name", MAX_HOST, required=False)
    trigger = _text(data, "trigger", "trigger", MAX_TEXT)
    status = ZABBIX_STATUSES[_choice(data, "status", tuple(ZABBIX_STATUSES), "status")]
    severity = _choice(data, "severity", ZABBIX_SEVERITIES, "severity")
    tags = _labels(data.get("tags", {}), "tags")
    starts_at = _time(data["started_at"], "started_at", now)
    resolved_at = _time(data.get("resolved_at"), "resolved_at", now)
    if status == RESOLVED:
        resolved_at = _resolution(resolved_at, starts_at, "resolved_at", now)
    elif resolved_at is not None:
        raise AlertPayloadError("resolved_at", "must be null while the status is PROBLEM")
    labels = {**tags, "host": host, "trigger": trigger, "severity": severity, "event_id": event_id}
    if host_name:
        labels["host_name"] = host_name
    return [ReceivedAlert(ZABBIX, event_id, status, labels, starts_at, resolved_at, trigger)]


def _object(value: object, path: str, allowed: tuple[str, ...], required: tuple[str, ...]) -> dict:
    if not isinstance(value, dict):
        raise AlertPayloadError(path, "must be a JSON object")
    unknown = sorted(set(value) - set(allowed))
    where = "" if path == "body" else f"{path}."
    if unknown:
        raise AlertPayloadError(f"{where}{unknown[0]}", f"not a field of this payload (fields: {', '.join(allowed)})")
    missing = [name for name in required if value.get(name) is None]
    if missing:
        raise AlertPayloadError(f"{where}{missing[0]}", "required")
    return value


def _text(data: dict, name: str, path: str, limit: int, *, required: bool = True) -> str | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise AlertPayloadError(path, "must be a string")
    if len(value) > limit or (required and not value.strip()):
        raise AlertPayloadError(path, f"1 to {limit} characters")
    return value


def _choice(data: dict, name: str, choices: tuple[str, ...], path: str) -> str:
    value = data.get(name)
    if value not in choices:
        raise AlertPayloadError(path, f"{value!r} is not one of {', '.join(choices)}")
    return value


def _labels(value: object, path: str) -> dict[str, str]:
    """Prometheus' labels (and annotations): names as Prometheus allows, string values."""
    if not isinstance(value, dict):
        raise AlertPayloadError(path, "must be an object of name: string value")
    if len(value) > MAX_LABELS:
        raise AlertPayloadError(path, f"at most {MAX_LABELS} entries")
    for name, item in value.items():
        if len(name) > MAX_LABEL_NAME or not LABEL_NAME.fullmatch(name):
            raise AlertPayloadError(f"{path}.{name[:MAX_LABEL_NAME]}", "not a label name ([A-Za-z_][A-Za-z0-9_]*, "
                                                                       f"at most {MAX_LABEL_NAME} characters)")
        if not isinstance(item, str) or len(item) > MAX_LABEL_VALUE:
            raise AlertPayloadError(f"{path}.{name}", f"must be a string of at most {MAX_LABEL_VALUE} characters")
    return dict(value)


def _time(value: object, path: str, now: datetime, *, zero_is_none: bool = False,
          in_future: bool = False) -> datetime | None:
    """An RFC 3339 time (nanoseconds allowed, kept to the microsecond), not before 2000 and, unless
    `in_future`, not ahead of our clock by more than MAX_CLOCK_SKEW; None for null (or Go's zero time)."""
    if value is None:
        return None
    if not isinstance(value, str) or not RFC3339.fullmatch(value):
        raise AlertPayloadError(path, "must be an RFC 3339 time with its offset, e.g. 2026-12-02T10:00:00+07:00")
    moment = datetime.fromisoformat(_micro(value)).astimezone(timezone.utc)
    if zero_is_none and moment == GO_ZERO_TIME:
        return None
    if moment < OLDEST:
        raise AlertPayloadError(path, f"before {OLDEST:%Y}")
    if not in_future and moment > now + MAX_CLOCK_SKEW:
        raise AlertPayloadError(path, f"more than {MAX_CLOCK_SKEW.seconds // 60} minutes ahead of the server's clock")
    return moment


def _micro(value: str) -> str:
    """Go writes nanoseconds; Python reads at most microseconds."""
    return re.sub(r"\.(\d{6})\d+", r".\1", value.upper().replace("Z", "+00:00"))


def _resolution(ends_at: datetime | None, starts_at: datetime, path: str, now: datetime) -> datetime:
    if ends_at is None:
        raise AlertPayloadError(path, "required once the alert is resolved")
    if ends_at < starts_at:
        raise AlertPayloadError(path, "before the alert started")
    if ends_at > now + MAX_CLOCK_SKEW:
        raise AlertPayloadError(path, f"more than {MAX_CLOCK_SKEW.seconds // 60} minutes ahead of the server's clock")
    return ends_at


# === mapping to devices ===========================================================================

def match_device(session: Session, alert: ReceivedAlert) -> tuple[str | None, str]:
    """(device code, "") or (None, why not): the `device` label, else `instance` (host[:port] or a
    URL) against the devices' host and port, else Zabbix's `host` as a device code or name."""
    labels = alert.labels
    if labels.get("device"):
        code = _device_by_code(session, labels["device"])
        return (code, "") if code else (None, f"no device {labels['device']!r} (label device)")
    if labels.get("instance"):
        return _device_by_instance(session, labels["instance"])
    if alert.source == ZABBIX:
        host = labels["host"]
        code = _device_by_code(session, host) or _device_by_name(session, host)
        return (code, "") if code else (None, f"no device with the code or name {host!r} (Zabbix host)")
    return None, "no device or instance label"


def _device_by_code(session: Session, code: str) -> str | None:
    """The code as written, else the one device whose code differs in case only."""
    return device_code_like(session, code)


def _device_by_name(session: Session, name: str) -> str | None:
    found = session.scalars(select(InfraDevice.code).where(func.lower(InfraDevice.name) == name.strip().lower())
                            .limit(2)).all()
    return found[0] if len(found) == 1 else None


def _device_by_instance(session: Session, instance: str) -> tuple[str | None, str]:
    host, port = split_instance(instance)
    if not host:
        return None, f"instance {instance!r} names no host"
    if port is not None:
        exact = session.scalars(select(InfraDevice.code).where(func.lower(InfraDevice.host) == host,
                                                               InfraDevice.port == port)
                                .limit(2)).all()
        if len(exact) == 1:
            return exact[0], ""
        if len(exact) > 1:
            return None, f"instance {instance!r}: several devices at {host}:{port}"
    # an exporter's port (node_exporter's 9100) is rarely the device's own: its host alone, if unique
    on_host = session.scalars(select(InfraDevice.code).where(func.lower(InfraDevice.host) == host).limit(2)).all()
    if len(on_host) == 1:
        return on_host[0], ""
    return None, (f"instance {instance!r}: several devices at {host}" if on_host
                  else f"instance {instance!r}: no device at {host}")


def device_code_like(session: Session, code: str) -> str | None:
    """A device's code as a person or a sender writes it: exact, else unique up to case."""
    code = code.strip()
    if session.get(InfraDevice, code) is not None:
        return code
    found = session.scalars(select(InfraDevice.code).where(func.upper(InfraDevice.code) == code.upper())
                            .limit(2)).all()
    return found[0] if len(found) == 1 else None


def split_instance(instance: str) -> tuple[str, int | None]:
    """`host`, `host:port`, `[v6]:port` or a URL (a blackbox target) -> (host, port or None)."""
    text = instance.strip()
    if "://" not in text:
        text = f"//{text}"
    try:
        parts = urlsplit(text)
        return (parts.hostname or "").lower(), parts.port
    except ValueError:  # a port out of range or not a number
        return "", None


# === storing and applying =========================================================================

def ingest(session: Session, alerts: list[ReceivedAlert], now: datetime) -> list[IngestOutcome]:
    """Keeps every alert and applies the matched ones, in the caller's transaction (all or nothing).
    The domain's writer lock comes first: two senders repeating the same alert at once then find
    each other's row instead of both adding one, and the lock order stays the one every writer keeps."""
    begin_write(session)
    return [_ingest_one(session, alert, now) for alert in alerts]


def _ingest_one(session: Session, alert: ReceivedAlert, now: datetime) -> IngestOutcome:
    device_code, reason = match_device(session, alert)
    row = _existing(session, alert)
    if row is not None and row.status == RESOLVED and alert.status == FIRING:
        # a late retry of a notification whose resolution came first: the alert is over
        return IngestOutcome(row.id, alert.fingerprint, alert.status, row.device_code, None, "resolved already")
    row = _stored(session, row, alert, device_code, now)
    if device_code is None:
        return IngestOutcome(row.id, alert.fingerprint, alert.status, None, None, reason)
    if alert.status == FIRING:
        state = DOWN
        at = alert.starts_at
    elif _others_firing(session, row):
        return IngestOutcome(row.id, alert.fingerprint, alert.status, device_code, None,
                             "another alert on the device still fires")
    else:
        state = UP
        at = alert.ends_at
    service.apply_external_state(session, device_code, state, _effective_time(session, device_code, at, now),
                                 alert.source, alert.detail)
    return IngestOutcome(row.id, alert.fingerprint, alert.status, device_code, state)


def _effective_time(session: Session, device_code: str, at: datetime, now: datetime) -> datetime:
    """When the alert's verdict takes effect: its own time, but never before the device's current
    state began (a late or long-firing alert must not rewrite history the probes wrote) nor after now."""
    since = session.scalar(select(InfraDeviceState.since).where(InfraDeviceState.device_code == device_code))
    return min(max(at, since) if since else at, now)


def _existing(session: Session, alert: ReceivedAlert) -> InfraAlert | None:
    """The alert's row: one per (source, fingerprint, start); a repeat or its resolution updates it."""
    return session.scalars(select(InfraAlert).where(InfraAlert.source == alert.source,
                                                    InfraAlert.fingerprint == alert.fingerprint,
                                                    InfraAlert.starts_at == alert.starts_at)).first()


def _stored(session: Session, row: InfraAlert | None, alert: ReceivedAlert, device_code: str | None,
            now: datetime) -> InfraAlert:
    if row is None:
        row = InfraAlert(source=alert.source, fingerprint=alert.fingerprint, starts_at=alert.starts_at)
        session.add(row)
    row.status, row.device_code, row.labels = alert.status, device_code, alert.labels
    row.ends_at, row.received_at = alert.ends_at, now
    session.flush()
    return row


def _others_firing(session: Session, row: InfraAlert) -> bool:
    return session.scalar(select(func.count()).select_from(InfraAlert).where(
        InfraAlert.device_code == row.device_code, InfraAlert.status == FIRING, InfraAlert.id != row.id)) > 0


# === review =======================================================================================

def mark_reviewed(session: Session, alert_id: int, now: datetime) -> InfraAlert | None:
    """An unmatched alert looked at (the device added to the inventory, or the sender's labels
    fixed): it leaves the review list; the row stays. None when there is no such alert."""
    row = session.get(InfraAlert, alert_id, with_for_update=True)
    if row is not None and row.reviewed_at is None:
        row.reviewed_at = now
    return row
