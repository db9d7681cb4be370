"""Questions the planning (e-Musrenbang) pages ask, answered from the proposal marts.

Every function takes the app's services, the viewer and filters (the round's year and the page's
choices); the viewer's scope conditions are always added (data/scope.py): a camat reads his
kecamatan, a lurah his kelurahan, an OPD the proposals for its items, an RW head his RW (from the
facts: the aggregates carry no RW). Answers are cached per version of the mart (data/cache.py).

A proposal counts in every stage it reached (data/planning/tables.py STAGES), so the funnel's
stages are not shares of one another except along the way proposed -> verified -> accepted.
The acceptance rate of an area is accepted / (accepted + rejected): of the proposals decided, the
share the kecamatan took on; an area with no decision yet has none (None, not 0 %).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import BigInteger, case, cast, false, func, select

from core.services import Services
from core.users import Viewer
from data.cache import cached
from data.frames import counts_frame
from data.planning.tables import (PROPOSALS_MART, STAGE_FLAGS, STAGES, AggPlanningPipeline, AggPlanningRejection,
                                  FctPlanningProposal)
from data.scope import scope_conditions, table_answers
from modules.planning.workflow import REJECTION_REASONS

FCT = FctPlanningProposal.__table__
PIPELINE = AggPlanningPipeline.__table__
REJECTIONS = AggPlanningRejection.__table__
STAGE_COLUMNS = tuple(name for stage in STAGES for name in (stage, f"{stage}_cost_rupiah"))
AREA_COLUMNS = {"kecamatan": "kecamatan_code", "kelurahan": "kelurahan_code", "rw": "rw"}


@dataclass(frozen=True)
class PlanningFilters:
    year: int                            # the musrenbang round's year
    kecamatan_code: str | None = None
    kelurahan_code: str | None = None
    item_codes: tuple[str, ...] = ()
    item_kinds: tuple[str, ...] = ()
    opd_codes: tuple[str, ...] = ()

    @property
    def area_level(self) -> str:
        """What a drill-down lists: the kecamatan of the city, the kelurahan of a chosen kecamatan,
        the RWs of a chosen kelurahan."""
        if self.kelurahan_code:
            return "rw"
        return "kelurahan" if self.kecamatan_code else "kecamatan"


# --- the funnel ----------------------------------------------------------------------------------

@cached(PROPOSALS_MART)
def funnel(services: Services, viewer: Viewer, filters: PlanningFilters) -> pd.DataFrame:
    """One row per stage, in the pipeline's order: proposals, their estimated cost (whole rupiah)
    and their share of the proposals made (None when none was made)."""
    table = _pipeline_table(viewer)
    totals = warehouse_frame(services, select(*_stage_measures(table)).where(*_conditions(table, viewer, filters)),
                    list(STAGE_COLUMNS), keys=0).iloc[0]
    frame = pd.DataFrame({"stage": list(STAGES),
                          "proposals": [int(totals[stage]) for stage in STAGES],
                          "cost_rupiah": [int(totals[f"{stage}_cost_rupiah"]) for stage in STAGES]})
    frame["pct_of_proposed"] = percents(frame["proposals"], pd.Series(int(totals["proposed"]), index=frame.index))
    return frame


@cached(PROPOSALS_MART)
def funnel_by_area(services: Services, viewer: Viewer, filters: PlanningFilters) -> pd.DataFrame:
    """The funnel per area, drilled down by the filters (`filters.area_level`): per kecamatan of
    the city, per kelurahan of the chosen kecamatan, per RW of the chosen kelurahan (from the
    facts). Columns: code, each stage's proposals and cost, acceptance_pct; most proposals first."""
    table = FCT if filters.area_level == "rw" else _pipeline_table(viewer)
    key = table.c[AREA_COLUMNS[filters.area_level]]
    query = (select(key.label("code"), *_stage_measures(table)).where(*_conditions(table, viewer, filters))
             .group_by(key))
    frame = warehouse_frame(services, query, ["code", *STAGE_COLUMNS])
    frame["acceptance_pct"] = percents(frame["accepted"], frame["accepted"] + frame["rejected"])
    return frame.sort_values(["proposed", "code"], ascending=[False, True], ignore_index=True)


@cached(PROPOSALS_MART)
def acceptance_by_kecamatan(services: Services, viewer: Viewer, filters: PlanningFilters) -> pd.DataFrame:
    """Per kecamatan: proposals, accepted, rejected, decided and acceptance_pct; highest rate first
    (the kecamatan with no decision yet last)."""
    table = _pipeline_table(viewer)
    key = table.c.kecamatan_code
    measures = [m for m in _stage_measures(table) if m.name in ("proposed", "accepted", "rejected")]
    query = select(key.label("kecamatan_code"), *measures).where(*_conditions(table, viewer, filters)).group_by(key)
    frame = warehouse_frame(services, query, ["kecamatan_code", "proposed", "accepted", "rejected"])
    frame["decided"] = frame["accepted"] + frame["rejected"]
    frame["acceptance_pct"] = percents(frame["accepted"], frame["decided"])
    ranked = frame.assign(_rate=pd.to_numeric(frame["acceptance_pct"]).fillna(-1.0))
    return (ranked.sort_values(["_rate", "kecamatan_code"], ascending=[False, True], ignore_index=True)
            .drop(columns="_rate"))


@cached(PROPOSALS_MART)
def rejection_reasons(services: Services, viewer: Viewer, filters: PlanningFilters) -> pd.DataFrame:
    """Every rejection reason (workflow.REJECTION_REASONS, those never given with 0): proposals,
    their cost and their share of the rejections; most frequent first."""
    if table_answers(REJECTIONS, viewer) and not (filters.item_codes or filters.item_kinds):
        table, reason, count, cost = REJECTIONS, REJECTIONS.c.reason, REJECTIONS.c.proposals, REJECTIONS.c.cost_rupiah
        conditions = _conditions(table, viewer, filters)
    else:  # the aggregate has no item and no RW: the facts answer
        table, reason, count, cost = FCT, FCT.c.rejection_reason, None, FCT.c.estimated_cost_rupiah
        conditions = [*_conditions(table, viewer, filters), FCT.c.rejected.is_(True)]
    counted = func.sum(count) if count is not None else func.count()
    query = (select(reason, cast(counted, BigInteger), cast(func.sum(cost), BigInteger)).where(*conditions)
             .group_by(reason))
    found = warehouse_frame(services, query, ["reason", "proposals", "cost_rupiah"]).set_index("reason")
    frame = pd.DataFrame({"reason": list(REJECTION_REASONS)}).set_index("reason")
    frame = frame.join(found, how="outer").fillna(0).astype("int64").reset_index()
    frame["pct_of_rejected"] = percents(frame["proposals"],
                                         pd.Series(int(frame["proposals"].sum()), index=frame.index))
    return frame.sort_values(["proposals", "reason"], ascending=[False, True], ignore_index=True)


@cached(PROPOSALS_MART)
def proposal_years(services: Services, viewer: Viewer) -> list[int]:
    """The rounds the viewer has proposals in, newest first (the page's year choice)."""
    table = _pipeline_table(viewer)
    query = select(table.c.year).where(*scope_conditions(table, viewer)).distinct().order_by(table.c.year.desc())
    with services.databases.warehouse.connect() as connection:
        return [int(year) for year in connection.scalars(query)]


# --- helpers -------------------------------------------------------------------------------------

def _pipeline_table(viewer: Viewer):
    """The pipeline aggregate, or the facts for a scope the aggregate cannot filter (an RW)."""
    return PIPELINE if table_answers(PIPELINE, viewer) else FCT


def _stage_measures(table) -> list:
    """Each stage's proposals and cost, labelled as the aggregate's columns, from either table."""
    if table is PIPELINE:
        return [cast(func.coalesce(func.sum(table.c[name]), 0), BigInteger).label(name) for name in STAGE_COLUMNS]
    measures = [func.count().label("proposed"),
                cast(func.coalesce(func.sum(FCT.c.estimated_cost_rupiah), 0), BigInteger).label("proposed_cost_rupiah")]
    for stage in STAGES[1:]:
        reached = FCT.c[STAGE_FLAGS[stage]].is_(True)
        measures += [func.sum(case((reached, 1), else_=0)).label(stage),
                     cast(func.sum(case((reached, FCT.c.estimated_cost_rupiah), else_=0)), BigInteger)
                     .label(f"{stage}_cost_rupiah")]
    return measures


def _conditions(table, viewer: Viewer, filters: PlanningFilters) -> list:
    """The round, the viewer's scope and the page's choices (a choice the table has no column for
    answers nothing rather than everything)."""
    conditions = [table.c.year == filters.year, *scope_conditions(table, viewer)]
    for column, chosen in (("kecamatan_code", filters.kecamatan_code), ("kelurahan_code", filters.kelurahan_code)):
        if chosen:
            conditions.append(table.c[column] == chosen if column in table.c else false())
    for column, chosen in (("item_code", filters.item_codes), ("item_kind", filters.item_kinds),
                           ("opd_code", filters.opd_codes)):
        if chosen:
            conditions.append(table.c[column].in_(chosen) if column in table.c else false())
    return conditions


def warehouse_frame(services: Services, query, columns: list[str], keys: int = 1) -> pd.DataFrame:
    """The query's rows: its first `keys` columns group, the others are whole numbers (NULL: 0)."""
    with services.databases.warehouse.connect() as connection:
        return counts_frame(connection.execute(query).all(), columns, keys)


def percents(parts: pd.Series, wholes: pd.Series) -> pd.Series:
    """Percentages kept as objects, so that "nothing to divide by" stays None (not NaN, not 0 %)."""
    return pd.Series([round(100.0 * float(p) / float(w), 1) if w else None for p, w in zip(parts, wholes)],
                     index=parts.index, dtype=object)
