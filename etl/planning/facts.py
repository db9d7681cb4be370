"""The proposal facts from staged snapshots, the stages each proposal reached, and the reasons a
snapshot cannot become a fact.

Stages (data/planning/tables.py STAGES) from the lifecycle (modules/planning/workflow.py): a
proposal reached a stage when its status is that stage or lies past it on the way
proposed -> verified -> accepted -> (prioritised) -> planned, or when the snapshot holds the time of
that step (a proposal verified and then rejected by the camat reached `verified`; one planned
straight from `accepted` never reached `prioritised`). Past the plan, the work carrying it says
how far it got: budgeted (the work has its budget line), contracted, built.
"""

from __future__ import annotations

import pandas as pd

from data.planning.tables import FctPlanningProposal
from etl.jobs import Dimensions
from etl.planning.staging import TEXTS
from modules.planning.budget_models import WORK_BUILT, WORK_CONTRACTED, WORK_IN_PROGRESS
from modules.planning.workflow import (ACCEPTED, PLANNED, PRIORITISED, REJECTED, REJECTION_REASONS, STATUSES,
                                       VERIFIED)

# stage -> (the statuses that lie at or past it, the snapshot time of the step that reaches it)
REACHED = {"reached_verified": ((VERIFIED, ACCEPTED, PRIORITISED, PLANNED), "verified_at"),
           "reached_accepted": ((ACCEPTED, PRIORITISED, PLANNED), None),  # decided_at is a rejection's too
           "reached_prioritised": ((PRIORITISED,), "prioritised_at"),
           "reached_planned": ((PLANNED,), "planned_at"),
           "rejected": ((REJECTED,), None)}

WORK_CONTRACTED_OR_LATER = (WORK_CONTRACTED, WORK_IN_PROGRESS, WORK_BUILT)

REQUIRED = ("year", "kecamatan_code", "kelurahan_code", "rw", "item_code", "item_kind", "opd_code", "volume",
            "estimated_cost_rupiah", "status", "repeat")
WHOLE = ("year", "rw", "estimated_cost_rupiah", "priority", "plan_item_id")
NOT_NEGATIVE = ("volume", "estimated_cost_rupiah")
# what the fact's columns hold (a value outside would fail the whole batch on PostgreSQL)
RANGES = {"year": (2000, 2100), "rw": (1, 999), "priority": (1, 2**31 - 1), "volume": (0, 1e12),
          "estimated_cost_rupiah": (0, 2**53), "plan_item_id": (1, 2**63 - 1)}  # 2**53: whole in a float


# --- rejects -------------------------------------------------------------------------------------

def proposal_rejects(staged: pd.DataFrame, dimensions: Dimensions) -> pd.Series:
    """'' per snapshot, or why it cannot become a fact. The later a check, the more it explains,
    so it wins: a time that does not parse or a field of the wrong type is named over what follows
    from it (a missing value, say)."""
    reasons = _fitting(staged)
    for field in REQUIRED:
        reasons[staged[field].isna() | (staged[field] == "")] = f"missing field: {field}"
    _numbers(reasons, staged)
    _districts(reasons, staged, dimensions)
    _known(reasons, _texts(staged["opd_code"]), dimensions.opd, "opd_code")
    _lifecycle(reasons, staged)
    reasons[staged["created_at"].isna()] = "missing time: created_at"
    for field in TEXTS:
        wrong = staged[field].notna() & ~staged[field].map(lambda v: isinstance(v, str))
        reasons[wrong] = f"wrong type: {field} (text)"
    wrong = staged["repeat"].notna() & ~staged["repeat"].map(lambda v: isinstance(v, bool))
    reasons[wrong] = "wrong type: repeat (true or false)"
    bad = staged["bad_type"] != ""
    reasons[bad] = [f"wrong type: {field} (a number)" for field in staged.loc[bad, "bad_type"]]
    bad = staged["bad_time"] != ""
    reasons[bad] = [f"time does not parse: {field}" for field in staged.loc[bad, "bad_time"]]
    return reasons


def _fitting(staged: pd.DataFrame) -> pd.Series:
    """'' per snapshot, or the text field longer than its column."""
    reasons = pd.Series("", index=staged.index, dtype=object)
    columns = FctPlanningProposal.__table__.c
    for field in ("number", *TEXTS):
        column = "proposal_number" if field == "number" else field
        if column not in columns:  # read, not kept (work_status makes the stage flags)
            continue
        length = columns[column].type.length
        lengths = _texts(staged[field]).dropna().map(len)
        reasons[lengths.index[lengths > length]] = f"too long: {field} (at most {length} characters)"
    return reasons


def _numbers(reasons: pd.Series, staged: pd.DataFrame) -> None:
    for field, (low, high) in RANGES.items():
        outside = ((staged[field] < low) | (staged[field] > high)).fillna(False).astype(bool)
        reasons[outside] = f"out of range: {field} ({low} to {high})"
    for field in NOT_NEGATIVE:
        reasons[(staged[field] < 0).fillna(False).astype(bool)] = f"negative: {field}"
    for field in WHOLE:
        values = staged[field]
        reasons[(values.notna() & (values != values.round())).astype(bool)] = f"not a whole number: {field}"


def _districts(reasons: pd.Series, staged: pd.DataFrame, dimensions: Dimensions) -> None:
    kecamatan, kelurahan = _texts(staged["kecamatan_code"]), _texts(staged["kelurahan_code"])
    both = kecamatan.notna() & kelurahan.notna()
    outside = both & ~pd.Series([str(kel).startswith(f"{kec}.") for kec, kel in zip(kecamatan, kelurahan)],
                                index=staged.index, dtype=bool)
    reasons[outside] = [f"kelurahan_code {kel} lies outside kecamatan_code {kec}"
                        for kec, kel in zip(kecamatan[outside], kelurahan[outside])]
    _known(reasons, kelurahan, dimensions.kelurahan, "kelurahan_code")
    _known(reasons, kecamatan, dimensions.kecamatan, "kecamatan_code")


def _lifecycle(reasons: pd.Series, staged: pd.DataFrame) -> None:
    status, reason = _texts(staged["status"]), _texts(staged["rejection_reason"])
    rejected = status == REJECTED
    _known(reasons, reason.where(rejected), REJECTION_REASONS, "rejection_reason")
    reasons[rejected & reason.isna()] = "missing field: rejection_reason (of a rejected proposal)"
    _known(reasons, status, STATUSES, "status")


def _known(reasons: pd.Series, values: pd.Series, codes, field: str) -> None:
    """Marks the values not among `codes` (a missing value is the required check's)."""
    unknown = values.notna() & ~values.isin(codes)
    reasons[unknown] = [f"unknown {field}: {value}" for value in values[unknown]]


def _texts(values: pd.Series) -> pd.Series:
    """The values that are text (another type is named by its own check), NaN for the rest."""
    return values.astype(object).where(values.map(lambda v: isinstance(v, str)))


# --- facts ---------------------------------------------------------------------------------------

def fct_planning_proposals(staged: pd.DataFrame) -> pd.DataFrame:
    """Facts of valid proposal snapshots, with the stages each reached."""
    facts = staged.rename(columns={"number": "proposal_number"})
    for column in ("year", "rw", "estimated_cost_rupiah"):
        facts[column] = facts[column].astype("int64")
    for column in ("priority", "plan_item_id"):
        facts[column] = facts[column].map(lambda v: None if pd.isna(v) else int(v)).astype(object)
    facts["repeat"] = facts["repeat"].astype(bool)
    for flag, (statuses, time) in REACHED.items():
        reached = facts["status"].isin(statuses)
        facts[flag] = (reached | facts[time].notna()) if time else reached
    # past the plan, the work that carries it (none for a snapshot older than these keys)
    facts["reached_budgeted"] = facts["work_line_id"].notna()
    facts["reached_contracted"] = facts["work_status"].isin(WORK_CONTRACTED_OR_LATER)
    facts["reached_built"] = facts["work_status"] == WORK_BUILT
    return facts[[column.name for column in FctPlanningProposal.__table__.columns]]
