"""Tables of the complaints module. Only `service.py` writes them.

Column names of `complaints` that appear in the change-log snapshot are named exactly like the
snapshot keys (see snapshot.py), so the snapshot and the extract query cannot drift apart.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (Boolean, Float, ForeignKey, Index, Integer, LargeBinary, SmallInteger, String, Text,
                        UniqueConstraint, event, false)
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, BigId, UtcDateTime


class Complaint(Base):
    __tablename__ = "complaints"
    __table_args__ = (
        Index("ix_complaints_category_received", "category_code", "received_at"),  # duplicate search
        Index("ix_complaints_opd_status", "opd_code", "status"),  # an OPD's queue (and any opd_code filter)
        Index("ix_complaints_kelurahan_rw", "kelurahan_code", "rw"),  # an RT/RW head's complaints
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    ticket: Mapped[str] = mapped_column(String(20), unique=True)  # quoted by the citizen: ADU-2611-000123
    channel: Mapped[str] = mapped_column(String(16))
    category_code: Mapped[str] = mapped_column(ForeignKey("complaint_categories.code"))
    description: Mapped[str] = mapped_column(Text)
    external_id: Mapped[str | None] = mapped_column(String(100))  # id on the channel (tweet, SMS ...)

    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(String(300))
    kecamatan_code: Mapped[str | None] = mapped_column(ForeignKey("kecamatan.code"), index=True)
    kelurahan_code: Mapped[str | None] = mapped_column(ForeignKey("kelurahan.code"), index=True)
    # The RW / RT the citizen named: an area (not personal data), so an RT/RW head can see his RW's complaints.
    rw: Mapped[int | None] = mapped_column(SmallInteger)
    rt: Mapped[int | None] = mapped_column(SmallInteger)

    # Personal data: kept as evidence, never in public output nor in the change log.
    reporter_name: Mapped[str | None] = mapped_column(String(200))
    reporter_contact: Mapped[str | None] = mapped_column(String(200))
    # The reporter allowed his photos on the command center's wall displays. False unless he said
    # so (never assumed); only such photos reach a wall (data/complaint_photos.py).
    photo_display_consent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    opd_code: Mapped[str | None] = mapped_column(ForeignKey("opd.code"))  # NULL: triage queue
    status: Mapped[str] = mapped_column(String(16), index=True)
    rejection_reason: Mapped[str | None] = mapped_column(String(32))
    duplicate_state: Mapped[str | None] = mapped_column(String(16))  # suspected / confirmed / dismissed
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"))

    received_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    dispatched_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # first dispatch to an OPD
    first_response_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    feedback_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # first feedback to the citizen
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    rejected_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    first_response_due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    feedback_due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    first_response_breached_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # = the due time missed
    feedback_breached_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ComplaintPhoto(Base):
    __tablename__ = "complaint_photos"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(32))  # detected from the bytes, not the claim
    size_bytes: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ComplaintHistory(Base):
    """Append-only: one row per step, never updated or deleted."""

    __tablename__ = "complaint_history"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(64))  # user name, "citizen" or "system:<what>"
    action: Mapped[str] = mapped_column(String(32))  # the event name, as in the change log
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    opd_code: Mapped[str | None] = mapped_column(String(32))  # the OPD in charge after this step
    note: Mapped[str] = mapped_column(Text, default="")


@event.listens_for(ComplaintHistory, "before_update")
@event.listens_for(ComplaintHistory, "before_delete")
def _history_is_append_only(_mapper, _connection, target) -> None:
    raise RuntimeError(f"complaint history row {target.id} is append-only")


class RoutingRule(Base):
    """Category (+ optional kecamatan) -> OPD. The rule with a kecamatan beats the one without."""

    __tablename__ = "complaint_routing_rules"
    __table_args__ = (UniqueConstraint("category_code", "kecamatan_code",
                                       name="uq_complaint_routing_rules_category_kecamatan"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    category_code: Mapped[str] = mapped_column(ForeignKey("complaint_categories.code"))  # indexed by the unique key
    kecamatan_code: Mapped[str | None] = mapped_column(ForeignKey("kecamatan.code"))
    opd_code: Mapped[str] = mapped_column(ForeignKey("opd.code"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SlaOverride(Base):
    """Per-category SLA minutes; a NULL column falls back to the settings."""

    __tablename__ = "complaint_sla_overrides"

    category_code: Mapped[str] = mapped_column(ForeignKey("complaint_categories.code"), primary_key=True)
    first_response_minutes: Mapped[int | None] = mapped_column(Integer)
    feedback_minutes: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TicketCounter(Base):
    """Last ticket number handed out per month (Asia/Jakarta): ADU-<yymm>-<number>."""

    __tablename__ = "complaint_ticket_counters"

    period: Mapped[str] = mapped_column(String(4), primary_key=True)  # yymm
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class ApiKey(Base):
    """A key for Open311 / gateway clients; only its SHA-256 digest is stored."""

    __tablename__ = "complaint_api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    label: Mapped[str] = mapped_column(String(100))
    key_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class InboundMessage(Base):
    """A message received from a channel gateway (SMS, social media), kept to refuse replays."""

    __tablename__ = "complaint_inbound_messages"
    __table_args__ = (UniqueConstraint("source", "message_id", name="uq_complaint_inbound_messages_source_message"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(32))
    message_id: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"), index=True)


class ComplaintCategory(Base):
    """A complaint category and the OPD that handles it by default (reference/complaint_categories.csv)."""

    __tablename__ = "complaint_categories"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    opd_code: Mapped[str] = mapped_column(ForeignKey("opd.code"))
    typical_share: Mapped[float] = mapped_column(Float)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ComplaintNotification(Base):
    """The outbox of messages to citizens and OPD heads (notifications.py writes it, the delivery
    worker sends it). No contact data is kept here: the worker reads the reporter's contact from
    the complaint, and an OPD head's address from the settings, when it sends."""

    __tablename__ = "complaint_notifications"
    __table_args__ = (
        Index("ix_complaint_notifications_due", "status", "next_attempt_at"),  # the worker's claim
        UniqueConstraint("dedupe_key", name="uq_complaint_notifications_dedupe_key"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))  # "feedback" (to the citizen) or "sla_digest" (to an OPD head)
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"), index=True)  # feedback only
    opd_code: Mapped[str | None] = mapped_column(String(32), index=True)  # the OPD in charge / of the digest
    channel: Mapped[str] = mapped_column(String(16))  # email, sms, whatsapp or none
    message: Mapped[str] = mapped_column(Text)  # what the recipient reads (no personal data)
    status: Mapped[str] = mapped_column(String(16))  # pending, sent, failed, skipped
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)  # also the lease of a claimed row
    claim_token: Mapped[str | None] = mapped_column(String(32))  # the worker that holds the row
    last_error: Mapped[str | None] = mapped_column(String(200))  # a code, never contact data
    dedupe_key: Mapped[str | None] = mapped_column(String(100))  # one digest per OPD and interval
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ComplaintDigestEntry(Base):
    """One missed deadline listed in an SLA digest: the next digest leaves it out (unless reminding)."""

    __tablename__ = "complaint_digest_entries"
    __table_args__ = (Index("ix_complaint_digest_entries_breach", "complaint_id", "breach"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    notification_id: Mapped[int] = mapped_column(
        ForeignKey("complaint_notifications.id", name="fk_complaint_digest_entries_notification"), index=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"))
    breach: Mapped[str] = mapped_column(String(16))  # first_response or feedback
