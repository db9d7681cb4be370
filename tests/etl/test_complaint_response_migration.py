"""w0005 adds agg_complaints_response_daily to a warehouse that already holds complaint facts: the
revision fills it as the ETL would have, the days' minutes per slice, sorted."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from alembic import command
from sqlalchemy import select

from core import migrate
from data.complaints.tables import AggComplaintsResponseDaily, FctComplaint
from data.value_arrays import unpack
from etl.complaints.aggregates import rebuild_all_response_days

BEFORE = "w0004_complaint_rw"
D1, D2 = date(2026, 11, 23), date(2027, 2, 25)  # two quarters apart: the fill reads a quarter at a time


def fact(number: int, day: date, opd: str, kecamatan: str, minutes: float | None) -> dict:
    at = datetime(day.year, day.month, day.day, 2, tzinfo=timezone.utc)
    responded = None if minutes is None else at + timedelta(minutes=minutes)
    return dict(complaint_id=number, ticket=f"T{number}", channel="web", category_code="JALAN_RUSAK", opd_code=opd,
                status="responded", is_open=True, kecamatan_code=kecamatan, kelurahan_code="", received_at=at,
                received_day=day, first_response_at=responded, first_response_due_at=at + timedelta(hours=1),
                feedback_due_at=at + timedelta(hours=24), minutes_to_first_response=minutes,
                first_response_sla="pending", feedback_sla="pending", updated_at=at)


FACTS = [fact(1, D1, "DSDABM", "35.78.07", 30.5), fact(2, D1, "DSDABM", "35.78.10", 12.0),
         fact(3, D1, "DLH", "35.78.07", 95.25), fact(4, D1, "DLH", "35.78.07", None),
         fact(5, D2, "", "", 7.0)]


def arrays(connection) -> dict[tuple, list[float]]:
    table = AggComplaintsResponseDaily.__table__
    rows = connection.execute(select(table.c.dimension, table.c.day, table.c.code, table.c.n, table.c.response_minutes))
    return {(dimension, day, code): (n, unpack(packed).tolist()) for dimension, day, code, n, packed in rows}


def test_the_revision_fills_the_response_arrays_from_the_facts(empty_databases):
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), BEFORE)
    with empty_databases.warehouse.begin() as connection:
        connection.execute(FctComplaint.__table__.insert(), FACTS)
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), "heads")
    with empty_databases.warehouse.begin() as connection:
        filled = arrays(connection)
        rebuild_all_response_days(connection)  # what the ETL makes of the same facts
        assert filled == arrays(connection)
    assert filled[("all", D1, "")] == (3, [12.0, 30.5, 95.25])  # sorted; the unanswered one is not counted
    assert filled[("opd", D1, "DSDABM")] == (2, [12.0, 30.5])
    assert filled[("kecamatan", D1, "35.78.07")] == (2, [30.5, 95.25])
    assert filled[("channel", D2, "web")] == (1, [7.0]) and filled[("opd", D2, "")] == (1, [7.0])
    assert len(filled) == 1 + 2 + 2 + 1 + 1 + (1 + 1 + 1 + 1 + 1)  # D1: all, 2 OPDs, 2 kecamatan, 1 category, 1 channel; D2
