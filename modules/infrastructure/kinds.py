"""The words of infrastructure monitoring, defined once: device kinds, how each is probed, the states
a device can be in (as Nagios/Centreon and Zabbix name them), and the two values the prober and the
service pass each other: a `Target` (what to probe, how often) and a `CheckResult` (what one probe
found). The prober (prober.py) turns targets into results; the service (service.py) turns results
into states, state changes and rollups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# --- devices ----------------------------------------------------------------------------------------------------

CAMERA, SWITCH, FIBRE, VPN, WIRELESS, HOST, SERVICE = "camera", "switch", "fibre", "vpn", "wireless", "host", "service"
DEVICE_KINDS = (CAMERA, SWITCH, FIBRE, VPN, WIRELESS, HOST, SERVICE)
KIND_NAMES = {CAMERA: "Kamera CCTV", SWITCH: "Switch", FIBRE: "Link serat optik", VPN: "Terowongan VPN",
              WIRELESS: "Link nirkabel", HOST: "Server pusat data", SERVICE: "Layanan"}

# --- probes -----------------------------------------------------------------------------------------------------

TCP, HTTP, HTTPS, ICMP, RTSP, PASSIVE = "tcp", "http", "https", "icmp", "rtsp", "passive"
PROBE_KINDS = (TCP, HTTP, HTTPS, ICMP, RTSP, PASSIVE)  # passive: no probe, states come from alerts only

# --- states -----------------------------------------------------------------------------------------------------

UP = "UP"
DOWN = "DOWN"                  # its own failure: retries used up and a parent still answers
UNREACHABLE = "UNREACHABLE"    # every parent is down: it cannot be judged, not its own failure
PENDING = "PENDING"            # failing, retries not yet used up (Nagios' soft state)
MAINTENANCE = "MAINTENANCE"    # inside a maintenance window
UNKNOWN = "UNKNOWN"            # no data yet, or the data stopped
NO_VIDEO = "NO_VIDEO"          # cameras: the host answers, the stream is not offered ("online, no video")
STATES = (UP, DOWN, UNREACHABLE, PENDING, MAINTENANCE, UNKNOWN, NO_VIDEO)
STATE_NAMES = {UP: "Normal", DOWN: "Mati", UNREACHABLE: "Tak terjangkau", PENDING: "Diperiksa ulang",
               MAINTENANCE: "Pemeliharaan", UNKNOWN: "Tanpa data", NO_VIDEO: "Menyala, tanpa video"}
# A device's own failure (what counts against its availability and its vendor's SLA); UNREACHABLE,
# MAINTENANCE and UNKNOWN time is left out of the availability's denominator.
FAILED_STATES = (DOWN, NO_VIDEO)
EXCLUDED_STATES = (UNREACHABLE, MAINTENANCE, UNKNOWN)
# States that hide a device's children (they become UNREACHABLE when their own checks fail).
HIDING_STATES = (DOWN, UNREACHABLE)
# An outage: a device failing or cut off (fct_infra_outages holds its events in these states).
OUTAGE_STATES = (*FAILED_STATES, UNREACHABLE)


@dataclass(frozen=True)
class Target:
    """One device to probe, as the prober needs it."""

    code: str
    kind: str                  # DEVICE_KINDS
    probe: str                 # PROBE_KINDS
    host: str                  # an IP address or a host name
    port: int | None           # None: the probe's default (80, 443, 554) or none (icmp)
    path: str = "/"            # http(s): the path asked for; rtsp: the stream's path
    interval_seconds: float = 60.0
    timeout_seconds: float = 5.0


@dataclass(frozen=True)
class CheckResult:
    """What one probe of one device found."""

    code: str
    at: datetime               # UTC, when the probe started
    ok: bool                   # the device answered as its probe expects
    latency_ms: float | None   # connect / answer time; None when it did not answer
    video: bool | None = None  # cameras: True if the stream is offered, False if the host answers without it
    detail: str = ""           # why not ok ("connection refused", "HTTP 503", "RTSP 454", "timeout")
    no_data: bool = False      # the probe could not run here (ICMP not permitted): says nothing of the device
