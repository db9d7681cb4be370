"""Questions the Kinerja page asks, answered from the e-Kinerja mart (data/kinerja/tables.py) and the
staff mart (data/staff/tables.py `fct_staff`: who is active, in which OPD, under which supervisor).

Every function takes the warehouse engine and the viewer's scope (core/scope.py), whose conditions
are added with the columns the mart declares (domains/kinerja.py: an OPD's scope reads its
`opd_code`, in the facts, the daily aggregate, the scores and fct_staff alike); a kecamatan,
kelurahan, RW or RT scope reads nothing here. The database aggregates; pandas shapes the few rows.

The words, each defined once here or in the module:

    working day     modules/kinerja/scores.py (core.working_time: Monday to Friday, no holiday)
    compliance      of an OPD on a working day: the staff who reported that day (agg_kinerja_daily
                    .staff_reported: an activity submitted, approved or locked that day) / the
                    OPD's active staff (fct_staff.active, as registered now: the staff mart keeps
                    no history). Over several days: the reports summed / (active staff x days).
                    Only working days count; a weekend's reports count for nothing here.
    minutes         approved minutes (the score's), from the first to the last day of the period
                    (a weekend shift too), per active person per working day, against the daily
                    target (settings: kinerja.daily_minutes_target)
    backlog         activities submitted and not decided whose month is not closed (scores.py's
                    backlog); overdue: submitted before scores.overdue_cutoff (the settings'
                    approval_deadline_days); age: scores.age_in_working_days
    latency         submitted -> decided (approved or returned), minutes, of the period's
                    activities already decided: summed and counted per day by the ETL
                    (agg_kinerja_daily), the mean shaped here
    linked          an activity that names what it served (has_link: a sub kegiatan of the plan,
                    a complaint, an incident or a letter), of all the activities of the period
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import and_, case, exists, func, literal, literal_column, select

from core.clock import city_day, city_midnight
from core.domains import mart_of_table
from core.scope import Scope
from core.working_time import is_working_day
from data.frames import rows_frame
from data.kinerja.tables import (LINKED_BY_KIND, AggKinerjaDaily, FctKinerjaActivity, FctKinerjaPeriod,
                                 FctKinerjaScore)
from data.staff.tables import FctStaff
from modules.kinerja.links import LINK_KINDS
from modules.kinerja.scores import BANDS, age_in_working_days, overdue_cutoff
from modules.kinerja.workflow import SUBMITTED

FACTS = FctKinerjaActivity.__table__
DAILY = AggKinerjaDaily.__table__
PERIODS = FctKinerjaPeriod.__table__
SCORES = FctKinerjaScore.__table__
STAFF = FctStaff.__table__
LOWEST_OPDS = 3             # the KPI card names the OPDs with the lowest compliance
# a line awaiting its decision, the status a literal as the partial index names it (data/kinerja/
# tables.py): neither SQLite nor a generic PostgreSQL plan matches a bound parameter against it
AWAITING = FACTS.c.status == literal(SUBMITTED, literal_execute=True)
SCORE_BIN = 10              # the histogram of final scores: 0-10, 10-20, ... 90-100


@dataclass(frozen=True)
class Compliance:
    reported: int               # staff-days reported
    expected: int               # active staff x working days
    pct: float | None           # None when nobody is expected (no active staff, no working day)


@dataclass(frozen=True)
class KinerjaKpis:
    day: date                           # the last working day before today
    on_day: Compliance                  # compliance on it
    period: Compliance                  # over the last `days` working days
    lowest: tuple[tuple[str, float], ...]  # (opd_code, compliance %) of the period, lowest first
    awaiting: int
    overdue: int


# --- the calendar ---------------------------------------------------------------------------------

def last_working_days(today: date, count: int) -> list[date]:
    """The `count` working days before today, oldest first: today is still being reported (and a
    day may be reported a few days back), so the period ends with yesterday's working day."""
    days, day = [], today - timedelta(days=1)
    while len(days) < count:
        if is_working_day(day):
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


# --- reporting compliance -------------------------------------------------------------------------

def active_staff(engine, scope: Scope, by: str = "opd_code") -> dict[str, int]:
    """The active staff of the scope per OPD (`by` "opd_code") or per unit ("unit"): compliance's
    denominator."""
    key = STAFF.c[by]
    query = select(key, func.count()).where(STAFF.c.active.is_(True), *_scoped(STAFF, scope)).group_by(key)
    with engine.connect() as connection:
        return {group: int(n) for group, n in connection.execute(query)}


def compliance_by_day(engine, scope: Scope, days: list[date], by: str = "opd_code") -> pd.DataFrame:
    """Per OPD (`by` "opd_code") or unit ("unit", inside an OPD's scope) with active staff x
    working day of `days`: the group's column, day, reported, active and compliance_pct (see the
    module's docstring); every pair present, 0 reported where none."""
    days = [day for day in days if is_working_day(day)]
    active = active_staff(engine, scope, by)
    columns = [by, "day", "reported", "active", "compliance_pct"]
    if not days or not active:
        return pd.DataFrame(columns=columns)
    key = DAILY.c[by]
    query = (select(key, DAILY.c.day, func.sum(DAILY.c.staff_reported))
             .where(DAILY.c.day.in_(days), *_scoped(DAILY, scope)).group_by(key, DAILY.c.day))
    with engine.connect() as connection:
        found = {(group, _as_date(day)): int(n or 0) for group, day, n in connection.execute(query)}
    rows = [(group, day, found.get((group, day), 0), people) for group, people in sorted(active.items())
            for day in days]
    frame = pd.DataFrame(rows, columns=columns[:-1])
    frame["compliance_pct"] = pd.Series([_percent(r, a) for r, a in zip(frame["reported"], frame["active"])],
                                        dtype=object)
    return frame


def compliance_by_group(by_day: pd.DataFrame) -> pd.DataFrame:
    """compliance_by_day summed over its days per group (its first column: OPD or unit): the
    group's column, reported, expected, compliance_pct; lowest compliance first."""
    key = by_day.columns[0]
    if by_day.empty:
        return pd.DataFrame(columns=[key, "reported", "expected", "compliance_pct"])
    summed = by_day.groupby(key, as_index=False).agg(reported=("reported", "sum"), expected=("active", "sum"))
    summed["compliance_pct"] = [_percent(r, e) for r, e in zip(summed["reported"], summed["expected"])]
    return summed.sort_values(["compliance_pct", key], ignore_index=True)


def overall(by_day: pd.DataFrame, day: date | None = None) -> Compliance:
    """The compliance of every group of `by_day` together, on one `day` or over all its days."""
    rows = by_day if day is None else by_day[by_day["day"] == day]
    reported, expected = int(rows["reported"].sum()), int(rows["active"].sum())
    return Compliance(reported, expected, _percent(reported, expected))


# --- minutes against the target -------------------------------------------------------------------

def minutes_against_target(engine, scope: Scope, first: date, last: date, target: int) -> pd.DataFrame:
    """Per OPD with active staff: approved minutes from `first` to `last`, active staff, working
    days, approved minutes per active person per working day, the target and its share (pct)."""
    active = active_staff(engine, scope)
    days = sum(1 for n in range((last - first).days + 1) if is_working_day(first + timedelta(days=n)))
    query = (select(DAILY.c.opd_code, func.sum(DAILY.c.minutes_approved))
             .where(DAILY.c.day >= first, DAILY.c.day <= last, *_scoped(DAILY, scope)).group_by(DAILY.c.opd_code))
    with engine.connect() as connection:
        approved = {opd: int(n or 0) for opd, n in connection.execute(query)}
    rows = []
    for opd, people in sorted(active.items()):
        per_day = round(approved.get(opd, 0) / (people * days), 1) if days else None
        rows.append((opd, approved.get(opd, 0), people, days, per_day, target,
                     None if per_day is None else round(100.0 * per_day / target, 1)))
    return pd.DataFrame(rows, columns=["opd_code", "approved_minutes", "active", "working_days",
                                       "per_person_day", "target", "target_pct"])


# --- the approval backlog and latency -------------------------------------------------------------

def backlog(engine, scope: Scope, today: date, deadline_days: int, by: str = "opd") -> pd.DataFrame:
    """The backlog now per OPD (`by` "opd") or per supervisor ("supervisor": his staff id and unit,
    read from fct_staff; None where the person has none): awaiting, overdue and the oldest's age
    in working days; most overdue first. Never a person's name: the marts hold none."""
    cutoff = city_midnight(overdue_cutoff(today, deadline_days))
    if by == "supervisor":
        boss = STAFF.alias("boss")
        keys = [STAFF.c.supervisor_id, boss.c.unit]
        source = FACTS.outerjoin(STAFF, STAFF.c.staff_id == FACTS.c.staff_id).outerjoin(
            boss, boss.c.staff_id == STAFF.c.supervisor_id)
    else:
        keys, source = [FACTS.c.opd_code], FACTS
    overdue = _count_where(FACTS.c.submitted_at < cutoff)
    query = (select(*keys, func.count(), overdue, func.min(FACTS.c.submitted_at)).select_from(source)
             .where(*_awaiting(scope)).group_by(*keys).order_by(overdue.desc(), func.count().desc(), *keys))
    names = ["supervisor_id", "supervisor_unit"] if by == "supervisor" else ["opd_code"]
    with engine.connect() as connection:
        frame = rows_frame(connection.execute(query), [*names, "awaiting", "overdue", "oldest"])
    for name in ("awaiting", "overdue"):
        frame[name] = frame[name].fillna(0).astype("int64")
    frame["oldest_age"] = [age_in_working_days(city_day(pd.Timestamp(m).to_pydatetime()), today)
                           for m in frame.pop("oldest")]
    return frame


def latency(engine, scope: Scope, first: date, last: date) -> pd.DataFrame:
    """Per OPD: the activities of the days `first` to `last` already decided (approved or
    returned) and their mean approval latency in hours, from the daily aggregate's sums."""
    decided = func.sum(DAILY.c.activities_decided)
    query = (select(DAILY.c.opd_code, decided, func.sum(DAILY.c.approval_minutes))
             .where(DAILY.c.day >= first, DAILY.c.day <= last, *_scoped(DAILY, scope))
             .group_by(DAILY.c.opd_code).having(decided > 0).order_by(DAILY.c.opd_code))
    with engine.connect() as connection:
        rows = [(opd, int(n), round(int(total or 0) / int(n) / 60, 1)) for opd, n, total in connection.execute(query)]
    return pd.DataFrame(rows, columns=["opd_code", "decided", "mean_hours"])


def awaiting_totals(engine, scope: Scope, today: date, deadline_days: int) -> tuple[int, int]:
    """(awaiting, overdue) of the scope now: the backlog summed."""
    cutoff = city_midnight(overdue_cutoff(today, deadline_days))
    query = select(func.count(), _count_where(FACTS.c.submitted_at < cutoff)).where(*_awaiting(scope))
    with engine.connect() as connection:
        awaiting, overdue = connection.execute(query).one()
    return int(awaiting or 0), int(overdue or 0)


def _awaiting(scope: Scope) -> list:
    closed = exists().where(PERIODS.c.month == FACTS.c.month)  # a closed month's lines wait for nobody
    return [AWAITING, ~closed, *_scoped(FACTS, scope)]


# --- activities backed by cases -------------------------------------------------------------------

def linked_share(engine, scope: Scope, first: date, last: date) -> pd.DataFrame:
    """Per OPD: the period's activities, those per link kind (a column per LINK_KINDS), linked
    (all kinds) and linked_pct; most activities first. From the daily aggregate's counts."""
    activities = func.sum(DAILY.c.activities)
    per_kind = [func.sum(DAILY.c[column]) for column in LINKED_BY_KIND.values()]
    query = (select(DAILY.c.opd_code, activities, *per_kind)
             .where(DAILY.c.day >= first, DAILY.c.day <= last, *_scoped(DAILY, scope))
             .group_by(DAILY.c.opd_code).order_by(activities.desc(), DAILY.c.opd_code))
    with engine.connect() as connection:
        frame = rows_frame(connection.execute(query), ["opd_code", "activities", *LINK_KINDS])
    for name in ("activities", *LINK_KINDS):
        frame[name] = frame[name].fillna(0).astype("int64")
    frame["linked"] = frame[list(LINK_KINDS)].sum(axis=1).astype("int64")
    frame["linked_pct"] = [_percent(n, total) for n, total in zip(frame["linked"], frame["activities"])]
    return frame


# --- quarterly scores -----------------------------------------------------------------------------

def score_bands(engine, scope: Scope, quarters: int = 4) -> pd.DataFrame:
    """The last `quarters` scored quarters, oldest first: quarter, then a count per band (BANDS)."""
    recent = _recent_quarters(engine, scope, quarters)
    query = (select(SCORES.c.quarter, SCORES.c.band, func.count())
             .where(SCORES.c.quarter.in_(recent), *_scoped(SCORES, scope)).group_by(SCORES.c.quarter, SCORES.c.band))
    with engine.connect() as connection:
        found = {(quarter, band): int(n) for quarter, band, n in connection.execute(query)}
    return pd.DataFrame([(quarter, *(found.get((quarter, band), 0) for band in BANDS)) for quarter in recent],
                        columns=["quarter", *BANDS])


def score_histogram(engine, scope: Scope, quarter: str) -> pd.DataFrame:
    """The quarter's final scores in bins of SCORE_BIN points: low (its lower bound), people; 100
    falls in the last bin. Counted in SQL with one CASE per bin (no FLOOR on SQLite)."""
    lows = list(range(0, 100, SCORE_BIN))
    score = SCORES.c.final_score
    counts = [_count_where(and_(score >= low, score < low + SCORE_BIN) if low + SCORE_BIN < 100 else score >= low)
              for low in lows]
    query = select(*counts).where(SCORES.c.quarter == quarter, *_scoped(SCORES, scope))
    with engine.connect() as connection:
        row = connection.execute(query).one()
    return pd.DataFrame({"low": lows, "people": [int(n or 0) for n in row]})


def _recent_quarters(engine, scope: Scope, quarters: int) -> list[str]:
    query = (select(SCORES.c.quarter).where(*_scoped(SCORES, scope)).group_by(SCORES.c.quarter)
             .order_by(SCORES.c.quarter.desc()).limit(quarters))
    with engine.connect() as connection:
        return sorted(connection.scalars(query))


# --- headline figures -----------------------------------------------------------------------------

def kpis(engine, scope: Scope, today: date, days: int, deadline_days: int) -> KinerjaKpis:
    """Compliance on the last working day before today and over the last `days` working days, the
    OPDs lowest over them (the city-wide view's; an OPD's scope has one), the backlog now."""
    period = last_working_days(today, days)
    by_day = compliance_by_day(engine, scope, period)
    ranked = compliance_by_group(by_day).dropna(subset=["compliance_pct"])
    lowest = tuple((opd, float(pct)) for opd, pct in zip(ranked["opd_code"], ranked["compliance_pct"]))
    awaiting, overdue = awaiting_totals(engine, scope, today, deadline_days)
    return KinerjaKpis(period[-1], overall(by_day, period[-1]), overall(by_day), lowest[:LOWEST_OPDS],
                       awaiting, overdue)


# --- helpers --------------------------------------------------------------------------------------

def _scoped(table, scope: Scope) -> list:
    """The scope's conditions with the mart's columns (domains/kinerja.py; fct_staff has opd_code too)."""
    return scope.conditions(table, mart_of_table(FACTS.name).scope_columns)


def _count_where(condition):
    """How many rows of the group meet `condition` (a SUM of CASE, the same on both backends)."""
    return func.sum(case((condition, literal_column("1")), else_=literal_column("0")))


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None
