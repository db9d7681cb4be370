"""Maintenance windows over HTTP: the JSON body of a new window checked field by field (types and
formats here; the rules a window must obey, such as its order, recurrence and reason length, stay
in maintenance.py, which the service enforces for every caller), and the windows as JSON-ready
records with the occurrence that holds now or comes next (a recurring window repeats for ever).

Reads are narrowed by the viewer's scope on the window's device, as every read of reads.py is."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.clock import as_utc
from core.users import Viewer
from modules.infrastructure.http.fields import invalid
from modules.infrastructure.http.reads import SCOPE_COLUMNS, iso
from modules.infrastructure.maintenance import NONE, PERIODS, covers
from modules.infrastructure.models import InfraDevice, InfraMaintenance

REQUIRED = ("device_code", "starts_at", "ends_at")
FLAGS = ("collect", "include_children")
BODY_FIELDS = (*REQUIRED, "recurrence", *FLAGS, "reason")
MAX_TIME_TEXT = 40   # "2026-12-02T19:00:00.123456+07:00" with room to spare
MAX_CODE_TEXT = 40   # InfraDevice.code
MAX_CHOICE_TEXT = 16
FIRST_YEAR, LAST_YEAR = 2000, 2099


# === the body of a new window ======================================================================

def window_fields(body) -> dict[str, Any]:
    """The keyword arguments of service.schedule_maintenance from a JSON body; a 400 naming the
    first field that is missing, unknown or of the wrong type."""
    if not isinstance(body, dict):
        raise invalid("body", "must be a JSON object")
    unknown = sorted(set(body) - set(BODY_FIELDS))
    if unknown:
        raise invalid(unknown[0], f"not a field of a maintenance window (fields: {', '.join(BODY_FIELDS)})")
    for name in REQUIRED:
        if body.get(name) in (None, ""):
            raise invalid(name, "required")
    fields = {"device_code": _text(body, "device_code", MAX_CODE_TEXT),
              "starts_at": _moment(body, "starts_at"), "ends_at": _moment(body, "ends_at"),
              "recurrence": _text(body, "recurrence", MAX_CHOICE_TEXT) if "recurrence" in body else NONE,
              "reason": _text(body, "reason", None) if "reason" in body else ""}
    for name in FLAGS:
        value = body.get(name, False)
        if not isinstance(value, bool):
            raise invalid(name, "must be true or false")
        fields[name] = value
    return fields


def _text(body: dict, name: str, limit: int | None) -> str:
    value = body[name]
    if not isinstance(value, str):
        raise invalid(name, "must be a string")
    if limit is not None and len(value) > limit:
        raise invalid(name, f"at most {limit} characters")
    return value


def _moment(body: dict, name: str) -> datetime:
    text = _text(body, name, MAX_TIME_TEXT)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise invalid(name, f"{text!r} is not an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        raise invalid(name, "needs its UTC offset (e.g. +07:00 or Z)")
    try:
        moment = as_utc(moment)
    except OverflowError:  # 0001-01-01T00:00+07:00 lies before the first UTC moment Python has
        moment = None
    if moment is None or not FIRST_YEAR <= moment.year <= LAST_YEAR:  # its repeats and city time stay in range
        raise invalid(name, f"{text!r} lies outside the years {FIRST_YEAR} to {LAST_YEAR}")
    return moment


# === windows as records ============================================================================

def window_list(session: Session, viewer: Viewer, now: datetime, *, device: str | None,
                active: bool) -> list[dict[str, Any]]:
    """Current and upcoming windows (a one-off that has ended is gone, a recurring one never ends)
    of the devices in the viewer's scope, by the start of their next occurrence; `active`: those
    holding now."""
    conditions = [or_(InfraMaintenance.recurrence != NONE, InfraMaintenance.ends_at > now),
                  *viewer.scope.conditions(InfraDevice.__table__, SCOPE_COLUMNS)]
    if device:
        conditions.append(InfraMaintenance.device_code == device)
    windows = session.scalars(select(InfraMaintenance)
                              .join(InfraDevice, InfraDevice.code == InfraMaintenance.device_code)
                              .where(*conditions).order_by(InfraMaintenance.id)).all()
    records = [window_record(window, now) for window in windows]
    if active:
        records = [record for record in records if record["active"]]
    return sorted(records, key=lambda record: (record["next_starts_at"], record["id"]))


def window_record(window: InfraMaintenance, now: datetime) -> dict[str, Any]:
    starts, ends = occurrence(window, now)
    return {"id": window.id, "device_code": window.device_code, "starts_at": iso(window.starts_at),
            "ends_at": iso(window.ends_at), "recurrence": window.recurrence, "collect": window.collect,
            "include_children": window.include_children, "reason": window.reason, "created_by": window.created_by,
            "created_at": iso(window.created_at), "active": covers(window, now),
            "next_starts_at": iso(starts), "next_ends_at": iso(ends)}


def occurrence(window: InfraMaintenance, now: datetime) -> tuple[datetime, datetime]:
    """The span of the window that holds `now`, else the next one (a one-off: its only span)."""
    starts, ends, now = as_utc(window.starts_at), as_utc(window.ends_at), as_utc(now)
    period = PERIODS.get(window.recurrence)
    if period is None or now < starts:
        return starts, ends
    length = ends - starts
    latest = starts + ((now - starts) // period) * period
    if now >= latest + length:
        latest += period
    return latest, latest + length
