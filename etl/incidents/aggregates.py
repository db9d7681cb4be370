"""agg_incidents_daily and agg_incident_calls_daily, recomputed in the database for the aggregate
keys a batch touched (the keys its facts had before and have after): whole keys from the facts,
never deltas, so an incident moving between districts or categories leaves the aggregates equal to
a full refresh, and a batch rewrites only the rows it changed."""

from __future__ import annotations

from sqlalchemy import case, delete, func, select, tuple_

from data.incidents.tables import (AGG_KEYS, AGG_MEASURES, CALL_AGG_KEYS, CALL_AGG_MEASURES, AggIncidentCallsDaily,
                                   AggIncidentsDaily, FctIncident, FctIncidentCall)

CHUNK = 200  # keys per statement: 4 parameters each, under SQLite's 999

# the facts' columns that make each aggregate's key, in the aggregate's key order
INCIDENT_KEY_COLUMNS = ("received_day", "kecamatan_code", "kelurahan_code", "category_code")
CALL_KEY_COLUMNS = ("received_day", "source", "outcome")


def rebuild_incident_keys(connection, keys: set[tuple] | None) -> None:
    """Recompute agg_incidents_daily for `keys` (day, kecamatan, kelurahan, category); None: all."""
    _rebuild(connection, AggIncidentsDaily.__table__, AGG_KEYS, [*AGG_KEYS, *AGG_MEASURES], _incident_query(),
             [FctIncident.__table__.c[name] for name in INCIDENT_KEY_COLUMNS], keys)


def rebuild_call_keys(connection, keys: set[tuple] | None) -> None:
    """Recompute agg_incident_calls_daily for `keys` (day, source, outcome); None: all."""
    _rebuild(connection, AggIncidentCallsDaily.__table__, CALL_AGG_KEYS, [*CALL_AGG_KEYS, *CALL_AGG_MEASURES],
             _call_query(), [FctIncidentCall.__table__.c[name] for name in CALL_KEY_COLUMNS], keys)


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


def _call_query():
    f = FctIncidentCall
    keys = [f.received_day, f.source, f.outcome]
    return select(*keys, func.count(), _count_if(f.repeat_caller.is_(True))).group_by(*keys)
