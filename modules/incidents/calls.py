"""Calls: taking one, and its outcome (an incident created from it, merged into an open one, a
prank, referred to a partner, information only)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from core.clock import now_or
from core.settings import Settings
from core.tickets import allocate_numbers, format_ticket, ticket_period
from core.users import Viewer
from modules.incidents import checks, workflow
from modules.incidents.access import DESK_ROLES, require_role
from modules.incidents.callers import caller_hash, is_repeat_prank_caller
from modules.incidents.errors import IncidentValidationError, IncidentWorkflowError
from modules.incidents.models import Incident, IncidentCall, IncidentCounter, IncidentPost
from modules.incidents.recording import actor_name, begin_write, record

PREFIX = "INS"
CLOSING_OUTCOMES = ("prank", "referred", "info")
# What each source must name: a camera, a post, a complaint ticket.
SOURCE_DETAIL = {"cctv": "camera_id", "field_post": "post_code", "complaint": "complaint_ticket"}
MAX_FUTURE = timedelta(minutes=5)  # a device clock a little ahead is accepted, not more


def take_call(session: Session, actor: Viewer, settings: Settings, *, received_at: datetime | None = None,
              answered_at: datetime | None = None, caller_number: str | None = None, source: str = "call_112",
              camera_id: str | None = None, post_code: str | None = None, complaint_ticket: str | None = None,
              now: datetime | None = None) -> IncidentCall:
    """A call arrives (outcome `pending`). A caller whose number made `repeat_prank_count` prank
    calls in the window is flagged `repeat_caller`: the desk shows it to the operator."""
    now = now_or(now)
    require_role(actor, DESK_ROLES, "take calls")
    received_at = now_or(received_at or now)
    if received_at > now + MAX_FUTURE:
        raise IncidentValidationError("received_at", "incident_time_order", later="received_at", earlier="now")
    answered_at = now_or(answered_at) if answered_at else None
    checks.not_before("answered_at", answered_at, "received_at", received_at)
    details = _source_details(session, source, camera_id, post_code, complaint_ticket)
    number = checks.text("caller_number", caller_number)
    begin_write(session)
    digest = caller_hash(settings, number)
    call = IncidentCall(received_at=received_at, answered_at=answered_at, caller_number=number, caller_hash=digest,
                        repeat_caller=is_repeat_prank_caller(session, settings, digest, received_at), source=source,
                        outcome="pending", operator=actor_name(actor), updated_at=now, **details)
    session.add(call)
    record(session, actor, "call_received", now, call=call, text=source,
           data={"repeat_caller": call.repeat_caller, **{k: v for k, v in details.items() if v}})
    return call


def create_incident(session: Session, actor: Viewer, settings: Settings, call_id: int, *, category_code: str,
                    lat: float | None = None, lon: float | None = None, address: str | None = None,
                    landmark: str | None = None, description: str | None = None, casualties_injured: int = 0,
                    casualties_dead: int = 0, priority: int | None = None, now: datetime | None = None) -> Incident:
    """An incident from a pending call: the category sets its type and priority (unless given);
    a point is located in its kecamatan and kelurahan (geo/), or an address/landmark is given."""
    now = now_or(now)
    require_role(actor, DESK_ROLES, "create incidents")
    category = checks.category(session, category_code)
    place = place_columns(lat, lon, address, landmark)
    values = dict(description=checks.text("description", description) or "",
                  casualties_injured=checks.count("casualties_injured", casualties_injured),
                  casualties_dead=checks.count("casualties_dead", casualties_dead),
                  priority=category.priority if priority is None else checks.choice("priority", priority, (1, 2, 3)))
    begin_write(session)
    call = checks.call_by_id(session, call_id)
    workflow.check("call", call.outcome, "incident")
    period = ticket_period(call.received_at)
    number = format_ticket(PREFIX, period, allocate_numbers(session, IncidentCounter.__table__, period, 1)[0])
    incident = Incident(number=number, category_code=category.code, type=category.type, status="open",
                        source=call.source, received_at=call.received_at, created_at=now,
                        response_promise_seconds=settings.incidents.response_promise_minutes * 60, updated_at=now,
                        **place, **values)
    session.add(incident)
    session.flush()
    call.outcome, call.incident_id = "incident", incident.id
    record(session, actor, "incident_created", now, incident=incident, call=call, text=category.name,
           data={"category_code": category.code, "priority": incident.priority})
    return incident


def merge_call(session: Session, actor: Viewer, call_id: int, incident_number: str,
               *, now: datetime | None = None) -> IncidentCall:
    """A pending call that reports an active incident joins it (the incident counts its calls)."""
    now = now_or(now)
    require_role(actor, DESK_ROLES, "merge calls")
    begin_write(session)
    incident = checks.incident_by_number(session, incident_number)
    _require_active(incident)
    call = checks.call_by_id(session, call_id)
    workflow.check("call", call.outcome, "merged")
    call.outcome, call.incident_id = "merged", incident.id
    record(session, actor, "call_merged", now, incident=incident, call=call, text=f"call {call.id}")
    return call


def close_call(session: Session, actor: Viewer, call_id: int, outcome: str, *, partner: str | None = None,
               note: str | None = None, now: datetime | None = None) -> IncidentCall:
    """A pending call ends without an incident: `prank`, `referred` (to a partner: PLN, PDAM,
    POLRI, PGN) or `info`."""
    now = now_or(now)
    require_role(actor, DESK_ROLES, "close calls")
    if outcome not in CLOSING_OUTCOMES:
        raise IncidentValidationError("outcome", "incident_close_call_outcome", value=outcome)
    if outcome == "referred":
        if not partner:
            raise IncidentValidationError("partner", "incident_required")
        checks.choice("partner", partner, workflow.PARTNERS)
    elif partner:
        raise IncidentValidationError("partner", "incident_partner_only_referred")
    note = checks.text("note", note)
    begin_write(session)
    call = checks.call_by_id(session, call_id)
    workflow.check("call", call.outcome, outcome)
    call.outcome, call.partner = outcome, partner
    record(session, actor, f"call_{outcome}", now, call=call, text=note or "", data={"partner": partner})
    return call


def _source_details(session: Session, source: str, camera_id, post_code, complaint_ticket) -> dict:
    checks.choice("source", source, workflow.CALL_SOURCES)
    details = dict(camera_id=checks.text("camera_id", camera_id), post_code=checks.text("post_code", post_code),
                   complaint_ticket=(checks.text("ticket", complaint_ticket) or "").upper() or None)
    needed = SOURCE_DETAIL.get(source)
    if needed and not details[needed]:
        raise IncidentValidationError(needed, "incident_source_detail_missing", source=source, detail=needed)
    if details["post_code"] and session.get(IncidentPost, details["post_code"]) is None:
        raise IncidentValidationError("post_code", "incident_unknown_code", kind="post", value=details["post_code"])
    return details


def place_columns(lat, lon, address, landmark) -> dict:
    """The incident's location columns: a point located in the city, and/or an address or landmark."""
    point = checks.point(lat, lon)
    address, landmark = checks.text("address", address), checks.text("landmark", landmark)
    if point is None and not (address or landmark):
        raise IncidentValidationError("location", "incident_location_missing")
    kecamatan, kelurahan = checks.locate(*point) if point else (None, None)
    return dict(lat=point[0] if point else None, lon=point[1] if point else None, address=address,
                landmark=landmark, kecamatan_code=kecamatan, kelurahan_code=kelurahan)


def _require_active(incident: Incident) -> None:
    if not incident.is_active:
        raise IncidentWorkflowError("incident_number", "incident_not_active", number=incident.number,
                                    status=incident.status)
