"""incidents_w0008 adds agg_incident_busy_daily to a warehouse that already holds dispatches: the
revision fills it from the facts as the ETL would have."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from alembic import command
from sqlalchemy import select

from core import migrate
from data.incidents.tables import AggIncidentBusyDaily, FctIncidentDispatch
from etl.incidents.aggregates import rebuild_busy_days

BEFORE = "incidents_w0007"
DISPATCHED = datetime(2026, 3, 1, 3, tzinfo=timezone.utc)  # 10:00 WIB


def dispatch(number: int, agency: str, busy_minutes: int | None, cancelled: bool = False,
             day: date = date(2026, 3, 1)) -> dict:
    dispatched = DISPATCHED + timedelta(minutes=number)
    ended = None if busy_minutes is None else dispatched + timedelta(minutes=busy_minutes)
    return dict(dispatch_id=number, incident_number=f"INS-{number}", unit_code=f"{agency}-1", agency_code=agency,
                unit_type="ambulance", status="cancelled" if cancelled else "cleared" if ended else "on_scene",
                category_code="KEBAKARAN", priority=1, kecamatan_code="35.78.07", kelurahan_code="",
                incident_received_at=dispatched, dispatched_at=dispatched, dispatched_day=day, dispatched_hour=10,
                cleared_at=None if cancelled else ended, cancelled_at=ended if cancelled else None,
                busy_seconds=None if ended is None else busy_minutes * 60.0)


def rows(connection) -> dict[tuple, tuple]:
    return {tuple(row[:2]): tuple(row[2:]) for row in connection.execute(select(AggIncidentBusyDaily.__table__))}


def test_the_revision_sums_the_dispatches_busy_time_per_day_and_agency_as_the_etl_does(empty_databases):
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), BEFORE)
    facts = [dispatch(1, "DINKES", 30), dispatch(2, "DINKES", 10, cancelled=True), dispatch(3, "DINKES", None),
             dispatch(4, "PMK", 45), dispatch(5, "PMK", 5, day=date(2026, 3, 2))]
    with empty_databases.warehouse.begin() as connection:
        connection.execute(FctIncidentDispatch.__table__.insert(), facts)
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), "heads")
    with empty_databases.warehouse.begin() as connection:
        filled = rows(connection)
        rebuild_busy_days(connection, None)  # what the ETL's full refresh makes of the same facts
        assert filled == rows(connection)
    dispatches, ended, busy, ended_last = filled[(date(2026, 3, 1), "DINKES")]
    assert (dispatches, ended, busy) == (3, 2, 2400.0)  # 3 still out: counted, not ended, no busy time yet
    assert ended_last.replace(tzinfo=timezone.utc) == DISPATCHED + timedelta(minutes=31)  # 1's clearing
    assert filled[(date(2026, 3, 1), "PMK")][:3] == (1, 1, 2700.0)
    assert filled[(date(2026, 3, 2), "PMK")][:3] == (1, 1, 300.0)
