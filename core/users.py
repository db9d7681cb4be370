"""Users, roles and their scopes, kiosk tokens for wall displays.

Roles follow DESIGN.md. A user's scope narrows what he sees: an `opd` user his OPD, a `camat` his
kecamatan, a `lurah` his kelurahan, an `rt_rw` user his RW (and RT). Passwords are stored as
salted scrypt hashes; kiosk tokens and API keys only as SHA-256 digests.
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

from sqlalchemy import Boolean, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from core.audit import ADMIN_ACTOR_ROLES, record_admin
from core.db import Base, UtcDateTime
from core.scope import DEFAULT_CITY_WIDE_ROLES, Scope, scope_for
from core.settings import ROLES

SCOPE_FIELDS = {"opd": ("opd_code",), "camat": ("kecamatan_code",), "lurah": ("kelurahan_code",),
                "rt_rw": ("kelurahan_code", "rw")}  # required for the role
ROLE_SCOPE_FIELDS = {"opd": ("opd_code", "city_wide"), "camat": ("kecamatan_code",),
                     "lurah": ("kelurahan_code",), "rt_rw": ("kelurahan_code", "rw", "rt")}  # kept for the role
AUDITED_USER_FIELDS = ("username", "full_name", "role", "opd_code", "kecamatan_code", "kelurahan_code", "rw", "rt",
                       "city_wide", "active")
USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{1,63}")
MIN_PASSWORD, MAX_PASSWORD = 8, 128  # the upper bound keeps hashing a posted megabyte out


class UserError(ValueError):
    """A user or kiosk-token operation was refused: `field`, a message `code` and its `params`
    (sentences in core/messages.py); `errors` lists every problem found as (field, error)."""

    def __init__(self, field: str, code: str, **params):
        self.field, self.code, self.params = field, code, params
        self.errors: list[tuple[str, UserError]] = [(field, self)]
        super().__init__(field, code)

    @classmethod
    def collected(cls, errors: list["UserError"]) -> "UserError":
        first = errors[0]
        first.errors = [(error.field, error) for error in errors]
        return first

    @classmethod
    def plain(cls, detail: str) -> "UserError":
        """A refusal already written as a sentence (the command line's usage hints)."""
        return cls("", "command_refused", detail=detail)

    def __str__(self) -> str:
        from core.messages import ENGLISH, text

        return "; ".join(f"{field}: {text(e.code, e.params, ENGLISH)}" if field else text(e.code, e.params, ENGLISH)
                         for field, e in self.errors)


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


def create_user(session: Session, username: str, password: str, role: str, full_name: str = "", *,
                actor: Viewer | None = None, **scope) -> User:
    """A new person's login. Scope fields the role does not use are dropped (an admin has no OPD);
    those it needs must name existing reference rows. Every problem is reported at once."""
    actor = require_admin(actor)
    scope = _role_scope(role, scope)
    errors = _new_user_errors(session, username, password, role, full_name) + _scope_errors(session, role, scope)
    if errors:
        raise UserError.collected(errors)
    user = User(username=username, full_name=full_name or "", password_hash=generate_password_hash(password),
                role=role, created_at=now_utc(), **{k: v for k, v in scope.items() if v not in (None, "")})
    session.add(user)
    session.flush()
    record_admin(session, actor, "created", "user", user.username, None, user_record(user) | {"password": "set"})
    return user


def update_user(session: Session, username: str, role: str, full_name: str = "", *, actor: Viewer | None = None,
                **scope) -> User:
    """A new name, role or scope for an existing user, checked as at creation. It applies from his
    next request (the viewer is built from the row on every request), so no session needs to end."""
    actor = require_admin(actor)
    user = _existing_user(session, username)
    scope = _role_scope(role, scope)
    errors = _profile_errors(role, full_name) + _scope_errors(session, role, scope)
    if actor.username == username and role != user.role:
        errors.append(UserError("role", "cannot_change_own_role"))  # an admin demoting himself by a slip
    if errors:
        raise UserError.collected(errors)
    before = user_record(user)
    user.full_name, user.role = full_name or "", role
    for name in ("opd_code", "kecamatan_code", "kelurahan_code", "rw", "rt"):
        setattr(user, name, scope.get(name) if scope.get(name) not in ("", None) else None)
    user.city_wide = bool(scope.get("city_wide"))
    record_admin(session, actor, "changed", "user", user.username, before, user_record(user))
    return user


def reset_password(session: Session, username: str, password: str, *, actor: Viewer | None = None) -> User:
    """A new password (same policy as at creation); every session of the user ends."""
    actor = require_admin(actor)
    user = _existing_user(session, username)
    problem = password_problem(password)
    if problem is not None:
        raise problem
    user.password_hash = generate_password_hash(password)
    end_sessions(user)
    record_admin(session, actor, "password_reset", "user", user.username, {"password": "old"}, {"password": "new"})
    return user


def set_active(session: Session, username: str, active: bool, *, actor: Viewer | None = None) -> User:
    actor = require_admin(actor)
    user = _existing_user(session, username)
    if actor.username == username and not active:
        raise UserError("username", "cannot_disable_self")  # an admin locking himself out by a slip
    before = user.active
    user.active = active
    if not active:
        end_sessions(user)  # re-activating him later must not revive the old sessions
    record_admin(session, actor, "enabled" if active else "disabled", "user", user.username,
                 {"active": before}, {"active": active})
    return user


def require_admin(actor: Viewer | None) -> Viewer:
    """The actor of an admin change: an admin whose scope is the whole city, or a system actor
    (the command line, set-up). None means set-up code (demo users, fixtures): recorded as such."""
    actor = actor or SETUP_ACTOR
    if actor.role not in ADMIN_ACTOR_ROLES or not actor.scope.is_city:
        raise UserError("actor", "admin_only", username=actor.username)
    return actor


def password_problem(password) -> "UserError | None":
    """The password policy, one definition for the command line and the admin pages."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        return UserError("password", "password_too_short", limit=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        return UserError("password", "password_too_long", limit=MAX_PASSWORD)
    return None


def user_record(user: User) -> dict:
    """What the audit keeps of a user (never the password hash)."""
    return {name: getattr(user, name) for name in AUDITED_USER_FIELDS}


def _existing_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username)) if isinstance(username, str) else None
    if user is None:
        raise UserError("username", "user_unknown", username=str(username)[:64])
    return user


def _new_user_errors(session: Session, username, password, role, full_name) -> list[UserError]:
    errors = []
    if username in (None, ""):
        errors.append(UserError("username", "field_required"))
    elif not isinstance(username, str) or not USERNAME.fullmatch(username):
        errors.append(UserError("username", "username_invalid"))
    elif session.scalar(select(User.id).where(User.username == username)) is not None:
        errors.append(UserError("username", "username_taken", username=username))
    problem = password_problem(password)
    return errors + _profile_errors(role, full_name) + ([problem] if problem else [])


def _profile_errors(role, full_name) -> list[UserError]:
    errors = []
    if not isinstance(full_name, (str, type(None))) or len(full_name or "") > 200 \
            or any(ord(c) < 32 for c in full_name or ""):
        errors.append(UserError("full_name", "full_name_invalid", limit=200))
    if role in (None, ""):
        errors.append(UserError("role", "field_required"))
    elif role not in ROLES or role == "wall":
        errors.append(UserError("role", "role_unknown", role=str(role)[:32]))
    return errors


def _role_scope(role, scope: dict) -> dict:
    """The scope fields this role uses (a value of another role's field is dropped)."""
    return {name: scope.get(name) for name in ROLE_SCOPE_FIELDS.get(role if isinstance(role, str) else "", ())}


def _scope_errors(session: Session, role, scope: dict) -> list[UserError]:
    from core.reference import Kecamatan, Kelurahan, Opd

    if not isinstance(role, str):
        return []  # the role itself is refused

    tables = {"opd_code": Opd, "kecamatan_code": Kecamatan, "kelurahan_code": Kelurahan}
    errors = []
    for name in SCOPE_FIELDS.get(role, ()):
        if scope.get(name) in (None, ""):
            errors.append(UserError(name, "scope_required", role=role))
    for name, table in tables.items():
        value = scope.get(name)
        if value not in (None, "") and (not isinstance(value, str) or session.get(table, value) is None):
            errors.append(UserError(name, "reference_unknown", value=str(value)[:40]))
    for name in ("rw", "rt"):
        value = scope.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 99):
            errors.append(UserError(name, "number_out_of_range", low=1, high=99))
    if scope.get("city_wide") not in (None, True, False):
        errors.append(UserError("city_wide", "not_a_choice"))
    return errors


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


def issue_kiosk_token(session: Session, label: str, *, actor: Viewer | None = None) -> tuple[KioskToken, str]:
    """Returns the stored token and its secret, which is shown once and never stored."""
    actor = require_admin(actor)
    if not isinstance(label, str) or not label.strip() or len(label) > 100 or any(ord(c) < 32 for c in label):
        raise UserError("label", "kiosk_label_invalid", limit=100)
    secret = secrets.token_urlsafe(24)
    token = KioskToken(label=label, token_digest=digest(secret), created_at=now_utc())
    session.add(token)
    session.flush()
    record_admin(session, actor, "issued", "kiosk_token", token.id, None, {"label": label, "token": "new"})
    return token, secret


def revoke_kiosk_token(session: Session, token_id: int, *, actor: Viewer | None = None) -> KioskToken:
    actor = require_admin(actor)
    token = session.get(KioskToken, token_id) if isinstance(token_id, int) and 0 < token_id < 2**31 else None
    if token is None:
        raise UserError("token_id", "kiosk_token_unknown", token_id=str(token_id)[:20])
    before = token.revoked_at
    token.revoked_at = token.revoked_at or now_utc()
    record_admin(session, actor, "revoked", "kiosk_token", token.id,
                 {"label": token.label, "revoked": before is not None}, {"label": token.label, "revoked": True})
    return token


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def list_kiosk_tokens(session: Session) -> list[KioskToken]:
    return list(session.scalars(select(KioskToken).order_by(KioskToken.id)))


def active_kiosk_token(session: Session, *, secret: str | None = None, token_id: int | None = None):
    query = select(KioskToken).where(KioskToken.revoked_at.is_(None))
    query = query.where(KioskToken.token_digest == digest(secret)) if secret else query.where(KioskToken.id == token_id)
    return session.scalar(query)


SETUP_ACTOR = Viewer(user_id="system:setup", username="system:setup", role="system")


def viewer_of(user: User, city_wide_roles: tuple[str, ...] = DEFAULT_CITY_WIDE_ROLES) -> Viewer:
    viewer = Viewer(user_id=str(user.id), username=user.username, role=user.role, opd_code=user.opd_code,
                    kecamatan_code=user.kecamatan_code, kelurahan_code=user.kelurahan_code, rw=user.rw,
                    rt=user.rt, city_wide=user.city_wide)
    return viewer.with_city_wide_roles(city_wide_roles)


def kiosk_viewer(token: KioskToken) -> Viewer:
    return Viewer(user_id=f"kiosk:{token.id}", username=f"kiosk:{token.label}", role="wall")
