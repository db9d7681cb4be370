"""incidents_w0006 adds agg_incident_response_daily to a warehouse that already holds incidents:
the revision fills it from the facts as the ETL would have."""

from __future__ import annotations

from datetime import date, datetime, timezone

from alembic import command
from sqlalchemy import select

from core import migrate
from data.incidents.tables import AggIncidentResponseDaily, FctIncident
from data.value_arrays import unpack
from etl.incidents.aggregates import rebuild_every_response

BEFORE = "incidents_w0005"


def fact(number: str, day: date, response: float | None, agency: str = "PMK", hour: int = 10) -> dict:
    at = datetime(day.year, day.month, day.day, 3, tzinfo=timezone.utc)
    return dict(incident_number=number, status="closed", category_code="KEBAKARAN", type="fire", priority=1,
                kecamatan_code="35.78.07", kelurahan_code="", lat=None, lon=None, source="call",
                lead_agency_code=agency, agencies=agency, received_at=at, received_day=day, received_hour=hour,
                due_at=at, units_dispatched=1, calls=1, casualties_injured=0, casualties_dead=0,
                response_promise_seconds=420, response_seconds=response, late=False, updated_at=at)


def days(connection) -> dict[tuple, list[float]]:
    """(day, dimension, code) -> its values, n checked against them."""
    found = {}
    for day, dimension, code, n, packed in connection.execute(select(AggIncidentResponseDaily.__table__)):
        values = unpack(packed).tolist()
        assert n == len(values)
        found[(day, dimension, code)] = values
    return found


def test_the_revision_fills_the_daily_response_times_from_the_facts(empty_databases):
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), BEFORE)
    facts = [fact("A", date(2026, 1, 31), 500.0), fact("B", date(2026, 1, 31), 300.0, agency="DISHUB", hour=22),
             fact("C", date(2026, 3, 1), 410.5), fact("D", date(2026, 3, 2), None)]  # D: no unit on scene yet
    with empty_databases.warehouse.begin() as connection:
        connection.execute(FctIncident.__table__.insert(), facts)
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), "heads")
    with empty_databases.warehouse.begin() as connection:
        filled = days(connection)
        rebuild_every_response(connection)  # what the ETL's full refresh makes of the same facts
        assert filled == days(connection)
    assert filled[(date(2026, 1, 31), "kecamatan", "35.78.07")] == [300.0, 500.0]
    assert filled[(date(2026, 1, 31), "hour", "22")] == [300.0]
    assert filled[(date(2026, 3, 1), "agency", "PMK")] == [410.5]
    assert not any(day == date(2026, 3, 2) for day, _dimension, _code in filled)
