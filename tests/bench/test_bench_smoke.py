"""Every benchmark family runs at a tiny scale (2,000 complaints, SQLite, few samples, 3 browser
posts) and the results file has every section; no timing is asserted (`make bench` is the real run,
see bench/README.md)."""

from __future__ import annotations

import os

import pytest

from bench.__main__ import main
from bench.results import SECTIONS

CHROMIUM = os.environ.get("PANTAU_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def chromium_present():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


@pytest.mark.browser
def test_every_benchmark_family_runs_and_writes_every_section(tmp_path, chromium_present):
    out = tmp_path / "RESULTS.md"
    code = main(["--smoke", "--scale", "2000", "--backends", "sqlite", "--quiet", "--out", str(out)])
    text = out.read_text()
    assert code == 0, text
    for title in SECTIONS.values():
        assert f"## {title}" in text and f"### {title} · sqlite" in text
    assert "Not measured" not in text and "(not run)" not in text
    assert "python -m bench --smoke --scale 2000 --backends sqlite" in text  # the command that reproduces it
    assert "- cores: " in text and "- memory: " in text and "- Python: " in text
    for figure in ("complaints page · default: last 30 days · map", "KPI page · 30 days",
                   "wall · refresh, every panel drawn", "full refresh", "incremental", "event to mart",
                   "Open311 POST to visible on /wall, pushed", "event stream refused: polling only",
                   "pushed, part: refresh request answered", "first load of /wall", "first load of the complaints page",
                   "first load of the KPI page", "from the cache",
                   "kecamatan.geojson", "peak RSS of a gunicorn worker"):
        assert figure in text, figure
    assert " seen)" in text and "(0 of" not in text  # every part of a pushed post was found in its timeline
