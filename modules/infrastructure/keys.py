"""API keys of the monitoring systems a city already runs (Prometheus Alertmanager, Zabbix): one key
per integration, issued by an admin (audited), shown once and stored only as its SHA-256 digest
(core.api_keys). A key names its integration, so an Alertmanager key cannot post as Zabbix: a
leaked key of one system reaches one endpoint only, and revoking it stops that system alone.

Alertmanager sends the key as `Authorization: Bearer <key>` from its receiver's `http_config`
(`authorization: {credentials_file: ...}`); the Zabbix media-type script sets the same header.

The table lives here rather than in models.py because only the alert ingest reads it; the domain
registers this module among its models (domains/infrastructure.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core import api_keys
from core.audit import record_admin
from core.clock import now_or
from core.db import Base, UtcDateTime
from core.users import Viewer, digest

ALERTMANAGER, ZABBIX = "alertmanager", "zabbix"
INTEGRATIONS = (ALERTMANAGER, ZABBIX)
KEY_ADMIN_ROLES = ("admin", "system")


class InfraApiKey(Base):
    """A key of one monitoring integration; only its digest is kept."""

    __tablename__ = "infra_api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    integration: Mapped[str] = mapped_column(String(20))  # INTEGRATIONS
    label: Mapped[str] = mapped_column(String(100))
    key_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class KeyRefused(ValueError):
    """A key request refused: the field it concerns and why (English: only admins and the command line see it)."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


def issue_key(session: Session, actor: Viewer, integration: str, label: str,
              *, now: datetime | None = None) -> tuple[InfraApiKey, str]:
    """A new key for one integration; the secret is returned once and never stored."""
    now = now_or(now)
    _require_key_admin(actor, "issue monitoring API keys")
    if integration not in INTEGRATIONS:
        raise KeyRefused("integration", f"{integration!r} is not one of {', '.join(INTEGRATIONS)}")
    if not api_keys.label_ok(label):
        raise KeyRefused("label", f"1 to {api_keys.MAX_LABEL} characters")
    key, secret = api_keys.issue(session, lambda **row: InfraApiKey(integration=integration, **row), label.strip(),
                                 now)
    record_admin(session, actor, "issued", "api_key", f"infrastructure:{key.id}", None,
                 {"label": key.label, "integration": integration}, now=now)
    return key, secret


def revoke_key(session: Session, actor: Viewer, key_id: int, *, now: datetime | None = None) -> InfraApiKey:
    now = now_or(now)
    _require_key_admin(actor, "revoke monitoring API keys")
    key = session.get(InfraApiKey, key_id)
    if key is None:
        raise KeyRefused("key_id", f"no monitoring API key {key_id}")
    if api_keys.revoke(key, now):
        record_admin(session, actor, "revoked", "api_key", f"infrastructure:{key.id}", {"revoked": False},
                     {"revoked": True}, now=now)
    return key


def key_integration(session: Session, secret: str | None) -> str | None:
    """The integration a valid, unrevoked key belongs to, or None."""
    if not secret:
        return None
    return session.scalar(select(InfraApiKey.integration).where(InfraApiKey.key_digest == digest(secret),
                                                                InfraApiKey.revoked_at.is_(None)))


def _require_key_admin(actor: Viewer, what: str) -> None:
    if actor.role not in KEY_ADMIN_ROLES:
        raise KeyRefused("actor", f"the {actor.role} role may not {what}")
