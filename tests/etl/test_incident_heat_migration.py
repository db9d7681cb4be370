"""incidents_w0009 replaces agg_incident_cells_monthly by the packed heat aggregates in a warehouse
that already holds incidents: the revision fills them from the facts as the ETL would have, and
its downgrade brings the monthly cell rows back."""

from __future__ import annotations

from datetime import date

from alembic import command
from sqlalchemy import column, inspect, select, table

from core import migrate
from data.incidents.tables import AggIncidentHeatDaily, AggIncidentHeatMonthly, FctIncident
from data.value_arrays import unpack_cells
from etl.incidents.aggregates import rebuild_heat_days
from test_incident_cells_migration import fact

BEFORE = "incidents_w0008"


def packed(connection, aggregate) -> dict[date, list[tuple]]:
    return {key: [tuple(int(v) for v in cell) for cell in unpack_cells(cells)]
            for key, cells in connection.execute(select(aggregate.__table__))}


def test_the_revision_packs_the_cells_per_day_and_month_as_the_etl_does(empty_databases):
    config = migrate.alembic_config(empty_databases, "warehouse")
    command.upgrade(config, BEFORE)
    facts = [fact("A", date(2026, 1, 31), -7.2575, 112.7521), fact("B", date(2026, 1, 5), -7.2576, 112.7522),
             fact("C", date(2026, 1, 31), -7.3101, 112.7301), fact("D", date(2026, 3, 2), None, None),
             fact("E", date(2026, 3, 1), -7.3101, 112.7301), fact("F", date(2026, 1, 31), -7.2575, 112.7521)]
    with empty_databases.warehouse.begin() as connection:
        connection.execute(FctIncident.__table__.insert(), facts)
    command.upgrade(config, "heads")
    with empty_databases.warehouse.begin() as connection:
        assert "agg_incident_cells_monthly" not in inspect(connection).get_table_names()
        daily, monthly = packed(connection, AggIncidentHeatDaily), packed(connection, AggIncidentHeatMonthly)
        rebuild_heat_days(connection, None)  # what the ETL's full refresh makes of the same facts
        assert (daily, monthly) == (packed(connection, AggIncidentHeatDaily), packed(connection, AggIncidentHeatMonthly))
    assert sorted(daily) == [date(2026, 1, 5), date(2026, 1, 31), date(2026, 3, 1)]  # D has no place
    assert sorted(n for _lat, _lon, n in daily[date(2026, 1, 31)]) == [1, 2]  # A and F share a cell, C has its own
    assert sorted(n for _lat, _lon, n in monthly[date(2026, 1, 1)]) == [1, 3]  # B joins A and F's cell
    assert [n for _lat, _lon, n in monthly[date(2026, 3, 1)]] == [1]

    command.downgrade(config, BEFORE)
    cells = table("agg_incident_cells_monthly", column("month"), column("incidents"))
    with empty_databases.warehouse.connect() as connection:
        restored = sorted((str(month)[:10], n) for month, n in connection.execute(select(cells)))
    assert restored == [("2026-01-01", 1), ("2026-01-01", 3), ("2026-03-01", 1)]
