"""The inventory: devices registered, changed, switched off, and imported or exported as CSV.

Every write goes through `save_rows`: all rows are checked first (checks.py for each field, then
against the database and each other: known parents, OPDs, contracts and kelurahan, points inside
the city, no cycle through the parents), and a single bad field refuses the whole batch with every
row's problems (InfraImportError), so nothing is half-written. A new device starts UNKNOWN (no data
yet) with its first state change; every device whose row or parents changed is logged
(`infrastructure_device`).

CSV, import and export alike: the columns of checks.COLUMNS, a header row, UTF-8; `parents` is
`;`-separated codes; `row` in an error is the line number in the file (the header is line 1).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.changelog import record_changes_bulk
from core.clock import now_or
from core.reference import Kelurahan, Opd
from core.users import Viewer
from modules.infrastructure.access import require_editor
from modules.infrastructure.checks import COLUMNS, Problem, check_row, text_of
from modules.infrastructure.errors import InfraImportError, InfraNotFound, InfraValidationError, RowError
from modules.infrastructure.kinds import UNKNOWN
from modules.infrastructure.models import InfraContract, InfraDevice, InfraDeviceParent, InfraDeviceState, InfraEvent
from modules.infrastructure.recording import begin_write, log_device
from modules.infrastructure.settings import InfrastructureSettings
from modules.infrastructure.snapshot import (DEVICE, EVENT, OPERATION, SNAPSHOT_VERSION, device_snapshot,
                                             event_snapshot)

REGISTERED_DETAIL = "registered"


def section_of(settings) -> InfrastructureSettings:
    """The [infrastructure] settings from the app's Settings, the section itself, or the defaults."""
    if settings is None:
        return InfrastructureSettings()
    return settings if isinstance(settings, InfrastructureSettings) else settings.infrastructure


# --- one device ---------------------------------------------------------------------------------------

def register_device(session: Session, actor: Viewer, settings=None, now: datetime | None = None,
                    **fields: Any) -> InfraDevice:
    """A new device from its fields (the CSV's columns; `parents` a list or "A;B"). A code that
    exists already is refused; the first problem is raised (`.errors` holds them all)."""
    require_editor(actor)
    code = text_of(fields.get("code"))
    if code and session.get(InfraDevice, code) is not None:
        raise InfraValidationError("code", "infra_code_exists", value=code)
    return _save_one(session, actor, settings, now, fields)


def update_device(session: Session, actor: Viewer, code: str, settings=None, now: datetime | None = None,
                  **changes: Any) -> InfraDevice:
    """Changes some fields of a device (the others stay as they are), checked as a whole row."""
    require_editor(actor)
    device = device_by_code(session, code)
    row = device_row(device, parents_of(session, [device.code])[device.code]) | changes | {"code": device.code}
    if ({"lat", "lon"} & set(changes)) and "kelurahan_code" not in changes:
        row["kelurahan_code"] = ""  # a moved point finds its own kelurahan
    return _save_one(session, actor, settings, now, row)


def set_active(session: Session, actor: Viewer, code: str, active: bool, now: datetime | None = None) -> InfraDevice:
    """Switches a device off (no longer probed, its history kept) or on again."""
    require_editor(actor)
    begin_write(session)
    device = device_by_code(session, code)
    if device.active != bool(active):
        device.active, device.updated_at = bool(active), now_or(now)
        log_device(session, device)
    return device


def device_by_code(session: Session, code: str) -> InfraDevice:
    found = session.get(InfraDevice, text_of(code)) if code else None
    if found is None:
        raise InfraNotFound("device_code", "infra_not_found", thing="device", key=code)
    return found


def _save_one(session: Session, actor: Viewer, settings, now, fields: dict[str, Any]) -> InfraDevice:
    try:
        save_rows(session, actor, [fields], settings, now)
    except InfraImportError as refused:
        first = refused.errors[0]
        error = InfraValidationError(first.field, first.code, **first.params)
        error.errors = refused.errors
        raise error from None
    return session.get(InfraDevice, text_of(fields.get("code")))


# --- many devices -----------------------------------------------------------------------------------

def import_csv(session: Session, actor: Viewer, content: str | bytes, settings=None,
               now: datetime | None = None) -> dict[str, int]:
    """Registers or updates every device of a CSV file, or none: {"created": n, "updated": n,
    "unchanged": n}. Any bad row raises InfraImportError with every row's problems."""
    require_editor(actor)
    if isinstance(content, bytes):
        content = content.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise InfraImportError([RowError(1, "header", "infra_import_header",
                                         {"missing": ", ".join(missing), "expected": ",".join(COLUMNS)})])
    rows = list(reader)
    if not rows:
        raise InfraImportError([RowError(1, "file", "infra_import_empty")])
    return save_rows(session, actor, rows, settings, now, first_row=2)


def save_rows(session: Session, actor: Viewer, rows: list[dict[str, Any]], settings=None,
              now: datetime | None = None, first_row: int = 1) -> dict[str, int]:
    """Checks every row, then writes them all (create or update by code) or raises InfraImportError."""
    require_editor(actor)
    begin_write(session)
    now, defaults = now_or(now), section_of(settings)
    checked = [check_row(row, defaults) for row in rows]
    errors = [RowError(first_row + index, field, code, params)
              for index, (_clean, problems) in enumerate(checked) for field, code, params in problems]
    cleans = [clean for clean, _problems in checked]
    errors += _check_against_database(session, cleans, first_row)
    if errors:
        raise InfraImportError(sorted(errors, key=lambda e: (e.row, COLUMNS.index(e.field)
                                                             if e.field in COLUMNS else -1)))
    return _write(session, cleans, now)


def _check_against_database(session: Session, rows: list[dict[str, Any]], first_row: int) -> list[RowError]:
    errors: list[RowError] = []

    def add(index: int, problem: Problem) -> None:
        field, code, params = problem
        errors.append(RowError(first_row + index, field, code, params))

    seen: dict[str, int] = {}
    for index, row in enumerate(rows):
        if row["code"] in seen:
            add(index, ("code", "infra_code_twice", {"value": row["code"], "row": first_row + seen[row["code"]]}))
        seen.setdefault(row["code"], index)
    _check_codes(session, rows, add)
    _check_places(session, rows, add)
    _check_parents(session, rows, add)
    return errors


def _check_codes(session: Session, rows: list[dict[str, Any]], add) -> None:
    opds = set(session.scalars(select(Opd.code)))
    contracts = set(session.scalars(select(InfraContract.code)))
    for index, row in enumerate(rows):
        if row["opd_code"] and row["opd_code"] not in opds:
            add(index, ("opd_code", "infra_unknown_code", {"thing": "OPD", "value": row["opd_code"]}))
        if row["contract_code"] and row["contract_code"] not in contracts:
            add(index, ("contract_code", "infra_unknown_code", {"thing": "contract", "value": row["contract_code"]}))


def _check_places(session: Session, rows: list[dict[str, Any]], add) -> None:
    """The point's kelurahan and kecamatan (geo/, in bulk); a kelurahan alone must be known."""
    kecamatan_of = dict(session.execute(select(Kelurahan.code, Kelurahan.kecamatan_code)).all())
    located = [index for index, row in enumerate(rows) if row["lat"] is not None]
    found = _locate([rows[i]["lat"] for i in located], [rows[i]["lon"] for i in located]) if located else []
    for index, place in zip(located, found):
        row = rows[index]
        if place is None:
            add(index, ("lat", "infra_outside_city", {"lat": row["lat"], "lon": row["lon"]}))
        elif row["kelurahan_code"] and row["kelurahan_code"] != place[1]:
            add(index, ("kelurahan_code", "infra_kelurahan_differs", {"value": row["kelurahan_code"],
                                                                      "found": place[1]}))
        else:
            row["kecamatan_code"], row["kelurahan_code"] = place
    for index, row in enumerate(rows):
        if row["lat"] is not None:
            continue
        if row["kelurahan_code"] and row["kelurahan_code"] not in kecamatan_of:
            add(index, ("kelurahan_code", "infra_unknown_code", {"thing": "kelurahan", "value": row["kelurahan_code"]}))
        row["kecamatan_code"] = kecamatan_of.get(row["kelurahan_code"]) if row["kelurahan_code"] else None


def _locate(lats: list[float], lons: list[float]) -> list[tuple[str, str] | None]:
    import pandas as pd

    from geo import default_locator  # geopandas: imported when points are located, not at start

    table = default_locator().assign(lats, lons)
    return [None if pd.isna(kelurahan) else (str(kecamatan), str(kelurahan))
            for kecamatan, kelurahan in zip(table["kecamatan_code"].astype(object).tolist(),
                                            table["kelurahan_code"].astype(object).tolist())]


def _check_parents(session: Session, rows: list[dict[str, Any]], add) -> None:
    """Every parent known (in the database or the batch), none the device itself, no cycle."""
    graph = {code: set(parents) for code, parents in parents_of(session).items()}
    known = set(session.scalars(select(InfraDevice.code)))
    index_of = {row["code"]: index for index, row in enumerate(rows)}
    for row in rows:
        graph[row["code"]] = set(row["parents"])
    for index, row in enumerate(rows):
        for parent in row["parents"]:
            if parent == row["code"]:
                add(index, ("parents", "infra_parent_self", {}))
            elif parent not in known and parent not in index_of:
                add(index, ("parents", "infra_unknown_code", {"thing": "parent", "value": parent}))
    for cycle in find_cycles(graph, [row["code"] for row in rows]):
        for code in dict.fromkeys(cycle):
            if code in index_of:
                add(index_of[code], ("parents", "infra_parent_cycle", {"cycle": " -> ".join(cycle)}))


def find_cycles(graph: dict[str, set[str]], starts: Iterable[str]) -> list[list[str]]:
    """Cycles through the parents reachable from `starts` (a self-loop is not one: checked apart),
    each as its path back to its first code ["A", "B", "A"]."""
    state: dict[str, int] = {}  # 1 on the path, 2 done
    cycles: list[list[str]] = []

    def visit(code: str, path: list[str]) -> None:
        state[code] = 1
        path.append(code)
        for parent in sorted(graph.get(code, ())):
            if parent == code:
                continue
            if state.get(parent) == 1:
                cycles.append(path[path.index(parent):] + [parent])
            elif parent not in state:
                visit(parent, path)
        path.pop()
        state[code] = 2

    for start in starts:
        if start not in state:
            visit(start, [])
    return cycles


def _write(session: Session, rows: list[dict[str, Any]], now: datetime) -> dict[str, int]:
    existing = {d.code: d for d in session.scalars(select(InfraDevice).where(
        InfraDevice.code.in_([row["code"] for row in rows])))}
    old_parents = parents_of(session, list(existing))
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    changed: list[InfraDevice] = []
    new_devices: list[InfraDevice] = []
    for row in rows:
        device = existing.get(row["code"])
        if device is not None and device_row(device, old_parents.get(device.code, [])) == as_csv_row(row):
            counts["unchanged"] += 1
            continue
        if device is None:
            device = InfraDevice(code=row["code"], active=True, created_at=now)
            session.add(device)
            new_devices.append(device)
        counts["created" if device in new_devices else "updated"] += 1
        for column in _DEVICE_COLUMNS:
            setattr(device, column, row[column])
        device.updated_at = now
        changed.append(device)
    session.flush()  # the devices before the links between them
    parents = {row["code"]: row["parents"] for row in rows}
    _replace_parents(session, {device.code: parents[device.code] for device in changed})
    session.flush()
    events = _first_states(session, new_devices, now)
    _log_bulk(session, changed, events)
    return counts


_DEVICE_COLUMNS = ("kind", "name", "probe", "host", "port", "path", "interval_seconds", "timeout_seconds", "retries",
                   "lat", "lon", "kelurahan_code", "kecamatan_code", "opd_code", "contract_code", "watches", "site",
                   "end_a", "end_b")


def _replace_parents(session: Session, parents_by_device: dict[str, list[str]]) -> None:
    if not parents_by_device:
        return
    session.execute(delete(InfraDeviceParent).where(InfraDeviceParent.device_code.in_(list(parents_by_device))))
    session.add_all([InfraDeviceParent(device_code=code, parent_code=parent)
                     for code, parents in parents_by_device.items() for parent in parents])


def _first_states(session: Session, devices: list[InfraDevice], now: datetime) -> list[InfraEvent]:
    """A new device has no data yet: UNKNOWN, from its registration (its first state change)."""
    events = [InfraEvent(device_code=device.code, state=UNKNOWN, started_at=now, source="manual",
                         detail=REGISTERED_DETAIL) for device in devices]
    session.add_all(events)
    session.flush()
    session.add_all([InfraDeviceState(device_code=event.device_code, state=UNKNOWN, since=now, attempts=0, recent="",
                                      flapping=False, flap_percent=0.0, open_event_id=event.id) for event in events])
    session.flush()
    return events


def _log_bulk(session: Session, devices: list[InfraDevice], events: list[InfraEvent]) -> None:
    """The change-log rows of a batch at once (an import of the whole city is thousands of rows)."""
    if not devices:
        return
    contracts = {c.code: c for c in session.scalars(select(InfraContract))}
    parents = parents_of(session, [device.code for device in devices])
    kinds = {device.code: device.kind for device in devices}
    rows = [dict(entity=DEVICE, entity_id=device.code, operation=OPERATION, schema_version=SNAPSHOT_VERSION,
                 payload=device_snapshot(device, contracts.get(device.contract_code), parents.get(device.code, [])))
            for device in devices]
    rows += [dict(entity=EVENT, entity_id=event.id, operation=OPERATION, schema_version=SNAPSHOT_VERSION,
                  payload=event_snapshot(event, kinds[event.device_code])) for event in events]
    record_changes_bulk(session, rows)


def relog_devices(session: Session, codes: list[str], now: datetime) -> None:
    """Logs devices again whose snapshot changed without their row (their contract's vendor or
    objective): their updated_at moves to `now`."""
    begin_write(session)
    devices = session.scalars(select(InfraDevice).where(InfraDevice.code.in_(codes))).all() if codes else []
    for device in devices:
        device.updated_at = now
    session.flush()
    _log_bulk(session, list(devices), [])


# --- reading it back ------------------------------------------------------------------------------------

def parents_of(session: Session, codes: list[str] | None = None) -> dict[str, list[str]]:
    """{device code: [parent codes, sorted]}; of every device when `codes` is None."""
    query = select(InfraDeviceParent.device_code, InfraDeviceParent.parent_code)
    if codes is not None:
        query = query.where(InfraDeviceParent.device_code.in_(codes))
    found: dict[str, list[str]] = {code: [] for code in (codes or [])}
    for device_code, parent_code in session.execute(query.order_by(InfraDeviceParent.parent_code)):
        found.setdefault(device_code, []).append(parent_code)
    return found


def device_row(device: InfraDevice, parents: list[str]) -> dict[str, str]:
    """A device as a CSV row (every value text)."""
    values = {column: getattr(device, column) for column in COLUMNS if column != "parents"}
    values["parents"] = ";".join(sorted(parents))
    return as_csv_row(values)


def as_csv_row(values: dict[str, Any]) -> dict[str, str]:
    row = {}
    for column in COLUMNS:
        value = values.get(column)
        if column == "parents" and isinstance(value, (list, tuple)):
            value = ";".join(sorted(value))
        row[column] = "" if value is None else _number_text(value) if isinstance(value, float) else str(value)
    return row


def _number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def export_csv(session: Session, actor: Viewer | None = None, *, active_only: bool = False) -> str:
    """Every device as the CSV an import reads back (header row, UTF-8 text, by code)."""
    if actor is not None:
        from modules.infrastructure.access import require_reader

        require_reader(actor)
    query = select(InfraDevice).order_by(InfraDevice.code)
    if active_only:
        query = query.where(InfraDevice.active.is_(True))
    parents = parents_of(session)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for device in session.scalars(query):
        writer.writerow(device_row(device, parents.get(device.code, [])))
    return out.getvalue()
