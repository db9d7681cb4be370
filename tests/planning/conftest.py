"""Fixtures for the proposals (e-Musrenbang) tests. Every database test runs on SQLite and
PostgreSQL (the `databases` fixture of tests/conftest.py: migrated, reference data loaded, which
holds the proposal dictionary). The clock is fixed inside the 2027 rounds (settings.toml defaults);
shared values are in planning_setup.py."""

from __future__ import annotations

import pytest
from planning_setup import HEAD, KELURAHAN_A, PNG, RW_ROUND, WRITTEN, spot

from core.users import Viewer
from modules.planning import proposals


@pytest.fixture
def run(databases):
    """run(service_function, *args, **kwargs) in its own committed transaction."""

    def do_run(function, *args, **kwargs):
        with databases.transaction() as session:
            return function(session, *args, **kwargs)

    return do_run


@pytest.fixture
def propose(run, settings):
    """propose(actor=HEAD, rules=settings, **fields) -> the new proposal's number (fields override a
    valid paving of 100 m2 in the RW round)."""

    def make(actor: Viewer = HEAD, rules=None, **fields):
        lat, lon = spot(actor.kelurahan_code or KELURAHAN_A)
        values = dict(item_code="PAVING-JALAN", volume=100, lat=lat, lon=lon, address="Jl. Kebraon Gg. 3",
                      title="Paving gang buntu", description="rusak berat", photos=[("depan.png", PNG)],
                      now=RW_ROUND) | fields
        return run(proposals.submit_proposal, actor, rules or settings, **values).number

    return make


@pytest.fixture
def written(count_rows):
    """written() -> the rows of every table a proposal step writes (to prove a refusal wrote none)."""
    return lambda: count_rows(WRITTEN)
