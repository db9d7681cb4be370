"""The change log (outbox) that ETL reads.

Every write of a module appends a row here in the same transaction, so a change is in the log
exactly when it is in the database.

Commit order, per domain. An ETL job reads "its entities past its watermark, by position", so
it must never find a lower position committed after it has moved past it. On PostgreSQL an
advisory transaction lock serialises a domain's writers from their first change-log insert to
their commit: within a domain, positions are in commit order. Across domains they are not (a
probe reading may commit position 11 while a complaint holding position 10 is still open), and
need not be: each job reads only the entities of one domain (checked by `etl.jobs.Job`), so it
never looks at another domain's positions. One lock per domain lets a flood of probe readings
be written while complaints are written, instead of queueing behind one global lock.

An entity's domain is its name up to the first underscore ("complaint_routing_rule" ->
"complaint"); modules name their entities that way. A transaction that writes entities of two
domains takes both locks; should two such transactions take them in opposite orders, PostgreSQL
detects the deadlock and fails one of them, which rolls back whole.

Lock order: a writer takes its domain's lock before any row lock it keeps to commit (a ticket
counter row, a unique key it inserted), with `take_writer_lock`. Taken the other way round, a
writer holding a counter row waits for the lock while the lock's holder waits for the row: a
deadlock, which failed one in six complaints when webhooks and Open311 wrote at once (issue 10).
core.tickets.allocate_numbers takes it for every domain's counter.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, event, func, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base, BigId, UtcDateTime

CHANGE_LOG_LOCK = 7_211_001  # arbitrary constant: the first key of every change-log writer lock


class ChangeLogEntry(Base):
    __tablename__ = "change_log"
    # The ETL reads "entity in (...) and position > watermark, by position": this index answers it in
    # order, whatever the planner's statistics say (a fresh bulk load has none).
    # e-Kinerja asks "what did this account do on this day": actor, then time.
    # The prune asks "which rows are older than the retention", oldest first (etl/retention.py).
    __table_args__ = (Index("ix_change_log_entity_position", "entity", "position"),
                      Index("ix_change_log_actor_recorded", "actor", "recorded_at"),
                      Index("ix_change_log_recorded_position", "recorded_at", "position"))

    position: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(64), index=True)
    entity_id: Mapped[str] = mapped_column(String(64))
    operation: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The version of the payload's shape, set by the module that writes it (e.g.
    # modules/complaints/snapshot.py: SNAPSHOT_VERSION); an ETL job reads the versions it knows.
    schema_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # The staff account (a username) whose act this change was; None for citizens, feeds and
    # system jobs. Not read by the ETL: the marts never carry who did what.
    actor: Mapped[str | None] = mapped_column(String(64), nullable=True)


def record_change(
    session: Session, entity: str, entity_id: Any, operation: str, payload: dict[str, Any] | None = None,
    schema_version: int = 1, actor: str | None = None,
) -> ChangeLogEntry:
    """Append a change row inside the caller's transaction (never commits on its own);
    `schema_version` is the version of the payload's shape, `actor` the staff account acting."""
    _serialise_writers(session, [entity])
    entry = ChangeLogEntry(
        entity=entity,
        entity_id=str(entity_id),
        operation=operation,
        payload=payload or {},
        recorded_at=datetime.now(timezone.utc),
        schema_version=schema_version,
        actor=actor[:64] if actor else None,
    )
    session.add(entry)
    session.flush()
    session.info["wrote_changes"] = True
    return entry


def record_changes_bulk(session: Session, rows: list[dict[str, Any]]) -> None:
    """Append many change rows at once (seeding); each dict has entity, entity_id, operation, payload
    and optionally schema_version (default 1). Positions follow the order of `rows` (COPY on
    PostgreSQL, see core.bulk)."""
    from core.bulk import append_rows

    if not rows:
        return
    _serialise_writers(session, {row["entity"] for row in rows})
    now = datetime.now(timezone.utc)
    append_rows(session, ChangeLogEntry.__table__,
                ("entity", "entity_id", "operation", "payload", "recorded_at", "schema_version"),
                [(row["entity"], str(row["entity_id"]), row["operation"], row["payload"] or {}, now,
                  row.get("schema_version", 1)) for row in rows])
    session.info["wrote_changes"] = True


def take_writer_lock(session: Session, entity: str) -> None:
    """Takes the writer lock of `entity`'s domain now, ahead of the row locks that follow (see
    "Lock order" above); taking it again later in the transaction costs nothing."""
    _serialise_writers(session, [entity])


def last_position(session: Session) -> int:
    return session.scalar(select(func.coalesce(func.max(ChangeLogEntry.position), 0)))


def entity_domain(entity: str) -> str:
    """The domain an entity belongs to: its name up to the first underscore."""
    return entity.partition("_")[0]


def writer_lock_key(domain: str) -> int:
    """The second key of a domain's writer lock: a stable hash of its name (CRC-32, the same in
    every process, unlike Python's hash()) in PostgreSQL's integer range. Two domains whose names
    hash alike would share a lock: slower, never wrong."""
    return zlib.crc32(domain.encode()) - 2**31


def _serialise_writers(session: Session, entities: Iterable[str]) -> None:
    """Takes the writer lock of each domain written, held until commit or rollback; in sorted
    order, so two bulk writers of the same domains never deadlock."""
    if session.get_bind().dialect.name != "postgresql":
        return  # SQLite has one writer at a time anyway
    for domain in sorted({entity_domain(entity) for entity in entities}):
        session.execute(text("SELECT pg_advisory_xact_lock(CAST(:space AS integer), CAST(:key AS integer))"),
                        {"space": CHANGE_LOG_LOCK, "key": writer_lock_key(domain)})


# --- telling the ETL that there is something to read ------------------------------------------

_listeners: list = []


def notify_after_commit(callback) -> None:
    """Calls `callback()` after every commit that wrote change rows (e.g. events.publish(CHANGES))."""
    if callback not in _listeners:
        _listeners.append(callback)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop("wrote_changes", False):
        for callback in list(_listeners):
            callback()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop("wrote_changes", None)
