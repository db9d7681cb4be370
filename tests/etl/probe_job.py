"""A second, minimal ETL job for tests that need several domains.

Entity "probe" (one reading of an infrastructure probe, payload {"id", "value"}), mart table
`test_probe_readings` (each probe's latest value), mart version "probes". It has no module
tables, so its full refresh finds nothing to read.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Integer, MetaData, Table, select

from core.changelog import record_change
from etl.jobs import BatchResult, Job
from etl.load import upsert

PROBE_READINGS = Table("test_probe_readings", MetaData(),
                       Column("probe_id", Integer, primary_key=True, autoincrement=False),
                       Column("value", Float))


def create_probe_mart(databases) -> None:
    PROBE_READINGS.metadata.create_all(databases.warehouse)


def write_readings(databases, readings: dict[int, float], schema_version: int | None = None) -> None:
    """One change-log row per reading, in one transaction."""
    options = {} if schema_version is None else {"schema_version": schema_version}
    with databases.transaction() as session:
        for probe_id, value in readings.items():
            record_change(session, "probe", probe_id, "reading", {"id": probe_id, "value": value}, **options)


def probe_values(databases) -> dict[int, float]:
    with databases.warehouse.connect() as connection:
        return dict(connection.execute(select(PROBE_READINGS.c.probe_id, PROBE_READINGS.c.value)).all())


def _stage(changes: list[dict]) -> list[dict]:
    latest = {int(c["payload"]["id"]): float(c["payload"]["value"]) for c in changes}
    return [{"probe_id": probe_id, "value": value} for probe_id, value in latest.items()]


def _apply_changes(connection, rows: list[dict], _dimensions) -> BatchResult:
    return BatchResult(read=len(rows), written=upsert(connection, PROBE_READINGS, rows, ["probe_id"]))


def _full_refresh(_source, _connection, _dimensions, _progress) -> BatchResult:
    return BatchResult()


PROBE_JOB = Job(name="probes", entities=("probe",), marts=("probes",), stage=_stage,
                apply_changes=_apply_changes, full_refresh=_full_refresh, mart_tables=(PROBE_READINGS,))
