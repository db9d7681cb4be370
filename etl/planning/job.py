"""The planning ETL job (the shape of etl/incidents/job.py), over the `planning_proposal` entity of
the change log.

- `apply_changes`: a staged batch -> rejects with reasons -> the facts of the numbers in the batch
  are replaced whole (latest snapshot wins) -> the aggregate keys they touched, before and after,
  are recomputed. Re-applying a batch leaves every table as it was.
- `full_refresh`: rebuilds the marts from the module's tables, through the domain's `extract`
  (modules/planning/extract.py: the snapshot of every proposal, built by the function the service
  logs with); the change log's latest snapshot of every proposal while the domain declares none.
  The facts of proposals absent from the source are kept (none is ever deleted; the change log's
  retention prunes old rows), then every aggregate row is recomputed from the facts.

The budget helper's entities (planning_plan_item, planning_budget_line ...) are not read here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pandas as pd
from sqlalchemy import select

from core.changelog import entity_domain
from core.db import is_member, key_parts
from data.planning.tables import (PIPELINE_KEYS, PLANNING_MARTS, AggPlanningPipeline, AggPlanningRejection,
                                  FctPlanningProposal)
from etl import sources
from etl.jobs import BatchResult, Dimensions, Job
from etl.load import clear_rejects, delete_keys, forget_rejects, record_rejects, replace_rows
from etl.staging import reject_row
from etl.planning import facts as transform
from etl.planning.aggregates import FACTS, place_keys, rebuild_pipeline_keys, rebuild_rejection_places
from etl.planning.staging import ENTITIES, PROPOSAL, SHAPES, stage_changes

NAME = "planning"
READABLE_VERSIONS = (1,)  # the change-log contract's schema_version (SNAPSHOT_VERSION 1)
REFRESH_PAGE = sources.REFRESH_PAGE

# source connection -> pages of change-log-like rows ({position, entity, entity_id, payload})
SnapshotPages = Callable[[object], Iterator[list[dict]]]


def planning_job(snapshot_pages: SnapshotPages | None = None) -> Job:
    """The job; its full refresh reads `snapshot_pages(source)` (default: `source_pages`)."""
    read_pages = snapshot_pages or source_pages

    def full_refresh(source, connection, dimensions: Dimensions, progress) -> BatchResult:
        clear_rejects(connection, NAME)
        total = BatchResult()
        for page in read_pages(source):
            total += _load(connection, stage_changes(page), dimensions, rebuild_touched=False)
            progress(len(page))
        rebuild_pipeline_keys(connection, None)
        rebuild_rejection_places(connection, None)
        return total

    return Job(name=NAME, entities=ENTITIES, marts=PLANNING_MARTS, schema_versions=READABLE_VERSIONS,
               stage=stage_changes, apply_changes=apply_changes, full_refresh=full_refresh,
               mart_tables=(FctPlanningProposal.__table__, AggPlanningPipeline.__table__,
                            AggPlanningRejection.__table__))


def apply_changes(connection, staged: dict[str, pd.DataFrame], dimensions: Dimensions) -> BatchResult:
    return _load(connection, staged, dimensions, rebuild_touched=True)


# --- sources of a full refresh -------------------------------------------------------------------

def source_pages(source) -> Iterator[list[dict]]:
    """The module's tables through the domain's extract, or the change log without one (etl/sources.py)."""
    return sources.domain_pages(source, entity_domain(PROPOSAL), ENTITIES, READABLE_VERSIONS)


def extract_pages(snapshots: dict[tuple[str, str], dict], page_rows: int = REFRESH_PAGE) -> Iterator[list[dict]]:
    return sources.extract_pages(snapshots, ENTITIES, page_rows)


def change_log_pages(source, page_rows: int = REFRESH_PAGE) -> Iterator[list[dict]]:
    return sources.change_log_pages(source, ENTITIES, READABLE_VERSIONS, page_rows=page_rows)


# --- loading -------------------------------------------------------------------------------------

def _load(connection, staged: dict[str, pd.DataFrame], dimensions: Dimensions, rebuild_touched: bool) -> BatchResult:
    """The facts of the staged numbers are replaced (the rejected ones lose theirs) and their
    rejects recorded afresh; with `rebuild_touched`, the aggregate rows they counted in, before or
    after, are recomputed."""
    snapshots = staged.get(PROPOSAL)
    if snapshots is None or snapshots.empty:
        return BatchResult()
    reasons = transform.proposal_rejects(snapshots, dimensions)
    good, bad = snapshots[reasons == ""], snapshots[reasons != ""]
    numbers = snapshots["number"].tolist()
    touched = _pipeline_keys_of(connection, numbers) if rebuild_touched else set()
    delete_keys(connection, FACTS, "proposal_number", numbers)  # the old rows go, good and bad alike
    forget_rejects(connection, NAME, PROPOSAL, numbers)
    written = 0
    if not good.empty:
        facts = transform.fct_planning_proposals(good.copy())
        written = replace_rows(connection, FACTS, "proposal_number", facts, emptied=True)
        touched |= set(facts[list(PIPELINE_KEYS)].itertuples(index=False, name=None))
    record_rejects(connection, NAME, [reject_row(SHAPES[PROPOSAL], PROPOSAL, row, reasons[index])
                                      for index, row in bad.iterrows()])
    if rebuild_touched:
        rebuild_pipeline_keys(connection, touched)
        rebuild_rejection_places(connection, place_keys(touched))
    return BatchResult(read=len(snapshots), written=written, rejected=len(bad))


def _pipeline_keys_of(connection, numbers: list[str]) -> set[tuple]:
    """The pipeline keys the stored facts of `numbers` count in (before they are replaced)."""
    found = set()
    columns = [FACTS.c[name] for name in PIPELINE_KEYS]
    for part in key_parts(connection, numbers):
        query = select(*columns).where(is_member(connection, FACTS.c.proposal_number, part))
        found |= {tuple(row) for row in connection.execute(query)}
    return found


JOB = planning_job()
JOBS = [JOB]  # what the planning domain registers (domains/planning.py)
