"""The change-log payloads of the plan, the budget and its realisation (schema 1), and the one way
they are written: in the caller's transaction, right after the row changed.

Four entities, operation "upsert", each payload the row's whole current snapshot, every key always
present. Codes are repeated where a mart groups by them (program and kegiatan follow from the sub
kegiatan) so the ETL never joins back to the tables. No personal data: never who entered a
payment or a report (a staff username stays in its table), never a photo.

    planning_plan_item    id      year, opd_code, sub_kegiatan_code, program_code, kegiatan_code,
                                  indicator, target_value, target_unit, indicative_ceiling_rupiah,
                                  created_at, updated_at
    planning_budget_line  id      version_id, version (murni | perubahan), year, is_current, opd_code,
                                  sub_kegiatan_code, program_code, kegiatan_code, account_code,
                                  account_name, ceiling_rupiah
    planning_payment      id      line_id, version_id, year, opd_code, sub_kegiatan_code, account_code,
                                  paid_on (YYYY-MM-DD), amount_rupiah, reference (the SP2D number),
                                  created_at
    planning_work         number  year, opd_code, plan_item_id, sub_kegiatan_code, line_id, name,
                                  kelurahan_code, kecamatan_code, lat, lon, contract_value_rupiah,
                                  contracted_on, status, progress_percent, last_reported_on,
                                  created_at, updated_at

A proposal's snapshot (entity planning_proposal, snapshot.py) carries plan_item_id,
sub_kegiatan_code and work_number: linking it or changing its work re-logs it (`log_proposal`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.changelog import record_change, record_changes_bulk, take_writer_lock
from core.clock import iso_utc
from core.reference import Kelurahan
from modules.planning.budget_models import (PlanningBudgetLine, PlanningBudgetVersion, PlanningPayment,
                                            PlanningPlanItem, PlanningProgressReport, PlanningWork)
from modules.planning.codes import kegiatan_of, program_of
from modules.planning.models import PlanningProposal
from modules.planning.snapshot import PROPOSAL, proposal_snapshot

SNAPSHOT_VERSION = 1
OPERATION = "upsert"
PLAN_ITEM, BUDGET_LINE = "planning_plan_item", "planning_budget_line"
PAYMENT, WORK = "planning_payment", "planning_work"
ENTITIES = (PLAN_ITEM, BUDGET_LINE, PAYMENT, WORK)

PLAN_ITEM_KEYS = ("id", "year", "opd_code", "sub_kegiatan_code", "program_code", "kegiatan_code", "indicator",
                  "target_value", "target_unit", "indicative_ceiling_rupiah", "created_at", "updated_at")
BUDGET_LINE_KEYS = ("id", "version_id", "version", "year", "is_current", "opd_code", "sub_kegiatan_code",
                    "program_code", "kegiatan_code", "account_code", "account_name", "ceiling_rupiah")
PAYMENT_KEYS = ("id", "line_id", "version_id", "year", "opd_code", "sub_kegiatan_code", "account_code", "paid_on",
                "amount_rupiah", "reference", "created_at")
WORK_KEYS = ("number", "year", "opd_code", "plan_item_id", "sub_kegiatan_code", "line_id", "name", "kelurahan_code",
             "kecamatan_code", "lat", "lon", "contract_value_rupiah", "contracted_on", "status", "progress_percent",
             "last_reported_on", "created_at", "updated_at")

def begin_write(session: Session) -> None:
    """The planning domain's change-log lock first, before any row lock (core/changelog.py, "Lock order")."""
    take_writer_lock(session, PLAN_ITEM)


# --- payloads ---------------------------------------------------------------------------------------

def plan_item_snapshot(item: PlanningPlanItem) -> dict[str, Any]:
    found = {key: getattr(item, key) for key in ("opd_code", "sub_kegiatan_code", "indicator", "target_unit")}
    found |= dict(id=int(item.id), year=int(item.year), program_code=program_of(item.sub_kegiatan_code),
                  kegiatan_code=kegiatan_of(item.sub_kegiatan_code), target_value=float(item.target_value),
                  indicative_ceiling_rupiah=int(item.indicative_ceiling_rupiah),
                  created_at=iso_utc(item.created_at), updated_at=iso_utc(item.updated_at))
    return {key: found[key] for key in PLAN_ITEM_KEYS}


def budget_line_snapshot(line: PlanningBudgetLine, version: PlanningBudgetVersion) -> dict[str, Any]:
    found = {key: getattr(line, key) for key in ("opd_code", "sub_kegiatan_code", "account_code", "account_name")}
    found |= dict(id=int(line.id), version_id=int(version.id), version=version.version, year=int(version.year),
                  is_current=bool(version.is_current), program_code=program_of(line.sub_kegiatan_code),
                  kegiatan_code=kegiatan_of(line.sub_kegiatan_code), ceiling_rupiah=int(line.ceiling_rupiah))
    return {key: found[key] for key in BUDGET_LINE_KEYS}


def payment_snapshot(payment: PlanningPayment, line: PlanningBudgetLine, version: PlanningBudgetVersion) -> dict:
    found = dict(id=int(payment.id), line_id=int(line.id), version_id=int(version.id), year=int(version.year),
                 opd_code=line.opd_code, sub_kegiatan_code=line.sub_kegiatan_code, account_code=line.account_code,
                 paid_on=_iso_date(payment.paid_on), amount_rupiah=int(payment.amount_rupiah),
                 reference=payment.reference, created_at=iso_utc(payment.created_at))
    return {key: found[key] for key in PAYMENT_KEYS}


def work_snapshot(session: Session, work: PlanningWork) -> dict[str, Any]:
    item = session.get(PlanningPlanItem, work.plan_item_id)
    kelurahan = session.get(Kelurahan, work.kelurahan_code) if work.kelurahan_code else None
    last = session.scalar(select(func.max(PlanningProgressReport.reported_on))
                          .where(PlanningProgressReport.work_id == work.id))
    found = {key: getattr(work, key) for key in ("number", "opd_code", "name", "kelurahan_code", "status")}
    found |= dict(year=int(work.year), plan_item_id=int(work.plan_item_id), sub_kegiatan_code=item.sub_kegiatan_code,
                  line_id=_int(work.line_id), kecamatan_code=kelurahan.kecamatan_code if kelurahan else None,
                  lat=_float(work.lat), lon=_float(work.lon), contract_value_rupiah=_int(work.contract_value_rupiah),
                  contracted_on=_iso_date(work.contracted_on), progress_percent=float(work.progress_percent),
                  last_reported_on=_iso_date(last), created_at=iso_utc(work.created_at),
                  updated_at=iso_utc(work.updated_at))
    return {key: found[key] for key in WORK_KEYS}


# --- writing ----------------------------------------------------------------------------------------

def log_plan_item(session: Session, item: PlanningPlanItem) -> None:
    session.flush()
    _log(session, PLAN_ITEM, item.id, plan_item_snapshot(item))


def log_budget_lines(session: Session, version: PlanningBudgetVersion, lines=None) -> int:
    """Logs `lines` of `version` (all of them by default) in one bulk append, as a DPA of tens of
    thousands of lines comes in at once: their count."""
    session.flush()
    if lines is None:
        lines = session.scalars(select(PlanningBudgetLine).where(PlanningBudgetLine.version_id == version.id)
                                .order_by(PlanningBudgetLine.id)).all()
    record_changes_bulk(session, [dict(entity=BUDGET_LINE, entity_id=line.id, operation=OPERATION,
                                       payload=budget_line_snapshot(line, version), schema_version=SNAPSHOT_VERSION)
                                  for line in lines])
    return len(lines)


def log_payment(session: Session, payment: PlanningPayment, line: PlanningBudgetLine,
                version: PlanningBudgetVersion) -> None:
    session.flush()
    _log(session, PAYMENT, payment.id, payment_snapshot(payment, line, version))


def log_work(session: Session, work: PlanningWork) -> None:
    """The work and every proposal it carries (their snapshots name the work and its plan item)."""
    session.flush()
    _log(session, WORK, work.number, work_snapshot(session, work))
    for proposal in session.scalars(select(PlanningProposal).where(PlanningProposal.work_id == work.id)
                                    .order_by(PlanningProposal.id)):
        log_proposal(session, proposal)


def log_proposal(session: Session, proposal: PlanningProposal) -> None:
    session.flush()
    _log(session, PROPOSAL, proposal.number, proposal_snapshot(proposal))


def _log(session: Session, entity: str, entity_id, payload: dict) -> None:
    record_change(session, entity, entity_id, OPERATION, payload, SNAPSHOT_VERSION)


def _iso_date(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _int(value) -> int | None:
    return None if value is None else int(value)


def _float(value) -> float | None:
    return None if value is None else float(value)


# --- reading them back from the tables -------------------------------------------------------------

def snapshots_by_entity(connection_or_session) -> dict[tuple[str, str], dict[str, Any]]:
    """{(entity, entity id): payload} of every plan item, budget line, payment and work, built from
    the tables with the functions the service logs with: the domain's extract merges it (the
    contract test compares it with the newest change-log payload of each)."""
    session = connection_or_session if isinstance(connection_or_session, Session) \
        else Session(bind=connection_or_session)
    versions = {row.id: row for row in session.scalars(select(PlanningBudgetVersion))}
    lines = {row.id: row for row in session.scalars(select(PlanningBudgetLine))}
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for item in session.scalars(select(PlanningPlanItem)):
        found[(PLAN_ITEM, str(item.id))] = plan_item_snapshot(item)
    for line in lines.values():
        found[(BUDGET_LINE, str(line.id))] = budget_line_snapshot(line, versions[line.version_id])
    for payment in session.scalars(select(PlanningPayment)):
        line = lines[payment.line_id]
        found[(PAYMENT, str(payment.id))] = payment_snapshot(payment, line, versions[line.version_id])
    for work in session.scalars(select(PlanningWork)):
        found[(WORK, work.number)] = work_snapshot(session, work)
    return found
