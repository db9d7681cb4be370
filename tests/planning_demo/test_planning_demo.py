"""The planning demo (simulator/planning.py) on both backends: its history goes through the module's
service (events, change log), leaves the round of the clock's year in progress, a year of payments
and works behind it, and the ETL fills the proposal marts from it; the live feed moves something
along and stops."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from sqlalchemy import func, select

from core.changelog import ChangeLogEntry
from core.services import Services
from data.planning.tables import FctPlanningProposal
from etl.runner import EtlRunner
from modules.planning.budget_models import (PlanningBudgetLine, PlanningBudgetVersion, PlanningPayment,
                                            PlanningProgressReport, PlanningWork)
from modules.planning.models import PlanningProposal, PlanningProposalEvent
from modules.planning.settings import PlanningSettings, round_dates
from simulator.planning import LivePlanningFeed, fill_demo_history

NOW = datetime(2027, 2, 10, 3, 0, tzinfo=timezone.utc)  # 10:00 WIB: the RW, kelurahan and kecamatan rounds open
DECEMBER = datetime(2026, 12, 3, 3, 0, tzinfo=timezone.utc)  # no round open in the city's calendar


def test_demo_history_goes_through_the_service_and_fills_the_marts(databases, settings):
    services = Services(settings, databases, None)
    done = fill_demo_history(services, now=NOW)
    assert done is not None and fill_demo_history(services, now=NOW) is None  # once only
    with databases.session() as session:
        def count(model, *where):
            return session.scalar(select(func.count()).select_from(model).where(*where))

        statuses = dict(session.execute(select(PlanningProposal.status, func.count())
                                        .where(PlanningProposal.year == 2027).group_by(PlanningProposal.status)).all())
        # the 2027 round in progress: waiting for the lurah and the camat, some decided already
        assert statuses.get("proposed", 0) > 0 and statuses.get("verified", 0) > 0
        assert statuses.get("accepted", 0) > 0 and statuses.get("rejected", 0) > 0
        assert "prioritised" not in statuses and "planned" not in statuses
        assert count(PlanningProposal, PlanningProposal.status == "rejected",
                     PlanningProposal.rejection_reason.is_(None)) == 0
        assert count(PlanningProposal, PlanningProposal.repeat_of.is_not(None)) > 0
        # the 2026 round ran to the end and went into the plan of 2027
        assert count(PlanningProposal, PlanningProposal.year == 2026, PlanningProposal.status == "planned") > 0
        assert count(PlanningProposal, PlanningProposal.year == 2026,
                     PlanningProposal.status.in_(("proposed", "verified", "accepted"))) == 0
        # every step is an event and a change-log snapshot
        proposals = count(PlanningProposal)
        assert count(PlanningProposalEvent) > proposals
        assert count(ChangeLogEntry, ChangeLogEntry.entity == "planning_proposal") >= count(PlanningProposalEvent)
        # 2026: murni and perubahan, payments in each of the twelve months, works built
        versions = dict(session.execute(select(PlanningBudgetVersion.version, PlanningBudgetVersion.is_current)
                                        .where(PlanningBudgetVersion.year == 2026)).all())
        assert versions == {"murni": False, "perubahan": True}
        paid = session.execute(select(PlanningPayment.paid_on, PlanningPayment.amount_rupiah)
                               .join(PlanningBudgetLine).join(PlanningBudgetVersion)
                               .where(PlanningBudgetVersion.year == 2026)).all()
        assert {day.month for day, _amount in paid} == set(range(1, 13))
        ceiling = int(session.scalar(select(func.sum(PlanningBudgetLine.ceiling_rupiah)).join(PlanningBudgetVersion)
                                     .where(PlanningBudgetVersion.year == 2026,
                                            PlanningBudgetVersion.is_current.is_(True))))
        assert 0.75 * ceiling < sum(amount for _day, amount in paid) <= ceiling
        assert count(ChangeLogEntry, ChangeLogEntry.entity == "planning_payment") == count(PlanningPayment)
        assert count(PlanningWork, PlanningWork.year == 2026, PlanningWork.status != "built") == 0
        assert count(PlanningProgressReport) > count(PlanningWork, PlanningWork.year == 2026)
        assert count(PlanningProgressReport, PlanningProgressReport.photo_content_type.is_(None)) == 0  # dated photos
        # 2027 so far: murni only, January's payments, nothing after the clock
        assert count(PlanningPayment, PlanningPayment.paid_on > NOW.date()) == 0
        assert count(PlanningBudgetVersion, PlanningBudgetVersion.year == 2027) == 1

    EtlRunner(databases).run_once()
    with databases.warehouse.connect() as connection:
        facts = dict(connection.execute(select(FctPlanningProposal.year, func.count())
                                        .group_by(FctPlanningProposal.year)).all())
    with databases.session() as session:
        expected = dict(session.execute(select(PlanningProposal.year, func.count())
                                        .group_by(PlanningProposal.year)).all())
    assert facts == expected and set(facts) == {2025, 2026, 2027}

    feed = LivePlanningFeed(databases, settings, seed=7)
    moved = {}
    for minute in range(1, 6):
        for what, times in feed.run_once(NOW + timedelta(minutes=minute)).items():
            moved[what] = moved.get(what, 0) + times
    assert sum(times for what, times in moved.items() if what.startswith("proposal")) >= 3
    assert moved.get("payment", 0) + moved.get("progress report", 0) + moved.get("work built", 0) >= 3
    with databases.session() as session:
        assert session.scalar(select(func.count()).select_from(PlanningPayment)
                              .where(PlanningPayment.reference.like("%/LIVE/%"))) == moved.get("payment", 0)
    feed.interval = 0.01
    feed.start()
    assert feed.running
    feed.stop()
    assert not feed.running


@pytest.mark.parametrize("today", [date(2026, 12, 3), date(2027, 1, 1), date(2026, 12, 31), date(2026, 6, 15)])
def test_the_demo_calendar_puts_this_years_round_around_today(today):
    demo = PlanningSettings(demo_round_now=True)
    for name in ("rw", "kelurahan", "kecamatan"):
        first, last = round_dates(demo, name, today.year, today)
        assert first <= today <= last and first.year == last.year == today.year
    assert round_dates(demo, "city", today.year, today)[0] >= round_dates(demo, "kecamatan", today.year, today)[0]
    # another year, or the setting off: the calendar of the settings
    assert round_dates(demo, "rw", today.year - 1, today) == (date(today.year - 1, 1, 2), date(today.year - 1, 2, 15))
    assert round_dates(PlanningSettings(), "rw", today.year, today) == (date(today.year, 1, 2), date(today.year, 2, 15))


def test_a_demo_started_in_december_has_a_round_in_progress(databases, settings):
    demo = settings.override(planning={"demo_round_now": True})
    fill_demo_history(Services(demo, databases, None), now=DECEMBER)
    with databases.session() as session:
        statuses = dict(session.execute(select(PlanningProposal.status, func.count())
                                        .where(PlanningProposal.year == 2026).group_by(PlanningProposal.status)).all())
        linked_2025 = session.scalar(select(func.count()).select_from(PlanningProposal)
                                     .where(PlanningProposal.year == 2025, PlanningProposal.status == "planned"))
    assert statuses.get("proposed", 0) > 0 and statuses.get("verified", 0) > 0
    assert "prioritised" not in statuses and "planned" not in statuses  # ranked after the camat's round
    assert linked_2025 > 0  # last year's round kept the calendar and went into this year's plan

    feed, moved = LivePlanningFeed(databases, demo, seed=7), {}
    for minute in range(1, 6):
        for what, times in feed.run_once(DECEMBER + timedelta(minutes=minute)).items():
            moved[what] = moved.get(what, 0) + times
    assert sum(times for what, times in moved.items() if what.startswith("proposal")) >= 3

    plain = LivePlanningFeed(databases, settings, seed=7)  # the city's calendar: no round in December
    assert not any(what.startswith("proposal") for what in plain.run_once(DECEMBER + timedelta(minutes=9)))
