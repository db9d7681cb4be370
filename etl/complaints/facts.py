"""fct_complaints: one row per complaint with its SLA outcomes; rows that cannot be placed are rejected."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.clock import city_clock_column
from data.complaints.tables import SLA_BREACHED, SLA_MET, SLA_PENDING
from modules.complaints.statuses import OPEN_STATUSES

FACT_COLUMNS = ["complaint_id", "ticket", "channel", "category_code", "opd_code", "status", "is_open",
                "kecamatan_code", "kelurahan_code", "rw", "rt", "lat", "lon", "received_at", "received_day",
                "first_response_at", "feedback_at", "resolved_at", "closed_at", "first_response_due_at",
                "feedback_due_at", "minutes_to_first_response", "minutes_to_feedback", "first_response_sla",
                "feedback_sla", "duplicate_of_id", "rejection_reason", "updated_at"]


def reject_reasons(snapshots: pd.DataFrame, categories: set[str], kecamatan: set[str]) -> pd.Series:
    """A reason per snapshot that cannot become a fact, '' for the good ones."""
    has_point = snapshots["lat"].notna() & snapshots["lon"].notna()
    no_district = snapshots["kecamatan_code"].isna()
    reasons = pd.Series("", index=snapshots.index, dtype=object)
    reasons[~snapshots["kecamatan_code"].isna() & ~snapshots["kecamatan_code"].isin(kecamatan)] = "unknown kecamatan"
    reasons[has_point & no_district] = "point lies in no district"
    reasons[~snapshots["category_code"].isin(categories)] = "unknown category"
    reasons[snapshots["received_at"].isna()] = "no receipt time"
    return reasons


def fct_complaints(snapshots: pd.DataFrame) -> pd.DataFrame:
    """Facts from valid snapshots (call `reject_reasons` first and pass only the good ones)."""
    facts = snapshots.rename(columns={"id": "complaint_id"})
    facts["opd_code"] = facts["opd_code"].fillna("")
    facts["kecamatan_code"] = facts["kecamatan_code"].fillna("")
    facts["kelurahan_code"] = facts["kelurahan_code"].fillna("")
    facts["is_open"] = facts["status"].isin(OPEN_STATUSES)  # one meaning of "open": statuses.py
    facts["received_day"] = city_clock_column(facts["received_at"]).dt.date
    facts["minutes_to_first_response"] = _minutes_between(facts["received_at"], facts["first_response_at"])
    facts["minutes_to_feedback"] = _minutes_between(facts["received_at"], facts["feedback_at"])
    facts["first_response_sla"] = sla_outcome(facts["first_response_at"], facts["first_response_due_at"],
                                              facts["first_response_breached_at"])
    facts["feedback_sla"] = sla_outcome(facts["feedback_at"], facts["feedback_due_at"], facts["feedback_breached_at"])
    return facts[FACT_COLUMNS]


def sla_outcome(done_at: pd.Series, due_at: pd.Series, breached_at: pd.Series) -> pd.Series:
    """met: done by the due time; breached: done late or a breach was recorded; else pending."""
    met = done_at.notna() & (done_at <= due_at) & breached_at.isna()
    breached = breached_at.notna() | (done_at.notna() & (done_at > due_at))
    return pd.Series(np.select([met, breached], [SLA_MET, SLA_BREACHED], SLA_PENDING), index=done_at.index)


def _minutes_between(start: pd.Series, end: pd.Series) -> pd.Series:
    return ((end - start).dt.total_seconds() / 60).round(3)
