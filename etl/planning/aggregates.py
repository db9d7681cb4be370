"""agg_planning_pipeline and agg_planning_rejections, recomputed in the database from the facts for
the keys a batch touched (the keys its proposals had before and have after): whole keys, never
deltas, so a proposal moving on through the stages (or to another item or place) is counted once
in every stage it reached, and the aggregates equal a full refresh's."""

from __future__ import annotations

from sqlalchemy import BigInteger, case, cast, delete, func, select, tuple_

from data.planning.tables import (PIPELINE_KEYS, PIPELINE_MEASURES, REJECTION_KEYS, REJECTION_MEASURES,
                                  REJECTION_PLACE_KEYS, STAGE_FLAGS, STAGES, AggPlanningPipeline,
                                  AggPlanningRejection, FctPlanningProposal)

CHUNK = 150  # keys per statement: 6 parameters each, under SQLite's 999

FACTS = FctPlanningProposal.__table__
PIPELINE = AggPlanningPipeline.__table__
REJECTIONS = AggPlanningRejection.__table__


def place_keys(pipeline_keys: set[tuple]) -> set[tuple]:
    """The rejection aggregate's place keys (year, kecamatan, kelurahan, OPD) of pipeline keys."""
    positions = [PIPELINE_KEYS.index(name) for name in REJECTION_PLACE_KEYS]
    return {tuple(key[i] for i in positions) for key in pipeline_keys}


def rebuild_pipeline_keys(connection, keys: set[tuple] | None) -> None:
    """Recompute agg_planning_pipeline for `keys` (PIPELINE_KEYS values); None: every key."""
    _rebuild(connection, PIPELINE, PIPELINE_KEYS, [*PIPELINE_KEYS, *PIPELINE_MEASURES], _pipeline_query(), keys)


def rebuild_rejection_places(connection, places: set[tuple] | None) -> None:
    """Recompute agg_planning_rejections, every reason of `places` (REJECTION_PLACE_KEYS values);
    None: every place."""
    _rebuild(connection, REJECTIONS, REJECTION_PLACE_KEYS, [*REJECTION_KEYS, *REJECTION_MEASURES],
             _rejection_query(), places)


def _rebuild(connection, aggregate, key_names, columns, query, keys) -> None:
    if keys is None:
        connection.execute(delete(aggregate))
        connection.execute(aggregate.insert().from_select(columns, query))
        return
    keys = sorted(keys)
    aggregate_keys = tuple_(*[aggregate.c[name] for name in key_names])
    fact_keys = tuple_(*[FACTS.c[name] for name in key_names])
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start:start + CHUNK]
        connection.execute(delete(aggregate).where(aggregate_keys.in_(chunk)))
        connection.execute(aggregate.insert().from_select(columns, query.where(fact_keys.in_(chunk))))


def _count_if(condition):
    return func.sum(case((condition, 1), else_=0))


def _cost_if(condition):
    return cast(func.sum(case((condition, FACTS.c.estimated_cost_rupiah), else_=0)), BigInteger)


def _pipeline_query():
    keys = [FACTS.c[name] for name in PIPELINE_KEYS]
    measures = []
    for stage in STAGES:
        if stage == "proposed":
            measures += [func.count(), cast(func.sum(FACTS.c.estimated_cost_rupiah), BigInteger)]
        else:
            reached = FACTS.c[STAGE_FLAGS[stage]].is_(True)
            measures += [_count_if(reached), _cost_if(reached)]
    measures.append(_count_if(FACTS.c.repeat.is_(True)))
    return select(*keys, *measures).group_by(*keys)


def _rejection_query():
    keys = [FACTS.c[name] for name in REJECTION_PLACE_KEYS] + [FACTS.c.rejection_reason]
    return (select(*keys, func.count(), cast(func.sum(FACTS.c.estimated_cost_rupiah), BigInteger))
            .where(FACTS.c.rejected.is_(True)).group_by(*keys))
