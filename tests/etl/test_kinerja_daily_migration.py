"""kinerja_w0003 adds the approval latency and the links per kind to agg_kinerja_daily in a
warehouse that already holds facts and daily rows: the revision fills them as the ETL would have."""

from __future__ import annotations

from datetime import date, datetime, timezone

from alembic import command
from sqlalchemy import Boolean, column, select, table

from core import migrate
from data.kinerja.tables import DAILY_KEYS, LINKED_BY_KIND, AggKinerjaDaily, FctKinerjaActivity
from etl.kinerja.aggregates import rebuild_daily_keys

BEFORE = "kinerja_w0002"
NEW_COLUMNS = ["activities_decided", "approval_minutes", *LINKED_BY_KIND.values()]
D1, D2 = date(2026, 11, 23), date(2026, 11, 24)
OLD_DAILY = table("agg_kinerja_daily", *(column(name) for name in (
    *DAILY_KEYS, "staff_reported", "activities", "minutes_submitted", "minutes_approved", "activities_linked",
    "awaiting_approval")), column("locked", Boolean))


def fact(number: int, day: date, status: str, link: str | None, latency: int | None, unit: str = "Lalu Lintas") -> dict:
    at = datetime(day.year, day.month, day.day, 9, tzinfo=timezone.utc)
    return dict(activity_id=number, staff_id=number, opd_code="DISHUB", unit=unit, day=day, month="2026-11",
                start_minute=480, end_minute=540, minutes=60, status=status, link_kind=link, has_link=link is not None,
                has_photo=False, created_at=at, submitted_at=None if status == "draft" else at,
                decided_at=None if latency is None else at, approval_minutes=latency, updated_at=at)


FACTS = [fact(1, D1, "approved", "complaint", 120), fact(2, D1, "returned", None, 30),
         fact(3, D1, "submitted", "incident", None), fact(4, D2, "approved", "letter", 45),
         fact(5, D2, "draft", "sub_kegiatan", None), fact(6, D2, "approved", None, 10, unit="Sekretariat")]


def new_columns(connection) -> dict[tuple, tuple]:
    daily = AggKinerjaDaily.__table__
    query = select(*[daily.c[name] for name in (*DAILY_KEYS, *NEW_COLUMNS)])
    return {tuple(row[:3]): tuple(row[3:]) for row in connection.execute(query)}


def test_the_revision_fills_the_new_daily_counts_from_the_facts(empty_databases):
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), BEFORE)
    keys = sorted({(row["day"], row["opd_code"], row["unit"]) for row in FACTS})
    with empty_databases.warehouse.begin() as connection:
        connection.execute(FctKinerjaActivity.__table__.insert(), FACTS)
        # the daily rows as the revision before had them (their old measures are not checked here)
        connection.execute(OLD_DAILY.insert(), [dict(zip(DAILY_KEYS, key), staff_reported=0, activities=0,
                                                     minutes_submitted=0, minutes_approved=0, activities_linked=0,
                                                     awaiting_approval=0, locked=False) for key in keys])
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), "heads")
    with empty_databases.warehouse.begin() as connection:
        filled = new_columns(connection)
        rebuild_daily_keys(connection, None)  # what the ETL makes of the same facts
        assert filled == new_columns(connection)
    # decided, minutes summed, then sub_kegiatan, complaint, incident, letter
    assert filled[(D1, "DISHUB", "Lalu Lintas")] == (2, 150, 0, 1, 1, 0)
    assert filled[(D2, "DISHUB", "Lalu Lintas")] == (1, 45, 1, 0, 0, 1)
    assert filled[(D2, "DISHUB", "Sekretariat")] == (1, 10, 0, 0, 0, 0)
