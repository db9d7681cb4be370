"""Channel plumbing: API keys for Open311 and gateway clients (core/api_keys.py), and the inbound
messages a webhook registered, so a replayed call is refused.

A message id is kept normalised (`normalise_message_id`), so a replay cannot slip past the check by
varying the case or the spaces of the id it resends."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import api_keys
from core.audit import record_admin
from core.changelog import record_change, take_writer_lock
from core.clock import now_or
from core.users import Viewer
from modules.complaints.access import require_role
from modules.complaints.checks import ADMIN_ROLES
from modules.complaints.errors import ComplaintValidationError, InboundReplay
from modules.complaints.intake import forbidden_character
from modules.complaints.models import ApiKey, Complaint, InboundMessage
from core.clock import iso_utc


def issue_api_key(session: Session, actor: Viewer, label: str, *, now: datetime | None = None) -> tuple[ApiKey, str]:
    """A new key for an Open311 or gateway client; the secret is returned once and never stored."""
    require_role(actor, ADMIN_ROLES, "issue API keys")
    if not api_keys.label_ok(label):
        raise ComplaintValidationError.one("label", "label_invalid")
    key, secret = api_keys.issue(session, ApiKey, label, now_or(now))
    record_change(session, "complaint_api_key", key.id, "issued", {"label": label})
    record_admin(session, actor, "issued", "api_key", key.id, None, {"label": label, "key": "new"}, now=now)
    return key, secret


def revoke_api_key(session: Session, actor: Viewer, key_id: int, *, now: datetime | None = None) -> ApiKey:
    require_role(actor, ADMIN_ROLES, "revoke API keys")
    key = session.get(ApiKey, key_id)
    if key is None:
        raise ComplaintValidationError.one("key_id", "unknown_api_key", key_id=key_id)
    if api_keys.revoke(key, now_or(now)):
        record_change(session, "complaint_api_key", key.id, "revoked", {"label": key.label})
        record_admin(session, actor, "revoked", "api_key", key.id, {"label": key.label, "revoked": False},
                     {"label": key.label, "revoked": True}, now=now)
    return key


def list_api_keys(session: Session) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).order_by(ApiKey.id)))


def api_key_valid(session: Session, secret: str | None) -> bool:
    return api_keys.is_valid(session, ApiKey, secret)


def register_inbound_message(session: Session, source: str, message_id: str, complaint_id: int | None = None,
                             *, now: datetime | None = None) -> InboundMessage:
    """Remembers a gateway message; raises InboundReplay when (source, message_id) was seen before
    (the id compared normalised)."""
    message_id = normalise_message_id(message_id) if isinstance(message_id, str) else ""
    if not source or not message_id or len(source) > 32 or len(message_id) > 200 or forbidden_character(message_id):
        raise ComplaintValidationError.one("message_id", "message_id_invalid")
    take_writer_lock(session, "complaint_inbound_message")  # before the unique key's row lock: no deadlock
    seen = session.scalar(select(InboundMessage).where(InboundMessage.source == source,
                                                       InboundMessage.message_id == message_id))
    if seen is not None:
        raise InboundReplay("replayed", message_id=message_id, source=source, received_at=iso_utc(seen.received_at))
    message = InboundMessage(source=source, message_id=message_id, received_at=now_or(now), complaint_id=complaint_id)
    session.add(message)
    session.flush()  # the unique constraint is the backstop against two gateways racing
    record_change(session, "complaint_inbound_message", message.id, "registered",
                  {"source": source, "complaint_id": complaint_id})
    return message


def normalise_message_id(message_id: str) -> str:
    """The id as kept and compared: no outer spaces, inner runs of whitespace as one space, case-folded
    (" SMS-0001\t" and "sms-0001" are one message)."""
    return " ".join(message_id.split()).casefold()


def link_inbound_message(session: Session, message: InboundMessage, complaint: Complaint) -> InboundMessage:
    """Notes which complaint a registered message became."""
    message.complaint_id = complaint.id
    record_change(session, "complaint_inbound_message", message.id, "linked",
                  {"source": message.source, "complaint_id": complaint.id})
    return message
