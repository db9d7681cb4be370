"""The admin audit trail: who changed which user, kiosk token, API key, routing rule or SLA override,
when, and the object before and after.

A service that changes such an object calls `record_admin(...)` in the same session as the change,
so both commit together or neither does. Secrets (passwords, tokens, keys and their digests) never
reach a row: a field named like one is stored as "changed" only (`scrubbed`).

Who: a person's user id and name; the command line is "cli:<os user>" (`cli_actor`), with no id.
"""

from __future__ import annotations

import getpass
import os
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.clock import now_or
from core.db import Base, BigId, UtcDateTime

SECRET_FIELDS = frozenset({"password", "password_hash", "token", "token_digest", "secret", "key", "key_digest"})
CHANGED = "changed"
ADMIN_ACTOR_ROLES = ("admin", "system")  # a person with the admin role, or the command line / set-up
OBJECT_TYPES = ("user", "kiosk_token", "api_key", "routing_rule", "sla_override")


class AdminAudit(Base):
    __tablename__ = "admin_audit"
    __table_args__ = (Index("ix_admin_audit_at", "at"), Index("ix_admin_audit_object", "object_type", "object_key"),
                      Index("ix_admin_audit_actor", "actor_username"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor_user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # None: the command line, set-up
    actor_username: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))
    object_type: Mapped[str] = mapped_column(String(32))
    object_key: Mapped[str] = mapped_column(String(100))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


def record_admin(session: Session, actor, action: str, object_type: str, object_key, before: dict | None = None,
                 after: dict | None = None, *, now: datetime | None = None) -> AdminAudit:
    """Adds the audit row of one change to the caller's transaction. `actor` is a core.users.Viewer."""
    if object_type not in OBJECT_TYPES:
        raise ValueError(f"unknown audited object type {object_type!r}")
    user_id = str(actor.user_id)
    row = AdminAudit(at=now_or(now), actor_user_id=int(user_id) if user_id.isdigit() else None,
                     actor_username=actor.username[:100], action=action, object_type=object_type,
                     object_key=str(object_key)[:100], before=scrubbed(before), after=scrubbed(after))
    session.add(row)
    session.flush()  # a refused row (a constraint) fails the change with it, here and not at commit
    return row


def scrubbed(values: dict | None) -> dict | None:
    """The values as stored: a secret's value becomes "changed", whatever it was."""
    if values is None:
        return None
    return {name: CHANGED if name in SECRET_FIELDS else value for name, value in values.items()}


def cli_actor():
    """The command line's actor: "cli:<os user>", allowed what an admin is (the terminal is trusted)."""
    from core.users import Viewer

    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (a container's numeric user)
        name = os.environ.get("USER") or str(os.getuid())
    return Viewer(user_id=f"cli:{name}", username=f"cli:{name}", role="system")
