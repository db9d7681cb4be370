"""w0007 adds the category x kelurahan pair and agg_complaints_pairs_monthly to a warehouse that
already holds complaint aggregates: the revisions fill them as the ETL would have."""

from __future__ import annotations

from datetime import date

from alembic import command
from sqlalchemy import select

from core import migrate
from data.complaints.tables import AGG_MEASURES, PAIR_KEYS, PAIR_MONTH_KEYS, AggComplaintsDaily, AggComplaintsPairs, \
    AggComplaintsPairsMonthly
from etl.complaints.aggregates import rebuild_pairs

BEFORE = "w0005_complaint_response_daily"
OCTOBER, NOVEMBER = date(2026, 10, 1), date(2026, 11, 1)


def aggregate(day: date, kelurahan: str, category: str, received: int) -> dict:
    return {**{name: 0 for name in AGG_MEASURES}, "day": day, "kecamatan_code": kelurahan[:8], "kelurahan_code": kelurahan,
            "opd_code": "DSDABM", "category_code": category, "channel": "web", "received": received,
            "response_minutes_sum": 10.25 * received}


ROWS = [aggregate(date(2026, 10, 30), "35.78.07.1001", "SALURAN_BANJIR", 3),
        aggregate(date(2026, 11, 2), "35.78.07.1001", "SALURAN_BANJIR", 2),
        aggregate(date(2026, 11, 2), "35.78.07.1002", "SALURAN_BANJIR", 1),
        aggregate(date(2026, 11, 23), "35.78.07.1001", "SALURAN_BANJIR", 4),
        aggregate(date(2026, 11, 23), "35.78.10.1001", "JALAN_RUSAK", 5)]


def rows_of(connection, table, keys) -> dict[tuple, tuple]:
    return {tuple(row[:5]): tuple(row[5:])
            for row in connection.execute(select(*[table.c[n] for n in (*keys, "received", "response_minutes_sum")]))}


def test_the_revision_fills_the_new_pair_and_the_months_as_the_etl_would(empty_databases):
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), BEFORE)
    with empty_databases.warehouse.begin() as connection:
        connection.execute(AggComplaintsDaily.__table__.insert(), ROWS)
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), "heads")
    pairs, monthly = AggComplaintsPairs.__table__, AggComplaintsPairsMonthly.__table__
    with empty_databases.warehouse.begin() as connection:
        filled = rows_of(connection, pairs, PAIR_KEYS), rows_of(connection, monthly, PAIR_MONTH_KEYS)
        rebuild_pairs(connection, None)  # what the ETL makes of the same aggregate
        assert filled == (rows_of(connection, pairs, PAIR_KEYS), rows_of(connection, monthly, PAIR_MONTH_KEYS))
    days, months = filled
    assert days[("category", "kelurahan", "SALURAN_BANJIR", date(2026, 11, 2), "35.78.07.1002")] == (1, 10.25)
    assert months[("category", "kelurahan", "SALURAN_BANJIR", NOVEMBER, "35.78.07.1001")] == (6, 61.5)
    assert months[("category", "kelurahan", "SALURAN_BANJIR", OCTOBER, "35.78.07.1001")] == (3, 30.75)
    assert months[("opd", "category", "DSDABM", NOVEMBER, "JALAN_RUSAK")] == (5, 51.25)
