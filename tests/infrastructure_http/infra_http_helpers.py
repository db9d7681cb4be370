"""Names the infrastructure API tests share (imported by name: `conftest` is ambiguous across test
folders): a small inventory as CSV, and payload builders for Alertmanager and Zabbix."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from core.users import Viewer

ADMIN = Viewer(user_id="9", username="admin1", role="admin")
HEADER = ("code,kind,name,probe,host,port,path,interval_seconds,timeout_seconds,retries,parents,lat,lon,"
          "kelurahan_code,opd_code,contract_code,watches,site,end_a,end_b")
# A core switch, an access switch under it, two cameras of two OPDs under that, a camera with two
# uplinks, a data-centre host and a service with no probe of its own (its states come from alerts).
CORE, ACCESS, ACCESS_B = "SW-CORE-01", "SW-ACC-0001", "SW-ACC-0002"
CAMERA, CAMERA_DISHUB, CAMERA_TWO_UPLINKS = "CAM-0001", "CAM-0002", "CAM-0003"
HOST, SERVICE = "HOST-DC-01", "SVC-SIMPUS"
ROWS = (
    f"{CORE},switch,Switch inti Balai Kota,tcp,10.20.0.254,22,,60,5,3,,,,,DISKOMINFO,NET-2024-01,,,,",
    f"{ACCESS},switch,Switch akses Genteng,tcp,10.20.0.1,22,,60,5,3,{CORE},,,,DISKOMINFO,NET-2024-01,,,,",
    f"{ACCESS_B},switch,Switch akses Tegalsari,tcp,10.20.0.2,22,,60,5,3,{CORE},,,,DISKOMINFO,NET-2024-01,,,,",
    f"{CAMERA},camera,Kamera Jl. Genteng Kali,rtsp,10.20.1.11,554,/stream1,60,5,3,{ACCESS},-7.2590,112.7440,,"
    "DISKOMINFO,CCTV-2025-01,Simpang Genteng Kali,,,",
    f"{CAMERA_DISHUB},camera,Kamera Simpang Tunjungan,rtsp,10.20.1.12,554,/stream1,60,5,3,{ACCESS},-7.2626,"
    "112.7388,,DISHUB,CCTV-2025-01,Simpang Tunjungan,,,",
    f"{CAMERA_TWO_UPLINKS},camera,Kamera Jl. Basuki Rahmat,rtsp,10.20.1.13,554,/stream1,60,5,3,"
    f"{ACCESS};{ACCESS_B},-7.2660,112.7420,,DISKOMINFO,CCTV-2025-01,Jl. Basuki Rahmat,,,",
    f"{HOST},host,Server aplikasi 1,http,10.30.0.5,8080,/health,60,5,3,{CORE},,,,DISKOMINFO,DC-2024-01,,,,",
    f"{SERVICE},service,Layanan Simpus,passive,,,,60,5,3,{HOST},,,,DINKES,DC-2024-01,,,,",
)
INVENTORY_CSV = "\n".join((HEADER, *ROWS)) + "\n"
DEVICE_CODES = (CORE, ACCESS, ACCESS_B, CAMERA, CAMERA_DISHUB, CAMERA_TWO_UPLINKS, HOST, SERVICE)


def rfc3339(moment: datetime) -> str:
    """As Go writes it: UTC with a Z and nanoseconds."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f") + "123Z"


def am_alert(labels: dict, *, status: str = "firing", starts_at: datetime, ends_at: datetime | None = None,
             fingerprint: str = "a1b2c3d4e5f60718", **extra) -> dict:
    return {"status": status, "labels": {"alertname": "ProbeFailed", **labels},
            "annotations": {"summary": "blackbox probe failed"}, "startsAt": rfc3339(starts_at),
            "endsAt": rfc3339(ends_at) if ends_at else "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus:9090/graph?g0.expr=probe_success+%3D%3D+0",
            "fingerprint": fingerprint, **extra}


def am_payload(*alerts: dict, **extra) -> dict:
    status = "firing" if any(a["status"] == "firing" for a in alerts) else "resolved"
    return {"version": "4", "groupKey": "{}:{alertname=\"ProbeFailed\"}", "truncatedAlerts": 0, "status": status,
            "receiver": "pantau", "groupLabels": {"alertname": "ProbeFailed"},
            "commonLabels": {"alertname": "ProbeFailed"}, "commonAnnotations": {},
            "externalURL": "http://alertmanager:9093", "alerts": list(alerts), **extra}


def zabbix_event(host: str, *, status: str = "PROBLEM", started_at: datetime, resolved_at: datetime | None = None,
                 event_id: str = "4711", **extra) -> dict:
    city = timezone(timedelta(hours=7))
    return {"event_id": event_id, "host": host, "host_name": host, "trigger": "Unavailable by ICMP ping",
            "status": status, "severity": "High", "started_at": started_at.astimezone(city).isoformat(),
            "resolved_at": resolved_at.astimezone(city).isoformat() if resolved_at else None, **extra}


def body(value) -> bytes:
    return json.dumps(value).encode()
