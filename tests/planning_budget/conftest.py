"""Fixtures for the plan, budget and realisation tests. Every database test runs on SQLite and
PostgreSQL (the `databases` fixture of tests/conftest.py), through the real service."""

from __future__ import annotations

import pytest
from budget_setup import BUDGET_ROWS, KECAMATAN, KELURAHAN, NOW, PLANNER, ROAD, YEAR, as_csv
from sqlalchemy import select

from core.changelog import ChangeLogEntry
from modules.planning import budget, plan
from modules.planning.budget_models import (PlanningBudgetLine, PlanningBudgetVersion, PlanningPayment,
                                            PlanningPlanItem, PlanningProgressReport, PlanningWork)
from modules.planning.models import PlanningItem, PlanningProposal, PlanningProposalEvent

BUDGET_TABLES = (PlanningPlanItem, PlanningBudgetVersion, PlanningBudgetLine, PlanningPayment, PlanningWork,
                 PlanningProgressReport, PlanningProposalEvent, ChangeLogEntry)


@pytest.fixture
def run(databases):
    """run(service_function, *args, **kwargs) in its own committed transaction."""

    def do_run(function, *args, **kwargs):
        with databases.transaction() as session:
            return function(session, *args, **kwargs)

    return do_run


@pytest.fixture
def counts(count_rows):
    return lambda: count_rows(BUDGET_TABLES)


@pytest.fixture
def make_plan_item(run):
    def make(sub_kegiatan_code: str = ROAD, opd_code: str = "DSDABM", year: int = YEAR,
             ceiling: int = 3_000_000_000) -> int:
        return run(plan.create_plan_item, PLANNER, year=year, opd_code=opd_code, sub_kegiatan_code=sub_kegiatan_code,
                   indicator="Panjang jalan yang dibangun", target_value=12.5, target_unit="km",
                   indicative_ceiling_rupiah=ceiling, now=NOW).id

    return make


@pytest.fixture
def murni(run) -> int:
    """The murni budget of YEAR with BUDGET_ROWS: its version id."""
    version_id = run(budget.create_version, PLANNER, year=YEAR, version=budget.MURNI, now=NOW).id
    run(budget.import_lines, PLANNER, version_id, as_csv(BUDGET_ROWS), budget.CSV)
    return version_id


@pytest.fixture
def line_of(databases):
    """line_of(version_id, sub_kegiatan, account) -> the line's id."""

    def find(version_id: int, sub_kegiatan_code: str, account_code: str) -> int:
        with databases.session() as session:
            return session.scalar(select(PlanningBudgetLine.id).where(
                PlanningBudgetLine.version_id == version_id, PlanningBudgetLine.sub_kegiatan_code == sub_kegiatan_code,
                PlanningBudgetLine.account_code == account_code))

    return find


@pytest.fixture
def make_proposal(run):
    """make_proposal(status, year, item_code) -> its number: a proposal row as the proposals' service
    leaves it after its steps (that service is not on this branch)."""
    made = []

    def make(status: str = "accepted", year: int = YEAR - 1, item_code: str = "PAVING-JALAN") -> str:
        number = f"USL-{year}-{len(made) + 1:06d}"
        made.append(number)

        def insert(session):
            item = session.get(PlanningItem, item_code)
            session.add(PlanningProposal(
                number=number, year=year, kecamatan_code=KECAMATAN, kelurahan_code=KELURAHAN, rw=3, rt=None,
                item_code=item_code, volume=100.0, unit_cost_rupiah=item.unit_cost_rupiah,
                estimated_cost_rupiah=100 * item.unit_cost_rupiah, title="Paving gang", description="",
                address="Jl. Contoh 1", lat=-7.30, lon=112.70, status=status, rejection_reason=None, repeat_of=None,
                priority=None, proposer="rw3-karangpilang", created_at=NOW, updated_at=NOW))

        run(insert)
        return number

    return make


@pytest.fixture
def logged(databases):
    """logged(entity, entity_id=None) -> payloads of that entity in log order."""

    def read(entity: str, entity_id=None) -> list[dict]:
        with databases.session() as session:
            query = select(ChangeLogEntry).where(ChangeLogEntry.entity == entity)
            if entity_id is not None:
                query = query.where(ChangeLogEntry.entity_id == str(entity_id))
            return [row.payload for row in session.scalars(query.order_by(ChangeLogEntry.position))]

    return read
