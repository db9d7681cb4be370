"""The planning benchmark family (bench/planning.py) at a tiny scale on SQLite and PostgreSQL: the
seeder's row, every planning page's callbacks with warm, after-ETL-commit and cold times (the cold
ones from fresh processes given the parent's focus), both baselines of the columnar floor (SQL
GROUP BY, DuckDB) checked against Pantau's numbers and timed. No timing is asserted: smoke numbers
mean nothing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from run_servers import POSTGRES_ADMIN_URL, REDIS_URL  # the test run's servers (Redis: this worker's database)

from bench import planning
from bench.callbacks import is_domain_part
from bench.floor import COLUMNS, DUCK, DUCK_RATIO, SQL, SQL_RATIO
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
    assert "benchmark failed" not in text and "differs from Pantau" not in text and "differ from Pantau" not in text
    found = planning.figures(year=2026, kecamatan=None, kelurahan=None, budget_year=2027, opd=None)
    names = [figure.name for figure in found]
    assert len(names) == len(set(names)) and {planning.FUNNEL, planning.DRILL_KELURAHAN} <= set(names)
    parts = [figure for figure in found if is_domain_part(figure)]  # the KPI cards and the wall panels
    assert len(parts) == 2 and all(figure.question is not None for figure in parts)
    cells_of = {}
    for figure in found:
        row = next(line for line in text.splitlines() if line.startswith(f"| {figure.name} |"))
        cells = dict(zip(COLUMNS, (cell.strip() for cell in row.strip("|").split("|"))))
        assert all(re.fullmatch(r"[\d,.]+ ms", cells[c]) for c in COLUMNS[1:7]), cells  # warm, after commit, cold
        for column in (SQL, DUCK):  # every figure has both baselines, the domain's KPI cards and wall panels too
            assert re.fullmatch(r"[\d,.]+ ms", cells[column]), (figure.name, cells)
        cells_of[figure.name] = cells
    funnel = cells_of[planning.FUNNEL]  # both baselines answered and timed the funnel's questions
    assert re.fullmatch(r"[\d,.]+ ms", funnel[SQL]) and re.fullmatch(r"[\d,.]+ ms", funnel[DUCK]), funnel
    assert funnel[SQL_RATIO].startswith("×") and funnel[DUCK_RATIO].startswith("×"), funnel
    assert "no baseline" not in text
    assert f"--domain planning --strict --quiet --backends {backend} --only planning` · load average" in text
