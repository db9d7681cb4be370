"""API keys of the agencies' field systems (a fleet tracker, a station's terminal): each key belongs
to one agency and acts only on that agency's units and dispatches. The secret is shown once and
stored as its SHA-256 digest (core/api_keys.py); an admin issues and revokes keys
(`manage.py incident-key`, modules/incidents/cli.py), each change in the admin audit.

A request with a key acts as `key_actor(key)`: an `opd` Viewer of the key's agency, so the
service's one access rule (access.require_unit_actor) decides, as for an agency's staff."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from sqlalchemy import ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core import api_keys
from core.audit import record_admin
from core.clock import now_or
from core.db import Base, UtcDateTime
from core.users import Viewer
from modules.incidents.access import AGENCY_ROLE, SYSTEM_ROLE, require_role
from modules.incidents.errors import IncidentNotFound, IncidentValidationError
from modules.incidents.models import IncidentUnitType

ISSUER_ROLES = ("admin", SYSTEM_ROLE)  # an admin, or manage.py (core.audit.cli_actor)
AUDIT_TYPE = "api_key"  # core.audit's type for every domain's API keys; the key says "incident:<id>"


class IncidentAgencyKey(Base):
    """A key of one agency's field system; only its SHA-256 digest is stored."""

    __tablename__ = "incident_agency_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agency_code: Mapped[str] = mapped_column(ForeignKey("opd.code"))
    label: Mapped[str] = mapped_column(String(100))
    key_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


def unit_agencies(session: Session) -> list[str]:
    """The agencies that have units (reference/incident_agencies.csv): the ones a key may serve."""
    return sorted(set(session.scalars(select(IncidentUnitType.agency_code))))


def issue_agency_key(session: Session, actor: Viewer, agency_code: str, label: str,
                     *, now: datetime | None = None) -> tuple[IncidentAgencyKey, str]:
    """A new key of `agency_code`; the secret is returned once and never stored."""
    require_role(actor, ISSUER_ROLES, "issue agency keys")
    known = unit_agencies(session)
    if agency_code not in known:
        raise IncidentValidationError("agency_code", "incident_unknown_choice", value=agency_code,
                                      known=", ".join(known))
    if not api_keys.label_ok(label):
        blank = not isinstance(label, str) or not label.strip()
        raise IncidentValidationError("label", "incident_required" if blank else "incident_text_too_long",
                                      limit=api_keys.MAX_LABEL)
    # core's issue() builds model(label=, key_digest=, created_at=): the agency rides along
    key, secret = api_keys.issue(session, partial(IncidentAgencyKey, agency_code=agency_code), label.strip(),
                                 now_or(now))
    record_admin(session, actor, "issued", AUDIT_TYPE, f"incident:{key.id}", None,
                 {"agency_code": agency_code, "label": key.label, "key": "new"}, now=now)
    return key, secret


def revoke_agency_key(session: Session, actor: Viewer, key_id: int,
                      *, now: datetime | None = None) -> IncidentAgencyKey:
    require_role(actor, ISSUER_ROLES, "revoke agency keys")
    key = session.get(IncidentAgencyKey, key_id)
    if key is None:
        raise IncidentNotFound("key_id", "incident_not_found", kind="agency key", key=key_id)
    if api_keys.revoke(key, now_or(now)):
        record_admin(session, actor, "revoked", AUDIT_TYPE, f"incident:{key.id}",
                     {"agency_code": key.agency_code, "label": key.label, "revoked": False},
                     {"agency_code": key.agency_code, "label": key.label, "revoked": True}, now=now)
    return key


def list_agency_keys(session: Session) -> list[IncidentAgencyKey]:
    return list(session.scalars(select(IncidentAgencyKey).order_by(IncidentAgencyKey.id)))


def key_of(session: Session, secret: str | None) -> IncidentAgencyKey | None:
    """The valid (not revoked) key with this secret, or None."""
    if not secret:
        return None
    return session.scalar(select(IncidentAgencyKey).where(IncidentAgencyKey.key_digest == api_keys.digest(secret),
                                                          IncidentAgencyKey.revoked_at.is_(None)))


def key_actor(key: IncidentAgencyKey) -> Viewer:
    """The actor a keyed request acts as: its agency's representative, named after the key."""
    return Viewer(user_id=f"agency-key:{key.id}", username=f"agency-key:{key.agency_code}:{key.id}",
                  role=AGENCY_ROLE, opd_code=key.agency_code)

