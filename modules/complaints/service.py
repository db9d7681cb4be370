"""The complaints service layer: the only code that writes the module's tables.

Every function works inside the caller's transaction and never commits: use it as
`with databases.transaction() as session: respond(session, actor, complaint_id, "...")`. Each
change of a complaint writes one `complaint_history` row and one change-log row (entity
"complaint", operation = the event name, payload = `complaint_snapshot`) in that transaction.
All checks run before the first write, and a failure raises, so the caller's rollback leaves nothing
half-written.

Acting functions take `actor` (a `core.users.Viewer`; `access.system_actor(...)` for the simulator,
the SLA sweeper and channel gateways) and check the role scoping in access.py.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any

import pandas as pd
from sqlalchemy import and_, case, or_, select, update
from sqlalchemy.orm import Session

from core.bulk import append_rows
from core.changelog import record_change, record_changes_bulk
from core.db import UtcDateTime
from core.reference import ComplaintCategory, Kecamatan, Opd
from core.settings import ComplaintSettings, Settings
from core.users import Viewer, digest
from modules.complaints import sla, workflow
from modules.complaints.access import (READ_ALL_ROLES, SYSTEM_ROLE, require_act, require_role,
                                       require_see, system_actor, visible_filter)
from modules.complaints.duplicates import find_original
from modules.complaints.errors import ComplaintNotFound, ComplaintValidationError, InboundReplay, WorkflowError, Reason
from modules.complaints.intake import ComplaintIntake, as_utc, validate_intake
from modules.complaints.models import (ApiKey, Complaint, ComplaintHistory, ComplaintPhoto, InboundMessage,
                                       RoutingRule, SlaOverride, TicketCounter)
from modules.complaints.routing import find_rule
from modules.complaints.snapshot import ENTITY, complaint_snapshot, iso_utc
from modules.complaints.tickets import format_ticket, normalise_ticket, ticket_period
from modules.complaints.timeline import derived_steps
from modules.complaints.statuses import FINISHED_FOR_CITIZENS, OPEN_STATUSES, STATUSES, current_due_sql
from modules.complaints.views import PublicComplaint, public_view
from modules.complaints.workflow import REJECTION_REASONS

SLA_ACTOR = system_actor("sla")
ROUTING_ACTOR = system_actor("routing")
ADMIN_ROLES = ("admin", SYSTEM_ROLE)
READING_ROLES = READ_ALL_ROLES + ("opd", "camat", "lurah")
OPEN311_MAX_DAYS = 90


@dataclass(frozen=True)
class Breach:
    complaint_id: int
    ticket: str
    kind: str  # "first_response" or "feedback"
    due_at: datetime


# === submitting ================================================================================

def submit_complaint(session: Session, intake: ComplaintIntake, settings: Settings,
                     actor: Viewer | None = None, now: datetime | None = None) -> Complaint:
    """Checks, stores and routes a new complaint; `actor` None means the citizen himself."""
    from geo import locate_point  # geo brings geopandas: imported when a complaint is filed, not at start

    now = _now(now)
    clean = validate_intake(intake, _active_categories(session), settings.complaints.max_photo_bytes,
                            now, locate_point)
    complaint = _insert_complaint(session, clean, _sla_policy(session, settings, clean.category_code), now)
    _record(session, complaint, actor, "submitted", None, f"via {clean.channel}", now, at=clean.received_at)
    _flag_possible_duplicate(session, complaint, settings.complaints, now)
    if not clean.triage:
        _route(session, complaint, now)
    _record_breaches(session, complaint, now)
    return complaint


def _insert_complaint(session: Session, clean, policy: sla.SlaPolicy, now: datetime) -> Complaint:
    first_due, feedback_due = sla.due_times(clean.received_at, policy)
    complaint = Complaint(
        ticket=_next_tickets(session, clean.received_at, 1)[0], channel=clean.channel,
        category_code=clean.category_code, description=clean.description, external_id=clean.external_id,
        lat=clean.lat, lon=clean.lon, address=clean.address, kecamatan_code=clean.kecamatan_code,
        kelurahan_code=clean.kelurahan_code, reporter_name=clean.reporter_name,
        reporter_contact=clean.reporter_contact, status="received", received_at=clean.received_at,
        first_response_due_at=first_due, feedback_due_at=feedback_due, updated_at=now,
    )
    session.add(complaint)
    session.flush()  # the id, for photos and history
    session.add_all(ComplaintPhoto(complaint_id=complaint.id, filename=name, content_type=kind,
                                   size_bytes=len(data), data=data, created_at=now)
                    for name, kind, data in clean.photos)
    return complaint


def _flag_possible_duplicate(session: Session, complaint: Complaint, rules: ComplaintSettings, now: datetime) -> None:
    original = find_original(session, complaint, rules.duplicate_radius_m, rules.duplicate_window_hours)
    if original is None:
        return
    complaint.duplicate_state, complaint.duplicate_of_id = "suspected", original.id
    _record(session, complaint, ROUTING_ACTOR, "duplicate_suspected", complaint.status,
            f"possible duplicate of {original.ticket}", now)


def _route(session: Session, complaint: Complaint, now: datetime) -> None:
    rule = find_rule(session, complaint.category_code, complaint.kecamatan_code)
    if rule is None:
        return  # stays `received` without an OPD: the command center's triage queue
    complaint.opd_code, complaint.dispatched_at, complaint.status = rule.opd_code, now, "dispatched"
    where = f"kecamatan {rule.kecamatan_code}" if rule.kecamatan_code else "the category's default"
    _record(session, complaint, ROUTING_ACTOR, "dispatched", "received", f"routed to {rule.opd_code} ({where})", now)


# === workflow actions ==========================================================================

def dispatch(session: Session, actor: Viewer, complaint_id: int, opd_code: str, note: str = "",
             *, now: datetime | None = None) -> Complaint:
    """Hands a complaint from the triage queue to an OPD."""
    now = _now(now)
    _require_opd(session, opd_code)
    complaint, target = _checked(session, actor, complaint_id, "dispatch")
    return _apply(session, actor, complaint, "dispatch", target, note, now,
                  opd_code=opd_code, dispatched_at=complaint.dispatched_at or now)


def respond(session: Session, actor: Viewer, complaint_id: int, note: str = "",
            *, now: datetime | None = None) -> Complaint:
    """The OPD's complaint team (TPKPM) takes the complaint up: the first-response SLA is met."""
    now = _now(now)
    complaint, target = _checked(session, actor, complaint_id, "respond")
    return _apply(session, actor, complaint, "respond", target, note, now,
                  first_response_at=complaint.first_response_at or now)


def start_work(session: Session, actor: Viewer, complaint_id: int, note: str = "",
               *, now: datetime | None = None) -> Complaint:
    now = _now(now)
    complaint, target = _checked(session, actor, complaint_id, "start_work")
    return _apply(session, actor, complaint, "start_work", target, note, now,
                  started_at=complaint.started_at or now)


def resolve(session: Session, actor: Viewer, complaint_id: int, note: str = "",
            *, now: datetime | None = None) -> Complaint:
    now = _now(now)
    complaint, target = _checked(session, actor, complaint_id, "resolve")
    return _apply(session, actor, complaint, "resolve", target, note, now, resolved_at=now)


def close(session: Session, actor: Viewer, complaint_id: int, note: str = "",
          *, now: datetime | None = None) -> Complaint:
    now = _now(now)
    complaint, target = _checked(session, actor, complaint_id, "close")
    return _apply(session, actor, complaint, "close", target, note, now, closed_at=now)


def reject(session: Session, actor: Viewer, complaint_id: int, reason: str, note: str,
           *, now: datetime | None = None) -> Complaint:
    """Rejects with a reason code (spam, duplicate, not_city_responsibility) and a note saying why."""
    now = _now(now)
    if reason not in REJECTION_REASONS:
        raise ComplaintValidationError.one("reason", "unknown_reason", value=reason, known=", ".join(REJECTION_REASONS))
    _require_note(note, "reject_note_missing")
    complaint, target = _checked(session, actor, complaint_id, "reject")
    return _apply(session, actor, complaint, "reject", target, note, now, rejection_reason=reason, rejected_at=now)


def transfer(session: Session, actor: Viewer, complaint_id: int, to_opd: str, note: str,
             *, now: datetime | None = None) -> Complaint:
    """Sends the complaint to another OPD, which receives it as newly dispatched."""
    now = _now(now)
    _require_opd(session, to_opd)
    _require_note(note, "transfer_note_missing")
    complaint, target = _checked(session, actor, complaint_id, "transfer")
    if complaint.opd_code == to_opd:
        raise WorkflowError("already_with_opd", action="transfer", ticket=complaint.ticket, opd=to_opd)
    return _apply(session, actor, complaint, "transfer", target, f"{complaint.opd_code} -> {to_opd}: {note}", now,
                  opd_code=to_opd)


def reopen(session: Session, actor: Viewer, complaint_id: int, note: str, to_status: str | None = None,
           *, now: datetime | None = None) -> Complaint:
    """Back to work: in_progress if the OPD had responded, else dispatched (received without an OPD)."""
    now = _now(now)
    _require_note(note, "reopen_note_missing")
    complaint, target = _checked(session, actor, complaint_id, "reopen", to_status)
    undo_duplicate = dict(duplicate_state="dismissed", duplicate_of_id=None) \
        if complaint.duplicate_state == "confirmed" else {}
    return _apply(session, actor, complaint, "reopen", target, note, now, resolved_at=None, closed_at=None,
                  rejected_at=None, rejection_reason=None, **undo_duplicate)


def send_feedback(session: Session, actor: Viewer, complaint_id: int, message: str,
                  *, now: datetime | None = None) -> Complaint:
    """Records feedback given to the citizen (the first one meets the feedback SLA)."""
    now = _now(now)
    _require_note(message, "feedback_missing")
    complaint, target = _checked(session, actor, complaint_id, "send_feedback")
    return _apply(session, actor, complaint, "send_feedback", target, message, now,
                  feedback_at=complaint.feedback_at or now)


def confirm_duplicate(session: Session, actor: Viewer, complaint_id: int, note: str = "",
                      *, now: datetime | None = None) -> Complaint:
    """A suspected duplicate is one: rejected with reason duplicate, still linked to the original."""
    now = _now(now)
    complaint, target = _checked(session, actor, complaint_id, "confirm_duplicate")
    note = note or f"duplicate of {_ticket_of(session, complaint.duplicate_of_id)}"
    return _apply(session, actor, complaint, "confirm_duplicate", target, note, now, duplicate_state="confirmed",
                  rejection_reason="duplicate", rejected_at=now)


def dismiss_duplicate(session: Session, actor: Viewer, complaint_id: int, note: str = "",
                      *, now: datetime | None = None) -> Complaint:
    """A suspected duplicate is not one: the link is dropped (the history keeps it)."""
    now = _now(now)
    complaint, target = _checked(session, actor, complaint_id, "dismiss_duplicate")
    note = note or f"not a duplicate of {_ticket_of(session, complaint.duplicate_of_id)}"
    return _apply(session, actor, complaint, "dismiss_duplicate", target, note, now, duplicate_state="dismissed",
                  duplicate_of_id=None)


def _checked(session: Session, actor: Viewer, complaint_id: int, action: str,
             to_status: str | None = None) -> tuple[Complaint, str]:
    """The complaint (row-locked on PostgreSQL) and the status the action leads to; writes nothing."""
    complaint = session.get(Complaint, complaint_id, with_for_update=True, populate_existing=True)
    if complaint is None:
        raise ComplaintNotFound("not_found", complaint_id=complaint_id)
    require_act(actor, complaint)
    return complaint, workflow.check(action, complaint, to_status)


def _apply(session: Session, actor: Viewer, complaint: Complaint, action: str, target: str, note: str,
           now: datetime, **changes: Any) -> Complaint:
    _record_breaches(session, complaint, now)  # a deadline missed before this step is recorded first
    from_status = complaint.status
    for column, value in changes.items():
        setattr(complaint, column, value)
    complaint.status = target
    _record(session, complaint, actor, workflow.event_of(action), from_status, note, now)
    return complaint


def _record(session: Session, complaint: Complaint, actor: Viewer | None, event: str, from_status: str | None,
            note: str, now: datetime, at: datetime | None = None) -> None:
    """The history row and the change-log row of one change, in the caller's transaction."""
    complaint.updated_at = now
    session.add(ComplaintHistory(complaint_id=complaint.id, at=at or now, actor=_actor_name(actor), action=event,
                                 from_status=from_status, to_status=complaint.status,
                                 opd_code=complaint.opd_code, note=note or ""))
    record_change(session, ENTITY, complaint.id, event, complaint_snapshot(complaint))


# === SLA breaches ==============================================================================

def sweep_sla_breaches(session: Session, settings: Settings, now: datetime | None = None) -> list[Breach]:
    """Records every deadline missed by `now` that is not recorded yet; returns what it recorded.

    Due times are fixed on the complaint at receipt (from `settings` and the category's override),
    so the sweep needs only the clock. Rows being edited elsewhere are skipped: the action that
    holds them records a missed deadline itself.
    """
    now = _now(now)
    overdue = select(Complaint).where(Complaint.status.in_(OPEN_STATUSES), or_(
        and_(Complaint.first_response_at.is_(None), Complaint.first_response_breached_at.is_(None),
             Complaint.first_response_due_at < now),
        and_(Complaint.feedback_at.is_(None), Complaint.feedback_breached_at.is_(None),
             Complaint.feedback_due_at < now),
    )).order_by(Complaint.id).with_for_update(skip_locked=True)
    return [breach for complaint in session.scalars(overdue).all()
            for breach in _record_breaches(session, complaint, now)]


def _record_breaches(session: Session, complaint: Complaint, now: datetime) -> list[Breach]:
    found = []
    for kind, due in (("first_response", sla.first_response_breach(complaint, now)),
                      ("feedback", sla.feedback_breach(complaint, now))):
        if due is None:
            continue
        setattr(complaint, f"{kind}_breached_at", due)
        _record(session, complaint, SLA_ACTOR, f"{kind}_breached", complaint.status, f"was due {iso_utc(due)}", now)
        found.append(Breach(complaint.id, complaint.ticket, kind, due))
    return found


# === reading (staff) ===========================================================================

def get_complaint(session: Session, actor: Viewer, complaint_id: int) -> Complaint:
    """The full complaint, personal data included, for staff who may see it."""
    complaint = session.get(Complaint, complaint_id)
    if complaint is None:
        raise ComplaintNotFound(f"no complaint {complaint_id}")
    require_see(actor, complaint)
    return complaint


def complaint_history(session: Session, actor: Viewer, complaint_id: int) -> list[ComplaintHistory]:
    get_complaint(session, actor, complaint_id)
    return list(session.scalars(select(ComplaintHistory).where(ComplaintHistory.complaint_id == complaint_id)
                                .order_by(ComplaintHistory.id)))


def complaint_photo(session: Session, actor: Viewer, photo_id: int) -> ComplaintPhoto:
    photo = session.get(ComplaintPhoto, photo_id)
    if photo is None:
        raise ComplaintNotFound("photo_not_found", photo_id=photo_id)
    get_complaint(session, actor, photo.complaint_id)
    return photo


# Which deadline comes next: the first response until it is given, then the feedback.
NEXT_DUE_AT = current_due_sql(Complaint)


def list_queue(session: Session, actor: Viewer, opd_code: str | None = None, limit: int = 200) -> list[Complaint]:
    """Open complaints the actor may see (optionally of one OPD), the nearest deadline first."""
    require_role(actor, READING_ROLES, "list complaints")
    query = select(Complaint).where(Complaint.status.in_(OPEN_STATUSES), visible_filter(actor))
    if opd_code is not None:
        query = query.where(Complaint.opd_code == opd_code)
    query = query.order_by(NEXT_DUE_AT.asc().nulls_last(), Complaint.received_at, Complaint.id)
    return list(session.scalars(query.limit(limit)))


def list_triage_queue(session: Session, actor: Viewer, limit: int = 200) -> list[Complaint]:
    """Complaints no rule could route, waiting for an operator to dispatch them; oldest first."""
    require_role(actor, READING_ROLES, "list complaints")
    query = select(Complaint).where(Complaint.status == "received", Complaint.opd_code.is_(None),
                                    visible_filter(actor))
    return list(session.scalars(query.order_by(Complaint.received_at, Complaint.id).limit(limit)))


# === reading (public) ==========================================================================

def find_by_ticket(session: Session, ticket: str) -> PublicComplaint | None:
    """What a citizen sees when he looks up his ticket: no personal data, no staff notes."""
    complaint = session.scalar(select(Complaint).where(Complaint.ticket == normalise_ticket(ticket)))
    if complaint is None:
        return None
    history = session.scalars(select(ComplaintHistory).where(ComplaintHistory.complaint_id == complaint.id)
                              .order_by(ComplaintHistory.id)).all()
    return public_view(complaint, list(history))


def list_requests(session: Session, service_code: str | None = None, status: str | None = None,
                  start_date: datetime | None = None, end_date: datetime | None = None,
                  ids: list[str] | None = None, limit: int = 1000,
                  now: datetime | None = None) -> list[PublicComplaint]:
    """Open311 GET requests: by tickets (ids), or by category, open/closed and a span of at most 90 days
    (the last 90 days by default); newest first."""
    query = select(Complaint)
    if ids:
        query = query.where(Complaint.ticket.in_([normalise_ticket(t) for t in ids]))
    else:
        start, end = _open311_span(start_date, end_date, _now(now))
        query = query.where(Complaint.received_at.between(start, end))
        if service_code:
            query = query.where(Complaint.category_code == service_code)
        if status is not None:
            query = query.where(_open311_status_filter(status))
    query = query.order_by(Complaint.received_at.desc(), Complaint.id.desc()).limit(limit)
    return [public_view(complaint) for complaint in session.scalars(query)]


def _open311_span(start: datetime | None, end: datetime | None, now: datetime) -> tuple[datetime, datetime]:
    span = timedelta(days=OPEN311_MAX_DAYS)
    start, end = (as_utc(start) if start else None), (as_utc(end) if end else None)
    end = end or (start + span if start else now)
    start = start or end - span
    if end < start:
        raise ComplaintValidationError.one("end_date", "end_before_start")
    if end - start > span:
        raise ComplaintValidationError.one("end_date", "span_too_long", days=OPEN311_MAX_DAYS)
    return start, end


def _open311_status_filter(status: str):
    if status not in ("open", "closed"):
        raise ComplaintValidationError.one("status", "unknown_open311_status", value=status)
    closed = Complaint.status.in_(FINISHED_FOR_CITIZENS)
    return closed if status == "closed" else ~closed


# === routing rules and SLA overrides (admin) ===================================================

def seed_routing_rules(session: Session, now: datetime | None = None) -> int:
    """Gives every category without a default rule one to its OPD (core ComplaintCategory.opd_code).
    Safe to run on every start; rules edited by an admin are kept. Returns how many it added."""
    now = _now(now)
    defaults = select(RoutingRule.category_code).where(RoutingRule.kecamatan_code.is_(None))
    has_default = set(session.scalars(defaults))
    added = 0
    for category in session.scalars(select(ComplaintCategory).order_by(ComplaintCategory.code)):
        if category.code not in has_default:
            _save_rule(session, RoutingRule(category_code=category.code, kecamatan_code=None,
                                            opd_code=category.opd_code, updated_at=now))
            added += 1
    return added


def set_routing_rule(session: Session, actor: Viewer, category_code: str, opd_code: str,
                     kecamatan_code: str | None = None, *, now: datetime | None = None) -> RoutingRule:
    """Creates or changes the rule for this category (and kecamatan)."""
    require_role(actor, ADMIN_ROLES, "edit routing rules")
    _require_reference(session, category_code=category_code, opd_code=opd_code, kecamatan_code=kecamatan_code)
    rule = session.scalar(select(RoutingRule).where(
        RoutingRule.category_code == category_code, RoutingRule.kecamatan_code.is_not_distinct_from(kecamatan_code),
    )) or RoutingRule(category_code=category_code, kecamatan_code=kecamatan_code)
    rule.opd_code, rule.updated_at = opd_code, _now(now)
    return _save_rule(session, rule)


def delete_routing_rule(session: Session, actor: Viewer, rule_id: int) -> None:
    require_role(actor, ADMIN_ROLES, "edit routing rules")
    rule = session.get(RoutingRule, rule_id)
    if rule is None:
        raise ComplaintValidationError.one("rule_id", "unknown_rule", rule_id=rule_id)
    record_change(session, "complaint_routing_rule", rule.id, "deleted", _rule_payload(rule))
    session.delete(rule)
    session.flush()


def list_routing_rules(session: Session) -> list[RoutingRule]:
    return list(session.scalars(select(RoutingRule).order_by(RoutingRule.category_code, RoutingRule.kecamatan_code)))


def set_sla_override(session: Session, actor: Viewer, category_code: str, first_response_minutes: int | None = None,
                     feedback_minutes: int | None = None, *, now: datetime | None = None) -> SlaOverride | None:
    """Own SLA minutes for a category (None: the setting); both None removes the override.
    Applies to complaints received afterwards: due times are fixed at receipt."""
    require_role(actor, ADMIN_ROLES, "edit SLA overrides")
    _require_reference(session, category_code=category_code)
    for name, value in (("first_response_minutes", first_response_minutes), ("feedback_minutes", feedback_minutes)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value <= 0):
            raise ComplaintValidationError.one(name, "minutes_not_positive", value=value)
    override = session.get(SlaOverride, category_code)
    payload = dict(category_code=category_code, first_response_minutes=first_response_minutes,
                   feedback_minutes=feedback_minutes)
    if first_response_minutes is None and feedback_minutes is None:
        if override is not None:
            session.delete(override)
            record_change(session, "complaint_sla_override", category_code, "deleted", payload)
        return None
    override = override or SlaOverride(category_code=category_code)
    override.first_response_minutes, override.feedback_minutes = first_response_minutes, feedback_minutes
    override.updated_at = _now(now)
    session.add(override)
    record_change(session, "complaint_sla_override", category_code, "set", payload)
    return override


def _save_rule(session: Session, rule: RoutingRule) -> RoutingRule:
    session.add(rule)
    session.flush()
    record_change(session, "complaint_routing_rule", rule.id, "set", _rule_payload(rule))
    return rule


def _rule_payload(rule: RoutingRule) -> dict:
    return dict(category_code=rule.category_code, kecamatan_code=rule.kecamatan_code, opd_code=rule.opd_code)


def _sla_policy(session: Session, settings: Settings, category_code: str) -> sla.SlaPolicy:
    return _sla_policies(session, settings.complaints).get(category_code) or _default_policy(settings.complaints)


def _sla_policies(session: Session, rules: ComplaintSettings) -> dict[str, sla.SlaPolicy]:
    """The policy of every category with an override."""
    return {o.category_code: sla.SlaPolicy(o.first_response_minutes or rules.first_response_minutes,
                                           o.feedback_minutes or rules.feedback_minutes, rules.working_hours_only)
            for o in session.scalars(select(SlaOverride))}


def _default_policy(rules: ComplaintSettings) -> sla.SlaPolicy:
    return sla.SlaPolicy(rules.first_response_minutes, rules.feedback_minutes, rules.working_hours_only)


# === channel plumbing: API keys and inbound messages ===========================================

def issue_api_key(session: Session, actor: Viewer, label: str, *, now: datetime | None = None) -> tuple[ApiKey, str]:
    """A new key for an Open311 or gateway client; the secret is returned once and never stored."""
    require_role(actor, ADMIN_ROLES, "issue API keys")
    if not label or not label.strip() or len(label) > 100:
        raise ComplaintValidationError.one("label", "label_invalid")
    secret = secrets.token_urlsafe(32)
    key = ApiKey(label=label, key_digest=digest(secret), created_at=_now(now))
    session.add(key)
    session.flush()
    record_change(session, "complaint_api_key", key.id, "issued", {"label": label})
    return key, secret


def revoke_api_key(session: Session, actor: Viewer, key_id: int, *, now: datetime | None = None) -> ApiKey:
    require_role(actor, ADMIN_ROLES, "revoke API keys")
    key = session.get(ApiKey, key_id)
    if key is None:
        raise ComplaintValidationError.one("key_id", "unknown_api_key", key_id=key_id)
    if key.revoked_at is None:
        key.revoked_at = _now(now)
        record_change(session, "complaint_api_key", key.id, "revoked", {"label": key.label})
    return key


def api_key_valid(session: Session, secret: str | None) -> bool:
    if not secret:
        return False
    return session.scalar(select(ApiKey.id).where(ApiKey.key_digest == digest(secret),
                                                  ApiKey.revoked_at.is_(None))) is not None


def register_inbound_message(session: Session, source: str, message_id: str, complaint_id: int | None = None,
                             *, now: datetime | None = None) -> InboundMessage:
    """Remembers a gateway message; raises InboundReplay when (source, message_id) was seen before."""
    if not source or not message_id or len(source) > 32 or len(message_id) > 200:
        raise ComplaintValidationError.one("message_id", "message_id_invalid")
    seen = session.scalar(select(InboundMessage).where(InboundMessage.source == source,
                                                       InboundMessage.message_id == message_id))
    if seen is not None:
        raise InboundReplay("replayed", message_id=message_id, source=source, received_at=iso_utc(seen.received_at))
    message = InboundMessage(source=source, message_id=message_id, received_at=_now(now), complaint_id=complaint_id)
    session.add(message)
    session.flush()  # the unique constraint is the backstop against two gateways racing
    record_change(session, "complaint_inbound_message", message.id, "registered",
                  {"source": source, "complaint_id": complaint_id})
    return message


def link_inbound_message(session: Session, message: InboundMessage, complaint: Complaint) -> InboundMessage:
    """Notes which complaint a registered message became."""
    message.complaint_id = complaint.id
    record_change(session, "complaint_inbound_message", message.id, "linked",
                  {"source": message.source, "complaint_id": complaint.id})
    return message


# === bulk insert (seeders) =====================================================================

BULK_REQUIRED = ("channel", "category_code", "description", "status", "received_at")


def bulk_insert_complaints(session: Session, rows: list[dict[str, Any]], settings: Settings | None = None,
                           now: datetime | None = None, actor_name: str = "system:import") -> list[int]:
    """Inserts many complaints, in their final state, with history and change rows; returns their ids.

    Each row has at least BULK_REQUIRED and otherwise any complaint column (timestamps of the steps
    taken, opd_code, lat/lon, reporter ...). Filled in when absent: kecamatan/kelurahan from lat/lon,
    due times (settings and category overrides), breaches as of `now`, ticket, updated_at. History
    rows are derived from the timestamps; each complaint gets one change row, operation "imported",
    with its snapshot. No photos, no duplicate search, no routing: the caller decides those.
    Trusted input (a seeder): call it with chunks of ~10,000 rows. The rows are appended with
    core.bulk (COPY on PostgreSQL), in the caller's transaction.
    """
    if not rows:
        return []
    now, settings = _now(now), settings or Settings()
    prepared, steps = _prepare_bulk_rows(session, rows, settings, now)
    ids = _insert_bulk_complaints(session, prepared)
    _insert_bulk_history(session, prepared, steps, ids, actor_name)
    record_changes_bulk(session, [dict(entity=ENTITY, entity_id=cid, operation="imported",
                                       payload=complaint_snapshot(SimpleNamespace(id=cid, **row)))
                                  for cid, row in zip(ids, prepared)])
    return ids


_COMPLAINT_COLUMNS = tuple(c.name for c in Complaint.__table__.columns if c.name != "id")
_DATETIME_COLUMNS = tuple(c.name for c in Complaint.__table__.columns
                          if c.name != "id" and isinstance(c.type, UtcDateTime))
_HISTORY_COLUMNS = ("complaint_id", "at", "actor", "action", "from_status", "to_status", "opd_code", "note")


def _prepare_bulk_rows(session: Session, rows: list[dict], settings: Settings,
                       now: datetime) -> tuple[list[dict], list[list]]:
    """The complete column dicts, and each one's history steps (derived once, used twice)."""
    categories, policies = _active_categories(session), _sla_policies(session, settings.complaints)
    default_policy = _default_policy(settings.complaints)
    prepared = [_bulk_row(index, row, categories, policies, default_policy) for index, row in enumerate(rows)]
    _locate_bulk(prepared)
    steps = []
    for row in prepared:
        _fill_bulk_breaches(row, now)
        row_steps = derived_steps(row)
        row["updated_at"] = row["updated_at"] or max(step.at for step in row_steps)
        steps.append(row_steps)
    _assign_bulk_tickets(session, prepared)
    return prepared, steps


def _fill_bulk_breaches(row: dict, now: datetime) -> None:
    """The deadlines this complaint missed by `now`, as the service would have recorded them."""
    complaint = SimpleNamespace(**row)
    row["first_response_breached_at"] = sla.first_response_breach(complaint, now) or complaint.first_response_breached_at
    row["feedback_breached_at"] = sla.feedback_breach(complaint, now) or complaint.feedback_breached_at


def _bulk_row(index: int, row: dict, categories: set[str], policies: dict, default_policy) -> dict:
    missing = [key for key in BULK_REQUIRED if row.get(key) is None]
    unknown = set(row) - set(_COMPLAINT_COLUMNS)
    if missing or unknown or row["status"] not in STATUSES or row["category_code"] not in categories:
        raise ValueError(f"bulk row {index}: missing {missing}, unknown columns {sorted(unknown)}, "
                         f"status {row.get('status')!r}, category {row.get('category_code')!r}")
    clean = {column: row.get(column) for column in _COMPLAINT_COLUMNS}
    for column in _DATETIME_COLUMNS:
        if isinstance(clean[column], datetime):
            clean[column] = as_utc(clean[column])
    policy = policies.get(clean["category_code"], default_policy)
    first_due, feedback_due = sla.due_times(clean["received_at"], policy)
    clean["first_response_due_at"] = clean["first_response_due_at"] or first_due
    clean["feedback_due_at"] = clean["feedback_due_at"] or feedback_due
    return clean


def _locate_bulk(rows: list[dict]) -> None:
    """kecamatan/kelurahan of every row that has a point but no district, in one vectorised lookup."""
    from geo import default_locator

    todo = [row for row in rows if row["lat"] is not None and row["lon"] is not None and not row["kelurahan_code"]]
    if not todo:
        return
    found = default_locator().assign([row["lat"] for row in todo], [row["lon"] for row in todo])
    for row, kelurahan, kecamatan in zip(todo, found["kelurahan_code"], found["kecamatan_code"]):
        row["kelurahan_code"] = None if pd.isna(kelurahan) else str(kelurahan)
        row["kecamatan_code"] = None if pd.isna(kecamatan) else str(kecamatan)


def _assign_bulk_tickets(session: Session, rows: list[dict]) -> None:
    by_period: dict[str, list[dict]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: r["received_at"]):
        if not row["ticket"]:
            by_period[ticket_period(row["received_at"])].append(row)
    for period, period_rows in by_period.items():
        for row, number in zip(period_rows, _allocate_numbers(session, period, len(period_rows))):
            row["ticket"] = format_ticket(period, number)


def _insert_bulk_complaints(session: Session, rows: list[dict]) -> list[int]:
    """Appends the rows; their ids are read back by ticket (unique), in the order of `rows`."""
    table = Complaint.__table__
    append_rows(session, table, _COMPLAINT_COLUMNS, [[row[c] for c in _COMPLAINT_COLUMNS] for row in rows])
    tickets = [row["ticket"] for row in rows]
    found: dict[str, int] = {}
    for start in range(0, len(tickets), 900):  # under SQLite's 999 parameters
        chunk = tickets[start:start + 900]
        found.update(session.execute(select(table.c.ticket, table.c.id).where(table.c.ticket.in_(chunk))).all())
    return [found[ticket] for ticket in tickets]


def _insert_bulk_history(session: Session, rows: list[dict], steps: list[list], ids: list[int],
                         actor_name: str) -> None:
    history = [(cid, step.at, actor_name, step.event, step.from_status, step.to_status, row["opd_code"], "")
               for cid, row, row_steps in zip(ids, rows, steps) for step in row_steps]
    append_rows(session, ComplaintHistory.__table__, _HISTORY_COLUMNS, history)


# === small helpers =============================================================================

def _now(now: datetime | None) -> datetime:
    return as_utc(now) if now is not None else datetime.now(timezone.utc)


def _actor_name(actor: Viewer | None) -> str:
    return "citizen" if actor is None else actor.username[:64]


def _active_categories(session: Session) -> set[str]:
    return set(session.scalars(select(ComplaintCategory.code).where(ComplaintCategory.active.is_(True))))


def _require_opd(session: Session, opd_code: str) -> None:
    _require_reference(session, opd_code=opd_code)


_REFERENCE_TABLES = {"category_code": ComplaintCategory, "opd_code": Opd, "kecamatan_code": Kecamatan}
_OPTIONAL_REFERENCES = ("kecamatan_code",)


def _require_reference(session: Session, **codes: str | None) -> None:
    """Each code names an existing row (kecamatan_code may be None)."""
    errors = []
    for field, code in codes.items():
        if code is None and field not in _OPTIONAL_REFERENCES:
            errors.append((field, Reason("required")))
        elif code is not None and session.get(_REFERENCE_TABLES[field], code) is None:
            errors.append((field, Reason("unknown_reference", {"kind": field.removesuffix("_code"), "value": code})))
    if errors:
        raise ComplaintValidationError.collected(errors)


def _require_note(note: str | None, code: str) -> None:
    if not isinstance(note, str) or not note.strip():
        raise ComplaintValidationError.one("note", code)


def _ticket_of(session: Session, complaint_id: int | None) -> str | None:
    return session.scalar(select(Complaint.ticket).where(Complaint.id == complaint_id)) if complaint_id else None


def _next_tickets(session: Session, received_at: datetime, count: int) -> list[str]:
    period = ticket_period(received_at)
    return [format_ticket(period, number) for number in _allocate_numbers(session, period, count)]


def _allocate_numbers(session: Session, period: str, count: int) -> range:
    """`count` fresh numbers of this month; the counter row is locked until commit on PostgreSQL."""
    table = TicketCounter.__table__
    session.execute(_insert_ignoring_conflict(session, table, ["period"]).values(period=period, last_number=0))
    last = session.execute(update(table).where(table.c.period == period)
                           .values(last_number=table.c.last_number + count).returning(table.c.last_number)).scalar_one()
    return range(last - count + 1, last + 1)


def _insert_ignoring_conflict(session: Session, table, keys: list[str]):
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    return dialect_insert(table).on_conflict_do_nothing(index_elements=keys)
