"""One device's detail for the Infrastruktur page: what the marts know (its dimensions, state,
parents and children, state changes), its latency from the module's own rollups, and for a camera
the 112 incidents recorded near it.

The marts answer everything but latency: the module keeps per-minute and per-day rollups of its
checks (modules/infrastructure: infra_rollups_minute for two days, infra_rollups_daily kept) and
the ETL does not copy them, so this module reads those two tables directly, read-only, for one
device at a time. Layouts and callbacks never import the module; they call `device_detail`.

The viewer's scope is applied first: a device outside it is "not found", whatever the request asks.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import and_, select

from core.clock import city_today, minute_now
from core.services import Services
from core.users import Viewer
from data.areas import can_read
from data.frames import query_frame, rows_frame
from data.incidents.tables import FctIncident
from data.infrastructure import queries
from data.infrastructure.queries import NEAR_METRES
from data.infrastructure.tables import FctInfraDevice, FctInfraEvent
from data.scope import scope_conditions
from modules.complaints.duplicates import distance_m
from modules.infrastructure.kinds import CAMERA
from modules.infrastructure.models import InfraRollupDaily, InfraRollupMinute

DEVICES = FctInfraDevice.__table__
EVENTS = FctInfraEvent.__table__
INCIDENTS = FctIncident.__table__
INCIDENT_DAYS = 30       # recent incidents near a camera
EVENT_LIMIT = 30         # the newest state changes shown
MINUTE_HOURS = 2         # the latency line: the last two hours, per minute
DAILY_DAYS = 30          # and the last thirty days, per day
DETAIL_COLUMNS = ("device_code", "kind", "name", "probe", "lat", "lon", "kelurahan_code", "kecamatan_code",
                  "opd_code", "contract_code", "vendor", "slo_percent", "parents", "active")


def device_detail(services: Services, viewer: Viewer, code: str | None, now: datetime | None = None) -> dict | None:
    """The device `code` as the viewer may see it, or None (unknown, or outside his scope): its
    dimensions, `state` and `since` now, `parents` and `children` (code, kind, name, state: those in
    his scope), `events` (newest first), `minute_latency` and `daily_latency` (frames: at, checks,
    successes, mean_ms, max_ms) and, for a camera, `incidents` near it (frame)."""
    if not isinstance(code, str) or not code:
        return None
    device = _device(services, viewer, code)
    if device is None:
        return None
    now = now or minute_now()
    parents = device["parents"].split() if device["parents"] else []
    child_codes = _children(services, code)
    states = queries.device_states_of(services, viewer, tuple(sorted({code, *parents, *child_codes})))
    current = states[states["device_code"] == code]
    children = states[states["device_code"].isin(child_codes)]
    return {**device, "parents": _related(states, parents), "children": _related(children, children["device_code"]),
            "state": current["state"].iloc[0] if not current.empty else None,
            "since": current["since"].iloc[0] if not current.empty else None,
            "events": _events(services, code), **latency(services, code, now),
            "incidents": incidents_near(services, viewer, device["lat"], device["lon"], now)
            if device["kind"] == CAMERA else None}


def _device(services: Services, viewer: Viewer, code: str) -> dict | None:
    query = select(*[DEVICES.c[name] for name in DETAIL_COLUMNS]).where(
        DEVICES.c.device_code == code, *scope_conditions(DEVICES, viewer))
    with services.databases.warehouse.connect() as connection:
        row = connection.execute(query).mappings().first()
    return dict(row) if row else None


def _children(services: Services, code: str) -> list[str]:
    """Devices naming `code` among their parents (the mart keeps them space-separated)."""
    query = select(DEVICES.c.device_code, DEVICES.c.parents).where(DEVICES.c.parents.contains(code))
    with services.databases.warehouse.connect() as connection:
        rows = connection.execute(query).all()
    return [child for child, parents in rows if code in (parents or "").split()]


def _related(states: pd.DataFrame, codes) -> list[dict]:
    """code, kind, name, state of each of `codes`; a code outside the viewer's scope by its code only."""
    known = {row["device_code"]: row for row in states.to_dict("records")}
    return [{"code": c, "kind": known.get(c, {}).get("kind"), "name": known.get(c, {}).get("name"),
             "state": known.get(c, {}).get("state")} for c in codes]


def _events(services: Services, code: str) -> pd.DataFrame:
    columns = ["state", "started_at", "ended_at", "root_cause_code", "suppressed_by", "source", "detail"]
    query = (select(*[EVENTS.c[name] for name in columns]).where(EVENTS.c.device_code == code)
             .order_by(EVENTS.c.started_at.desc(), EVENTS.c.event_id.desc()).limit(EVENT_LIMIT))
    with services.databases.warehouse.connect() as connection:
        frame = query_frame(connection, query, columns)
    for column in ("started_at", "ended_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def latency(services: Services, code: str, now: datetime) -> dict[str, pd.DataFrame]:
    """The device's checks and latency from the module's rollups: per minute over the last
    MINUTE_HOURS hours, per city day over the last DAILY_DAYS days (mean over the successes)."""
    minute, daily = InfraRollupMinute.__table__, InfraRollupDaily.__table__
    since_day = city_today(now) - timedelta(days=DAILY_DAYS - 1)
    with services.databases.session() as session:
        minutes = session.execute(select(minute.c.minute, *_measures(minute)).where(
            minute.c.device_code == code, minute.c.minute >= now - timedelta(hours=MINUTE_HOURS))
            .order_by(minute.c.minute)).all()
        days = session.execute(select(daily.c.day, *_measures(daily)).where(
            daily.c.device_code == code, daily.c.day >= since_day).order_by(daily.c.day)).all()
    return {"minute_latency": _latency_frame(minutes), "daily_latency": _latency_frame(days)}


def _measures(table) -> list:
    return [table.c.checks, table.c.successes, table.c.latency_sum_ms, table.c.latency_max_ms]


def _latency_frame(rows) -> pd.DataFrame:
    frame = rows_frame(rows, ["at", "checks", "successes", "latency_sum_ms", "max_ms"])
    frame["mean_ms"] = [round(total / ok, 1) if ok else None
                        for total, ok in zip(frame["latency_sum_ms"], frame["successes"])]
    return frame.drop(columns="latency_sum_ms")


def incidents_near(services: Services, viewer: Viewer, lat, lon, now: datetime,
                   metres: float = NEAR_METRES, days: int = INCIDENT_DAYS) -> pd.DataFrame:
    """112 incidents received in the last `days` days within `metres` of the point, nearest first
    (incident_number, type, priority, status, received_at, distance_m), in the viewer's scope of
    the incidents mart (an OPD's scope reads none of it)."""
    columns = ["incident_number", "type", "priority", "status", "received_at", "distance_m"]
    if lat is None or lon is None or pd.isna(lat) or pd.isna(lon) or not can_read(viewer, _incidents_mart()):
        return pd.DataFrame(columns=columns)
    d_lat = metres / 111_320.0
    d_lon = metres / (111_320.0 * max(0.1, math.cos(math.radians(lat))))
    query = select(*[INCIDENTS.c[name] for name in columns[:-1]], INCIDENTS.c.lat, INCIDENTS.c.lon).where(
        and_(INCIDENTS.c.lat.between(lat - d_lat, lat + d_lat), INCIDENTS.c.lon.between(lon - d_lon, lon + d_lon)),
        INCIDENTS.c.received_at >= now - timedelta(days=days), *scope_conditions(INCIDENTS, viewer))
    with services.databases.warehouse.connect() as connection:
        rows = connection.execute(query).all()
    found = [(*row[:5], round(distance_m(lat, lon, row.lat, row.lon))) for row in rows]
    frame = pd.DataFrame([r for r in found if r[-1] <= metres], columns=columns)
    return frame.sort_values(["distance_m", "received_at"], ignore_index=True)


def _incidents_mart():
    from core.domains import mart_of_table

    return mart_of_table(INCIDENTS.name)
