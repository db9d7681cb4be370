"""Ticket numbers a citizen can quote, for any domain: <PREFIX>-<yymm>-<number>, numbered per
month of the city's time (ADU-2611-000123 is the 123rd complaint of November 2026).

A domain keeps its own counter table (columns `period` and `last_number`) and asks
`allocate_numbers` for fresh numbers inside its write transaction: the counter row stays locked
until commit on PostgreSQL, so two writers never get the same number. The table is named after
its domain ("complaint_ticket_counters"): the domain's change-log lock is taken before the row's,
the order every writer keeps (core/changelog.py, "Lock order").
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Table, update
from sqlalchemy.orm import Session

from core.changelog import take_writer_lock
from core.clock import city_time


def ticket_period(moment: datetime) -> str:
    """'2611' for a moment in November 2026, city time."""
    return city_time(moment).strftime("%y%m")


def format_ticket(prefix: str, period: str, number: int) -> str:
    return f"{prefix}-{period}-{number:06d}"


def normalise_ticket(text: str) -> str:
    """What a citizen types ('adu-2611-000123 ') as stored."""
    return text.strip().upper()


def allocate_numbers(session: Session, counters: Table, period: str, count: int) -> range:
    """`count` fresh numbers of `period` from the counter table, in the caller's transaction."""
    take_writer_lock(session, counters.name)
    session.execute(insert_ignoring_conflict(session, counters, ["period"]).values(period=period, last_number=0))
    last = session.execute(update(counters).where(counters.c.period == period)
                           .values(last_number=counters.c.last_number + count)
                           .returning(counters.c.last_number)).scalar_one()
    return range(last - count + 1, last + 1)


def insert_ignoring_conflict(session: Session, table: Table, keys: list[str]):
    """INSERT ... ON CONFLICT DO NOTHING in the session's dialect (SQLite or PostgreSQL)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    return dialect_insert(table).on_conflict_do_nothing(index_elements=keys)
