"""The fast paths give what the plain ones give: rows appended with core.bulk read back like rows
inserted through SQLAlchemy, the extract as a DataFrame stages like the snapshot dicts, and the
city generator's complaints go through the bulk insert with history and change rows."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pandas as pd
from sqlalchemy import Column, Date, Float, Integer, JSON, MetaData, String, Table, func, select

from core.bulk import append_rows
from core.changelog import ChangeLogEntry
from core.reference import RtUnit
from core.db import BigId, UtcDateTime
from core.users import Viewer
from etl.complaints.staging import stg_complaint_frame, stg_complaint_snapshots
from modules.complaints import ComplaintIntake, extract_complaint_frame, extract_complaint_snapshots, service
from modules.complaints.models import Complaint, ComplaintHistory

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)
OPERATOR = Viewer("t:operator", "operator", "operator")


def kinds_table() -> Table:
    return Table("bulk_kinds", MetaData(), Column("id", BigId, primary_key=True, autoincrement=False),
                 Column("at", UtcDateTime, nullable=True), Column("day", Date, nullable=True),
                 Column("ratio", Float, nullable=True), Column("name", String(20), nullable=True),
                 Column("payload", JSON, nullable=True), Column("count", Integer, nullable=True))


def test_appended_rows_read_back_like_inserted_ones(databases):
    table = kinds_table()
    table.metadata.create_all(databases.warehouse)
    wib = timezone(timedelta(hours=7))
    values = [
        (datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=timezone.utc), date(2026, 1, 2), 1.25, "a", {"k": [1, None]}, 3),
        (datetime(2026, 1, 2, 10, 4, 5, tzinfo=wib), None, None, None, None, 2.0),
        (datetime(2026, 1, 2, 3, 4, 5), date(2025, 12, 31), -0.5, "Ünï", {}, None),
        (None, None, float("nan"), "", {"x": "y"}, 0),
    ]
    with databases.warehouse.begin() as connection:
        connection.execute(table.insert(), [dict(zip(["id", "at", "day", "ratio", "name", "payload", "count"],
                                                     (i, *row[:5], None if row[5] is None else int(row[5]))))
                                            for i, row in enumerate(values)])
        append_rows(connection, table, ["id", "at", "day", "ratio", "name", "payload", "count"],
                    [(100 + i, *row) for i, row in enumerate(values)])
    with databases.warehouse.connect() as connection:
        rows = connection.execute(select(table).order_by(table.c.id)).all()
        raw_times = connection.execute(select(func.count(func.distinct(table.c.at)))).scalar()
    inserted, appended = rows[:4], rows[4:]

    def same(a, b):
        return all((x != x and y != y) or x == y for x, y in zip(a[1:], b[1:]))  # NaN equals NaN here

    assert all(same(a, b) for a, b in zip(inserted, appended)), (inserted, appended)
    assert appended[1].at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert raw_times == 2  # the same instant is stored as the same value either way (SQLite compares text)


def test_the_extract_frame_stages_like_the_snapshot_dicts(databases, settings):
    from simulator import demo_backfill

    demo_backfill(databases, settings, days=3, now=NOW)
    with databases.transaction() as session:  # a live one with sub-second times, and a step
        complaint = service.submit_complaint(session, ComplaintIntake(
            channel="web", category_code="SAMPAH", description="Sampah menumpuk", lat=-7.2575, lon=112.7521),
            settings, now=NOW + timedelta(microseconds=654321))
        service.reject(session, OPERATOR, complaint.id, "spam", "iklan", now=NOW + timedelta(seconds=1.5))
    with databases.engine.connect() as connection:
        from_dicts = stg_complaint_snapshots(extract_complaint_snapshots(connection))
        frame = extract_complaint_frame(connection)
        pages = [(extract_complaint_frame(connection, after_id=after, limit=40),
                  stg_complaint_snapshots(extract_complaint_snapshots(connection, after_id=after, limit=40)))
                 for after in (0, int(frame["id"].iloc[39]))]
    pd.testing.assert_frame_equal(stg_complaint_frame(frame), from_dicts)
    for page, page_from_dicts in pages:  # a full refresh stages page by page
        pd.testing.assert_frame_equal(stg_complaint_frame(page), page_from_dicts)
    assert len(from_dicts) > 40


def test_city_generator_writes_complaints_history_and_change_rows(databases, settings):
    from simulator.city import city_seed

    written = city_seed(databases, settings, count=1500, years=1, now=NOW, chunk_rows=500, progress=False)
    assert written == 1500
    assert city_seed(databases, settings, count=10, now=NOW, progress=False) == 0  # only once
    with databases.session() as session:
        complaints = pd.DataFrame(session.execute(select(Complaint.id, Complaint.status, Complaint.category_code,
                                                         Complaint.received_at, Complaint.ticket)).all())
        history = session.scalar(select(func.count()).select_from(ComplaintHistory))
        changes = session.scalars(select(ChangeLogEntry.entity_id).where(ChangeLogEntry.entity == "complaint")
                                  .order_by(ChangeLogEntry.position)).all()
    assert len(complaints) == 1500 and complaints["ticket"].is_unique
    assert history >= 2 * 1500  # submitted and at least one more step each
    assert [int(c) for c in changes] == sorted(complaints["id"])  # one change row each, in id order
    assert {"closed", "rejected"} <= set(complaints["status"])
    assert complaints["received_at"].min() >= NOW - timedelta(days=366)
    months = complaints[complaints["category_code"] == "SALURAN_BANJIR"]["received_at"].dt.month
    assert months.isin([11, 12, 1, 2, 3]).mean() > 0.6  # the rainy season
    with databases.session() as session:
        placed = pd.DataFrame(session.execute(select(Complaint.kelurahan_code, Complaint.rw, Complaint.rt)
                                              .where(Complaint.kelurahan_code.is_not(None))).all())
        units = set(session.execute(select(RtUnit.kelurahan_code, RtUnit.rw, RtUnit.rt)).all())
        payload_rws = {c.payload["rw"] for c in session.scalars(select(ChangeLogEntry)
                                                               .where(ChangeLogEntry.entity == "complaint"))}
    given = placed[placed["rw"].notna()]
    assert 0.55 < len(given) / len(placed) < 0.75  # as the demo feed: most name their RW
    assert {(k, int(rw)) for k, rw in zip(given["kelurahan_code"], given["rw"])} <= {(k, rw) for k, rw, _ in units}
    with_rt = given[given["rt"].notna()]
    assert {(k, int(rw), int(rt)) for k, rw, rt in with_rt.itertuples(index=False)} <= units
    assert len(payload_rws - {None}) > 1  # and the change log carries them for the ETL


def test_city_generator_is_reproducible():
    from simulator.city import CityGenerator, CityPlan
    from simulator.complaints import Reference

    reference = Reference(categories=[("SAMPAH", "Sampah", 0.7), ("POHON", "Pohon", 0.3)],
                          districts=[("35.78.07", -7.2575, 112.7421, 1.0), ("35.78.10", -7.2545, 112.7603, 3.0)],
                          routes={("SAMPAH", None): "DLH", ("POHON", None): "DLH"},
                          default_opd={"SAMPAH": "DLH", "POHON": "DLH"})
    plan = CityPlan(count=300, start=NOW - timedelta(days=60), end=NOW, seed=5)

    def rows():
        return [row for chunk in CityGenerator(reference, plan).chunks(100) for row in chunk]

    first = rows()
    assert first == rows() and len(first) == 300
    assert first == sorted(first, key=lambda row: row["received_at"])


def test_select_frame_gives_the_rows_of_its_query_by_name(databases):
    from core.bulk import select_frame

    table = kinds_table()
    table.metadata.create_all(databases.warehouse)
    with databases.warehouse.begin() as connection:
        append_rows(connection, table, ["id", "name", "count"], [(i, f"n{i}", i * 2) for i in range(1, 6)])
    with databases.warehouse.connect() as connection:
        frame = select_frame(connection, select(table.c.id, table.c.name.label("label"))
                             .where(table.c.id > 2).order_by(table.c.id).limit(2))
        empty = select_frame(connection, select(table.c.id, table.c.count).where(table.c.id > 99))
    assert list(frame.columns) == ["id", "label"]
    assert frame.to_dict("records") == [{"id": 3, "label": "n3"}, {"id": 4, "label": "n4"}]
    assert list(empty.columns) == ["id", "count"] and empty.empty


def test_dropped_indexes_come_back_and_emptied_tables_hold_nothing(databases):
    from sqlalchemy import Index, inspect

    from core.bulk import create_indexes, drop_indexes
    from etl.load import empty_tables

    table = kinds_table()
    Index("ix_bulk_kinds_name", table.c.name)
    Index("ix_bulk_kinds_day_count", table.c.day, table.c["count"])
    table.metadata.create_all(databases.warehouse)
    with databases.warehouse.begin() as connection:
        append_rows(connection, table, ["id", "name"], [(1, "a"), (2, "b")])
        dropped = drop_indexes(connection, table)
        assert inspect(connection).get_indexes("bulk_kinds") == []
        empty_tables(connection, [table])
        append_rows(connection, table, ["id", "name"], [(3, "c")])
        create_indexes(connection, dropped)
    with databases.warehouse.connect() as connection:
        names = sorted(index["name"] for index in inspect(connection).get_indexes("bulk_kinds"))
        ids = connection.scalars(select(table.c.id)).all()
    assert [index.name for index in dropped] == names == ["ix_bulk_kinds_day_count", "ix_bulk_kinds_name"]
    assert ids == [3]


def test_read_ahead_gives_every_page_in_order_and_passes_on_a_failure(databases):
    import pytest

    from etl.sources import read_ahead

    def pages(failing_at=None):
        for number in range(5):
            if number == failing_at:
                raise ValueError(f"page {number} failed")
            yield [number] * 3

    with databases.engine.connect() as source:
        assert list(read_ahead(pages(), source)) == [[n] * 3 for n in range(5)]
        seen = []
        with pytest.raises(ValueError, match="page 3 failed"):
            for page in read_ahead(pages(failing_at=3), source):
                seen.append(page[0])
        assert seen == [0, 1, 2]


def test_analyze_gives_the_planner_the_tables_row_counts(databases):
    from sqlalchemy import Index, text

    from core.bulk import analyze

    table = kinds_table()
    Index("ix_bulk_kinds_name", table.c.name)
    table.metadata.create_all(databases.warehouse)
    with databases.warehouse.begin() as connection:
        append_rows(connection, table, ["id", "name"], [(n, f"n{n % 7}") for n in range(500)])
    analyze(databases.warehouse, ["bulk_kinds"])
    with databases.warehouse.connect() as connection:
        if connection.dialect.name == "sqlite":  # sqlite_stat1: "rows rows-per-distinct-key" per index
            counts = connection.execute(text("SELECT stat FROM sqlite_stat1 WHERE tbl = 'bulk_kinds'")).scalars().all()
            assert counts and all(stat.split()[0] == "500" for stat in counts)
        else:
            assert connection.scalar(text("SELECT reltuples FROM pg_class WHERE relname = 'bulk_kinds'")) == 500
