"""Users, roles and their scopes, kiosk tokens for wall displays.

Roles follow DESIGN.md. A user's scope narrows what he sees: an `opd` user his OPD, a `camat` his
kecamatan, a `lurah` his kelurahan, an `rt_rw` user his RW (and RT). Passwords are stored as
salted scrypt hashes; kiosk tokens and API keys only as SHA-256 digests.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

from sqlalchemy import Boolean, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from core.db import Base, UtcDateTime
from core.scope import DEFAULT_CITY_WIDE_ROLES, Scope, scope_for
from core.settings import ROLES

SCOPE_FIELDS = {"opd": ("opd_code",), "camat": ("kecamatan_code",), "lurah": ("kelurahan_code",),
                "rt_rw": ("kelurahan_code", "rw")}


class UserError(ValueError):
    """A user operation was refused; the message says why."""


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    opd_code: Mapped[str | None] = mapped_column(ForeignKey("opd.code"), nullable=True)
    kecamatan_code: Mapped[str | None] = mapped_column(ForeignKey("kecamatan.code"), nullable=True)
    kelurahan_code: Mapped[str | None] = mapped_column(ForeignKey("kelurahan.code"), nullable=True)
    rw: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rt: Mapped[int | None] = mapped_column(Integer, nullable=True)
    city_wide: Mapped[bool] = mapped_column(Boolean, default=False)  # an OPD user granted the city-wide view
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Copied into the session at login and compared on every request: raising it (logout, a new
    # password, deactivation) ends every session of this user, signed cookies included.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class KioskToken(Base):
    """A revocable token that logs a wall display in with the `wall` role only."""

    __tablename__ = "kiosk_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(100))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


@dataclass(frozen=True)
class Viewer:
    """Who is asking, as the read side needs it: role, codes and the scope built from them (see
    core.scope), no database object. The request's viewer is built with the settings' city-wide
    roles (`viewer_of(user, roles)`); one built by hand gets the default roles."""

    user_id: str
    username: str
    role: str
    opd_code: str | None = None
    kecamatan_code: str | None = None
    kelurahan_code: str | None = None
    rw: int | None = None
    rt: int | None = None
    city_wide: bool = False
    scope: Scope = field(default=None, compare=False)  # type: ignore[assignment]

    def __post_init__(self):
        if self.scope is None:
            object.__setattr__(self, "scope", self._scope(DEFAULT_CITY_WIDE_ROLES))

    def with_city_wide_roles(self, city_wide_roles: tuple[str, ...]) -> "Viewer":
        return replace(self, scope=self._scope(city_wide_roles))

    def _scope(self, city_wide_roles: tuple[str, ...]) -> Scope:
        return scope_for(self.role, opd_code=self.opd_code, kecamatan_code=self.kecamatan_code,
                         kelurahan_code=self.kelurahan_code, rw=self.rw, rt=self.rt, city_wide=self.city_wide,
                         city_wide_roles=city_wide_roles)


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_user(session: Session, username: str, password: str, role: str, full_name: str = "",
                **scope) -> User:
    if role not in ROLES or role == "wall":
        raise UserError(f"role: unknown or not assignable to a person: {role!r}")
    if len(password) < 8:
        raise UserError("password: must have at least 8 characters")
    if session.scalar(select(User).where(User.username == username)):
        raise UserError(f"username: {username!r} exists already")
    for name in SCOPE_FIELDS.get(role, ()):
        if scope.get(name) in (None, ""):
            raise UserError(f"{name}: required for role {role}")
    user = User(username=username, full_name=full_name, password_hash=generate_password_hash(password),
                role=role, created_at=now_utc(), **scope)
    session.add(user)
    session.flush()
    return user


def reset_password(session: Session, username: str, password: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise UserError(f"username: no user {username!r}")
    if len(password) < 8:
        raise UserError("password: must have at least 8 characters")
    user.password_hash = generate_password_hash(password)
    end_sessions(user)
    return user


def set_active(session: Session, username: str, active: bool) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise UserError(f"username: no user {username!r}")
    user.active = active
    if not active:
        end_sessions(user)  # re-activating him later must not revive the old sessions
    return user


def end_sessions(user: User) -> None:
    """Every session cookie issued to this user so far stops working at its next request."""
    user.session_version = (user.session_version or 1) + 1


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
    # An unknown name is checked against a dummy hash: both answers take as long, so the time
    # of a failed login does not tell whether the name exists.
    stored_hash = user.password_hash if user is not None else _dummy_password_hash()
    if not check_password_hash(stored_hash, password) or user is None:
        return None
    return user


@functools.cache
def _dummy_password_hash() -> str:
    return generate_password_hash(secrets.token_urlsafe(16))  # same method and cost as real ones


def issue_kiosk_token(session: Session, label: str) -> tuple[KioskToken, str]:
    """Returns the stored token and its secret, which is shown once and never stored."""
    secret = secrets.token_urlsafe(24)
    token = KioskToken(label=label, token_digest=digest(secret), created_at=now_utc())
    session.add(token)
    session.flush()
    return token, secret


def revoke_kiosk_token(session: Session, token_id: int) -> KioskToken:
    token = session.get(KioskToken, token_id)
    if token is None:
        raise UserError(f"token: no kiosk token {token_id}")
    token.revoked_at = token.revoked_at or now_utc()
    return token


def active_kiosk_token(session: Session, *, secret: str | None = None, token_id: int | None = None):
    query = select(KioskToken).where(KioskToken.revoked_at.is_(None))
    query = query.where(KioskToken.token_digest == digest(secret)) if secret else query.where(KioskToken.id == token_id)
    return session.scalar(query)


def viewer_of(user: User, city_wide_roles: tuple[str, ...] = DEFAULT_CITY_WIDE_ROLES) -> Viewer:
    viewer = Viewer(user_id=str(user.id), username=user.username, role=user.role, opd_code=user.opd_code,
                    kecamatan_code=user.kecamatan_code, kelurahan_code=user.kelurahan_code, rw=user.rw,
                    rt=user.rt, city_wide=user.city_wide)
    return viewer.with_city_wide_roles(city_wide_roles)


def kiosk_viewer(token: KioskToken) -> Viewer:
    return Viewer(user_id=f"kiosk:{token.id}", username=f"kiosk:{token.label}", role="wall")
