"""The registered planning budget job over a budget written through the real service (budget
import, payments, works and their progress), on SQLite and PostgreSQL: the marts agree with the
module's own roll-up (works.plan_item_progress), and the full refresh, which reads the module's
tables through the domain's extract, equals the incremental run."""

from __future__ import annotations

from datetime import date

from budget_setup import BINA_MARGA, CONSTRUCTION, DRAIN, MATERIALS, NOW, ROAD, YEAR
from sqlalchemy import select

from data.planning.budget_tables import (AggPlanningBudgetMonthly, AggPlanningProgress, FctPlanningBudgetLine,
                                         FctPlanningPayment, FctPlanningWork)
from etl.planning.budget_job import JOB
from etl.runner import EtlRunner
from modules.planning import realisation, works

TABLES = (FctPlanningBudgetLine, FctPlanningPayment, FctPlanningWork, AggPlanningBudgetMonthly, AggPlanningProgress)


def dump(databases) -> dict[str, list[tuple]]:
    with databases.warehouse.connect() as connection:
        return {model.__tablename__: sorted(tuple(row) for row in connection.execute(select(model.__table__)))
                for model in TABLES}


def test_the_marts_of_a_budget_written_through_the_service(databases, run, make_plan_item, murni, line_of):
    road = make_plan_item(ROAD)
    construction, materials = line_of(murni, ROAD, CONSTRUCTION), line_of(murni, ROAD, MATERIALS)
    run(realisation.record_payment, BINA_MARGA, construction, paid_on=date(YEAR, 3, 20), amount_rupiah=500_000_000,
        reference="SP2D-1", now=NOW)
    run(realisation.record_payment, BINA_MARGA, materials, paid_on=date(YEAR, 5, 2), amount_rupiah=250_000_000,
        reference="SP2D-2", now=NOW)
    first = run(works.create_work, BINA_MARGA, plan_item_id=road, name="Jalan A", now=NOW).number
    second = run(works.create_work, BINA_MARGA, plan_item_id=road, name="Jalan B", now=NOW).number
    run(works.contract_work, BINA_MARGA, first, contract_value_rupiah=2_000_000_000, contracted_on=date(YEAR, 3, 1),
        line_id=construction, now=NOW)
    run(works.contract_work, BINA_MARGA, second, contract_value_rupiah=500_000_000, contracted_on=date(YEAR, 3, 1),
        line_id=construction, now=NOW)
    run(works.report_progress, BINA_MARGA, first, percent=40, reported_on=date(YEAR, 4, 1), now=NOW)
    run(works.report_progress, BINA_MARGA, second, percent=100, reported_on=date(YEAR, 5, 1), now=NOW)
    run(works.complete_work, BINA_MARGA, second, now=NOW)

    runner = EtlRunner(databases, jobs=[JOB], batch_size=3)
    summary = runner.run_once()
    assert summary.rejected == 0 and summary.written > 0
    with databases.warehouse.connect() as connection:
        progress = connection.execute(select(AggPlanningProgress).where(
            AggPlanningProgress.opd_code == "DSDABM", AggPlanningProgress.sub_kegiatan_code == ROAD)).one()
        may = connection.execute(select(AggPlanningBudgetMonthly).where(
            AggPlanningBudgetMonthly.opd_code == "DSDABM", AggPlanningBudgetMonthly.month == 5,
            AggPlanningBudgetMonthly.account_group == "5.2")).one()
        drain = connection.execute(select(AggPlanningProgress)
                                   .where(AggPlanningProgress.sub_kegiatan_code == DRAIN)).one()
    with databases.session() as session:
        module_progress = works.plan_item_progress(session, road)
    assert round(progress.weighted_progress / progress.weight_rupiah, 6) == round(module_progress, 6) == 52.0
    assert (progress.ceiling_rupiah, progress.paid_rupiah, progress.works, progress.works_built) == \
        (3_500_000_000, 750_000_000, 2, 1)
    assert (may.ceiling_rupiah, may.realised_rupiah, may.realised_cumulative_rupiah) == \
        (1_000_000_000, 250_000_000, 250_000_000)
    assert (drain.ceiling_rupiah, drain.paid_rupiah, drain.works) == (750_000_000, 0, 0)
    incremental = dump(databases)
    with databases.warehouse.begin() as connection:  # the full refresh alone must build it all
        for model in TABLES:
            connection.execute(model.__table__.delete())
    runner.full_refresh()  # the registered job reads the module's tables through the domain's extract
    assert dump(databases) == incremental
