"""sipandu_w0002 adds agg_sipandu_weekly_kelurahan to a warehouse that already holds the per-RT
weekly flow: the revision fills it as the ETL would have."""

from __future__ import annotations

from datetime import date

from alembic import command
from sqlalchemy import select

from core import migrate
from data.sipandu.tables import AggSipanduWeekly, AggSipanduWeeklyKelurahan
from etl.sipandu.aggregates import rebuild_kelurahan_weeks

BEFORE = "sipandu_w0001"
KETABANG = ("35.78.07", "35.78.07.1004")
EMBONG = ("35.78.07", "35.78.07.1001")
MONDAY = date(2026, 11, 2)


def per_rt(week: date, place: tuple, rw: int, rt: int, arrivals: int, departures: int = 0) -> dict:
    return dict(week=week, kecamatan_code=place[0], kelurahan_code=place[1], rw=rw, rt=rt, arrivals=arrivals,
                departures=departures, expiries=0, recorded=arrivals, recorded_in_time=arrivals, verified=0,
                rejected=0)


def kelurahan_rows(connection) -> list[tuple]:
    return sorted(tuple(row) for row in connection.execute(select(AggSipanduWeeklyKelurahan.__table__)))


def test_the_revision_sums_the_per_rt_weeks_per_kelurahan(empty_databases):
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), BEFORE)
    rows = [per_rt(MONDAY, KETABANG, 1, 1, 2), per_rt(MONDAY, KETABANG, 2, 3, 1, departures=1),
            per_rt(MONDAY, EMBONG, 1, 1, 4), per_rt(date(2026, 11, 9), KETABANG, 1, 1, 0, departures=2)]
    with empty_databases.warehouse.begin() as connection:
        connection.execute(AggSipanduWeekly.__table__.insert(), rows)
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), "heads")
    with empty_databases.warehouse.begin() as connection:
        filled = kelurahan_rows(connection)
        rebuild_kelurahan_weeks(connection, None)  # what the ETL makes of the same per-RT rows
        assert filled == kelurahan_rows(connection)
    assert [(week, kelurahan, arrivals, departures) for week, _kec, kelurahan, arrivals, departures, *_ in filled] == [
        (MONDAY, "35.78.07.1001", 4, 0), (MONDAY, "35.78.07.1004", 3, 1), (date(2026, 11, 9), "35.78.07.1004", 0, 2)]
