"""One change, recorded: a device's inventory snapshot, or a state change (the open event closed,
a new one opened) with the change-log rows of both, in the caller's transaction, so the tables and
the log commit together or not at all. Probe results never reach the log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import event as sqlalchemy_event
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.changelog import record_change, record_changes_bulk, take_writer_lock
from modules.infrastructure.models import InfraContract, InfraDevice, InfraDeviceParent, InfraDeviceState, InfraEvent
from modules.infrastructure.snapshot import (DEVICE, EVENT, OPERATION, SNAPSHOT_VERSION, device_snapshot,
                                             event_snapshot)
from modules.infrastructure.states import Condition

DETAIL_LIMIT = 500
PENDING = "infrastructure_pending_log"  # session.info key of the queued state changes
OPENED = "infrastructure_opened_events"  # {device code: its newest event} opened since the last write_log


def begin_write(session: Session) -> None:
    """The domain's change-log lock first, before any row lock (core/changelog.py, "Lock order")."""
    take_writer_lock(session, DEVICE)


def log_device(session: Session, device: InfraDevice) -> None:
    """The device's snapshot (with its contract and parents as they are now) into the change log."""
    session.flush()
    parents = session.scalars(select(InfraDeviceParent.parent_code)
                              .where(InfraDeviceParent.device_code == device.code)).all()
    contract = session.get(InfraContract, device.contract_code) if device.contract_code else None
    record_change(session, DEVICE, device.code, OPERATION, device_snapshot(device, contract, list(parents)),
                  SNAPSHOT_VERSION)


def condition_of(row: InfraDeviceState) -> Condition:
    return Condition(state=row.state, attempts=row.attempts, recent=row.recent, flapping=row.flapping,
                     flap_percent=row.flap_percent, root_cause_code=row.root_cause_code,
                     suppressed_by=row.suppressed_by)


def apply_condition(session: Session, device: InfraDevice, row: InfraDeviceState, new: Condition, at: datetime,
                    source: str, detail: str = "") -> InfraEvent | None:
    """Writes `new` into the state row; a new state closes the open event and opens one (both
    logged) and is returned. The same state with other counters writes the row only."""
    changed = new.state != row.state
    row.attempts, row.recent, row.flapping, row.flap_percent = new.attempts, new.recent, new.flapping, \
        new.flap_percent
    if not changed:
        if (new.root_cause_code, new.suppressed_by) != (row.root_cause_code, row.suppressed_by):
            row.root_cause_code, row.suppressed_by = new.root_cause_code, new.suppressed_by
        return None
    return open_event(session, device, row, new, at, source, detail)


def open_event(session: Session, device: InfraDevice, row: InfraDeviceState, new: Condition, at: datetime,
               source: str, detail: str = "") -> InfraEvent:
    """Closes the device's open event at `at` and opens the event of `new.state`. The new event
    gets its id when the session flushes (one INSERT for a whole batch); `write_log` then points
    the state row at it."""
    opened = session.info.setdefault(OPENED, {})
    previous = opened.get(device.code)
    if previous is None and row.open_event_id is not None:
        previous = session.get(InfraEvent, row.open_event_id)
    if previous is not None and previous.ended_at is None:
        previous.ended_at = max(at, previous.started_at)
        _log_event(session, previous, device.kind)
    event = InfraEvent(device_code=device.code, state=new.state, started_at=at, ended_at=None,
                       root_cause_code=new.root_cause_code, suppressed_by=new.suppressed_by, source=source,
                       detail=(detail or "")[:DETAIL_LIMIT])
    session.add(event)
    opened[device.code] = event
    row.state, row.since = new.state, at
    row.root_cause_code, row.suppressed_by = new.root_cause_code, new.suppressed_by
    _log_event(session, event, device.kind, row)
    return event


def _log_event(session: Session, event: InfraEvent, device_kind: str, row: InfraDeviceState | None = None) -> None:
    """Queued: a batch of results may change thousands of states (a core switch and everything
    behind it); their change-log rows are written together by `write_log` (at the latest just
    before the commit), in the order the changes happened."""
    session.info.setdefault(PENDING, []).append((event, device_kind, row))


def write_log(session: Session) -> None:
    """Writes the queued change-log rows of state changes, each with its event's snapshot now."""
    pending = session.info.pop(PENDING, None)
    session.info.pop(OPENED, None)
    if not pending:
        return
    session.flush()  # the new events' ids
    for event, _kind, row in pending:
        if row is not None:
            row.open_event_id = event.id
    session.flush()
    record_changes_bulk(session, [dict(entity=EVENT, entity_id=event.id, operation=OPERATION,
                                       payload=event_snapshot(event, kind), schema_version=SNAPSHOT_VERSION)
                                  for event, kind, _row in pending])


@sqlalchemy_event.listens_for(Session, "before_commit")
def _write_before_commit(session: Session) -> None:
    if session.info.get(PENDING):
        write_log(session)


@sqlalchemy_event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)
    session.info.pop(OPENED, None)
