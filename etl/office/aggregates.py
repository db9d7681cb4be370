"""agg_office_daily, recomputed in the database from both fact tables for the keys a batch touched
((day, OPD, direction) its letters and dispositions counted in before and count in after): whole
keys, never deltas, so a batch applied twice changes nothing and the rows equal a full refresh's."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, literal, literal_column, select, tuple_, union_all

from core.db import is_member, key_parts
from data.office.tables import (DAILY_KEYS, DAILY_MEASURES, DISPOSITION_DAYS, LETTER_DAYS, AggOfficeDaily,
                                FctOfficeDisposition, FctOfficeLetter)
from modules.office.workflow import INCOMING

LETTERS = FctOfficeLetter.__table__
DISPOSITIONS = FctOfficeDisposition.__table__
DAILY = AggOfficeDaily.__table__
DAILY_CHUNK = 250  # keys per statement: 3 parameters each, and the days and OPDs, under SQLite's 999
COLUMNS = [*DAILY_KEYS, *DAILY_MEASURES]


def letter_keys(rows: Iterable[dict]) -> set[tuple]:
    return {(row[day], row["opd_code"], row["direction"]) for row in rows for day in LETTER_DAYS
            if _present(row[day])}


def disposition_keys(rows: Iterable[dict]) -> set[tuple]:
    """Dispositions belong to incoming letters: they count under direction "incoming"."""
    return {(row[day], row["opd_code"], INCOMING) for row in rows for day in DISPOSITION_DAYS if _present(row[day])}


def stored_letter_keys(connection, letter_ids: list[int]) -> set[tuple]:
    keys = set()
    for part in key_parts(connection, letter_ids):
        query = select(LETTERS.c.opd_code, LETTERS.c.direction, *[LETTERS.c[d] for d in LETTER_DAYS]).where(
            is_member(connection, LETTERS.c.letter_id, part))
        keys |= letter_keys(connection.execute(query).mappings())
    return keys


def stored_disposition_keys(connection, disposition_ids: list[int]) -> set[tuple]:
    keys = set()
    for part in key_parts(connection, disposition_ids):
        query = select(DISPOSITIONS.c.opd_code, *[DISPOSITIONS.c[d] for d in DISPOSITION_DAYS]).where(
            is_member(connection, DISPOSITIONS.c.disposition_id, part))
        keys |= disposition_keys(connection.execute(query).mappings())
    return keys


def rebuild_daily_keys(connection, keys: set[tuple] | None) -> None:
    """Recompute agg_office_daily for `keys` ((day, opd_code, direction)); None: every key."""
    if keys is None:
        connection.execute(delete(DAILY))
        connection.execute(DAILY.insert().from_select(COLUMNS, _daily_query()))
        return
    keys = sorted(keys)
    for start in range(0, len(keys), DAILY_CHUNK):
        chunk = keys[start:start + DAILY_CHUNK]
        days, opds = sorted({key[0] for key in chunk}), sorted({key[1] for key in chunk})
        connection.execute(delete(DAILY).where(DAILY.c.day.in_(days), DAILY.c.opd_code.in_(opds),
                                               tuple_(*[DAILY.c[name] for name in DAILY_KEYS]).in_(chunk)))
        connection.execute(DAILY.insert().from_select(COLUMNS, _daily_query(days, opds, chunk)))


def _events(days: list | None, opds: list | None):
    """One SELECT per kind of step, each row a letter's or disposition's step on the day it happened,
    with what it adds to each measure."""
    one = literal_column("1")
    kinds = [
        (LETTERS, "created_day", LETTERS.c.direction, {"letters_created": one}),
        (LETTERS, "done_day", LETTERS.c.direction, {"letters_done": one, "letters_done_minutes": LETTERS.c.done_minutes}),
        (LETTERS, "archived_day", LETTERS.c.direction, {"letters_archived": one}),
        (DISPOSITIONS, "created_day", None, {"dispositions_made": one}),
        (DISPOSITIONS, "read_day", None, {"dispositions_read": one,
                                          "dispositions_read_minutes": DISPOSITIONS.c.read_minutes}),
        (DISPOSITIONS, "done_day", None, {"dispositions_done": one,
                                          "dispositions_done_minutes": DISPOSITIONS.c.done_minutes}),
    ]
    branches = []
    for table, day, direction, counts in kinds:
        direction = direction if direction is not None else literal(INCOMING, LETTERS.c.direction.type)
        measures = [counts.get(name, literal_column("0")).label(name) for name in DAILY_MEASURES]
        branch = select(table.c[day].label("day"), table.c.opd_code.label("opd_code"), direction.label("direction"),
                        *measures).where(table.c[day].is_not(None))
        if days is not None:  # the facts' (opd_code, created_day) index narrows the creations
            branch = branch.where(table.c.opd_code.in_(opds), table.c[day].in_(days))
        branches.append(branch)
    return union_all(*branches).subquery("events")


def _daily_query(days: list | None = None, opds: list | None = None, keys: list[tuple] | None = None):
    events = _events(days, opds)
    keys_of_events = [events.c[name] for name in DAILY_KEYS]
    query = (select(*keys_of_events, *[func.coalesce(func.sum(events.c[name]), 0) for name in DAILY_MEASURES])
             .group_by(*keys_of_events))
    return query if keys is None else query.where(tuple_(*keys_of_events).in_(keys))


def _present(value) -> bool:
    return value is not None and value == value
