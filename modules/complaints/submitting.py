"""A new complaint: checked (intake.py), stored with its due times and photos, flagged when it
probably repeats an open one nearby, routed to an OPD by the rules (or left in triage)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from core.clock import now_or
from core.settings import Settings
from core.users import Viewer
from modules.complaints.settings import ComplaintSettings
from modules.complaints import sla
from modules.complaints.access import system_actor
from modules.complaints.checks import active_categories, rt_units_of
from modules.complaints.duplicates import find_original
from modules.complaints.history import record_step
from modules.complaints.intake import ComplaintIntake, validate_intake
from modules.complaints.models import Complaint, ComplaintPhoto
from modules.complaints.routing import find_rule
from modules.complaints.rules import sla_policy
from modules.complaints.sla_breaches import record_breaches
from modules.complaints.tickets import next_tickets


ROUTING_ACTOR = system_actor("routing")


def submit_complaint(session: Session, intake: ComplaintIntake, settings: Settings,
                     actor: Viewer | None = None, now: datetime | None = None) -> Complaint:
    """Checks, stores and routes a new complaint; `actor` None means the citizen himself."""
    from geo import locate_point  # geo brings geopandas: imported when a complaint is filed, not at start

    now = now_or(now)
    clean = validate_intake(intake, active_categories(session), settings.complaints.max_photo_bytes,
                            now, locate_point, rt_units_of(session))
    complaint = _insert_complaint(session, clean, sla_policy(session, settings, clean.category_code), now)
    record_step(session, complaint, actor, "submitted", None, f"via {clean.channel}", now, at=clean.received_at)
    _flag_possible_duplicate(session, complaint, settings.complaints, now)
    if not clean.triage:
        _route(session, complaint, now)
    record_breaches(session, complaint, now)
    return complaint


def _insert_complaint(session: Session, clean, policy: sla.SlaPolicy, now: datetime) -> Complaint:
    first_due, feedback_due = sla.due_times(clean.received_at, policy)
    complaint = Complaint(
        ticket=next_tickets(session, clean.received_at, 1)[0], channel=clean.channel,
        category_code=clean.category_code, description=clean.description, external_id=clean.external_id,
        lat=clean.lat, lon=clean.lon, address=clean.address, kecamatan_code=clean.kecamatan_code,
        kelurahan_code=clean.kelurahan_code, rw=clean.rw, rt=clean.rt, reporter_name=clean.reporter_name,
        reporter_contact=clean.reporter_contact, photo_display_consent=clean.photo_display_consent,
        status="received", received_at=clean.received_at,
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
    record_step(session, complaint, ROUTING_ACTOR, "duplicate_suspected", complaint.status,
                f"possible duplicate of {original.ticket}", now)


def _route(session: Session, complaint: Complaint, now: datetime) -> None:
    rule = find_rule(session, complaint.category_code, complaint.kecamatan_code)
    if rule is None:
        return  # stays `received` without an OPD: the command center's triage queue
    complaint.opd_code, complaint.dispatched_at, complaint.status = rule.opd_code, now, "dispatched"
    where = f"kecamatan {rule.kecamatan_code}" if rule.kecamatan_code else "the category's default"
    record_step(session, complaint, ROUTING_ACTOR, "dispatched", "received",
                f"routed to {rule.opd_code} ({where})", now)
