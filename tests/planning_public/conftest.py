"""Fixtures for the citizens' proposal pages (/usulan): the proposals tests' own fixtures
(tests/planning/conftest.py: `run`, `propose`, and planning_setup.py's places and moments), loaded
from there rather than copied, plus users with distinctive names behind every step, so a test can
prove no page shows them. Every database test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

PROPOSALS_TESTS = Path(__file__).resolve().parent.parent / "planning"
if str(PROPOSALS_TESTS) not in sys.path:
    sys.path.insert(0, str(PROPOSALS_TESTS))  # planning_setup, imported by the fixtures below

_spec = importlib.util.spec_from_file_location("planning_proposal_fixtures", PROPOSALS_TESTS / "conftest.py")
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)
run = _fixtures.run
propose = _fixtures.propose

from planning_public_setup import PEOPLE  # noqa: E402

from core.users import Viewer  # noqa: E402

ALL_YEAR = {f"{name}_round": "01-01..12-31" for name in ("rw", "kelurahan", "kecamatan", "city")}


@pytest.fixture
def settings(settings):
    return settings.override(planning=ALL_YEAR)


@pytest.fixture
def people(make_user) -> dict[str, Viewer]:
    """Every person of PEOPLE as a user account (full name and all) and as the service's Viewer."""
    found = {}
    for key, (username, full_name, role, scope) in PEOPLE.items():
        make_user(username, role, full_name=full_name, **scope)
        found[key] = Viewer(user_id=username, username=username, role=role, **scope)
    return found
