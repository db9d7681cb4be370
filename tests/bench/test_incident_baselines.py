"""The Analisis 112 baselines (bench/incident_baselines.py) give Pantau's numbers on a seeded city,
on SQLite and PostgreSQL, and the check before timing (bench/incidents.disagreements) names a
baseline that does not: a comparison that cannot fail would let the floor's ratios compare
different questions."""

from __future__ import annotations

import pytest

from bench.incident_baselines import IncidentDuckDbBaseline, IncidentSqlBaseline
from bench.incidents import disagreements
from core.clock import city_today, minute_now
from data.incidents.queries import IncidentFilters


@pytest.fixture(params=["sqlite", "postgresql"])
def seeded_112(request, bench_installation):
    """A throw-away installation with a year of 112 calls (1,400), the marts filled; its services."""
    from app import create_app
    from etl.runner import EtlRunner

    with bench_installation(request.param, 2000, years=1, domains=("incidents",)) as env:
        EtlRunner(env.databases).run_once()
        yield env, create_app(env.settings()).server.extensions["pantau"]


class FewerPranks(IncidentDuckDbBaseline):
    def prank(self, filters):
        frame = super().prank(filters)
        frame.loc[frame["prank"].idxmax(), "prank"] -= 1
        return frame


class SlowerAgency(IncidentSqlBaseline):
    def response(self, filters, dimension):
        frame = super().response(filters, dimension)
        if dimension == "agency":
            frame.loc[0, "p50"] = float(frame.loc[0, "p50"]) + 2.0
        return frame


def test_both_baselines_answer_as_pantau_and_a_wrong_one_is_named(seeded_112):
    env, services = seeded_112
    duck = IncidentDuckDbBaseline(env.databases.warehouse)
    try:
        answer = duck.analysis(IncidentFilters.last_days(30, city_today()), minute_now())
        assert not answer["response"]["agency"].empty and not answer["cells"].empty  # the check compares something
        assert answer["prank"]["prank"].sum() > 0
        assert disagreements(services, duck) == []
        assert disagreements(services, IncidentSqlBaseline(env.databases.engine)) == []
    finally:
        duck.close()
    wrong = FewerPranks(env.databases.warehouse)
    try:
        assert disagreements(services, wrong) == ["prank per day"]
    finally:
        wrong.close()
    assert disagreements(services, SlowerAgency(env.databases.engine)) == ["response P50/P90 per agency"]
