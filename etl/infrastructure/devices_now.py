"""agg_infra_devices_now: each active device with its state now, recomputed in the facts'
transaction for the devices a batch touched (their inventory or their events), and for every
device by a full refresh.

A device's state now is its newest open event's: one, unless a change is half applied (the old
event not yet closed); UNKNOWN before its first event. The devices and their open events are two
reads matched here, not one LEFT JOIN on a ranked subquery: SQLite materialises that subquery and
scans it once per device (2,600 x 2,600 rows at city scale).
"""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd
from sqlalchemy import delete, select

from core.db import is_member, key_parts
from data.infrastructure.tables import DEVICE_DIMENSIONS, AggInfraDeviceNow, FctInfraDevice, FctInfraEvent
from etl.load import delete_keys, replace_rows
from modules.infrastructure.kinds import UNKNOWN

NOW = AggInfraDeviceNow.__table__
DEVICES = FctInfraDevice.__table__
EVENTS = FctInfraEvent.__table__

DEVICE_COLUMNS = ("device_code", "kind", "name", "lat", "lon", *DEVICE_DIMENSIONS)
STATE_COLUMNS = ("state", "since", "root_cause_code", "suppressed_by")
BEFORE_ANY_EVENT = (UNKNOWN, None, None, None)


def rebuild_devices_now(connection, codes: Collection[str] | None) -> None:
    """The rows of the devices `codes` (None: every device) as their facts stand now: a device
    without an active fact has none."""
    if codes is None:
        connection.execute(delete(NOW))
        rows = _devices_now(connection, None)
    else:
        codes = sorted(codes)
        delete_keys(connection, NOW, "device_code", codes)
        rows = [row for part in key_parts(connection, codes) for row in _devices_now(connection, part)]
    frame = pd.DataFrame(rows, columns=[*DEVICE_COLUMNS, *STATE_COLUMNS])
    frame["since"] = pd.to_datetime(frame["since"], utc=True)
    replace_rows(connection, NOW, "device_code", frame, emptied=True)


def _devices_now(connection, codes: list[str] | None) -> list[tuple]:
    """(device columns..., state columns...) of the active devices among `codes` (one of key_parts'
    parts; None: every device)."""
    devices = select(*[DEVICES.c[name] for name in DEVICE_COLUMNS]).where(DEVICES.c.active.is_(True))
    open_events = (select(EVENTS.c.device_code, *[EVENTS.c[name] if name != "since" else EVENTS.c.started_at
                                                  for name in STATE_COLUMNS])
                   .where(EVENTS.c.ended_at.is_(None))
                   .order_by(EVENTS.c.device_code, EVENTS.c.started_at.desc(), EVENTS.c.event_id.desc()))
    if codes is not None:
        devices = devices.where(is_member(connection, DEVICES.c.device_code, codes))
        open_events = open_events.where(is_member(connection, EVENTS.c.device_code, codes))
    newest: dict[str, tuple] = {}
    for code, *state in connection.execute(open_events):
        newest.setdefault(code, tuple(state))
    return [(*device, *newest.get(device[0], BEFORE_ANY_EVENT)) for device in connection.execute(devices)]
