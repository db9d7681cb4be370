"""Infrastructure change-log rows written straight into the change log (the payloads of the shared
design: entities infrastructure_device and infrastructure_event, SNAPSHOT_VERSION 1), for the read
side's tests: no module needed. An event is written as the service writes it: once when it opens
(ended_at null), once more when it ends.

The known fleet (`known_fleet`), in the city's time (WIB), over day D and D+1 up to the ETL's
"now" T = D+1 12:00 (SECONDS: seconds per device, day and state group, worked out by hand):
- SW-1 (switch, Ketabang, CTR-NET 99.5 %): UP, DOWN D 20:00-22:00 (its own), UP (open).
- CAM-1 (camera under SW-1, Ketabang, CTR-CAM 99 %): UP, DOWN 10:00-11:00 (own), UP, UNREACHABLE
  20:00-22:00 (SW-1 down), UP, MAINTENANCE D 23:00 - D+1 01:00 (across midnight), UP (open).
- CAM-2 (camera under SW-1, Embong Kaliasin, CTR-CAM): UP, UNREACHABLE 20:00-22:00, PENDING
  22:00-22:30, NO_VIDEO D 22:30 - D+1 02:00 (own), UP (open).
- CAM-3 (camera, Dukuh Setro, CTR-CAM): UP from D 12:00, DOWN from D+1 06:00 (open).
- SW-2 (switch, Dukuh Setro, no contract): UP from D+1 00:00, DOWN from D+1 09:00 (open).
- CAM-4 (camera under SW-2, Dukuh Setro, CTR-CAM): UP from D+1 00:00, UNREACHABLE from D+1 09:05
  (open, root cause SW-2).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from core.changelog import record_change
from core.clock import iso_utc

DEVICE, EVENT = "infrastructure_device", "infrastructure_event"
D = date(2026, 11, 9)
NEXT = D + timedelta(days=1)
KETABANG = dict(kecamatan_code="35.78.07", kelurahan_code="35.78.07.1004")
EMBONG = dict(kecamatan_code="35.78.07", kelurahan_code="35.78.07.1001")
DUKUH_SETRO = dict(kecamatan_code="35.78.10", kelurahan_code="35.78.10.1008")
CAMERAS = dict(contract_code="CTR-CAM", vendor="PT Kamera Kota", slo_percent=99.0)
NETWORK = dict(contract_code="CTR-NET", vendor="PT Jaringan Kota", slo_percent=99.5)
NO_CONTRACT = dict(contract_code=None, vendor=None, slo_percent=None)


def wib(day: date, hour: int, minute: int = 0) -> datetime:
    """The UTC moment of `day` `hour`:`minute` in the city's time (UTC+7)."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.utc) - timedelta(hours=7)


NOW = wib(NEXT, 12)  # the ETL's "now" of the known fleet


def device(code: str, kind: str = "camera", district=KETABANG, opd_code: str = "DISHUB", contract=CAMERAS,
           parents: tuple[str, ...] = (), **changes) -> dict:
    values = {"code": code, "kind": kind, "name": f"{kind} {code}", "probe": "rtsp" if kind == "camera" else "tcp",
              **district, "opd_code": opd_code, **contract, "lat": -7.26, "lon": 112.745, "parents": list(parents),
              "active": True, "updated_at": iso_utc(wib(D, 0))}
    values.update(changes)
    return values


def event(event_id: int, device_code: str, state: str, started: datetime, ended: datetime | None = None,
          kind: str = "camera", root_cause_code: str | None = None, suppressed_by: str | None = None,
          **changes) -> dict:
    own = state in ("DOWN", "NO_VIDEO")
    values = {"id": event_id, "device_code": device_code, "kind": kind, "state": state, "started_at": iso_utc(started),
              "ended_at": iso_utc(ended), "root_cause_code": root_cause_code or (device_code if own else None),
              "suppressed_by": suppressed_by, "source": "probe", "detail": ""}
    values.update(changes)
    return values


def timeline(first_id: int, device_code: str, kind: str, spans: list[tuple]) -> list[dict]:
    """Events of one device from (state, start, end or None[, root cause, suppressed by]) spans."""
    events = []
    for offset, (state, start, end, *cause) in enumerate(spans):
        root, hidden_by = (cause + [None, None])[:2]
        events.append(event(first_id + offset, device_code, state, start, end, kind, root, hidden_by))
    return events


def as_written(events: list[dict]) -> list[tuple[str, dict]]:
    """The change-log rows the service writes for `events`: each opened (ended_at null) at its
    start and written again at its end, in the order things happened."""
    happenings = []
    for each in events:
        happenings.append((each["started_at"], 1, each["id"], dict(each, ended_at=None)))
        if each["ended_at"]:
            happenings.append((each["ended_at"], 0, each["id"], each))  # the old one ends, then the new opens
    return [(EVENT, payload) for _at, _order, _id, payload in sorted(happenings, key=lambda h: h[:3])]


def known_devices() -> list[dict]:
    return [device("SW-1", "switch", KETABANG, "DISKOMINFO", NETWORK),
            device("CAM-1", parents=("SW-1",)), device("CAM-2", district=EMBONG, parents=("SW-1",)),
            device("CAM-3", district=DUKUH_SETRO),
            device("SW-2", "switch", DUKUH_SETRO, "DISKOMINFO", NO_CONTRACT),
            device("CAM-4", district=DUKUH_SETRO, parents=("SW-2",))]


def known_events() -> list[dict]:
    return [
        *timeline(100, "SW-1", "switch", [("UP", wib(D, 0), wib(D, 20)), ("DOWN", wib(D, 20), wib(D, 22)),
                                          ("UP", wib(D, 22), None)]),
        *timeline(200, "CAM-1", "camera", [
            ("UP", wib(D, 0), wib(D, 10)), ("DOWN", wib(D, 10), wib(D, 11)), ("UP", wib(D, 11), wib(D, 20)),
            ("UNREACHABLE", wib(D, 20), wib(D, 22), "SW-1", "SW-1"), ("UP", wib(D, 22), wib(D, 23)),
            ("MAINTENANCE", wib(D, 23), wib(NEXT, 1)), ("UP", wib(NEXT, 1), None)]),
        *timeline(300, "CAM-2", "camera", [
            ("UP", wib(D, 0), wib(D, 20)), ("UNREACHABLE", wib(D, 20), wib(D, 22), "SW-1", "SW-1"),
            ("PENDING", wib(D, 22), wib(D, 22, 30)), ("NO_VIDEO", wib(D, 22, 30), wib(NEXT, 2)),
            ("UP", wib(NEXT, 2), None)]),
        *timeline(400, "CAM-3", "camera", [("UP", wib(D, 12), wib(NEXT, 6)), ("DOWN", wib(NEXT, 6), None)]),
        *timeline(500, "SW-2", "switch", [("UP", wib(NEXT, 0), wib(NEXT, 9)), ("DOWN", wib(NEXT, 9), None)]),
        *timeline(600, "CAM-4", "camera", [("UP", wib(NEXT, 0), wib(NEXT, 9, 5)),
                                           ("UNREACHABLE", wib(NEXT, 9, 5), None, "SW-2", "SW-2")]),
    ]


def known_fleet() -> list[tuple[str, dict]]:
    """The devices, then their events as the service writes them."""
    return [(DEVICE, payload) for payload in known_devices()] + as_written(known_events())


# (device, day) -> (up, failed, excluded) seconds, worked out by hand from the timelines above, at NOW
SECONDS = {
    ("SW-1", D): (72_000 + 7_200, 7_200, 0), ("SW-1", NEXT): (43_200, 0, 0),
    ("CAM-1", D): (36_000 + 32_400 + 3_600, 3_600, 7_200 + 3_600), ("CAM-1", NEXT): (39_600, 0, 3_600),
    ("CAM-2", D): (72_000 + 1_800, 5_400, 7_200), ("CAM-2", NEXT): (36_000, 7_200, 0),
    ("CAM-3", D): (43_200, 0, 0), ("CAM-3", NEXT): (21_600, 21_600, 0),
    ("SW-2", NEXT): (32_400, 10_800, 0),
    ("CAM-4", NEXT): (32_700, 0, 10_500),
}

ENTITY_KEYS = {DEVICE: "code", EVENT: "id"}


def write(databases, rows: list[tuple[str, dict]]) -> None:
    """(entity, payload) rows into the change log, in order, one transaction."""
    with databases.transaction() as session:
        for entity, payload in rows:
            record_change(session, entity, payload.get(ENTITY_KEYS[entity]), "upsert", payload)
