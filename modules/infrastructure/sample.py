"""A small varied sample of the infrastructure domain, written through the real service (the
contract tests compare its change log with the tables): a core switch, two distribution switches,
an access switch with three cameras behind it, a camera on two uplinks, a fibre link, a VPN tunnel,
a wireless link, a data-centre host and a passive service. Then an hour of checks: a camera retried
into DOWN and back, a camera without video, the access switch down with its cameras UNREACHABLE
behind it, one of two uplinks down (its camera DOWN on its own), a maintenance window with
collection, alerts on the passive service, a device switched off, one gone silent (UNKNOWN)."""

from __future__ import annotations

from datetime import datetime, timedelta

from core.clock import utc_now
from core.db import Databases
from modules.infrastructure import service
from modules.infrastructure.access import system_actor
from modules.infrastructure.checks import COLUMNS
from modules.infrastructure.kinds import CheckResult

ACTOR = system_actor("sample")
GENTENG = (-7.2590, 112.7440)  # points inside the city
WONOKROMO = (-7.2950, 112.7400)
RUNGKUT = (-7.3270, 112.7860)

DEVICES = [  # code, kind, name, probe, host, port, path, parents, point, extra columns
    ("CORE-01", "switch", "Switch inti pusat data", "tcp", "127.64.0.1", "22", "", "", None,
     dict(opd_code="DISKOMINFO", contract_code="NET-2024-01")),
    ("SW-DIST-01", "switch", "Switch distribusi utara", "tcp", "127.64.0.2", "22", "", "CORE-01", None,
     dict(contract_code="NET-2024-01")),
    ("SW-DIST-02", "switch", "Switch distribusi selatan", "tcp", "127.64.0.3", "22", "", "CORE-01", None, {}),
    ("SW-ACC-0001", "switch", "Switch akses Genteng", "tcp", "127.64.0.4", "22", "", "SW-DIST-01", GENTENG, {}),
    ("CAM-0001", "camera", "Kamera Balai Kota", "rtsp", "127.64.1.1", "", "/stream1", "SW-ACC-0001", GENTENG,
     dict(opd_code="DISHUB", contract_code="CCTV-2025-01", watches="Persimpangan Jl. Walikota Mustajab")),
    ("CAM-0002", "camera", "Kamera Taman Apsari", "rtsp", "127.64.1.2", "554", "/stream1", "SW-ACC-0001", GENTENG,
     dict(opd_code="DISHUB", contract_code="CCTV-2025-01", watches="Taman Apsari")),
    ("CAM-0003", "camera", "Kamera Jl. Tunjungan", "rtsp", "127.64.1.3", "", "/live", "SW-ACC-0001", GENTENG,
     dict(opd_code="DISHUB", contract_code="CCTV-2025-02")),
    ("CAM-0004", "camera", "Kamera Bundaran Wonokromo", "rtsp", "127.64.1.4", "", "/stream1",
     "SW-DIST-01;SW-DIST-02", WONOKROMO, dict(opd_code="DISHUB", contract_code="CCTV-2025-02")),
    ("FO-0001", "fibre", "Serat optik pusat - Rungkut", "tcp", "127.64.2.1", "7", "", "CORE-01", RUNGKUT,
     dict(end_a="Pusat data Balai Kota", end_b="Kantor Kecamatan Rungkut")),
    ("VPN-0001", "vpn", "VPN Kelurahan Ketabang", "icmp", "127.64.3.1", "", "", "CORE-01", None,
     dict(site="Kantor Kelurahan Ketabang")),
    ("WL-0001", "wireless", "Link radio Rungkut", "tcp", "127.64.4.1", "8291", "", "FO-0001", RUNGKUT,
     dict(end_a="Kantor Kecamatan Rungkut", end_b="Menara BTS Rungkut")),
    ("HOST-0001", "host", "Server aplikasi e-Gov", "http", "127.64.5.1", "8080", "/health", "CORE-01", None,
     dict(opd_code="DISKOMINFO", contract_code="DC-2024-01")),
    ("SVC-0001", "service", "Layanan Surabaya Single Window", "passive", "", "", "", "HOST-0001", None,
     dict(opd_code="DISKOMINFO", contract_code="DC-2024-01")),
]


def sample_csv(retries: int = 3, interval: int = 60) -> str:
    """The sample inventory as the CSV an import reads."""
    lines = [",".join(COLUMNS)]
    for code, kind, name, probe, host, port, path, parents, point, extra in DEVICES:
        values = dict(code=code, kind=kind, name=name, probe=probe, host=host, port=port, path=path,
                      interval_seconds=str(interval), timeout_seconds="5", retries=str(retries), parents=parents,
                      lat=str(point[0]) if point else "", lon=str(point[1]) if point else "", **extra)
        lines.append(",".join(_cell(values.get(column, "")) for column in COLUMNS))
    return "\n".join(lines) + "\n"


def _cell(value: str) -> str:
    return f'"{value}"' if any(c in value for c in ',"\n') else value


def write_sample(databases: Databases, settings, start: datetime | None = None) -> None:
    start = (start or utc_now() - timedelta(hours=3)).replace(second=0, microsecond=0)

    def at(minutes: float) -> datetime:
        return start + timedelta(minutes=minutes)

    def checks(minute: float, failing: dict[str, str] | None = None, no_video: tuple[str, ...] = ()) -> None:
        failing = failing or {}
        results = [CheckResult(code=code, at=at(minute), ok=code not in failing,
                               latency_ms=None if code in failing else 4.0 + len(code),
                               video=(code not in no_video) if kind == "camera" and code not in failing else None,
                               detail=failing.get(code, ""))
                   for code, kind, *_rest in DEVICES if code != "SVC-0001" and code not in silent]
        with databases.transaction() as session:
            service.record_results(session, results, at(minute), settings)

    silent: set[str] = set()
    with databases.transaction() as session:
        service.import_csv(session, ACTOR, sample_csv(), settings, now=at(-10))
    checks(0)
    for minute in (1, 2, 3):  # CAM-0001 retried: PENDING, PENDING, DOWN
        checks(minute, {"CAM-0001": "timeout"}, no_video=("CAM-0002",))
    checks(4, no_video=("CAM-0002",))
    access_down = {code: "connection refused" for code in ("SW-ACC-0001", "CAM-0001", "CAM-0002", "CAM-0003")}
    for minute in (5, 6, 7):  # the access switch and its cameras: one fault
        checks(minute, access_down)
    checks(8)
    uplink_down = {"SW-DIST-01": "timeout", "SW-ACC-0001": "timeout", "CAM-0001": "timeout", "CAM-0002": "timeout",
                   "CAM-0003": "timeout", "CAM-0004": "timeout"}
    for minute in (9, 10, 11):  # one of CAM-0004's two uplinks down: it is DOWN, the others UNREACHABLE
        checks(minute, uplink_down)
    with databases.transaction() as session:
        service.schedule_maintenance(session, ACTOR, "WL-0001", at(12), at(14), collect=True,
                                     reason="penggantian radio", now=at(12))
        service.apply_external_state(session, "SVC-0001", "DOWN", at(12), "alertmanager", "HTTP 500 rate high")
    checks(13)
    with databases.transaction() as session:
        service.sweep(session, at(14), settings)
        service.apply_external_state(session, "SVC-0001", "UP", at(14), "alertmanager", "resolved")
        service.update_device(session, ACTOR, "HOST-0001", settings, now=at(15), name="Server aplikasi e-Gov 1")
        service.set_active(session, ACTOR, "VPN-0001", False, now=at(15))
    silent.update({"FO-0001", "VPN-0001"})
    checks(15)
    checks(16)
    with databases.transaction() as session:
        service.sweep(session, at(18.5), settings)  # FO-0001 silent since minute 13: UNKNOWN
