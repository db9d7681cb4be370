"""The incident facts from staged snapshots, and the reasons a snapshot cannot become one.

Intervals are seconds (the module's workflow defines them): processing = first dispatch -
received; response = first unit on scene - received; a dispatch's turnout = en route -
dispatched, travel = on scene - en route, response = on scene - its incident's receipt.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.clock import city_clock_column
from data.incidents.tables import FctIncident, FctIncidentCall, FctIncidentDispatch, FctIncidentUnit
from etl.jobs import Dimensions

# (name, start, end): an interval that must not be negative, per entity
INCIDENT_INTERVALS = (("processing", "received_at", "first_dispatch_at"),
                      ("response", "received_at", "first_on_scene_at"),
                      ("travel", "first_en_route_at", "first_on_scene_at"), ("closing", "received_at", "closed_at"))
DISPATCH_INTERVALS = (("turnout", "dispatched_at", "en_route_at"), ("travel", "en_route_at", "on_scene_at"),
                      ("response", "incident_received_at", "on_scene_at"), ("on scene", "on_scene_at", "cleared_at"),
                      ("dispatch", "incident_received_at", "dispatched_at"),
                      ("cancel", "dispatched_at", "cancelled_at"))
CALL_INTERVALS = (("answer", "received_at", "answered_at"),)


# --- rejects -------------------------------------------------------------------------------------

# fields a fact cannot be without (the times and codes checked on their own are not repeated here)
REQUIRED = {"incident": ("status", "source"),
            "incident_dispatch": ("incident_number", "unit_code", "unit_type", "status"),
            "incident_call": ("source", "outcome"), "incident_unit": ("unit_type", "status")}
# snapshot field -> fact column, where they differ (for the lengths the columns allow)
RENAMED = {"number": "incident_number", "id": None, "code": "unit_code"}


def incident_rejects(staged: pd.DataFrame, dimensions: Dimensions) -> pd.Series:
    reasons = _fitting(staged, "incident", FctIncident)
    reasons = _district_reasons(staged, dimensions, reasons)
    _known(reasons, staged["category_code"], dimensions.incident_categories, "category_code", allow_null=False)
    promise = staged["response_promise_seconds"]
    reasons[promise.isna() | (promise <= 0)] = "missing or not positive: response_promise_seconds"
    return _common(reasons, staged, "received_at", INCIDENT_INTERVALS)


def dispatch_rejects(staged: pd.DataFrame, dimensions: Dimensions) -> pd.Series:
    reasons = _district_reasons(staged, dimensions, _fitting(staged, "incident_dispatch", FctIncidentDispatch))
    _known(reasons, staged["category_code"], dimensions.incident_categories, "category_code", allow_null=False)
    _known(reasons, staged["agency_code"], dimensions.incident_agencies, "agency_code", allow_null=False)
    reasons[staged["incident_received_at"].isna()] = "missing time: incident_received_at"
    reasons[~staged["id"].str.fullmatch(r"\d+")] = "not a whole number: id"
    return _common(reasons, staged, "dispatched_at", DISPATCH_INTERVALS)


def call_rejects(staged: pd.DataFrame, dimensions: Dimensions) -> pd.Series:
    reasons = _fitting(staged, "incident_call", FctIncidentCall)
    _known(reasons, staged["kecamatan_code"], dimensions.kecamatan, "kecamatan_code")
    _known(reasons, staged["category_code"], dimensions.incident_categories, "category_code")
    return _common(reasons, staged, "received_at", CALL_INTERVALS)


def unit_rejects(staged: pd.DataFrame, dimensions: Dimensions) -> pd.Series:
    reasons = _fitting(staged, "incident_unit", FctIncidentUnit)
    _known(reasons, staged["agency_code"], dimensions.incident_agencies, "agency_code", allow_null=False)
    return reasons


def _district_reasons(staged: pd.DataFrame, dimensions: Dimensions, reasons: pd.Series) -> pd.Series:
    kecamatan, kelurahan = staged["kecamatan_code"], staged["kelurahan_code"]
    both = kecamatan.notna() & kelurahan.notna()
    outside = both & ~pd.Series([str(kel).startswith(f"{kec}.") for kec, kel in zip(kecamatan, kelurahan)],
                                index=staged.index, dtype=bool)
    reasons[outside] = [f"kelurahan_code {kel} lies outside kecamatan_code {kec}"
                        for kec, kel in zip(kecamatan[outside], kelurahan[outside])]
    _known(reasons, staged["kelurahan_code"], dimensions.kelurahan, "kelurahan_code")
    _known(reasons, staged["kecamatan_code"], dimensions.kecamatan, "kecamatan_code")
    return reasons


def _fitting(staged: pd.DataFrame, entity: str, model) -> pd.Series:
    """'' per snapshot, or why a field cannot be stored: missing where required, longer than its column."""
    reasons = pd.Series("", index=staged.index, dtype=object)
    columns = model.__table__.c
    for field in staged.columns:
        column = columns.get(RENAMED.get(field, field) or "")
        length = getattr(column.type, "length", None) if column is not None else None
        if length:
            lengths = staged[field].dropna().astype(str).str.len()
            reasons[lengths.index[lengths > length]] = f"too long: {field} (at most {length} characters)"
    for field in REQUIRED[entity]:
        reasons[staged[field].isna() | (staged[field] == "")] = f"missing field: {field}"
    return reasons


def _known(reasons: pd.Series, values: pd.Series, codes, field: str, allow_null: bool = True) -> None:
    """Marks the values not among `codes` (NULL is fine where the contract allows it)."""
    unknown = ~values.isin(codes) & (values.notna() if allow_null else True)
    reasons[unknown] = [f"unknown {field}: {value}" for value in values[unknown]]


def _common(reasons: pd.Series, staged: pd.DataFrame, required_time: str, intervals) -> pd.Series:
    """Negative intervals, then a missing required time, then a time that does not parse: the
    later the check, the more it explains, so it wins."""
    for name, start, end in reversed(intervals):
        negative = (staged[end] < staged[start]).fillna(False).astype(bool)
        reasons[negative] = f"negative interval: {name} ({end} before {start})"
    reasons[staged[required_time].isna()] = f"missing time: {required_time}"
    bad = staged["bad_time"] != ""
    reasons[bad] = [f"time does not parse: {field}" for field in staged.loc[bad, "bad_time"]]
    return reasons


# --- facts ---------------------------------------------------------------------------------------

def fct_incidents(staged: pd.DataFrame, categories: pd.DataFrame) -> pd.DataFrame:
    """Facts of valid incident snapshots; `categories` is dim_incident_category (lead agency, type)."""
    by_code = categories.set_index("code")
    facts = staged.rename(columns={"number": "incident_number"})
    facts["kecamatan_code"] = facts["kecamatan_code"].fillna("").astype(object)
    facts["kelurahan_code"] = facts["kelurahan_code"].fillna("").astype(object)
    facts["type"] = facts["type"].fillna(facts["category_code"].map(by_code["type"]))
    facts["priority"] = facts["priority"].fillna(facts["category_code"].map(by_code["priority"])).astype("int64")
    agencies = facts["agencies"].map(lambda value: sorted(value) if isinstance(value, list) else [])
    first_dispatched = agencies.map(lambda codes: codes[0] if codes else "")
    lead = facts["category_code"].map(by_code["lead_agency_code"]).replace("", np.nan)
    facts["lead_agency_code"] = lead.fillna(first_dispatched).astype(object)
    facts["agencies"] = agencies.map(" ".join).astype(object)
    facts["received_day"], facts["received_hour"] = city_day_and_hour(facts["received_at"])
    for column in ("units_dispatched", "calls", "casualties_injured", "casualties_dead"):
        facts[column] = facts[column].fillna(0).astype("int64")
    facts["response_promise_seconds"] = facts["response_promise_seconds"].astype("int64")
    facts["due_at"] = facts["received_at"] + pd.to_timedelta(facts["response_promise_seconds"], unit="s")
    facts["processing_seconds"] = seconds_between(facts["received_at"], facts["first_dispatch_at"])
    facts["response_seconds"] = seconds_between(facts["received_at"], facts["first_on_scene_at"])
    facts["late"] = (facts["response_seconds"] > facts["response_promise_seconds"]).fillna(False).astype(bool)
    times = ["received_at", "created_at", "first_dispatch_at", "first_en_route_at", "first_on_scene_at",
             "cleared_at", "closed_at", "cancelled_at"]
    facts["updated_at"] = facts[times].max(axis=1)
    return facts[_columns(FctIncident)]


def fct_incident_dispatches(staged: pd.DataFrame) -> pd.DataFrame:
    facts = staged.rename(columns={"id": "dispatch_id"})
    facts["dispatch_id"] = facts["dispatch_id"].astype("int64")
    facts["kecamatan_code"] = facts["kecamatan_code"].fillna("").astype(object)
    facts["kelurahan_code"] = facts["kelurahan_code"].fillna("").astype(object)
    facts["priority"] = facts["priority"].fillna(0).astype("int64")
    facts["dispatched_day"], facts["dispatched_hour"] = city_day_and_hour(facts["dispatched_at"])
    facts["turnout_seconds"] = seconds_between(facts["dispatched_at"], facts["en_route_at"])
    facts["travel_seconds"] = seconds_between(facts["en_route_at"], facts["on_scene_at"])
    facts["response_seconds"] = seconds_between(facts["incident_received_at"], facts["on_scene_at"])
    facts["on_scene_seconds"] = seconds_between(facts["on_scene_at"], facts["cleared_at"])
    facts["busy_seconds"] = seconds_between(facts["dispatched_at"], facts["cleared_at"].fillna(facts["cancelled_at"]))
    return facts[_columns(FctIncidentDispatch)]


def fct_incident_calls(staged: pd.DataFrame) -> pd.DataFrame:
    facts = staged.rename(columns={"id": "call_id"})
    facts["received_day"], facts["received_hour"] = city_day_and_hour(facts["received_at"])
    facts["answer_seconds"] = seconds_between(facts["received_at"], facts["answered_at"])
    facts["category_code"] = facts["category_code"].fillna("").astype(object)
    facts["kecamatan_code"] = facts["kecamatan_code"].fillna("").astype(object)
    facts["repeat_caller"] = facts["repeat_caller"].fillna(False).astype(bool)
    return facts[_columns(FctIncidentCall)]


def fct_incident_units(staged: pd.DataFrame) -> pd.DataFrame:
    return staged.rename(columns={"code": "unit_code"})[_columns(FctIncidentUnit)]


def city_day_and_hour(moments: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The city's day and hour of UTC moments (as complaints derive their day)."""
    local = city_clock_column(moments)
    return local.dt.date, local.dt.hour.astype("int64")


def seconds_between(start: pd.Series, end: pd.Series) -> pd.Series:
    return (end - start).dt.total_seconds().round(3)


def _columns(model) -> list[str]:
    return [column.name for column in model.__table__.columns]
