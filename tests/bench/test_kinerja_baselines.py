"""The Kinerja and Surat pages' baselines (bench/kinerja_baselines.py) give Pantau's numbers on a
seeded quarter of e-Kinerja and e-Office, on SQLite and PostgreSQL, and the check before timing
(bench/kinerja.disagreements) names a baseline that does not, the cards the pages and the domains'
KPI cards share among them: a comparison that cannot fail would let the floor's ratios compare
different questions."""

from __future__ import annotations

import pytest

from bench.kinerja import DOMAIN_PARTS, disagreements, kinerja_cards, office_cards
from bench.kinerja_baselines import KinerjaDuckDbBaseline, KinerjaSqlBaseline
from core.clock import city_today, minute_now
from data.kinerja.pages import DEFAULT_DAYS as KINERJA_DAYS
from data.office.pages import DEFAULT_DAYS as OFFICE_DAYS

ACTIVITIES, LETTERS = 3000, 1500


@pytest.fixture(params=["sqlite", "postgresql"])
def seeded_offices(request, bench_installation):
    """A throw-away installation (the staff domain, as tests/bench/test_kinerja_bench_smoke.py) with a
    quarter of activities and letters, every mart filled; its services and the deadline."""
    from app import create_app
    from etl.runner import EtlRunner
    from simulator import kinerja_city, office_city

    with bench_installation(request.param, 2000, domains=("staff",)) as env:
        settings = env.settings()
        kinerja_city.city_seed(env.databases, settings, count=ACTIVITIES, now=env.now, progress=False)
        office_city.city_seed(env.databases, settings, count=LETTERS, now=env.now, progress=False)
        EtlRunner(env.databases).run_once()
        services = create_app(settings).server.extensions["pantau"]
        yield env, services, services.settings.kinerja.approval_deadline_days


class FewerAwaiting(KinerjaDuckDbBaseline):
    def backlog_rows(self, cutoff):
        frame = super().backlog_rows(cutoff)
        frame.loc[frame["awaiting"].idxmax(), "awaiting"] -= 1
        return frame


class MoreLettersCreated(KinerjaSqlBaseline):
    def flow(self, start, end):
        frame = super().flow(start, end)
        frame.loc[frame["created"].idxmax(), "created"] += 1
        return frame


class OneMoreOverdueActivity(KinerjaSqlBaseline):
    def awaiting_totals(self, cutoff):
        awaiting, overdue = super().awaiting_totals(cutoff)
        return awaiting, overdue + 1


class OneMoreOpenLetter(KinerjaDuckDbBaseline):
    def open_totals(self, today):
        open_letters, overdue = super().open_totals(today)
        return open_letters + 1, overdue


def test_both_baselines_answer_as_pantau_and_a_wrong_one_is_named(seeded_offices):
    env, services, deadline = seeded_offices
    duck = KinerjaDuckDbBaseline(env.databases.warehouse, deadline)
    try:
        today = city_today()
        cards, heat = duck.kinerja_cards(today), duck.compliance_page(today, KINERJA_DAYS)
        backlog, office = duck.backlog_page(today, KINERJA_DAYS), duck.office_page(minute_now(), OFFICE_DAYS)
        assert cards["period"][0] > 0 and cards["awaiting"] > 0  # the check compares something
        assert heat["compliance"]["reported"].sum() > 0 and heat["minutes"]["approved_minutes"].sum() > 0
        assert not backlog["backlog"].empty and not backlog["latency"].empty and backlog["linked"]["activities"].sum()
        assert duck.office_cards(today)["overdue"] > 0 and office["ageing"]["letters"].sum() > 0
        # the domains' KPI cards ask their pages' cards question, the one the check compares
        assert [figure.question for figure in DOMAIN_PARTS] == [kinerja_cards, office_cards]
        assert kinerja_cards(duck) == cards and office_cards(duck) == duck.office_cards(today)
        assert office["turnaround"]["dispositions_made"].sum() > 0 and office["flow"]["created"].sum() > 0
        assert disagreements(services, duck) == []
        assert disagreements(services, KinerjaSqlBaseline(env.databases.engine, deadline)) == []
    finally:
        duck.close()
    wrong = FewerAwaiting(env.databases.warehouse, deadline)
    try:
        assert disagreements(services, wrong) == ["backlog awaiting per OPD"]
    finally:
        wrong.close()
    assert disagreements(services, MoreLettersCreated(env.databases.engine, deadline)) == ["created per day"]
    found = disagreements(services, OneMoreOverdueActivity(env.databases.engine, deadline))
    assert len(found) == 1 and found[0].startswith("Kinerja cards: overdue "), found
    wrong = OneMoreOpenLetter(env.databases.warehouse, deadline)
    try:
        found = disagreements(services, wrong)
        assert len(found) == 1 and found[0].startswith("Surat cards: open "), found
    finally:
        wrong.close()
