"""Questions the Command Center 112 pages ask, answered from the incident marts.

Every function takes the app's services, the viewer and filters; the viewer's scope conditions are
always added (data/scope.py): a kecamatan or kelurahan viewer reads the incidents of his district,
an OPD viewer reads his agency's dispatches (and nothing of the incidents mart, which has no OPD
column), calls are city-wide only. Answers are cached per mart version (data/cache.py); answers
that depend on the clock (live breaches, utilisation up to now) take `at`, to the minute.

Percentiles (P50, P90) are never means: numpy's linear interpolation, worked out with window
functions the same on SQLite and PostgreSQL (percentiles_in_sql; bench/incident_percentiles.py
measured it against reading the slice's values into pandas).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import numpy as np
import pandas as pd
from sqlalchemy import and_, case, false, func, literal, or_, select

from core.clock import CITY_ZONE, city_day, minute_now
from core.db import UtcDateTime
from core.periods import last_days, whole_months
from core.services import Services
from core.users import Viewer
from data.cache import cached, shared_reference
from data.frames import counts_frame, densified, frame_with_counts, rows_frame
from data.value_arrays import (merged_groups, merged_packed, quantile_frame, read_columns, read_rows, sorted_groups,
                               summed_cells, unpack_cells)
from data.incidents.tables import (DISPATCHES_MART, HEAT_CELLS_PER_DEGREE, INCIDENTS_MART, RESPONSE_MONTHLY_COLUMNS,
                                   RESPONSE_MONTHLY_NUMBERS, UNITS_MART, AggIncidentBusyDaily, AggIncidentCallsDaily,
                                   AggIncidentHeatDaily, AggIncidentHeatMonthly,
                                   AggIncidentPromiseDaily, AggIncidentResponseDaily, AggIncidentResponseMonthly,
                                   AggIncidentsDaily, DimIncidentAgency,
                                   DimIncidentCategory, FctIncident, FctIncidentDispatch, FctIncidentUnit, heat_cell)
from data.reference import REFERENCE_MART, read_dimension
from data.scope import scope_conditions, table_answers

FCT = FctIncident.__table__
DISP = FctIncidentDispatch.__table__
UNITS = FctIncidentUnit.__table__
AGG = AggIncidentsDaily.__table__
CALLS = AggIncidentCallsDaily.__table__
MONTHLY = AggIncidentResponseMonthly.__table__
DAILY = AggIncidentResponseDaily.__table__
HEAT_DAILY, HEAT_MONTHLY = AggIncidentHeatDaily.__table__, AggIncidentHeatMonthly.__table__
PROMISE = AggIncidentPromiseDaily.__table__
BUSY = AggIncidentBusyDaily.__table__
PRANK = "prank"  # the call outcome of a prank or ghost call (modules/incidents/workflow.py)
QUANTILES = {"p50": (1, 2), "p90": (9, 10)}  # fractions, for exact ranks
AGG_COUNTS = ("incidents", "cancelled", "on_scene", "late", "no_unit_on_scene", "casualties_injured", "casualties_dead")

# interval name -> (table, column): the incident's own intervals, and each dispatch's
INTERVALS = {"processing": (FCT, "processing_seconds"), "response": (FCT, "response_seconds"),
             "turnout": (DISP, "turnout_seconds"), "travel": (DISP, "travel_seconds"),
             "unit_response": (DISP, "response_seconds")}
# what a breakdown groups by, per table
GROUPS = {FCT: {"all": None, "kecamatan": "kecamatan_code", "kelurahan": "kelurahan_code",
                "category": "category_code", "agency": "lead_agency_code", "hour": "received_hour",
                "priority": "priority", "source": "source", "day": "received_day"},
          DISP: {"all": None, "kecamatan": "kecamatan_code", "kelurahan": "kelurahan_code",
                 "category": "category_code", "agency": "agency_code", "hour": "dispatched_hour",
                 "unit_type": "unit_type", "day": "dispatched_day"}}
DAY_COLUMN = {FCT: "received_day", DISP: "dispatched_day", AGG: "day", CALLS: "day"}


@dataclass(frozen=True)
class IncidentFilters:
    start: date
    end: date
    category_codes: tuple[str, ...] = ()
    agency_codes: tuple[str, ...] = ()   # the lead agency of an incident, the agency of a dispatch
    kecamatan_code: str | None = None

    @classmethod
    def last_days(cls, days: int, today: date | None = None, **choices) -> "IncidentFilters":
        period = last_days(days, today)
        return cls(start=period.start, end=period.end, **choices)


# --- breach: the one definition (modules/incidents/workflow.py), in SQL -------------------------

def breached_condition(table, at: datetime):
    """Late (a unit on scene after the promise) or, with no unit on scene and not cancelled, due
    (received + promise) before `at`: a live breach."""
    return or_(table.c.late.is_(True), and_(table.c.first_on_scene_at.is_(None), table.c.cancelled_at.is_(None),
                                            table.c.due_at <= at))


def met_condition(table):
    return and_(table.c.first_on_scene_at.is_not(None), table.c.late.is_(False))


# --- counts ------------------------------------------------------------------------------------

@cached(INCIDENTS_MART)
def incidents_by_day(services: Services, viewer: Viewer, filters: IncidentFilters) -> pd.DataFrame:
    """One row per day of the period (days without incidents show zero) with the daily counts."""
    day = AGG.c.day
    query = (select(day.label("day"), *_sums(AGG, AGG_COUNTS)).where(*_conditions(AGG, viewer, filters))
             .group_by(day))
    with services.databases.warehouse.connect() as connection:
        return _every_day(filters, connection.execute(query).all(), AGG_COUNTS)


@cached(INCIDENTS_MART)
def incidents_by(services: Services, viewer: Viewer, filters: IncidentFilters, dimension: str) -> pd.DataFrame:
    """Incidents per value of `dimension` (kecamatan, kelurahan, category: the daily aggregate;
    agency (the lead agency), hour, priority, source: the facts), biggest first."""
    if dimension in ("kecamatan", "kelurahan", "category"):
        key = AGG.c[GROUPS[FCT][dimension]]
        query = (select(key.label("code"), *_sums(AGG, AGG_COUNTS)).where(*_conditions(AGG, viewer, filters))
                 .group_by(key))
        frame = _frame(services, query, ["code", *AGG_COUNTS])
    else:
        key = FCT.c[GROUPS[FCT][dimension]]
        measures = [func.count().label("incidents"), func.sum(_flag(FCT.c.late.is_(True))).label("late")]
        query = select(key.label("code"), *measures).where(*_conditions(FCT, viewer, filters)).group_by(key)
        frame = _frame(services, query, ["code", "incidents", "late"])
    if dimension == "hour":
        frame = pd.DataFrame({"code": range(24)}).merge(frame, on="code", how="left").fillna(0)
        return frame.astype({"incidents": "int64", "late": "int64"})
    return frame.sort_values(["incidents", "code"], ascending=[False, True], ignore_index=True)


def incidents_by_hour(services: Services, viewer: Viewer, filters: IncidentFilters) -> pd.DataFrame:
    """Incidents per hour of the city's day (0..23, every hour listed)."""
    return incidents_by(services, viewer, filters, "hour")


@cached(DISPATCHES_MART)
def dispatches_by_agency(services: Services, viewer: Viewer, filters: IncidentFilters) -> pd.DataFrame:
    """Dispatches per agency and unit type: how many, how many reached the scene, how many cancelled."""
    keys = [DISP.c.agency_code, DISP.c.unit_type]
    query = (select(*keys, func.count(), func.sum(_flag(DISP.c.on_scene_at.is_not(None))),
                    func.sum(_flag(DISP.c.cancelled_at.is_not(None))))
             .where(*_conditions(DISP, viewer, filters)).group_by(*keys).order_by(*keys))
    return _frame(services, query, ["agency_code", "unit_type", "dispatches", "on_scene", "cancelled"])


@cached(INCIDENTS_MART)
def calls_by_outcome(services: Services, viewer: Viewer, filters: IncidentFilters) -> pd.DataFrame:
    """Calls per outcome (incident, merged, prank, referred, info, pending) for the city; a viewer
    with a narrower scope gets nothing (calls are counted city-wide only, over the period: the
    page's category, agency and kecamatan choices do not narrow them)."""
    query = (select(CALLS.c.outcome, func.sum(CALLS.c.calls), func.sum(CALLS.c.repeat_callers))
             .where(*_period_conditions(CALLS, viewer, filters)).group_by(CALLS.c.outcome).order_by(CALLS.c.outcome))
    return _frame(services, query, ["outcome", "calls", "repeat_callers"])


@cached(INCIDENTS_MART)
def prank_share_by_day(services: Services, viewer: Viewer, filters: IncidentFilters) -> pd.DataFrame:
    """Per day: calls, prank calls and the prank share (%, None on a day without calls); city-wide,
    over the period, as calls_by_outcome."""
    query = (select(CALLS.c.day, func.sum(CALLS.c.calls), func.sum(_flag(CALLS.c.outcome == PRANK) * CALLS.c.calls))
             .where(*_period_conditions(CALLS, viewer, filters)).group_by(CALLS.c.day))
    with services.databases.warehouse.connect() as connection:
        frame = _every_day(filters, connection.execute(query).all(), ("calls", "prank"))
    frame["prank_share_pct"] = _percents(frame["prank"], frame["calls"])
    return frame


# --- intervals: percentiles --------------------------------------------------------------------

@cached(INCIDENTS_MART, DISPATCHES_MART)
def interval_percentiles(services: Services, viewer: Viewer, filters: IncidentFilters, interval: str,
                         by: str = "all") -> pd.DataFrame:
    """P50 and P90 (seconds) of `interval` (processing, response: per incident; turnout, travel,
    unit_response: per dispatch) per value of `by` (all, kecamatan, kelurahan, category, agency,
    hour, ...): columns code, count, p50, p90, by code. Only measured intervals count (an incident
    with no unit on scene has no response yet)."""
    table, column = INTERVALS[interval]
    group = GROUPS[table][by]
    key = table.c[group] if group else literal("")
    conditions = [*_conditions(table, viewer, filters), table.c[column].is_not(None)]
    with services.databases.warehouse.connect() as connection:
        return percentiles_in_sql(connection, key, table.c[column], conditions)


@cached(INCIDENTS_MART, DISPATCHES_MART)
def interval_breakdowns(services: Services, viewer: Viewer, filters: IncidentFilters, interval: str,
                        dimensions: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    """interval_percentiles for several breakdowns at once ({dimension: the same frame}). The city's
    response times with no page choice come from the monthly aggregate for the period's whole
    months and from the daily one for its other days (_response_from_months); anything else reads the
    period's measured values once with every breakdown's column (one scan of about 70,000 rows
    for a year, instead of four sorted windows over them). Either way the quantiles are exact."""
    if _months_answer(viewer, filters, interval, dimensions):
        return _response_from_months(services, filters, dimensions)
    table, column = INTERVALS[interval]
    with services.databases.warehouse.connect() as connection:
        groups = _value_groups(connection, table, column, dimensions, _conditions(table, viewer, filters))
    return {dimension: quantile_frame(groups[dimension], QUANTILES) for dimension in dimensions}


def _months_answer(viewer: Viewer, filters: IncidentFilters, interval: str, dimensions: tuple[str, ...]) -> bool:
    """Whether the monthly response aggregate answers: the response, for its breakdowns, city-wide."""
    return (interval == "response" and set(dimensions) <= set(RESPONSE_MONTHLY_COLUMNS)
            and _city_wide_answer(viewer, filters))


def _city_wide_answer(viewer: Viewer, filters: IncidentFilters) -> bool:
    """Whether a monthly aggregate (which has no district or agency column) answers: a city-wide
    viewer, without a category, kecamatan or agency chosen."""
    return viewer.scope.is_city and not (filters.category_codes or filters.agency_codes or filters.kecamatan_code)


def _response_from_months(services: Services, filters: IncidentFilters,
                          dimensions: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    groups = _city_response_groups(services, filters, dimensions)
    return {dimension: quantile_frame(groups[dimension], QUANTILES) for dimension in dimensions}


def _city_response_groups(services: Services, filters: IncidentFilters,
                          dimensions: tuple[str, ...]) -> dict[str, dict]:
    """{dimension: {code: sorted values}} of the city's responses over the period: the monthly
    aggregate for its whole months, the daily one for its other days; a few hundred rows either way."""
    months, loose_days = whole_months(filters.start, filters.end)
    packed: dict[str, dict] = {dimension: {} for dimension in dimensions}  # {code: [packed values, ...]} each
    with services.databases.warehouse.connect() as connection:
        if months:
            _collect_packed(connection, MONTHLY, MONTHLY.c.month.between(months[0], months[-1]), dimensions, packed)
        if loose_days:
            days = or_(*[DAILY.c.day.between(first, last) for first, last in loose_days])
            _collect_packed(connection, DAILY, days, dimensions, packed)
    return {dimension: merged_packed(packed[dimension]) for dimension in dimensions}


def _collect_packed(connection, aggregate, period, dimensions: tuple[str, ...], packed: dict[str, dict]) -> None:
    """Each packed row of a response aggregate in `period`, kept as bytes under its dimension and code."""
    query = (select(aggregate.c.dimension, aggregate.c.code, aggregate.c.response_seconds)
             .where(period, aggregate.c.dimension.in_(dimensions)))
    for dimension, code, values in read_rows(connection, query):
        key = int(code) if dimension in RESPONSE_MONTHLY_NUMBERS else code
        packed[dimension].setdefault(key, []).append(values)


def _city_response(services: Services, filters: IncidentFilters) -> pd.DataFrame:
    """interval_percentiles of the response for the whole city (one row, code ""): every measured
    response has a received hour, so the hours' values together are the city's."""
    hours = _city_response_groups(services, filters, ("hour",))["hour"]
    return quantile_frame(merged_groups([{"": values} for values in hours.values()]), QUANTILES)


def _value_groups(connection, table, column: str, dimensions: tuple[str, ...], conditions: list) -> dict[str, dict]:
    """{dimension: {code: sorted values}} of the measured values of `column` under `conditions`,
    read in one query with every breakdown's column."""
    keys = [table.c[GROUPS[table][dimension]] for dimension in dimensions]
    query = select(*keys, table.c[column]).where(*conditions, table.c[column].is_not(None))
    columns = read_columns(connection, query)
    if not columns:
        return {dimension: {} for dimension in dimensions}
    values = np.asarray(columns[-1], dtype=float)
    return {dimension: sorted_groups(codes, values) for dimension, codes in zip(dimensions, columns)}


def percentiles_in_sql(connection, key, value, conditions) -> pd.DataFrame:
    """numpy's linear-interpolation quantiles (QUANTILES) of `value` per `key`, the same on SQLite
    and PostgreSQL: the database ranks and counts each group's values (window functions) and
    returns only the two rows around each quantile; they are interpolated here. Faster than
    reading the slice's values (bench/incident_percentiles.py: about 2.5 times on 15,000 values)."""
    ranked = (select(key.label("code"), value.label("value"),
                     func.row_number().over(partition_by=key, order_by=value).label("rank"),
                     func.count().over(partition_by=key).label("n"))
              .where(*conditions).subquery())
    wanted = []
    for numerator, denominator in QUANTILES.values():
        low = (ranked.c.n - 1) * numerator // denominator + 1  # integer division: exact on both databases
        wanted += [low, low + 1]
    query = select(ranked.c.code, ranked.c.n, ranked.c.rank, ranked.c.value).where(ranked.c.rank.in_(wanted))
    groups: dict = {}
    for code, n, rank, found in connection.execute(query):
        groups.setdefault(code, (int(n), {}))[1][int(rank)] = float(found)
    rows = [{"code": code, "count": n, **{name: round(_interpolated(values, n, fraction), 1)
                                          for name, fraction in QUANTILES.items()}}
            for code, (n, values) in sorted(groups.items())]
    return pd.DataFrame(rows, columns=["code", "count", *QUANTILES])


def _interpolated(values: dict[int, float], n: int, fraction: tuple[int, int]) -> float:
    """The quantile at 0-based position (n - 1) x fraction between the ranked values around it."""
    numerator, denominator = fraction
    low, remainder = divmod((n - 1) * numerator, denominator)
    below = values[low + 1]
    above = values.get(low + 2, below)
    return below + (above - below) * remainder / denominator


# --- the promise: compliance per day -------------------------------------------------------------

def compliance_by_day(services: Services, viewer: Viewer, filters: IncidentFilters,
                      at: datetime | None = None) -> pd.DataFrame:
    """Per day of the period: met (a unit on scene within the promise), breached (see
    breached_condition, at `at`), pending (no unit yet, not yet due) and compliance_pct = met /
    (met + breached); cancelled incidents count in none."""
    return _compliance_by_day(services, viewer, filters, at or minute_now())


@cached(INCIDENTS_MART)
def _compliance_by_day(services: Services, viewer: Viewer, filters: IncidentFilters, at: datetime) -> pd.DataFrame:
    rows = [(day, met, breached, pending) for day, _incidents, met, breached, pending
            in promise_rows(services, viewer, filters, at, "day")]
    frame = _every_day(filters, rows, ("met", "breached", "pending"))
    frame["compliance_pct"] = _percents(frame["met"], frame["met"] + frame["breached"])
    return frame


# what promise_counts groups by: the facts' columns, the aggregate's, the answer's names
PROMISE_GROUPS = {"day": ((FCT.c.received_day,), (PROMISE.c.day,), ["day"]),
                  "category": ((FCT.c.category_code, FCT.c.response_promise_seconds),
                               (PROMISE.c.category_code, PROMISE.c.promise_seconds), ["code", "promise"])}
PROMISE_COUNTS = ["incidents", "met", "breached", "pending"]


def promise_counts(services: Services, viewer: Viewer, filters: IncidentFilters, at: datetime,
                   by: str) -> pd.DataFrame:
    """Incidents, and of the live ones (not cancelled) those met, breached (breached_condition at
    `at`) and pending, per day (`by` "day") or per category and the promise held to ("category").
    The city's with no page choice comes from agg_incident_promise_daily for the days whose
    unreached incidents were all due by `at`, and from the facts for the other days (the last
    minutes'); anything else from the facts."""
    names = PROMISE_GROUPS[by][2]
    return counts_frame(promise_rows(services, viewer, filters, at, by), [*names, *PROMISE_COUNTS], keys=len(names))


def promise_rows(services: Services, viewer: Viewer, filters: IncidentFilters, at: datetime,
                 by: str) -> list[tuple]:
    """promise_counts as plain rows (its keys, then PROMISE_COUNTS), one per key in key order: the
    KPI cards add up a few dozen of them, which a frame's groupings made several times slower."""
    fact_keys, aggregate_keys, names = PROMISE_GROUPS[by]
    conditions = _conditions(FCT, viewer, filters)
    with services.databases.warehouse.connect() as connection:
        if not _city_wide_answer(viewer, filters):
            rows = connection.execute(_fact_promise_counts(fact_keys, conditions, at)).all()
        else:
            period = PROMISE.c.day.between(filters.start, filters.end)
            unsettled = connection.execute(select(PROMISE.c.day).distinct()
                                           .where(period, PROMISE.c.unreached_due_last > at)).scalars().all()
            settled = [func.sum(PROMISE.c.incidents), func.sum(PROMISE.c.met),
                       func.sum(PROMISE.c.late + PROMISE.c.unreached), literal(0)]
            rows = connection.execute(select(*aggregate_keys, *settled).where(period, PROMISE.c.day.not_in(unsettled))
                                      .group_by(*aggregate_keys)).all()
            if unsettled:
                rows += connection.execute(_fact_promise_counts(
                    fact_keys, [*conditions, FCT.c.received_day.in_(unsettled)], at)).all()
    totals: dict[tuple, list[int]] = {}  # a day's settled and loose rows added up
    for row in rows:
        counts = totals.setdefault(tuple(row[:len(names)]), [0] * len(PROMISE_COUNTS))
        for index, value in enumerate(row[len(names):]):
            counts[index] += int(value or 0)
    return [(*key, *counts) for key, counts in sorted(totals.items())]


def _fact_promise_counts(keys, conditions: list, at: datetime):
    live = FCT.c.cancelled_at.is_(None)
    met, breached = met_condition(FCT), breached_condition(FCT, at)
    return (select(*keys, func.count(), func.sum(_flag(live & met)), func.sum(_flag(live & breached)),
                   func.sum(_flag(live & ~met & ~breached)))
            .where(*conditions).group_by(*keys))


def live_breaches(services: Services, viewer: Viewer, at: datetime | None = None, limit: int = 50) -> pd.DataFrame:
    """Incidents breaching now with no unit on scene (not cancelled, not closed, past due), the
    longest overdue first: for the operators' and the wall's alarm list."""
    return _live_breaches(services, viewer, at or minute_now(), limit)


@cached(INCIDENTS_MART)
def _live_breaches(services: Services, viewer: Viewer, at: datetime, limit: int) -> pd.DataFrame:
    columns = [FCT.c.incident_number, FCT.c.status, FCT.c.category_code, FCT.c.priority, FCT.c.kecamatan_code,
               FCT.c.kelurahan_code, FCT.c.received_at, FCT.c.due_at, FCT.c.lat, FCT.c.lon]
    conditions = [FCT.c.first_on_scene_at.is_(None), FCT.c.cancelled_at.is_(None), FCT.c.closed_at.is_(None),
                  FCT.c.due_at <= at, *scope_conditions(FCT, viewer)]
    query = select(*columns).where(*conditions).order_by(FCT.c.due_at, FCT.c.incident_number).limit(limit)
    frame = _frame(services, query, [c.name for c in columns])
    frame["overdue_seconds"] = [(at - due).total_seconds() for due in frame["due_at"]]
    return frame


# --- units -------------------------------------------------------------------------------------

def unit_utilisation(services: Services, viewer: Viewer, filters: IncidentFilters,
                     at: datetime | None = None) -> pd.DataFrame:
    """Per agency: units, busy seconds (dispatched until cleared or cancelled, or until `at` while
    still out, cut to the period), available seconds (units x the period's seconds up to `at`) and
    utilisation_pct. Units are those the change log reported (fct_incident_units), else the
    reference fleet. Read by the city and by an OPD viewer (his agency); a district scope gets
    nothing (a unit belongs to no district)."""
    return _unit_utilisation(services, viewer, filters, at or minute_now())


@cached(DISPATCHES_MART, UNITS_MART, REFERENCE_MART)
def _unit_utilisation(services: Services, viewer: Viewer, filters: IncidentFilters, at: datetime) -> pd.DataFrame:
    columns = ["agency_code", "units", "busy_seconds", "available_seconds", "utilisation_pct"]
    if not table_answers(UNITS, viewer):
        return pd.DataFrame(columns=columns)
    window_start, window_end = _window(filters, at)
    seconds = max((window_end - window_start).total_seconds(), 0.0)
    units = _units_per_agency(services, viewer, filters)
    busy = _busy_seconds(services, viewer, filters, window_start, window_end)
    agencies = sorted(set(units) | set(busy))  # built from plain lists: a few rows, no frame operations
    counted = [units.get(code, 0) for code in agencies]
    busy_seconds = [round(busy.get(code, 0.0), 1) for code in agencies]
    available = [count * seconds for count in counted]
    return pd.DataFrame({"agency_code": pd.Series(agencies, dtype=object),
                         "units": np.array(counted, dtype=np.int64),
                         "busy_seconds": np.array(busy_seconds, dtype=np.float64),
                         "available_seconds": np.array(available, dtype=np.float64),
                         "utilisation_pct": pd.Series([_percent(part, whole) for part, whole
                                                       in zip(busy_seconds, available)], dtype=object)},
                        columns=columns)


def _window(filters: IncidentFilters, at: datetime) -> tuple[datetime, datetime]:
    """The period as UTC moments: from the first day's midnight in the city to the midnight after
    the last day, or `at` if sooner."""
    start = datetime.combine(filters.start, datetime.min.time(), CITY_ZONE).astimezone(timezone.utc)
    end = datetime.combine(filters.end + timedelta(days=1), datetime.min.time(), CITY_ZONE).astimezone(timezone.utc)
    return start, min(end, at)


def _units_per_agency(services: Services, viewer: Viewer, filters: IncidentFilters) -> dict[str, int]:
    conditions = scope_conditions(UNITS, viewer)
    if filters.agency_codes:
        conditions.append(UNITS.c.agency_code.in_(filters.agency_codes))
    query = select(UNITS.c.agency_code, func.count()).where(*conditions).group_by(UNITS.c.agency_code)
    with services.databases.warehouse.connect() as connection:
        reported = dict(connection.execute(query).all())
        if reported:
            return reported
        fleet = read_dimension(connection, DimIncidentAgency).groupby("agency_code")["count"].sum()
    # the reference fleet, narrowed as the units table would be
    allowed = [code for code in fleet.index if viewer.scope.allows({"agency_code": code}, {"opd": "agency_code"})
               and (not filters.agency_codes or code in filters.agency_codes)]
    return {code: int(fleet[code]) for code in allowed}


def _busy_seconds(services: Services, viewer: Viewer, filters: IncidentFilters, start: datetime,
                  end: datetime) -> dict[str, float]:
    """Per agency, its dispatches' busy time cut to [start, end): a dispatch that began and ended
    inside the window counts its busy_seconds, one across an edge (out before the window, or still
    out at its end) the seconds it overlaps the window. For the city (no category chosen) the days
    whose dispatches had all ended by `end` come from agg_incident_busy_daily, whole; the facts
    answer the other days (the last hours', a unit still out) and the day before the window."""
    first, last = city_day(start), city_day(end)
    fact_days = [DISP.c.dispatched_day >= first - timedelta(days=1), DISP.c.dispatched_day <= last]
    busy: dict[str, float] = {}
    with services.databases.warehouse.connect() as connection:
        if viewer.scope.is_city and not filters.category_codes:
            settled, loose_days = _settled_busy_days(connection, filters, first, last, end)
            busy.update(settled)
            fact_days = [DISP.c.dispatched_day.in_([first - timedelta(days=1), *loose_days])]
        for agency, seconds in connection.execute(_fact_busy_query(connection, viewer, filters, start, end, fact_days)):
            busy[agency] = busy.get(agency, 0.0) + float(seconds or 0.0)
    return {agency: max(seconds, 0.0) for agency, seconds in busy.items()}


def _settled_busy_days(connection, filters: IncidentFilters, first: date, last: date,
                       end: datetime) -> tuple[dict[str, float], list[date]]:
    """({agency: busy seconds} of the days first..last whose dispatches had all ended by `end`,
    the other days of the aggregate)."""
    conditions = [BUSY.c.day >= first, BUSY.c.day <= last]
    if filters.agency_codes:
        conditions.append(BUSY.c.agency_code.in_(filters.agency_codes))
    settled = (BUSY.c.ended == BUSY.c.dispatches) & (BUSY.c.ended_last <= literal(end, UtcDateTime()))
    loose = connection.execute(select(BUSY.c.day).distinct().where(*conditions, ~settled)).scalars().all()
    query = (select(BUSY.c.agency_code, func.sum(BUSY.c.busy_seconds))
             .where(*conditions, BUSY.c.day.not_in(loose)).group_by(BUSY.c.agency_code))
    return {agency: float(seconds or 0.0) for agency, seconds in connection.execute(query)}, list(loose)


def _fact_busy_query(connection, viewer: Viewer, filters: IncidentFilters, start: datetime, end: datetime,
                     days: list):
    """The facts' busy seconds per agency on `days`, cut to [start, end), summed by the database in
    one pass over the agency-first covering index."""
    ended = func.coalesce(DISP.c.cleared_at, DISP.c.cancelled_at)
    agencies = select(DimIncidentAgency.__table__.c.agency_code).distinct()
    # every fact's agency is in the dimension (the ETL rejects others): the index is read per agency
    conditions = [*scope_conditions(DISP, viewer), DISP.c.agency_code.in_(agencies), *days,
                  DISP.c.dispatched_at < end, or_(ended.is_(None), ended > start)]
    if filters.agency_codes:
        conditions.append(DISP.c.agency_code.in_(filters.agency_codes))
    if filters.category_codes:
        conditions.append(DISP.c.category_code.in_(filters.category_codes))
    inside = and_(DISP.c.dispatched_at >= start, ended.is_not(None), ended <= end)
    window_start, window_end = literal(start, UtcDateTime()), literal(end, UtcDateTime())
    overlap = seconds_between(connection, _greatest(connection, DISP.c.dispatched_at, window_start),
                              _least(connection, func.coalesce(ended, window_end), window_end))
    return (select(DISP.c.agency_code, func.sum(case((inside, DISP.c.busy_seconds), else_=overlap)))
            .where(*conditions).group_by(DISP.c.agency_code))


def seconds_between(connection, first, last):
    """SQL for the seconds from `first` to `last` (two moments), on SQLite and PostgreSQL."""
    if connection.dialect.name == "sqlite":
        return (func.julianday(last) - func.julianday(first)) * 86400.0
    return func.extract("epoch", last - first)


def _greatest(connection, *values):
    return (func.max if connection.dialect.name == "sqlite" else func.greatest)(*values)


def _least(connection, *values):
    return (func.min if connection.dialect.name == "sqlite" else func.least)(*values)


# --- the mayor's page --------------------------------------------------------------------------

def kpis(services: Services, viewer: Viewer, filters: IncidentFilters, at: datetime | None = None) -> dict:
    """Headline figures for the period: incidents, response P50/P90 against the promise,
    compliance with it, incidents by category, calls and the prank share. The period alone: the
    112 cards show no change against the period before (the complaints' cards do), and reading
    it too doubled the cards' reads after every ETL commit."""
    return _period_kpis(services, viewer, filters, at or minute_now())


@cached(INCIDENTS_MART)
def _period_kpis(services: Services, viewer: Viewer, filters: IncidentFilters, at: datetime) -> dict:
    response = (_city_response(services, filters) if _city_wide_answer(viewer, filters)
                else interval_percentiles.uncached(services, viewer, filters, "response"))
    # (category, promise, incidents, met, breached, pending) rows, added up in plain Python
    counts = promise_rows(services, viewer, filters, at, "category")
    calls, pranks = _call_totals(services, viewer, filters)
    met, breached = sum(row[3] for row in counts), sum(row[4] for row in counts)
    by_category: dict[str, int] = {}
    for code, _promise, incidents, *_rest in counts:
        by_category[code] = by_category.get(code, 0) + incidents
    return {
        "incidents": sum(row[2] for row in counts),
        "response_p50_seconds": _first(response, "p50"),
        "response_p90_seconds": _first(response, "p90"),
        "promise_seconds": _promise_in_force(counts),
        "within_promise_pct": _percent(met, met + breached),
        "breached": breached,
        "by_category": dict(sorted(((code, n) for code, n in by_category.items() if n > 0), key=lambda item: -item[1])),
        "calls": calls,
        "prank_share_pct": _percent(pranks, calls),
    }


def _call_totals(services: Services, viewer: Viewer, filters: IncidentFilters) -> tuple[int, int]:
    """Calls and prank calls over the period, city-wide (as calls_by_outcome): one row."""
    query = select(func.sum(CALLS.c.calls), func.sum(_flag(CALLS.c.outcome == PRANK) * CALLS.c.calls)).where(
        *_period_conditions(CALLS, viewer, filters))
    with services.databases.warehouse.connect() as connection:
        calls, pranks = connection.execute(query).one()
    return int(calls or 0), int(pranks or 0)


def _promise_in_force(counts: list[tuple]) -> int | None:
    """The promise in force over the period: the one most incidents were held to (on a tie, the
    longer); `counts` as promise_rows by category."""
    held: dict[int, int] = {}
    for _code, promise, incidents, *_rest in counts:
        held[int(promise)] = held.get(int(promise), 0) + incidents
    return max(held.items(), key=lambda item: (item[1], item[0]))[0] if held else None


# --- dimensions --------------------------------------------------------------------------------

@shared_reference(REFERENCE_MART)
def _dimension(services: Services, name: str) -> pd.DataFrame:
    """A dimension's rows; shared by the callers, who must not modify it."""
    model = {"category": DimIncidentCategory, "agency": DimIncidentAgency}[name]
    with services.databases.warehouse.connect() as connection:
        return read_dimension(connection, model)


def load_reference(services: Services) -> None:
    """Reads the categories and agencies into the cache (a web worker's start: domains/incidents.py)."""
    from data.incident_desk import place_names

    for name in ("category", "agency"):
        _dimension(services, name)
    place_names()


def category_names(services: Services) -> dict[str, str]:
    """Incident category code -> its Indonesian name (reference data, the same for every viewer)."""
    table = _dimension(services, "category")
    return {"": "(tidak diketahui)", **dict(zip(table["code"], table["name"]))}


# --- helpers -----------------------------------------------------------------------------------

def _period_conditions(table, viewer: Viewer, filters: IncidentFilters) -> list:
    day = table.c[DAY_COLUMN[table]]
    return [day >= filters.start, day <= filters.end, *scope_conditions(table, viewer)]


def _conditions(table, viewer: Viewer, filters: IncidentFilters) -> list:
    """The period, the viewer's scope and the page's choices (a choice the table has no column for
    answers nothing)."""
    conditions = _period_conditions(table, viewer, filters)
    if filters.category_codes:
        conditions.append(table.c.category_code.in_(filters.category_codes)
                          if "category_code" in table.c else _nothing(table))
    if filters.kecamatan_code:
        conditions.append(table.c.kecamatan_code == filters.kecamatan_code
                          if "kecamatan_code" in table.c else _nothing(table))
    if filters.agency_codes:
        agency = {FCT: "lead_agency_code", DISP: "agency_code"}.get(table)
        conditions.append(table.c[agency].in_(filters.agency_codes) if agency else _nothing(table))
    return conditions


def _nothing(table):
    """A choice the table cannot narrow by answers nothing rather than everything."""
    return false()


def _sums(table, names) -> list:
    return [func.coalesce(func.sum(table.c[name]), 0).label(name) for name in names]


def _flag(condition):
    return case((condition, 1), else_=0)


def _every_day(filters: IncidentFilters, rows: list, measures) -> pd.DataFrame:
    """One row per day of the period from `rows` (day, *measures), a day without a row counting
    zero: built from plain lists (a merge and casts of a month's frame took longer than its query)."""
    days = [filters.start + timedelta(days=offset) for offset in range((filters.end - filters.start).days + 1)]
    return frame_with_counts(densified(days, rows, len(measures)), ["day", *measures], measures)


def _frame(services: Services, query, columns: list[str]) -> pd.DataFrame:
    with services.databases.warehouse.connect() as connection:
        rows = connection.execute(query).all()
    frame = rows_frame(rows, columns)
    for name in columns:
        if name in AGG_COUNTS or name in ("calls", "prank", "repeat_callers", "late", "dispatches", "on_scene",
                                          "cancelled", "met", "breached", "pending"):
            frame[name] = frame[name].fillna(0).astype("int64")
    return frame


def _first(frame: pd.DataFrame, column: str) -> float | None:
    return None if frame.empty else float(frame[column].iloc[0])


def _percents(parts: pd.Series, wholes: pd.Series) -> pd.Series:
    """Percentages kept as objects, so that "nothing measured" stays None (not NaN, not 0 %)."""
    return pd.Series([_percent(p, w) for p, w in zip(parts.tolist(), wholes.tolist())], index=parts.index,
                     dtype=object)


def _percent(part, whole) -> float | None:
    return round(100.0 * float(part) / float(whole), 1) if whole else None


# --- where -------------------------------------------------------------------------------------

@cached(INCIDENTS_MART)
def incident_points(services: Services, viewer: Viewer, filters: IncidentFilters) -> pd.DataFrame:
    """Where the period's placed incidents happened, for the heat map: lat, lon (their cell's, to
    1/HEAT_CELLS_PER_DEGREE degree) and incidents per cell (a year's 70,000 points would be read
    and drawn one by one otherwise). The city's map with no page choice adds up the packed cells of
    the period's whole months and of its other days; anything else is counted from the facts by
    the database."""
    if _city_wide_answer(viewer, filters):
        lat, lon, incidents = _city_cells(services, filters)
    else:
        with services.databases.warehouse.connect() as connection:
            lat, lon, incidents = read_columns(connection, _fact_cells(_conditions(FCT, viewer, filters))) or ((), (), ())
    # the frame built from its columns, each divided once (a frame's column assignment cost more)
    return pd.DataFrame({"lat": np.asarray(lat, dtype=np.float64) / HEAT_CELLS_PER_DEGREE,
                         "lon": np.asarray(lon, dtype=np.float64) / HEAT_CELLS_PER_DEGREE,
                         "incidents": np.asarray(incidents, dtype=np.int64)})


def _city_cells(services: Services, filters: IncidentFilters) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The city's cells (lat_cell, lon_cell, incidents): the monthly rows of the period's whole
    months and the daily rows of its other days, a few dozen packed rows, added up."""
    months, loose_days = whole_months(filters.start, filters.end)
    packed = []
    with services.databases.warehouse.connect() as connection:
        if months:
            packed += connection.execute(select(HEAT_MONTHLY.c.cells)
                                         .where(HEAT_MONTHLY.c.month.between(months[0], months[-1]))).scalars().all()
        if loose_days:
            days = or_(*[HEAT_DAILY.c.day.between(first, last) for first, last in loose_days])
            packed += connection.execute(select(HEAT_DAILY.c.cells).where(days)).scalars().all()
    return summed_cells(unpack_cells(cells) for cells in packed)


def _fact_cells(conditions: list):
    cells = [heat_cell(FCT.c.lat).label("lat"), heat_cell(FCT.c.lon).label("lon")]
    return (select(*cells, func.count().label("incidents"))
            .where(*conditions, FCT.c.lat.is_not(None), FCT.c.lon.is_not(None)).group_by(*cells))
