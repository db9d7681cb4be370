"""sipandu_w0006 adds agg_sipandu_origins_city_daily to a warehouse that already holds the
newcomers' facts: the revision counts each arrival in its city day (WIB) as the ETL would have."""

from __future__ import annotations

from datetime import date, datetime, timezone

from alembic import command
from sqlalchemy import select

from core import migrate
from data.sipandu.tables import AggSipanduOriginCityDaily, FctSipanduNewcomer
from etl.sipandu.aggregates import rebuild_city_daily_origins

BEFORE = "sipandu_w0005"
MONDAY = date(2026, 11, 2)


def fact(newcomer_id: int, arrived: datetime, regency: str = "35.15", purpose: str = "work",
         status: str = "active") -> dict:
    return dict(newcomer_id=newcomer_id, kecamatan_code="35.78.07", kelurahan_code="35.78.07.1004", rw=1, rt=1,
                kos_code=None, origin_province=regency[:2], origin_regency=regency, purpose=purpose, status=status,
                duplicate_flag=False, rejection_reason=None, arrived_at=arrived, recorded_at=arrived,
                report_minutes=0, reported_in_time=True, stay_until=None, verified_at=None, left_at=None,
                destination_regency=None, ended_at=None, updated_at=arrived, arrival_week=MONDAY,
                recorded_week=MONDAY, verified_week=None, left_week=None, ended_week=None,
                arrival_month=date(2026, 11, 1))


def daily_rows(connection) -> list[tuple]:
    return sorted(tuple(row) for row in connection.execute(select(AggSipanduOriginCityDaily.__table__)))


def test_the_revision_counts_each_arrival_in_its_city_day(empty_databases):
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), BEFORE)
    before_midnight = datetime(2026, 11, 3, 16, 59, 59, 999999, tzinfo=timezone.utc)  # 23:59 on 3 Nov in the city
    at_midnight = datetime(2026, 11, 3, 17, tzinfo=timezone.utc)  # 00:00 on 4 Nov in the city
    facts = [fact(1, before_midnight), fact(2, at_midnight), fact(3, at_midnight, purpose="study"),
             fact(4, at_midnight.replace(hour=20)), fact(5, at_midnight, status="rejected"),
             fact(6, datetime(2026, 11, 9, 1, 30, tzinfo=timezone.utc), regency="33.74")]
    with empty_databases.warehouse.begin() as connection:
        connection.execute(FctSipanduNewcomer.__table__.insert(), facts)
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), "heads")
    with empty_databases.warehouse.begin() as connection:
        filled = daily_rows(connection)
        rebuild_city_daily_origins(connection, None)  # what the ETL makes of the same facts
        assert filled == daily_rows(connection)
    assert filled == [(date(2026, 11, 3), "35", "35.15", "work", 1), (date(2026, 11, 4), "35", "35.15", "study", 1),
                      (date(2026, 11, 4), "35", "35.15", "work", 2), (date(2026, 11, 9), "33", "33.74", "work", 1)]
