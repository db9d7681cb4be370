"""The planning benchmark family (bench/planning.py) at a tiny scale on SQLite and PostgreSQL: the
seeder's row, every planning figure with warm, after-ETL-commit and cold times, the BI baseline
checked against Pantau's numbers and timed; and the budget queries picked up when their module is
there (and nothing asked of it when it is not). No timing is asserted: smoke numbers mean nothing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import types
from dataclasses import dataclass
from pathlib import Path

import pytest
from run_servers import POSTGRES_ADMIN_URL, REDIS_URL  # the test run's servers (Redis: this worker's database)

from bench import planning
from bench.results import SECTIONS


@pytest.fixture
def planning_bench_backend(request):
    if request.param == "postgresql":
        request.getfixturevalue("postgres_admin")  # skips locally, fails on CI, without a server
    return request.param


@pytest.mark.parametrize("planning_bench_backend", ["sqlite", "postgresql"], indirect=True)
def test_the_planning_family_runs_against_its_baseline(tmp_path, planning_bench_backend):
    backend, out = planning_bench_backend, tmp_path / "RESULTS.md"
    environ = {**os.environ, "PANTAU_BENCH_POSTGRES_URL": POSTGRES_ADMIN_URL, "PANTAU_BENCH_REDIS_URL": REDIS_URL}
    code = subprocess.run([sys.executable, "-m", "bench", "--smoke", "--scale", "2000", "--years", "2", "--domain",
                           "planning", "--backends", backend, "--strict", "--quiet", "--out", str(out)],
                          cwd=Path(__file__).resolve().parents[2], env=environ, timeout=900).returncode
    text = out.read_text()
    assert code == 0, text
    assert f"### {SECTIONS['planning']} · {backend}" in text and f"### {SECTIONS['seeding']} · {backend}" in text
    assert "| planning: city-scale seeder path: 100 proposals over 2 years |" in text
    assert "Not measured" not in text and "differs from Pantau" not in text and "differ from Pantau" not in text
    for figure, baseline in ((planning.FUNNEL, True), (planning.FUNNEL_BY_KECAMATAN, True),
                             (planning.REJECTIONS, True), ("funnel per RW of a kelurahan (facts)", False)):
        row = next(line for line in text.splitlines() if line.startswith(f"| {figure} |"))
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert all(re.fullmatch(r"[\d,.]+ ms", c) for c in cells[2:8]), cells  # warm, after commit, cold
        assert bool(re.fullmatch(r"[\d,.]+ ms", cells[8])) == baseline and cells[9].startswith("×") == baseline
    assert f"--domain planning --strict --quiet --backends {backend} --only planning` · load average" in text


def test_budget_queries_are_picked_up_when_there(monkeypatch):
    from core.users import Viewer
    from data.cache import cached

    @dataclass(frozen=True)
    class Filters:
        year: int
        opd_code: str | None = None

    module = types.ModuleType(planning.BUDGET_QUERIES)
    namespace = {"Filters": Filters}
    exec("def curve(services, viewer, filters: 'Filters', previous_years: int = 2): return [filters.year]\n"
         "def at(services, viewer, year: int, month: int): return {'year': year, 'month': month}\n"
         "def per_place(services, viewer, place: str): return []\n", namespace)
    for name in ("curve", "at", "per_place"):
        namespace[name].__module__ = planning.BUDGET_QUERIES
        setattr(module, name, cached("planning_budget")(namespace[name]))
    module.Filters = Filters
    module.helper = lambda: None  # not a cached query: not measured
    where = planning.Focus(year=2026, kecamatan=None, kelurahan=None, budget_year=2025)
    viewer = Viewer("0", "bench", "pimpinan")

    monkeypatch.setitem(sys.modules, planning.BUDGET_QUERIES, module)
    found, skipped = planning.budget_questions(where, viewer)
    assert [each.name for each in found] == ["budget · at", "budget · curve"] and skipped == ["per_place"]
    assert found[0].ask.__defaults__[1] == (2025, 12) and found[1].ask.__defaults__[1] == (Filters(2025),)

    monkeypatch.delitem(sys.modules, planning.BUDGET_QUERIES)
    monkeypatch.setattr(planning, "BUDGET_QUERIES", "data.planning.no_such_budget_queries")
    assert planning.budget_questions(where, viewer) == ([], [])
