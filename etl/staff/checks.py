"""Reject checks shared by the staff and e-Office jobs: each marks, in a Series of reasons ('' per
staged snapshot), the snapshots failing it. Called in order, the later a check the more it
explains, so it wins (a time that does not parse is named over the missing value it leaves)."""

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
        lengths = texts(staged[field]).dropna().map(len)
        reasons[lengths.index[lengths > length]] = f"too long: {field} (at most {length} characters)"
    return reasons


def required(reasons: pd.Series, staged: pd.DataFrame, fields: tuple[str, ...]) -> None:
    for field in fields:
        reasons[(staged[field].isna() | (staged[field] == "")).astype(bool)] = f"missing field: {field}"


def numbers(reasons: pd.Series, staged: pd.DataFrame, ranges: dict[str, tuple[int, int]]) -> None:
    for field, (low, high) in ranges.items():
        values = staged[field]
        reasons[((values < low) | (values > high)).fillna(False).astype(bool)] = f"out of range: {field} ({low} to {high})"
        reasons[(values.notna() & (values != values.round())).astype(bool)] = f"not a whole number: {field}"


def flags(reasons: pd.Series, staged: pd.DataFrame, field: str) -> None:
    wrong = staged[field].notna() & ~staged[field].map(lambda v: isinstance(v, bool))
    reasons[wrong.astype(bool)] = f"wrong type: {field} (true or false)"


def text_types(reasons: pd.Series, staged: pd.DataFrame, fields: tuple[str, ...]) -> None:
    for field in fields:
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
    return values.astype(object).where(values.map(lambda v: isinstance(v, str)))


def with_dates(frame: pd.DataFrame, fields: tuple[str, ...]) -> pd.DataFrame:
    """'YYYY-MM-DD' fields as timestamps (NaT when missing); the first that does not parse is named
    in `bad_date`."""
    frame["bad_date"] = ""
    for field in reversed(fields):
        raw = frame[field]
        text = raw.where(raw.map(lambda v: isinstance(v, str) and len(v) == 10))
        parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
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
