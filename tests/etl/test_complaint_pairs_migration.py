"""w0006 adds agg_complaints_pairs to a warehouse that already holds complaint aggregates: the
revision fills it as the ETL would have, the daily aggregate summed per pair."""

from __future__ import annotations

from datetime import date

from alembic import command
from sqlalchemy import select

from core import migrate
from data.complaints.tables import AGG_MEASURES, PAIR_KEYS, AggComplaintsDaily, AggComplaintsPairs
from etl.complaints.aggregates import rebuild_pairs

BEFORE = "w0005_complaint_response_daily"
D1, D2 = date(2026, 11, 23), date(2026, 11, 24)


def aggregate(day: date, kecamatan: str, kelurahan: str, opd: str, category: str, channel: str, received: int) -> dict:
    counts = {name: 0 for name in AGG_MEASURES}
    return {**counts, "day": day, "kecamatan_code": kecamatan, "kelurahan_code": kelurahan, "opd_code": opd,
            "category_code": category, "channel": channel, "received": received, "open": received - 1,
            "response_minutes_sum": 10.5 * received}


ROWS = [aggregate(D1, "35.78.07", "35.78.07.1001", "DSDABM", "SALURAN_BANJIR", "web", 3),
        aggregate(D1, "35.78.07", "35.78.07.1002", "DSDABM", "SALURAN_BANJIR", "web", 2),
        aggregate(D1, "35.78.10", "35.78.10.1001", "DSDABM", "JALAN_RUSAK", "wargaku", 4),
        aggregate(D2, "", "", "", "JALAN_RUSAK", "phone", 1)]


def pairs(connection) -> dict[tuple, tuple]:
    table = AggComplaintsPairs.__table__
    rows = connection.execute(select(*[table.c[name] for name in (*PAIR_KEYS, "received", "open",
                                                                   "response_minutes_sum")]))
    return {tuple(row[:5]): tuple(row[5:]) for row in rows}


def test_the_revision_fills_the_pairs_from_the_daily_aggregate(empty_databases):
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), BEFORE)
    with empty_databases.warehouse.begin() as connection:
        connection.execute(AggComplaintsDaily.__table__.insert(), ROWS)
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), "heads")
    with empty_databases.warehouse.begin() as connection:
        filled = pairs(connection)
        rebuild_pairs(connection, None)  # what the ETL makes of the same aggregate
        assert filled == pairs(connection)
    assert filled[("opd", "kecamatan", "DSDABM", D1, "35.78.07")] == (5, 3, 52.5)  # two kelurahan summed
    assert filled[("kecamatan", "kelurahan", "35.78.07", D1, "35.78.07.1002")] == (2, 1, 21.0)
    assert filled[("category", "channel", "JALAN_RUSAK", D2, "phone")] == (1, 0, 10.5)
    assert ("opd", "category", "", D2, "JALAN_RUSAK") in filled  # the triage queue's, as the slices keep it
