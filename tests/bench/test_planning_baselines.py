"""The planning baselines (bench/planning_baselines.py) give Pantau's numbers on a seeded city, on
SQLite and PostgreSQL, and the check before timing (bench/planning_baselines.disagreements) names a
baseline that does not, the domain's KPI cards and wall panels among them: a comparison that cannot
fail would let the floor's ratios compare different questions."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from bench import planning
from bench.callbacks import is_domain_part
from bench.planning_baselines import DuckDbPlanningBaseline, SqlPlanningBaseline, disagreements
from core.clock import city_today
from core.users import Viewer
from data.planning.budget_queries import works_completed


@pytest.fixture(params=["sqlite", "postgresql"])
def seeded_city(request, bench_installation):
    """A throw-away installation with two years of planning, the marts filled; its services, the
    family's focus and the kelurahan the policy map lists."""
    from app import create_app
    from data.complaints.queries import dimension_table
    from etl.runner import EtlRunner

    with bench_installation(request.param, 20000, years=2, domains=("planning",)) as env:
        EtlRunner(env.databases).run_once()
        services = create_app(env.settings()).server.extensions["pantau"]
        yield env, services, planning.focus(services), dimension_table(services, "kelurahan")


class OneWorkMore(SqlPlanningBaseline):
    def works_completed(self, year, month):
        return super().works_completed(year, month) + 1


class LastYearPaidMore(DuckDbPlanningBaseline):
    def absorption_at(self, year, month):
        found = super().absorption_at(year, month)
        return {**found, "paid_rupiah": found["paid_rupiah"] + 1} if year < city_today().year else found


def test_both_baselines_answer_as_pantau_and_a_wrong_one_is_named(seeded_city):
    env, services, at, kelurahan = seeded_city
    today = city_today()
    duck = DuckDbPlanningBaseline(env.databases.warehouse, kelurahan)
    try:
        headline = duck.headline(today)  # the KPI cards' and wall panels' figures: the check compares something
        assert headline["funnel"]["proposals"].iloc[0] > 0 and headline["now"]["paid_rupiah"] > 0
        assert headline["last_year"]["ceiling_rupiah"] > 0
        parts = [figure for figure in planning.figures(**asdict(at)) if is_domain_part(figure)]
        assert len(parts) == 2 and all(figure.question(duck).keys() == headline.keys() for figure in parts)
        sql = SqlPlanningBaseline(env.databases.engine, kelurahan)
        assert disagreements(services, at, duck, today) == [] and disagreements(services, at, sql, today) == []
        months = [(year, month) for year in (today.year - 1, today.year) for month in range(1, 13)]
        ours = [works_completed.uncached(services, Viewer("0", "bench", "pimpinan"), *each) for each in months]
        assert sum(ours) > 0  # this month may have none yet: every month of the two years is compared
        assert [duck.works_completed(*each) for each in months] == ours == [sql.works_completed(*each)
                                                                           for each in months]
    finally:
        duck.close()
    works = SqlPlanningBaseline(env.databases.engine, kelurahan).works_completed(today.year, today.month)
    assert disagreements(services, at, OneWorkMore(env.databases.engine, kelurahan), today) == [
        f"KPI cards and wall panels: works completed in {today:%Y-%m} ({works} vs {works + 1})"]
    wrong = LastYearPaidMore(env.databases.warehouse, kelurahan)
    try:
        found = disagreements(services, at, wrong, today)
        assert len(found) == 1 and found[0].startswith(
            f"KPI cards and wall panels: absorption at the end of {today.year - 1}-{today.month:02d} "), found
    finally:
        wrong.close()
