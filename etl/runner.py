"""Runs the jobs: incrementally from the change log, as a full refresh, or following new changes.

Exactness: a batch's mart upserts, rejects, watermark and mart version are one warehouse
transaction. Killed at any moment, the next run starts from the last committed watermark and,
since every job writes whole rows keyed by id and rebuilds whole aggregate days, re-applying a
batch changes nothing.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import Text, cast, func, select
from tqdm import tqdm

from core.changelog import ChangeLogEntry
from core.db import Databases
from core.events import MARTS
from data.cache import VERSION_KEY
from data.reference import REFERENCE_MART
from etl.dimensions import sync_dimensions
from etl.jobs import BatchResult, Job, all_jobs
from etl.load import bump_versions, record_rejects, set_watermark
from etl.retention import prune_change_log
from etl.state import MartVersion, read_watermark


log = logging.getLogger(__name__)

PRUNE_EVERY_SECONDS = 3600  # follow mode: retention is counted in days, so hourly is plenty
PRUNE_SECONDS_PER_PASS = 2.0  # follow mode: a long prune goes on over the next passes, between batches


def follow_until_stopped(runner: "EtlRunner", stop, retry_seconds: float = 2.0) -> None:
    """`runner.follow(stop)` that outlives an outage: a failed pass (a database restarting, say)
    is logged and tried again after `retry_seconds`, from the committed watermark, with no restart
    of the process (the engines' pre-ping replaces the dead pooled connections)."""
    while not stop.is_set():
        try:
            runner.follow(stop)
        except Exception:  # noqa: BLE001 - keep following; the next pass retries the batch
            log.exception("ETL pass failed; retrying in %s s", retry_seconds)
            stop.wait(retry_seconds)


@dataclass
class RunSummary:
    read: int = 0
    written: int = 0
    rejected: int = 0
    batches: int = 0
    seconds: float = 0.0
    marts_changed: set[str] = field(default_factory=set)

    def add(self, result: BatchResult) -> None:
        self.read += result.read
        self.written += result.written
        self.rejected += result.rejected

    def line(self) -> str:
        return (f"read {self.read} rows, wrote {self.written}, rejected {self.rejected}, "
                f"{self.batches} batches, {self.seconds:.1f} s")


def no_flush_wait(warehouse) -> None:
    """PostgreSQL: this transaction's commit does not wait for its WAL to reach the disk. A server
    crash can then lose the last batches' commits, but whole: marts and watermark together, so
    the next run applies those changes again and nothing is lost or counted twice."""
    if warehouse.dialect.name == "postgresql":
        warehouse.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")


def unknown_version(job: Job, change: dict) -> dict:
    """The etl_rejects row of a change whose payload version the job cannot read (written by a
    newer module, say): kept with its reason for the admin page, while the job goes on."""
    known = ", ".join(str(v) for v in job.schema_versions)
    return {"position": change["position"], "entity": change["entity"], "entity_id": change["entity_id"],
            "reason": f"unknown payload schema version {change['schema_version']} (the job reads {known})",
            "payload": change["payload"] if change["payload"] is not None else {}}


@dataclass
class Batch:
    size: int             # change-log rows read
    last_position: int    # the watermark once it is loaded
    staged: object        # what the job's stage() made of the rows it can read; None: no such row
    rejects: list         # the rows of a payload version the job cannot read, with the reason


class EtlRunner:
    def __init__(self, databases: Databases, jobs: list[Job] | None = None, events=None, redis=None,
                 batch_size: int = 10000, show_progress: bool = False, poll_seconds: float = 1.0,
                 retention_days: int = 30):
        self.databases = databases
        self.jobs = jobs if jobs is not None else all_jobs()
        self.events = events
        self.redis = redis
        self.batch_size = batch_size
        self.show_progress = show_progress
        self.poll_seconds = poll_seconds
        self.retention_days = retention_days
        self._unannounced: set[str] = set()  # marts whose new version Redis has not taken yet

    @classmethod
    def from_settings(cls, databases: Databases, settings, events=None, redis=None, **options) -> "EtlRunner":
        """A runner configured by the [etl] settings; `options` (e.g. batch_size from the command
        line) win over them."""
        configured = {"batch_size": settings.etl.batch_size, "poll_seconds": settings.etl.poll_seconds,
                      "retention_days": settings.etl.change_log_retention_days}
        return cls(databases, events=events, redis=redis, **{**configured, **options})

    # --- incremental --------------------------------------------------------------------------

    def run_once(self, max_batches: int | None = None) -> RunSummary:
        """Applies every change past each job's watermark, batch by batch. The jobs take turns,
        one batch each (round robin): a flood of one domain's changes (thousands of probe
        readings) delays another domain's next change by at most one batch, not by the flood."""
        summary, started = RunSummary(), time.monotonic()
        dimensions = self._sync_dimensions(summary)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="etl-read") as reader, \
                self._progress(self._pending(), "ETL") as bar:
            for job, batch in self._in_turn(reader):
                if max_batches is not None and summary.batches >= max_batches:
                    break
                summary.add(self._apply(job, batch, dimensions))
                summary.batches += 1
                summary.marts_changed |= set(job.marts)
                bar.update(batch.size)
        self._announce(summary.marts_changed)
        summary.seconds = time.monotonic() - started
        return summary

    def _in_turn(self, reader: ThreadPoolExecutor) -> Iterator[tuple[Job, "Batch"]]:
        """The next batch of each job in turn (in the jobs' dependency order), until every job
        has caught up."""
        streams = [(job, self._batches(job, reader)) for job in self.jobs]
        while streams:
            for stream in list(streams):
                job, batches = stream
                batch = next(batches, None)
                if batch is None:
                    streams.remove(stream)
                else:
                    yield job, batch

    def _apply(self, job: Job, batch: "Batch", dimensions) -> BatchResult:
        """One warehouse transaction: the marts, the rejects, the watermark and the mart versions
        move together."""
        unreadable = len(batch.rejects)
        result = BatchResult(read=unreadable, rejected=unreadable)
        with self.databases.warehouse.begin() as warehouse:
            no_flush_wait(warehouse)
            if batch.staged is not None:
                result += job.apply_changes(warehouse, batch.staged, dimensions)
            record_rejects(warehouse, job.name, batch.rejects)
            set_watermark(warehouse, job.name, batch.last_position)
            bump_versions(warehouse, job.marts)
        return result

    def _batches(self, job: Job, reader: ThreadPoolExecutor) -> Iterator["Batch"]:
        """The job's change batches past its watermark, staged. The next batch is read and staged
        while the caller loads this one: the load mostly waits on the warehouse, so the two
        overlap. Only this runner moves the watermark, so the next batch starts after the last
        position of this one; a batch read but not loaded (a stop, an error) is read again by the
        next run, from the committed watermark."""
        with self.databases.warehouse.connect() as warehouse:
            after = read_watermark(warehouse, job.name)
        upcoming = reader.submit(self._read_batch, job, after)
        while batch := upcoming.result():
            upcoming = reader.submit(self._read_batch, job, batch.last_position)
            yield batch

    def _read_batch(self, job: Job, after: int) -> "Batch | None":
        changes = self._read_changes(job, after)
        if not changes:
            return None
        readable = [c for c in changes if c["schema_version"] in job.schema_versions]
        rejects = [unknown_version(job, c) for c in changes if c["schema_version"] not in job.schema_versions]
        return Batch(len(changes), changes[-1]["position"], job.stage(readable) if readable else None, rejects)

    # --- full refresh -------------------------------------------------------------------------

    def full_refresh(self) -> RunSummary:
        """Rebuilds every mart from the modules' tables; a job's watermark becomes the last
        position of its entities as it was before the extract, so changes made meanwhile are
        applied again by the next run. (Of its own entities: positions are in commit order only
        within a domain, so the log's overall end may lie past a change of this domain that is
        still being written.)"""
        summary, started = RunSummary(), time.monotonic()
        dimensions = self._sync_dimensions(summary)
        for job in self.jobs:
            with self.databases.engine.connect() as source:
                end = source.scalar(select(func.coalesce(func.max(ChangeLogEntry.position), 0))
                                    .where(ChangeLogEntry.entity.in_(job.entities)))
                with self._progress(None, f"full refresh {job.name}") as bar, \
                        self.databases.warehouse.begin() as warehouse:
                    summary.add(job.full_refresh(source, warehouse, dimensions, bar.update))
                    set_watermark(warehouse, job.name, end)
                    bump_versions(warehouse, job.marts)
            self.refresh_statistics(job.mart_tables)
            summary.batches += 1
            summary.marts_changed |= set(job.marts)
        self._announce(summary.marts_changed)
        summary.seconds = time.monotonic() - started
        return summary

    # --- follow -------------------------------------------------------------------------------

    def follow(self, stop, poll_seconds: float | None = None, on_idle=None) -> None:
        """Runs until `stop` (a threading.Event) is set; wakes on a change notification or after
        `poll_seconds` (default: the runner's, from the settings)."""
        from core.events import CHANGES

        poll_seconds = self.poll_seconds if poll_seconds is None else poll_seconds
        seen = self.events.counter(CHANGES) if self.events else 0
        next_prune = time.monotonic()
        while not stop.is_set():
            self.run_once()
            if time.monotonic() >= next_prune:
                pruning = prune_change_log(self.databases, self.jobs, self.retention_days,
                                           seconds=PRUNE_SECONDS_PER_PASS)
                next_prune = time.monotonic() + (PRUNE_EVERY_SECONDS if pruning.done else 0)
            if on_idle:
                on_idle()
            if self.events is not None:
                seen = self.events.wait(CHANGES, seen, poll_seconds)
            else:
                stop.wait(poll_seconds)

    # --- retention ----------------------------------------------------------------------------

    def prune(self, now=None) -> int:
        """Deletes the change-log rows every job has read that are older than the retention."""
        return prune_change_log(self.databases, self.jobs, self.retention_days, now).rows

    # --- helpers ------------------------------------------------------------------------------

    def refresh_statistics(self, tables) -> None:
        """After a table is rewritten, PostgreSQL's planner needs fresh statistics and its index-only
        scans a fresh visibility map (autovacuum gets there later: the marts' thresholds are 2 % of
        their rows, see the warehouse migration w0003); SQLite needs neither."""
        if self.databases.warehouse.dialect.name != "postgresql" or not tables:
            return
        with self.databases.warehouse.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in tables:
                connection.exec_driver_sql(f"VACUUM ANALYZE {connection.dialect.identifier_preparer.format_table(table)}")

    def _sync_dimensions(self, summary: RunSummary):
        """The reference data's codes, for the transforms; a change of it is announced with the marts."""
        with self.databases.engine.connect() as source, self.databases.warehouse.begin() as warehouse:
            dimensions, changed = sync_dimensions(source, warehouse)
        if changed:
            summary.marts_changed.add(REFERENCE_MART)
        return dimensions

    def _read_changes(self, job: Job, watermark: int) -> list[dict]:
        log = ChangeLogEntry.__table__
        # The payloads come as JSON text and are parsed in one go (one json.loads for the batch).
        query = (select(log.c.position, log.c.entity, log.c.entity_id, log.c.operation, log.c.schema_version,
                        cast(log.c.payload, Text))
                 .where(log.c.position > watermark, log.c.entity.in_(job.entities))
                 .order_by(log.c.position).limit(self.batch_size))
        with self.databases.engine.connect() as source:
            rows = source.execute(query).all()
        payloads = json.loads("[" + ",".join(row[5] or "null" for row in rows) + "]")
        return [{"position": row[0], "entity": row[1], "entity_id": row[2], "operation": row[3],
                 "schema_version": row[4], "payload": payload} for row, payload in zip(rows, payloads)]

    def _pending(self) -> int | None:
        """Change-log rows past the watermarks, over every job (for the progress bar)."""
        if not self.show_progress:
            return None
        log = ChangeLogEntry.__table__
        with self.databases.warehouse.connect() as warehouse:
            watermarks = {job.name: read_watermark(warehouse, job.name) for job in self.jobs}
        with self.databases.engine.connect() as source:
            return sum(source.scalar(select(func.count()).where(log.c.position > watermarks[job.name],
                                                                log.c.entity.in_(job.entities)))
                       for job in self.jobs)

    def _progress(self, total, description):
        return tqdm(total=total, desc=description, unit="rows", disable=not self.show_progress, leave=True)

    def _announce(self, marts: set[str]) -> None:
        """After commit: newer mart versions into Redis (for other processes) and a wake-up event.
        Versions Redis could not take (it was down or hung) are written with the next pass's, so
        web workers never keep reading an old version from Redis once it is back."""
        marts = marts | self._unannounced
        if not marts:
            return
        if self.redis is not None:
            with self.databases.warehouse.connect() as warehouse:
                versions = dict(warehouse.execute(select(MartVersion.mart, MartVersion.version)
                                                  .where(MartVersion.mart.in_(marts))).all())
            try:
                self.redis.mset({VERSION_KEY + m: v for m, v in versions.items()})
                self._unannounced = set()
            except Exception:  # noqa: BLE001 - readers fall back to the table meanwhile
                self._unannounced = set(marts)
        if self.events is not None:
            self.events.publish(MARTS)
