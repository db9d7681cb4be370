"""sipandu_w0004 adds agg_sipandu_weekly_city to a warehouse that already holds the kelurahans'
weekly flow: the revision fills it as the ETL would have."""

from __future__ import annotations

from datetime import date

from alembic import command
from sqlalchemy import select

from core import migrate
from data.sipandu.tables import AggSipanduWeeklyCity, AggSipanduWeeklyKelurahan
from etl.sipandu.aggregates import rebuild_city_weeks

BEFORE = "sipandu_w0003"
KETABANG = ("35.78.07", "35.78.07.1004")
DUKUH_SETRO = ("35.78.10", "35.78.10.1008")
MONDAY, NEXT_MONDAY = date(2026, 11, 2), date(2026, 11, 9)


def per_kelurahan(week: date, place: tuple, arrivals: int, departures: int = 0, rejected: int = 0) -> dict:
    return dict(week=week, kecamatan_code=place[0], kelurahan_code=place[1], arrivals=arrivals,
                departures=departures, expiries=0, recorded=arrivals + rejected, recorded_in_time=arrivals,
                verified=0, rejected=rejected)


def city_rows(connection) -> list[tuple]:
    return sorted(tuple(row) for row in connection.execute(select(AggSipanduWeeklyCity.__table__)))


def test_the_revision_sums_the_kelurahans_weeks_over_the_city(empty_databases):
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), BEFORE)
    rows = [per_kelurahan(MONDAY, KETABANG, 2), per_kelurahan(MONDAY, DUKUH_SETRO, 3, departures=1),
            per_kelurahan(NEXT_MONDAY, KETABANG, 0, rejected=2)]
    with empty_databases.warehouse.begin() as connection:
        connection.execute(AggSipanduWeeklyKelurahan.__table__.insert(), rows)
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), "heads")
    with empty_databases.warehouse.begin() as connection:
        filled = city_rows(connection)
        rebuild_city_weeks(connection, None)  # what the ETL makes of the same rows
        assert filled == city_rows(connection)
    # week, arrivals, departures, expiries, recorded, recorded_in_time, verified, rejected
    assert filled == [(MONDAY, 5, 1, 0, 5, 5, 0, 0), (NEXT_MONDAY, 0, 0, 0, 2, 0, 0, 2)]
