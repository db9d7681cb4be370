"""Maintenance windows (as Zabbix has them): one-off or repeated every day or week, with or without
collection (probing), for a device alone or with everything behind it (`include_children`).

A device inside a window is in MAINTENANCE: its time counts neither for nor against its
availability. Entering and leaving a window are state changes like any other (source
`maintenance`); leaving one makes the device UNKNOWN until its next check says what it is. They
happen when the window is scheduled or ended, and at each sweep (service.sweep, which the prober's
worker runs), so a window starts on time even for a device nobody probes during it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from core.clock import as_utc, now_or
from core.users import Viewer
from modules.infrastructure.access import MAINTENANCE_ROLES, actor_name, require_role
from modules.infrastructure.errors import InfraNotFound, InfraValidationError
from modules.infrastructure.inventory import device_by_code
from modules.infrastructure.kinds import MAINTENANCE, UNKNOWN
from modules.infrastructure.models import InfraDevice, InfraDeviceParent, InfraDeviceState, InfraMaintenance
from modules.infrastructure.recording import begin_write, condition_of, open_event, write_log

NONE, DAILY, WEEKLY = "none", "daily", "weekly"
RECURRENCES = (NONE, DAILY, WEEKLY)
PERIODS = {DAILY: timedelta(days=1), WEEKLY: timedelta(days=7)}
SOURCE = "maintenance"
STARTED, ENDED = "maintenance window started", "maintenance window ended"
REASON_LIMIT = 1000


@dataclass(frozen=True)
class Covered:
    """A device inside a window now; `collect` when every window covering it probes."""

    code: str
    collect: bool


def covers(window: InfraMaintenance, moment: datetime) -> bool:
    """Whether the window holds `moment`: [starts_at, ends_at) once, or that span again every
    day or week from starts_at on."""
    moment, starts, ends = as_utc(moment), as_utc(window.starts_at), as_utc(window.ends_at)
    if moment < starts:
        return False
    if window.recurrence not in PERIODS:
        return moment < ends
    return (moment - starts) % PERIODS[window.recurrence] < ends - starts


def schedule(session: Session, actor: Viewer, device_code: str, starts_at: datetime, ends_at: datetime, *,
             recurrence: str = NONE, collect: bool = False, include_children: bool = False, reason: str = "",
             now: datetime | None = None) -> InfraMaintenance:
    """A new window; a device it holds now enters MAINTENANCE at once."""
    require_role(actor, MAINTENANCE_ROLES, "schedule maintenance")
    begin_write(session)
    device = device_by_code(session, device_code)
    starts_at, ends_at = _window_times(starts_at, ends_at, recurrence)
    reason = (reason or "").strip()
    if len(reason) > REASON_LIMIT:
        raise InfraValidationError("reason", "infra_text_too_long", limit=REASON_LIMIT)
    now = now_or(now)
    window = InfraMaintenance(device_code=device.code, starts_at=starts_at, ends_at=ends_at, recurrence=recurrence,
                              collect=bool(collect), include_children=bool(include_children), reason=reason,
                              created_by=actor_name(actor), created_at=now)
    session.add(window)
    session.flush()
    apply_windows(session, now)
    return window


def end_window(session: Session, actor: Viewer, window_id: int, now: datetime | None = None) -> None:
    """Removes a window (a recurring one with all its repeats); its devices leave MAINTENANCE now."""
    require_role(actor, MAINTENANCE_ROLES, "end maintenance")
    begin_write(session)
    if session.get(InfraMaintenance, window_id) is None:
        raise InfraNotFound("window_id", "infra_not_found", thing="maintenance window", key=window_id)
    session.execute(delete(InfraMaintenance).where(InfraMaintenance.id == window_id))
    apply_windows(session, now_or(now))


def _window_times(starts_at, ends_at, recurrence: str) -> tuple[datetime, datetime]:
    if recurrence not in RECURRENCES:
        raise InfraValidationError("recurrence", "infra_unknown_choice", value=recurrence, known=", ".join(RECURRENCES))
    for field, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        if not isinstance(value, datetime):
            raise InfraValidationError(field, "infra_required")
    starts_at, ends_at = as_utc(starts_at), as_utc(ends_at)
    if ends_at <= starts_at:
        raise InfraValidationError("ends_at", "infra_time_order", later="ends_at", earlier="starts_at")
    period = PERIODS.get(recurrence)
    if period is not None and ends_at - starts_at >= period:
        raise InfraValidationError("ends_at", "infra_window_too_long", recurrence=recurrence,
                                   limit=int(period.total_seconds() // 3600) - 1)
    return starts_at, ends_at


# --- who is inside a window --------------------------------------------------------------------------

def covered_devices(session: Session, moment: datetime) -> dict[str, Covered]:
    """{device code: Covered} of every device some window holds at `moment`."""
    windows = session.scalars(select(InfraMaintenance).where(
        InfraMaintenance.starts_at <= moment,
        or_(InfraMaintenance.recurrence != NONE, InfraMaintenance.ends_at > moment))).all()
    found: dict[str, Covered] = {}
    children = None
    for window in windows:
        if not covers(window, moment):
            continue
        codes = [window.device_code]
        if window.include_children:
            children = children if children is not None else _children_map(session)
            codes = descendants(children, window.device_code, include_self=True)
        for code in codes:
            collect = window.collect and found.get(code, Covered(code, True)).collect
            found[code] = Covered(code, collect)
    return found


def _children_map(session: Session) -> dict[str, list[str]]:
    children: dict[str, list[str]] = {}
    for device_code, parent_code in session.execute(select(InfraDeviceParent.device_code,
                                                           InfraDeviceParent.parent_code)):
        children.setdefault(parent_code, []).append(device_code)
    return children


def descendants(children: dict[str, list[str]], code: str, include_self: bool = False) -> list[str]:
    """Every device behind `code`, breadth first (the inventory has no cycles; repeats skipped)."""
    found, queue = [], [code]
    seen = {code}
    while queue:
        current = queue.pop(0)
        found.append(current)
        for child in children.get(current, ()):
            if child not in seen:
                seen.add(child)
                queue.append(child)
    return found if include_self else found[1:]


def apply_windows(session: Session, now: datetime) -> dict[str, int]:
    """Devices that entered a window go MAINTENANCE, those that left it UNKNOWN: {"entered", "left"}."""
    from modules.infrastructure.results import Graph, after_change  # children re-judged as for any change

    begin_write(session)
    covered = covered_devices(session, now)
    in_state = set(session.scalars(select(InfraDeviceState.device_code).where(
        InfraDeviceState.state == MAINTENANCE)))
    entering = sorted(set(covered) - in_state)
    leaving = sorted(in_state - set(covered))
    rows = {row.device_code: row for row in session.scalars(select(InfraDeviceState).where(
        InfraDeviceState.device_code.in_(entering + leaving)))} if entering or leaving else {}
    devices = {d.code: d for d in session.scalars(select(InfraDevice).where(
        InfraDevice.code.in_(entering + leaving), InfraDevice.active.is_(True)))} if rows else {}
    graph = Graph(session, list(devices)) if devices else None
    for code, state, detail in [(c, MAINTENANCE, STARTED) for c in entering] + [(c, UNKNOWN, ENDED) for c in leaving]:
        if code not in devices or code not in rows:
            continue
        new = replace(condition_of(rows[code]), state=state, root_cause_code=None, suppressed_by=None)
        open_event(session, devices[code], rows[code], new, now, SOURCE, detail)
        after_change(session, code, now, graph)
    write_log(session)
    return {"entered": len(entering), "left": len(leaving)}
