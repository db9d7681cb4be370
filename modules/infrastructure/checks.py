"""Checks of one inventory row before anything is written: every field in its form and range
(kind, probe, host, port, URL path, numbers, a whole point). Each check answers the problems it
found as (field, code, params) instead of raising, so an import reports every bad field of every
row at once. What needs the database (known parents, OPDs, contracts, kelurahan, the city's
polygons, cycles) is checked in inventory.py over all rows together."""

from __future__ import annotations

import ipaddress
import math
import re
from typing import Any

from modules.infrastructure.kinds import DEVICE_KINDS, HTTP, HTTPS, ICMP, PASSIVE, PROBE_KINDS, RTSP, TCP
from modules.infrastructure.settings import MIN_INTERVAL_SECONDS, InfrastructureSettings

Problem = tuple[str, str, dict[str, Any]]  # (field, message code, params)

COLUMNS = ("code", "kind", "name", "probe", "host", "port", "path", "interval_seconds", "timeout_seconds", "retries",
           "parents", "lat", "lon", "kelurahan_code", "opd_code", "contract_code", "watches", "site", "end_a", "end_b")
TEXT_LIMITS = {"name": 200, "watches": 2000, "site": 100, "end_a": 100, "end_b": 100}
CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
HOST_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")
# RFC 3986: a path of pchars and "/", optionally a query; percent-escapes well formed.
URL_PATH = re.compile(r"/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*"
                      r"(?:\?(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*)?")
PATH_PROBES = (HTTP, HTTPS, RTSP)
NO_PORT_PROBES = (ICMP, PASSIVE)
MAX_INTERVAL_SECONDS = 86_400
MAX_RETRIES = 10


def text_of(value) -> str:
    """A value as stripped text ("" for None): CSV cells and API values alike."""
    return "" if value is None else str(value).strip()


def check_row(raw: dict[str, Any], defaults: InfrastructureSettings) -> tuple[dict[str, Any], list[Problem]]:
    """The row's values in their types (defaults filled in) and the problems found."""
    problems: list[Problem] = []
    values = {column: text_of(raw.get(column)) for column in COLUMNS}
    clean: dict[str, Any] = {"code": _code(values["code"], problems)}
    clean["kind"] = _choice("kind", values["kind"], DEVICE_KINDS, problems)
    clean["probe"] = _choice("probe", values["probe"], PROBE_KINDS, problems)
    clean["name"] = _text("name", values["name"], problems, required=True)
    for column in ("watches", "site", "end_a", "end_b"):
        clean[column] = _text(column, values[column], problems)
    clean["host"] = _host(values["host"], clean["probe"], problems)
    clean["port"] = _port(values["port"], clean["probe"], problems)
    clean["path"] = _path(values["path"], clean["probe"], problems)
    _timing(values, defaults, clean, problems)
    clean["parents"] = parent_codes(raw.get("parents"))
    clean["lat"], clean["lon"] = _point(values["lat"], values["lon"], problems)
    for column in ("kelurahan_code", "opd_code", "contract_code"):
        clean[column] = values[column] or None
    return clean, problems


def parent_codes(value) -> list[str]:
    """"SW-1;SW-2" or a list -> ["SW-1", "SW-2"], blanks and repeats dropped, order kept."""
    parts = value if isinstance(value, (list, tuple)) else text_of(value).split(";")
    return list(dict.fromkeys(text_of(part) for part in parts if text_of(part)))


def _code(value: str, problems: list[Problem]) -> str:
    if not value:
        problems.append(("code", "infra_required", {}))
    elif not CODE_PATTERN.fullmatch(value):
        problems.append(("code", "infra_code_invalid", {"value": value}))
    return value


def _choice(field: str, value: str, known: tuple[str, ...], problems: list[Problem]) -> str:
    if not value:
        problems.append((field, "infra_required", {}))
    elif value not in known:
        problems.append((field, "infra_unknown_choice", {"value": value, "known": ", ".join(known)}))
    return value


def _text(field: str, value: str, problems: list[Problem], *, required: bool = False) -> str:
    if required and not value:
        problems.append((field, "infra_required", {}))
    elif len(value) > TEXT_LIMITS[field]:
        problems.append((field, "infra_text_too_long", {"limit": TEXT_LIMITS[field]}))
    return value


def valid_host(value: str) -> bool:
    """An IPv4 or IPv6 address, or a host name of RFC 1123 labels (253 characters at most)."""
    try:
        ipaddress.ip_address(value)
        return True
    except ValueError:
        pass
    name = value[:-1] if value.endswith(".") else value
    if not name or len(name) > 253 or name.replace(".", "").isdigit():
        return False
    return all(HOST_LABEL.fullmatch(label) for label in name.split("."))


def _host(value: str, probe: str, problems: list[Problem]) -> str:
    if not value:
        if probe != PASSIVE:
            problems.append(("host", "infra_required", {}))
    elif not valid_host(value):
        problems.append(("host", "infra_host_invalid", {"value": value}))
    return value


def _port(value: str, probe: str, problems: list[Problem]) -> int | None:
    if not value:
        if probe == TCP:
            problems.append(("port", "infra_port_needed", {"probe": probe}))
        return None
    if probe in NO_PORT_PROBES:
        problems.append(("port", "infra_port_unused", {"probe": probe}))
        return None
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        problems.append(("port", "infra_port_range", {"value": value}))
        return None
    return int(value)


def _path(value: str, probe: str, problems: list[Problem]) -> str:
    if probe not in PATH_PROBES:
        if value:
            problems.append(("path", "infra_path_unused", {"probe": probe}))
        return ""
    if not value:
        return "/"
    if not URL_PATH.fullmatch(value):
        problems.append(("path", "infra_path_invalid", {"value": value}))
    return value


def _timing(values: dict[str, str], defaults: InfrastructureSettings, clean: dict[str, Any],
            problems: list[Problem]) -> None:
    interval = _number("interval_seconds", values["interval_seconds"], defaults.default_interval_seconds,
                       MIN_INTERVAL_SECONDS, MAX_INTERVAL_SECONDS, problems, whole=True)
    timeout = _number("timeout_seconds", values["timeout_seconds"], defaults.default_timeout_seconds, 0.1, 600,
                      problems)
    retries = _number("retries", values["retries"], defaults.default_retries, 1, MAX_RETRIES, problems, whole=True)
    if interval is not None and timeout is not None and timeout >= interval:
        problems.append(("timeout_seconds", "infra_timeout_too_long", {"timeout": timeout, "interval": interval}))
    clean.update(interval_seconds=interval, timeout_seconds=timeout, retries=retries)


def _number(field: str, value: str, default, low: float, high: float, problems: list[Problem], *,
            whole: bool = False):
    if not value:
        return default
    try:
        number = int(value) if whole else float(value)
    except ValueError:
        number = None
    if number is None or not math.isfinite(number) or not low <= number <= high:
        problems.append((field, "infra_number_range", {"value": value, "low": low, "high": high}))
        return None
    return number


def _point(lat: str, lon: str, problems: list[Problem]) -> tuple[float | None, float | None]:
    if not lat and not lon:
        return None, None
    if not lat or not lon:
        problems.append(("lon" if not lon else "lat", "infra_position_incomplete", {}))
        return None, None
    found = (_coordinate("lat", lat, 90, problems), _coordinate("lon", lon, 180, problems))
    return found if None not in found else (None, None)


def _coordinate(field: str, value: str, limit: float, problems: list[Problem]) -> float | None:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or abs(number) > limit:
        problems.append((field, "infra_invalid_coordinate", {"value": value}))
        return None
    return number
