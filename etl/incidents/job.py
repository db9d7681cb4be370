"""The incidents ETL job (the shape of etl/complaints/job.py), over the four entities of the
`incident` change log: incident, incident_dispatch, incident_call, incident_unit.

- `apply_changes`: a staged batch -> rejects with reasons -> the facts of the ids in the batch are
  replaced whole (latest snapshot wins) -> the aggregate keys they touched, before and after, are
  recomputed, the monthly response times of the months whose measured responses changed, and
  the heat-map cells of the days (and their months) whose placed incidents changed.
  Re-applying a batch leaves every table as it was.
- `full_refresh`: rebuilds the marts from the change log's latest snapshot of every entity (the
  facts of entities the retention pruned from the log are kept).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable

import pandas as pd
from sqlalchemy import Text, and_, cast, func, select

from core.changelog import ChangeLogEntry
from core.db import is_member, key_parts
from data.incidents.tables import (INCIDENT_MARTS, AggIncidentBusyDaily, AggIncidentCallsDaily, AggIncidentHeatDaily,
                                   AggIncidentHeatMonthly, AggIncidentPromiseDaily, AggIncidentResponseDaily,
                                   AggIncidentResponseMonthly, AggIncidentsDaily,
                                   DimIncidentCategory, FctIncident, FctIncidentCall, FctIncidentDispatch,
                                   FctIncidentUnit)
from data.reference import read_dimension
from etl.incidents import facts as transform
from etl.incidents.aggregates import (CALL_KEY_COLUMNS, DISPATCH_KEY_COLUMNS, INCIDENT_KEY_COLUMNS, PLACE_FOOTPRINT,
                                      RESPONSE_FOOTPRINT, days_changed, months_changed, place_footprint,
                                      rebuild_busy_days, rebuild_call_keys,
                                      rebuild_every_response, rebuild_heat_days, rebuild_incident_keys,
                                      rebuild_promise_days, rebuild_response_days, rebuild_response_months,
                                      response_footprint)
from etl.incidents.staging import CALL, DISPATCH, ENTITIES, INCIDENT, SHAPES, UNIT, stage_changes
from etl.jobs import BatchResult, Dimensions, Job
from etl.load import clear_rejects, delete_keys, forget_rejects, record_rejects, replace_rows
from etl.staging import reject_row

NAME = "incidents"
READABLE_VERSIONS = (1,)  # the change-log contract's schema_version
REFRESH_PAGE = 20_000     # latest snapshots per page of a full refresh


# entity -> (fact table, its key column, the fact columns that key its aggregate (none: no aggregate))
TARGETS = {
    INCIDENT: (FctIncident.__table__, "incident_number", INCIDENT_KEY_COLUMNS),
    DISPATCH: (FctIncidentDispatch.__table__, "dispatch_id", DISPATCH_KEY_COLUMNS),
    CALL: (FctIncidentCall.__table__, "call_id", CALL_KEY_COLUMNS),
    UNIT: (FctIncidentUnit.__table__, "unit_code", ()),
}
REJECTS: dict[str, Callable] = {INCIDENT: transform.incident_rejects, DISPATCH: transform.dispatch_rejects,
                                CALL: transform.call_rejects, UNIT: transform.unit_rejects}


def apply_changes(connection, staged: dict[str, pd.DataFrame], dimensions: Dimensions) -> BatchResult:
    return _load(connection, staged, dimensions, rebuild_touched=True)


def full_refresh(source, connection, dimensions: Dimensions, progress) -> BatchResult:
    """The module's tables are not this job's to read (modules/incidents names an `extract` that may
    replace this later), so the marts are rebuilt from the latest snapshot of every entity in the
    change log: each one's facts and rejects are written afresh, then every aggregate row is
    recomputed from the facts. The facts of entities whose change-log rows the retention
    (etl.retention) has pruned are kept as they are: they cannot be rebuilt from the log, and
    emptying the tables first would lose every incident older than the retention."""
    clear_rejects(connection, NAME)
    total = BatchResult()
    for page in latest_snapshot_pages(source):
        total += _load(connection, stage_changes(page), dimensions, rebuild_touched=False)
        progress(len(page))
    rebuild_incident_keys(connection, None)
    rebuild_promise_days(connection, None)
    rebuild_call_keys(connection, None)
    rebuild_busy_days(connection, None)
    rebuild_every_response(connection)
    rebuild_heat_days(connection, None)
    return total


def latest_snapshot_pages(source, page_rows: int = REFRESH_PAGE):
    """Pages of change-log rows (as the runner reads them): the latest readable row of each entity
    id, in position order, so a page never holds two snapshots of one id."""
    log = ChangeLogEntry.__table__
    readable = and_(log.c.entity.in_(ENTITIES), log.c.schema_version.in_(READABLE_VERSIONS))
    latest = (select(func.max(log.c.position).label("position")).where(readable)
              .group_by(log.c.entity, log.c.entity_id).subquery())
    query = (select(log.c.position, log.c.entity, log.c.entity_id, cast(log.c.payload, Text))
             .join(latest, latest.c.position == log.c.position).order_by(log.c.position))
    result = source.execution_options(stream_results=True, yield_per=page_rows).execute(query)
    for rows in result.partitions():
        payloads = json.loads("[" + ",".join(row[3] or "null" for row in rows) + "]")
        yield [{"position": row[0], "entity": row[1], "entity_id": row[2], "payload": payload}
               for row, payload in zip(rows, payloads)]


def _load(connection, staged: dict[str, pd.DataFrame], dimensions: Dimensions, rebuild_touched: bool) -> BatchResult:
    """The facts of the staged ids are replaced (the rejected ones lose theirs) and their rejects
    recorded afresh; with `rebuild_touched`, the aggregate rows they counted in, before or after."""
    categories = read_dimension(connection, DimIncidentCategory)
    builders = {INCIDENT: lambda good: transform.fct_incidents(good, categories),
                DISPATCH: transform.fct_incident_dispatches, CALL: transform.fct_incident_calls,
                UNIT: transform.fct_incident_units}
    total, touched = BatchResult(), {INCIDENT: set(), DISPATCH: set(), CALL: set()}
    footprints = {RESPONSE_FOOTPRINT: (response_footprint, Counter(), Counter()),
                  PLACE_FOOTPRINT: (place_footprint, Counter(), Counter())}  # columns: (footprint, before, after)
    for entity, snapshots in staged.items():
        if snapshots.empty:
            continue
        reasons = REJECTS[entity](snapshots, dimensions)
        good, bad = snapshots[reasons == ""], snapshots[reasons != ""]
        facts = builders[entity](good.copy()) if not good.empty else None
        table, key, aggregate_key = TARGETS[entity]
        ids = snapshots[SHAPES[entity].key].tolist()
        stored = _stored_keys(entity, ids)  # the old rows go, good and bad alike
        if rebuild_touched:
            _note_stored(connection, entity, stored, touched, footprints)
        delete_keys(connection, table, key, stored)
        forget_rejects(connection, NAME, entity, ids)
        written = replace_rows(connection, table, key, facts, emptied=True) if facts is not None else 0
        if aggregate_key and facts is not None:
            touched[entity] |= set(facts[list(aggregate_key)].itertuples(index=False, name=None))
        if entity == INCIDENT and facts is not None:
            for columns, (footprint, _before, after) in footprints.items():
                after.update(footprint(facts[list(columns)].itertuples(index=False, name=None)))
        record_rejects(connection, NAME, [reject_row(SHAPES[entity], entity, row, reasons[index])
                                          for index, row in bad.iterrows()])
        total += BatchResult(read=len(snapshots), written=written, rejected=len(bad))
    if rebuild_touched:
        rebuild_incident_keys(connection, touched[INCIDENT])
        rebuild_promise_days(connection, {key[0] for key in touched[INCIDENT]})  # a key's first column: its day
        rebuild_call_keys(connection, touched[CALL])
        rebuild_busy_days(connection, {key[0] for key in touched[DISPATCH]})
        rebuild_response_months(connection, months_changed(*footprints[RESPONSE_FOOTPRINT][1:]))
        rebuild_response_days(connection, days_changed(*footprints[RESPONSE_FOOTPRINT][1:]))
        rebuild_heat_days(connection, days_changed(*footprints[PLACE_FOOTPRINT][1:]))
    return total


def _note_stored(connection, entity: str, stored: list, touched: dict, footprints: dict) -> None:
    """Before the stored facts of `stored` are replaced: the aggregate keys they count in go to
    `touched`, and (incidents) their footprints to each footprint's `before`. The facts are read
    once, with every column any of these needs."""
    table, key, aggregate_key = TARGETS[entity]
    footprint_columns = list(footprints) if entity == INCIDENT else []
    columns = tuple(dict.fromkeys([*aggregate_key, *(name for names in footprint_columns for name in names)]))
    if not columns:
        return
    rows = _stored_rows(connection, table, key, stored, columns)
    if aggregate_key:
        touched[entity] |= set(_project(rows, columns, aggregate_key))
    for names in footprint_columns:
        footprint, before, _after = footprints[names]
        before.update(footprint(_project(rows, columns, names)))


def _stored_rows(connection, table, key: str, ids: list, columns: tuple[str, ...]) -> list[tuple]:
    """`columns` of the stored facts of `ids`, a tuple per fact."""
    found = []
    for part in key_parts(connection, ids):
        query = select(*[table.c[name] for name in columns]).where(is_member(connection, table.c[key], part))
        found += [tuple(row) for row in connection.execute(query)]
    return found


def _project(rows: list[tuple], columns: tuple[str, ...], wanted: tuple[str, ...]) -> list[tuple]:
    """The `wanted` columns of `rows` (tuples in `columns` order)."""
    at = [columns.index(name) for name in wanted]
    return [tuple(row[i] for i in at) for row in rows]


def _stored_keys(entity: str, ids: list[str]) -> list:
    """The ids as the fact table keys them: dispatch ids are whole numbers (others are rejected)."""
    if entity != DISPATCH:
        return ids
    return [int(i) for i in ids if i.lstrip("-").isdigit()]


JOB = Job(name=NAME, entities=ENTITIES, marts=INCIDENT_MARTS, schema_versions=READABLE_VERSIONS,
          stage=stage_changes, apply_changes=apply_changes, full_refresh=full_refresh,
          mart_tables=tuple(table for table, _key, _aggregate in TARGETS.values())
          + (AggIncidentsDaily.__table__, AggIncidentCallsDaily.__table__, AggIncidentResponseMonthly.__table__,
             AggIncidentResponseDaily.__table__, AggIncidentHeatDaily.__table__,
             AggIncidentHeatMonthly.__table__, AggIncidentPromiseDaily.__table__,
             AggIncidentBusyDaily.__table__))
JOBS = [JOB]  # what the incidents domain registers (domains/incidents.py)
