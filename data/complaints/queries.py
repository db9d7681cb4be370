"""Questions the complaint pages ask, answered from the marts.

Every function takes the app's services, the viewer and filters; scope conditions are always
added (data/scope.py). Date-bounded counts come from the aggregates: a one-dimension slice
(`agg_complaints_slices`) when the question involves at most one dimension, else
`agg_complaints_daily`; a city-wide count narrowed by one dimension and grouped by another reads
the pairs (`agg_complaints_pairs`, its whole months from `agg_complaints_pairs_monthly`). The
median response of a city-wide question narrowed by at most one dimension comes from the sorted
arrays of `agg_complaints_response_daily`. Questions the aggregates cannot answer (a status filter,
single complaints) read `fct_complaints`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import case, func, literal, select, union_all

from core.clock import city_today, minute_now  # noqa: F401 - the pages ask for them here
from core.periods import Period, last_days, whole_months
from core.services import Services
from core.users import Viewer
from data.cache import cached, shared_reference
from data.complaints.tables import (AGG_MEASURES, ALL, PAIR_DIMENSIONS, PAIRS, SLA_BREACHED, SLA_MET,
                                    SLICE_DIMENSIONS, TRIAGE_OPD, AggComplaintsDaily, AggComplaintsPairs,
                                    AggComplaintsPairsMonthly, AggComplaintsResponseDaily, AggComplaintsSlices,
                                    FctComplaint)
from data.frames import frame_with_counts, rows_frame
from data.reference import REFERENCE_MART, DimKecamatan, DimKelurahan, DimOpd, read_dimension
from data.complaints.tables import DimCategory
from data.scope import scope_conditions, table_answers
from data.value_arrays import read_rows, unpack
from modules.complaints.statuses import BREACHED_EVER, OVERDUE_NOW, current_due_sql

MART = "complaints"
AGG = AggComplaintsDaily.__table__
SLICES = AggComplaintsSlices.__table__
PAIR_TABLE = AggComplaintsPairs.__table__
PAIR_MONTHS = AggComplaintsPairsMonthly.__table__
RESPONSE = AggComplaintsResponseDaily.__table__
FCT = FctComplaint.__table__
DIMENSION_COLUMNS = {"category": "category_code", "channel": "channel", "opd": "opd_code",
                     "kecamatan": "kecamatan_code", "kelurahan": "kelurahan_code"}
COUNT_MEASURES = ("received", "open", "responded", "response_met", "response_breached", "feedback_given",
                  "feedback_met", "feedback_breached", "resolved", "response_minutes_sum")
WHOLE_MEASURES = frozenset(COUNT_MEASURES) - {"response_minutes_sum"}  # counts; the minutes' sum is a float
EXPORT_CHUNK_ROWS = 10_000  # rows per chunk of a streamed CSV export


@dataclass(frozen=True)
class ComplaintFilters:
    start: date
    end: date
    opd_codes: tuple[str, ...] = ()
    category_codes: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    kecamatan_code: str | None = None

    @classmethod
    def last_days(cls, days: int, today: date | None = None, **choices) -> "ComplaintFilters":
        period = last_days(days, today)
        return cls(start=period.start, end=period.end, **choices)

    def previous_period(self) -> "ComplaintFilters":
        before = Period(self.start, self.end).previous()
        return replace(self, start=before.start, end=before.end)


# --- counts by a dimension --------------------------------------------------------------------

@cached(MART)
def counts_by(services: Services, viewer: Viewer, filters: ComplaintFilters, dimension: str) -> pd.DataFrame:
    """One row per value of `dimension` with every count measure (received, responded, ...)."""
    table, conditions = _source(services, viewer, filters, dimension)
    key = _group_key(table, dimension)
    measures = [_measure(table, m) for m in COUNT_MEASURES]
    query = select(key.label("code"), *measures).where(*conditions).group_by(key)
    return _with_rates(_frame(services, query, ["code", *COUNT_MEASURES]))


def received_by(services: Services, viewer: Viewer, filters: ComplaintFilters, dimension: str) -> dict[str, int]:
    """The complaints received per value of `dimension` ({code: count}, codes with none left out):
    counts_by's source and its first measure alone, for a caller that needs no other (uncached:
    the caller caches its own answer)."""
    table, conditions = _source(services, viewer, filters, dimension)
    key = _group_key(table, dimension)
    query = select(key, _measure(table, "received")).where(*conditions).group_by(key)
    with services.databases.warehouse.connect() as connection:
        return {code: int(count) for code, count in connection.execute(query) if count}


@cached(MART)
def daily_trend(services: Services, viewer: Viewer, filters: ComplaintFilters) -> pd.DataFrame:
    table, conditions = _source(services, viewer, filters, ALL)
    day = table.c.received_day if table is FCT else table.c.day
    query = select(day.label("day"), *[_measure(table, m) for m in COUNT_MEASURES]).where(*conditions).group_by(day)
    counts = _frame(services, query, ["day", *COUNT_MEASURES])
    all_days = pd.DataFrame({"day": pd.date_range(filters.start, filters.end, freq="D").date})
    frame = all_days.merge(counts, on="day", how="left")
    frame[list(COUNT_MEASURES)] = frame[list(COUNT_MEASURES)].fillna(0)
    return _with_rates(frame)  # a day with nothing measured has no rate, not 0 %


@cached(MART, REFERENCE_MART)  # the rates divide by the dimensions' populations
def district_summary(services: Services, viewer: Viewer, filters: ComplaintFilters, level: str) -> pd.DataFrame:
    """Every kecamatan (or the kelurahan of `filters.kecamatan_code`) with counts, rate per 1,000
    residents (demo population) and SLA compliance; districts with no complaints show zero."""
    counts = counts_by.uncached(services, viewer, filters, level)
    districts = dimension_table(services, level)
    if level == "kelurahan" and filters.kecamatan_code:
        districts = districts[districts["kecamatan_code"] == filters.kecamatan_code]
    merged = districts.merge(counts, on="code", how="left")
    merged[list(COUNT_MEASURES)] = merged[list(COUNT_MEASURES)].fillna(0)
    merged["rate_per_1000"] = (merged["received"] * 1000 / merged["population_demo"].where(merged["population_demo"] > 0)).round(3)
    return _with_rates(merged)


def received_in_pairs(services: Services, viewer: Viewer, narrowed: str, codes: tuple[str, ...], dimension: str,
                      by_code: str, start: date, end: date) -> dict[str, int] | None:
    """The complaints received start..end of each of `codes` of `narrowed` whose `dimension` is
    `by_code` ({code: count}, codes with none left out): one district's counts per category, say,
    from the pairs (PAIRS) rather than the daily aggregate, whose key starts with the day: there one
    kelurahan's 90 days are found by reading the whole city's. None for a scoped viewer (the pairs
    have no scope columns) or a pair not kept: the caller asks what the viewer's scope allows."""
    if not viewer.scope.is_city or (narrowed, dimension) not in PAIRS:
        return None
    table, conditions = _pair_rows(narrowed, codes, dimension, start, end)
    query = (select(table.c.code, _measure(table, "received")).where(*conditions, table.c.by_code == by_code)
             .group_by(table.c.code))
    with services.databases.warehouse.connect() as connection:
        return {code: int(count) for code, count in connection.execute(query) if count}


# --- headline figures ------------------------------------------------------------------------

@cached(MART)
def kpis(services: Services, viewer: Viewer, filters: ComplaintFilters) -> dict:
    """Headline KPIs for the period and the one before it, for the change arrows. They speak for the
    whole selection: the map's drill-down into a kecamatan narrows the map, not the cards (every
    figure, the median included)."""
    filters = replace(filters, kecamatan_code=None)
    now, before = _period_kpis(services, viewer, filters), _period_kpis(services, viewer, filters.previous_period())
    # the backlog follows the page's filters as the open queue does (OPD, category, channel, status;
    # every receipt date up to the period's end), and is the position now
    now["backlog"] = open_count.uncached(services, viewer, filters)
    return {"current": now, "previous": before}


def _period_kpis(services, viewer, filters) -> dict:
    table, conditions = _source(services, viewer, filters, ALL)
    totals = _frame(services, select(*[_measure(table, m) for m in COUNT_MEASURES]).where(*conditions),
                    list(COUNT_MEASURES)).iloc[0]
    return {
        "received": int(totals["received"]),
        "first_response_within_sla_pct": _percent(totals["response_met"], totals["response_met"] + totals["response_breached"]),
        "feedback_within_sla_pct": _percent(totals["feedback_met"], totals["feedback_met"] + totals["feedback_breached"]),
        "median_response_minutes": median_response_minutes(services, viewer, filters),
    }


def median_response_minutes(services, viewer, filters) -> float | None:
    """The median of the minutes to first response (the mean of the two middle values of an even
    count): from the day's sorted arrays of the slice the filters narrow (agg_complaints_response_daily)
    when one does, else from the facts, sorted in the database."""
    response_slice = _response_slice(viewer, filters)
    if response_slice is None:
        return _median_from_facts(services, viewer, filters)
    dimension, codes = response_slice
    conditions = [RESPONSE.c.dimension == dimension, RESPONSE.c.day >= filters.start, RESPONSE.c.day <= filters.end]
    if codes:
        conditions.append(RESPONSE.c.code.in_(codes))
    with services.databases.warehouse.connect() as connection:
        packed = read_rows(connection, select(RESPONSE.c.response_minutes).where(*conditions))
    if not packed:
        return None
    return round(float(np.median(np.concatenate([unpack(values) for (values,) in packed]))), 1)


def _response_slice(viewer: Viewer, filters: ComplaintFilters) -> tuple[str, tuple[str, ...]] | None:
    """(dimension, codes) of the response arrays that hold exactly the filtered complaints, for a
    city-wide viewer (the arrays have no scope columns); None otherwise."""
    return _single_choice(filters) if viewer.scope.is_city else None


def _median_from_facts(services, viewer, filters) -> float | None:
    """The median worked out in the database: the middle value (or the mean of the two middle
    values) of the sorted minutes, so only one number travels."""
    minutes = FCT.c.minutes_to_first_response
    conditions = [*_fact_conditions(FCT, filters), *scope_conditions(FCT, viewer),
                  minutes.is_not(None)]
    count = select(func.count()).where(*conditions).scalar_subquery()
    middle = (select(minutes.label("minutes")).where(*conditions).order_by(minutes)
              .limit(literal(2) - count % 2).offset(case((count > 0, (count - 1) // 2), else_=0)).subquery())
    with services.databases.warehouse.connect() as connection:
        median = connection.scalar(select(func.avg(middle.c.minutes)))
    return None if median is None else round(float(median), 1)


@cached(MART)
def open_count(services: Services, viewer: Viewer, filters: ComplaintFilters | None = None) -> int:
    """Open complaints now, narrowed by `filters` as the open queue is (see _open_filter_conditions)."""
    conditions = [FCT.c.is_open.is_(True), *_open_filter_conditions(filters), *scope_conditions(FCT, viewer)]
    with services.databases.warehouse.connect() as connection:
        return connection.scalar(select(func.count()).where(*conditions))


@cached(MART)
def open_by_district(services: Services, viewer: Viewer, level: str) -> pd.DataFrame:
    """Open complaints now per kecamatan or kelurahan (`level`), whenever received: columns code,
    open. The open facts (a few thousand) counted through the open index, not every day's counts
    since the first complaint (57 ms per kecamatan and 895 per kelurahan at 1M)."""
    column = FCT.c[PAIR_DIMENSIONS[level]]
    query = (select(column, func.count()).where(FCT.c.is_open.is_(True), *scope_conditions(FCT, viewer))
             .group_by(column))
    return _frame(services, query, ["code", "open"])


def live_counters(services: Services, viewer: Viewer, at: datetime | None = None) -> dict:
    """For the wall: received today, open now, and the two SLA figures of `sla_figures`."""
    return _live_counters(services, viewer, at or minute_now())


@cached(MART)
def _live_counters(services: Services, viewer: Viewer, now: datetime) -> dict:
    scope = scope_conditions(FCT, viewer)
    with services.databases.warehouse.connect() as connection:
        today = connection.scalar(select(func.count()).where(FCT.c.received_day == city_today(now), *scope))
        open_now = connection.scalar(select(func.count()).where(FCT.c.is_open.is_(True), *scope))
    return {"today": today, "open": open_now, **_sla_figures.uncached(services, viewer, None, now)}


def sla_figures(services: Services, viewer: Viewer, filters: ComplaintFilters | None = None,
                at: datetime | None = None) -> dict:
    """The two named SLA figures of open complaints (modules/complaints/statuses.py says what they
    mean): OVERDUE_NOW, past the deadline that applies now; BREACHED_EVER, missed one at some time.
    `filters` narrow them as they narrow `open_queue` (every receipt date up to `filters.end`)."""
    return _sla_figures(services, viewer, filters, at or minute_now())


@cached(MART)
def _sla_figures(services: Services, viewer: Viewer, filters: ComplaintFilters | None, at: datetime) -> dict:
    conditions = [FCT.c.is_open.is_(True), *_open_filter_conditions(filters),
                  *scope_conditions(FCT, viewer)]
    overdue = func.sum(_flag(current_due_sql(FCT.c) < at))
    breached = func.sum(_flag((FCT.c.first_response_sla == SLA_BREACHED) | (FCT.c.feedback_sla == SLA_BREACHED)))
    with services.databases.warehouse.connect() as connection:
        row = connection.execute(select(func.coalesce(overdue, 0), func.coalesce(breached, 0))
                                 .where(*conditions)).one()
    return {OVERDUE_NOW: int(row[0]), BREACHED_EVER: int(row[1])}


@cached(MART)
def open_in_triage(services: Services, viewer: Viewer) -> int:
    """Open complaints no OPD holds yet (the command center's triage queue), whenever received:
    one count through the open-and-OPD index, not a count per OPD over every day."""
    conditions = [FCT.c.is_open.is_(True), FCT.c.opd_code == TRIAGE_OPD, *scope_conditions(FCT, viewer)]
    with services.databases.warehouse.connect() as connection:
        return int(connection.scalar(select(func.count()).where(*conditions)) or 0)


def _open_filter_conditions(filters: ComplaintFilters | None) -> list:
    """The page's filters applied to open complaints: every receipt date up to the period's end
    (an open complaint of last month is still open)."""
    return [] if filters is None else _fact_conditions(FCT, replace(filters, start=date(1970, 1, 1)))


# --- lists of complaints ----------------------------------------------------------------------

def due_now_column():
    """The due time that matters now: the first response until there is one, then the feedback."""
    return current_due_sql(FCT.c).label("due_at")


def open_queue(services: Services, viewer: Viewer, filters: ComplaintFilters | None = None,
               soon_minutes: int = 30, limit: int = 200, at: datetime | None = None) -> pd.DataFrame:
    """Open complaints already past, or within `soon_minutes` of, the due time that matters now
    (feedback counts once responded and until given), most urgent first."""
    return _open_queue(services, viewer, filters, soon_minutes, limit, at or minute_now())


@cached(MART)
def _open_queue(services: Services, viewer: Viewer, filters: ComplaintFilters | None, soon_minutes: int,
                limit: int, at: datetime) -> pd.DataFrame:
    due = due_now_column()
    conditions = [FCT.c.is_open.is_(True), due <= at + timedelta(minutes=soon_minutes),
                  *_open_filter_conditions(filters), *scope_conditions(FCT, viewer)]
    query = select(*_listing_columns(), due).where(*conditions).order_by(due, FCT.c.complaint_id).limit(limit)
    return _frame(services, query, [*_listing_names(), "due_at"])


@cached(MART)
def latest_complaints(services: Services, viewer: Viewer, limit: int = 15) -> pd.DataFrame:
    query = (select(*_listing_columns()).where(*scope_conditions(FCT, viewer))
             .order_by(FCT.c.received_at.desc(), FCT.c.complaint_id.desc()).limit(limit))
    return _frame(services, query, _listing_names())


@cached(MART)
def recent_breaches(services: Services, viewer: Viewer, limit: int = 12) -> pd.DataFrame:
    """Open complaints that missed a deadline (BREACHED_EVER), newest change first (the wall's alarm panel)."""
    breached = (FCT.c.first_response_sla == SLA_BREACHED) | (FCT.c.feedback_sla == SLA_BREACHED)
    query = (select(*_listing_columns()).where(FCT.c.is_open.is_(True), breached,
                                               *scope_conditions(FCT, viewer))
             .order_by(FCT.c.updated_at.desc(), FCT.c.complaint_id.desc()).limit(limit))
    return _frame(services, query, _listing_names())


@cached(MART)
def complaint_detail(services: Services, viewer: Viewer, complaint_id: int) -> dict | None:
    """One complaint's fact row (latest state, times, SLA outcomes) as a dict; None when there is
    no such complaint or it lies outside the viewer's scope."""
    conditions = [FCT.c.complaint_id == complaint_id, *scope_conditions(FCT, viewer)]
    with services.databases.warehouse.connect() as connection:
        row = connection.execute(select(FCT).where(*conditions)).mappings().first()
    return None if row is None else dict(row)


def export_chunks(services: Services, viewer: Viewer, filters: ComplaintFilters,
                  chunk_rows: int = EXPORT_CHUNK_ROWS) -> Iterator[pd.DataFrame]:
    """Every complaint the filters select (for CSV export), oldest first, `chunk_rows` at a time:
    a year of the city is a few hundred thousand rows, so it is read with a server-side cursor on
    PostgreSQL (SQLite's cursor reads lazily anyway) and never held whole. No personal data is in
    the marts. The connection stays open while the caller iterates; at least one frame comes,
    empty when nothing matches, so a CSV always gets its header."""
    conditions = [*_fact_conditions(FCT, filters), *scope_conditions(FCT, viewer)]
    columns = [c for c in FCT.c if c.name not in ("lat", "lon")] + [FCT.c.lat, FCT.c.lon]
    names = [c.name for c in columns]
    query = select(*columns).where(*conditions).order_by(FCT.c.received_at, FCT.c.complaint_id)
    with services.databases.warehouse.connect() as connection:
        result = connection.execution_options(stream_results=True, yield_per=chunk_rows).execute(query)
        empty = True
        for rows in result.partitions():
            empty = False
            yield rows_frame(rows, names)
        if empty:
            yield pd.DataFrame([], columns=names)


@cached(MART)
def map_points(services: Services, viewer: Viewer, filters: ComplaintFilters, limit: int = 3000) -> pd.DataFrame:
    """Newest complaints with a location, for dots on a map."""
    conditions = [*_fact_conditions(FCT, filters), *scope_conditions(FCT, viewer),
                  FCT.c.lat.is_not(None)]
    query = (select(FCT.c.complaint_id, FCT.c.ticket, FCT.c.category_code, FCT.c.status, FCT.c.lat, FCT.c.lon,
                    FCT.c.received_at).where(*conditions).order_by(FCT.c.received_at.desc()).limit(limit))
    return _frame(services, query, ["complaint_id", "ticket", "category_code", "status", "lat", "lon", "received_at"])


# --- dimensions ------------------------------------------------------------------------------

@shared_reference(REFERENCE_MART)
def dimension_table(services: Services, name: str) -> pd.DataFrame:
    """A dimension's rows (code, name, ...); reference data, the same for every viewer, shared by
    its callers, who must not modify it."""
    model = {"kecamatan": DimKecamatan, "kelurahan": DimKelurahan, "opd": DimOpd, "category": DimCategory}[name]
    with services.databases.warehouse.connect() as connection:
        return read_dimension(connection, model)


def load_reference(services: Services) -> None:
    """Reads every dimension into the cache (a web worker's start: domains/complaints.py, warm_up)."""
    for name in ("kecamatan", "kelurahan", "opd", "category"):
        dimension_table(services, name)


def names_of(services: Services, dimension: str) -> dict[str, str]:
    if dimension == "channel":
        return dict(CHANNEL_NAMES)
    table = dimension_table(services, dimension)
    column = "short_name" if dimension == "opd" else "name"
    return {"": "Triase command center" if dimension == "opd" else "(tidak diketahui)",
            **dict(zip(table["code"], table[column]))}


CHANNEL_NAMES = {"phone": "Telepon", "sms": "SMS", "web": "Situs web", "facebook": "Facebook",
                 "twitter": "Twitter/X", "instagram": "Instagram", "wargaku": "Aplikasi Wargaku",
                 "whatsapp": "WhatsApp", "live_chat": "Live chat", "walk_in": "Datang langsung"}


# --- helpers -----------------------------------------------------------------------------------

def _source(services: Services, viewer: Viewer, filters: ComplaintFilters, dimension: str | None = None):
    """The smallest table that can answer, and its conditions: the fact table when statuses are
    filtered (status is no aggregate key); for a city-wide viewer, a slice when the filters narrow
    at most one dimension and the question groups by no other (the slice of `dimension` when none
    is narrowed, else the narrowed one's, its codes chosen), a pair when it groups by another
    (PAIRS: the narrowed one's codes chosen, grouped by `dimension`, see _pair_rows); otherwise the daily
    aggregate (the facts again for a scope the aggregate cannot narrow to, an RW's)."""
    if filters.statuses or not table_answers(AGG, viewer):
        return FCT, _fact_conditions(FCT, filters) + scope_conditions(FCT, viewer)
    choice = _single_choice(filters)
    if viewer.scope.is_city and choice is not None:
        narrowed, codes = choice
        days = [SLICES.c.day >= filters.start, SLICES.c.day <= filters.end]
        if narrowed == ALL and (dimension == ALL or dimension in SLICE_DIMENSIONS):
            return SLICES, [SLICES.c.dimension == dimension, *days]
        if narrowed != ALL and dimension in (ALL, narrowed):
            return SLICES, [SLICES.c.dimension == narrowed, *days, SLICES.c.code.in_(codes)]
        if (narrowed, dimension) in PAIRS:
            return _pair_rows(narrowed, codes, dimension, filters.start, filters.end)
    return AGG, _aggregate_conditions(AGG, filters) + scope_conditions(AGG, viewer)


def _group_key(table, dimension: str):
    """The column of `table` (a _source) that holds the values of `dimension`."""
    if table is SLICES:
        return table.c.code
    return table.c.by_code if "by_code" in table.c else table.c[DIMENSION_COLUMNS[dimension]]


def _pair_rows(narrowed: str, codes: tuple[str, ...], dimension: str, start: date, end: date):
    """The pair rows of `narrowed` in `codes` grouped by `dimension` over start..end, and their
    conditions: the daily pairs when the period holds no whole month, else the whole months'
    monthly rows and the daily rows of the days around them, glued (a year: twelve months' rows and
    a few days', not 366 days')."""

    def conditions(table, time, first, last) -> list:
        c = table.c
        return [c.dimension == narrowed, c.by_dimension == dimension, c.code.in_(codes), time >= first, time <= last]

    months, loose_days = whole_months(start, end)
    if not months:
        return PAIR_TABLE, conditions(PAIR_TABLE, PAIR_TABLE.c.day, start, end)
    spans = [(PAIR_MONTHS, PAIR_MONTHS.c.month, months[0], months[-1]),
             *[(PAIR_TABLE, PAIR_TABLE.c.day, first, last) for first, last in loose_days]]
    parts = [select(table.c.code, table.c.by_code, *[table.c[name] for name in AGG_MEASURES])
             .where(*conditions(table, *span)) for table, *span in spans]
    return union_all(*parts).subquery("pairs"), []


def _single_choice(filters: ComplaintFilters) -> tuple[str, tuple[str, ...]] | None:
    """(slice dimension, chosen codes) of the one dimension the filters narrow, (ALL, ()) when they
    narrow none; None when they narrow more than one or choose statuses (no slice holds those)."""
    if filters.statuses:
        return None
    chosen = [(dimension, codes) for dimension, codes in (
        ("opd", filters.opd_codes), ("category", filters.category_codes), ("channel", filters.channels),
        ("kecamatan", (filters.kecamatan_code,) if filters.kecamatan_code else ())) if codes]
    if len(chosen) > 1:
        return None
    return chosen[0] if chosen else (ALL, ())


def _aggregate_conditions(table, filters: ComplaintFilters) -> list:
    conditions = [table.c.day >= filters.start, table.c.day <= filters.end]
    return conditions + _choice_conditions(table, filters)


def _fact_conditions(table, filters: ComplaintFilters) -> list:
    conditions = [table.c.received_day >= filters.start, table.c.received_day <= filters.end]
    if filters.statuses:
        conditions.append(table.c.status.in_(filters.statuses))
    return conditions + _choice_conditions(table, filters)


def _choice_conditions(table, filters: ComplaintFilters) -> list:
    conditions = []
    for column, values in (("opd_code", filters.opd_codes), ("category_code", filters.category_codes),
                           ("channel", filters.channels)):
        if values:
            conditions.append(table.c[column].in_(values))
    if filters.kecamatan_code:
        conditions.append(table.c.kecamatan_code == filters.kecamatan_code)
    return conditions


def _measure(table, name: str):
    """The measure `name` summed over `table`: its counts summed for an aggregate, worked out from
    the facts' columns for fct_complaints."""
    if table is FCT:
        return _FACT_MEASURES[name]
    return func.coalesce(func.sum(table.c[name]), 0).label(name)


def _flag(condition):
    return case((condition, 1), else_=0)


def _fact_measures() -> dict:
    f = FCT.c
    measures = {
        "received": func.count(),
        "open": func.sum(_flag(f.is_open.is_(True))),
        "responded": func.sum(_flag(f.first_response_at.is_not(None))),
        "response_met": func.sum(_flag(f.first_response_sla == SLA_MET)),
        "response_breached": func.sum(_flag(f.first_response_sla == SLA_BREACHED)),
        "feedback_given": func.sum(_flag(f.feedback_at.is_not(None))),
        "feedback_met": func.sum(_flag(f.feedback_sla == SLA_MET)),
        "feedback_breached": func.sum(_flag(f.feedback_sla == SLA_BREACHED)),
        "resolved": func.sum(_flag(f.resolved_at.is_not(None))),
        "response_minutes_sum": func.sum(f.minutes_to_first_response),
    }
    return {name: func.coalesce(measure, 0).label(name) for name, measure in measures.items()}


# Built once: SQLAlchemy expressions are immutable, and building the ten of them on every query
# cost a request a millisecond or more (a complaints question asks four to ten measures).
_FACT_MEASURES = _fact_measures()


def _with_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """Adds SLA compliance (%) and mean response minutes; None where nothing was measured."""
    frame["response_sla_pct"] = [_percent(m, m + b) for m, b in zip(frame["response_met"], frame["response_breached"])]
    frame["feedback_sla_pct"] = [_percent(m, m + b) for m, b in zip(frame["feedback_met"], frame["feedback_breached"])]
    frame["mean_response_minutes"] = [round(s / r, 1) if r else None
                                      for s, r in zip(frame["response_minutes_sum"], frame["responded"])]
    return frame


def _percent(part, whole) -> float | None:
    return round(100.0 * float(part) / float(whole), 1) if whole else None


def _frame(services: Services, query, columns: list[str]) -> pd.DataFrame:
    with services.databases.warehouse.connect() as connection:
        rows = connection.execute(query).all()
    return frame_with_counts(rows, columns, WHOLE_MEASURES)


def _listing_columns():
    return [FCT.c.complaint_id, FCT.c.ticket, FCT.c.category_code, FCT.c.opd_code, FCT.c.status,
            FCT.c.kecamatan_code, FCT.c.kelurahan_code, FCT.c.rw, FCT.c.rt, FCT.c.channel, FCT.c.received_at, FCT.c.first_response_at,
            FCT.c.first_response_due_at, FCT.c.feedback_due_at, FCT.c.first_response_sla, FCT.c.feedback_sla,
            FCT.c.lat, FCT.c.lon]


def _listing_names() -> list[str]:
    return [c.name for c in _listing_columns()]
