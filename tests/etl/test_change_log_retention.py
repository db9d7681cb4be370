"""Pruning the change log: only rows every job reading them has read, only past the retention,
never the newest; full refreshes do without the log."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from etl_helpers import OneWait
from probe_job import PROBE_JOB, probe_values, write_readings
from sqlalchemy import select
from synthetic_complaints import snapshot, write_snapshots

from core.changelog import ChangeLogEntry, record_change
from core.users import Viewer
from data.complaints.tables import FctComplaint
from etl.complaints.job import JOB as COMPLAINTS_JOB
from etl.runner import EtlRunner
from modules.complaints import ComplaintIntake, service

PAST_RETENTION = datetime.now(timezone.utc) + timedelta(days=31)  # the default keeps 30 days
INCIDENTS_JOB = replace(PROBE_JOB, name="incidents", entities=("incident",), marts=("incidents",))


def log_rows(databases) -> list[tuple[str, str]]:
    with databases.session() as session:
        return [tuple(row) for row in session.execute(select(ChangeLogEntry.entity, ChangeLogEntry.entity_id)
                                                      .order_by(ChangeLogEntry.position))]


def write_change(databases, entity: str, entity_id: int) -> None:
    with databases.transaction() as session:
        record_change(session, entity, entity_id, "test", {"id": entity_id, "value": 0.0})


def fact_ids(databases) -> set[int]:
    with databases.warehouse.connect() as connection:
        return set(connection.scalars(select(FctComplaint.complaint_id)))


def test_rows_some_job_still_needs_are_never_pruned(probe_mart):
    write_snapshots(probe_mart, [snapshot(1), snapshot(2)])
    write_readings(probe_mart, {1: 1.0})
    write_change(probe_mart, "incident", 1)  # the incidents job has never run
    EtlRunner(probe_mart, jobs=[COMPLAINTS_JOB, PROBE_JOB]).run_once()
    write_snapshots(probe_mart, [snapshot(3)])  # past the watermarks
    write_readings(probe_mart, {2: 2.0})
    write_change(probe_mart, "complaint_routing_rule", 1)  # an entity no job reads
    write_readings(probe_mart, {3: 3.0})

    runner = EtlRunner(probe_mart, jobs=[COMPLAINTS_JOB, PROBE_JOB, INCIDENTS_JOB])
    before = log_rows(probe_mart)
    assert runner.prune() == 0 and log_rows(probe_mart) == before  # read, but younger than the retention
    runner.prune(now=PAST_RETENTION)
    assert log_rows(probe_mart) == [("incident", "1"), ("complaint", "3"), ("probe", "2"), ("probe", "3")]

    EtlRunner(probe_mart, jobs=[COMPLAINTS_JOB, PROBE_JOB]).run_once()  # what is left is what they needed
    assert fact_ids(probe_mart) == {1, 2, 3} and probe_values(probe_mart) == {1: 1.0, 2: 2.0, 3: 3.0}


def test_an_entity_read_by_two_jobs_waits_for_the_slower(probe_mart):
    write_readings(probe_mart, {1: 1.0, 2: 2.0})
    write_change(probe_mart, "user", 1)  # newest: always kept
    EtlRunner(probe_mart, jobs=[PROBE_JOB]).run_once()
    statistics = replace(PROBE_JOB, name="probe_statistics", marts=("probe_statistics",))
    EtlRunner(probe_mart, jobs=[PROBE_JOB, statistics]).prune(now=PAST_RETENTION)
    assert log_rows(probe_mart)[-3:] == [("probe", "1"), ("probe", "2"), ("user", "1")]
    EtlRunner(probe_mart, jobs=[PROBE_JOB]).prune(now=PAST_RETENTION)
    assert log_rows(probe_mart) == [("user", "1")]


def test_a_full_refresh_after_pruning_reads_the_modules_tables(seeded, settings):
    now = datetime.now(timezone.utc)
    with seeded.transaction() as session:
        ids = [service.submit_complaint(session, ComplaintIntake(channel="web", category_code=category,
                                                                 description="uji", lat=-7.2575, lon=112.7521),
                                        settings, now=now).id
               for category in ("SAMPAH", "JALAN_RUSAK", "PKL", "SAMPAH")]
    runner = EtlRunner(seeded)
    runner.run_once()
    with seeded.transaction() as session:  # a last change, so every complaint's submission can go
        service.reject(session, Viewer("0", "admin", "admin"), ids[-1], "spam", "iklan", now=now)
    runner.run_once()
    runner.prune(now=PAST_RETENTION)
    assert [entity for entity, _ in log_rows(seeded)] == ["complaint"]
    runner.full_refresh()
    assert len(fact_ids(seeded)) == 4


def test_follow_mode_prunes(probe_mart):
    write_snapshots(probe_mart, [snapshot(1), snapshot(2), snapshot(3)])
    stop = threading.Event()
    runner = EtlRunner(probe_mart, jobs=[COMPLAINTS_JOB], events=OneWait(stop), retention_days=0)
    runner.follow(stop)
    assert log_rows(probe_mart) == [("complaint", "3")]
    assert fact_ids(probe_mart) == {1, 2, 3}


def test_a_prune_given_a_time_stops_between_chunks_and_the_next_goes_on(probe_mart, monkeypatch):
    from etl import retention

    monkeypatch.setattr(retention, "CHUNK", 2)
    monkeypatch.setattr(retention, "WRITERS_TURN_SECONDS", 0.0)
    write_readings(probe_mart, {key: float(key) for key in range(1, 6)})
    write_change(probe_mart, "user", 1)  # newest: always kept
    EtlRunner(probe_mart, jobs=[PROBE_JOB]).run_once()

    def prune_with_no_time() -> retention.Pruning:
        return retention.prune_change_log(probe_mart, [PROBE_JOB], 30, now=PAST_RETENTION, seconds=0)

    assert prune_with_no_time() == retention.Pruning(rows=2, done=False)  # one chunk, then out of time
    assert [entity_id for _entity, entity_id in log_rows(probe_mart)] == ["3", "4", "5", "1"]
    assert prune_with_no_time() == retention.Pruning(rows=2, done=False)
    assert prune_with_no_time() == retention.Pruning(rows=1, done=True)  # a chunk short of CHUNK: none left
    assert log_rows(probe_mart) == [("user", "1")]
    assert probe_values(probe_mart) == {key: float(key) for key in range(1, 6)}


def test_one_prune_passes_over_the_rows_a_job_still_needs_and_goes_on_past_them(probe_mart, monkeypatch):
    from etl import retention

    monkeypatch.setattr(retention, "CHUNK", 2)
    monkeypatch.setattr(retention, "WRITERS_TURN_SECONDS", 0.0)
    for key in range(1, 7):  # probe rows interleaved with rows of a job that has never run
        write_readings(probe_mart, {key: float(key)})
        write_change(probe_mart, "incident", key)
    write_change(probe_mart, "user", 1)  # newest: always kept
    EtlRunner(probe_mart, jobs=[PROBE_JOB]).run_once()

    pruning = retention.prune_change_log(probe_mart, [PROBE_JOB, INCIDENTS_JOB], 30, now=PAST_RETENTION)
    assert pruning == retention.Pruning(rows=6, done=True)  # three full chunks, then one short
    assert log_rows(probe_mart) == [("incident", str(key)) for key in range(1, 7)] + [("user", "1")]


def test_the_prune_finds_its_rows_through_the_recorded_at_index(probe_mart):
    from sqlalchemy import event

    from etl import retention

    write_readings(probe_mart, {key: float(key) for key in range(1, 4)})
    write_change(probe_mart, "user", 1)
    EtlRunner(probe_mart, jobs=[PROBE_JOB]).run_once()
    engine, statements = probe_mart.engine, []

    def record(_connection, _cursor, sql, params, *_):
        statements.append((sql, params))

    event.listen(engine, "before_cursor_execute", record)
    try:
        retention.prune_change_log(probe_mart, [PROBE_JOB], 30, now=PAST_RETENTION)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    sql, params = next((s, p) for s, p in statements if "ORDER BY change_log.recorded_at" in s)
    sqlite = engine.dialect.name == "sqlite"
    with engine.begin() as connection:
        if not sqlite:  # a tiny table is cheaper to scan: ask whether the index serves this query at all
            connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
            connection.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
        plan = " ".join(str(line) for line in
                        connection.exec_driver_sql(f"{'EXPLAIN QUERY PLAN' if sqlite else 'EXPLAIN'} {sql}", params))
    assert "ix_change_log_recorded_position" in plan, plan
    assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan  # read in the index's order, not sorted
