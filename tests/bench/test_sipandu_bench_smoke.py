"""The Sipandu benchmark family (bench/sipandu.py) at a tiny scale on SQLite and PostgreSQL: the
seeder's row, the /sipandu page's callbacks (and Sipandu's KPI cards and wall panels) with warm,
after-ETL-commit and cold times and both baselines of the columnar floor (SQL GROUP BY on the module's
tables, DuckDB over the facts) checked against Pantau's numbers and timed for each Sipandu figure, then the NIK
lookups through the blind index against a plaintext B-tree copy of the same rows (every pair of
answers compared inside the run, which fails otherwise), the seeding's protection cost and the
index sizes. No timing is asserted: smoke numbers mean nothing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from run_servers import POSTGRES_ADMIN_URL, REDIS_URL  # the test run's servers (Redis: this worker's database)

from bench import sipandu
from bench.results import SECTIONS

TIME = r"[\d,.]+ ms"


@pytest.fixture
def sipandu_bench_backend(request):
    if request.param == "postgresql":
        request.getfixturevalue("postgres_admin")  # skips locally, fails on CI, without a server
    return request.param


def cells_of(text: str, figure: str) -> list[str]:
    row = next(line for line in text.splitlines() if line.startswith(f"| {figure}"))
    return [cell.strip() for cell in row.strip("|").split("|")]


@pytest.mark.parametrize("sipandu_bench_backend", ["sqlite", "postgresql"], indirect=True)
def test_the_sipandu_family_runs_against_its_baselines(tmp_path, sipandu_bench_backend):
    backend, out = sipandu_bench_backend, tmp_path / "RESULTS.md"
    environ = {**os.environ, "PANTAU_BENCH_POSTGRES_URL": POSTGRES_ADMIN_URL, "PANTAU_BENCH_REDIS_URL": REDIS_URL}
    code = subprocess.run([sys.executable, "-m", "bench", "--smoke", "--scale", "2000", "--years", "2", "--domain",
                           "sipandu", "--backends", backend, "--strict", "--quiet", "--out", str(out)],
                          cwd=Path(__file__).resolve().parents[2], env=environ, timeout=900).returncode
    text = out.read_text()
    assert code == 0, text
    assert f"### {SECTIONS['sipandu']} · {backend}" in text and f"### {SECTIONS['seeding']} · {backend}" in text
    assert f"### {SECTIONS['sipandu_lookups']} · {backend}" in text
    assert "| sipandu: city-scale seeder path: 500 newcomers over 2 years |" in text
    assert "benchmark failed" not in text and "differ" not in text
    assert "differs from Pantau" not in text  # both baselines gave Pantau's numbers before they were timed
    found = sipandu.figures()
    names = [figure.name for figure in found]
    assert len(names) == len(set(names)) and sipandu.MAP in names
    for figure in found:
        cells = cells_of(text, f"{figure.name} |")
        assert all(re.fullmatch(TIME, c) for c in cells[1:7]), cells  # warm, after commit, cold
        assert figure.question is not None, figure.name  # every figure, the KPI cards and wall panels too
        for column in (7, 9):  # SQL GROUP BY p50, DuckDB p95
            assert re.fullmatch(TIME, cells[column]) and cells[column + 1].startswith("×"), cells
        assert f"**{figure.name}**: no baseline" not in text, figure.name
    map_cells = cells_of(text, f"{sipandu.MAP} |")
    assert re.fullmatch(TIME, map_cells[7]) and re.fullmatch(TIME, map_cells[9]), map_cells  # SQL and DuckDB
    for kind in (*sipandu.KINDS, "every lookup above"):
        cells = cells_of(text, f"NIK lookup · {kind} (")
        assert re.search(r"\((\d+) NIKs\)|\((\d+)\)", cells[0]) and "(0" not in cells[0], cells
        assert all(re.fullmatch(TIME, c) for c in cells[1:3]) and len(cells) == 6, cells  # its own table
        assert re.fullmatch(rf"{TIME} \(plaintext B-tree; p95 {TIME}\)", cells[3]), cells
        assert re.fullmatch(r"p50 ×[\d.,]+, p95 ×[\d.,]+ \(blind index ÷ plaintext\)", cells[4]), cells
    assert re.search(r"\| protecting the NIKs at seeding .*: a resident's NIK and KK [\d.]+ µs \([\d,]+ rows/s\), "
                     r"a newcomer's NIK [\d.]+ µs; for this run's 5,800 residents and [\d,]+ newcomers", text)
    assert re.search(r"\| blind index against the plaintext B-tree, on disk: sipandu_residents.nik_index "
                     r"\(64 hex characters\) [\d.,]+ MB, the plaintext NIK's B-tree \(16 digits\) [\d.,]+ MB", text)
    assert f"--domain sipandu --strict --quiet --backends {backend} --only sipandu` · load average" in text


def test_the_backlog_check_allows_one_rounding_step_of_the_hours_and_nothing_else():
    from bench.sipandu_baselines import _within_an_hour_step

    row = ("35.78.20", "35.78.20.1004", 7, 149.7, 33.9)
    assert _within_an_hour_step([row], [("35.78.20", "35.78.20.1004", 7, 149.6, 33.9)])
    assert not _within_an_hour_step([row], [("35.78.20", "35.78.20.1004", 7, 149.5, 33.9)])
    assert not _within_an_hour_step([row], [("35.78.20", "35.78.20.1004", 8, 149.7, 33.9)])  # counts: exact
    assert not _within_an_hour_step([row], [("35.78.20", "35.78.20.1005", 7, 149.7, 33.9)])
    assert not _within_an_hour_step([row], [])
