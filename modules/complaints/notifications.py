"""The notification outbox: the officer's feedback to the citizen and the SLA digests to OPD heads.

    queue_feedback     one row per feedback message, in the feedback's own transaction
                       (transitions.send_feedback calls it), so both commit or neither does
    queue_sla_digest   one digest per OPD head per `digest_minutes` window, listing its open
                       missed deadlines not listed before (unless `digest_remind`)
    claim_due          the delivery worker's claim: one conditional UPDATE, so two workers never
                       take the same row, on SQLite and PostgreSQL alike
    record_outcome     sent, skipped, retried later (exponential backoff) or failed for good

The channel is chosen when the row is written, from how the citizen came (`choose_channel`); the
contact itself is never copied here: the worker reads it from the complaint when it sends, and
`last_error` holds a code (`smtp 550`, `http 503`, `timeout`), never an address or a number.
A channel whose sender is not configured marks the row `skipped` (`sender_not_configured`): it
is not retried later, staff see it on the desk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, false, func, select, true, update
from sqlalchemy.orm import Session

from core.changelog import record_change
from core.clock import city_text
from core.reference import Kelurahan, Opd
from core.settings import Settings
from core.users import Viewer
from modules.complaints.access import require_see, visible_filter
from modules.complaints.models import Complaint, ComplaintCategory, ComplaintDigestEntry, ComplaintNotification
from modules.complaints.settings import EMAIL_ADDRESS, opd_head_addresses
from modules.complaints.statuses import OPEN_STATUSES

ENTITY = "complaint_notification"
FEEDBACK, SLA_DIGEST = "feedback", "sla_digest"
EMAIL, SMS, WHATSAPP, NONE = "email", "sms", "whatsapp", "none"
GATEWAY_CHANNELS = (SMS, WHATSAPP)
PENDING, SENT, FAILED, SKIPPED = "pending", "sent", "failed", "skipped"
NO_CONTACT = "no_contact"
MAX_BACKOFF = timedelta(hours=6)  # a long outage is retried every few hours, not every few days
PHONE = re.compile(r"\+?[0-9][0-9 .\-]{6,18}[0-9]")


@dataclass(frozen=True)
class Claimed:
    """A row the worker holds, with what its sender needs (the contact only in memory)."""

    id: int
    token: str
    kind: str
    channel: str
    message: str
    attempts: int
    ticket: str | None
    opd_name: str | None
    recipients: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    status: str  # SENT, SKIPPED or "error" (retried, or FAILED after the last attempt)
    error: str | None = None


# --- writing -------------------------------------------------------------------------------------------

def choose_channel(channel: str, contact: str | None) -> tuple[str, str | None]:
    """(channel, address) for a citizen who came by `channel` and left `contact`: the gateway for
    SMS and WhatsApp, else e-mail when an address was given, else SMS to a phone number, else none."""
    contact = (contact or "").strip()
    email, phone = EMAIL_ADDRESS.search(contact), PHONE.search(contact)
    if channel in GATEWAY_CHANNELS and contact:
        return channel, contact
    if email:
        return EMAIL, email.group(0)
    if phone:
        return SMS, re.sub(r"[ .\-]", "", phone.group(0))
    return NONE, None


def queue_feedback(session: Session, complaint: Complaint, message: str, now: datetime) -> ComplaintNotification:
    """The outbox row of one feedback message, in the caller's (the feedback's) transaction."""
    channel, _address = choose_channel(complaint.channel, complaint.reporter_contact)
    row = ComplaintNotification(kind=FEEDBACK, complaint_id=complaint.id, opd_code=complaint.opd_code,
                                channel=channel, message=message, attempts=0, next_attempt_at=now, created_at=now,
                                status=SKIPPED if channel == NONE else PENDING,
                                last_error=NO_CONTACT if channel == NONE else None)
    session.add(row)
    session.flush()
    _record(session, row, "queued")
    return row


def digest_opds(settings: Settings) -> list[str]:
    """The OPDs whose heads get SLA digests (those with an address in `opd_head_emails`)."""
    return sorted(opd_head_addresses(settings.complaints))


def queue_sla_digest(session: Session, settings: Settings, opd_code: str, now: datetime
                     ) -> ComplaintNotification | None:
    """This window's digest for one OPD's head, when its queue holds open missed deadlines not
    listed before (all of them again with `digest_remind`); None when there is nothing to say or
    the window's digest exists. Two jobs racing for a window: the unique dedupe_key refuses the
    second (IntegrityError, the caller's transaction rolls back)."""
    section = settings.complaints
    window = int(now.timestamp() // (section.digest_minutes * 60))
    key = f"{SLA_DIGEST}:{opd_code}:{window}"
    if session.scalar(select(ComplaintNotification.id).where(ComplaintNotification.dedupe_key == key)):
        return None
    breaches = open_breaches(session, opd_code, now, skip_listed=not section.digest_remind)
    if not breaches:
        return None
    row = ComplaintNotification(kind=SLA_DIGEST, opd_code=opd_code, channel=EMAIL, status=PENDING, attempts=0,
                                message=digest_text(session, opd_code, breaches, now), dedupe_key=key,
                                next_attempt_at=now, created_at=now)
    session.add(row)
    session.flush()
    session.add_all([ComplaintDigestEntry(notification_id=row.id, complaint_id=b.complaint_id, breach=b.breach)
                     for b in breaches])
    _record(session, row, "queued", listed=len(breaches))
    return row


@dataclass(frozen=True)
class OpenBreach:
    complaint_id: int
    ticket: str
    category: str
    kelurahan: str | None
    breach: str  # first_response or feedback
    due_at: datetime


def open_breaches(session: Session, opd_code: str, now: datetime, skip_listed: bool = True) -> list[OpenBreach]:
    """Open complaints of the OPD whose missed deadline (recorded by the sweeper) is still unmet,
    longest late first; with `skip_listed`, those an earlier digest named are left out."""
    found = []
    for breach, breached_at, done_at in (("first_response", Complaint.first_response_breached_at,
                                          Complaint.first_response_at),
                                         ("feedback", Complaint.feedback_breached_at, Complaint.feedback_at)):
        query = (select(Complaint.id, Complaint.ticket, ComplaintCategory.name, Kelurahan.name, breached_at)
                 .join(ComplaintCategory, ComplaintCategory.code == Complaint.category_code)
                 .outerjoin(Kelurahan, Kelurahan.code == Complaint.kelurahan_code)
                 .where(Complaint.opd_code == opd_code, Complaint.status.in_(OPEN_STATUSES),
                        breached_at.is_not(None), done_at.is_(None)))
        if skip_listed:
            query = query.where(~exists().where(ComplaintDigestEntry.complaint_id == Complaint.id,
                                                ComplaintDigestEntry.breach == breach))
        found += [OpenBreach(*row[:4], breach, row[4]) for row in session.execute(query)]
    return sorted(found, key=lambda b: (b.due_at, b.ticket))


BREACH_NAMES = {"first_response": "tanggapan pertama", "feedback": "umpan balik"}


def digest_text(session: Session, opd_code: str, breaches: list[OpenBreach], now: datetime) -> str:
    """The digest's body in Indonesian: one line per missed deadline (no personal data)."""
    opd = session.scalar(select(Opd.name).where(Opd.code == opd_code)) or opd_code
    lines = [f"Yth. Kepala {opd},", "",
             f"Per {city_text(now, '%d/%m/%Y %H:%M WIB')}, {len(breaches)} tenggat SLA aduan di antrean Anda "
             "terlewati dan belum dipenuhi:", ""]
    lines += [f"- {b.ticket} · {b.category} · Kel. {b.kelurahan or '—'} · {BREACH_NAMES[b.breach]} "
              f"terlambat {late_text(now - b.due_at)}" for b in breaches]
    lines += ["", "Mohon segera ditindaklanjuti di halaman Antrean TPKPM Pantau."]
    return "\n".join(lines)


def late_text(late: timedelta) -> str:
    """'2 hari 3 jam', '5 jam 20 menit', '45 menit'."""
    minutes = max(0, int(late.total_seconds() // 60))
    days, hours, rest = minutes // 1440, minutes % 1440 // 60, minutes % 60
    parts = [(days, "hari"), (hours, "jam")] if days else [(hours, "jam"), (rest, "menit")]
    return " ".join(f"{n} {unit}" for n, unit in parts if n) or "0 menit"


# --- delivering ----------------------------------------------------------------------------------------

def claim_due(session: Session, token: str, now: datetime, lease_seconds: float, limit: int = 20,
              settings: Settings | None = None) -> list[Claimed]:
    """Claims up to `limit` due rows for the worker `token` and returns them. One conditional
    UPDATE: a row another worker claimed first no longer matches (its next_attempt_at moved to the
    end of its lease), so no row is taken twice; PostgreSQL also skips rows locked meanwhile."""
    due = (select(ComplaintNotification.id)
           .where(ComplaintNotification.status == PENDING, ComplaintNotification.next_attempt_at <= now)
           .order_by(ComplaintNotification.next_attempt_at, ComplaintNotification.id).limit(limit)
           .with_for_update(skip_locked=True))
    session.execute(update(ComplaintNotification)
                    .where(ComplaintNotification.id.in_(due.scalar_subquery()),
                           ComplaintNotification.status == PENDING, ComplaintNotification.next_attempt_at <= now)
                    .values(claim_token=token, attempts=ComplaintNotification.attempts + 1,
                            next_attempt_at=now + timedelta(seconds=lease_seconds))
                    .execution_options(synchronize_session=False))
    rows = session.scalars(select(ComplaintNotification).where(ComplaintNotification.claim_token == token)
                           .order_by(ComplaintNotification.id)).all()
    heads = opd_head_addresses(settings.complaints) if settings is not None else {}
    return [_claimed(session, row, heads) for row in rows]


def _claimed(session: Session, row: ComplaintNotification, heads: dict[str, tuple[str, ...]]) -> Claimed:
    ticket, recipients = None, heads.get(row.opd_code or "", ())
    if row.kind == FEEDBACK:
        complaint = session.get(Complaint, row.complaint_id)
        ticket = complaint.ticket
        _channel, address = choose_channel(complaint.channel, complaint.reporter_contact)
        recipients = (address,) if address else ()
    opd_name = session.scalar(select(Opd.name).where(Opd.code == row.opd_code)) if row.opd_code else None
    return Claimed(row.id, row.claim_token, row.kind, row.channel, row.message, row.attempts, ticket, opd_name,
                   recipients)


def record_outcome(session: Session, claimed: Claimed, outcome: Outcome, settings: Settings,
                   now: datetime) -> ComplaintNotification | None:
    """Sent, skipped, due again after a backoff, or failed after the last attempt; None when the
    claim was lost (the lease ran out and another worker holds the row now)."""
    row = session.get(ComplaintNotification, claimed.id, with_for_update=True, populate_existing=True)
    if row is None or row.claim_token != claimed.token:
        return None
    section = settings.complaints
    row.claim_token, row.last_error = None, outcome.error
    if outcome.status in (SENT, SKIPPED):
        row.status = outcome.status
        row.sent_at = now if outcome.status == SENT else None
    elif row.attempts >= section.notify_max_attempts:
        row.status = FAILED
    else:
        row.next_attempt_at = now + min(MAX_BACKOFF, timedelta(seconds=section.notify_retry_seconds
                                                               * 2 ** (row.attempts - 1)))
    _record(session, row, row.status if row.status != PENDING else "retry_scheduled")
    return row


# --- staff reads ---------------------------------------------------------------------------------------

def notifications_of(session: Session, actor: Viewer, complaint_id: int) -> list[ComplaintNotification]:
    """A complaint's messages to the citizen, oldest first, for staff who may see the complaint."""
    complaint = session.get(Complaint, complaint_id)
    if complaint is None:
        return []
    require_see(actor, complaint)
    return list(session.scalars(select(ComplaintNotification).where(ComplaintNotification.complaint_id == complaint_id)
                                .order_by(ComplaintNotification.id)))


def undelivered_counts(session: Session, actor: Viewer, opd_code: str | None = None) -> dict[str, int]:
    """{"failed": n, "skipped": n}: messages to citizens (of complaints the actor sees, optionally of
    one OPD) and digests (of OPDs the actor sees) that did not go out."""
    feedback = (select(ComplaintNotification.status, func.count())
                .join(Complaint, Complaint.id == ComplaintNotification.complaint_id)
                .where(ComplaintNotification.status.in_((FAILED, SKIPPED)), visible_filter(actor)))
    if opd_code is not None:
        feedback = feedback.where(Complaint.opd_code == opd_code)
    counts = {FAILED: 0, SKIPPED: 0}
    for status, count in session.execute(feedback.group_by(ComplaintNotification.status)):
        counts[status] += count
    digests = select(ComplaintNotification.status, func.count()).where(
        ComplaintNotification.kind == SLA_DIGEST, ComplaintNotification.status.in_((FAILED, SKIPPED)),
        _digest_scope(actor, opd_code))
    for status, count in session.execute(digests.group_by(ComplaintNotification.status)):
        counts[status] += count
    return counts


def _digest_scope(actor: Viewer, opd_code: str | None):
    """Digests are an OPD's: an OPD officer sees his own, operator and admin every OPD's."""
    if actor.role == "opd":
        return ComplaintNotification.opd_code == actor.opd_code
    if actor.role not in ("admin", "operator"):
        return false()
    return ComplaintNotification.opd_code == opd_code if opd_code else true()


def _record(session: Session, row: ComplaintNotification, operation: str, **extra) -> None:
    """The change-log row of the outbox row (no message text, no contact: the ETL needs neither)."""
    record_change(session, ENTITY, row.id, operation, {
        "kind": row.kind, "complaint_id": row.complaint_id, "opd_code": row.opd_code, "channel": row.channel,
        "status": row.status, "attempts": row.attempts, "last_error": row.last_error, **extra})
