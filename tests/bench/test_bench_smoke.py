"""Every benchmark family runs at a tiny scale (2,000 complaints, few samples, 2 cold worker
processes, 3 browser posts) on SQLite and on PostgreSQL, and the results file has every section,
the baselines agree with Pantau's numbers, and each table says how to reproduce it and how busy the
machine was; no timing is asserted (`make bench` is the real run, see bench/README.md)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from run_servers import POSTGRES_ADMIN_URL, REDIS_URL  # the test run's servers (Redis: this worker's database)

from bench.__main__ import _sample_option, _table_command, bench_families, main, parser
from bench.results import SECTIONS, ratio

# what `--domain complaints` writes: the seeding and the complaints' own families (other domains' not run)
COMPLAINT_SECTIONS = {key: title for key, title in SECTIONS.items()
                      if key == "seeding" or key in bench_families(("complaints",))}

CHROMIUM = os.environ.get("PANTAU_CHROMIUM", "/usr/bin/chromium")
FIGURES = ("complaints page · default: last 30 days · map", "KPI page · 30 days · complaint cards",
           "KPI page · 30 days · trend and rankings", "landing page · complaints section",
           "wall · complaints panels, every one drawn",
           "first callback request of a fresh process", "full refresh", "incremental", "event to mart",
           "Open311 POST to visible on /wall, pushed", "event stream refused: polling only",
           "pushed, part: refresh request answered", "first load of /wall", "first load of the complaints page",
           "first load of the KPI page", "from the cache", "kecamatan.geojson", "peak RSS of a gunicorn worker")


@pytest.fixture
def chromium_present():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


@pytest.fixture
def bench_servers(request):
    """The bench talks to the test run's PostgreSQL and Redis database (it flushes that database)."""
    if request.param == "postgresql":
        request.getfixturevalue("postgres_admin")  # skips locally, fails on CI, without a server
    return request.param


def run_bench(*args: str) -> int:
    """`python -m bench ...` in its own process, as `make bench` runs it (its Playwright must not share
    this test process's event loop with the browser tests' one)."""
    environ = {**os.environ, "PANTAU_BENCH_POSTGRES_URL": POSTGRES_ADMIN_URL, "PANTAU_BENCH_REDIS_URL": REDIS_URL}
    return subprocess.run([sys.executable, "-m", "bench", *args], cwd=Path(__file__).resolve().parents[2],
                          env=environ, timeout=1800).returncode


@pytest.mark.browser
@pytest.mark.parametrize("bench_servers", ["sqlite", "postgresql"], indirect=True)
def test_every_benchmark_family_runs_and_writes_every_section(tmp_path, chromium_present, bench_servers):
    backend, out = bench_servers, tmp_path / "RESULTS.md"
    code = run_bench("--smoke", "--scale", "2000", "--years", "2", "--domain", "complaints", "--backends", backend,
                     "--strict", "--quiet", "--out", str(out))
    text = out.read_text()
    assert code == 0, text
    for title in COMPLAINT_SECTIONS.values():
        assert f"## {title}" in text and f"### {title} · {backend}" in text
    assert "Not measured" not in text and text.count("(not run)") == len(SECTIONS) - len(COMPLAINT_SECTIONS)
    assert f"python -m bench --smoke --scale 2000 --years 2 --domain complaints --backends {backend}" in text
    assert "- cores: " in text and "- memory: " in text and "- Python: " in text and "duckdb " in text
    assert re.search(rf"- seeded on {backend}: 2,000 complaints received from \S+ to \S+ \(WIB; `--years 2`", text)
    assert "five years" not in text
    for figure in FIGURES:
        assert figure in text, figure
    assert " seen)" in text and "(0 of" not in text  # every part of a pushed post was found in its timeline
    assert "differs from Pantau" not in text  # both baselines gave Pantau's numbers before being timed
    assert f"Reproduce: `python -m bench --smoke --scale 2000 --years 2 --domain complaints --strict --quiet " \
           f"--backends {backend} --only etl,callbacks` · load average during this table: " in text
    assert text.count("load average during this table") == len(COMPLAINT_SECTIONS)
    for asked in ("complaints page · default: last 30 days · map", "landing page · complaints section",
                  "landing page · open complaints per kelurahan (map and list)",
                  "wall · complaints panels, every one drawn"):  # each against both baselines
        row = next(line for line in text.splitlines() if line.startswith(f"| {asked} |"))
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert len(cells) == 12 and all(re.fullmatch(r"[\d,.]+ ms", c) for c in cells[1:8]), cells  # ours, SQL
        assert re.fullmatch(r"[\d,.]+ ms", cells[9]) and cells[8].startswith("×") and cells[10].startswith("×"), cells
    assert "(measured whole)" in text or "(extrapolated)" in text


def _assert_both_baselines(text: str, figure: str) -> None:
    """The figure's row has the SQL GROUP BY's p50 and DuckDB's p95, and both ratios."""
    row = next(line for line in text.splitlines() if line.startswith(f"| {figure} |"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert re.fullmatch(r"[\d,.]+ ms", cells[7]) and re.fullmatch(r"[\d,.]+ ms", cells[9]), cells
    assert cells[8].startswith("×") and cells[10].startswith("×") and "no baseline" not in row, cells


@pytest.mark.browser
@pytest.mark.parametrize("bench_servers", ["sqlite", "postgresql"], indirect=True)
def test_the_112_family_runs_against_its_baseline(tmp_path, chromium_present, bench_servers):
    backend, out = bench_servers, tmp_path / "RESULTS.md"
    code = run_bench("--smoke", "--scale", "2000", "--years", "1", "--domain", "incidents", "--backends", backend,
                     "--strict", "--quiet", "--out", str(out))
    text = out.read_text()
    assert code == 0, text
    assert f"### {SECTIONS['incidents']} · {backend}" in text and "differs from Pantau" not in text
    row = next(line for line in text.splitlines() if line.startswith("| Analisis 112 · last 30 days"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert all(re.fullmatch(r"[\d,.]+ ms", c) for c in cells[1:8] + cells[9:10]), cells  # ours, SQL, DuckDB
    assert cells[8].startswith("×") and cells[10].startswith("×"), cells
    for part in ("KPI page · 30 days · 112 cards", "landing page · 112 section", "wall · 112 panels, every one drawn"):
        _assert_both_baselines(text, part)  # the domain's own parts, each against both baselines
    # a call taken on the desk reaches the open wall, then again while 300 units report positions
    assert "| incidents: Meja 112 call to visible on /wall, pushed (3 posts, " in text and "(0 of" not in text
    assert "incidents: Meja 112 call to visible on /wall, pushed, while 300 units reporting positions every 5 s" in text
    reported = re.search(r"the load: 300 units, ([\d,]+) positions in", text)
    assert reported and int(reported.group(1).replace(",", "")) > 0 and " refused, first" not in text
    assert f"--domain incidents --strict --quiet --backends {backend} --only incidents,wall` · load average" in text


@pytest.mark.browser
@pytest.mark.parametrize("bench_servers", ["sqlite", "postgresql"], indirect=True)
def test_the_infrastructure_families_run_against_their_baseline(tmp_path, chromium_present, bench_servers):
    backend, out = bench_servers, tmp_path / "RESULTS.md"
    code = run_bench("--smoke", "--scale", "2000", "--years", "1", "--domain", "infrastructure", "--backends", backend,
                     "--strict", "--quiet", "--out", str(out))
    text = out.read_text()
    assert code == 0, text
    for key in ("seeding", "infrastructure", "infrastructure_pages", "infrastructure_prober", "wall"):
        assert f"### {SECTIONS[key]} · {backend}" in text, key
    assert "Not measured" not in text and "differ from Pantau" not in text and "differs from Pantau" not in text
    assert "| infrastructure: city-scale seeder path: 5 devices over 1 years |" in text
    row = next(line for line in text.splitlines() if line.startswith("| SLA report · cameras · last 365 days"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert re.fullmatch(r"[\d,]+", cells[1]) and int(cells[1].replace(",", "")) > 0, cells  # the cameras' rows
    assert all(re.fullmatch(r"[\d,.]+ ms", c) for c in cells[2:9] + cells[10:11]), cells  # ours, SQL, DuckDB
    assert cells[9].startswith("×") and cells[11].startswith("×"), cells
    assert "| current faults (one per root cause) |" in text
    # the page's callbacks, as the browser asks them, against the same baselines
    for figure in ("live map, faults and current outages", "blind-spot map and SLA per contract · last 366 days"):
        row = next(line for line in text.splitlines() if line.startswith(f"| Infrastruktur · {figure} |"))
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert re.fullmatch(r"[\d,.]+ ms", cells[6]) and cells[8].startswith("×") and cells[10].startswith("×"), cells
    for part in ("KPI page · 30 days · infrastructure cards", "landing page · infrastructure section",
                 "wall · infrastructure panels, every one drawn"):
        _assert_both_baselines(text, part)  # the domain's own parts, each against both baselines
    assert "| scheduling lag p99: 1,000 targets every 5 s, one core |" in text
    # an Alertmanager alert on a device reaches the open wall's ticker, pushed and polled
    assert "| infrastructure: Alertmanager alert (a device down) to visible on /wall, pushed (3 posts, " in text
    assert "event stream refused: polling only (3 posts, " in text and "(0 of" not in text
    assert f"--domain infrastructure --strict --quiet --backends {backend} --only infrastructure,wall` · load" in text


def test_a_table_names_the_command_that_reproduces_it():
    given = ["--scale", "20000", "--backends", "sqlite,postgresql", "--only=callbacks", "--out", "/tmp/x.md"]
    assert _table_command(given, "postgresql", "callbacks") == \
        "python -m bench --scale 20000 --backends postgresql --only etl,callbacks"
    assert _table_command(given, "sqlite", "seeding") == "python -m bench --scale 20000 --backends sqlite --only etl"
    incidents_only = ("incidents", "wall")  # `--domain incidents`: no etl family of the complaints
    assert _table_command(["--domain", "incidents"], "sqlite", "wall", incidents_only) == \
        "python -m bench --domain incidents --backends sqlite --only incidents,wall"
    assert _table_command(["--domain", "incidents"], "sqlite", "seeding", incidents_only) == \
        "python -m bench --domain incidents --backends sqlite --only incidents"


def test_an_unknown_domain_is_refused(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--domain", "nosuchdomain", "--smoke"])
    assert stopped.value.code == 2
    assert "unknown domains ['nosuchdomain'] (registered: complaints" in capsys.readouterr().err


def test_samples_go_to_the_page_families_only_and_must_be_one_or_more(capsys):
    from bench import callbacks, wall

    args = parser().parse_args(["--samples", "5"])
    assert _sample_option(callbacks, args) == {"samples": 5} and _sample_option(wall, args) == {}
    assert _sample_option(callbacks, parser().parse_args([])) == {}  # each family's own default
    assert _sample_option(callbacks, parser().parse_args(["--samples", "5", "--smoke"])) == {}  # smoke's few
    for wrong in ("0", "-3", "many"):
        with pytest.raises(SystemExit):
            parser().parse_args(["--samples", wrong])
        assert "of 1 or more" in capsys.readouterr().err


def test_ratios_below_one_keep_two_decimals():
    assert (ratio(1.0, 0.02), ratio(0.5, 0.2), ratio(0.02, 1.0), ratio(None, 1.0)) == ("×50", "×2.5", "×0.02", "—")
