"""sipandu_w0005 adds agg_sipandu_rt_now to a warehouse that already holds the newcomers' facts:
the revision fills it as the ETL would have."""

from __future__ import annotations

from datetime import date, datetime, timezone

from alembic import command
from sqlalchemy import select

from core import migrate
from data.sipandu.tables import AggSipanduRtNow, FctSipanduNewcomer
from etl.sipandu.aggregates import rebuild_rt_now

BEFORE = "sipandu_w0004"
KETABANG = ("35.78.07", "35.78.07.1004")
DUKUH_SETRO = ("35.78.10", "35.78.10.1008")
MONDAY = date(2026, 11, 2)


def fact(newcomer_id: int, place: tuple, rw: int, rt: int, status: str, recorded_day: int,
         kos: str | None = None) -> dict:
    recorded = datetime(2026, 11, recorded_day, 2, tzinfo=timezone.utc)
    return dict(newcomer_id=newcomer_id, kecamatan_code=place[0], kelurahan_code=place[1], rw=rw, rt=rt,
                kos_code=kos, origin_province="35", origin_regency="35.15", purpose="work", status=status,
                duplicate_flag=False, rejection_reason=None, arrived_at=recorded, recorded_at=recorded,
                report_minutes=0, reported_in_time=True, stay_until=None, verified_at=None, left_at=None,
                destination_regency=None, ended_at=None, updated_at=recorded, arrival_week=MONDAY,
                recorded_week=MONDAY, verified_week=None, left_week=None, ended_week=None,
                arrival_month=date(2026, 11, 1))


def rt_now_rows(connection) -> list[tuple]:
    table = AggSipanduRtNow.__table__
    return sorted(tuple(row) for row in connection.execute(
        select(table.c.kelurahan_code, table.c.rw, table.c.rt, table.c.kos_code, table.c.present, table.c.unverified,
               table.c.last_recorded_at)))


def test_the_revision_counts_each_rt_and_boarding_house_as_it_stands(empty_databases):
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), BEFORE)
    facts = [fact(1, KETABANG, 1, 1, "active", 3, kos="K1"), fact(2, KETABANG, 1, 1, "recorded", 5, kos="K1"),
             fact(3, KETABANG, 1, 1, "moved_out", 4), fact(4, KETABANG, 1, 1, "recorded", 2),
             fact(5, DUKUH_SETRO, 3, 3, "rejected", 6), fact(6, DUKUH_SETRO, 3, 3, "expired", 1)]
    with empty_databases.warehouse.begin() as connection:
        connection.execute(FctSipanduNewcomer.__table__.insert(), facts)
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), "heads")
    with empty_databases.warehouse.begin() as connection:
        filled = rt_now_rows(connection)
        rebuild_rt_now(connection, None)  # what the ETL makes of the same facts
        assert filled == rt_now_rows(connection)
    day = lambda n: datetime(2026, 11, n, 2, tzinfo=timezone.utc)  # noqa: E731
    assert filled == [("35.78.07.1004", 1, 1, "", 1, 1, day(4)), ("35.78.07.1004", 1, 1, "K1", 2, 1, day(5)),
                      ("35.78.10.1008", 3, 3, "", 0, 0, day(6))]
