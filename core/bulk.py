"""Appending and reading many rows fast (seeders, bulk imports, the ETL's full refresh).

SQLAlchemy's executemany passes every value through the column type's processors and, on
PostgreSQL, sends multi-row INSERT statements that the driver has to parse again; for hundreds of
thousands of rows that is most of the time spent. `append_rows` instead uses binary COPY ... FROM
STDIN on PostgreSQL and one DB-API executemany on SQLite, with each value converted once, exactly the
way the column's type stores it (core.db.UtcDateTime: naive UTC; SQLite's DATETIME and DATE text
formats; JSON as json.dumps), so rows written here read back the same as rows written through
SQLAlchemy. It runs inside the caller's transaction, on the caller's connection. Values are plain
Python values (int, float, str, datetime, date, dict, None), not numpy scalars.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timezone
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import JSON, Boolean, Date, DateTime, Index, Integer, Select, Table, text
from sqlalchemy.orm import Session

from core.db import UtcDateTime


def append_rows(connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """INSERTs `rows` (tuples in the order of `columns`) into `table`; returns how many.
    `connection` is a SQLAlchemy Connection or Session; nothing is committed here."""
    rows = list(rows)
    if not rows:
        return 0
    return append_columns(connection, table, columns, list(zip(*rows)))


def append_columns(connection, table: Table, columns: Sequence[str], values: Sequence[Sequence[Any]],
                   frozen: bool = False) -> int:
    """The same, given column by column (lists, or numpy arrays; a datetime64 array holds naive UTC
    times, NaT for NULL, and an integer or boolean array has no NULL: either is converted in one
    vectorised step). `frozen`: the table was emptied by TRUNCATE in this transaction, so PostgreSQL
    may write the rows already frozen and visible to all (COPY ... FREEZE): the VACUUM that follows a
    large load, and the first reader's hint-bit writes, have nothing left to do."""
    if isinstance(connection, Session):
        connection = connection.connection()
    dialect = connection.dialect.name
    converted = [_convert_column(table.c[name].type, dialect, column) for name, column in zip(columns, values)]
    rows = list(zip(*converted))
    raw = connection.connection.driver_connection
    quote = connection.dialect.identifier_preparer
    names = ", ".join(quote.quote(name) for name in columns)
    target = quote.format_table(table)
    if dialect == "postgresql":
        return _copy(raw, target, names, _copy_types(connection, table, columns), rows, frozen)
    marks = ", ".join("?" for _ in columns)
    cursor = raw.cursor()
    try:
        cursor.executemany(f"INSERT INTO {target} ({names}) VALUES ({marks})", rows)
    finally:
        cursor.close()
    return len(rows)


def select_frame(connection, query: Select) -> pd.DataFrame:
    """The rows of `query` as a DataFrame (its dtypes inferred) named as its selected columns, read
    through the driver's own cursor: no SQLAlchemy Row per line and no result processing (cast
    what needs a type in the query; values come as the driver gives them). Its parameters are
    rendered inline, so they must be plain literals (numbers, texts)."""
    if isinstance(connection, Session):
        connection = connection.connection()
    sql = str(query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        cursor.execute(sql)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    return pd.DataFrame(rows, columns=[column.name for column in query.selected_columns])


def _convert_column(column_type, dialect: str, column):
    if isinstance(column, np.ndarray) and column.dtype.kind == "M":
        return _datetime64_column(column, dialect)
    if isinstance(column, np.ndarray) and column.dtype.kind in "iub":
        return column.tolist()  # whole numbers and flags: Python's own, in one step (no NULL in such an array)
    convert = _converter(column_type, dialect)
    if convert is None:
        return column
    return [None if value is None else convert(value) for value in column]


def _datetime64_column(column: np.ndarray, dialect: str) -> np.ndarray:
    """Naive UTC datetime64 values as the database stores them, None for NaT."""
    micro = column.astype("datetime64[us]")
    missing = np.isnat(micro)
    if dialect == "sqlite":
        values = np.strings.replace(np.datetime_as_string(micro, unit="us"), "T", " ").astype(object)
    else:
        values = micro.astype(object)
    values[missing] = None
    return values


def _copy(raw, target: str, names: str, types: list[str] | None, values, frozen: bool = False) -> int:
    """COPY in binary format when every column's type is known (values go out as psycopg's C
    dumpers encode them: about six times faster than the text format's row formatting), else text."""
    binary = types is not None
    options = ["FORMAT binary"] * binary + ["FREEZE"] * frozen
    count = 0
    with raw.cursor() as cursor, cursor.copy(f"COPY {target} ({names}) FROM STDIN"
                                             + (f" ({', '.join(options)})" if options else "")) as copy:
        if binary:
            copy.set_types(types)
        for row in values:
            copy.write_row(row)
            count += 1
    return count


# PostgreSQL types of the binary COPY, by the column type's DDL name; JSON travels as its text
# (json's binary form is its text), after the converter's json.dumps.
_BINARY_COPY_TYPES = {"BIGINT": "int8", "INTEGER": "int4", "SMALLINT": "int2", "VARCHAR": "varchar", "TEXT": "text",
                      "DOUBLE PRECISION": "float8", "FLOAT": "float8", "REAL": "float4", "BOOLEAN": "bool",
                      "DATE": "date", "TIMESTAMP WITHOUT TIME ZONE": "timestamp", "JSON": "text"}


def _copy_types(connection, table: Table, columns: Sequence[str]) -> list[str] | None:
    """The binary COPY type of each column, or None when one has a type not listed."""
    compile_type = connection.dialect.type_compiler_instance.process
    names = [compile_type(table.c[name].type).split("(")[0].strip().upper() for name in columns]
    types = [_BINARY_COPY_TYPES.get(name) for name in names]
    return None if None in types else types


def _converter(column_type, dialect: str) -> Callable[[Any], Any] | None:
    """How a Python value becomes what the database stores for this type; None: as it is."""
    if isinstance(column_type, UtcDateTime):
        return _sqlite_datetime if dialect == "sqlite" else _naive_utc
    if isinstance(column_type, DateTime):  # a plain DateTime stores the wall time it is given
        return _sqlite_wall_time if dialect == "sqlite" else None
    if isinstance(column_type, Date):
        return _sqlite_date if dialect == "sqlite" else None
    if isinstance(column_type, JSON):
        return json.dumps
    if isinstance(column_type, Boolean) and dialect == "sqlite":
        return int
    if isinstance(column_type, Integer):  # e.g. a pandas column of ids with gaps is float64
        return _integer
    return None


def _integer(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _naive_utc(value: datetime) -> datetime:
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def _sqlite_datetime(value: datetime) -> str:
    """SQLAlchemy's SQLite DATETIME text of the UTC time: 'YYYY-MM-DD HH:MM:SS.ffffff'."""
    if value.tzinfo is not None and value.tzinfo is not timezone.utc:
        value = value.astimezone(timezone.utc)
    return value.isoformat(" ", "microseconds")[:26]  # without the '+00:00' of an aware value


def _sqlite_wall_time(value: datetime) -> str:
    return value.replace(tzinfo=None).isoformat(" ", "microseconds")


def _sqlite_date(value: date) -> str:
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def drop_indexes(connection, table: Table) -> list[Index]:
    """Drops the table's secondary indexes (the primary key stays) before millions of rows are
    appended; create_indexes builds them once afterwards: one sort each instead of a B-tree insert
    per row, about a third of a large load's time. On PostgreSQL the drop locks the table against
    readers until the transaction ends."""
    indexes = sorted(table.indexes, key=lambda index: index.name)
    for index in indexes:
        index.drop(connection)
    return indexes


INDEX_BUILD_MEMORY = "512MB"  # PostgreSQL's sort memory for building them: millions of keys sort in memory


def create_indexes(connection, indexes: Iterable[Index]) -> None:
    """Builds the indexes drop_indexes dropped; on PostgreSQL with INDEX_BUILD_MEMORY for this
    transaction (the default 64 MB spills a city's millions of keys to disk)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{INDEX_BUILD_MEMORY}'")
    for index in indexes:
        index.create(connection)


def analyze(engine, tables: Sequence[str] = ()) -> None:
    """Fresh planner statistics after a bulk load, of `tables` or of every table (PostgreSQL's
    advice after populating a database: autovacuum gets there later, if it is on; on SQLite the
    sqlite_stat1 table its planner reads)."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for statement in [f"ANALYZE {table}" for table in tables] or ["ANALYZE"]:
            connection.exec_driver_sql(statement)


def advance_id_sequence(session, table: str) -> None:
    """PostgreSQL's id sequence of `table` past the ids a bulk append gave explicitly (SQLite takes
    max(id) + 1 by itself), so the service's next row gets a free id."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"(SELECT coalesce(max(id), 1) FROM {table}))"))
