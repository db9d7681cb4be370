"""Pruning the change log once the marts have it.

A row goes when it is older than `etl.change_log_retention_days` and every job that reads its
entity has moved its watermark past it; rows of entities no job reads go by age alone. The log
is then only the recent past: a full refresh never needs it (it reads the modules' tables), and
a job added later starts with `python -m etl run --full-refresh`, since the rows before it may be
gone. A job that has not run yet (watermark 0) keeps every row of its entities.

The newest row always stays: SQLite numbers a new row after the highest one left, so deleting
the newest would hand out again positions that watermarks have already passed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import and_, delete, func, or_, select, true, tuple_

from core.changelog import ChangeLogEntry
from core.db import Databases
from etl.jobs import Job
from etl.state import read_watermark

CHUNK = 10_000  # rows per delete: short transactions beside the writers
WRITERS_TURN_SECONDS = 0.2  # SQLite: the pause between deletes, longer than its busy handler's longest sleep (100 ms)


@dataclass(frozen=True)
class Pruning:
    rows: int   # deleted
    done: bool  # False: the time allowed ran out with prunable rows left


def prune_change_log(databases: Databases, jobs: list[Job], retention_days: int,
                     now: datetime | None = None, seconds: float | None = None) -> Pruning:
    """Deletes the change-log rows no job needs any more, CHUNK at a time, for about `seconds`
    (None: until none is left). Each chunk is found by a read, which holds no lock a writer waits
    for (WAL on SQLite), and deleted by its positions in a short transaction: a DELETE that
    searched the log itself would hold SQLite's one write lock for the whole search, and a
    citizen's complaint waiting for it fails after the 30 s timeout once the log is tens of millions
    of rows. On SQLite the next chunk waits WRITERS_TURN_SECONDS, so that a writer whose busy
    handler is asleep gets the lock before the next delete takes it."""
    log = ChangeLogEntry.__table__
    started = time.monotonic()
    cutoff = (now or datetime.now(timezone.utc)) - timedelta(days=retention_days)
    with databases.warehouse.connect() as warehouse:  # read first: watermarks only move forward
        watermarks = {job.name: read_watermark(warehouse, job.name) for job in jobs}
    with databases.engine.connect() as source:
        newest = source.scalar(select(func.coalesce(func.max(log.c.position), 0)))
    prunable = and_(log.c.recorded_at < cutoff, log.c.position < newest, read_by_every_reader(jobs, watermarks))
    pause = WRITERS_TURN_SECONDS if databases.engine.dialect.name == "sqlite" else 0.0
    pruned, after = 0, None
    while True:
        with databases.engine.connect() as source:
            rows = source.execute(_next_chunk(prunable, after)).all()
        if rows:
            with databases.engine.begin() as source:
                pruned += source.execute(delete(log).where(log.c.position.in_([row.position for row in rows]))).rowcount
            after = rows[-1]
        if len(rows) < CHUNK:
            return Pruning(pruned, done=True)
        if seconds is not None and time.monotonic() - started >= seconds:
            return Pruning(pruned, done=False)
        time.sleep(pause)


def _next_chunk(prunable, after):
    """The next CHUNK prunable rows, oldest first, past the last chunk's last row: the index on
    (recorded_at, position) starts at the oldest row and stops at the cutoff, so a log with nothing
    old enough is not read at all, and old rows a job still needs are passed over once, not again
    by every chunk."""
    log = ChangeLogEntry.__table__
    query = select(log.c.recorded_at, log.c.position).where(prunable)
    if after is not None:
        query = query.where(tuple_(log.c.recorded_at, log.c.position) > tuple_(after.recorded_at, after.position))
    return query.order_by(log.c.recorded_at, log.c.position).limit(CHUNK)


def read_by_every_reader(jobs: list[Job], watermarks: dict[str, int]):
    """The condition "every job reading this row's entity has read past it": per entity, the
    lowest watermark of the jobs that read it; entities no job reads, always."""
    log = ChangeLogEntry.__table__
    read_up_to: dict[str, int] = {}
    for job in jobs:
        for entity in job.entities:
            read_up_to[entity] = min(read_up_to.get(entity, watermarks[job.name]), watermarks[job.name])
    by_bound: dict[int, list[str]] = {}
    for entity, bound in read_up_to.items():
        by_bound.setdefault(bound, []).append(entity)
    read = [and_(log.c.entity.in_(entities), log.c.position <= bound) for bound, entities in by_bound.items()]
    unread = log.c.entity.not_in(list(read_up_to)) if read_up_to else true()
    return or_(unread, *read)
