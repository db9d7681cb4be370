"""The Sipandu ETL job (the shape of etl/planning/job.py), over the `sipandu_newcomer` and
`sipandu_kos` entities of the change log.

- `apply_changes`: a staged batch -> rejects with reasons -> the facts of the ids in the batch are
  replaced whole (latest snapshot wins) -> the aggregate keys the newcomers touched, before and
  after, are recomputed. Re-applying a batch leaves every table as it was.
- `full_refresh`: rebuilds the mart from the module's tables, through the domain's `extract`
  (modules/sipandu/extract.py: the snapshot of every record and boarding house, built by the
  function the service logs with); the change log's latest snapshots while the domain declares none.
  Facts absent from the source are kept (the retention deletes ended records from the module, and
  a stay stays counted, see modules/sipandu/snapshot.py), then every aggregate row is recomputed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pandas as pd

from core.changelog import entity_domain
from data.sipandu.tables import (SIPANDU_MARTS, AggSipanduOrigin, AggSipanduOriginCity, AggSipanduOriginCityDaily,
                                 AggSipanduRtNow, AggSipanduWeekly, AggSipanduWeeklyCity, AggSipanduWeeklyKelurahan,
                                 FctSipanduKos, FctSipanduNewcomer)
from etl import sources
from etl.jobs import BatchResult, Dimensions, Job
from etl.load import clear_rejects, delete_keys, forget_rejects, record_rejects, replace_rows
from etl.sipandu import facts as transform
from etl.sipandu.aggregates import (TouchedKeys, rebuild_city_daily_origins, rebuild_origin_keys, rebuild_rt_now,
                                    rebuild_weekly_keys, stored_keys)
from etl.sipandu.staging import ENTITIES, KOS, NEWCOMER, SHAPES, stage_changes
from etl.staging import reject_row

NAME = "sipandu"
READABLE_VERSIONS = (1,)  # the change-log contract's schema_version (SNAPSHOT_VERSION 1)
REFRESH_PAGE = sources.REFRESH_PAGE

NEWCOMER_FACTS = FctSipanduNewcomer.__table__
KOS_FACTS = FctSipanduKos.__table__

# source connection -> pages of change-log-like rows ({position, entity, entity_id, payload})
SnapshotPages = Callable[[object], Iterator[list[dict]]]


def sipandu_job(snapshot_pages: SnapshotPages | None = None) -> Job:
    """The job; its full refresh reads `snapshot_pages(source)` (default: `source_pages`)."""
    read_pages = snapshot_pages or source_pages

    def full_refresh(source, connection, dimensions: Dimensions, progress) -> BatchResult:
        clear_rejects(connection, NAME)
        total = BatchResult()
        for page in read_pages(source):
            total += _load(connection, stage_changes(page), dimensions, rebuild_touched=False)
            progress(len(page))
        rebuild_weekly_keys(connection, None)
        rebuild_origin_keys(connection, None)
        rebuild_city_daily_origins(connection, None)
        rebuild_rt_now(connection, None)
        return total

    return Job(name=NAME, entities=ENTITIES, marts=SIPANDU_MARTS, schema_versions=READABLE_VERSIONS,
               stage=stage_changes, apply_changes=apply_changes, full_refresh=full_refresh,
               mart_tables=(NEWCOMER_FACTS, KOS_FACTS, AggSipanduWeekly.__table__,
                            AggSipanduWeeklyKelurahan.__table__, AggSipanduWeeklyCity.__table__,
                            AggSipanduOrigin.__table__, AggSipanduOriginCity.__table__, AggSipanduOriginCityDaily.__table__,
                            AggSipanduRtNow.__table__))


def apply_changes(connection, staged: dict[str, pd.DataFrame], dimensions: Dimensions) -> BatchResult:
    return _load(connection, staged, dimensions, rebuild_touched=True)


# --- sources of a full refresh -------------------------------------------------------------------

def source_pages(source) -> Iterator[list[dict]]:
    """The module's tables through the domain's extract, or the change log without one (etl/sources.py)."""
    return sources.domain_pages(source, entity_domain(NEWCOMER), ENTITIES, READABLE_VERSIONS)


def extract_pages(snapshots: dict[tuple[str, str], dict], page_rows: int = REFRESH_PAGE) -> Iterator[list[dict]]:
    return sources.extract_pages(snapshots, ENTITIES, page_rows)


def change_log_pages(source, page_rows: int = REFRESH_PAGE) -> Iterator[list[dict]]:
    return sources.change_log_pages(source, ENTITIES, READABLE_VERSIONS, page_rows=page_rows)


# --- loading -------------------------------------------------------------------------------------

def _load(connection, staged: dict[str, pd.DataFrame], dimensions: Dimensions, rebuild_touched: bool) -> BatchResult:
    return (_load_kos(connection, staged.get(KOS), dimensions)
            + _load_newcomers(connection, staged.get(NEWCOMER), dimensions, rebuild_touched))


def _load_newcomers(connection, snapshots: pd.DataFrame | None, dimensions: Dimensions,
                    rebuild_touched: bool) -> BatchResult:
    """The facts of the staged ids are replaced (the rejected ones lose theirs) and their rejects
    recorded afresh; with `rebuild_touched`, the aggregate rows they counted in, before or after,
    are recomputed."""
    if snapshots is None or snapshots.empty:
        return BatchResult()
    reasons = transform.newcomer_rejects(snapshots, dimensions)
    good, bad = snapshots[reasons == ""], snapshots[reasons != ""]
    ids = [int(key) for key in good["id"]] + _stored_ids(bad["id"])
    touched = stored_keys(connection, ids) if rebuild_touched else TouchedKeys()
    delete_keys(connection, NEWCOMER_FACTS, "newcomer_id", ids)  # the old rows go, good and bad alike
    forget_rejects(connection, NAME, NEWCOMER, snapshots["id"].tolist())
    written = 0
    if not good.empty:
        facts = transform.fct_sipandu_newcomers(good.copy())
        written = replace_rows(connection, NEWCOMER_FACTS, "newcomer_id", facts, emptied=True)
        if rebuild_touched:
            touched.add(facts.to_dict("records"))
    _record(connection, NEWCOMER, bad, reasons)
    if rebuild_touched:
        rebuild_weekly_keys(connection, touched.weekly)
        rebuild_origin_keys(connection, touched.origins)
        rebuild_city_daily_origins(connection, touched.arrival_days)
        rebuild_rt_now(connection, {key[1:] for key in touched.weekly})  # every fact counts in its arrival's week
    return BatchResult(read=len(snapshots), written=written, rejected=len(bad))


def _load_kos(connection, snapshots: pd.DataFrame | None, dimensions: Dimensions) -> BatchResult:
    """Boarding houses are replaced whole by code (no aggregate counts them)."""
    if snapshots is None or snapshots.empty:
        return BatchResult()
    reasons = transform.kos_rejects(snapshots, dimensions)
    good, bad = snapshots[reasons == ""], snapshots[reasons != ""]
    codes = snapshots["code"].tolist()
    delete_keys(connection, KOS_FACTS, "kos_code", codes)
    forget_rejects(connection, NAME, KOS, codes)
    written = 0
    if not good.empty:
        written = replace_rows(connection, KOS_FACTS, "kos_code", transform.fct_sipandu_kos(good.copy()), emptied=True)
    _record(connection, KOS, bad, reasons)
    return BatchResult(read=len(snapshots), written=written, rejected=len(bad))


def _stored_ids(ids: pd.Series) -> list[int]:
    """The rejected snapshots' ids that can name a stored fact (a whole number; another cannot)."""
    return [int(key) for key in ids if re.fullmatch(transform.NEWCOMER_ID, str(key))]


def _record(connection, entity: str, bad: pd.DataFrame, reasons: pd.Series) -> None:
    record_rejects(connection, NAME, [reject_row(SHAPES[entity], entity, row, reasons[index])
                                      for index, row in bad.iterrows()])


JOB = sipandu_job()
