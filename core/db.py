"""Database engines and sessions.

Two databases with separate URLs: the transactional one (modules, users, change log) and the
warehouse (marts). Both default to SQLite files; production uses PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from datetime import datetime, timezone

from sqlalchemy import BigInteger, DateTime, Engine, Integer, MetaData, TypeDecorator, bindparam, create_engine, event
from sqlalchemy import any_ as sa_any
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from core.settings import Settings, sqlite_urls_made_absolute

# Portable big integer primary key: SQLite only auto-increments INTEGER PRIMARY KEY.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UtcDateTime(TypeDecorator):
    """A timestamp stored as UTC and always read back timezone-aware.

    SQLite keeps no time zone, so values are stored as naive UTC on every backend and given
    their UTC zone again on the way out. A naive value handed in is taken to be UTC already.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect):
        return value.replace(tzinfo=timezone.utc) if value is not None else None


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Tables of the transactional database (every module's models derive from this)."""

    metadata = MetaData(naming_convention=NAMING)


def make_engine(url: str) -> Engine:
    url = sqlite_urls_made_absolute(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets the dashboard read while the simulator and ETL write; foreign keys are off by default.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@dataclass
class Databases:
    """The two engines and a session factory for the transactional one."""

    engine: Engine
    warehouse: Engine

    def __post_init__(self) -> None:
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> "Databases":
        return cls(make_engine(settings.database.url), make_engine(settings.database.warehouse_url))

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises."""
        with self.session_factory.begin() as session:
            yield session

    def session(self) -> Session:
        return self.session_factory()

    def dispose(self) -> None:
        """Drop pooled connections (after a gunicorn fork, or at shutdown)."""
        self.engine.dispose()
        self.warehouse.dispose()


KEY_CHUNK = 900  # keys per IN (...): under SQLite's 999 parameters


def key_parts(connection, keys: list, per_part: int = KEY_CHUNK) -> list[list]:
    """`keys` in as many parts as statements need to ask them (is_member): one on PostgreSQL, whose
    array parameter takes any number, `per_part` keys each on SQLite (999 parameters a statement,
    the statement's other parameters included). `connection`: a connection or an engine."""
    if not keys:
        return []
    if connection.dialect.name == "postgresql":
        return [list(keys)]
    return [list(keys[start:start + per_part]) for start in range(0, len(keys), per_part)]


def is_member(connection, column, keys: list):
    """`column` is one of `keys` (one of key_parts' parts): one array parameter on PostgreSQL,
    IN (...) on SQLite."""
    if connection.dialect.name == "postgresql":
        return column == sa_any(bindparam(f"members_{column.name}", keys, type_=postgresql.ARRAY(column.type)))
    return column.in_(keys)


class WarehouseBase(DeclarativeBase):
    """Tables of the warehouse database: marts and ETL bookkeeping."""

    metadata = MetaData(naming_convention=NAMING)
