"""The Sipandu facts from staged snapshots, and the reasons a snapshot cannot become one.

A newcomer's fact keeps his record's pseudonymous state (nothing personal is in the snapshot) and
the city's week of each step (data/sipandu/tables.py WEEK_COLUMNS): the weekly aggregate counts a
record in the week each step happened, so the aggregate is rebuilt from the facts in the database.
"""

from __future__ import annotations

import pandas as pd

from core.clock import city_clock_column
from core.reference import rt_unit_code
from data.sipandu.tables import FctSipanduKos, FctSipanduNewcomer
from etl.jobs import Dimensions
from etl.sipandu.staging import KOS_TEXTS, NEWCOMER_FLAGS, NEWCOMER_TEXTS
from modules.sipandu.checks import PURPOSES
from modules.sipandu.regions import region_names
from modules.sipandu.workflow import ACTIVE, ENDED, MOVED_OUT, REJECTED, REJECTION_REASONS, STATUSES

NEWCOMER_REQUIRED = ("kecamatan_code", "kelurahan_code", "rw", "rt", "origin_regency", "purpose", "status",
                     "duplicate_flag", "reported_in_time")
KOS_REQUIRED = ("kecamatan_code", "kelurahan_code", "rw", "rt", "capacity", "active")
# what the facts' columns hold (a value outside would fail the whole batch on PostgreSQL)
NEWCOMER_RANGES = {"rw": (1, 999), "rt": (1, 999)}
KOS_RANGES = {"rw": (1, 999), "rt": (1, 999), "capacity": (0, 100_000)}
# (status, the time a record of it cannot be without)
STATUS_TIMES = [(ACTIVE, "verified_at"), (MOVED_OUT, "left_at"), *((status, "ended_at") for status in ENDED)]
NEWCOMER_ID = r"[1-9][0-9]{0,17}"  # a BigInteger's positive range, with room to spare


# --- rejects -------------------------------------------------------------------------------------

def newcomer_rejects(staged: pd.DataFrame, dimensions: Dimensions) -> pd.Series:
    """'' per snapshot, or why it cannot become a fact. The later a check, the more it explains,
    so it wins: a time that does not parse or a field of the wrong type is named over what follows
    from it (a missing value, say)."""
    reasons = _fitting(staged, FctSipanduNewcomer, NEWCOMER_TEXTS)  # the id is checked below: a whole number
    for field in NEWCOMER_REQUIRED:
        reasons[staged[field].isna() | (staged[field] == "")] = f"missing field: {field}"
    _numbers(reasons, staged, NEWCOMER_RANGES)
    _place(reasons, staged, dimensions)
    for field in ("origin_regency", "destination_regency"):
        _known(reasons, _texts(staged[field]), region_names("regency"), field)
    _known(reasons, _texts(staged["purpose"]), PURPOSES, "purpose")
    _lifecycle(reasons, staged)
    for field in ("arrived_at", "recorded_at"):
        reasons[staged[field].isna()] = f"missing time: {field}"
    for field in NEWCOMER_FLAGS:
        _flags(reasons, staged, field)
    _text_types(reasons, staged, NEWCOMER_TEXTS)
    reasons[~staged["id"].str.fullmatch(NEWCOMER_ID).fillna(False).astype(bool)] = "wrong type: id (a whole number)"
    _bad_fields(reasons, staged)
    bad = staged["bad_date"] != ""
    reasons[bad] = [f"date does not parse: {field} (YYYY-MM-DD)" for field in staged.loc[bad, "bad_date"]]
    return reasons


def kos_rejects(staged: pd.DataFrame, dimensions: Dimensions) -> pd.Series:
    """'' per boarding-house snapshot, or why it cannot become a fact (as newcomer_rejects)."""
    reasons = _fitting(staged, FctSipanduKos, ("code", *KOS_TEXTS), {"code": "kos_code"})
    for field in KOS_REQUIRED:
        reasons[staged[field].isna() | (staged[field] == "")] = f"missing field: {field}"
    _numbers(reasons, staged, KOS_RANGES)
    _place(reasons, staged, dimensions)
    _flags(reasons, staged, "active")
    _text_types(reasons, staged, KOS_TEXTS)
    _bad_fields(reasons, staged)
    return reasons


def _fitting(staged: pd.DataFrame, model, fields: tuple[str, ...], renamed: dict[str, str] | None = None) -> pd.Series:
    """'' per snapshot, or the text field longer than its column (`renamed`: field -> column)."""
    reasons = pd.Series("", index=staged.index, dtype=object)
    columns = model.__table__.c
    for field in fields:
        length = columns[(renamed or {}).get(field, field)].type.length
        lengths = _texts(staged[field]).dropna().map(len)
        reasons[lengths.index[lengths > length]] = f"too long: {field} (at most {length} characters)"
    return reasons


def _numbers(reasons: pd.Series, staged: pd.DataFrame, ranges: dict[str, tuple[int, int]]) -> None:
    for field, (low, high) in ranges.items():
        values = staged[field]
        outside = ((values < low) | (values > high)).fillna(False).astype(bool)
        reasons[outside] = f"out of range: {field} ({low} to {high})"
        reasons[(values.notna() & (values != values.round())).astype(bool)] = f"not a whole number: {field}"


def _place(reasons: pd.Series, staged: pd.DataFrame, dimensions: Dimensions) -> None:
    """The RT must be one of the city's (the dimension), its kelurahan inside its kecamatan, and both
    known; the district's reason is named over the RT's."""
    kecamatan, kelurahan = _texts(staged["kecamatan_code"]), _texts(staged["kelurahan_code"])
    rw, rt = staged["rw"], staged["rt"]
    placed = kelurahan.notna() & _whole_within(rw, NEWCOMER_RANGES["rw"]) & _whole_within(rt, NEWCOMER_RANGES["rt"])
    unknown = placed & ~pd.Series([rt_unit_code(kel, int(w), int(t)) in dimensions.sipandu_rts if ok else True
                                   for kel, w, t, ok in zip(kelurahan, rw, rt, placed)], index=staged.index, dtype=bool)
    reasons[unknown] = [f"unknown RT: {kel} RW {int(w)} RT {int(t)}"
                        for kel, w, t in zip(kelurahan[unknown], rw[unknown], rt[unknown])]
    both = kecamatan.notna() & kelurahan.notna()
    outside = both & ~pd.Series([str(kel).startswith(f"{kec}.") for kec, kel in zip(kecamatan, kelurahan)],
                                index=staged.index, dtype=bool)
    reasons[outside] = [f"kelurahan_code {kel} lies outside kecamatan_code {kec}"
                        for kec, kel in zip(kecamatan[outside], kelurahan[outside])]
    _known(reasons, kelurahan, dimensions.kelurahan, "kelurahan_code")
    _known(reasons, kecamatan, dimensions.kecamatan, "kecamatan_code")


def _whole_within(values: pd.Series, bounds: tuple[int, int]) -> pd.Series:
    low, high = bounds
    return (values.notna() & (values == values.round()) & (values >= low) & (values <= high)).astype(bool)


def _lifecycle(reasons: pd.Series, staged: pd.DataFrame) -> None:
    """The times a status implies (workflow.py), the rejection's reason, the order of the times."""
    status, reason = _texts(staged["status"]), _texts(staged["rejection_reason"])
    for field, earlier in (("recorded_at", "arrived_at"), ("left_at", "arrived_at")):
        before = (staged[field] < staged[earlier]).fillna(False).astype(bool)
        reasons[before] = f"{field} lies before {earlier}"
    for named, field in STATUS_TIMES:
        reasons[(status == named) & staged[field].isna()] = f"missing time: {field} (status {named})"
    rejected = status == REJECTED
    _known(reasons, reason.where(rejected), REJECTION_REASONS, "rejection_reason")
    reasons[rejected & reason.isna()] = "missing field: rejection_reason (of a rejected record)"
    _known(reasons, status, STATUSES, "status")


def _flags(reasons: pd.Series, staged: pd.DataFrame, field: str) -> None:
    wrong = staged[field].notna() & ~staged[field].map(lambda v: isinstance(v, bool))
    reasons[wrong] = f"wrong type: {field} (true or false)"


def _text_types(reasons: pd.Series, staged: pd.DataFrame, fields: tuple[str, ...]) -> None:
    for field in fields:
        wrong = staged[field].notna() & ~staged[field].map(lambda v: isinstance(v, str))
        reasons[wrong] = f"wrong type: {field} (text)"


def _bad_fields(reasons: pd.Series, staged: pd.DataFrame) -> None:
    bad = staged["bad_type"] != ""
    reasons[bad] = [f"wrong type: {field} (a number)" for field in staged.loc[bad, "bad_type"]]
    bad = staged["bad_time"] != ""
    reasons[bad] = [f"time does not parse: {field}" for field in staged.loc[bad, "bad_time"]]


def _known(reasons: pd.Series, values: pd.Series, codes, field: str) -> None:
    """Marks the values not among `codes` (a missing value is the required check's)."""
    unknown = values.notna() & ~values.isin(codes)
    reasons[unknown] = [f"unknown {field}: {value}" for value in values[unknown]]


def _texts(values: pd.Series) -> pd.Series:
    """The values that are text (another type is named by its own check), NaN for the rest."""
    return values.astype(object).where(values.map(lambda v: isinstance(v, str)))


# --- facts ---------------------------------------------------------------------------------------

def fct_sipandu_newcomers(staged: pd.DataFrame) -> pd.DataFrame:
    """Facts of valid newcomer snapshots, with the city's week of each step."""
    facts = staged.rename(columns={"id": "newcomer_id"})
    facts["newcomer_id"] = facts["newcomer_id"].astype("int64")
    for column in ("rw", "rt"):
        facts[column] = facts[column].astype("int64")
    for column in ("kos_code", "rejection_reason", "destination_regency"):
        facts[column] = facts[column].where(facts[column].notna(), None).astype(object)
    facts["origin_province"] = facts["origin_regency"].str[:2]
    minutes = (facts["recorded_at"] - facts["arrived_at"]).dt.total_seconds() // 60
    facts["report_minutes"] = minutes.astype("int64")
    for column in NEWCOMER_FLAGS:
        facts[column] = facts[column].astype(bool)
    facts["stay_until"] = facts["stay_until"].dt.date
    for week, moment in (("arrival_week", "arrived_at"), ("recorded_week", "recorded_at"),
                         ("verified_week", "verified_at"), ("left_week", "left_at"), ("ended_week", "ended_at")):
        facts[week] = city_week(facts[moment])
    facts["arrival_month"] = city_month(facts["arrived_at"])
    return facts[_columns(FctSipanduNewcomer)]


def fct_sipandu_kos(staged: pd.DataFrame) -> pd.DataFrame:
    facts = staged.rename(columns={"code": "kos_code"})
    for column in ("rw", "rt", "capacity"):
        facts[column] = facts[column].astype("int64")
    facts["active"] = facts["active"].astype(bool)
    return facts[_columns(FctSipanduKos)]


def city_week(moments: pd.Series) -> pd.Series:
    """The Monday of the city's week (WIB: UTC+7 all year) of UTC moments; NaT stays NaT."""
    days = _city_days(moments)
    return (days - pd.to_timedelta(days.dt.day_of_week, unit="D")).dt.date


def city_month(moments: pd.Series) -> pd.Series:
    """The first day of the city's month of UTC moments."""
    days = _city_days(moments)
    return (days - pd.to_timedelta(days.dt.day - 1, unit="D")).dt.date


def _city_days(moments: pd.Series) -> pd.Series:
    return city_clock_column(moments).dt.normalize()


def _columns(model) -> list[str]:
    return [column.name for column in model.__table__.columns]
