"""The 112 baselines (bench/incident_baselines.py: Analisis 112, the KPI cards, the landing-page
section, the wall panels) give Pantau's numbers on a seeded city, on SQLite and PostgreSQL, and the
check before timing (bench/incidents.disagreements) names a baseline that does not: a comparison
that cannot fail would let the floor's ratios compare different questions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bench.incident_baselines import IncidentDuckDbBaseline, IncidentSqlBaseline
from bench.incidents import disagreements
from core.clock import city_today, minute_now, utc_now
from data.incidents.queries import IncidentFilters


@pytest.fixture(params=["sqlite", "postgresql"])
def seeded_112(request, bench_installation):
    """A throw-away installation with a year of 112 calls (1,400) and two incidents active now (one
    past the promise with no unit), the marts filled; its services."""
    from app import create_app
    from etl.runner import EtlRunner

    with bench_installation(request.param, 2000, years=1, domains=("incidents",)) as env:
        services = create_app(env.settings()).server.extensions["pantau"]
        _active_incidents(services, (20, 0))
        EtlRunner(env.databases).run_once()
        yield env, services


def _active_incidents(services, minutes_ago) -> None:
    """An incident received each of `minutes_ago`, none dispatched: the live picture's rows."""
    from core.users import Viewer
    from modules.incidents import service

    operator, now = Viewer("1", "operator1", "operator"), utc_now()
    with services.databases.transaction() as session:
        for minutes in minutes_ago:
            received = now - timedelta(minutes=minutes)
            call = service.take_call(session, operator, services.settings, received_at=received, now=received)
            service.create_incident(session, operator, services.settings, call.id, category_code="KEBAKARAN",
                                    lat=-7.259, lon=112.744, now=received)


class FewerPranks(IncidentDuckDbBaseline):
    def prank(self, filters):
        frame = super().prank(filters)
        frame.loc[frame["prank"].idxmax(), "prank"] -= 1
        return frame


class OneUnitBusy(IncidentDuckDbBaseline):
    def units(self):
        frame = super().units()
        frame.loc[(frame["status"] == "available").idxmax(), "status"] = "on_scene"
        return frame


class OneIncidentMore(IncidentSqlBaseline):
    def incidents(self, filters):
        frame = super().incidents(filters)
        frame.loc[0, "incidents"] += 1
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
        wall, cards = duck.wall(minute_now()), duck.kpi_cards(IncidentFilters.last_days(30, city_today()), minute_now())
        assert [breach for _number, _priority, breach, *_place in wall["map"]] == [True, False]
        assert wall["units"] and wall["newest"] and cards["incidents"] > 0 and cards["p50"] is not None
        assert disagreements(services, duck) == []
        assert disagreements(services, IncidentSqlBaseline(env.databases.engine)) == []
    finally:
        duck.close()
    wrong = FewerPranks(env.databases.warehouse)
    try:
        assert disagreements(services, wrong) == ["prank per day", "KPI cards: prank_pct"]
    finally:
        wrong.close()
    assert disagreements(services, SlowerAgency(env.databases.engine)) == ["response P50/P90 per agency"]
    busy = OneUnitBusy(env.databases.warehouse)
    try:
        assert disagreements(services, busy) == ["landing section: available", "wall panels: units"]
    finally:
        busy.close()
    assert disagreements(services, OneIncidentMore(env.databases.engine)) == ["KPI cards: incidents",
                                                                               "KPI cards: by_category"]
