"""The e-Office ETL job (the shape of etl/sipandu/job.py), over the `office_letter` and
`office_disposition` entities of the change log.

- `apply_changes`: a staged batch -> rejects with reasons -> the facts of the ids in the batch are
  replaced whole (latest snapshot wins; a rejected snapshot takes its id's fact away) -> the daily
  keys its letters and dispositions touched, before and after, are recomputed. Re-applying a batch
  leaves every table as it was.
- `full_refresh`: empties the mart and rebuilds it from the module's tables through the domain's
  extract (modules/office/extract.py; the change log's latest snapshots without one), then every
  daily row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pandas as pd
from sqlalchemy import delete

from core.changelog import entity_domain
from data.office.tables import OFFICE_MARTS, AggOfficeDaily, FctOfficeDisposition, FctOfficeLetter
from etl import sources
from etl.jobs import BatchResult, Dimensions, Job
from etl.load import clear_rejects, delete_keys, forget_rejects, record_rejects, replace_rows
from etl.office import facts as transform
from etl.office.aggregates import (disposition_keys, letter_keys, rebuild_daily_keys, stored_disposition_keys,
                                   stored_letter_keys)
from etl.office.staging import DISPOSITION, ENTITIES, LETTER, SHAPES, stage_changes
from etl.checks import whole_ids
from etl.staging import reject_row

NAME = "office"
READABLE_VERSIONS = (1,)  # the change-log contract's schema_version (SNAPSHOT_VERSION 1)
REFRESH_PAGE = sources.REFRESH_PAGE

LETTER_FACTS = FctOfficeLetter.__table__
DISPOSITION_FACTS = FctOfficeDisposition.__table__
MART_TABLES = (LETTER_FACTS, DISPOSITION_FACTS, AggOfficeDaily.__table__)

SnapshotPages = Callable[[object], Iterator[list[dict]]]
# entity -> (fact table, key column, rejects, facts, keys of fact rows, keys of stored facts)
LOADERS = {
    LETTER: (LETTER_FACTS, "letter_id", transform.letter_rejects, transform.fct_office_letters, letter_keys,
             stored_letter_keys),
    DISPOSITION: (DISPOSITION_FACTS, "disposition_id", transform.disposition_rejects,
                  transform.fct_office_dispositions, disposition_keys, stored_disposition_keys),
}


def office_job(snapshot_pages: SnapshotPages | None = None) -> Job:
    """The job; its full refresh reads `snapshot_pages(source)` (default: `source_pages`)."""
    read_pages = snapshot_pages or source_pages

    def full_refresh(source, connection, dimensions: Dimensions, progress) -> BatchResult:
        clear_rejects(connection, NAME)
        for table in MART_TABLES:
            connection.execute(delete(table))
        total = BatchResult()
        for page in read_pages(source):
            total += _load(connection, stage_changes(page), dimensions, rebuild_touched=False)
            progress(len(page))
        rebuild_daily_keys(connection, None)
        return total

    return Job(name=NAME, entities=ENTITIES, marts=OFFICE_MARTS, schema_versions=READABLE_VERSIONS,
               stage=stage_changes, apply_changes=apply_changes, full_refresh=full_refresh,
               mart_tables=MART_TABLES)


def apply_changes(connection, staged: dict[str, pd.DataFrame], dimensions: Dimensions) -> BatchResult:
    return _load(connection, staged, dimensions, rebuild_touched=True)


# --- sources of a full refresh -------------------------------------------------------------------

def source_pages(source) -> Iterator[list[dict]]:
    return sources.domain_pages(source, entity_domain(LETTER), ENTITIES, READABLE_VERSIONS)


def extract_pages(snapshots: dict[tuple[str, str], dict], page_rows: int = REFRESH_PAGE) -> Iterator[list[dict]]:
    return sources.extract_pages(snapshots, ENTITIES, page_rows)


def change_log_pages(source, page_rows: int = REFRESH_PAGE) -> Iterator[list[dict]]:
    return sources.change_log_pages(source, ENTITIES, READABLE_VERSIONS, page_rows=page_rows)


# --- loading -------------------------------------------------------------------------------------

def _load(connection, staged: dict[str, pd.DataFrame], dimensions: Dimensions, rebuild_touched: bool) -> BatchResult:
    keys: set[tuple] = set()
    total = BatchResult()
    for entity in ENTITIES:
        result, touched = _load_entity(connection, entity, staged.get(entity), dimensions, rebuild_touched)
        total += result
        keys |= touched
    if rebuild_touched and keys:
        rebuild_daily_keys(connection, keys)
    return total


def _load_entity(connection, entity: str, snapshots: pd.DataFrame | None, dimensions: Dimensions,
                 rebuild_touched: bool) -> tuple[BatchResult, set[tuple]]:
    """The facts of the staged ids are replaced (the rejected ones lose theirs) and their rejects
    recorded afresh; returns the daily keys they counted in before and count in after."""
    if snapshots is None or snapshots.empty:
        return BatchResult(), set()
    table, key, rejects_of, facts_of, keys_of, stored_keys_of = LOADERS[entity]
    reasons = rejects_of(snapshots, dimensions)
    good, bad = snapshots[reasons == ""], snapshots[reasons != ""]
    ids = whole_ids(snapshots["id"])
    keys = stored_keys_of(connection, ids) if rebuild_touched else set()
    delete_keys(connection, table, key, ids)
    forget_rejects(connection, NAME, entity, snapshots["id"].tolist())
    written = 0
    if not good.empty:
        facts = facts_of(good.copy())
        written = replace_rows(connection, table, key, facts, emptied=True)
        keys |= keys_of(facts.to_dict("records"))
    record_rejects(connection, NAME, [reject_row(SHAPES[entity], entity, row, reasons[index])
                                      for index, row in bad.iterrows()])
    return BatchResult(read=len(snapshots), written=written, rejected=len(bad)), keys


JOB = office_job()
