"""The budget ETL's staging, its rejects (a reason per snapshot that cannot become a fact) and its
facts, from planning_budget_line, planning_payment and planning_work snapshots (the contract:
modules/planning/budget_snapshot.py, SNAPSHOT_VERSION 1).

A payment of a line the warehouse does not hold (never logged, or rejected) is refused by the job
(budget_job.py), which knows the stored lines."""

from __future__ import annotations

import pandas as pd

from data.planning.budget_tables import (ACCOUNT_GROUP_PARTS, FctPlanningBudgetLine, FctPlanningPayment,
                                         FctPlanningWork)
from etl import staging
from etl.jobs import Dimensions
from etl.staging import Shape
from modules.planning.budget_models import WORK_BUILT, WORK_STATUSES
from modules.planning.codes import account_group, account_problem, sub_kegiatan_problem

BUDGET_LINE, PAYMENT, WORK = "planning_budget_line", "planning_payment", "planning_work"
ENTITIES = (BUDGET_LINE, PAYMENT, WORK)
VERSIONS = ("murni", "perubahan")  # modules/planning/budget.py VERSIONS

SHAPES = {
    BUDGET_LINE: Shape("id", ("id", "version_id", "version", "year", "is_current", "opd_code", "sub_kegiatan_code",
                              "program_code", "kegiatan_code", "account_code", "account_name", "ceiling_rupiah"),
                       times=(), numbers=("version_id", "year", "ceiling_rupiah")),
    PAYMENT: Shape("id", ("id", "line_id", "version_id", "year", "opd_code", "sub_kegiatan_code", "account_code",
                          "paid_on", "amount_rupiah", "created_at"),
                   times=("paid_on", "created_at"), numbers=("line_id", "version_id", "year", "amount_rupiah")),
    WORK: Shape("number", ("number", "year", "opd_code", "plan_item_id", "sub_kegiatan_code", "line_id",
                           "kelurahan_code", "kecamatan_code", "contract_value_rupiah", "status", "progress_percent",
                           "last_reported_on", "updated_at"),
                times=("last_reported_on", "updated_at"),
                numbers=("year", "plan_item_id", "line_id", "contract_value_rupiah", "progress_percent")),
}

REQUIRED = {
    BUDGET_LINE: ("version_id", "version", "year", "is_current", "opd_code", "sub_kegiatan_code", "account_code",
                  "account_name", "ceiling_rupiah"),
    PAYMENT: ("line_id", "version_id", "year", "opd_code", "sub_kegiatan_code", "account_code", "paid_on",
              "amount_rupiah"),
    WORK: ("year", "opd_code", "plan_item_id", "sub_kegiatan_code", "status", "progress_percent"),
}
TEXTS = {
    BUDGET_LINE: {"version": 16, "opd_code": 32, "sub_kegiatan_code": 24, "program_code": 24, "kegiatan_code": 24,
                  "account_code": 24, "account_name": 300},
    PAYMENT: {"opd_code": 32, "sub_kegiatan_code": 24, "account_code": 24},
    WORK: {"number": 24, "opd_code": 32, "sub_kegiatan_code": 24, "kelurahan_code": 16, "kecamatan_code": 16,
           "status": 16},
}
MONEY = (0, 2**53)  # whole rupiah a float holds exactly
RANGES = {
    BUDGET_LINE: {"version_id": (1, 2**63 - 1), "year": (2000, 2100), "ceiling_rupiah": MONEY},
    PAYMENT: {"line_id": (1, 2**63 - 1), "version_id": (1, 2**63 - 1), "year": (2000, 2100),
              "amount_rupiah": MONEY},
    WORK: {"year": (2000, 2100), "plan_item_id": (1, 2**63 - 1), "line_id": (1, 2**63 - 1),
           "contract_value_rupiah": MONEY, "progress_percent": (0, 100)},
}
NOT_NEGATIVE = {BUDGET_LINE: ("ceiling_rupiah",), PAYMENT: ("amount_rupiah",),
                WORK: ("contract_value_rupiah", "progress_percent")}
WHOLE = {BUDGET_LINE: ("version_id", "year", "ceiling_rupiah"),
         PAYMENT: ("line_id", "version_id", "year", "amount_rupiah"),
         WORK: ("year", "plan_item_id", "line_id", "contract_value_rupiah")}


def stage_changes(changes: list[dict]) -> dict[str, pd.DataFrame]:
    """Change-log rows (ordered by position) -> {entity: latest snapshot per id, typed}."""
    return staging.stage_changes(changes, SHAPES)


# --- rejects -------------------------------------------------------------------------------------

def rejects(entity: str, staged: pd.DataFrame, dimensions: Dimensions) -> pd.Series:
    """'' per snapshot, or why it cannot become a fact (the later check wins: it explains more)."""
    reasons = pd.Series("", index=staged.index, dtype=object)
    for field, length in TEXTS[entity].items():
        lengths = _texts(staged[field]).dropna().map(len)
        reasons[lengths.index[lengths > length]] = f"too long: {field} (at most {length} characters)"
    if entity != WORK and staged["id"].map(lambda v: not str(v).isdigit()).any():
        bad = staged["id"].map(lambda v: not str(v).isdigit())
        reasons[bad] = "not a whole number: id"
    for field in REQUIRED[entity]:
        reasons[staged[field].isna() | (staged[field] == "")] = f"missing field: {field}"
    for field, (low, high) in RANGES[entity].items():
        outside = ((staged[field] < low) | (staged[field] > high)).fillna(False).astype(bool)
        reasons[outside] = f"out of range: {field} ({low} to {high})"
    for field in NOT_NEGATIVE[entity]:
        reasons[(staged[field] < 0).fillna(False).astype(bool)] = f"negative: {field}"
    for field in WHOLE[entity]:
        values = staged[field]
        reasons[(values.notna() & (values != values.round())).astype(bool)] = f"not a whole number: {field}"
    if entity == BUDGET_LINE:
        _known(reasons, _texts(staged["version"]), VERSIONS, "version")
        wrong = staged["is_current"].notna() & ~staged["is_current"].map(lambda v: isinstance(v, bool))
        reasons[wrong] = "wrong type: is_current (true or false)"
    if entity in (BUDGET_LINE, PAYMENT):
        _codes(reasons, staged, "account_code", account_problem)
    if entity == PAYMENT:
        outside = (staged["paid_on"].notna() & staged["year"].notna()
                   & (staged["paid_on"].dt.year != staged["year"])).astype(bool)
        reasons[outside] = "paid_on outside the budget year"
    if entity == WORK:
        _known(reasons, _texts(staged["status"]), WORK_STATUSES, "status")
    _codes(reasons, staged, "sub_kegiatan_code", sub_kegiatan_problem)
    _known(reasons, _texts(staged["opd_code"]), dimensions.opd, "opd_code")
    for field in TEXTS[entity]:
        wrong = staged[field].notna() & ~staged[field].map(lambda v: isinstance(v, str))
        reasons[wrong] = f"wrong type: {field} (text)"
    bad = staged["bad_type"] != ""
    reasons[bad] = [f"wrong type: {field} (a number)" for field in staged.loc[bad, "bad_type"]]
    bad = staged["bad_time"] != ""
    reasons[bad] = [f"time does not parse: {field}" for field in staged.loc[bad, "bad_time"]]
    return reasons


def _codes(reasons: pd.Series, staged: pd.DataFrame, field: str, problem) -> None:
    values = _texts(staged[field])
    wrong = values.notna() & values.map(lambda v: isinstance(v, str) and problem(v) is not None)
    reasons[wrong.astype(bool)] = [f"not a code: {field} {value}" for value in values[wrong.astype(bool)]]


def _known(reasons: pd.Series, values: pd.Series, codes, field: str) -> None:
    unknown = values.notna() & ~values.isin(codes)
    reasons[unknown] = [f"unknown {field}: {value}" for value in values[unknown]]


def _texts(values: pd.Series) -> pd.Series:
    return values.astype(object).where(values.map(lambda v: isinstance(v, str)))


# --- facts ---------------------------------------------------------------------------------------

def _group(codes: pd.Series) -> pd.Series:
    return codes.map(lambda code: account_group(code.strip(), ACCOUNT_GROUP_PARTS))


def fct_budget_lines(staged: pd.DataFrame) -> pd.DataFrame:
    facts = staged.rename(columns={"id": "line_id"})
    for column in ("line_id", "version_id", "year", "ceiling_rupiah"):
        facts[column] = facts[column].astype("int64")
    facts["is_current"] = facts["is_current"].astype(bool)
    for column in ("program_code", "kegiatan_code"):  # repeated from the sub kegiatan by the contract
        facts[column] = facts[column].where(facts[column].notna(), "").astype(str)
    facts["account_group"] = _group(facts["account_code"])
    return facts[[c.name for c in FctPlanningBudgetLine.__table__.columns]]


def fct_payments(staged: pd.DataFrame) -> pd.DataFrame:
    facts = staged.rename(columns={"id": "payment_id"})
    for column in ("payment_id", "line_id", "version_id", "year", "amount_rupiah"):
        facts[column] = facts[column].astype("int64")
    facts["month"] = facts["paid_on"].dt.month.astype("int64")
    facts["paid_on"] = facts["paid_on"].dt.date
    facts["account_group"] = _group(facts["account_code"])
    return facts[[c.name for c in FctPlanningPayment.__table__.columns]]


def fct_works(staged: pd.DataFrame) -> pd.DataFrame:
    facts = staged.rename(columns={"number": "work_number"})
    for column in ("year", "plan_item_id"):
        facts[column] = facts[column].astype("int64")
    for column in ("line_id", "contract_value_rupiah"):
        facts[column] = facts[column].map(lambda v: None if pd.isna(v) else int(v)).astype(object)
    for column in ("kelurahan_code", "kecamatan_code"):
        facts[column] = facts[column].where(facts[column].notna(), None)
    facts["progress_percent"] = facts["progress_percent"].astype(float)
    facts["last_reported_on"] = facts["last_reported_on"].map(lambda v: None if pd.isna(v) else v.date())
    built = facts["status"] == WORK_BUILT
    facts["completed_at"] = facts["updated_at"].where(built, pd.NaT)
    return facts[[c.name for c in FctPlanningWork.__table__.columns]]


FACTS = {BUDGET_LINE: fct_budget_lines, PAYMENT: fct_payments, WORK: fct_works}
