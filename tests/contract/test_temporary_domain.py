"""A domain that only registers: copied from weather_domain/ into a temporary package outside the
project, registered for a second test run, and picked up by the app (its route, its page and its
callback), the ETL (its job fills its mart), the wall (its panel), the mayor's page (its card) and
the contract tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from core.settings import PROJECT_ROOT
TEMPLATE = Path(__file__).parent / "weather_domain"

if os.environ.get("PANTAU_TEST_EXTRA_DOMAINS"):
    pytest.skip("this run is the one with the temporary domain", allow_module_level=True)

# Contract checks that must have run, and passed, for the temporary domain.
EXPECTED = ("test_every_mart_declares_the_columns_that_scope_it[weather]",
            "test_the_change_log_snapshots_equal_the_extract[sqlite-weather]",
            "test_incremental_etl_equals_a_full_refresh[sqlite-weather]",
            "test_every_wall_panel_renders_on_empty_marts[sqlite-weather]",
            "test_the_wall_shows_the_domain_panels[sqlite-weather]",
            "test_the_app_serves_the_domain_routes[sqlite-weather]",
            "test_the_mayor_page_has_the_domain_cards[sqlite-weather]",
            "test_the_models_match_the_migrations[sqlite-transactional]",
            "test_the_models_match_the_migrations[sqlite-warehouse]",
            "test_every_callback_refuses_callers_outside_its_roles[sqlite-callbacks.show_wettest]",
            "test_the_domain_page_is_served[sqlite-weather]")


def test_a_domain_from_a_temporary_package_is_picked_up_by_registering_it(tmp_path):
    shutil.copytree(TEMPLATE, tmp_path / "pantau_weather", ignore=shutil.ignore_patterns("__pycache__"))
    environment = {**os.environ, "PANTAU_TEST_EXTRA_DOMAINS": "pantau_weather.domain:DOMAIN",
                   "PYTHONPATH": os.pathsep.join([str(tmp_path), str(PROJECT_ROOT)])}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", "-k", "not postgresql",
         str(Path(__file__).parent / "test_domain_contract.py"), str(Path(__file__).parent / "test_app_contract.py")],
        cwd=PROJECT_ROOT, env=environment, capture_output=True, text=True, timeout=600)
    report = run.stdout + run.stderr
    assert run.returncode == 0, report[-4000:]
    passed = {line.split("::")[-1] for line in report.splitlines() if line.startswith("PASSED")}
    assert set(EXPECTED) <= passed, sorted(set(EXPECTED) - passed)
