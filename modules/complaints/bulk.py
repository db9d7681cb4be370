"""Bulk insert for seeders: many complaints in their final state, with the history and change rows
the service would have written, appended with core.bulk (COPY on PostgreSQL)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from types import SimpleNamespace
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.bulk import append_rows
from core.changelog import record_changes_bulk
from core.clock import as_utc, now_or
from core.db import UtcDateTime
from core.settings import Settings
from modules.complaints import sla
from modules.complaints.checks import active_categories
from modules.complaints.models import Complaint, ComplaintHistory
from modules.complaints.rules import default_policy, sla_policies
from modules.complaints.snapshot import ENTITY, SNAPSHOT_VERSION, complaint_snapshot
from modules.complaints.statuses import STATUSES
from modules.complaints.tickets import allocate_numbers, format_ticket, ticket_period
from modules.complaints.timeline import derived_steps


BULK_REQUIRED = ("channel", "category_code", "description", "status", "received_at")


def bulk_insert_complaints(session: Session, rows: list[dict[str, Any]], settings: Settings | None = None,
                           now: datetime | None = None, actor_name: str = "system:import") -> list[int]:
    """Inserts many complaints, in their final state, with history and change rows; returns their ids.

    Each row has at least BULK_REQUIRED and otherwise any complaint column (timestamps of the steps
    taken, opd_code, lat/lon, reporter ...). Filled in when absent: kecamatan/kelurahan from lat/lon,
    due times (settings and category overrides), breaches as of `now`, ticket, updated_at. History
    rows are derived from the timestamps; each complaint gets one change row, operation "imported",
    with its snapshot. No photos, no duplicate search, no routing: the caller decides those.
    Trusted input (a seeder): call it with chunks of ~10,000 rows. The rows are appended with
    core.bulk (COPY on PostgreSQL), in the caller's transaction.
    """
    if not rows:
        return []
    now, settings = now_or(now), settings or Settings()
    prepared, steps = _prepare_bulk_rows(session, rows, settings, now)
    ids = _insert_bulk_complaints(session, prepared)
    _insert_bulk_history(session, prepared, steps, ids, actor_name)
    record_changes_bulk(session, [dict(entity=ENTITY, entity_id=cid, operation="imported",
                                       payload=complaint_snapshot(SimpleNamespace(id=cid, **row)),
                                       schema_version=SNAPSHOT_VERSION)
                                  for cid, row in zip(ids, prepared)])
    return ids


_COMPLAINT_COLUMNS = tuple(c.name for c in Complaint.__table__.columns if c.name != "id")


_DATETIME_COLUMNS = tuple(c.name for c in Complaint.__table__.columns
                          if c.name != "id" and isinstance(c.type, UtcDateTime))


_HISTORY_COLUMNS = ("complaint_id", "at", "actor", "action", "from_status", "to_status", "opd_code", "note")


def _prepare_bulk_rows(session: Session, rows: list[dict], settings: Settings,
                       now: datetime) -> tuple[list[dict], list[list]]:
    """The complete column dicts, and each one's history steps (derived once, used twice)."""
    categories, policies = active_categories(session), sla_policies(session, settings.complaints)
    fallback = default_policy(settings.complaints)
    prepared = [_bulk_row(index, row, categories, policies, fallback) for index, row in enumerate(rows)]
    _locate_bulk(prepared)
    steps = []
    for row in prepared:
        _fill_bulk_breaches(row, now)
        row_steps = derived_steps(row)
        row["updated_at"] = row["updated_at"] or max(step.at for step in row_steps)
        steps.append(row_steps)
    _assign_bulk_tickets(session, prepared)
    return prepared, steps


def _fill_bulk_breaches(row: dict, now: datetime) -> None:
    """The deadlines this complaint missed by `now`, as the service would have recorded them."""
    complaint = SimpleNamespace(**row)
    row["first_response_breached_at"] = sla.first_response_breach(complaint, now) or complaint.first_response_breached_at
    row["feedback_breached_at"] = sla.feedback_breach(complaint, now) or complaint.feedback_breached_at


def _bulk_row(index: int, row: dict, categories: set[str], policies: dict, fallback) -> dict:
    missing = [key for key in BULK_REQUIRED if row.get(key) is None]
    unknown = set(row) - set(_COMPLAINT_COLUMNS)
    if missing or unknown or row["status"] not in STATUSES or row["category_code"] not in categories:
        raise ValueError(f"bulk row {index}: missing {missing}, unknown columns {sorted(unknown)}, "
                         f"status {row.get('status')!r}, category {row.get('category_code')!r}")
    clean = {column: row.get(column) for column in _COMPLAINT_COLUMNS}
    for column in _DATETIME_COLUMNS:
        if isinstance(clean[column], datetime):
            clean[column] = as_utc(clean[column])
    clean["photo_display_consent"] = bool(clean["photo_display_consent"])  # never assumed: absent is no
    policy = policies.get(clean["category_code"], fallback)
    first_due, feedback_due = sla.due_times(clean["received_at"], policy)
    clean["first_response_due_at"] = clean["first_response_due_at"] or first_due
    clean["feedback_due_at"] = clean["feedback_due_at"] or feedback_due
    return clean


def _locate_bulk(rows: list[dict]) -> None:
    """kecamatan/kelurahan of every row that has a point but no district, in one vectorised lookup."""
    from geo import default_locator

    todo = [row for row in rows if row["lat"] is not None and row["lon"] is not None and not row["kelurahan_code"]]
    if not todo:
        return
    found = default_locator().assign([row["lat"] for row in todo], [row["lon"] for row in todo])
    for row, kelurahan, kecamatan in zip(todo, found["kelurahan_code"], found["kecamatan_code"]):
        row["kelurahan_code"] = None if pd.isna(kelurahan) else str(kelurahan)
        row["kecamatan_code"] = None if pd.isna(kecamatan) else str(kecamatan)


def _assign_bulk_tickets(session: Session, rows: list[dict]) -> None:
    by_period: dict[str, list[dict]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: r["received_at"]):
        if not row["ticket"]:
            by_period[ticket_period(row["received_at"])].append(row)
    for period, period_rows in by_period.items():
        for row, number in zip(period_rows, allocate_numbers(session, period, len(period_rows))):
            row["ticket"] = format_ticket(period, number)


def _insert_bulk_complaints(session: Session, rows: list[dict]) -> list[int]:
    """Appends the rows; their ids are read back by ticket (unique), in the order of `rows`."""
    table = Complaint.__table__
    append_rows(session, table, _COMPLAINT_COLUMNS, [[row[c] for c in _COMPLAINT_COLUMNS] for row in rows])
    tickets = [row["ticket"] for row in rows]
    found: dict[str, int] = {}
    for start in range(0, len(tickets), 900):  # under SQLite's 999 parameters
        chunk = tickets[start:start + 900]
        found.update(session.execute(select(table.c.ticket, table.c.id).where(table.c.ticket.in_(chunk))).all())
    return [found[ticket] for ticket in tickets]


def _insert_bulk_history(session: Session, rows: list[dict], steps: list[list], ids: list[int],
                         actor_name: str) -> None:
    history = [(cid, step.at, actor_name, step.event, step.from_status, step.to_status, row["opd_code"], "")
               for cid, row, row_steps in zip(ids, rows, steps) for step in row_steps]
    append_rows(session, ComplaintHistory.__table__, _HISTORY_COLUMNS, history)
