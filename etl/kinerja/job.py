"""The e-Kinerja ETL job (the shape of etl/sipandu/job.py), over the `kinerja_activity`,
`kinerja_period` and `kinerja_score` entities of the change log.

- `apply_changes`: a staged batch -> rejects with reasons -> the facts of the ids in the batch are
  replaced whole (latest snapshot wins; an activity whose latest change is "deleted" leaves, and a
  rejected snapshot takes its id's fact away) -> the daily keys its activities touched, before and
  after, are recomputed, and every day of a month a closing touched. Re-applying a batch leaves
  every table as it was.
- `full_refresh`: empties the mart and rebuilds it from the module's tables through the domain's
  extract (modules/kinerja/extract.py: a deleted activity is absent there; the activities read as
  DataFrames a page at a time, as etl/complaints does), the activity facts' indexes built once at
  the end, then every daily row. It is an operator's rebuild: on PostgreSQL the mart's tables are
  locked against readers until it commits (the Kinerja page waits; a quarter of the city takes
  minutes), the price of a load about half again as fast.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pandas as pd
from sqlalchemy import Text, and_, cast, func, select

from core.bulk import create_indexes, drop_indexes
from core.changelog import ChangeLogEntry, entity_domain
from data.kinerja.tables import (KINERJA_MARTS, AggKinerjaDaily, FctKinerjaActivity, FctKinerjaPeriod,
                                 FctKinerjaScore)
from etl import checks, sources
from etl.jobs import BatchResult, Dimensions, Job
from etl.kinerja import facts as transform
from etl.kinerja.aggregates import daily_keys, rebuild_daily_keys, rebuild_months, stored_keys
from etl.kinerja.staging import ACTIVITY, ENTITIES, PERIOD, SCORE, SHAPES, stage_activity_frame, stage_changes
from etl.load import clear_rejects, delete_keys, empty_tables, forget_rejects, record_rejects, replace_rows
from etl.staging import reject_row
from modules.kinerja import extract

NAME = "kinerja"
READABLE_VERSIONS = (1,)  # the change-log contract's schema_version (SNAPSHOT_VERSION 1)
REFRESH_PAGE = sources.REFRESH_PAGE

ACTIVITY_FACTS = FctKinerjaActivity.__table__
PERIOD_FACTS = FctKinerjaPeriod.__table__
SCORE_FACTS = FctKinerjaScore.__table__
MART_TABLES = (ACTIVITY_FACTS, PERIOD_FACTS, AggKinerjaDaily.__table__, SCORE_FACTS)

SnapshotPages = Callable[[object], Iterator[list[dict]]]


def kinerja_job(snapshot_pages: SnapshotPages | None = None) -> Job:
    """The job; its full refresh reads `snapshot_pages(source)` (default: the module's tables, the
    activities as DataFrames a page at a time, `activity_frames`; without the domain's extract, the
    change log)."""

    def full_refresh(source, connection, dimensions: Dimensions, progress) -> BatchResult:
        clear_rejects(connection, NAME)
        empty_tables(connection, MART_TABLES)  # a deleted activity is in no source: nothing is kept
        deferred = drop_indexes(connection, ACTIVITY_FACTS)  # built once at the end
        from_tables = snapshot_pages is None and _has_extract()
        pages = (sources.extract_pages(extract.period_and_score_snapshots(source), ENTITIES) if from_tables
                 else (snapshot_pages or source_pages)(source))
        total = BatchResult()
        for page in pages:
            total += _load(connection, stage_changes(page), dimensions, rebuild_touched=False)
            progress(len(page))
        for frame in (sources.read_ahead(activity_frames(source), source) if from_tables else ()):
            total += _load_activities(connection, stage_activity_frame(frame), dimensions, rebuild_touched=False)
            progress(len(frame))
        create_indexes(connection, deferred)
        rebuild_daily_keys(connection, None)
        return total

    return Job(name=NAME, entities=ENTITIES, marts=KINERJA_MARTS, schema_versions=READABLE_VERSIONS,
               stage=stage_changes, apply_changes=apply_changes, full_refresh=full_refresh,
               mart_tables=MART_TABLES)


def apply_changes(connection, staged: dict[str, pd.DataFrame], dimensions: Dimensions) -> BatchResult:
    return _load(connection, staged, dimensions, rebuild_touched=True)


# --- sources of a full refresh -------------------------------------------------------------------

def source_pages(source) -> Iterator[list[dict]]:
    """The module's tables through the domain's extract, or the change log (with each change's
    operation, so a deleted activity stays out) without one."""
    return sources.domain_pages(source, entity_domain(ACTIVITY), ENTITIES, READABLE_VERSIONS) \
        if _has_extract() else change_log_pages(source)


def _has_extract() -> bool:
    return any(d.name == entity_domain(ACTIVITY) and d.extract for d in sources.registered_domains())


def activity_frames(source, page_rows: int = REFRESH_PAGE) -> Iterator[pd.DataFrame]:
    """Every activity of the module's tables, `page_rows` at a time by id, as DataFrames (no dict per
    line: a quarter of the city is about 7.5 million)."""
    after_id = 0
    while not (frame := extract.activity_frame(source, after_id=after_id, limit=page_rows)).empty:
        yield frame
        after_id = int(frame["id"].iloc[-1])


def extract_pages(snapshots: dict[tuple[str, str], dict], page_rows: int = REFRESH_PAGE) -> Iterator[list[dict]]:
    return sources.extract_pages(snapshots, ENTITIES, page_rows)


def change_log_pages(source, page_rows: int = REFRESH_PAGE) -> Iterator[list[dict]]:
    """The latest readable change of each id, with its operation (etl/sources.py gives none, and a
    deleted activity's latest change is its last snapshot, operation "deleted")."""
    log = ChangeLogEntry.__table__
    readable = and_(log.c.entity.in_(ENTITIES), log.c.schema_version.in_(READABLE_VERSIONS))
    latest = (select(func.max(log.c.position).label("position")).where(readable)
              .group_by(log.c.entity, log.c.entity_id).subquery())
    query = (select(log.c.position, log.c.entity, log.c.entity_id, log.c.operation, cast(log.c.payload, Text))
             .join(latest, latest.c.position == log.c.position).order_by(log.c.position))
    result = source.execution_options(stream_results=True, yield_per=page_rows).execute(query)
    for rows in result.partitions():
        payloads = json.loads("[" + ",".join(row[4] or "null" for row in rows) + "]")
        yield [{"position": row[0], "entity": row[1], "entity_id": row[2], "operation": row[3], "payload": payload}
               for row, payload in zip(rows, payloads)]


# --- loading -------------------------------------------------------------------------------------

def _load(connection, staged: dict[str, pd.DataFrame], dimensions: Dimensions, rebuild_touched: bool) -> BatchResult:
    """`rebuild_touched` False is a full refresh's page: the mart and this job's rejects were emptied
    first and every id comes once, so there is nothing to delete or forget, and every day is rebuilt
    at the end: the page's rows are only written (at city scale the bookkeeping cost more than that)."""
    return (_load_activities(connection, staged.get(ACTIVITY), dimensions, rebuild_touched)
            + _load_periods(connection, staged.get(PERIOD), dimensions, rebuild_touched)
            + _load_scores(connection, staged.get(SCORE), dimensions, rebuild_touched))


def _load_activities(connection, snapshots: pd.DataFrame | None, dimensions: Dimensions,
                     rebuild_touched: bool) -> BatchResult:
    if snapshots is None or snapshots.empty:
        return BatchResult()
    gone = snapshots["deleted"]
    reasons = transform.activity_rejects(snapshots, dimensions)
    reasons[gone] = ""  # a deleted activity's fact goes whatever its last snapshot holds
    good, bad = snapshots[~gone & (reasons == "")], snapshots[~gone & (reasons != "")]
    keys = set()
    if rebuild_touched:
        ids = checks.whole_ids(snapshots["id"])
        keys = stored_keys(connection, ids)
        delete_keys(connection, ACTIVITY_FACTS, "activity_id", ids)  # the old rows go: good, bad and deleted
        forget_rejects(connection, NAME, ACTIVITY, snapshots["id"].tolist())
    written = 0
    if not good.empty:
        facts = transform.fct_kinerja_activities(good.copy())
        written = replace_rows(connection, ACTIVITY_FACTS, "activity_id", facts, emptied=True,
                               truncated=not rebuild_touched)
        if rebuild_touched:
            keys |= daily_keys(facts.to_dict("records"))
    _record(connection, ACTIVITY, bad, reasons)
    if rebuild_touched:
        rebuild_daily_keys(connection, keys)
    return BatchResult(read=len(snapshots), written=written, rejected=len(bad))


def _load_periods(connection, snapshots: pd.DataFrame | None, dimensions: Dimensions,
                  rebuild_touched: bool) -> BatchResult:
    """Closed months replaced whole; every daily row of their days recomputed (the lock)."""
    if snapshots is None or snapshots.empty:
        return BatchResult()
    reasons = transform.period_rejects(snapshots, dimensions)
    good, bad = snapshots[reasons == ""], snapshots[reasons != ""]
    months = snapshots["month"].tolist()
    if rebuild_touched:
        delete_keys(connection, PERIOD_FACTS, "month", months)
        forget_rejects(connection, NAME, PERIOD, months)
    written = 0
    if not good.empty:
        written = replace_rows(connection, PERIOD_FACTS, "month", transform.fct_kinerja_periods(good.copy()),
                               emptied=True)
    _record(connection, PERIOD, bad, reasons)
    if rebuild_touched:
        rebuild_months(connection, {month for month in months if transform.is_month(month)})
    return BatchResult(read=len(snapshots), written=written, rejected=len(bad))


def _load_scores(connection, snapshots: pd.DataFrame | None, dimensions: Dimensions,
                 rebuild_touched: bool) -> BatchResult:
    if snapshots is None or snapshots.empty:
        return BatchResult()
    reasons = transform.score_rejects(snapshots, dimensions)
    good, bad = snapshots[reasons == ""], snapshots[reasons != ""]
    if rebuild_touched:
        delete_keys(connection, SCORE_FACTS, "score_id", checks.whole_ids(snapshots["id"]))
        forget_rejects(connection, NAME, SCORE, snapshots["id"].tolist())
    written = 0
    if not good.empty:
        written = replace_rows(connection, SCORE_FACTS, "score_id", transform.fct_kinerja_scores(good.copy()),
                               emptied=True)
    _record(connection, SCORE, bad, reasons)
    return BatchResult(read=len(snapshots), written=written, rejected=len(bad))


def _record(connection, entity: str, bad: pd.DataFrame, reasons: pd.Series) -> None:
    record_rejects(connection, NAME, [reject_row(SHAPES[entity], entity, row, reasons[index])
                                      for index, row in bad.iterrows()])


JOB = kinerja_job()
