"""Reject checks shared by the jobs (staff, e-Office, e-Kinerja): each marks, in a Series of reasons
('' per staged snapshot), the snapshots failing it. Called in order, the later a check the more it
explains, so it wins (a time that does not parse is named over the missing value it leaves).

A column whose values are all of the right type (always so when a full refresh reads the module's
tables as DataFrames) is recognised in one pass by pandas' inference, `only`; the test per value
runs only where something else may hide (a change-log payload): at city scale the per-value tests
cost a quarter of a full refresh."""

from __future__ import annotations

import re

import pandas as pd

ID = r"[1-9][0-9]{0,17}"  # a BigInteger's positive range, with room to spare


def fitting(staged: pd.DataFrame, model, fields: tuple[str, ...]) -> pd.Series:
    """'' per snapshot, or the text field longer than its column."""
    reasons = pd.Series("", index=staged.index, dtype=object)
    columns = model.__table__.c
    for field in fields:
        length = columns[field].type.length
        lengths = texts(staged[field]).dropna().str.len()
        reasons[lengths.index[lengths > length]] = f"too long: {field} (at most {length} characters)"
    return reasons


def required(reasons: pd.Series, staged: pd.DataFrame, fields: tuple[str, ...]) -> None:
    for field in fields:
        reasons[(staged[field].isna() | (staged[field] == "")).astype(bool)] = f"missing field: {field}"


def numbers(reasons: pd.Series, staged: pd.DataFrame, ranges: dict[str, tuple[int, int]], whole: bool = True) -> None:
    for field, (low, high) in ranges.items():
        values = staged[field]
        outside = ((values < low) | (values > high)).fillna(False).astype(bool)
        reasons[outside] = f"out of range: {field} ({low} to {high})"
        if whole:
            reasons[(values.notna() & (values != values.round())).astype(bool)] = f"not a whole number: {field}"


def flags(reasons: pd.Series, staged: pd.DataFrame, field: str) -> None:
    if only(staged[field], "boolean"):
        return
    wrong = staged[field].notna() & ~staged[field].map(lambda v: isinstance(v, bool))
    reasons[wrong.astype(bool)] = f"wrong type: {field} (true or false)"


def text_types(reasons: pd.Series, staged: pd.DataFrame, fields: tuple[str, ...]) -> None:
    for field in fields:
        if only(staged[field], "string"):
            continue
        wrong = staged[field].notna() & ~staged[field].map(lambda v: isinstance(v, str))
        reasons[wrong.astype(bool)] = f"wrong type: {field} (text)"


def known(reasons: pd.Series, values: pd.Series, codes, field: str) -> None:
    """Marks the values not among `codes` (a missing value is the required check's)."""
    unknown = (values.notna() & ~values.isin(list(codes))).astype(bool)
    reasons[unknown] = [f"unknown {field}: {value}" for value in values[unknown]]


def ids(reasons: pd.Series, values: pd.Series) -> None:
    reasons[~values.astype(str).str.fullmatch(ID).fillna(False).astype(bool)] = "wrong type: id (a whole number)"


def bad_fields(reasons: pd.Series, staged: pd.DataFrame) -> None:
    bad = staged["bad_type"] != ""
    reasons[bad] = [f"wrong type: {field} (a number)" for field in staged.loc[bad, "bad_type"]]
    bad = staged["bad_time"] != ""
    reasons[bad] = [f"time does not parse: {field}" for field in staged.loc[bad, "bad_time"]]
    if "bad_date" in staged:
        bad = staged["bad_date"] != ""
        reasons[bad] = [f"date does not parse: {field} (YYYY-MM-DD)" for field in staged.loc[bad, "bad_date"]]


def whole_ids(values: pd.Series) -> list[int]:
    """The ids that can name a stored fact (a whole number; another cannot)."""
    return [int(v) for v in values.astype(str) if re.fullmatch(ID, v)]


def texts(values: pd.Series) -> pd.Series:
    """The values that are text (another type is named by its own check), NaN for the rest."""
    if only(values, "string"):
        return values.astype(object).where(values.notna())
    return values.astype(object).where(values.map(lambda v: isinstance(v, str)))


def only(values: pd.Series, kind: str) -> bool:
    """Whether every present value is of this kind of pandas' inference ("string", "boolean",
    "date"...), in one pass in C."""
    return pd.api.types.infer_dtype(values, skipna=True) in (kind, "empty")


def with_dates(frame: pd.DataFrame, fields: tuple[str, ...]) -> pd.DataFrame:
    """'YYYY-MM-DD' fields (or dates, as a database gives them) as timestamps (NaT when missing);
    the first that does not parse is named in `bad_date`."""
    frame["bad_date"] = ""
    for field in reversed(fields):
        raw = frame[field]
        if only(raw, "date"):
            text = raw
        elif only(raw, "string"):
            text = raw.where(raw.str.len() == 10)
        else:
            text = raw.where(raw.map(lambda v: isinstance(v, str) and len(v) == 10))
        parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce").astype("datetime64[s]")  # whole days
        frame.loc[(raw.notna() & parsed.isna()).astype(bool), "bad_date"] = field
        frame[field] = parsed
    return frame


def id_as_text(change: dict, entities: tuple[str, ...]) -> dict:
    """An id (a number in the payload) as text, so that 7 never stages as '7.0'."""
    payload = change["payload"]
    if change["entity"] not in entities or not isinstance(payload, dict):
        return change
    number = payload.get("id")
    if isinstance(number, int) and not isinstance(number, bool):
        return {**change, "payload": {**payload, "id": str(number)}}
    return change


def columns(model) -> list[str]:
    return [column.name for column in model.__table__.columns]
