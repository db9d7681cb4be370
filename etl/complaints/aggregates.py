"""agg_complaints_daily, agg_complaints_slices, agg_complaints_pairs and agg_complaints_response_daily,
recomputed for the days a batch touched; agg_complaints_pairs_monthly kept by difference.

Recomputing whole days from the facts (instead of adding deltas) keeps the aggregates exactly equal
to a full refresh, however often a complaint moves between OPDs, statuses or districts. The slices
are the daily aggregate of the same days summed over all keys but one, the pairs over all but two;
the response arrays are the
same days' measured minutes grouped as the slices are (read from the facts and packed here: a
sorted array is no SQL aggregate both databases have). The monthly pairs get the difference of the
rewritten days' pair rows (after minus before): recomputing a whole month from the day rows on
every batch would read some hundred thousand rows for a few new complaints.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import Date, String, and_, bindparam, case, delete, func, literal, select, type_coerce, union_all
from sqlalchemy.dialects import postgresql, sqlite

from core.periods import day_windows, month_start, months_between, next_month
from data.complaints.tables import (AGG_KEYS, AGG_MEASURES, ALL, PAIR_DIMENSIONS, PAIR_KEYS, PAIR_MONTH_KEYS, PAIRS,
                                    SLICE_DIMENSIONS, SLICE_KEYS, AggComplaintsDaily, AggComplaintsPairs,
                                    AggComplaintsPairsMonthly, AggComplaintsResponseDaily, AggComplaintsSlices,
                                    FctComplaint, SLA_BREACHED, SLA_MET)
from data.value_arrays import pack, read_columns, sorted_groups_by

CHUNK = 500


def rebuild_days(connection, days: set | None) -> None:
    """Recompute the aggregates for `days` (None: every day)."""
    aggregate, slices = AggComplaintsDaily.__table__, AggComplaintsSlices.__table__
    if days is None:
        connection.execute(delete(aggregate))
        connection.execute(aggregate.insert().from_select([*AGG_KEYS, *AGG_MEASURES], _aggregate_query()))
        connection.execute(delete(slices))
        connection.execute(slices.insert().from_select([*SLICE_KEYS, *AGG_MEASURES], _slices_query()))
        rebuild_pairs(connection, None)
        rebuild_all_response_days(connection)
        return
    days = sorted(days)
    for start in range(0, len(days), CHUNK):
        chunk = days[start:start + CHUNK]
        connection.execute(delete(aggregate).where(aggregate.c.day.in_(chunk)))
        query = _aggregate_query().where(FctComplaint.received_day.in_(chunk))
        connection.execute(aggregate.insert().from_select([*AGG_KEYS, *AGG_MEASURES], query))
        connection.execute(delete(slices).where(slices.c.dimension.in_([ALL, *SLICE_DIMENSIONS]),  # the key's order
                                                slices.c.day.in_(chunk)))
        connection.execute(slices.insert().from_select([*SLICE_KEYS, *AGG_MEASURES], _slices_query(chunk)))
        rebuild_pairs(connection, chunk)
        response = AggComplaintsResponseDaily.__table__
        connection.execute(delete(response).where(response.c.dimension.in_([ALL, *SLICE_DIMENSIONS]),  # the key's order
                                                  response.c.day.in_(chunk)))
        _insert_response_rows(connection, FctComplaint.received_day.in_(chunk))


def rebuild_pairs(connection, days: list | None) -> None:
    """agg_complaints_pairs for `days` (None: every day), from the daily aggregate of those days,
    and the monthly pairs after them: summed again from every day, or given the days' difference
    (their pair rows after the rewrite minus those before)."""
    pairs = AggComplaintsPairs.__table__
    if days is None:
        connection.execute(delete(pairs))
        _insert_pairs(connection, None)
        rebuild_all_months(connection)
        return
    columns = [pairs.c[name] for name in (*PAIR_KEYS, *AGG_MEASURES)]
    # the days' old rows go, and come back from the DELETE for the difference (ix_agg_complaints_pairs_day)
    before = _month_sums(connection.execute(delete(pairs).where(pairs.c.day.in_(days)).returning(*columns)))
    _insert_pairs(connection, days)
    after = _month_sums(connection.execute(select(*columns).where(pairs.c.day.in_(days))))
    _add_to_months(connection, before, after)


def _insert_pairs(connection, days: list | None) -> None:
    """One INSERT ... SELECT per pair, each a GROUP BY of the days' aggregate rows."""
    pairs, aggregate = AggComplaintsPairs.__table__, AggComplaintsDaily.__table__
    for dimension, by in PAIRS:
        code, by_code = aggregate.c[PAIR_DIMENSIONS[dimension]], aggregate.c[PAIR_DIMENSIONS[by]]
        query = (select(literal(dimension), literal(by), code, aggregate.c.day, by_code,
                        *[func.sum(aggregate.c[name]) for name in AGG_MEASURES])
                 .group_by(code, aggregate.c.day, by_code))
        if days is not None:
            query = query.where(aggregate.c.day.in_(days))
        connection.execute(pairs.insert().from_select([*PAIR_KEYS, *AGG_MEASURES], query))


def rebuild_all_months(connection) -> None:
    """agg_complaints_pairs_monthly emptied and summed again from every day's pairs, a month at a
    time (no month function both databases share: the month is a literal, its days a range)."""
    monthly, pairs = AggComplaintsPairsMonthly.__table__, AggComplaintsPairs.__table__
    connection.execute(delete(monthly))
    first, last = connection.execute(select(func.min(pairs.c.day), func.max(pairs.c.day))).one()
    keys = [pairs.c.dimension, pairs.c.by_dimension, pairs.c.code, pairs.c.by_code]
    for month in months_between(first, last) if first is not None else []:
        query = (select(*keys[:3], literal(month, Date), keys[3], *[func.sum(pairs.c[name]) for name in AGG_MEASURES])
                 .where(pairs.c.day >= month, pairs.c.day < next_month(month)).group_by(*keys))
        connection.execute(monthly.insert().from_select([*PAIR_MONTH_KEYS, *AGG_MEASURES], query))


def _month_sums(rows) -> dict[tuple, tuple]:
    """Pair rows (PAIR_KEYS, then AGG_MEASURES) summed per month: PAIR_MONTH_KEYS -> AGG_MEASURES.
    Summed here: a batch of today's complaints has one day per month, nothing to sum, and a GROUP
    BY would sort."""
    sums: dict[tuple, tuple] = {}
    for dimension, by, code, day, by_code, *measures in rows:
        key = (dimension, by, code, month_start(day), by_code)
        known = sums.get(key)
        sums[key] = tuple(measures) if known is None else tuple(a + b for a, b in zip(known, measures))
    return sums


def _add_to_months(connection, before: dict[tuple, tuple], after: dict[tuple, tuple]) -> None:
    """Adds after - before to the monthly rows (a new row where there was none), then drops the rows
    left with no complaint, as a rebuild would not have them."""
    zero = (0,) * len(AGG_MEASURES)
    differences = []
    for key in before.keys() | after.keys():
        difference = tuple(a - b for a, b in zip(after.get(key, zero), before.get(key, zero)))
        if any(difference):
            differences.append({**dict(zip(PAIR_MONTH_KEYS, key)), **dict(zip(AGG_MEASURES, difference))})
    if not differences:
        return
    monthly = AggComplaintsPairsMonthly.__table__
    statement = (postgresql if connection.dialect.name == "postgresql" else sqlite).insert(monthly)
    statement = statement.on_conflict_do_update(
        index_elements=list(PAIR_MONTH_KEYS),
        set_={name: monthly.c[name] + statement.excluded[name] for name in AGG_MEASURES})
    connection.execute(statement, differences)
    shrunk = [{f"key_{name}": row[name] for name in PAIR_MONTH_KEYS} for row in differences if row["received"] < 0]
    if shrunk:
        connection.execute(delete(monthly).where(
            and_(*[monthly.c[name] == bindparam(f"key_{name}") for name in PAIR_MONTH_KEYS]),
            monthly.c.received <= 0), shrunk)


def rebuild_all_response_days(connection) -> None:
    """agg_complaints_response_daily emptied and rebuilt from every fact, a quarter at a time."""
    connection.execute(delete(AggComplaintsResponseDaily.__table__))
    first, last = connection.execute(select(func.min(FctComplaint.received_day),
                                            func.max(FctComplaint.received_day))).one()
    for start, stop in (day_windows(first, last) if first is not None else ()):
        _insert_response_rows(connection, FctComplaint.received_day >= start, FctComplaint.received_day < stop)


def _insert_response_rows(connection, *days) -> None:
    """The measured minutes of the facts received on `days`, one row per day and slice code."""
    f = FctComplaint.__table__.c
    columns = [f[name] for name in SLICE_DIMENSIONS.values()]
    # the day read as the driver gives it (ISO text on SQLite), not converted row by row
    query = select(type_coerce(f.received_day, String), *columns, f.minutes_to_first_response).where(
        *days, f.minutes_to_first_response.is_not(None))
    read = read_columns(connection, query)
    if not read:
        return
    received_days, *codes, minutes = read
    minutes = np.asarray(minutes, dtype=float)
    # the days factorised once for every slice, grouped by their numbers
    day_numbers, days = pd.factorize(pd.Series(received_days, dtype=object), sort=False)
    rows = [_response_row(ALL, days[day], "", values)
            for (day,), values in sorted_groups_by([day_numbers], minutes).items()]
    for dimension, dimension_codes in zip(SLICE_DIMENSIONS, codes):
        rows += [_response_row(dimension, days[day], code, values)
                 for (day, code), values in sorted_groups_by([day_numbers, dimension_codes], minutes).items()]
    connection.execute(AggComplaintsResponseDaily.__table__.insert(), rows)


def _response_row(dimension: str, day, code: str, values: np.ndarray) -> dict:
    day = day if isinstance(day, date) else date.fromisoformat(day)
    return {"dimension": dimension, "day": day, "code": code, "n": len(values), "response_minutes": pack(values)}


def _aggregate_query():
    f = FctComplaint

    def count_if(condition):
        return func.sum(case((condition, 1), else_=0))

    keys = [f.received_day, f.kecamatan_code, f.kelurahan_code, f.opd_code, f.category_code, f.channel]
    measures = [
        func.count(),
        count_if(f.is_open.is_(True)),
        count_if(f.first_response_at.is_not(None)),
        count_if(f.first_response_sla == SLA_MET),
        count_if(f.first_response_sla == SLA_BREACHED),
        count_if(f.feedback_at.is_not(None)),
        count_if(f.feedback_sla == SLA_MET),
        count_if(f.feedback_sla == SLA_BREACHED),
        count_if(f.resolved_at.is_not(None)),
        func.coalesce(func.sum(f.minutes_to_first_response), literal(0.0)),
    ]
    return select(*keys, *measures).group_by(*keys)


def _slices_query(days: list | None = None):
    """Every slice in one INSERT ... SELECT: the daily aggregate grouped by day and one key, for
    each key (and by day alone for 'all'), glued with UNION ALL."""
    aggregate = AggComplaintsDaily.__table__
    measures = [func.sum(aggregate.c[name]) for name in AGG_MEASURES]

    def grouped(dimension, key):
        query = select(literal(dimension), aggregate.c.day, key if key is not None else literal(""), *measures)
        query = query.group_by(aggregate.c.day, *([key] if key is not None else []))
        return query.where(aggregate.c.day.in_(days)) if days is not None else query

    return union_all(grouped(ALL, None),
                     *[grouped(dimension, aggregate.c[column]) for dimension, column in SLICE_DIMENSIONS.items()])
