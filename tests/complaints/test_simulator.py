"""The demo feed: realistic mix, rhythm, breaches, and everything through the service layer."""

import random
import re
import time
from datetime import datetime, timedelta, timezone

import pytest
from complaints_helpers import NOW
from sqlalchemy import func, select

from core.changelog import ChangeLogEntry
from core.reference import RtUnit
from modules.complaints import extract_complaint_snapshots
from modules.complaints.models import Complaint
from simulator import LiveSimulator, demo_backfill
from simulator.complaints import ComplaintFeed, Reference, rhythm
from simulator.plan import PlanInput, plan_steps


def test_mornings_are_busy_and_nights_and_sundays_quiet():
    monday_morning = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)  # 09:00 in Surabaya
    assert rhythm(monday_morning) > 2 * rhythm(monday_morning + timedelta(hours=18))  # 03:00
    assert rhythm(monday_morning) > rhythm(monday_morning + timedelta(days=6))  # Sunday 09:00


def test_plans_are_reproducible_and_slow_opds_respond_later():
    def response_minutes(opd: str, seed: int) -> float:
        plan = PlanInput(NOW + timedelta(minutes=seed), "JALAN_RUSAK", -7.25, 112.7, False, opd, False)
        return next(step.minutes for step in plan_steps(plan) if step.action in ("respond", "reject"))

    assert response_minutes("DISHUB", 1) == response_minutes("DISHUB", 1)
    fast = sum(response_minutes("DISHUB", i) for i in range(300)) / 300
    slow = sum(response_minutes("DISPENDIK", i) for i in range(300)) / 300
    assert fast < 30 < 45 < slow


def reference() -> Reference:
    return Reference(categories=[("SAMPAH", "Sampah", 0.7), ("PKL", "PKL", 0.3)],
                     districts=[("35.78.07", -7.2575, 112.7421, 1.0)], routes={("SAMPAH", None): "DLH"},
                     default_opd={"SAMPAH": "DLH", "PKL": "SATPOLPP"})


def test_the_same_seed_files_the_same_complaints():
    def five(seed: int):
        feed = ComplaintFeed(reference(), random.Random(seed))
        return [feed.intake(NOW + timedelta(minutes=i)) for i in range(5)]

    assert five(7) == five(7)
    assert five(7) != five(8)
    feed = ComplaintFeed(reference(), random.Random(7))
    texts = {feed.intake(NOW).description for _ in range(30)}
    assert len(texts) > 5 and all("Jl." in text for text in texts)  # every template names a street


def test_backfill_fills_two_weeks_across_categories_channels_and_breaches(databases, settings):
    written = demo_backfill(databases, settings, days=14, now=NOW)
    with databases.session() as session:
        total = session.scalar(select(func.count()).select_from(Complaint))
        categories = session.scalar(select(func.count(func.distinct(Complaint.category_code))))
        channels = session.scalar(select(func.count(func.distinct(Complaint.channel))))
        breached = session.scalar(select(func.count()).where(Complaint.first_response_breached_at.is_not(None)))
        duplicates = session.scalar(select(func.count()).where(Complaint.rejection_reason == "duplicate"))
        statuses = set(session.scalars(select(Complaint.status).distinct()))
        oldest = session.scalar(select(func.min(Complaint.received_at)))
        extracted = {row["id"]: row for row in extract_complaint_snapshots(session)}
        payloads = {int(e.entity_id): e.payload for e in session.scalars(
            select(ChangeLogEntry).where(ChangeLogEntry.entity == "complaint"))}
    assert written == total and 2000 < total < 6000
    assert categories == 15 and channels == 9
    assert 0.05 < breached / total < 0.4
    assert duplicates > 0
    assert {"closed", "in_progress", "rejected"} <= statuses
    assert NOW - oldest <= timedelta(days=14)
    assert payloads == extracted
    assert demo_backfill(databases, settings, days=14, now=NOW) == 0  # only once
    _rt_rw_are_given_by_most_and_lie_in_their_kelurahan(databases)


def _rt_rw_are_given_by_most_and_lie_in_their_kelurahan(databases):
    with databases.session() as session:
        located = session.execute(select(Complaint.kelurahan_code, Complaint.rw, Complaint.rt)
                                  .where(Complaint.lat.is_not(None))).all()
        units = set(session.execute(select(RtUnit.kelurahan_code, RtUnit.rw, RtUnit.rt)).all())
        without_point = session.scalar(select(func.count()).where(Complaint.lat.is_(None), Complaint.rw.is_not(None)))
    with_rw = [row for row in located if row.rw is not None]
    assert 0.55 < len(with_rw) / len(located) < 0.75  # most citizens name their RW
    assert 0.7 < sum(row.rt is not None for row in with_rw) / len(with_rw) < 0.95
    assert without_point == 0  # an RW needs the point's kelurahan
    unit_rws = {(k, rw) for k, rw, _rt in units}
    assert all((row.kelurahan_code, row.rw) in unit_rws for row in with_rw)
    assert all((row.kelurahan_code, row.rw, row.rt) in units for row in with_rw if row.rt is not None)
    assert any((row.kelurahan_code, row.rw) == ("35.78.07.1004", 1) for row in with_rw)  # the demo RW head's


def test_the_live_simulator_files_and_moves_complaints_along(databases, settings):
    demo_backfill(databases, settings, days=1, now=NOW)
    simulator = LiveSimulator(databases, settings, seed=3)
    done: dict[str, int] = {}
    moment = NOW
    for _ in range(12):
        moment += timedelta(minutes=15)
        for action, count in simulator.run_once(moment, new_complaints=2).items():
            done[action] = done.get(action, 0) + count
    with databases.session() as session:
        live = session.scalars(select(Complaint).where(Complaint.received_at > NOW)).all()
    assert len(live) == 24
    assert done.get("respond", 0) > 0 and done.get("close", 0) > 0 and done.get("send_feedback", 0) > 0
    assert any(c.first_response_at is not None for c in live)


def test_the_live_thread_starts_and_stops(databases, settings):
    settings = settings.override(demo={"simulator_interval_seconds": 0.01})
    simulator = LiveSimulator(databases, settings, seed=1).start()
    deadline = time.monotonic() + 15
    count = 0
    while count < 3 and time.monotonic() < deadline:
        time.sleep(0.1)
        with databases.session() as session:
            count = session.scalar(select(func.count()).select_from(Complaint))
    simulator.stop()
    assert not simulator.running
    assert count >= 3


def test_the_command_line_seeds_the_city_scale_once(databases, settings, capsys):
    from simulator.__main__ import parser

    args = parser().parse_args(["seed", "--scale", "city", "--count", "1_200", "--years", "2"])
    assert (args.count, args.years) == (1200, 2.0)
    from simulator.city import CITY_COUNT

    assert parser().parse_args(["seed", "--scale", "city"]).count is None  # each domain's own city volume ...
    assert CITY_COUNT == 1_000_000  # ... Surabaya-sized for complaints
    assert args.handler(args, settings, databases) == 0
    assert "complaints: seeded 1200 rows over 2 years" in capsys.readouterr().out
    with databases.session() as session:
        assert session.scalar(select(func.count()).select_from(Complaint)) == 1200
    assert args.handler(args, settings, databases) == 0
    assert "nothing seeded" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        parser().parse_args(["seed", "--scale", "city", "--count", "0"])


@pytest.fixture(autouse=True)
def _quiet_simulator_logs(caplog):
    caplog.set_level("WARNING", logger="simulator")


# --- a city that looks like one ------------------------------------------------------------------

def _open_count(databases) -> int:
    from modules.complaints.statuses import OPEN_STATUSES

    with databases.session() as session:
        return session.scalar(select(func.count()).select_from(Complaint).where(Complaint.status.in_(OPEN_STATUSES)))


def test_the_live_backlog_stays_steady_over_an_hour(databases, settings):
    """The live feed files about 18 times the history's pace (3 a minute here, busy morning); by the
    plans alone that is ~170 more open complaints an hour. It works off what it files instead."""
    morning = datetime(2026, 11, 23, 1, 0, tzinfo=timezone.utc)  # Monday 08:00 in Surabaya
    demo_backfill(databases, settings, days=3, now=morning)
    simulator = LiveSimulator(databases, settings, seed=11)
    start = _open_count(databases)
    counts, done = [], {}
    for minute in range(1, 61):
        for action, count in simulator.run_once(morning + timedelta(minutes=minute), new_complaints=3).items():
            done[action] = done.get(action, 0) + count
        counts.append(_open_count(databases))
    assert start > 100  # a real backlog to hold, not an empty city
    assert max(abs(count - start) for count in counts) <= max(10, start // 10), (start, counts)
    finished = done.get("close", 0) + done.get("reject", 0) + done.get("confirm_duplicate", 0)
    assert finished >= 150  # worked off about as many as the 180 it filed


def _kelurahan_of_address(address: str) -> tuple[str, str]:
    found = re.search(r"Kel\. ([^,]+), Kec\. ([^,]+), Surabaya$", address)
    assert found, address
    return found.group(1), found.group(2)


def test_demo_addresses_and_descriptions_name_the_kelurahan_of_the_point(databases, settings):
    from geo import locate_point
    from simulator.texts import place_names

    demo_backfill(databases, settings, days=2, now=NOW)
    with databases.session() as session:
        complaints = session.scalars(select(Complaint)).all()
    located = [c for c in complaints if c.lat is not None]
    assert len(located) > 300
    for complaint in located:
        kelurahan_code = locate_point(complaint.lat, complaint.lon)[1]
        assert _kelurahan_of_address(complaint.address) == place_names()[kelurahan_code], complaint.address
        street = complaint.address.split(" No. ")[0]
        assert street.startswith(f"Jl. {place_names()[kelurahan_code][0]}")
        assert "Jl. " not in complaint.description or street in complaint.description  # the same street
    # without a point the address still names a real kelurahan
    assert all(_kelurahan_of_address(c.address) in set(place_names().values()) for c in complaints if c.lat is None)


def test_city_scale_addresses_name_the_kelurahan_of_the_point(databases, settings):
    from simulator.city import CityGenerator, CityPlan
    from simulator.complaints import reference_for_an_empty_city
    from simulator.texts import place_names

    with databases.transaction() as session:
        reference = reference_for_an_empty_city(session, NOW)
    generator = CityGenerator(reference, CityPlan(2000, NOW - timedelta(days=30), NOW, seed=5))
    rows = [row for chunk in generator.chunks(1000) for row in chunk]
    located = [row for row in rows if row["kelurahan_code"] is not None]
    assert len(located) > 1500
    for row in located:
        assert _kelurahan_of_address(row["address"]) == place_names()[row["kelurahan_code"]], row["address"]
        assert "Jl. " not in row["description"] or row["address"].split(" No. ")[0] in row["description"]
    assert "\x00" not in "".join(row["description"] for row in rows)


def test_the_first_start_fills_the_default_period_and_the_one_before(databases, settings):
    from core.periods import DEFAULT_PERIOD_DAYS
    from simulator.complaints import DEMO_HISTORY_DAYS

    assert DEMO_HISTORY_DAYS >= 2 * DEFAULT_PERIOD_DAYS + 1  # today's period and the whole one before it
    demo_backfill(databases, settings, days=DEMO_HISTORY_DAYS, now=NOW, daily_volume=20)
    with databases.session() as session:
        oldest = session.scalar(select(func.min(Complaint.received_at)))
    assert NOW - oldest.replace(tzinfo=timezone.utc) > timedelta(days=2 * DEFAULT_PERIOD_DAYS)
