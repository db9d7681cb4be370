"""The Perencanaan page's questions beyond the funnel (data/planning/queries.py): the single
proposals at the bottom of the drill-down, and the share of the APBD that traces back to
musrenbang.

The proposals list carries nothing personal: the mart's facts hold no proposer (an RT/RW head's
account stays in the module), and the list names the proposal by its public number, the place
down to the RW, the dictionary item, the cost and the outcome.

The share of the APBD: the proposals mart ends at `planned` (a proposal linked to a plan item, i.e.
a sub kegiatan of the RKPD); "budgeted" (a budget line for that sub kegiatan in the DPA) is the
budget marts' to say. Until the page reads them, the musrenbang side is the estimated cost of the
round's proposals that reached `planned` (MUSRENBANG_BUDGET_STAGE), and the APBD total is a
parameter of `apbd_share_of_musrenbang`: the budget helper's query (data/planning/budget_queries.py)
gives the total of the APBD of the year the round builds in (round year + 1).
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from core.services import Services
from core.users import Viewer
from data.cache import cached
from data.frames import rows_frame
from data.planning.queries import FCT, PlanningFilters, _conditions, funnel
from data.planning.tables import PROPOSALS_MART, STAGE_FLAGS, STAGES

PROPOSAL_LIMIT = 500  # rows of the list at the bottom of the drill-down (a kelurahan has far fewer)
# the stage whose proposals count as "the APBD's musrenbang part" until the budget marts say budgeted
MUSRENBANG_BUDGET_STAGE = "planned"
PROPOSAL_COLUMNS = ("proposal_number", "kecamatan_code", "kelurahan_code", "rw", "item_code", "item_kind",
                    "volume", "estimated_cost_rupiah", "status", "rejection_reason", "repeat", "sub_kegiatan_code")


@cached(PROPOSALS_MART)
def proposal_list(services: Services, viewer: Viewer, filters: PlanningFilters, stage: str | None = None,
                  limit: int = PROPOSAL_LIMIT) -> pd.DataFrame:
    """The round's single proposals in the viewer's scope and the filters' area (those that reached
    `stage` when one is given: every stage is a flag of the facts), costliest first, at most
    `limit`. Columns: PROPOSAL_COLUMNS."""
    conditions = _conditions(FCT, viewer, filters)
    if stage and stage != "proposed":
        if stage not in STAGE_FLAGS:
            raise ValueError(f"unknown stage {stage!r} (known: {STAGES})")
        conditions.append(FCT.c[STAGE_FLAGS[stage]].is_(True))
    query = (select(*[FCT.c[name] for name in PROPOSAL_COLUMNS]).where(*conditions)
             .order_by(FCT.c.estimated_cost_rupiah.desc(), FCT.c.proposal_number).limit(limit))
    with services.databases.warehouse.connect() as connection:
        rows = connection.execute(query).all()
    return rows_frame(rows, list(PROPOSAL_COLUMNS))


@cached(PROPOSALS_MART)
def musrenbang_cost(services: Services, viewer: Viewer, year: int) -> dict:
    """The round's proposals that reached MUSRENBANG_BUDGET_STAGE in the viewer's scope, and their
    estimated cost (whole rupiah): {"proposals": n, "cost_rupiah": n}. The round's funnel's row of
    that stage (read from the pipeline aggregate, cached), not a second scan of the facts."""
    stage = funnel(services, viewer, PlanningFilters(year=year)).set_index("stage").loc[MUSRENBANG_BUDGET_STAGE]
    return {"proposals": int(stage["proposals"]), "cost_rupiah": int(stage["cost_rupiah"])}


def apbd_share_of_musrenbang(services: Services, viewer: Viewer, year: int,
                             apbd_total_rupiah: int | None) -> dict:
    """The share of the APBD that traces back to musrenbang: the cost of the round `year`'s
    proposals in the plan (musrenbang_cost) against `apbd_total_rupiah`, the total of the APBD of
    the year they are built in (year + 1; the budget marts' figure). Returns proposals,
    musrenbang_rupiah, apbd_total_rupiah, budget_year and share_pct (None without a total)."""
    found = musrenbang_cost(services, viewer, year)
    total = int(apbd_total_rupiah) if apbd_total_rupiah else None
    share = round(100.0 * found["cost_rupiah"] / total, 2) if total else None
    return {"proposals": found["proposals"], "musrenbang_rupiah": found["cost_rupiah"],
            "apbd_total_rupiah": total, "budget_year": year + 1, "share_pct": share}
