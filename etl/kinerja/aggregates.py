"""agg_kinerja_daily, recomputed in the database from the facts for the keys a batch touched (the
(day, OPD, unit) its activities had before and have after), or for every key of a month a closing
touched: whole keys, never deltas, so a batch applied twice changes nothing and the rows equal a
full refresh's."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import and_, case, delete, false, func, literal_column, select, true, tuple_

from core.db import is_member, key_parts
from core.periods import next_month
from data.kinerja.tables import (DAILY_KEYS, DAILY_MEASURES, LINKED_BY_KIND, AggKinerjaDaily, FctKinerjaActivity,
                                 FctKinerjaPeriod)
from modules.kinerja.workflow import APPROVED, RETURNED, SUBMITTED

FACTS = FctKinerjaActivity.__table__
PERIODS = FctKinerjaPeriod.__table__
DAILY = AggKinerjaDaily.__table__
DAILY_CHUNK = 250  # keys per statement: 3 parameters each, and the days and OPDs, under SQLite's 999
COLUMNS = [*DAILY_KEYS, *DAILY_MEASURES, "locked"]


def daily_keys(rows: Iterable[dict]) -> set[tuple]:
    return {tuple(row[name] for name in DAILY_KEYS) for row in rows}


def stored_keys(connection, activity_ids: list[int]) -> set[tuple]:
    """The daily keys the stored facts of `activity_ids` count in, before they are replaced."""
    keys = set()
    for part in key_parts(connection, activity_ids):
        query = select(*[FACTS.c[name] for name in DAILY_KEYS]).where(is_member(connection, FACTS.c.activity_id, part))
        keys |= daily_keys(connection.execute(query).mappings())
    return keys


def rebuild_daily_keys(connection, keys: set[tuple] | None) -> None:
    """Recompute agg_kinerja_daily for `keys` ((day, opd_code, unit)); None: every key."""
    if keys is None:
        connection.execute(delete(DAILY))
        connection.execute(DAILY.insert().from_select(COLUMNS, daily_query(FACTS, PERIODS)))
        return
    keys = sorted(keys)
    for start in range(0, len(keys), DAILY_CHUNK):
        chunk = keys[start:start + DAILY_CHUNK]
        days, opds = sorted({key[0] for key in chunk}), sorted({key[1] for key in chunk})
        connection.execute(delete(DAILY).where(DAILY.c.day.in_(days), DAILY.c.opd_code.in_(opds),
                                               tuple_(*[DAILY.c[name] for name in DAILY_KEYS]).in_(chunk)))
        seek = (FACTS.c.opd_code.in_(opds), FACTS.c.day.in_(days),  # the facts' index first: SQLite
                tuple_(*[FACTS.c[name] for name in DAILY_KEYS]).in_(chunk))  # scans for a row-value IN alone
        connection.execute(DAILY.insert().from_select(COLUMNS, daily_query(FACTS, PERIODS, *seek)))


def rebuild_months(connection, months: set[str]) -> None:
    """Recompute every agg_kinerja_daily row of the days of `months` ("2026-11"): a month closing
    locks all of its activities (who reported, what awaits approval)."""
    for month in sorted(months):
        first = date(int(month[:4]), int(month[5:7]), 1)
        after = next_month(first)
        connection.execute(delete(DAILY).where(DAILY.c.day >= first, DAILY.c.day < after))
        connection.execute(DAILY.insert().from_select(COLUMNS, daily_query(FACTS, PERIODS, FACTS.c.month == month)))


def daily_query(facts, periods, *conditions):
    """The daily rows (COLUMNS, in order) from `facts` meeting `conditions`, each fact locked when
    its month is among the closed `periods` (the mart's tables, or the bench baseline's copies)."""
    c = facts.c
    locked = periods.c.month.is_not(None)
    reported = c.status.in_((SUBMITTED, APPROVED)) | locked
    decided = and_(c.status.in_((APPROVED, RETURNED)), c.approval_minutes.is_not(None))
    one, zero = literal_column("1"), literal_column("0")
    is_locked = func.max(case((locked, one), else_=zero))
    query = (select(c.day, c.opd_code, c.unit,
                    func.count(func.distinct(case((reported, c.staff_id), else_=None))),
                    func.count(),
                    func.sum(case((c.status.in_((SUBMITTED, APPROVED)), c.minutes), else_=zero)),
                    func.sum(case((c.status == APPROVED, c.minutes), else_=zero)),
                    func.sum(case((c.has_link.is_(True), one), else_=zero)),
                    func.sum(case((and_(c.status == SUBMITTED, ~locked), one), else_=zero)),
                    func.sum(case((decided, one), else_=zero)),
                    func.sum(case((decided, c.approval_minutes), else_=zero)),
                    *[func.sum(case((c.link_kind == kind, one), else_=zero)) for kind in LINKED_BY_KIND],
                    case((is_locked == 1, true()), else_=false()))
             .select_from(facts.outerjoin(periods, periods.c.month == c.month))
             .group_by(c.day, c.opd_code, c.unit))
    return query.where(*conditions) if conditions else query
