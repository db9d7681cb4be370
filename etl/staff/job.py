"""The staff registry's ETL job (the shape of etl/sipandu/job.py), over the `staff` entity of the
change log (modules/staff/snapshot.py, SNAPSHOT_VERSION 1).

- `apply_changes`: a staged batch -> rejects with reasons -> the facts of the ids in the batch are
  replaced whole (latest snapshot wins; a rejected snapshot takes its id's fact away). No
  aggregate: the counts per OPD and unit are read from the facts (a few tens of thousands of rows).
- `full_refresh`: empties the mart and rebuilds it from the module's table through the domain's
  extract (the change log's latest snapshots without one). People are never deleted from the
  registry (they become inactive), so nothing needs keeping.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pandas as pd
from sqlalchemy import delete

from core.changelog import entity_domain
from data.staff.tables import STAFF_MARTS, FctStaff
from etl import sources
from etl.jobs import BatchResult, Dimensions, Job
from etl.load import clear_rejects, delete_keys, forget_rejects, record_rejects, replace_rows
from etl import checks
from etl.staff.staging import ENTITIES, SHAPES, STAFF, TEXTS, stage_changes
from etl.staging import reject_row

NAME = "staff"
READABLE_VERSIONS = (1,)
REFRESH_PAGE = sources.REFRESH_PAGE
FACTS = FctStaff.__table__
REQUIRED = ("opd_code", "unit", "active", "has_user")

SnapshotPages = Callable[[object], Iterator[list[dict]]]


def staff_job(snapshot_pages: SnapshotPages | None = None) -> Job:
    """The job; its full refresh reads `snapshot_pages(source)` (default: `source_pages`)."""
    read_pages = snapshot_pages or source_pages

    def full_refresh(source, connection, dimensions: Dimensions, progress) -> BatchResult:
        clear_rejects(connection, NAME)
        connection.execute(delete(FACTS))
        total = BatchResult()
        for page in read_pages(source):
            total += apply_changes(connection, stage_changes(page), dimensions)
            progress(len(page))
        return total

    return Job(name=NAME, entities=ENTITIES, marts=STAFF_MARTS, schema_versions=READABLE_VERSIONS,
               stage=stage_changes, apply_changes=apply_changes, full_refresh=full_refresh, mart_tables=(FACTS,))


def source_pages(source) -> Iterator[list[dict]]:
    return sources.domain_pages(source, entity_domain(STAFF), ENTITIES, READABLE_VERSIONS)


def extract_pages(snapshots: dict[tuple[str, str], dict], page_rows: int = REFRESH_PAGE) -> Iterator[list[dict]]:
    return sources.extract_pages(snapshots, ENTITIES, page_rows)


def change_log_pages(source, page_rows: int = REFRESH_PAGE) -> Iterator[list[dict]]:
    return sources.change_log_pages(source, ENTITIES, READABLE_VERSIONS, page_rows=page_rows)


def staff_rejects(staged: pd.DataFrame, dimensions: Dimensions) -> pd.Series:
    reasons = checks.fitting(staged, FctStaff, TEXTS)
    checks.required(reasons, staged, REQUIRED)
    checks.numbers(reasons, staged, {"supervisor_id": (1, 2**62)})
    self_supervised = (staged["supervisor_id"].astype(float) == pd.to_numeric(staged["id"], errors="coerce")).fillna(False)
    reasons[self_supervised.astype(bool)] = "supervisor_id is the person's own id"
    checks.known(reasons, checks.texts(staged["opd_code"]), dimensions.opd, "opd_code")
    for field in ("active", "has_user"):
        checks.flags(reasons, staged, field)
    checks.text_types(reasons, staged, TEXTS)
    checks.ids(reasons, staged["id"])
    checks.bad_fields(reasons, staged)
    return reasons


def fct_staff(staged: pd.DataFrame) -> pd.DataFrame:
    facts = staged.rename(columns={"id": "staff_id"})
    facts["staff_id"] = facts["staff_id"].astype("int64")
    facts["supervisor_id"] = facts["supervisor_id"].map(lambda v: None if pd.isna(v) else int(v)).astype(object)
    for column in ("active", "has_user"):
        facts[column] = facts[column].astype(bool)
    return facts[checks.columns(FctStaff)]


def apply_changes(connection, staged: dict[str, pd.DataFrame], dimensions: Dimensions) -> BatchResult:
    snapshots = staged.get(STAFF)
    if snapshots is None or snapshots.empty:
        return BatchResult()
    reasons = staff_rejects(snapshots, dimensions)
    good, bad = snapshots[reasons == ""], snapshots[reasons != ""]
    delete_keys(connection, FACTS, "staff_id", checks.whole_ids(snapshots["id"]))  # good and bad alike
    forget_rejects(connection, NAME, STAFF, snapshots["id"].tolist())
    written = 0
    if not good.empty:
        written = replace_rows(connection, FACTS, "staff_id", fct_staff(good.copy()), emptied=True)
    record_rejects(connection, NAME, [reject_row(SHAPES[STAFF], STAFF, row, reasons[index])
                                      for index, row in bad.iterrows()])
    return BatchResult(read=len(snapshots), written=written, rejected=len(bad))


JOB = staff_job()
