"""incidents_w0007 adds agg_incident_promise_daily to a warehouse that already holds incidents: the
revision fills it from the facts as the ETL would have."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from alembic import command
from sqlalchemy import select

from core import migrate
from data.incidents.tables import AggIncidentPromiseDaily, FctIncident
from etl.incidents.aggregates import rebuild_promise_days

BEFORE = "incidents_w0006"
RECEIVED = datetime(2026, 3, 1, 3, tzinfo=timezone.utc)


def fact(number: str, minutes: int, on_scene: bool, late: bool = False, cancelled: bool = False,
         category: str = "KEBAKARAN", promise: int = 420, day: date = date(2026, 3, 1)) -> dict:
    received = RECEIVED + timedelta(minutes=minutes)
    return dict(incident_number=number, status="closed", category_code=category, type="fire", priority=1,
                kecamatan_code="35.78.07", kelurahan_code="", lat=None, lon=None, source="call",
                lead_agency_code="PMK", agencies="PMK", received_at=received, received_day=day, received_hour=10,
                due_at=received + timedelta(seconds=promise), units_dispatched=1, calls=1, casualties_injured=0,
                casualties_dead=0, response_promise_seconds=promise,
                first_on_scene_at=received + timedelta(seconds=600 if late else 300) if on_scene else None,
                response_seconds=(600.0 if late else 300.0) if on_scene else None, late=late,
                cancelled_at=received + timedelta(minutes=1) if cancelled else None, updated_at=received)


def rows(connection) -> dict[tuple, tuple]:
    table = AggIncidentPromiseDaily.__table__
    return {tuple(row[:3]): tuple(row[3:]) for row in connection.execute(select(table))}


def test_the_revision_counts_the_incidents_against_their_promise_as_the_etl_does(empty_databases):
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), BEFORE)
    facts = [fact("A", 0, on_scene=True), fact("B", 10, on_scene=True, late=True), fact("C", 20, on_scene=False),
             fact("D", 30, on_scene=False), fact("E", 40, on_scene=False, cancelled=True),
             fact("F", 0, on_scene=True, promise=300), fact("G", 0, on_scene=False, category="BANJIR",
                                                          day=date(2026, 3, 2))]
    with empty_databases.warehouse.begin() as connection:
        connection.execute(FctIncident.__table__.insert(), facts)
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), "heads")
    with empty_databases.warehouse.begin() as connection:
        filled = rows(connection)
        rebuild_promise_days(connection, None)  # what the ETL's full refresh makes of the same facts
        assert filled == rows(connection)
    incidents, met, late, unreached, due_last = filled[(date(2026, 3, 1), "KEBAKARAN", 420)]
    assert (incidents, met, late, unreached) == (5, 1, 1, 2)  # E cancelled: counted once, in no measure
    assert due_last.replace(tzinfo=timezone.utc) == RECEIVED + timedelta(minutes=30, seconds=420)  # D's
    assert filled[(date(2026, 3, 1), "KEBAKARAN", 300)][:4] == (1, 1, 0, 0)
    assert filled[(date(2026, 3, 2), "BANJIR", 420)][3] == 1
