"""Questions the Surat page and the KPI cards ask, answered from the e-Office mart (data/office/tables.py).

Every function takes the warehouse engine and the viewer's scope (core/scope.py), filtered with the
columns the mart declares (domains/office.py: an OPD's scope reads its own OPD, the city-wide roles
every OPD, any other scope nothing). The database aggregates; pandas only shapes the rows that come
back. Nothing here names a person: the mart holds staff ids only, and every answer is per OPD.

The words come from the module, never redefined here:
    open      a letter not yet done (modules/office/workflow.DONE: incoming until followed up,
              outgoing until sent), whatever its status before
    overdue   open, with a due date before the city's today (modules/office/workflow.overdue_condition)
    age       whole days since the letter was registered or drafted, in the module's AGEING buckets
              (modules/office/counters.py), counted from "now" as the module counts them
Ages and overdue counts depend on today, so they are read from fct_office_letters, never stored; the
turnaround and the daily flow are sums over agg_office_daily, which any range of days can add up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import case, func, select

from core.clock import city_today, now_or
from core.domains import mart_of_table
from core.scope import Scope
from data.frames import rows_frame
from data.office.tables import AggOfficeDaily, FctOfficeLetter
from modules.office import workflow
from modules.office.counters import AGEING

LETTERS = FctOfficeLetter.__table__
DAILY = AggOfficeDaily.__table__
BUCKETS = tuple(label for label, _below in AGEING)
TURNAROUND_SUMS = ("dispositions_made", "dispositions_read", "dispositions_read_minutes", "dispositions_done",
                   "dispositions_done_minutes", "letters_done", "letters_done_minutes")
TOP_OPDS = 3


@dataclass(frozen=True)
class Turnaround:
    """Dispositions and letters of a period (sums of agg_office_daily); means in minutes, None when none."""

    dispositions_made: int
    dispositions_read: int
    read_mean_minutes: float | None
    dispositions_done: int
    done_mean_minutes: float | None
    letters_done: int
    letter_mean_minutes: float | None


@dataclass(frozen=True)
class OfficeKpis:
    open_letters: int
    overdue: int
    top_overdue: tuple[tuple[str, int], ...]   # (opd_code, overdue letters), most first, only those with some
    turnaround: Turnaround


# --- open letters by OPD, direction, status and age -------------------------------------------------

def open_letters(engine, scope: Scope, now: datetime | None = None) -> pd.DataFrame:
    """The open letters now, per opd_code, direction, status and age `bucket` (AGEING labels):
    `letters` and, of them, `overdue`. Bucketed in a subquery (PostgreSQL does not group by a CASE
    with bound values as the same expression)."""
    now = now_or(now)
    bucket = case(*((LETTERS.c.created_at > now - timedelta(days=below), label) for label, below in AGEING[:-1]),
                  else_=AGEING[-1][0])
    late = case((workflow.overdue_condition(LETTERS, city_today(now)), 1), else_=0)
    aged = (select(LETTERS.c.opd_code, LETTERS.c.direction, LETTERS.c.status, bucket.label("bucket"),
                   late.label("late"))
            .where(workflow.open_condition(LETTERS), *_scoped(LETTERS, scope)).subquery())
    keys = [aged.c.opd_code, aged.c.direction, aged.c.status, aged.c.bucket]
    query = select(*keys, func.count(), func.sum(aged.c.late)).group_by(*keys).order_by(*keys)
    columns = ["opd_code", "direction", "status", "bucket", "letters", "overdue"]
    with engine.connect() as connection:
        return _counted(rows_frame(connection.execute(query), columns), ("letters", "overdue"))


def ageing(open_frame: pd.DataFrame) -> pd.DataFrame:
    """open_letters summed per OPD: `open`, `overdue` and one column per AGEING bucket (0 when
    none); most overdue first, then most open."""
    columns = ["opd_code", "open", "overdue", *BUCKETS]
    if open_frame.empty:
        return pd.DataFrame({name: pd.Series(dtype="int64" if name != "opd_code" else object) for name in columns})
    buckets = open_frame.pivot_table(index="opd_code", columns="bucket", values="letters", aggfunc="sum",
                                     fill_value=0).reindex(columns=list(BUCKETS), fill_value=0)
    totals = open_frame.groupby("opd_code")[["letters", "overdue"]].sum().rename(columns={"letters": "open"})
    frame = totals.join(buckets).reset_index()[columns]
    for name in columns[1:]:
        frame[name] = frame[name].astype("int64")
    return frame.sort_values(["overdue", "open", "opd_code"], ascending=[False, False, True], ignore_index=True)


def overdue_by_opd(engine, scope: Scope, today: date) -> pd.DataFrame:
    """Per OPD with overdue letters on the city day `today`: `overdue`, and `oldest_due` (the
    earliest due date among them); most first."""
    count = func.count()
    query = (select(LETTERS.c.opd_code, count, func.min(LETTERS.c.due_date))
             .where(workflow.overdue_condition(LETTERS, today), *_scoped(LETTERS, scope)).group_by(LETTERS.c.opd_code)
             .order_by(count.desc(), LETTERS.c.opd_code))
    with engine.connect() as connection:
        return _counted(rows_frame(connection.execute(query), ["opd_code", "overdue", "oldest_due"]), ("overdue",))


# --- disposition turnaround and the daily flow ------------------------------------------------------

def turnaround_by_opd(engine, scope: Scope, since: date, until: date) -> pd.DataFrame:
    """Per OPD over the city days since..until (both included), from agg_office_daily: the sums
    TURNAROUND_SUMS and the mean minutes to read and to finish a disposition (`read_mean_minutes`,
    `done_mean_minutes`, None when none); most dispositions first."""
    sums = [func.sum(DAILY.c[name]) for name in TURNAROUND_SUMS]
    query = (select(DAILY.c.opd_code, *sums).where(*_period(since, until), *_scoped(DAILY, scope))
             .group_by(DAILY.c.opd_code))
    with engine.connect() as connection:
        frame = _counted(rows_frame(connection.execute(query), ["opd_code", *TURNAROUND_SUMS]), TURNAROUND_SUMS)
    frame["read_mean_minutes"] = _means(frame, "dispositions_read_minutes", "dispositions_read")
    frame["done_mean_minutes"] = _means(frame, "dispositions_done_minutes", "dispositions_done")
    frame = frame[(frame["dispositions_made"] + frame["dispositions_read"] + frame["dispositions_done"]
                   + frame["letters_done"]) > 0]
    return frame.sort_values(["dispositions_made", "opd_code"], ascending=[False, True], ignore_index=True)


def turnaround(engine, scope: Scope, since: date, until: date) -> Turnaround:
    """The same sums over every OPD of the scope together."""
    with engine.connect() as connection:
        return _turnaround(connection, scope, since, until)


def _turnaround(connection, scope: Scope, since: date, until: date) -> Turnaround:
    sums = [func.sum(DAILY.c[name]) for name in TURNAROUND_SUMS]
    row = connection.execute(select(*sums).where(*_period(since, until), *_scoped(DAILY, scope))).one()
    made, read, read_minutes, done, done_minutes, letters, letter_minutes = (int(value or 0) for value in row)
    return Turnaround(made, read, _mean(read_minutes, read), done, _mean(done_minutes, done), letters,
                      _mean(letter_minutes, letters))


def daily_flow(engine, scope: Scope, since: date, until: date) -> pd.DataFrame:
    """Every city day since..until (0 when nothing happened): letters `created` and `done` that day
    (both directions), dispositions `dispositions_made` and `dispositions_done`."""
    measures = {"created": "letters_created", "done": "letters_done", "dispositions_made": "dispositions_made",
                "dispositions_done": "dispositions_done"}
    query = (select(DAILY.c.day, *(func.sum(DAILY.c[column]) for column in measures.values()))
             .where(*_period(since, until), *_scoped(DAILY, scope)).group_by(DAILY.c.day))
    with engine.connect() as connection:
        found = rows_frame(connection.execute(query), ["day", *measures])
    days = pd.DataFrame({"day": [since + timedelta(days=n) for n in range((until - since).days + 1)]})
    return _counted(days.merge(found, on="day", how="left"), tuple(measures))


# --- headline figures ---------------------------------------------------------------------------------

def kpis(engine, scope: Scope, since: date, now: datetime | None = None, top: int = TOP_OPDS) -> OfficeKpis:
    """The open and overdue letters now, the `top` OPDs with the most overdue, and the turnaround
    from the city day `since` to today. The open letters are read once, counted per OPD (a few
    dozen rows), and summed and ranked here; the turnaround on the same connection."""
    today = city_today(now_or(now))
    late = case((workflow.overdue_condition(LETTERS, today), 1), else_=0)
    per_opd = (select(LETTERS.c.opd_code, func.count(), func.sum(late))
               .where(workflow.open_condition(LETTERS), *_scoped(LETTERS, scope)).group_by(LETTERS.c.opd_code))
    with engine.connect() as connection:
        counts = [(opd, int(letters), int(overdue or 0)) for opd, letters, overdue in connection.execute(per_opd)]
        period = _turnaround(connection, scope, since, today)
    most = sorted(((opd, overdue) for opd, _letters, overdue in counts if overdue), key=lambda row: (-row[1], row[0]))
    return OfficeKpis(sum(letters for _opd, letters, _overdue in counts), sum(overdue for *_, overdue in counts),
                      tuple(most[:top]), period)


# --- helpers --------------------------------------------------------------------------------------------

def _scoped(table, scope: Scope) -> list:
    """The mart's declaration (domains/office.py): a kecamatan's or kelurahan's scope answers nothing."""
    return scope.conditions(table, mart_of_table(table.name).scope_columns)


def _period(since: date, until: date) -> list:
    return [DAILY.c.day >= since, DAILY.c.day <= until]


def _mean(total: int, count: int) -> float | None:
    return round(total / count, 1) if count else None


def _means(frame: pd.DataFrame, total: str, count: str) -> pd.Series:
    return pd.Series([_mean(int(t), int(n)) for t, n in zip(frame[total], frame[count])], index=frame.index,
                     dtype=object)


def _counted(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    for name in columns:
        frame[name] = frame[name].fillna(0).astype("int64")
    return frame
