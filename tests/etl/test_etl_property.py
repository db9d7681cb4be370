"""Property: any sequence of complaint events, processed incrementally in random batch sizes,
gives marts equal to a full refresh from the module's tables. Driven through the real service
layer, so the change log holds exactly what the module writes."""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st
from mart_compare import marts_snapshot

from core.db import Databases, make_engine
from core.users import Viewer
from etl.runner import EtlRunner
from modules.complaints import service
from modules.complaints.errors import AccessDenied, ComplaintValidationError, WorkflowError
from modules.complaints.intake import ComplaintIntake

ADMIN = Viewer("0", "admin", "admin")
START = datetime(2026, 11, 2, 1, 0, tzinfo=timezone.utc)
POINTS = [(-7.258, 112.744), (-7.250, 112.762), (-7.295, 112.740), (None, None), (-7.2581, 112.7441)]
CATEGORIES = ["SAMPAH", "JALAN_RUSAK", "PARKIR_LIAR", "PKL"]
ACTIONS = ["respond", "start_work", "resolve", "close", "send_feedback", "reject", "transfer", "reopen",
           "dispatch", "sweep"]

submit = st.tuples(st.just("submit"), st.sampled_from(CATEGORIES), st.sampled_from(POINTS),
                   st.sampled_from(["web", "phone", "whatsapp"]), st.booleans())
act = st.tuples(st.just("act"), st.integers(0, 30), st.sampled_from(ACTIONS), st.sampled_from(["DLH", "DISHUB"]))
events = st.lists(st.one_of(submit, act), min_size=1, max_size=40)
gaps = st.lists(st.integers(1, 180), min_size=40, max_size=40)
batch_sizes = st.lists(st.integers(1, 12), min_size=1, max_size=6)


@pytest.fixture
def fresh_copies(sqlite_template):
    """A factory of fresh (transactional, warehouse) SQLite copies of the migrated template."""
    folders = []

    def make() -> tuple[Databases, Databases]:
        folder = Path(tempfile.mkdtemp(prefix="pantau-prop-"))
        folders.append(folder)
        for name in ("pantau.db", "warehouse.db"):
            shutil.copy(sqlite_template / name, folder / name)
        shutil.copy(sqlite_template / "warehouse.db", folder / "rebuilt.db")
        engine = make_engine(f"sqlite:///{folder}/pantau.db")
        return Databases(engine, make_engine(f"sqlite:///{folder}/warehouse.db")), \
            Databases(engine, make_engine(f"sqlite:///{folder}/rebuilt.db"))

    yield make
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def apply_events(databases: Databases, settings, events, gaps) -> None:
    now, ids = START, []
    with databases.transaction() as session:
        service.seed_routing_rules(session, now)
    for (kind, *args), gap in zip(events, gaps):
        now += timedelta(minutes=gap)
        try:
            with databases.transaction() as session:
                if kind == "submit":
                    ids.append(_submit(session, settings, now, *args))
                elif ids:
                    _act(session, settings, now, ids[args[0] % len(ids)], *args[1:])
        except (WorkflowError, ComplaintValidationError, AccessDenied):
            pass  # refused actions write nothing; that is part of what is checked


def _submit(session, settings, now, category, point, channel, triage) -> int:
    lat, lon = point
    intake = ComplaintIntake(channel=channel, category_code=category, description="uji properti", lat=lat, lon=lon,
                             address="Jl. Tunjungan 1" if lat is None else None, triage=triage)
    return service.submit_complaint(session, intake, settings, now=now).id


def _act(session, settings, now, complaint_id, action, opd):
    if action == "sweep":
        service.sweep_sla_breaches(session, settings, now=now)
    elif action in ("respond", "start_work", "resolve", "close"):
        getattr(service, action)(session, ADMIN, complaint_id, "catatan", now=now)
    elif action == "send_feedback":
        service.send_feedback(session, ADMIN, complaint_id, "sudah ditangani", now=now)
    elif action == "reject":
        service.reject(session, ADMIN, complaint_id, "spam", "iklan", now=now)
    elif action == "transfer":
        service.transfer(session, ADMIN, complaint_id, opd, "salah OPD", now=now)
    elif action == "reopen":
        service.reopen(session, ADMIN, complaint_id, "belum beres", now=now)
    else:
        service.dispatch(session, ADMIN, complaint_id, opd, "ke OPD", now=now)


def run_incrementally(databases: Databases, sizes: list[int]) -> None:
    runner, turn = EtlRunner(databases), 0
    while True:
        runner.batch_size = sizes[turn % len(sizes)]
        turn += 1
        if runner.run_once(max_batches=1).read == 0:
            return


@hypothesis_settings(max_examples=30, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(events=events, gaps=gaps, sizes=batch_sizes)
def test_incremental_marts_equal_a_full_refresh(fresh_copies, settings, events, gaps, sizes):
    incremental, rebuilt = fresh_copies()
    apply_events(incremental, settings, events, gaps)
    run_incrementally(incremental, sizes)
    EtlRunner(rebuilt).full_refresh()
    assert marts_snapshot(incremental) == marts_snapshot(rebuilt)
    incremental.dispose(), rebuilt.warehouse.dispose()


def test_incremental_equals_full_refresh_on_both_backends(databases, settings):
    """One fixed, busy sequence on the parametrised backend (PostgreSQL included)."""
    events = [("submit", CATEGORIES[i % 4], POINTS[i % 5], "web", i % 7 == 0) for i in range(12)]
    events += [("act", i, ACTIONS[i % len(ACTIONS)], "DLH") for i in range(28)]
    apply_events(databases, settings, events, [7] * len(events))
    run_incrementally(databases, [3, 5])
    incremental = marts_snapshot(databases)
    EtlRunner(databases).full_refresh()
    assert marts_snapshot(databases) == incremental
    assert incremental["fct_complaints"]  # the sequence really produced facts
