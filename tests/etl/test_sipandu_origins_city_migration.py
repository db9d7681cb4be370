"""sipandu_w0003 adds agg_sipandu_origins_city to a warehouse that already holds the kelurahans'
origins: the revision fills it as the ETL would have."""

from __future__ import annotations

from datetime import date

from alembic import command
from sqlalchemy import select

from core import migrate
from data.sipandu.tables import AggSipanduOrigin, AggSipanduOriginCity
from etl.sipandu.aggregates import rebuild_city_origins

BEFORE = "sipandu_w0002"
KETABANG = ("35.78.07", "35.78.07.1004")
DUKUH_SETRO = ("35.78.10", "35.78.10.1008")
NOVEMBER, OCTOBER = date(2026, 11, 1), date(2026, 10, 1)


def per_kelurahan(month: date, place: tuple, regency: str, purpose: str, arrivals: int) -> dict:
    return dict(month=month, kecamatan_code=place[0], kelurahan_code=place[1], origin_province=regency[:2],
                origin_regency=regency, purpose=purpose, arrivals=arrivals)


def city_rows(connection) -> list[tuple]:
    return sorted(tuple(row) for row in connection.execute(select(AggSipanduOriginCity.__table__)))


def test_the_revision_sums_the_kelurahans_origins_over_the_city(empty_databases):
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), BEFORE)
    rows = [per_kelurahan(NOVEMBER, KETABANG, "35.15", "work", 2), per_kelurahan(NOVEMBER, DUKUH_SETRO, "35.15", "work", 3),
            per_kelurahan(NOVEMBER, KETABANG, "35.15", "study", 1), per_kelurahan(OCTOBER, KETABANG, "33.74", "work", 4)]
    with empty_databases.warehouse.begin() as connection:
        connection.execute(AggSipanduOrigin.__table__.insert(), rows)
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), "heads")
    with empty_databases.warehouse.begin() as connection:
        filled = city_rows(connection)
        rebuild_city_origins(connection, None)  # what the ETL makes of the same rows
        assert filled == city_rows(connection)
    assert filled == [(OCTOBER, "33", "33.74", "work", 4), (NOVEMBER, "35", "35.15", "study", 1),
                      (NOVEMBER, "35", "35.15", "work", 5)]
