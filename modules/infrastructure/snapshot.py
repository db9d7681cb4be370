"""The change-log payloads of the infrastructure domain: the contract the read side sees (schema 1).

Two entities, operation "upsert", each payload the row's full current snapshot: a device
(`infrastructure_device`, id = its code) on every inventory change, and a state change
(`infrastructure_event`, id = the event's id) when it starts and when it ends. Never a probe
result: rollups stay in the module. Built from the ORM rows, by the service when it writes and by
extract.py when it reads the tables, so both give the same dict. Times are ISO 8601 UTC strings
to the second (core.clock.iso_utc), or None.
"""

from __future__ import annotations

from typing import Any

from core.clock import iso_utc
from modules.infrastructure.models import InfraContract, InfraDevice, InfraEvent

SNAPSHOT_VERSION = 1
OPERATION = "upsert"
DEVICE, EVENT = "infrastructure_device", "infrastructure_event"
ENTITIES = (DEVICE, EVENT)

DEVICE_KEYS = ("code", "kind", "name", "probe", "kelurahan_code", "kecamatan_code", "opd_code", "contract_code",
               "vendor", "slo_percent", "lat", "lon", "parents", "active", "updated_at")
EVENT_KEYS = ("id", "device_code", "kind", "state", "started_at", "ended_at", "root_cause_code", "suppressed_by",
              "source", "detail")


def device_snapshot(device: InfraDevice, contract: InfraContract | None, parents: list[str]) -> dict[str, Any]:
    found = {key: getattr(device, key) for key in ("code", "kind", "name", "probe", "kelurahan_code",
                                                   "kecamatan_code", "opd_code", "contract_code")}
    found |= dict(vendor=contract.vendor if contract else None,
                  slo_percent=float(contract.slo_percent) if contract else None,
                  lat=_float(device.lat), lon=_float(device.lon), parents=sorted(parents),
                  active=bool(device.active), updated_at=iso_utc(device.updated_at))
    return {key: found[key] for key in DEVICE_KEYS}


def event_snapshot(event: InfraEvent, device_kind: str) -> dict[str, Any]:
    return dict(id=int(event.id), device_code=event.device_code, kind=device_kind, state=event.state,
                started_at=iso_utc(event.started_at), ended_at=iso_utc(event.ended_at),
                root_cause_code=event.root_cause_code, suppressed_by=event.suppressed_by, source=event.source,
                detail=event.detail or "")


def _float(value) -> float | None:
    return None if value is None else float(value)
