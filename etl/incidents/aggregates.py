"""agg_incidents_daily and agg_incident_calls_daily, recomputed in the database for the days a
batch touched (as etl/complaints/aggregates.py: whole days from the facts, never deltas, so an
incident moving between districts or categories leaves the aggregates equal to a full refresh)."""

from __future__ import annotations

from sqlalchemy import case, delete, func, select

from data.incidents.tables import (AGG_KEYS, AGG_MEASURES, CALL_AGG_KEYS, CALL_AGG_MEASURES, AggIncidentCallsDaily,
                                   AggIncidentsDaily, FctIncident, FctIncidentCall)

CHUNK = 500


def rebuild_incident_days(connection, days: set | None) -> None:
    """Recompute agg_incidents_daily for `days` (None: every day)."""
    _rebuild(connection, AggIncidentsDaily.__table__, [*AGG_KEYS, *AGG_MEASURES], _incident_query(),
             FctIncident.received_day, days)


def rebuild_call_days(connection, days: set | None) -> None:
    _rebuild(connection, AggIncidentCallsDaily.__table__, [*CALL_AGG_KEYS, *CALL_AGG_MEASURES], _call_query(),
             FctIncidentCall.received_day, days)


def _rebuild(connection, aggregate, columns, query, fact_day, days) -> None:
    if days is None:
        connection.execute(delete(aggregate))
        connection.execute(aggregate.insert().from_select(columns, query))
        return
    days = sorted(days)
    for start in range(0, len(days), CHUNK):
        chunk = days[start:start + CHUNK]
        connection.execute(delete(aggregate).where(aggregate.c.day.in_(chunk)))
        connection.execute(aggregate.insert().from_select(columns, query.where(fact_day.in_(chunk))))


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


def _call_query():
    f = FctIncidentCall
    keys = [f.received_day, f.source, f.outcome]
    return select(*keys, func.count(), _count_if(f.repeat_caller.is_(True))).group_by(*keys)
