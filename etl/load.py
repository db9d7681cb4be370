"""Writing into the warehouse: portable upserts and the bookkeeping that goes with every batch."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone

import pandas as pd
from sqlalchemy import Table, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from etl.state import MartVersion, Reject, Watermark

CHUNK = 2000  # rows per statement: well under SQLite's and PostgreSQL's parameter limits


def upsert(connection, table: Table, rows: list[dict], keys: Iterable[str]) -> int:
    """INSERT ... ON CONFLICT (keys) DO UPDATE, the same on SQLite and PostgreSQL."""
    if not rows:
        return 0
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    keys = list(keys)
    for start in range(0, len(rows), CHUNK):
        statement = dialect.insert(table).values(rows[start:start + CHUNK])
        changed = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in keys}
        connection.execute(statement.on_conflict_do_update(index_elements=keys, set_=changed))
    return len(rows)


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


def now() -> datetime:
    return datetime.now(timezone.utc)

