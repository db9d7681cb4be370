"""agg_incidents_daily and agg_incident_calls_daily, recomputed in the database for the aggregate
keys a batch touched (the keys its facts had before and have after): whole keys from the facts,
never deltas, so an incident moving between districts or categories leaves the aggregates equal to
a full refresh, and a batch rewrites only the rows it changed.

agg_incident_promise_daily is recomputed for the days of the incident keys a batch touched, and
agg_incident_busy_daily for the dispatch days of the dispatches it touched.

agg_incident_response_monthly is recomputed the same way, a whole month at a time (about 6,000
incidents), but only for the months whose measured responses a batch changed (`response_footprint`
before and after): most batches only move incidents along their stages, which leaves the month's
response values as they were. agg_incident_response_daily holds the same per day, recomputed for
the days whose measured responses changed. agg_incident_heat_daily likewise, for the days where an
incident was placed, moved or went (`place_footprint`), and agg_incident_heat_monthly for their
months, summed from the days' rows."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import case, delete, func, select, tuple_

from core.periods import months_between, next_month
from data.incidents.queries import met_condition
from data.value_arrays import (pack, pack_cells, read_columns, sorted_groups, sorted_groups_by, summed_cells,
                               unpack_cells)
from data.incidents.tables import (AGG_KEYS, AGG_MEASURES, BUSY_KEYS, BUSY_MEASURES, CALL_AGG_KEYS,
                                   CALL_AGG_MEASURES, PROMISE_KEYS, PROMISE_MEASURES, RESPONSE_MONTHLY_COLUMNS,
                                   AggIncidentBusyDaily, AggIncidentCallsDaily,
                                   AggIncidentHeatDaily, AggIncidentHeatMonthly, AggIncidentPromiseDaily,
                                   AggIncidentResponseDaily,
                                   AggIncidentResponseMonthly, AggIncidentsDaily, FctIncident, FctIncidentCall,
                                   FctIncidentDispatch, heat_cell)

CHUNK = 200  # keys per statement: 4 parameters each, under SQLite's 999

# the facts' columns that make each aggregate's key, in the aggregate's key order
INCIDENT_KEY_COLUMNS = ("received_day", "kecamatan_code", "kelurahan_code", "category_code")
CALL_KEY_COLUMNS = ("received_day", "source", "outcome")
DISPATCH_KEY_COLUMNS = ("dispatched_day",)  # agg_incident_busy_daily is rebuilt a whole day at a time


def rebuild_incident_keys(connection, keys: set[tuple] | None) -> None:
    """Recompute agg_incidents_daily for `keys` (day, kecamatan, kelurahan, category); None: all."""
    _rebuild(connection, AggIncidentsDaily.__table__, AGG_KEYS, [*AGG_KEYS, *AGG_MEASURES], _incident_query(),
             [FctIncident.__table__.c[name] for name in INCIDENT_KEY_COLUMNS], keys)


def rebuild_call_keys(connection, keys: set[tuple] | None) -> None:
    """Recompute agg_incident_calls_daily for `keys` (day, source, outcome); None: all."""
    _rebuild(connection, AggIncidentCallsDaily.__table__, CALL_AGG_KEYS, [*CALL_AGG_KEYS, *CALL_AGG_MEASURES],
             _call_query(), [FctIncidentCall.__table__.c[name] for name in CALL_KEY_COLUMNS], keys)


def rebuild_promise_days(connection, days: set[date] | None) -> None:
    """Recompute agg_incident_promise_daily for `days` (None: every day) from the days' facts."""
    _rewrite_days(connection, AggIncidentPromiseDaily.__table__, [*PROMISE_KEYS, *PROMISE_MEASURES],
                  _promise_query(), FctIncident.received_day, days)


def rebuild_busy_days(connection, days: set[date] | None) -> None:
    """Recompute agg_incident_busy_daily for `days` (None: every day) from the days' dispatches."""
    _rewrite_days(connection, AggIncidentBusyDaily.__table__, [*BUSY_KEYS, *BUSY_MEASURES], _busy_query(),
                  FctIncidentDispatch.dispatched_day, days)


def _rewrite_days(connection, table, columns: list[str], query, fact_day, days: set[date] | None) -> None:
    """The rows of a daily aggregate (keyed by `day` first) for `days` deleted and inserted again
    from `query` over the facts of those days (`fact_day`), CHUNK days a statement; None: all."""
    if days is None:
        connection.execute(delete(table))
        connection.execute(table.insert().from_select(columns, query))
        return
    ordered = sorted(days)
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start:start + CHUNK]
        connection.execute(delete(table).where(table.c.day.in_(chunk)))
        connection.execute(table.insert().from_select(columns, query.where(fact_day.in_(chunk))))


def rebuild_response_months(connection, months: set[date]) -> None:
    """Recompute agg_incident_response_monthly for `months` (first days)."""
    monthly = AggIncidentResponseMonthly.__table__
    for month in _months_to_rebuild(connection, monthly, months):
        _insert(connection, monthly, _monthly_rows(month, _measured_responses(connection, month, next_month(month))))


def rebuild_response_days(connection, days: set[date]) -> None:
    """Recompute agg_incident_response_daily for `days`."""
    daily = AggIncidentResponseDaily.__table__
    ordered = sorted(days)
    for start in range(0, len(ordered), CHUNK):
        connection.execute(delete(daily).where(daily.c.day.in_(ordered[start:start + CHUNK])))
    for day in ordered:
        _insert(connection, daily, _daily_rows(_measured_responses(connection, day, day + timedelta(days=1))))


def rebuild_every_response(connection) -> None:
    """Recompute both response aggregates from the facts (a full refresh): each month's measured
    responses read once for its monthly and its daily rows."""
    connection.execute(delete(AggIncidentResponseDaily.__table__))
    for month in _months_to_rebuild(connection, AggIncidentResponseMonthly.__table__, None):
        columns = _measured_responses(connection, month, next_month(month))
        _insert(connection, AggIncidentResponseMonthly.__table__, _monthly_rows(month, columns))
        _insert(connection, AggIncidentResponseDaily.__table__, _daily_rows(columns))


def _insert(connection, table, rows: list[dict]) -> None:
    if rows:
        connection.execute(table.insert(), rows)


def rebuild_heat_days(connection, days: set[date] | None) -> None:
    """Recompute agg_incident_heat_daily for `days` from the facts (their cells cut by the database,
    as the facts' own map), then agg_incident_heat_monthly for their months from the days' rows;
    None: every day and month, a month of facts at a time."""
    daily, monthly = AggIncidentHeatDaily.__table__, AggIncidentHeatMonthly.__table__
    if days is None:
        connection.execute(delete(daily))
        for month in _months_to_rebuild(connection, monthly, None):
            day_rows = _heat_day_rows(connection, [FctIncident.received_day >= month,
                                                   FctIncident.received_day < next_month(month)])
            _insert(connection, daily, day_rows)
            _insert(connection, monthly, _heat_month_rows(month, day_rows))
        return
    ordered = sorted(days)
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start:start + CHUNK]
        connection.execute(delete(daily).where(daily.c.day.in_(chunk)))
        _insert(connection, daily, _heat_day_rows(connection, [FctIncident.received_day.in_(chunk)]))
    for month in _months_to_rebuild(connection, monthly, {month_of(day) for day in days}):
        month_days = select(daily.c.day, daily.c.cells).where(daily.c.day >= month, daily.c.day < next_month(month))
        day_rows = [{"day": day, "cells": cells} for day, cells in connection.execute(month_days)]
        _insert(connection, monthly, _heat_month_rows(month, day_rows))


def _heat_day_rows(connection, days: list) -> list[dict]:
    """One agg_incident_heat_daily row per day among `days` (conditions on the facts' received_day)
    with a placed incident."""
    fct = FctIncident.__table__
    cells = [heat_cell(fct.c.lat), heat_cell(fct.c.lon)]
    query = (select(fct.c.received_day, *cells, func.count())
             .where(*days, fct.c.lat.is_not(None), fct.c.lon.is_not(None))
             .group_by(fct.c.received_day, *cells))
    frame = pd.DataFrame(connection.execute(query).all(), columns=["day", "lat", "lon", "incidents"])
    return [{"day": pd.Timestamp(day).date(), "cells": pack_cells(group["lat"], group["lon"], group["incidents"])}
            for day, group in frame.groupby("day", sort=True)]


def _heat_month_rows(month: date, day_rows: list[dict]) -> list[dict]:
    """The month's row: its days' cells added up (none when no day of it has a placed incident)."""
    if not day_rows:
        return []
    return [{"month": month, "cells": pack_cells(*summed_cells(unpack_cells(row["cells"]) for row in day_rows))}]


def _months_to_rebuild(connection, monthly, months: set[date] | None) -> list[date]:
    """The months of a monthly aggregate to recompute, their rows deleted; None: the aggregate
    emptied and every month of the facts."""
    if months is None:
        connection.execute(delete(monthly))
        first, last = connection.execute(select(func.min(FctIncident.received_day),
                                                func.max(FctIncident.received_day))).one()
        return months_between(first, last) if first is not None else []
    for month in months:
        connection.execute(delete(monthly).where(monthly.c.month == month))
    return sorted(months)


# what an incident adds to agg_incident_response_monthly: its day, its breakdowns, its response
RESPONSE_FOOTPRINT = ("received_day", *RESPONSE_MONTHLY_COLUMNS.values(), "response_seconds")


def response_footprint(rows) -> Counter:
    """The measured responses among `rows` (tuples in RESPONSE_FOOTPRINT order), as comparable
    values: the day as a date, codes as text, the hour and seconds as numbers."""
    found = Counter()
    for day, *codes, hour, seconds in rows:
        if seconds is None or pd.isna(seconds):
            continue
        found[(month_of(day), pd.Timestamp(day).date(), *(None if pd.isna(c) else str(c) for c in codes),
               None if pd.isna(hour) else int(hour), round(float(seconds), 3))] += 1
    return found


# what an incident adds to the heat aggregates: its day and its place
PLACE_FOOTPRINT = ("received_day", "lat", "lon")


def place_footprint(rows) -> Counter:
    """The placed incidents among `rows` (tuples in PLACE_FOOTPRINT order) as comparable values:
    the month first, then the day and the coordinates rounded to a micro-degree."""
    found = Counter()
    for day, lat, lon in rows:
        if lat is None or lon is None or pd.isna(lat) or pd.isna(lon):
            continue
        found[(month_of(day), pd.Timestamp(day).date(), round(float(lat), 6), round(float(lon), 6))] += 1
    return found


def months_changed(before: Counter, after: Counter) -> set[date]:
    """The months (first days) whose footprints differ between before and after."""
    return {footprint[0] for footprint in (before - after) + (after - before)}


def days_changed(before: Counter, after: Counter) -> set[date]:
    """The days whose footprints (response_footprint) differ between before and after."""
    return {footprint[1] for footprint in (before - after) + (after - before)}


def month_of(day) -> date:
    """The first day of a day's month (a date, or what pandas holds for one)."""
    return pd.Timestamp(day).date().replace(day=1)


def _monthly_rows(month: date, columns: list) -> list[dict]:
    """The month's measured responses (_measured_responses), one row per breakdown and code with its
    sorted values."""
    if not columns:
        return []
    values = np.asarray(columns[-1], dtype=float)
    return [{"month": month, "dimension": dimension, "code": str(code), "n": len(sorted_values),
             "response_seconds": pack(sorted_values)}
            for dimension, codes in zip(RESPONSE_MONTHLY_COLUMNS, columns[1:-1])
            for code, sorted_values in sorted_groups(codes, values).items()]


def _daily_rows(columns: list) -> list[dict]:
    """The same measured responses, one row per day, breakdown and code with its sorted values."""
    if not columns:
        return []
    days, values = [pd.Timestamp(day).date() for day in columns[0]], np.asarray(columns[-1], dtype=float)
    return [{"day": day, "dimension": dimension, "code": str(code), "n": len(sorted_values),
             "response_seconds": pack(sorted_values)}
            for dimension, codes in zip(RESPONSE_MONTHLY_COLUMNS, columns[1:-1])
            for (day, code), sorted_values in sorted_groups_by([days, codes], values).items()]


def _measured_responses(connection, first_day: date, stop: date) -> list:
    """Columns received_day, each breakdown's column (RESPONSE_MONTHLY_COLUMNS order) and
    response_seconds of the incidents received in [first_day, stop) with a measured response."""
    fct = FctIncident.__table__
    query = (select(fct.c.received_day, *[fct.c[column] for column in RESPONSE_MONTHLY_COLUMNS.values()],
                    fct.c.response_seconds)
             .where(fct.c.received_day >= first_day, fct.c.received_day < stop, fct.c.response_seconds.is_not(None)))
    return read_columns(connection, query)


def _rebuild(connection, aggregate, key_names, columns, query, fact_keys, keys) -> None:
    if keys is None:
        connection.execute(delete(aggregate))
        connection.execute(aggregate.insert().from_select(columns, query))
        return
    keys = sorted(keys)
    aggregate_keys = tuple_(*[aggregate.c[name] for name in key_names])
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start:start + CHUNK]
        connection.execute(delete(aggregate).where(aggregate_keys.in_(chunk)))
        connection.execute(aggregate.insert().from_select(columns, query.where(tuple_(*fact_keys).in_(chunk))))


def _count_if(condition):
    return func.sum(case((condition, 1), else_=0))


def _incident_query():
    f = FctIncident
    keys = [f.received_day, f.kecamatan_code, f.kelurahan_code, f.category_code]
    measures = [func.count(), _count_if(f.cancelled_at.is_not(None)), _count_if(f.first_on_scene_at.is_not(None)),
                _count_if(f.late.is_(True)),
                _count_if(f.first_on_scene_at.is_(None) & f.cancelled_at.is_(None)),
                func.sum(f.casualties_injured), func.sum(f.casualties_dead)]
    return select(*keys, *measures).group_by(*keys)


def _promise_query():
    """The facts counted against their promise, as data/incidents/queries.py judges them (its
    met_condition; breached_condition is late, or unreached once due): a live incident is met,
    late, or unreached."""
    f = FctIncident
    keys = [f.received_day, f.category_code, f.response_promise_seconds]
    live = f.cancelled_at.is_(None)
    unreached = live & f.first_on_scene_at.is_(None)
    measures = [func.count(), _count_if(live & met_condition(f.__table__)), _count_if(live & f.late.is_(True)),
                _count_if(unreached), func.max(case((unreached, f.due_at), else_=None))]
    return select(*keys, *measures).group_by(*keys)


def _busy_query():
    """The dispatches per day and agency: how many, how many ended, the ended ones' busy seconds
    (NULL while a unit is out) and the latest end."""
    f = FctIncidentDispatch
    ended_at = func.coalesce(f.cleared_at, f.cancelled_at)
    keys = [f.dispatched_day, f.agency_code]
    return select(*keys, func.count(), _count_if(ended_at.is_not(None)), func.coalesce(func.sum(f.busy_seconds), 0.0),
                  func.max(ended_at)).group_by(*keys)


def _call_query():
    f = FctIncidentCall
    keys = [f.received_day, f.source, f.outcome]
    return select(*keys, func.count(), _count_if(f.repeat_caller.is_(True))).group_by(*keys)
