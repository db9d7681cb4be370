"""The e-Kinerja facts from staged snapshots, and the reasons a snapshot cannot become one. The
later a check, the more it explains, so it wins (a time that does not parse is named over the
missing value that follows from it)."""

from __future__ import annotations

import re

import pandas as pd

from data.kinerja.tables import FctKinerjaActivity, FctKinerjaPeriod, FctKinerjaScore
from etl.jobs import Dimensions
from etl.kinerja.staging import ACTIVITY_TEXTS, SCORE_TEXTS
from modules.kinerja.links import LINK_KINDS
from modules.kinerja.scores import BANDS
from modules.kinerja.workflow import APPROVED, RETURNED, STATUSES, SUBMITTED

ID = r"[1-9][0-9]{0,17}"  # a BigInteger's positive range, with room to spare
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
    reasons = _fitting(staged, FctKinerjaActivity, ACTIVITY_TEXTS)
    for field in ACTIVITY_REQUIRED:
        reasons[staged[field].isna() | (staged[field] == "")] = f"missing field: {field}"
    _numbers(reasons, staged, ACTIVITY_RANGES, whole=True)
    minutes = (staged["end_minute"] - staged["start_minute"])
    wrong = (staged["minutes"].notna() & minutes.notna() & (staged["minutes"] != minutes)).astype(bool)
    reasons[wrong] = "minutes is not end_minute - start_minute"
    _known(reasons, _texts(staged["opd_code"]), dimensions.opd, "opd_code")
    _known(reasons, _texts(staged["link_kind"]), LINK_KINDS, "link_kind")
    status = _texts(staged["status"])
    for named, field in STATUS_TIMES:
        reasons[((status == named) & staged[field].isna()).astype(bool)] = f"missing time: {field} (status {named})"
    before = (staged["decided_at"] < staged["submitted_at"]).fillna(False).astype(bool)
    reasons[before & status.isin((APPROVED, RETURNED))] = "decided_at lies before submitted_at"
    _known(reasons, status, STATUSES, "status")
    for field in ("has_link", "has_photo"):
        _flags(reasons, staged, field)
    _text_types(reasons, staged, ACTIVITY_TEXTS)
    _id(reasons, staged["id"])
    _bad_fields(reasons, staged)
    bad = staged["bad_date"] != ""
    reasons[bad] = "date does not parse: day (YYYY-MM-DD)"
    return reasons


def period_rejects(staged: pd.DataFrame, dimensions: Dimensions) -> pd.Series:
    reasons = pd.Series("", index=staged.index, dtype=object)
    reasons[staged["closed_at"].isna()] = "missing time: closed_at"
    reasons[staged["activities_locked"].isna()] = "missing field: activities_locked"
    _numbers(reasons, staged, {"activities_locked": (0, 2**31 - 1)}, whole=True)
    reasons[~staged["month"].str.fullmatch(MONTH).fillna(False).astype(bool)] = "wrong month: month (YYYY-MM)"
    _bad_fields(reasons, staged)
    return reasons


def score_rejects(staged: pd.DataFrame, dimensions: Dimensions) -> pd.Series:
    reasons = _fitting(staged, FctKinerjaScore, SCORE_TEXTS)
    for field in SCORE_REQUIRED:
        reasons[staged[field].isna() | (staged[field] == "")] = f"missing field: {field}"
    _numbers(reasons, staged, SCORE_RANGES, whole=True)
    _numbers(reasons, staged, SCORE_FRACTIONS, whole=False)
    _known(reasons, _texts(staged["opd_code"]), dimensions.opd, "opd_code")
    _known(reasons, _texts(staged["band"]), BANDS, "band")
    quarter = _texts(staged["quarter"])
    reasons[(quarter.notna() & ~quarter.str.fullmatch(QUARTER).fillna(False)).astype(bool)] = \
        "wrong quarter: quarter (YYYY-Qn)"
    _text_types(reasons, staged, SCORE_TEXTS)
    _id(reasons, staged["id"])
    _bad_fields(reasons, staged)
    return reasons


def whole_ids(ids: pd.Series) -> list[int]:
    """The ids that can name a stored fact (a whole number; another cannot)."""
    return [int(key) for key in ids if re.fullmatch(ID, str(key))]


def is_month(value) -> bool:
    return isinstance(value, str) and re.fullmatch(MONTH, value) is not None


def _id(reasons: pd.Series, ids: pd.Series) -> None:
    reasons[~ids.str.fullmatch(ID).fillna(False).astype(bool)] = "wrong type: id (a whole number)"


def _fitting(staged: pd.DataFrame, model, fields: tuple[str, ...]) -> pd.Series:
    reasons = pd.Series("", index=staged.index, dtype=object)
    columns = model.__table__.c
    for field in fields:
        length = columns[field].type.length
        lengths = _texts(staged[field]).dropna().str.len()
        reasons[lengths.index[lengths > length]] = f"too long: {field} (at most {length} characters)"
    return reasons


def _numbers(reasons: pd.Series, staged: pd.DataFrame, ranges: dict, whole: bool) -> None:
    for field, (low, high) in ranges.items():
        values = staged[field]
        outside = ((values < low) | (values > high)).fillna(False).astype(bool)
        reasons[outside] = f"out of range: {field} ({low} to {high})"
        if whole:
            reasons[(values.notna() & (values != values.round())).astype(bool)] = f"not a whole number: {field}"


def _flags(reasons: pd.Series, staged: pd.DataFrame, field: str) -> None:
    if _only(staged[field], "boolean"):
        return
    wrong = staged[field].notna() & ~staged[field].map(lambda v: isinstance(v, bool))
    reasons[wrong.astype(bool)] = f"wrong type: {field} (true or false)"


def _text_types(reasons: pd.Series, staged: pd.DataFrame, fields: tuple[str, ...]) -> None:
    for field in fields:
        if _only(staged[field], "string"):
            continue
        wrong = staged[field].notna() & ~staged[field].map(lambda v: isinstance(v, str))
        reasons[wrong.astype(bool)] = f"wrong type: {field} (text)"


def _bad_fields(reasons: pd.Series, staged: pd.DataFrame) -> None:
    bad = staged["bad_type"] != ""
    reasons[bad] = [f"wrong type: {field} (a number)" for field in staged.loc[bad, "bad_type"]]
    bad = staged["bad_time"] != ""
    reasons[bad] = [f"time does not parse: {field}" for field in staged.loc[bad, "bad_time"]]


def _known(reasons: pd.Series, values: pd.Series, codes, field: str) -> None:
    unknown = (values.notna() & ~values.isin(codes)).astype(bool)
    reasons[unknown] = [f"unknown {field}: {value}" for value in values[unknown]]


def _texts(values: pd.Series) -> pd.Series:
    """The texts of a column, NaN for anything else."""
    if _only(values, "string"):
        return values.astype(object).where(values.notna())
    return values.astype(object).where(values.map(lambda v: isinstance(v, str)))


def _only(values: pd.Series, kind: str) -> bool:
    """Whether every present value is of this kind (pandas' inference, one pass in C: the per-value
    checks above cost a quarter of a city-scale full refresh, and a column typed by the database
    never needs them)."""
    return pd.api.types.infer_dtype(values, skipna=True) in (kind, "empty")


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
    return facts[_columns(FctKinerjaActivity)]


def fct_kinerja_periods(staged: pd.DataFrame) -> pd.DataFrame:
    facts = staged.copy()
    facts["activities_locked"] = facts["activities_locked"].astype("int64")
    return facts[_columns(FctKinerjaPeriod)]


def fct_kinerja_scores(staged: pd.DataFrame) -> pd.DataFrame:
    facts = staged.rename(columns={"id": "score_id"})
    facts["score_id"] = facts["score_id"].astype("int64")
    for column in ("staff_id", "working_days", "approved_minutes", "target_minutes"):
        facts[column] = facts[column].astype("int64")
    for column in ("work_score", "competence_score", "final_score"):
        facts[column] = facts[column].astype(float)
    return facts[_columns(FctKinerjaScore)]


def _columns(model) -> list[str]:
    return [column.name for column in model.__table__.columns]
