"""The e-Office facts from staged snapshots, and the reasons a snapshot cannot become one (the
later a check, the more it explains, so it wins)."""

from __future__ import annotations

import pandas as pd

from core.clock import city_day_column
from data.office.tables import FctOfficeDisposition, FctOfficeLetter
from etl.jobs import Dimensions
from etl.office.staging import DISPOSITION_TEXTS, LETTER_TEXTS
from etl import checks
from modules.office.workflow import (ARCHIVED, DISPOSITION_READ, DISPOSITION_STATUSES, DONE_DISPOSITION,
                                     FOLLOWED_UP, INCOMING, INCOMING_STATUSES, LINK_KINDS, OUTGOING,
                                     OUTGOING_STATUSES, SECURITY_LEVELS, SENT, WITHDRAWN)

LETTER_REQUIRED = ("direction", "opd_code", "status", "classification", "security", "created_at", "updated_at")
DISPOSITION_REQUIRED = ("letter_id", "opd_code", "from_staff_id", "to_staff_id", "status", "created_at",
                        "updated_at")
ID_RANGE = (1, 2**62)
DISPOSITION_RANGES = {name: ID_RANGE for name in ("letter_id", "parent_id", "from_staff_id", "to_staff_id")}
STATUSES_OF = {INCOMING: INCOMING_STATUSES, OUTGOING: OUTGOING_STATUSES}
# the step that completes a letter, per direction (workflow.DONE: followed up, or sent)
DONE_TIME = {INCOMING: "followed_up_at", OUTGOING: "sent_at"}
DISPOSITION_STATUS_TIMES = ((DISPOSITION_READ, "read_at"), (DONE_DISPOSITION, "done_at"), (WITHDRAWN, "withdrawn_at"))


# --- rejects -------------------------------------------------------------------------------------

def letter_rejects(staged: pd.DataFrame, dimensions: Dimensions) -> pd.Series:
    reasons = checks.fitting(staged, FctOfficeLetter, LETTER_TEXTS)
    checks.required(reasons, staged, LETTER_REQUIRED)
    checks.numbers(reasons, staged, {"number_year": (1900, 2999)})
    checks.known(reasons, checks.texts(staged["opd_code"]), dimensions.opd, "opd_code")
    checks.known(reasons, checks.texts(staged["security"]), SECURITY_LEVELS, "security")
    checks.known(reasons, checks.texts(staged["link_kind"]), LINK_KINDS, "link_kind")
    direction, status = checks.texts(staged["direction"]), checks.texts(staged["status"])
    for named, statuses in STATUSES_OF.items():
        wrong = ((direction == named) & status.notna() & ~status.isin(statuses)).astype(bool)
        reasons[wrong] = [f"unknown status: {value} (of an {named} letter)" for value in status[wrong]]
    for named, field in DONE_TIME.items():
        completed = _done_status(named)
        missing = (direction == named) & (status == completed) & staged[field].isna()
        reasons[missing.astype(bool)] = f"missing time: {field} (status {completed})"
    reasons[((status == ARCHIVED) & staged["archived_at"].isna()).astype(bool)] = \
        "missing time: archived_at (status archived)"
    checks.known(reasons, direction, STATUSES_OF, "direction")
    reasons[~staged["recipients"].map(_recipients_ok).astype(bool)] = \
        "wrong type: recipients (a list of {staff_id, read_at})"
    checks.text_types(reasons, staged, LETTER_TEXTS)
    checks.ids(reasons, staged["id"])
    checks.bad_fields(reasons, staged)
    return reasons


def disposition_rejects(staged: pd.DataFrame, dimensions: Dimensions) -> pd.Series:
    reasons = checks.fitting(staged, FctOfficeDisposition, DISPOSITION_TEXTS)
    checks.required(reasons, staged, DISPOSITION_REQUIRED)
    checks.numbers(reasons, staged, DISPOSITION_RANGES)
    checks.known(reasons, checks.texts(staged["opd_code"]), dimensions.opd, "opd_code")
    for field in ("read_at", "done_at", "withdrawn_at"):
        before = (staged[field] < staged["created_at"]).fillna(False).astype(bool)
        reasons[before] = f"{field} lies before created_at"
    status = checks.texts(staged["status"])
    for named, field in DISPOSITION_STATUS_TIMES:
        reasons[((status == named) & staged[field].isna()).astype(bool)] = f"missing time: {field} (status {named})"
    checks.known(reasons, status, DISPOSITION_STATUSES, "status")
    checks.text_types(reasons, staged, DISPOSITION_TEXTS)
    checks.ids(reasons, staged["id"])
    checks.bad_fields(reasons, staged)
    return reasons


def _done_status(direction: str) -> str:
    """The status the completing step gives (an archived letter may have been archived without it:
    an incoming letter for information only)."""
    return FOLLOWED_UP if direction == INCOMING else SENT


def _recipients_ok(value) -> bool:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return True  # no recipients
    if not isinstance(value, list):
        return False
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("staff_id"), int):
            return False
        read_at = item.get("read_at")
        if read_at is not None and (not isinstance(read_at, str)
                                    or pd.isna(pd.to_datetime(read_at, utc=True, format="ISO8601", errors="coerce"))):
            return False
    return True


# --- facts ---------------------------------------------------------------------------------------

def fct_office_letters(staged: pd.DataFrame) -> pd.DataFrame:
    facts = staged.rename(columns={"id": "letter_id"})
    facts["letter_id"] = facts["letter_id"].astype("int64")
    facts["number_year"] = facts["number_year"].map(lambda v: None if pd.isna(v) else int(v)).astype(object)
    facts["link_kind"] = facts["link_kind"].where(facts["link_kind"].notna(), None).astype(object)
    recipients = facts["recipients"].map(lambda v: v if isinstance(v, list) else [])
    facts["recipients"] = recipients.map(len).astype("int64")
    facts["recipients_read"] = recipients.map(lambda rs: sum(r.get("read_at") is not None for r in rs)).astype("int64")
    for column in ("letter_date", "due_date"):
        facts[column] = facts[column].dt.date.astype(object).where(facts[column].notna(), None)
    facts["done_at"] = facts["followed_up_at"].where(facts["direction"] == INCOMING, facts["sent_at"])
    facts["done_minutes"] = minutes(facts["created_at"], facts["done_at"])
    facts["created_day"] = city_day_column(facts["created_at"])
    facts["done_day"] = city_day_column(facts["done_at"])
    facts["archived_day"] = city_day_column(facts["archived_at"])
    return facts[checks.columns(FctOfficeLetter)]


def fct_office_dispositions(staged: pd.DataFrame) -> pd.DataFrame:
    facts = staged.rename(columns={"id": "disposition_id"})
    facts["disposition_id"] = facts["disposition_id"].astype("int64")
    for column in ("letter_id", "from_staff_id", "to_staff_id"):
        facts[column] = facts[column].astype("int64")
    facts["parent_id"] = facts["parent_id"].map(lambda v: None if pd.isna(v) else int(v)).astype(object)
    facts["due_date"] = facts["due_date"].dt.date.astype(object).where(facts["due_date"].notna(), None)
    facts["read_minutes"] = minutes(facts["created_at"], facts["read_at"])
    facts["done_minutes"] = minutes(facts["created_at"], facts["done_at"])
    facts["created_day"] = city_day_column(facts["created_at"])
    facts["read_day"] = city_day_column(facts["read_at"])
    facts["done_day"] = city_day_column(facts["done_at"])
    return facts[checks.columns(FctOfficeDisposition)]


def minutes(start: pd.Series, end: pd.Series) -> pd.Series:
    """Whole minutes from `start` to `end` (None when either is missing; never below 0)."""
    whole = ((end - start).dt.total_seconds() // 60).clip(lower=0)
    return whole.map(lambda v: None if pd.isna(v) else int(v)).astype(object)
