"""The infrastructure facts from staged snapshots, and the reasons a snapshot cannot become one.

A reason names the field and what is wrong with it; a snapshot with a reason becomes no fact (and
loses the fact an earlier snapshot of it made) and goes to etl_rejects. When a snapshot has
several faults, the first check below that fails names it.
"""

from __future__ import annotations

import pandas as pd

from core.clock import city_day_column
from data.infrastructure.tables import DEVICE_DIMENSIONS, FctInfraDevice, FctInfraEvent, FctInfraOutage
from etl.jobs import Dimensions
from modules.infrastructure.kinds import DEVICE_KINDS, OUTAGE_STATES, PROBE_KINDS, STATES

# snapshot field -> fact column, where they differ (for the lengths the columns allow)
RENAMED = {"code": "device_code", "id": None}


# --- rejects -------------------------------------------------------------------------------------

def device_rejects(staged: pd.DataFrame, dimensions: Dimensions) -> pd.Series:
    """'' per device snapshot, or why it cannot become a fact."""
    checks = [
        _missing(staged, "code"), _missing(staged, "kind"), _missing(staged, "name"), _missing(staged, "probe"),
        _too_long(staged, FctInfraDevice),
        _unknown(staged["kind"], DEVICE_KINDS, "kind"), _unknown(staged["probe"], PROBE_KINDS, "probe"),
        _unknown(staged["kecamatan_code"], dimensions.kecamatan, "kecamatan_code"),
        _unknown(staged["kelurahan_code"], dimensions.kelurahan, "kelurahan_code"),
        _outside_kecamatan(staged), _unknown(staged["opd_code"], dimensions.opd, "opd_code"),
        (staged["bad_type"] != "", "not a number: " + staged["bad_type"]),
        (~staged["slo_percent"].between(0, 100, inclusive="right") & staged["slo_percent"].notna(),
         "out of range: slo_percent (above 0, at most 100)"),
        (~staged["parents"].map(_codes_or_none), "not a list of device codes: parents"),
        (~staged["active"].map(lambda v: isinstance(v, bool)), "not true or false: active"),
        _bad_time(staged),
    ]
    return _first_reasons(staged, checks)


def event_rejects(staged: pd.DataFrame) -> pd.Series:
    """'' per event snapshot, or why it cannot become a fact."""
    checks = [
        (~staged["id"].str.fullmatch(r"\d+"), "not a whole number: id"),
        _missing(staged, "device_code"), _missing(staged, "kind"), _missing(staged, "state"),
        _missing(staged, "source"), _too_long(staged, FctInfraEvent),
        _unknown(staged["kind"], DEVICE_KINDS, "kind"), _unknown(staged["state"], STATES, "state"),
        _bad_time(staged),
        (staged["started_at"].isna(), "missing time: started_at"),
        ((staged["ended_at"] < staged["started_at"]).fillna(False).astype(bool),
         "negative interval: ended_at before started_at"),
    ]
    return _first_reasons(staged, checks)


def _first_reasons(staged: pd.DataFrame, checks: list[tuple]) -> pd.Series:
    """Each row's first failing check's reason ('' when none fails)."""
    reasons = pd.Series("", index=staged.index, dtype=object)
    for failed, reason in reversed(checks):
        failed = pd.Series(failed, index=staged.index).fillna(False).astype(bool)
        if failed.any():
            reasons[failed] = reason[failed] if isinstance(reason, pd.Series) else reason
    return reasons


def _missing(staged: pd.DataFrame, field: str) -> tuple:
    values = staged[field]
    blank = values.map(lambda v: isinstance(v, str) and not v.strip())
    return values.isna() | blank, f"missing field: {field}"


def _too_long(staged: pd.DataFrame, model) -> tuple:
    """Fields longer than their column allows (the first such field is named)."""
    failed = pd.Series(False, index=staged.index)
    reason = pd.Series("", index=staged.index, dtype=object)
    columns = model.__table__.c
    for field in reversed(staged.columns):
        column = columns.get(RENAMED.get(field, field) or "")
        length = getattr(column.type, "length", None) if column is not None else None
        if not length:
            continue
        texts = staged[field].where(staged[field].map(lambda v: isinstance(v, str)))
        long = texts.str.len().gt(length).fillna(False).astype(bool)
        failed |= long
        reason[long] = f"too long: {field} (at most {length} characters)"
    return failed, reason


def _unknown(values: pd.Series, codes, field: str) -> tuple:
    """Values not among `codes` (NULL is fine: a required field is checked as missing first)."""
    unknown = values.notna() & ~values.isin(list(codes))
    return unknown, f"unknown {field}: " + values.astype(str)


def _outside_kecamatan(staged: pd.DataFrame) -> tuple:
    kecamatan, kelurahan = staged["kecamatan_code"], staged["kelurahan_code"]
    inside = [not isinstance(kel, str) or not isinstance(kec, str) or kel.startswith(f"{kec}.")
              for kec, kel in zip(kecamatan, kelurahan)]
    reason = "kelurahan_code " + kelurahan.astype(str) + " lies outside kecamatan_code " + kecamatan.astype(str)
    return ~pd.Series(inside, index=staged.index, dtype=bool), reason


def _bad_time(staged: pd.DataFrame) -> tuple:
    return staged["bad_time"] != "", "time does not parse: " + staged["bad_time"]


def _codes_or_none(value) -> bool:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return True
    return isinstance(value, list) and all(isinstance(code, str) and code for code in value)


# --- facts ---------------------------------------------------------------------------------------

def fct_infra_devices(staged: pd.DataFrame) -> pd.DataFrame:
    facts = staged.rename(columns={"code": "device_code"})
    for column in DEVICE_DIMENSIONS:
        facts[column] = facts[column].where(facts[column].notna(), "").astype(object)
    facts["parents"] = facts["parents"].map(lambda codes: " ".join(sorted(codes)) if isinstance(codes, list) else "")
    facts["active"] = facts["active"].astype(bool)
    return facts[_columns(FctInfraDevice)]


def fct_infra_events(staged: pd.DataFrame, devices: pd.DataFrame) -> pd.DataFrame:
    """Facts of valid event snapshots; `devices` holds the dimensions of their devices (indexed by
    device_code; a device not in it gives ''), see device_dimensions."""
    facts = staged.rename(columns={"id": "event_id"})
    facts["event_id"] = facts["event_id"].astype("int64")
    facts["started_day"] = city_day_column(facts["started_at"])
    facts["detail"] = facts["detail"].where(facts["detail"].notna(), "").astype(str)
    for column in ("root_cause_code", "suppressed_by"):
        facts[column] = facts[column].where(facts[column].notna(), None).astype(object)
    for column in DEVICE_DIMENSIONS:
        facts[column] = facts["device_code"].map(devices[column]).fillna("").astype(object)
    return facts[_columns(FctInfraEvent)]


def fct_infra_outages(events: pd.DataFrame) -> pd.DataFrame:
    """The outage facts among event facts: their duration (NULL while open) and whether the
    device is its own root cause."""
    facts = events[events["state"].isin(OUTAGE_STATES)].copy()
    facts["duration_seconds"] = (facts["ended_at"] - facts["started_at"]).dt.total_seconds().round(3)
    facts["own"] = (facts["root_cause_code"] == facts["device_code"]).astype(bool)
    return facts[_columns(FctInfraOutage)]


def device_dimensions(devices: pd.DataFrame) -> pd.DataFrame:
    """fct_infra_devices rows -> their dimensions indexed by device_code."""
    return devices.set_index("device_code")[list(DEVICE_DIMENSIONS) + ["kind"]]


def _columns(model) -> list[str]:
    return [column.name for column in model.__table__.columns]
