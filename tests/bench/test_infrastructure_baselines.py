"""The infrastructure baselines (bench/infrastructure_baselines.py) give Pantau's rows for every
figure on a seeded fleet, the domain's KPI cards, landing-page section and wall panels included, on
SQLite and PostgreSQL, and the check before timing (bench/infrastructure.disagreements) names a
baseline that does not."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bench.infrastructure import disagreements, questions, viewer
from bench.infrastructure_baselines import InfraDuckDbBaseline, InfraSqlBaseline
from core.clock import city_today
from modules.infrastructure.kinds import UP


@pytest.fixture(params=["sqlite", "postgresql"])
def seeded_fleet(request, bench_installation):
    """A throw-away installation with a year of a small fleet's state changes, the marts filled."""
    from app import create_app
    from etl.runner import EtlRunner

    with bench_installation(request.param, 20000, years=1, domains=("infrastructure",)) as env:
        EtlRunner(env.databases).run_once()
        yield env, create_app(env.settings()).server.extensions["pantau"]


class OneCameraFewer(InfraSqlBaseline):
    def blind_spots(self, start, end, until=None):
        frame = super().blind_spots(start, end, until)
        frame.loc[frame["cameras"].idxmax(), "cameras"] -= 1
        return frame


class LongerUp(InfraDuckDbBaseline):
    def sla_report(self, start, end, until=None):
        frame = super().sla_report(start, end, until)
        frame.loc[0, "up_seconds"] += 120.0
        return frame


class OneMoreUp(InfraSqlBaseline):
    def device_states(self):
        frame = super().device_states()
        frame.loc[(frame["state"] == UP).idxmax(), "devices"] += 1
        return frame


class ShorterOutages(InfraDuckDbBaseline):
    def longest_outages(self, start, end, at, limit):
        frame = super().longest_outages(start, end, at, limit)
        frame["duration_seconds"] -= 10.0
        return frame


class OlderTicker(InfraSqlBaseline):
    def newest_events(self, limit):
        return super().newest_events(limit + 1).iloc[1:]


def test_both_baselines_answer_as_pantau_and_a_wrong_one_is_named(seeded_fleet):
    env, services = seeded_fleet
    sizes = {each.name: len(each.ask(services, viewer())) for each in questions()}
    assert min(size for name, size in sizes.items() if not name.startswith("current")) > 0, sizes
    duck = InfraDuckDbBaseline(env.databases.warehouse)
    try:
        today = city_today()
        cards, wall = duck.kpi_cards(today - timedelta(days=29), today), duck.wall(today)
        assert len(cards["longest"]) and cards["availability_pct"] and not wall["kinds"].empty  # it compares something
        assert len(wall["newest"]) == 15 and not wall["blind_spots"].empty
        assert disagreements(env, services, duck) == []
        assert disagreements(env, services, InfraSqlBaseline(env.databases.engine)) == []
    finally:
        duck.close()
    assert disagreements(env, services, OneCameraFewer(env.databases.engine)) == [
        "blind-spot map · cameras per kelurahan · last 30 days: cameras per row", "wall: blind spots: cameras per row"]
    wrong = LongerUp(env.databases.warehouse)
    try:
        assert disagreements(env, services, wrong) == [
            "SLA report · cameras · last 365 days: up_seconds off by up to 120 s"]
    finally:
        wrong.close()
    assert disagreements(env, services, OneMoreUp(env.databases.engine)) == ["landing section: up",
                                                                              "wall: kinds: devices per row"]
    assert disagreements(env, services, OlderTicker(env.databases.engine)) == ["wall: newest state changes"]
    shorter = ShorterOutages(env.databases.warehouse)
    try:
        assert disagreements(env, services, shorter) == ["KPI cards: longest outages"]
    finally:
        shorter.close()
