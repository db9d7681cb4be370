"""Writing into the warehouse: portable upserts and the bookkeeping that goes with every batch."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone

import numpy as np
import pandas as pd
from sqlalchemy import Table, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from core.bulk import append_columns
from core.db import is_member, key_parts
from etl.staging import reject_id
from etl.state import MartVersion, Reject, Watermark

CHUNK = 2000  # rows per execute


def upsert(connection, table: Table, rows: list[dict], keys: Iterable[str]) -> int:
    """INSERT ... ON CONFLICT (keys) DO UPDATE, the same on SQLite and PostgreSQL. One statement,
    compiled once, executed for many rows (every row has the same keys)."""
    if not rows:
        return 0
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    keys = list(keys)
    statement = dialect.insert(table)
    changed = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in keys}
    statement = statement.on_conflict_do_update(index_elements=keys, set_=changed)
    for start in range(0, len(rows), CHUNK):
        connection.execute(statement, rows[start:start + CHUNK])
    return len(rows)


def replace_rows(connection, table: Table, key: str, frame: pd.DataFrame, emptied: bool = False,
                 truncated: bool = False) -> int:
    """Whole rows keyed by the single column `key`: rows with the frame's keys are deleted and the
    frame's rows appended (core.bulk: COPY on PostgreSQL), which leaves the table as an upsert of
    whole rows would, for a fraction of the cost. `emptied`: the frame's keys are not in the table
    (a full refresh emptied it, or the caller deleted them), so there is nothing to delete;
    `truncated`: emptied by empty_tables in this transaction (the rows may be written frozen)."""
    if frame.empty:
        return 0
    if not emptied:
        delete_keys(connection, table, key, frame[key].tolist())
    return append_columns(connection, table, list(frame.columns), frame_columns(frame), frozen=truncated)


def empty_tables(connection, tables: Iterable[Table]) -> None:
    """A full refresh's start: every row of the tables goes (TRUNCATE on PostgreSQL: no dead row per
    deleted one; it locks the tables against readers until the refresh commits)."""
    tables = list(tables)
    if connection.dialect.name == "postgresql":
        quote = connection.dialect.identifier_preparer
        connection.exec_driver_sql("TRUNCATE " + ", ".join(quote.format_table(table) for table in tables))
        return
    for table in tables:
        connection.execute(delete(table))


def delete_keys(connection, table: Table, key: str, keys: list, returning: str | None = None) -> list:
    """Deletes the rows whose `key` is one of `keys`; returns the `returning` column of the rows
    deleted (DELETE ... RETURNING). One statement with an array on PostgreSQL, chunks on SQLite."""
    found = []
    for part in key_parts(connection, keys):
        condition = is_member(connection, table.c[key], part)
        statement = delete(table).where(condition)
        if returning:
            found += connection.scalars(statement.returning(table.c[returning])).all()
        else:
            connection.execute(statement)
    return found


def frame_columns(frame: pd.DataFrame) -> list:
    """A DataFrame's columns as plain Python values (NaN becomes None), for core.bulk: timestamps
    as naive UTC datetime64 arrays (NaT for NULL) and numpy integers and flags as numpy arrays, which
    core.bulk converts in one step."""
    columns = []
    for name in frame.columns:
        series = frame[name]
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            values = series.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy("datetime64[us]")
        elif series.dtype.kind == "M":
            values = series.to_numpy("datetime64[us]")
        elif isinstance(series.dtype, np.dtype) and series.dtype.kind in "iub":  # numpy's hold no NULL (Int64 may)
            values = series.to_numpy()
        else:
            values = series.to_numpy(dtype=object)
            missing = series.isna().to_numpy()
            if missing.any():
                values = values.copy()
                values[missing] = None
        columns.append(values)
    return columns


def insert_rows(connection, table: Table, rows: list[dict]) -> int:
    for start in range(0, len(rows), CHUNK):
        connection.execute(table.insert(), rows[start:start + CHUNK])
    return len(rows)


def frame_to_rows(frame: pd.DataFrame) -> list[dict]:
    """DataFrame rows as plain Python values (NaN/NaT become None) for the database driver."""
    frame = frame.astype(object).where(frame.notna(), None)
    return [
        {k: (v.to_pydatetime() if isinstance(v, pd.Timestamp) else v) for k, v in row.items()}
        for row in frame.to_dict("records")
    ]


def set_watermark(connection, job: str, position: int) -> None:
    upsert(connection, Watermark.__table__, [{"job": job, "position": position, "updated_at": now()}], ["job"])


def bump_versions(connection, marts: Iterable[str]) -> None:
    """One ETL process writes the warehouse, so read-then-write inside its transaction is safe."""
    for mart in marts:
        current = connection.scalar(select(MartVersion.version).where(MartVersion.mart == mart)) or 0
        upsert(connection, MartVersion.__table__, [{"mart": mart, "version": current + 1, "updated_at": now()}],
               ["mart"])


def record_rejects(connection, job: str, rejects: list[dict]) -> int:
    rows = [{**r, "job": job, "rejected_at": now()} for r in rejects]
    return insert_rows(connection, Reject.__table__, rows)


def clear_rejects(connection, job: str) -> None:
    connection.execute(delete(Reject).where(Reject.job == job))


def forget_rejects(connection, job: str, entity: str, entity_ids: list) -> None:
    """A new snapshot of an id decides afresh: the job's earlier rejects of it go (so the rejects
    are those of the latest snapshots, as after a full refresh, and a re-applied batch adds none)."""
    reject = Reject.__table__
    for part in key_parts(connection, [reject_id(entity_id) for entity_id in entity_ids]):
        connection.execute(delete(reject).where(reject.c.job == job, reject.c.entity == entity,
                                                is_member(connection, reject.c.entity_id, part)))


def now() -> datetime:
    return datetime.now(timezone.utc)

