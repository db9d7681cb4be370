"""The e-Kinerja facts from staged snapshots, and the reasons a snapshot cannot become one. The
later a check, the more it explains, so it wins (a time that does not parse is named over the
missing value that follows from it)."""

from __future__ import annotations

import re

import pandas as pd

from data.kinerja.tables import FctKinerjaActivity, FctKinerjaPeriod, FctKinerjaScore
from etl import checks
from etl.jobs import Dimensions
from etl.kinerja.staging import ACTIVITY_TEXTS, SCORE_TEXTS
from modules.kinerja.links import LINK_KINDS
from modules.kinerja.scores import BANDS
from modules.kinerja.workflow import APPROVED, RETURNED, STATUSES, SUBMITTED

MONTH = r"[0-9]{4}-(0[1-9]|1[0-2])"
QUARTER = r"[0-9]{4}-Q[1-4]"
ACTIVITY_REQUIRED = ("staff_id", "opd_code", "unit", "day", "start_minute", "end_minute", "minutes", "status",
                     "has_link", "has_photo", "created_at", "updated_at")
ACTIVITY_RANGES = {"staff_id": (1, 2**62), "start_minute": (0, 1439), "end_minute": (1, 1440), "minutes": (1, 1440)}
SCORE_REQUIRED = ("staff_id", "opd_code", "quarter", "working_days", "approved_minutes", "target_minutes",
                  "work_score", "competence_score", "final_score", "band", "scored_at")
SCORE_RANGES = {"staff_id": (1, 2**62), "working_days": (0, 366), "approved_minutes": (0, 10**9),
                "target_minutes": (0, 10**9)}
SCORE_FRACTIONS = {"work_score": (0, 100), "competence_score": (0, 100), "final_score": (0, 100)}
# (status, the time an activity of it cannot be without)
STATUS_TIMES = [(SUBMITTED, "submitted_at"), (APPROVED, "submitted_at"), (APPROVED, "decided_at"),
                (RETURNED, "decided_at")]


# --- rejects -------------------------------------------------------------------------------------

def activity_rejects(staged: pd.DataFrame, dimensions: Dimensions) -> pd.Series:
    reasons = checks.fitting(staged, FctKinerjaActivity, ACTIVITY_TEXTS)
    checks.required(reasons, staged, ACTIVITY_REQUIRED)
    checks.numbers(reasons, staged, ACTIVITY_RANGES)
    minutes = (staged["end_minute"] - staged["start_minute"])
    wrong = (staged["minutes"].notna() & minutes.notna() & (staged["minutes"] != minutes)).astype(bool)
    reasons[wrong] = "minutes is not end_minute - start_minute"
    checks.known(reasons, checks.texts(staged["opd_code"]), dimensions.opd, "opd_code")
    checks.known(reasons, checks.texts(staged["link_kind"]), LINK_KINDS, "link_kind")
    status = checks.texts(staged["status"])
    for named, field in STATUS_TIMES:
        reasons[((status == named) & staged[field].isna()).astype(bool)] = f"missing time: {field} (status {named})"
    before = (staged["decided_at"] < staged["submitted_at"]).fillna(False).astype(bool)
    reasons[before & status.isin((APPROVED, RETURNED))] = "decided_at lies before submitted_at"
    checks.known(reasons, status, STATUSES, "status")
    for field in ("has_link", "has_photo"):
        checks.flags(reasons, staged, field)
    checks.text_types(reasons, staged, ACTIVITY_TEXTS)
    checks.ids(reasons, staged["id"])
    checks.bad_fields(reasons, staged)  # with bad_date: the day
    return reasons


def period_rejects(staged: pd.DataFrame, dimensions: Dimensions) -> pd.Series:
    reasons = pd.Series("", index=staged.index, dtype=object)
    reasons[staged["closed_at"].isna()] = "missing time: closed_at"
    reasons[staged["activities_locked"].isna()] = "missing field: activities_locked"
    checks.numbers(reasons, staged, {"activities_locked": (0, 2**31 - 1)})
    reasons[~staged["month"].str.fullmatch(MONTH).fillna(False).astype(bool)] = "wrong month: month (YYYY-MM)"
    checks.bad_fields(reasons, staged)
    return reasons


def score_rejects(staged: pd.DataFrame, dimensions: Dimensions) -> pd.Series:
    reasons = checks.fitting(staged, FctKinerjaScore, SCORE_TEXTS)
    checks.required(reasons, staged, SCORE_REQUIRED)
    checks.numbers(reasons, staged, SCORE_RANGES)
    checks.numbers(reasons, staged, SCORE_FRACTIONS, whole=False)
    checks.known(reasons, checks.texts(staged["opd_code"]), dimensions.opd, "opd_code")
    checks.known(reasons, checks.texts(staged["band"]), BANDS, "band")
    quarter = checks.texts(staged["quarter"])
    reasons[(quarter.notna() & ~quarter.str.fullmatch(QUARTER).fillna(False)).astype(bool)] = \
        "wrong quarter: quarter (YYYY-Qn)"
    checks.text_types(reasons, staged, SCORE_TEXTS)
    checks.ids(reasons, staged["id"])
    checks.bad_fields(reasons, staged)
    return reasons


def is_month(value) -> bool:
    return isinstance(value, str) and re.fullmatch(MONTH, value) is not None


# --- facts ---------------------------------------------------------------------------------------

def fct_kinerja_activities(staged: pd.DataFrame) -> pd.DataFrame:
    facts = staged.rename(columns={"id": "activity_id"})
    facts["activity_id"] = facts["activity_id"].astype("int64")
    for column in ("staff_id", "start_minute", "end_minute", "minutes"):
        facts[column] = facts[column].astype("int64")
    facts["month"] = facts["day"].dt.strftime("%Y-%m")
    facts["day"] = facts["day"].dt.date
    facts["link_kind"] = facts["link_kind"].where(facts["link_kind"].notna(), None).astype(object)
    for column in ("has_link", "has_photo"):
        facts[column] = facts[column].astype(bool)
    decided = facts["status"].isin((APPROVED, RETURNED)) & facts["submitted_at"].notna() & facts["decided_at"].notna()
    latency = (facts["decided_at"] - facts["submitted_at"]).dt.total_seconds() // 60
    facts["approval_minutes"] = latency.where(decided).astype("Int64")
    return facts[checks.columns(FctKinerjaActivity)]


def fct_kinerja_periods(staged: pd.DataFrame) -> pd.DataFrame:
    facts = staged.copy()
    facts["activities_locked"] = facts["activities_locked"].astype("int64")
    return facts[checks.columns(FctKinerjaPeriod)]


def fct_kinerja_scores(staged: pd.DataFrame) -> pd.DataFrame:
    facts = staged.rename(columns={"id": "score_id"})
    facts["score_id"] = facts["score_id"].astype("int64")
    for column in ("staff_id", "working_days", "approved_minutes", "target_minutes"):
        facts[column] = facts[column].astype("int64")
    for column in ("work_score", "competence_score", "final_score"):
        facts[column] = facts[column].astype(float)
    return facts[checks.columns(FctKinerjaScore)]


