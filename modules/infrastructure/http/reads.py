"""What the infrastructure API reads from the module's tables, as JSON-ready records: devices with
their current state, one device with its parents, children and recent state changes, the current
outages grouped by root cause, and the alerts received.

Every read is narrowed by the viewer's scope (core.scope) on the device's OPD, kecamatan and
kelurahan, the same rule the marts use: an OPD officer sees his OPD's devices only, a camat his
kecamatan's. Times are ISO 8601 in city time (+07:00), as every Pantau API writes them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from core.clock import CITY_ZONE, as_utc
from core.users import Viewer
from modules.infrastructure.alerts import device_code_like
from modules.infrastructure.http.fields import MAX_EVENTS
from modules.infrastructure.kinds import FAILED_STATES, OUTAGE_STATES
from modules.infrastructure.models import (InfraAlert, InfraContract, InfraDevice, InfraDeviceParent, InfraDeviceState,
                                           InfraEvent)

SCOPE_COLUMNS = {"opd": "opd_code", "kecamatan": "kecamatan_code", "kelurahan": "kelurahan_code"}
DEVICE_FIELDS = ("code", "kind", "name", "probe", "host", "port", "path", "lat", "lon", "kelurahan_code",
                 "kecamatan_code", "opd_code", "contract_code", "active")
DETAIL_FIELDS = ("interval_seconds", "timeout_seconds", "retries", "watches", "site", "end_a", "end_b", "created_at",
                 "updated_at")
STATE_FIELDS = ("state", "since", "last_check_at", "last_ok_at", "latency_ms", "attempts", "flapping",
                "flap_percent", "root_cause_code", "suppressed_by")
EVENT_FIELDS = ("id", "state", "started_at", "ended_at", "root_cause_code", "suppressed_by", "source", "detail")
ALERT_FIELDS = ("id", "source", "fingerprint", "status", "device_code", "labels", "starts_at", "ends_at",
                "received_at", "reviewed_at")


def iso(moment: datetime | None) -> str | None:
    return as_utc(moment).astimezone(CITY_ZONE).isoformat(timespec="seconds") if moment else None


def _plain(row, names: tuple[str, ...]) -> dict[str, Any]:
    values = {name: getattr(row, name, None) if row is not None else None for name in names}
    return {name: iso(value) if isinstance(value, datetime) else value for name, value in values.items()}


def _scoped(viewer: Viewer) -> list:
    return viewer.scope.conditions(InfraDevice.__table__, SCOPE_COLUMNS)


# === devices ======================================================================================

def device_list(session: Session, viewer: Viewer, *, kind=None, state=None, kelurahan=None, opd=None,
                limit: int, offset: int) -> tuple[int, list[dict]]:
    """(how many match, one page of them) ordered by code; each device with its current state."""
    conditions = _scoped(viewer)
    conditions += [column == value for column, value in ((InfraDevice.kind, kind), (InfraDevice.opd_code, opd),
                                                         (InfraDevice.kelurahan_code, kelurahan)) if value]
    if state:
        conditions.append(InfraDeviceState.state == state)
    joined = select(InfraDevice, InfraDeviceState).outerjoin(
        InfraDeviceState, InfraDeviceState.device_code == InfraDevice.code).where(*conditions)
    total = session.scalar(select(func.count()).select_from(joined.subquery()))
    page = session.execute(joined.order_by(InfraDevice.code).limit(limit).offset(offset)).all()
    return total, [device_record(device, status) for device, status in page]


def device_record(device: InfraDevice, status: InfraDeviceState | None) -> dict[str, Any]:
    return _plain(device, DEVICE_FIELDS) | _plain(status, STATE_FIELDS)


def find_device(session: Session, viewer: Viewer, code: str) -> InfraDevice | None:
    """The device, if it exists and the viewer's scope reaches it (otherwise None: not found either way)."""
    found = device_code_like(session, code)
    device = session.get(InfraDevice, found) if found else None
    if device is None or not viewer.scope.allows(device, SCOPE_COLUMNS):
        return None
    return device


def device_detail(session: Session, viewer: Viewer, device: InfraDevice) -> dict[str, Any]:
    """The device, its state, its parents and children (each with its state; a relative outside the
    viewer's scope by its code only), its contract and its newest state changes."""
    status = session.get(InfraDeviceState, device.code)
    parents = session.scalars(select(InfraDeviceParent.parent_code)
                              .where(InfraDeviceParent.device_code == device.code)).all()
    children = session.scalars(select(InfraDeviceParent.device_code)
                               .where(InfraDeviceParent.parent_code == device.code)).all()
    events = session.scalars(select(InfraEvent).where(InfraEvent.device_code == device.code)
                             .order_by(InfraEvent.started_at.desc(), InfraEvent.id.desc()).limit(MAX_EVENTS)).all()
    contract = session.get(InfraContract, device.contract_code) if device.contract_code else None
    return (device_record(device, status) | _plain(device, DETAIL_FIELDS)
            | {"contract": _contract(contract), "parents": _relatives(session, viewer, sorted(parents)),
               "children": _relatives(session, viewer, sorted(children)),
               "events": [_plain(event, EVENT_FIELDS) for event in events]})


def _contract(contract: InfraContract | None) -> dict[str, Any] | None:
    if contract is None:
        return None
    return {"code": contract.code, "vendor": contract.vendor, "name": contract.name,
            "slo_percent": contract.slo_percent}


def _relatives(session: Session, viewer: Viewer, codes: list[str]) -> list[dict[str, Any]]:
    if not codes:
        return []
    found = {device.code: (device, status) for device, status in session.execute(
        select(InfraDevice, InfraDeviceState).outerjoin(InfraDeviceState, InfraDeviceState.device_code == InfraDevice.code)
        .where(InfraDevice.code.in_(codes))).all()}
    records = []
    for code in codes:
        device, status = found[code]
        if viewer.scope.allows(device, SCOPE_COLUMNS):
            records.append({"code": code, "kind": device.kind, "name": device.name,
                            "state": status.state if status else None})
        else:
            records.append({"code": code, "kind": device.kind, "name": None, "state": None})
    return records


# === outages ======================================================================================

def current_outages(session: Session, viewer: Viewer, now: datetime) -> list[dict[str, Any]]:
    """Every current fault once: a device in a failed state with the devices it hides (UNREACHABLE
    with it as their root cause), oldest first; a switch down and its 48 cameras are one outage."""
    rows = session.execute(
        select(InfraDevice, InfraDeviceState).join(InfraDeviceState, InfraDeviceState.device_code == InfraDevice.code)
        .where(InfraDeviceState.state.in_(OUTAGE_STATES), InfraDevice.active.is_(True), *_scoped(viewer))
        .order_by(InfraDeviceState.since, InfraDevice.code)).all()
    roots: dict[str, dict[str, Any]] = {}
    hidden: dict[str, list[dict[str, Any]]] = {}
    for device, status in rows:
        root = status.root_cause_code or device.code
        if status.state in FAILED_STATES or root == device.code:
            roots[device.code] = _outage(device, status, now)
        else:
            hidden.setdefault(root, []).append({"code": device.code, "kind": device.kind, "state": status.state,
                                                "suppressed_by": status.suppressed_by})
    for root, devices in hidden.items():
        if root not in roots:  # a root cause outside the viewer's scope: its code only
            roots[root] = _outside_root(session, root, now)
        roots[root]["hidden"] = devices
        roots[root]["hidden_count"] = len(devices)
    return sorted(roots.values(), key=lambda outage: (outage["since"] or "", outage["device_code"]))


def _outage(device: InfraDevice, status: InfraDeviceState, now: datetime) -> dict[str, Any]:
    since = status.since
    return {"device_code": device.code, "kind": device.kind, "name": device.name, "state": status.state,
            "since": iso(since), "age_seconds": max(0, int((now - as_utc(since)).total_seconds())) if since else None,
            "kelurahan_code": device.kelurahan_code, "opd_code": device.opd_code, "lat": device.lat,
            "lon": device.lon, "hidden": [], "hidden_count": 0}


def _outside_root(session: Session, code: str, now: datetime) -> dict[str, Any]:
    status = session.get(InfraDeviceState, code)
    since = status.since if status else None
    return {"device_code": code, "kind": None, "name": None, "state": status.state if status else None,
            "since": iso(since), "age_seconds": max(0, int((now - as_utc(since)).total_seconds())) if since else None,
            "kelurahan_code": None, "opd_code": None, "lat": None, "lon": None, "hidden": [], "hidden_count": 0}


# === alerts =======================================================================================

def alert_list(session: Session, *, unmatched: bool, source: str | None, limit: int,
               offset: int) -> tuple[int, list[dict]]:
    """Alerts received, newest first; `unmatched`: those with no device not yet reviewed."""
    conditions = [InfraAlert.source == source] if source else []
    if unmatched:
        conditions += [InfraAlert.device_code.is_(None), InfraAlert.reviewed_at.is_(None)]
    query = select(InfraAlert).where(and_(*conditions)) if conditions else select(InfraAlert)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    page = session.scalars(query.order_by(InfraAlert.received_at.desc(), InfraAlert.id.desc())
                           .limit(limit).offset(offset)).all()
    return total, [_plain(alert, ALERT_FIELDS) for alert in page]


def alert_record(alert: InfraAlert) -> dict[str, Any]:
    return _plain(alert, ALERT_FIELDS)

