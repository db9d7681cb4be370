"""API keys for machine clients, for any domain: a random secret shown once, stored only as its
SHA-256 digest, revocable. A domain keeps its own key table (columns `label`, `key_digest`,
`created_at`, `revoked_at`) and checks who may issue keys; these functions do the rest inside the
caller's transaction.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.users import digest

MAX_LABEL = 100


def label_ok(label: str | None) -> bool:
    """A key names its client in 1 to MAX_LABEL characters."""
    return bool(label and label.strip()) and len(label) <= MAX_LABEL


def issue(session: Session, model, label: str, now: datetime):
    """A new key row and its secret (the only time the secret exists outside the client)."""
    secret = secrets.token_urlsafe(32)
    key = model(label=label, key_digest=digest(secret), created_at=now)
    session.add(key)
    session.flush()
    return key, secret


def revoke(key, now: datetime) -> bool:
    """Revokes the key; False when it was revoked already (nothing changed)."""
    if key.revoked_at is not None:
        return False
    key.revoked_at = now
    return True


def is_valid(session: Session, model, secret: str | None) -> bool:
    if not secret:
        return False
    return session.scalar(select(model.id).where(model.key_digest == digest(secret),
                                                 model.revoked_at.is_(None))) is not None
