"""The planning budget ETL job (`planning_budget`), over the budget helper's entities of the
planning change log: planning_budget_line, planning_payment and planning_work (the proposals have
their own job, job.py; plan items feed no mart yet).

- `apply_changes`: a staged batch -> rejects with reasons -> lines first, then payments (a payment
  of a line the warehouse does not hold is refused: "unknown line"), then works; the facts of the
  ids in the batch are replaced whole (latest snapshot wins) -> every aggregate row of the
  (year, OPD) pairs the batch touched, before and after, is recomputed from the facts: whole keys,
  never deltas, so a re-applied batch changes nothing and nothing is counted twice.
- `full_refresh`: the source's snapshots ordered by entity, so the budget lines come before the
  payments and works (a payment always finds its line), then every aggregate row. Facts of ids
  absent from the source are kept.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
from sqlalchemy import delete, select, tuple_


from core.db import is_member, key_parts
from data.planning.budget_tables import (BUDGET_MARTS, MONTHS, AggPlanningBudgetMonthly, AggPlanningProgress,
                                         FctPlanningBudgetLine, FctPlanningPayment, FctPlanningWork)
from etl import sources
from etl.jobs import BatchResult, Dimensions, Job
from etl.load import clear_rejects, delete_keys, forget_rejects, record_rejects, replace_rows
from etl.staging import plain, reject_row
from etl.planning import budget_facts as transform
from etl.planning.budget_facts import BUDGET_LINE, ENTITIES, PAYMENT, SHAPES, WORK, stage_changes

NAME = "planning_budget"
READABLE_VERSIONS = (1,)  # budget_snapshot.SNAPSHOT_VERSION
REFRESH_PAGE = sources.REFRESH_PAGE
LINES = FctPlanningBudgetLine.__table__
PAYMENTS = FctPlanningPayment.__table__
WORKS = FctPlanningWork.__table__
MONTHLY = AggPlanningBudgetMonthly.__table__
PROGRESS = AggPlanningProgress.__table__
TABLES = {BUDGET_LINE: (LINES, "line_id"), PAYMENT: (PAYMENTS, "payment_id"), WORK: (WORKS, "work_number")}
KEY_CHUNK_PAIRS = 400  # (year, OPD) pairs per statement on SQLite: 2 parameters each


def budget_job(snapshot_pages=None) -> Job:
    """The job; its full refresh reads `snapshot_pages(source, entities)` (default: the domain's
    extract, or the change log without one)."""
    read_pages = snapshot_pages or source_pages

    def full_refresh(source, connection, dimensions: Dimensions, progress) -> BatchResult:
        clear_rejects(connection, NAME)
        total = BatchResult()
        for page in read_pages(source, ENTITIES):  # lines first: both readers order by entity
            total += _load(connection, stage_changes(page), dimensions, recount=False)
            progress(len(page))
        rebuild(connection, None)
        return total

    return Job(name=NAME, entities=ENTITIES, marts=BUDGET_MARTS, schema_versions=READABLE_VERSIONS,
               stage=stage_changes, apply_changes=apply_changes, full_refresh=full_refresh,
               mart_tables=(LINES, PAYMENTS, WORKS, MONTHLY, PROGRESS))


def apply_changes(connection, staged: dict[str, pd.DataFrame], dimensions: Dimensions) -> BatchResult:
    return _load(connection, staged, dimensions, recount=True)


# --- sources of a full refresh -------------------------------------------------------------------

def source_pages(source, entities: tuple[str, ...]) -> Iterator[list[dict]]:
    return sources.domain_pages(source, "planning", entities, READABLE_VERSIONS, by_entity=True)


def log_pages(source, entities: tuple[str, ...], page_rows: int = REFRESH_PAGE) -> Iterator[list[dict]]:
    """The change log's latest readable snapshot of every id of `entities`, by entity (budget lines
    sort before payments and works, so a payment always finds its line), then position."""
    return sources.change_log_pages(source, entities, READABLE_VERSIONS, by_entity=True, page_rows=page_rows)


def extract_pages(snapshots: dict[tuple[str, str], dict], entities: tuple[str, ...],
                  page_rows: int = REFRESH_PAGE) -> Iterator[list[dict]]:
    """A domain's extract as pages of change-log-like rows, by (entity, id): lines first."""
    return sources.extract_pages(snapshots, entities, page_rows)


# --- loading -------------------------------------------------------------------------------------

def _load(connection, staged: dict[str, pd.DataFrame], dimensions: Dimensions, recount: bool) -> BatchResult:
    total, touched = BatchResult(), set()
    for entity in ENTITIES:  # lines before the payments that name them
        snapshots = staged.get(entity)
        if snapshots is None or snapshots.empty:
            continue
        table, key = TABLES[entity]
        reasons = transform.rejects(entity, snapshots, dimensions)
        if entity == PAYMENT:
            _unknown_lines(connection, snapshots, reasons)
        good, bad = snapshots[reasons == ""], snapshots[reasons != ""]
        ids = [_key(entity, value) for value in snapshots[SHAPES[entity].key]]
        ids = [value for value in ids if value is not None]
        if recount:
            touched |= _pairs_of(connection, table, key, ids)
        delete_keys(connection, table, key, ids)  # the old rows go, good and bad alike
        forget_rejects(connection, NAME, entity, snapshots[SHAPES[entity].key].tolist())
        written = 0
        if not good.empty:
            facts = transform.FACTS[entity](good.copy())
            written = replace_rows(connection, table, key, facts, emptied=True)
            touched |= set(facts[["year", "opd_code"]].itertuples(index=False, name=None))
        record_rejects(connection, NAME, [reject_row(SHAPES[entity], entity, row, reasons[index])
                                          for index, row in bad.iterrows()])
        total += BatchResult(read=len(snapshots), written=written, rejected=len(bad))
    if recount and touched:
        rebuild(connection, touched)
    return total


def _key(entity: str, value):
    if entity == WORK:
        return str(value)
    return int(value) if str(value).isdigit() else None


def _unknown_lines(connection, snapshots: pd.DataFrame, reasons: pd.Series) -> None:
    """Payments whose line the warehouse does not hold (lines of this batch are already loaded)."""
    wanted = sorted({int(v) for v in snapshots["line_id"].dropna() if float(v).is_integer()})
    known = set()
    for part in key_parts(connection, wanted):
        known |= set(connection.scalars(select(LINES.c.line_id).where(is_member(connection, LINES.c.line_id, part))))
    unknown = (reasons == "") & ~snapshots["line_id"].map(lambda v: not pd.isna(v) and int(v) in known)
    reasons[unknown] = [f"payment of an unknown line: {int(v) if not pd.isna(v) else v}"
                        for v in snapshots.loc[unknown, "line_id"]]


def _pairs_of(connection, table, key: str, ids: list) -> set[tuple]:
    """The (year, OPD) pairs the stored facts of `ids` count in, before they are replaced."""
    found = set()
    for part in key_parts(connection, ids):
        query = select(table.c.year, table.c.opd_code).where(is_member(connection, table.c[key], part))
        found |= {tuple(row) for row in connection.execute(query)}
    return found


# --- aggregates ----------------------------------------------------------------------------------

def rebuild(connection, pairs: set[tuple] | None) -> None:
    """Recomputes agg_planning_budget_monthly and agg_planning_progress for the (year, OPD) `pairs`
    from the facts; None: every pair."""
    if pairs is None:
        connection.execute(delete(MONTHLY))
        connection.execute(delete(PROGRESS))
        _write(connection, *_aggregates(connection, None))
        return
    # a tuple IN: two parameters a pair, and pairs are few (years x OPDs), so PostgreSQL's one part
    # stays far under its 65,535 parameters
    for chunk in key_parts(connection, sorted(pairs), per_part=KEY_CHUNK_PAIRS):
        for table in (MONTHLY, PROGRESS):
            connection.execute(delete(table).where(tuple_(table.c.year, table.c.opd_code).in_(chunk)))
        _write(connection, *_aggregates(connection, chunk))


def _read(connection, table, columns: list[str], pairs) -> pd.DataFrame:
    query = select(*[table.c[name] for name in columns])
    if pairs is not None:
        query = query.where(tuple_(table.c.year, table.c.opd_code).in_(pairs))
    return pd.DataFrame(connection.execute(query).all(), columns=columns)


def _aggregates(connection, pairs) -> tuple[pd.DataFrame, pd.DataFrame]:
    lines = _read(connection, LINES, ["line_id", "year", "opd_code", "sub_kegiatan_code", "account_group",
                                      "is_current", "ceiling_rupiah"], pairs)
    payments = _read(connection, PAYMENTS, ["year", "month", "opd_code", "sub_kegiatan_code", "account_group",
                                            "amount_rupiah"], pairs)
    works = _read(connection, WORKS, ["year", "opd_code", "sub_kegiatan_code", "line_id", "contract_value_rupiah",
                                      "status", "progress_percent"], pairs)
    current = lines[lines["is_current"].astype(bool)]
    return _monthly(current, payments), _progress(lines, current, payments, works)


def _monthly(current: pd.DataFrame, payments: pd.DataFrame) -> pd.DataFrame:
    keys = ["year", "opd_code", "account_group"]
    ceilings = current.groupby(keys)["ceiling_rupiah"].sum()
    paid = payments.groupby([*keys, "month"])["amount_rupiah"].sum()
    groups = sorted(set(ceilings.index) | {key[:3] for key in paid.index})
    if not groups:
        return pd.DataFrame(columns=[c.name for c in MONTHLY.columns])
    grid = pd.DataFrame([(*group, month) for group in groups for month in MONTHS], columns=[*keys, "month"])
    grid["ceiling_rupiah"] = [int(ceilings.get(tuple(g), 0)) for g in grid[keys].itertuples(index=False)]
    grid["realised_rupiah"] = [int(paid.get(tuple(k), 0)) for k in grid[[*keys, "month"]].itertuples(index=False)]
    grid["realised_cumulative_rupiah"] = grid.groupby(keys)["realised_rupiah"].cumsum()
    return grid[[c.name for c in MONTHLY.columns]]


def _progress(lines: pd.DataFrame, current: pd.DataFrame, payments: pd.DataFrame,
              works: pd.DataFrame) -> pd.DataFrame:
    """Per (year, OPD, sub kegiatan); a work weighs its contract value, else its line's ceiling
    (modules/planning/works.py work_weight)."""
    keys = ["year", "opd_code", "sub_kegiatan_code"]
    ceilings = current.groupby(keys)["ceiling_rupiah"].sum()
    paid = payments.groupby(keys)["amount_rupiah"].sum()
    line_ceiling = dict(zip(lines["line_id"], lines["ceiling_rupiah"]))
    works = works.copy()
    works["weight"] = [int(value) if value and not pd.isna(value)
                       else int(line_ceiling.get(int(line), 0)) if line is not None and not pd.isna(line) else 0
                       for value, line in zip(works["contract_value_rupiah"], works["line_id"])]
    works["weighted"] = works["progress_percent"].astype(float) * works["weight"]
    works["built"] = (works["status"] == "built").astype(int)
    counted = works.groupby(keys).agg(works=("status", "size"), works_built=("built", "sum"),
                                      weight_rupiah=("weight", "sum"), weighted_progress=("weighted", "sum"),
                                      progress_sum=("progress_percent", "sum"))
    index = sorted(set(ceilings.index) | set(paid.index) | set(counted.index))
    if not index:
        return pd.DataFrame(columns=[c.name for c in PROGRESS.columns])
    frame = pd.DataFrame(index, columns=keys)
    at = [tuple(k) for k in frame[keys].itertuples(index=False)]
    frame["ceiling_rupiah"] = [int(ceilings.get(k, 0)) for k in at]
    frame["paid_rupiah"] = [int(paid.get(k, 0)) for k in at]
    for name in ("works", "works_built", "weight_rupiah"):
        frame[name] = [int(counted[name].get(k, 0)) for k in at]
    for name in ("weighted_progress", "progress_sum"):
        frame[name] = [float(counted[name].get(k, 0.0)) for k in at]
    return frame[[c.name for c in PROGRESS.columns]]


def _write(connection, monthly: pd.DataFrame, progress: pd.DataFrame) -> None:
    for table, frame in ((MONTHLY, monthly), (PROGRESS, progress)):
        if not frame.empty:
            connection.execute(table.insert(), [{k: plain(v) for k, v in row.items()}
                                                for row in frame.to_dict("records")])


JOB = budget_job()
