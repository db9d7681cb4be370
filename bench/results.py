"""Benchmark results: figures in sections, written as bench/RESULTS.md with the machine's description."""

from __future__ import annotations

import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata

SECTIONS = {
    "seeding": "Seeding",
    "callbacks": "Dashboard callbacks",
    "etl": "ETL",
    "wall": "Event to wall",
    "payload": "Payload and memory",
    "incidents": "Command Center 112 callbacks",
    "infrastructure": "Infrastructure figures",
    "infrastructure_pages": "Infrastruktur page callbacks",
    "infrastructure_prober": "Infrastructure prober",
    "planning": "Planning figures",
    "sipandu": "Sipandu figures",
    "sipandu_lookups": "Sipandu NIK lookup",
    "kinerja": "e-Kinerja and e-Office ETL",
    "kinerja_pages": "e-Kinerja and e-Office figures",
}
# a section written by a family of another name (the command that reproduces its table runs that family)
SECTION_FAMILY = {"kinerja_pages": "kinerja", "sipandu_lookups": "sipandu", "infrastructure_pages": "infrastructure"}
PACKAGES = ("pandas", "numpy", "SQLAlchemy", "psycopg", "dash", "plotly", "Flask", "gunicorn", "redis",
            "playwright", "geopandas", "duckdb")
COLD_MEANING = (
    "**What the columns mean.** *warm*: the same request again in a process that has answered it "
    "(the cached answer). *after ETL commit*: a warm process, the mart version bumped before each request "
    "as an ETL commit does, so every cached answer is unreachable (what users get on a live city). *cold*: "
    "the first request of each figure in a fresh process: N worker processes are started one after "
    "another; each creates the app as wsgi.py does (start-up objects frozen) and logs in, then takes the "
    "figures in its own shuffled order and, "
    "before each one, disposes the database engines' pools (new connections: SQLite's page cache is per "
    "connection), empties every in-process cache (the mart cache and the project's memoised functions) "
    "and flushes the Redis database (the mart versions are written back as the ETL keeps them), then "
    "times that figure's first request; every sample is a first request, none is thrown away. The "
    "operating system's file cache and PostgreSQL's shared buffers stay as they are (the machine is "
    "shared and not restarted between samples). *first request of a fresh process*: the first figure "
    "each worker asked for (whichever its order put first), which also pays the imports and first-use "
    "set-up Python does lazily; reported in its own row.")


@dataclass
class Row:
    """One figure on one backend: `cells` by column name; `met` None when it has no target."""

    cells: dict[str, str]
    met: bool | None = None
    reason: str = ""


@dataclass
class Section:
    key: str
    columns: list[str]
    notes: list[str] = field(default_factory=list)
    rows: dict[str, list[Row]] = field(default_factory=dict)  # backend -> rows
    skipped: dict[str, str] = field(default_factory=dict)  # backend -> why the family did not run


class Results:
    def __init__(self, command: str, scale: int, backends: list[str], reproduce=None):
        self.command, self.scale, self.backends = command, scale, backends
        self.reproduce = reproduce or (lambda _backend, _family: command)  # (backend, family) -> command
        self.seeded: dict[str, str] = {}  # backend -> what was seeded (count and receipt days)
        self.loads: dict[tuple[str, str], str] = {}  # (family, backend) -> load average during it
        self.started = datetime.now(timezone.utc)
        self.finished: datetime | None = None
        self.sections: dict[str, Section] = {}
        self.machine = machine_description()
        self.server_versions: dict[str, str] = {}

    def section(self, key: str, columns: list[str]) -> Section:
        if key not in self.sections:
            self.sections[key] = Section(key, columns)
        return self.sections[key]

    def add(self, key: str, columns: list[str], backend: str, row: Row) -> None:
        section = self.section(key, columns)
        section.columns = section.columns or columns  # a section first met as skipped has none yet
        section.rows.setdefault(backend, []).append(row)

    def note(self, key: str, columns: list[str], text: str) -> None:
        section = self.section(key, columns)
        if text not in section.notes:
            section.notes.append(text)

    def skip(self, key: str, columns: list[str], backend: str, why: str) -> None:
        self.section(key, columns).skipped[backend] = why

    def load(self, key: str, backend: str, text: str) -> None:
        self.loads[(key, backend)] = text

    # --- writing ---------------------------------------------------------------------------------

    def markdown(self) -> str:
        finished = self.finished or datetime.now(timezone.utc)
        minutes = (finished - self.started).total_seconds() / 60
        lines = [
            "# Pantau benchmark results",
            "",
            f"Scale: **{self.scale:,}** (`--scale`: complaints, `simulator/city.py`; every other domain's "
            f"seeder in proportion to its city, `Domain.bench_city_rows`), backends: "
            f"{', '.join(self.backends)}. Run {self.started:%Y-%m-%d %H:%M} UTC, {minutes:.0f} minutes.",
            "",
            *[f"- seeded on {backend}: {what}" for backend, what in self.seeded.items()],
            "",
            "Reproduce with:",
            "",
            "```sh",
            self.command,
            "```",
            "",
            "## Machine",
            "",
            *[f"- {name}: {value}" for name, value in {**self.machine, **self.server_versions}.items()],
            "",
            "SQLite runs the embedded configuration (in-process cache and events, as `make run`); PostgreSQL "
            "runs the production one (Redis for the cache and events, gunicorn, the ETL in its own process). "
            "`met?`: ✅ met, ❌ missed (the reason and the fix follow the table), — no target. Each table "
            "gives the command that reproduces it and the load average (1 minute, sampled every few seconds "
            "while it was measured): every figure of absolute time depends on what else the machine was doing.",
            "",
            COLD_MEANING,
            "",
            self._summary(),
        ]
        for key, title in SECTIONS.items():
            section = self.sections.get(key)
            lines += ["", f"## {title}", ""]
            if section is None:
                lines += ["(not run)"]
                continue
            lines += [f"{note}" for note in section.notes] + ([""] if section.notes else [])
            for backend in self.backends:
                lines += [f"### {title} · {backend}", ""]
                if backend in section.skipped:
                    lines += [f"Not measured: {section.skipped[backend]}", ""]
                    continue
                rows = section.rows.get(backend, [])
                lines += [f"Reproduce: `{self.reproduce(backend, key)}`" + (
                    f" · load average during this table: {self.loads[(key, backend)]}"
                    if (key, backend) in self.loads else ""), ""]
                lines += _table(section.columns, rows)
                missed = [r for r in rows if r.met is False and r.reason]
                if missed:
                    lines += ["", "Missed:", ""]
                    lines += [f"- **{r.cells.get(section.columns[0], '')}**: {r.reason}" for r in missed]
                lines.append("")
        return "\n".join(lines).rstrip() + "\n"

    def _summary(self) -> str:
        counts = {"met": 0, "missed": 0}
        for section in self.sections.values():
            for rows in section.rows.values():
                for row in rows:
                    if row.met is True:
                        counts["met"] += 1
                    elif row.met is False:
                        counts["missed"] += 1
        return f"Targets: {counts['met']} met, {counts['missed']} missed."

    def write(self, path: str) -> None:
        self.finished = datetime.now(timezone.utc)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(self.markdown())


def _table(columns: list[str], rows: list[Row]) -> list[str]:
    header = [*columns, "met?"]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    for row in rows:
        mark = "—" if row.met is None else ("✅" if row.met else "❌")
        lines.append("| " + " | ".join(_cell(row.cells.get(c, "")) for c in columns) + f" | {mark} |")
    return lines


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


class LoadWatch:
    """Samples the 1-minute load average (/proc/loadavg) at the start, every `every` seconds and
    at the end of a family, so each table says how busy the machine was while it was measured."""

    def __init__(self, every: float = 5.0):
        self.every, self.samples = every, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> "LoadWatch":
        self.samples.append(os.getloadavg()[0])
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join(timeout=self.every + 1)
        self.samples.append(os.getloadavg()[0])

    def _sample(self) -> None:
        while not self._stop.wait(self.every):
            self.samples.append(os.getloadavg()[0])

    def summary(self) -> str:
        if not self.samples:
            return "not sampled"
        return (f"{self.samples[0]:.2f} at the start, {self.samples[-1]:.2f} at the end, highest "
                f"{max(self.samples):.2f} ({len(self.samples)} samples, {os.cpu_count()} cores)")


# --- formatting helpers ------------------------------------------------------------------------------

def ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    value = seconds * 1000
    return f"{value:.1f} ms" if value < 100 else f"{value:,.0f} ms"


def secs(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds:,.1f} s"


def size(count: float | None) -> str:
    if count is None:
        return "—"
    if count >= 1024 * 1024:
        return f"{count / 1024 / 1024:.2f} MB"
    return f"{count / 1024:.0f} KB"


def ratio(naive: float | None, ours: float | None) -> str:
    if not naive or not ours:
        return "—"
    value = naive / ours
    return f"×{value:,.0f}" if value >= 10 else f"×{value:.1f}" if value >= 1 else f"×{value:.2f}"


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100): the value below which q % of the samples lie."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil
    return ordered[int(rank) - 1]


# --- the machine -----------------------------------------------------------------------------------

def machine_description() -> dict[str, str]:
    info = {
        "cores": f"{os.cpu_count()} ({_cpu_model()})",
        "memory": _memory(),
        "system": f"{platform.system()} {platform.release()} ({_distribution()})",
        "load average at start": " ".join(f"{v:.2f}" for v in os.getloadavg()),
        "Python": sys.version.split()[0],
        "SQLite": sqlite3.sqlite_version,
        "packages": ", ".join(f"{name} {_version(name)}" for name in PACKAGES),
        "browser": _chromium_version(),
    }
    return info


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _memory() -> str:
    try:
        with open("/proc/meminfo", encoding="utf-8") as handle:
            kb = int(re.search(r"MemTotal:\s+(\d+)", handle.read()).group(1))
        return f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        return "unknown"


def _distribution() -> str:
    try:
        with open("/etc/os-release", encoding="utf-8") as handle:
            found = re.search(r'PRETTY_NAME="([^"]+)"', handle.read())
        return found.group(1) if found else "unknown"
    except OSError:
        return "unknown"


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _chromium_version() -> str:
    path = os.environ.get("PANTAU_CHROMIUM", "/usr/bin/chromium")
    if not shutil.which(path) and not os.path.exists(path):
        return "not installed"
    try:
        return subprocess.run([path, "--version"], capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


# The targets of a domain's page figures (issues 13 to 15): warm answers and cold ones (right after
# an ETL commit, and in a fresh process).
DOMAIN_WARM_TARGET, DOMAIN_COLD_TARGET = 0.050, 0.300


def timed(function) -> float:
    """Seconds one call of `function` takes."""
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def figure_row(name: str, warm, committed, cold, timed_baseline, baseline: str, fix: str = "",
               rows: int | None = None) -> Row:
    """A domain figure's row: warm, after-ETL-commit and cold percentiles against the targets, the
    fair baseline's p50 (column `baseline`) and the ratio; a miss names what was slow and `fix`."""
    warm95, committed95, cold95 = percentile(warm, 95), percentile(committed, 95), percentile(cold, 95)
    cold50, base50 = percentile(cold, 50), percentile(timed_baseline, 50)
    misses = [f"warm p95 {ms(warm95)}"] if warm95 is not None and warm95 >= DOMAIN_WARM_TARGET else []
    misses += [f"{label} p95 {ms(value)}" for label, value in (("after ETL commit", committed95), ("cold", cold95))
               if value is not None and value >= DOMAIN_COLD_TARGET]
    cells = {"figure": name, **({"rows": f"{rows:,}"} if rows is not None else {}),
             "warm p50": ms(percentile(warm, 50)), "warm p95": ms(warm95),
             "after ETL commit p50": ms(percentile(committed, 50)), "after ETL commit p95": ms(committed95),
             "cold p50": ms(cold50), "cold p95": ms(cold95), baseline: ms(base50),
             "ratio (BI SQL p50 ÷ cold p50)": ratio(base50, cold50)}
    return Row(cells, not misses, "missed: " + ", ".join(misses) + (f" ({fix})" if fix else "") if misses else "")
