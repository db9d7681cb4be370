"""API keys of the agencies' field systems: a key is issued for one agency (admin only, audited)
and acts as that agency's representative would: on its own units only."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import api_keys
from core.audit import record_admin
from core.clock import now_or
from core.reference import Opd
from core.users import Viewer, digest
from modules.incidents.access import AGENCY_ROLE, require_role
from modules.incidents.errors import IncidentNotFound, IncidentValidationError
from modules.incidents.models import IncidentApiKey, IncidentUnitType

KEY_ADMIN_ROLES = ("admin", "system")


def issue_api_key(session: Session, actor: Viewer, agency_code: str, label: str,
                  *, now: datetime | None = None) -> tuple[IncidentApiKey, str]:
    """A new key for an agency with units; the secret is returned once and never stored."""
    now = now_or(now)
    require_role(actor, KEY_ADMIN_ROLES, "issue API keys")
    if not api_keys.label_ok(label):
        raise IncidentValidationError("label", "incident_text_too_long", limit=api_keys.MAX_LABEL)
    agencies = set(session.scalars(select(IncidentUnitType.agency_code)))
    if agency_code not in agencies or session.get(Opd, agency_code) is None:
        raise IncidentValidationError("agency_code", "incident_unknown_code", kind="agency", value=agency_code)
    key, secret = api_keys.issue(session, partial(IncidentApiKey, agency_code=agency_code), label.strip(), now)
    record_admin(session, actor, "issued", "api_key", f"incident:{key.id}", None,
                 {"label": key.label, "agency_code": agency_code}, now=now)
    return key, secret


def revoke_api_key(session: Session, actor: Viewer, key_id: int, *, now: datetime | None = None) -> IncidentApiKey:
    now = now_or(now)
    require_role(actor, KEY_ADMIN_ROLES, "revoke API keys")
    key = session.get(IncidentApiKey, key_id)
    if key is None:
        raise IncidentNotFound("key_id", "incident_not_found", kind="API key", key=key_id)
    if api_keys.revoke(key, now):
        record_admin(session, actor, "revoked", "api_key", f"incident:{key.id}", {"revoked": False},
                     {"revoked": True}, now=now)
    return key


def field_actor(session: Session, secret: str | None) -> Viewer | None:
    """The actor a valid, unrevoked key acts as (its agency's representative), or None."""
    if not secret:
        return None
    key = session.scalars(select(IncidentApiKey).where(IncidentApiKey.key_digest == digest(secret),
                                                       IncidentApiKey.revoked_at.is_(None))).first()
    if key is None:
        return None
    return Viewer(user_id=f"apikey:incident:{key.id}", username=f"field:{key.agency_code}:{key.id}",
                  role=AGENCY_ROLE, opd_code=key.agency_code)

