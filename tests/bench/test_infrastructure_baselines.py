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


def test_equal_outage_lengths_are_ordered_newest_first_on_sqlite_as_pantau_orders_them():
    """julianday's noise makes the older of these two one-hour outages 0.04 ms longer. Ordered by
    that noise, the BI tool's longest outages can differ from Pantau's where equal lengths are
    common (they did at 10M on SQLite, and DuckDB agreed with Pantau)."""
    from datetime import date, datetime, timezone

    from sqlalchemy import create_engine, text

    engine = create_engine("sqlite://")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE infra_events (id INTEGER PRIMARY KEY, device_code TEXT, state TEXT, "
                                "started_at TEXT, ended_at TEXT, root_cause_code TEXT)"))
        connection.execute(text("INSERT INTO infra_events VALUES "
                                "(1, 'CAM-OLD', 'DOWN', '2026-11-03 00:07:13', '2026-11-03 01:07:13', 'CAM-OLD'), "
                                "(2, 'CAM-NEW', 'DOWN', '2026-11-03 00:00:13', '2026-11-03 01:00:13', 'CAM-NEW')"))
    baseline = InfraSqlBaseline(engine)
    raw = baseline._read(f"SELECT {baseline._between('started_at', 'ended_at')} AS seconds FROM infra_events ORDER BY id")
    assert raw["seconds"][0] > raw["seconds"][1]  # the noise this test is about is there
    longest = baseline.longest_outages(date(2026, 11, 1), date(2026, 11, 30), datetime(2026, 12, 1, tzinfo=timezone.utc), 2)
    assert longest["device_code"].tolist() == ["CAM-NEW", "CAM-OLD"]  # equal: the newer outage first
    assert longest["duration_seconds"].round(3).tolist() == [3600.0, 3600.0]
