"""The change-log payloads of the incidents domain: the contract the read side sees (schema 1).

Four entities, operation "upsert", each payload the row's full current snapshot. Built from the
ORM objects, by the service when it writes and by extract.py when it reads the tables, so both give
the same dict. No personal data: never a caller's number or its hash; never a unit's position.
Times are ISO 8601 UTC strings to the second, or None.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import iso_utc
from modules.incidents.models import Incident, IncidentCall, IncidentDispatch, IncidentUnit

SNAPSHOT_VERSION = 1
OPERATION = "upsert"
INCIDENT, DISPATCH, CALL, UNIT = "incident", "incident_dispatch", "incident_call", "incident_unit"
ENTITIES = (INCIDENT, DISPATCH, CALL, UNIT)

INCIDENT_TIMES = ("received_at", "created_at", "first_dispatch_at", "first_en_route_at", "first_on_scene_at",
                  "cleared_at", "closed_at", "cancelled_at")
DISPATCH_TIMES = ("dispatched_at", "en_route_at", "on_scene_at", "cleared_at", "cancelled_at")
INCIDENT_KEYS = ("number", "status", "category_code", "type", "priority", "kecamatan_code", "kelurahan_code", "lat",
                 "lon", "source", *INCIDENT_TIMES, "agencies", "units_dispatched", "calls", "casualties_injured",
                 "casualties_dead", "response_promise_seconds")
DISPATCH_KEYS = ("id", "incident_number", "unit_code", "agency_code", "unit_type", "status", *DISPATCH_TIMES,
                 "category_code", "priority", "kecamatan_code", "kelurahan_code", "incident_received_at")
CALL_KEYS = ("id", "received_at", "answered_at", "source", "outcome", "partner", "incident_number", "category_code",
             "kecamatan_code", "repeat_caller")
UNIT_KEYS = ("code", "agency_code", "unit_type", "post_code", "status")


def incident_snapshot(session: Session, incident: Incident) -> dict[str, Any]:
    dispatches = session.execute(select(IncidentDispatch.agency_code)
                                 .where(IncidentDispatch.incident_id == incident.id)).scalars().all()
    calls = session.scalar(select(func.count()).select_from(IncidentCall)
                           .where(IncidentCall.incident_id == incident.id))
    found = {key: getattr(incident, key) for key in ("number", "status", "category_code", "type", "kecamatan_code",
                                                      "kelurahan_code", "source")}
    found |= {key: iso_utc(getattr(incident, key)) for key in INCIDENT_TIMES}
    found |= dict(priority=int(incident.priority), lat=_float(incident.lat), lon=_float(incident.lon),
                  agencies=sorted(set(dispatches)), units_dispatched=len(dispatches), calls=int(calls),
                  casualties_injured=int(incident.casualties_injured), casualties_dead=int(incident.casualties_dead),
                  response_promise_seconds=int(incident.response_promise_seconds))
    return {key: found[key] for key in INCIDENT_KEYS}


def dispatch_snapshot(dispatch: IncidentDispatch, incident: Incident) -> dict[str, Any]:
    found = {key: getattr(dispatch, key) for key in ("unit_code", "agency_code", "unit_type", "status")}
    found |= {key: iso_utc(getattr(dispatch, key)) for key in DISPATCH_TIMES}
    found |= dict(id=int(dispatch.id), incident_number=incident.number, category_code=incident.category_code,
                  priority=int(incident.priority), kecamatan_code=incident.kecamatan_code,
                  kelurahan_code=incident.kelurahan_code, incident_received_at=iso_utc(incident.received_at))
    return {key: found[key] for key in DISPATCH_KEYS}


def call_snapshot(call: IncidentCall, incident: Incident | None) -> dict[str, Any]:
    return dict(id=int(call.id), received_at=iso_utc(call.received_at), answered_at=iso_utc(call.answered_at),
                source=call.source, outcome=call.outcome, partner=call.partner,
                incident_number=incident.number if incident else None,
                category_code=incident.category_code if incident else None,
                kecamatan_code=incident.kecamatan_code if incident else None,
                repeat_caller=bool(call.repeat_caller))


def unit_snapshot(unit: IncidentUnit) -> dict[str, Any]:
    return {key: getattr(unit, key) for key in UNIT_KEYS}


def _float(value) -> float | None:
    return None if value is None else float(value)
