"""incidents_w0005 adds agg_incident_cells_monthly to a warehouse that already holds incidents:
the revision fills it from the facts (w0009 later replaced it by the packed heat aggregates)."""

from __future__ import annotations

from datetime import date, datetime, timezone

from alembic import command
from sqlalchemy import column, select, table

from core import migrate
from data.incidents.tables import FctIncident

BEFORE, REVISION = "incidents_w0004", "incidents_w0005"
CELLS = table("agg_incident_cells_monthly", column("month"), column("lat_cell"), column("lon_cell"),
              column("incidents"))


def fact(number: str, day: date, lat: float | None, lon: float | None) -> dict:
    at = datetime(day.year, day.month, day.day, 3, tzinfo=timezone.utc)
    return dict(incident_number=number, status="closed", category_code="KEBAKARAN", type="fire", priority=1,
                kecamatan_code="", kelurahan_code="", lat=lat, lon=lon, source="call", lead_agency_code="PMK",
                agencies="PMK", received_at=at, received_day=day, received_hour=10, due_at=at, units_dispatched=1,
                calls=1, casualties_injured=0, casualties_dead=0, response_promise_seconds=420, late=False,
                updated_at=at)


def cells(connection) -> list[tuple]:
    return sorted((str(month)[:10], lat, lon, n) for month, lat, lon, n in connection.execute(select(CELLS)))


def test_the_revision_fills_the_monthly_cells_from_the_facts(empty_databases):
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), BEFORE)
    facts = [fact("A", date(2026, 1, 31), -7.2575, 112.7521), fact("B", date(2026, 1, 5), -7.2576, 112.7522),
             fact("C", date(2026, 3, 1), -7.3101, 112.7301), fact("D", date(2026, 3, 2), None, None)]
    with empty_databases.warehouse.begin() as connection:
        connection.execute(FctIncident.__table__.insert(), facts)
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), REVISION)
    with empty_databases.warehouse.begin() as connection:
        filled = cells(connection)
    # A and B share a cell, C has its own, D has no place
    assert [(month, n) for month, _lat, _lon, n in filled] == [("2026-01-01", 2), ("2026-03-01", 1)]
