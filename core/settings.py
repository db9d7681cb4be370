"""Typed settings: `settings.toml` overridden by environment variables.

Every key has a type and a check. A wrong value raises `SettingsError`, whose message is one line
naming the key and the reason, so start-up can stop with something an operator can act on.

Environment variables override keys as `PANTAU_<SECTION>__<KEY>`, for example
`PANTAU_DATABASE__URL=postgresql+psycopg://pantau@db/pantau` or `PANTAU_SERVER__PORT=9000`.
`PANTAU_SETTINGS` names another settings file.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from core.scope import DEFAULT_CITY_WIDE_ROLES

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETTINGS_FILE = PROJECT_ROOT / "settings.toml"
ENV_PREFIX = "PANTAU_"

ROLES = ("admin", "pimpinan", "operator", "opd", "camat", "lurah", "rt_rw", "perencana", "wall")
# Who may watch the wall display (its page and the photos it shows): one definition.
WALL_ROLES = ("wall", "admin", "operator", "pimpinan")
# What a person reads wherever a role is shown: the codes above are for settings and the database only.
ROLE_NAMES = {"admin": "Administrator", "pimpinan": "Pimpinan (Kantor Wali Kota)", "operator": "Operator Command Center",
              "opd": "Petugas OPD", "camat": "Camat", "lurah": "Lurah", "rt_rw": "Ketua RT/RW", "perencana": "Perencana (Bappedalitbang)",
              "wall": "Layar dinding"}


def role_name(role: str | None) -> str:
    """The role in words; an unknown code is shown as it is rather than hidden."""
    return ROLE_NAMES.get(role, role or "")


class SettingsError(ValueError):
    """A settings key has a wrong value; the message names the key and the reason."""

    def __init__(self, key: str, reason: str):
        super().__init__(f"settings: {key}: {reason}")
        self.key = key
        self.reason = reason


@dataclass(frozen=True)
class ServerSettings:
    host: str = "127.0.0.1"
    port: int = 8050
    secret_key: str = ""  # empty: generated once and kept in instance/secret_key
    debug: bool = False
    secure_cookies: bool = False  # true behind HTTPS in production
    session_hours: int = 12
    trusted_proxies: int = 0  # reverse proxies in front whose X-Forwarded-For is believed
    access_log: bool = False  # the embedded server prints a line per HTTP request


@dataclass(frozen=True)
class DatabaseSettings:
    url: str = "sqlite:///instance/pantau.db"
    warehouse_url: str = "sqlite:///instance/warehouse.db"


@dataclass(frozen=True)
class RedisSettings:
    url: str = ""  # empty: in-process cache and events
    timeout_seconds: float = 0.5  # a Redis call not answered by then counts as a failure
    retry_seconds: float = 5.0  # after a failure, Redis is skipped this long (the circuit breaker)


@dataclass(frozen=True)
class AuthSettings:
    login_max_attempts: int = 5
    login_window_seconds: int = 300
    login_max_attempts_per_address: int = 20  # failed logins from one address, any accounts
    login_max_attempts_per_account: int = 50  # failed logins on one account, any addresses
    city_wide_roles: tuple[str, ...] = DEFAULT_CITY_WIDE_ROLES


@dataclass(frozen=True)
class MapSettings:
    basemap_style: str = "white-bg"
    center_lat: float = -7.275
    center_lon: float = 112.72
    zoom: float = 11.2
    boundaries_dir: str = "instance/geo"
    # an online geocoder (a Nominatim-style search URL) asked by the intake's place search when the
    # gazetteer finds little; "" (the default) keeps it off: the typed place would leave the city's network
    geocoder_url: str = ""
    geocoder_timeout_seconds: float = 2.0


@dataclass(frozen=True)
class WallSettings:
    rotate_seconds: int = 20
    refresh_seconds: float = 1.0
    soon_minutes: int = 30  # an open complaint due within this shows as "about to breach"
    playlist: tuple[str, ...] = ("/wall",)  # wall pages a kiosk shows in turn (every domain's wall pages)
    page_seconds: int = 120  # how long the kiosk stays on each page of the playlist
    stale_seconds: int = 60  # no answer from the server this long: the wall says its data is not current
    alarm_sound: bool = False  # a short tone when a new SLA alarm appears (kiosk Chromium: autoplay allowed)
    # Pushed updates (server-sent events on /events/wall): an open wall redraws as soon as a mart
    # version moves; its polling every `refresh_seconds` stays as the fallback.
    push: bool = True
    push_heartbeat_seconds: int = 15  # a comment line this often keeps proxies from closing an idle stream
    push_stream_seconds: int = 300  # a stream ends after this (the browser reconnects): no worker is held forever
    push_streams_per_worker: int = 8  # open streams one web process holds at most (keep below gunicorn's threads)


@dataclass(frozen=True)
class EtlSettings:
    batch_size: int = 10000
    poll_seconds: float = 1.0
    run_in_web_process: bool = True  # `make run`: ETL thread beside the web server
    change_log_retention_days: int = 30  # change-log rows every job has read are pruned after this


@dataclass(frozen=True)
class DemoSettings:
    # Off unless asked for (`make run` does): demo users have a published password, and the
    # simulator files made-up complaints.
    load_demo_data: bool = False
    simulator: bool = False
    simulator_interval_seconds: float = 20.0


@dataclass(frozen=True)
class Settings:
    server: ServerSettings = field(default_factory=ServerSettings)
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    redis: RedisSettings = field(default_factory=RedisSettings)
    auth: AuthSettings = field(default_factory=AuthSettings)
    map: MapSettings = field(default_factory=MapSettings)
    wall: WallSettings = field(default_factory=WallSettings)
    etl: EtlSettings = field(default_factory=EtlSettings)
    demo: DemoSettings = field(default_factory=DemoSettings)
    # each registered domain's own section (core.domains.SettingsSection), read as settings.<name>
    domains: dict[str, Any] = field(default_factory=dict, compare=False)

    def __getattr__(self, name: str) -> Any:
        sections = self.__dict__.get("domains") or {}
        if name in sections:
            return sections[name]
        raise AttributeError(f"settings have no section {name!r}")

    def override(self, **sections: dict[str, Any]) -> "Settings":
        """A copy with some keys changed, checked like a file (for tests and tools)."""
        raw = {name: _section_as_dict(getattr(self, name)) for name in _core_section_names()}
        raw |= {name: _section_as_dict(section) for name, section in self.domains.items()}
        for name, values in sections.items():
            raw.setdefault(name, {}).update(values)
        return settings_from_dict(raw)


def load_settings(path: str | Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Read the settings file, apply environment overrides, check every value."""
    environ = os.environ if environ is None else environ
    path = Path(path or environ.get(f"{ENV_PREFIX}SETTINGS") or DEFAULT_SETTINGS_FILE)
    raw = _read_toml(path) if path.exists() else {}
    for key, value in environ.items():
        if key.startswith(ENV_PREFIX) and "__" in key:
            section, _, name = key[len(ENV_PREFIX):].lower().partition("__")
            raw.setdefault(section, {})[name] = _parse_env_value(value)
    return settings_from_dict(raw)


def settings_from_dict(raw: dict[str, Any]) -> Settings:
    domain_sections = _domain_sections()
    for name in raw:
        if name not in _core_section_names() and name not in domain_sections:
            raise SettingsError(name, "unknown section")
    sections = {name: _build_section(name, _core_defaults(name), raw.get(name, {})) for name in _core_section_names()}
    domains = {name: _build_section(name, spec.defaults, raw.get(name, {})) for name, spec in domain_sections.items()}
    settings = Settings(**sections, domains=domains)
    _validate(settings)
    for name, spec in domain_sections.items():
        if spec.validate is not None:
            spec.validate(domains[name])
    return settings


def resolve_path(relative: str) -> Path:
    """Paths in settings are relative to the project folder."""
    path = Path(relative)
    return path if path.is_absolute() else PROJECT_ROOT / path


def sqlite_urls_made_absolute(url: str) -> str:
    """`sqlite:///instance/x.db` means the project's instance folder, wherever we run from."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        database = resolve_path(parsed.database)
        database.parent.mkdir(parents=True, exist_ok=True)
        return parsed.set(database=str(database)).render_as_string(hide_password=False)
    return url


# --- building and checking -------------------------------------------------------------------

def _core_section_names() -> list[str]:
    return [f.name for f in fields(Settings) if f.name != "domains"]


def _core_defaults(name: str) -> Any:
    return next(f for f in fields(Settings) if f.name == name).default_factory()


def _domain_sections() -> dict:
    """The settings sections the registered domains declare (core.domains)."""
    from core.domains import registered_domains

    return {d.settings.name: d.settings for d in registered_domains() if d.settings is not None}


def _section_as_dict(section: Any) -> dict[str, Any]:
    return {f.name: getattr(section, f.name) for f in fields(section)}


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(str(path), f"not valid TOML ({error})") from None


def _parse_env_value(value: str) -> Any:
    """Environment values are strings; read them as TOML values when they parse as one."""
    try:
        return tomllib.loads(f"v = {value}")["v"]
    except tomllib.TOMLDecodeError:
        return value


def _build_section(section: str, defaults: Any, values: dict[str, Any]) -> Any:
    if not isinstance(values, dict):
        raise SettingsError(section, "must be a table of keys")
    known = {f.name: f for f in fields(defaults)}
    for key in values:
        if key not in known:
            raise SettingsError(f"{section}.{key}", "unknown key")
    converted = {
        key: _convert(f"{section}.{key}", value, type(getattr(defaults, key)))
        for key, value in values.items()
    }
    return replace(defaults, **converted)


def _convert(key: str, value: Any, wanted: type) -> Any:
    if wanted is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false", "1", "0", "yes", "no"):
            return value.lower() in ("true", "1", "yes")
        raise SettingsError(key, f"must be true or false, got {value!r}")
    if wanted is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingsError(key, f"must be a whole number, got {value!r}")
        return value
    if wanted is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SettingsError(key, f"must be a number, got {value!r}")
        return float(value)
    if wanted is tuple:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, tuple):
            value = list(value)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SettingsError(key, f"must be a list of names, got {value!r}")
        return tuple(value)
    if not isinstance(value, str):
        raise SettingsError(key, f"must be text, got {value!r}")
    return value


def _validate(settings: Settings) -> None:
    server, auth = settings.server, settings.auth
    if not 1 <= server.port <= 65535:
        raise SettingsError("server.port", f"must be between 1 and 65535, got {server.port}")
    check_positive("server.session_hours", server.session_hours)
    if server.trusted_proxies < 0:
        raise SettingsError("server.trusted_proxies", f"must be zero or more, got {server.trusted_proxies}")
    _check_database_url("database.url", settings.database.url)
    _check_database_url("database.warehouse_url", settings.database.warehouse_url)
    if settings.redis.url and not settings.redis.url.startswith(("redis://", "rediss://", "unix://")):
        raise SettingsError("redis.url", "must start with redis://, rediss:// or unix://, or be empty")
    check_positive("redis.timeout_seconds", settings.redis.timeout_seconds)
    check_positive("redis.retry_seconds", settings.redis.retry_seconds)
    check_positive("auth.login_max_attempts", auth.login_max_attempts)
    check_positive("auth.login_window_seconds", auth.login_window_seconds)
    check_positive("auth.login_max_attempts_per_address", auth.login_max_attempts_per_address)
    check_positive("auth.login_max_attempts_per_account", auth.login_max_attempts_per_account)
    for role in auth.city_wide_roles:
        if role not in ROLES:
            raise SettingsError("auth.city_wide_roles", f"unknown role {role!r} (roles: {', '.join(ROLES)})")
    check_positive("demo.simulator_interval_seconds", settings.demo.simulator_interval_seconds)
    check_positive("wall.rotate_seconds", settings.wall.rotate_seconds)
    check_positive("wall.refresh_seconds", settings.wall.refresh_seconds)
    check_positive("wall.soon_minutes", settings.wall.soon_minutes)
    check_positive("wall.page_seconds", settings.wall.page_seconds)
    check_positive("wall.stale_seconds", settings.wall.stale_seconds)
    check_positive("wall.push_heartbeat_seconds", settings.wall.push_heartbeat_seconds)
    check_positive("wall.push_streams_per_worker", settings.wall.push_streams_per_worker)
    if settings.wall.push_stream_seconds < settings.wall.push_heartbeat_seconds:
        raise SettingsError("wall.push_stream_seconds", "must be at least wall.push_heartbeat_seconds, "
                            f"got {settings.wall.push_stream_seconds}")
    if not settings.wall.playlist or not all(path.startswith("/") for path in settings.wall.playlist):
        raise SettingsError("wall.playlist", "must list one or more page paths, each starting with /")
    check_positive("etl.batch_size", settings.etl.batch_size)
    check_positive("etl.poll_seconds", settings.etl.poll_seconds)
    if settings.etl.change_log_retention_days < 0:
        raise SettingsError("etl.change_log_retention_days",
                            f"must be zero or more days, got {settings.etl.change_log_retention_days}")
    if not -90 <= settings.map.center_lat <= 90 or not -180 <= settings.map.center_lon <= 180:
        raise SettingsError("map.center_lat", "the map centre must be a valid latitude and longitude")
    if settings.map.geocoder_url and not settings.map.geocoder_url.startswith(("http://", "https://")):
        raise SettingsError("map.geocoder_url", "must be an http:// or https:// URL, or empty to keep it off")
    check_positive("map.geocoder_timeout_seconds", settings.map.geocoder_timeout_seconds)


def check_positive(key: str, value: float) -> None:
    """For every section's checks, core's and the domains'."""
    if value <= 0:
        raise SettingsError(key, f"must be greater than zero, got {value}")


def _check_database_url(key: str, url: str) -> None:
    try:
        parsed = make_url(url)
    except Exception:
        raise SettingsError(key, f"not a valid database URL: {url!r}") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise SettingsError(key, f"database must be sqlite or postgresql, got {parsed.get_backend_name()!r}")


def load_settings_or_report() -> Settings | None:
    """For command-line entry points: the settings, or None after printing the one-line reason."""
    import sys

    try:
        return load_settings()
    except SettingsError as error:
        print(error, file=sys.stderr)
        return None
