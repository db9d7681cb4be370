"""bench/floor.load_tables: the baselines' in-memory DuckDB copy of warehouse tables, read in chunks
(all 10 million facts at once took the bench process to 24 GB and the kernel killed it), each chunk
typed from the table's columns so that a chunk with a column all NULL does not fix a wrong type."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import Boolean, Column, Date, Integer, MetaData, Numeric, String, Table, create_engine

from bench import floor
from core.db import UtcDateTime

METADATA = MetaData()
FACTS = Table("facts", METADATA, Column("id", Integer, primary_key=True), Column("code", String(10)),
              Column("count", Integer), Column("at", UtcDateTime()), Column("day", Date), Column("flag", Boolean),
              Column("rupiah", Numeric(18, 2)))
EMPTY = Table("no_rows", METADATA, Column("id", Integer, primary_key=True), Column("code", String(10)))


@pytest.fixture
def warehouse(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'warehouse.db'}")
    METADATA.create_all(engine)
    at = datetime(2026, 12, 5, 3, 30, tzinfo=timezone.utc)
    rows = [{"id": n, "code": None, "count": None, "at": None, "day": None, "flag": None, "rupiah": None}
            for n in (1, 2)]  # the first chunk: every column but the key NULL
    rows += [{"id": n, "code": f"C{n}", "count": n * 10, "at": at, "day": date(2026, 12, n), "flag": n % 2 == 0,
              "rupiah": n * 1.5} for n in range(3, 8)]
    with engine.begin() as connection:
        connection.execute(FACTS.insert(), rows)
    yield engine
    engine.dispose()


def test_every_row_arrives_typed_whatever_the_first_chunk_holds(warehouse, monkeypatch):
    monkeypatch.setattr(floor, "LOAD_CHUNK_ROWS", 2)  # four chunks: NULLs first, then values
    database = floor.load_tables(warehouse, {"fct": FACTS, "empty_copy": EMPTY})
    types = dict(database.execute("SELECT column_name, data_type FROM information_schema.columns "
                                  "WHERE table_name = 'fct'").fetchall())
    assert types == {"id": "BIGINT", "code": "VARCHAR", "count": "BIGINT", "at": "TIMESTAMP", "day": "DATE",
                     "flag": "BOOLEAN", "rupiah": "DOUBLE"}
    assert database.execute("SELECT count(*), count(code), sum(count), min(day), sum(rupiah) FROM fct").fetchone() \
        == (7, 5, 250, date(2026, 12, 3), 37.5)
    assert database.execute("SELECT DISTINCT \"at\" FROM fct WHERE \"at\" IS NOT NULL").fetchall() \
        == [(datetime(2026, 12, 5, 3, 30),)]  # naive UTC
    assert database.execute("SELECT count(*) FROM empty_copy").fetchone() == (0,)  # an empty table is still a table
