"""agg_complaints_daily and agg_complaints_slices, recomputed in the database for the days a batch
touched.

Recomputing whole days from the facts (instead of adding deltas) keeps the aggregates exactly equal
to a full refresh, however often a complaint moves between OPDs, statuses or districts. The slices
are the daily aggregate of the same days summed over all keys but one.
"""

from __future__ import annotations

from sqlalchemy import case, delete, func, literal, select, union_all

from data.complaints.tables import (AGG_KEYS, AGG_MEASURES, ALL, SLICE_DIMENSIONS, SLICE_KEYS, AggComplaintsDaily,
                                    AggComplaintsSlices, FctComplaint, SLA_BREACHED, SLA_MET)

CHUNK = 500


def rebuild_days(connection, days: set | None) -> None:
    """Recompute the aggregates for `days` (None: every day)."""
    aggregate, slices = AggComplaintsDaily.__table__, AggComplaintsSlices.__table__
    if days is None:
        connection.execute(delete(aggregate))
        connection.execute(aggregate.insert().from_select([*AGG_KEYS, *AGG_MEASURES], _aggregate_query()))
        connection.execute(delete(slices))
        connection.execute(slices.insert().from_select([*SLICE_KEYS, *AGG_MEASURES], _slices_query()))
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
