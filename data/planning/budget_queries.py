"""Questions the Anggaran page, the planning KPI cards and the wall ask of the budget mart
(data/planning/budget_tables.py): absorption as an S-curve against previous years, physical
against financial progress per OPD and per sub kegiatan, the lines lagging behind the time elapsed,
and this month's figures.

Every function takes the app's services, the viewer and filters; the viewer's scope conditions are
always added (data/scope.py): an OPD reads its own rows only, whatever OPD the filters name; a
scope the mart has no column for (a camat, a lurah) reads nothing. Answers are cached per version
of the mart (data/cache.py).

Financial progress = paid / ceiling of the current version (payments of every version count: the
money was spent); physical progress = the works' progress weighted by their contract value, else
their line's ceiling (modules/planning/works.py); None where there is nothing to divide by.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import BigInteger, Float, and_, cast, func, select

from core.clock import city_midnight
from core.periods import next_month
from core.services import Services
from core.users import Viewer
from data.cache import cached
from data.frames import rows_frame
from data.planning.budget_tables import (BUDGET_MART, AggPlanningBudgetMonthly, AggPlanningProgress,
                                         FctPlanningBudgetLine, FctPlanningPayment, FctPlanningWork)
from data.planning.queries import percents, warehouse_frame
from data.scope import scope_conditions
from modules.planning.budget_models import WORK_BUILT

MONTHLY = AggPlanningBudgetMonthly.__table__
PROGRESS = AggPlanningProgress.__table__
LINES = FctPlanningBudgetLine.__table__
PAYMENTS = FctPlanningPayment.__table__
WORKS = FctPlanningWork.__table__

PREVIOUS_YEARS = 2               # the S-curve's comparison: the same curve of the two years before
FINANCIAL_LAG_POINTS = 25.0      # a line lags when paid / ceiling is this many points below the year elapsed
PHYSICAL_LAG_POINTS = 25.0       # ... or its sub kegiatan's physical progress is
MIN_ELAPSED_PCT = 10.0           # nothing lags in the first weeks of the year
LAGGING_LIMIT = 200              # rows the page lists, most lagging first


@dataclass(frozen=True)
class BudgetFilters:
    year: int
    opd_code: str | None = None  # None: the city (or the viewer's own OPD)


# --- absorption ----------------------------------------------------------------------------------

@cached(BUDGET_MART)
def absorption_curve(services: Services, viewer: Viewer, filters: BudgetFilters,
                     previous_years: int = PREVIOUS_YEARS) -> pd.DataFrame:
    """The S-curve of the year and of `previous_years` before it: one row per year and month
    (January to December) with the ceiling, what was paid in the month and up to its end, and
    absorption_pct = cumulative / ceiling (None without a ceiling). Years with no row are left out."""
    years = list(range(filters.year - previous_years, filters.year + 1))
    query = (select(MONTHLY.c.year, MONTHLY.c.month, _sum(MONTHLY.c.ceiling_rupiah), _sum(MONTHLY.c.realised_rupiah),
                    _sum(MONTHLY.c.realised_cumulative_rupiah))
             .where(MONTHLY.c.year.in_(years), *_conditions(MONTHLY, viewer, filters.opd_code))
             .group_by(MONTHLY.c.year, MONTHLY.c.month).order_by(MONTHLY.c.year, MONTHLY.c.month))
    frame = warehouse_frame(services, query,
                            ["year", "month", "ceiling_rupiah", "realised_rupiah", "cumulative_rupiah"], 2)
    frame["year"] = frame["year"].astype("int64")
    frame["month"] = frame["month"].astype("int64")
    frame["absorption_pct"] = percents(frame["cumulative_rupiah"], frame["ceiling_rupiah"])
    return frame


@cached(BUDGET_MART)
def absorption_by_account_group(services: Services, viewer: Viewer, filters: BudgetFilters) -> pd.DataFrame:
    """Per account group (5.1 belanja operasi, 5.2 belanja modal ...) of the year: ceiling, paid
    and absorption_pct (December's cumulative: the year so far)."""
    query = (select(MONTHLY.c.account_group, _sum(MONTHLY.c.ceiling_rupiah),
                    _sum(MONTHLY.c.realised_cumulative_rupiah))
             .where(MONTHLY.c.year == filters.year, MONTHLY.c.month == 12,
                    *_conditions(MONTHLY, viewer, filters.opd_code))
             .group_by(MONTHLY.c.account_group).order_by(MONTHLY.c.account_group))
    frame = warehouse_frame(services, query, ["account_group", "ceiling_rupiah", "paid_rupiah"])
    frame["absorption_pct"] = percents(frame["paid_rupiah"], frame["ceiling_rupiah"])
    return frame


@cached(BUDGET_MART)
def absorption_at(services: Services, viewer: Viewer, year: int, month: int) -> dict:
    """The city's (or the viewer's OPD's) absorption at the end of `month` of `year`: ceiling,
    cumulative paid and absorption_pct (None without a ceiling)."""
    query = (select(_sum(MONTHLY.c.ceiling_rupiah), _sum(MONTHLY.c.realised_cumulative_rupiah))
             .where(MONTHLY.c.year == year, MONTHLY.c.month == month, *_conditions(MONTHLY, viewer, None)))
    row = warehouse_frame(services, query, ["ceiling_rupiah", "paid_rupiah"], 0).iloc[0]
    ceiling, paid = int(row["ceiling_rupiah"]), int(row["paid_rupiah"])
    return {"year": year, "month": month, "ceiling_rupiah": ceiling, "paid_rupiah": paid,
            "absorption_pct": round(100.0 * paid / ceiling, 1) if ceiling else None}


# --- physical against financial ------------------------------------------------------------------

@cached(BUDGET_MART)
def progress_by_opd(services: Services, viewer: Viewer, filters: BudgetFilters) -> pd.DataFrame:
    """Per OPD: ceiling, paid, works (built), financial_pct and physical_pct; largest ceiling first."""
    frame = _progress(services, viewer, filters, PROGRESS.c.opd_code, "opd_code")
    return frame.sort_values(["ceiling_rupiah", "opd_code"], ascending=[False, True], ignore_index=True)


@cached(BUDGET_MART)
def progress_by_sub_kegiatan(services: Services, viewer: Viewer, filters: BudgetFilters) -> pd.DataFrame:
    """Per sub kegiatan (of the chosen OPD, or every OPD's): opd_code, sub_kegiatan_code, ceiling,
    paid, works, financial_pct, physical_pct; largest ceiling first."""
    frame = _progress(services, viewer, filters, (PROGRESS.c.opd_code, PROGRESS.c.sub_kegiatan_code),
                      ("opd_code", "sub_kegiatan_code"))
    return frame.sort_values(["ceiling_rupiah", "sub_kegiatan_code"], ascending=[False, True], ignore_index=True)


def _progress(services, viewer, filters, keys, names) -> pd.DataFrame:
    keys = keys if isinstance(keys, tuple) else (keys,)
    names = names if isinstance(names, tuple) else (names,)
    measures = [_sum(PROGRESS.c[name]) for name in ("ceiling_rupiah", "paid_rupiah", "works", "works_built",
                                                     "weight_rupiah")]
    floats = [cast(func.coalesce(func.sum(PROGRESS.c[name]), 0.0), Float)
              for name in ("weighted_progress", "progress_sum")]
    query = (select(*keys, *measures, *floats)
             .where(PROGRESS.c.year == filters.year, *_conditions(PROGRESS, viewer, filters.opd_code))
             .group_by(*keys))
    columns = [*names, "ceiling_rupiah", "paid_rupiah", "works", "works_built", "weight_rupiah"]
    with services.databases.warehouse.connect() as connection:
        rows = connection.execute(query).all()
    frame = rows_frame(rows, [*columns, "weighted_progress", "progress_sum"])
    for name in columns[len(names):]:
        frame[name] = frame[name].fillna(0).astype("int64")
    frame["financial_pct"] = percents(frame["paid_rupiah"], frame["ceiling_rupiah"])
    frame["physical_pct"] = pd.Series(
        [_physical(w, s, n, c) for w, s, n, c in zip(frame["weight_rupiah"], frame["weighted_progress"],
                                                      frame["progress_sum"], frame["works"])],
        index=frame.index, dtype=object)
    return frame.drop(columns=["weighted_progress", "progress_sum"])


def _physical(weight, weighted, summed, works) -> float | None:
    """works.py weighted_progress: by weight, equal weights when none weighs anything, None without works."""
    if not works:
        return None
    return round(float(weighted) / float(weight), 1) if weight else round(float(summed) / float(works), 1)


# --- lagging lines -------------------------------------------------------------------------------

def elapsed_pct(year: int, today: date) -> float:
    """The share of `year` gone by at the end of `today` (0 before it, 100 after it)."""
    if today.year < year:
        return 0.0
    if today.year > year:
        return 100.0
    days = 366 if calendar.isleap(year) else 365
    return round(100.0 * today.timetuple().tm_yday / days, 1)


@cached(BUDGET_MART)
def lagging_lines(services: Services, viewer: Viewer, filters: BudgetFilters, today: date) -> pd.DataFrame:
    """The current version's lines whose financial progress (paid on the line's sub kegiatan and
    account, every version's payments) or whose sub kegiatan's physical progress lies more than
    FINANCIAL_LAG_POINTS / PHYSICAL_LAG_POINTS below the share of the year elapsed at `today`.
    Columns: line_id, opd_code, sub_kegiatan_code, account_code, account_name, ceiling_rupiah,
    paid_rupiah, financial_pct, physical_pct, elapsed_pct, gap_points (the larger shortfall),
    lagging_on ("financial", "physical" or "both"); the largest shortfall first."""
    elapsed = elapsed_pct(filters.year, today)
    columns = ["line_id", "opd_code", "sub_kegiatan_code", "account_code", "account_name", "ceiling_rupiah",
               "paid_rupiah", "financial_pct", "physical_pct", "elapsed_pct", "gap_points", "lagging_on"]
    if elapsed < MIN_ELAPSED_PCT:
        return pd.DataFrame(columns=columns)
    conditions = _conditions(LINES, viewer, filters.opd_code)
    paid = (select(PAYMENTS.c.opd_code, PAYMENTS.c.sub_kegiatan_code, PAYMENTS.c.account_code,
                   func.sum(PAYMENTS.c.amount_rupiah).label("paid"))
            .where(PAYMENTS.c.year == filters.year, *_conditions(PAYMENTS, viewer, filters.opd_code))
            .group_by(PAYMENTS.c.opd_code, PAYMENTS.c.sub_kegiatan_code, PAYMENTS.c.account_code).subquery())
    query = (select(LINES.c.line_id, LINES.c.opd_code, LINES.c.sub_kegiatan_code, LINES.c.account_code,
                    LINES.c.account_name, LINES.c.ceiling_rupiah, cast(func.coalesce(paid.c.paid, 0), BigInteger),
                    PROGRESS.c.works, PROGRESS.c.weight_rupiah, PROGRESS.c.weighted_progress, PROGRESS.c.progress_sum)
             .select_from(LINES.outerjoin(paid, and_(paid.c.opd_code == LINES.c.opd_code,
                                                     paid.c.sub_kegiatan_code == LINES.c.sub_kegiatan_code,
                                                     paid.c.account_code == LINES.c.account_code))
                          .outerjoin(PROGRESS, and_(PROGRESS.c.year == LINES.c.year,
                                                    PROGRESS.c.opd_code == LINES.c.opd_code,
                                                    PROGRESS.c.sub_kegiatan_code == LINES.c.sub_kegiatan_code)))
             .where(LINES.c.year == filters.year, LINES.c.is_current.is_(True), LINES.c.ceiling_rupiah > 0,
                    *conditions))
    with services.databases.warehouse.connect() as connection:
        rows = connection.execute(query).all()
    found = []
    for (line_id, opd, sub, account, name, ceiling, paid_rupiah, works, weight, weighted, summed) in rows:
        financial = round(100.0 * paid_rupiah / ceiling, 1)
        physical = _physical(weight or 0, weighted or 0.0, summed or 0.0, works or 0)
        financial_gap = elapsed - financial
        physical_gap = elapsed - physical if physical is not None else None
        on = [kind for kind, gap, limit in (("financial", financial_gap, FINANCIAL_LAG_POINTS),
                                            ("physical", physical_gap, PHYSICAL_LAG_POINTS))
              if gap is not None and gap > limit]
        if on:
            found.append((int(line_id), opd, sub, account, name, int(ceiling), int(paid_rupiah), financial, physical,
                          elapsed, round(max(g for g in (financial_gap, physical_gap) if g is not None), 1),
                          "both" if len(on) == 2 else on[0]))
    frame = pd.DataFrame(found, columns=columns)
    frame["physical_pct"] = pd.Series([row[8] for row in found], index=frame.index, dtype=object)  # None stays
    frame = frame.sort_values(["gap_points", "ceiling_rupiah", "line_id"], ascending=[False, False, True],
                              ignore_index=True)
    return frame.head(LAGGING_LIMIT)


# --- this month ----------------------------------------------------------------------------------

@cached(BUDGET_MART)
def works_completed(services: Services, viewer: Viewer, year: int, month: int) -> int:
    """Works built in `month` of `year`, WIB calendar (the viewer's OPD's, or the city's)."""
    first = date(year, month, 1)
    start, end = city_midnight(first), city_midnight(next_month(first))
    query = (select(func.count()).select_from(WORKS)
             .where(WORKS.c.status == WORK_BUILT, WORKS.c.completed_at >= start, WORKS.c.completed_at < end,
                    *_conditions(WORKS, viewer, None)))
    with services.databases.warehouse.connect() as connection:
        return int(connection.scalar(query) or 0)


@cached(BUDGET_MART)
def budget_years(services: Services, viewer: Viewer) -> list[int]:
    """The years with a budget the viewer may read, newest first (the page's year choice)."""
    query = (select(MONTHLY.c.year).where(*scope_conditions(MONTHLY, viewer)).distinct()
             .order_by(MONTHLY.c.year.desc()))
    with services.databases.warehouse.connect() as connection:
        return [int(year) for year in connection.scalars(query)]


@cached(BUDGET_MART)
def budget_opds(services: Services, viewer: Viewer, year: int) -> list[str]:
    """The OPDs with a budget in `year` that the viewer may read (the page's OPD choice)."""
    query = (select(PROGRESS.c.opd_code).where(PROGRESS.c.year == year, *scope_conditions(PROGRESS, viewer))
             .distinct().order_by(PROGRESS.c.opd_code))
    with services.databases.warehouse.connect() as connection:
        return list(connection.scalars(query))


# --- helpers -------------------------------------------------------------------------------------

def _conditions(table, viewer: Viewer, opd_code: str | None) -> list:
    """The viewer's scope, and the chosen OPD (an OPD viewer's scope already holds him to his own)."""
    conditions = list(scope_conditions(table, viewer))
    if opd_code:
        conditions.append(table.c.opd_code == opd_code)
    return conditions


def _sum(column):
    return cast(func.coalesce(func.sum(column), 0), BigInteger)
