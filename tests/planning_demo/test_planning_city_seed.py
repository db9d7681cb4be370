"""The planning city seeder (simulator/planning_city.py) at a small count on both backends: its bulk
rows and change-log rows are what the service would have left (the newest snapshot of every
proposal, plan item, budget line, payment and work equals the one built from the tables by the
domain's extract), the ETL fills the proposal marts from them, and the service numbers on after them."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import func, select

from core.changelog import ChangeLogEntry
from data.planning.tables import FctPlanningProposal
from etl.runner import EtlRunner
from modules.planning.budget_models import PlanningBudgetLine, PlanningBudgetVersion, PlanningPayment, PlanningWork
from modules.planning.extract import snapshots_by_entity
from modules.planning.models import PlanningProposal
from modules.planning.numbers import next_numbers
from simulator.planning_city import CITY_BUDGET_RUPIAH, city_seed

NOW = datetime(2026, 12, 3, 3, 0, tzinfo=timezone.utc)


def test_city_seed_writes_what_the_service_would_and_the_marts_fill(databases, settings):
    written = city_seed(databases, settings, count=300, years=3, now=NOW, progress=False)
    assert 250 <= written <= 300
    assert city_seed(databases, settings, count=300, years=3, now=NOW, progress=False) == 0  # once only
    with databases.engine.connect() as connection:
        tables = snapshots_by_entity(connection)
        latest = {}
        for entity, entity_id, payload in connection.execute(
                select(ChangeLogEntry.entity, ChangeLogEntry.entity_id, ChangeLogEntry.payload)
                .order_by(ChangeLogEntry.position)):
            latest[(entity, entity_id)] = payload
    assert set(latest) == set(tables)
    assert [key for key in tables if latest[key] != tables[key]] == []
    assert {entity for entity, _id in tables} == {"planning_proposal", "planning_plan_item", "planning_budget_line",
                                                  "planning_payment", "planning_work"}
    with databases.session() as session:
        years = dict(session.execute(select(PlanningProposal.year, func.count()).group_by(PlanningProposal.year)).all())
        assert sorted(years) == [2024, 2025, 2026]
        newest = session.scalar(select(func.sum(PlanningBudgetLine.ceiling_rupiah)).join(PlanningBudgetVersion)
                                .where(PlanningBudgetVersion.year == 2026, PlanningBudgetVersion.version == "murni"))
        assert abs(int(newest) - CITY_BUDGET_RUPIAH) < 0.01 * CITY_BUDGET_RUPIAH
        months = set(session.scalars(select(func.extract("month", PlanningPayment.paid_on))
                                     .join(PlanningBudgetLine).join(PlanningBudgetVersion)
                                     .where(PlanningBudgetVersion.year == 2025)))
        assert len(months) >= 10
        assert session.scalar(select(func.count()).select_from(PlanningWork).where(PlanningWork.status == "built")) > 0
        planned = session.scalar(select(func.count()).select_from(PlanningProposal)
                                 .where(PlanningProposal.status == "planned", PlanningProposal.work_id.is_not(None)))
        assert planned > 0
        # in December the next year's plan carries this year's round, and its murni budget is adopted
        assert session.scalar(select(func.count()).select_from(PlanningProposal).where(
            PlanningProposal.year == 2026, PlanningProposal.status == "planned")) > 0
        assert dict(session.execute(select(PlanningBudgetVersion.version, func.count())
                                    .where(PlanningBudgetVersion.year == 2027)
                                    .group_by(PlanningBudgetVersion.version)).all()) == {"murni": 1}
        assert session.scalar(select(func.count()).select_from(PlanningPayment).where(
            PlanningPayment.paid_on > NOW.date())) == 0
    with databases.transaction() as session:
        last = session.scalar(select(func.max(PlanningProposal.number)).where(PlanningProposal.year == 2026))
        assert next_numbers(session, 2026)[0] > last  # the counters follow the seeded numbers

    EtlRunner(databases).run_once()
    with databases.warehouse.connect() as connection:
        facts = dict(connection.execute(select(FctPlanningProposal.year, func.count())
                                        .group_by(FctPlanningProposal.year)).all())
    assert facts == years
