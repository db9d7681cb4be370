"""Infrastructure figures at city scale (issue 14: the SLA report of 2,200 cameras over a year, warm p95
<= 50 ms, cold p95 <= 300 ms, on both backends), and the availability and outage figures the
Infrastruktur page, the wall and the mayor's cards ask of the marts (data/infrastructure/queries.py):

- the vendor SLA report's rows (every camera under contract, a year) and its per-contract summary;
- availability by device kind per month and by kelurahan per month over the year, the blind-spot
  map (cameras per kelurahan, 30 days);
- the current faults (one per root cause, the hidden devices counted under it).

Each is the data layer's own call with a pimpinan viewer, timed in the process (the Dash callbacks
that draw them belong to the pages): warm (the same call again: the mart cache's answer), after an
ETL commit (the infrastructure marts' versions bumped before each call), cold (each figure's first
call in a fresh process, as bench/cold.py does it: new connections, empty caches, Redis flushed;
`python -m bench.infrastructure` is that worker).

Baseline (the SLA report only): what a BI tool would issue on the transactional tables: each
camera's seconds up and failed over the period summed from `infra_events` durations (clipped to the
period, an open event counted to now) in one GROUP BY joined to the devices and contracts, the
availability and the verdict computed in SQL. Checked to give Pantau's rows (the same cameras, the
same seconds within a minute when both count open events to the ETL's last "now") before it is timed.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

import pandas as pd
from sqlalchemy import func, select, text

from bench.results import (DOMAIN_COLD_TARGET as COLD_TARGET, DOMAIN_WARM_TARGET as WARM_TARGET, figure_row,
                           ms, timed)

SECTION = "infrastructure"
BASELINE = "BI SQL p50"
COLUMNS = ["figure", "rows", "warm p50", "warm p95", "after ETL commit p50", "after ETL commit p95", "cold p50",
           "cold p95", BASELINE, "ratio (BI SQL p50 ÷ cold p50)"]
MARTS = ("infra_devices", "infra_outages", "infra_availability")
SLA = "SLA report · cameras · last 365 days"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
WORKER_SECONDS = 900


@dataclass(frozen=True)
class Question:
    name: str
    ask: Callable  # (services, viewer) -> DataFrame


def questions() -> list[Question]:
    """Every figure measured (the cold workers import this list)."""
    from data.complaints.queries import city_today
    from data.infrastructure import queries as q

    today = city_today()
    year = q.InfraFilters.last_days(365, today)
    cameras_year = q.InfraFilters.last_days(365, today, kinds=("camera",))
    return [
        Question(SLA, lambda s, v: q.sla_report(s, v, cameras_year)),
        Question("SLA per contract · last 365 days", lambda s, v: q.sla_by_contract(s, v, year)),
        Question("availability by kind per month · last 365 days", lambda s, v: q.availability(s, v, year, "kind",
                                                                                               "month")),
        Question("availability by kelurahan per month · last 365 days",
                 lambda s, v: q.availability(s, v, year, "kelurahan", "month")),
        Question("blind-spot map · cameras per kelurahan · last 30 days",
                 lambda s, v: q.camera_availability_by_kelurahan(s, v, q.InfraFilters.last_days(30, today))),
        Question("current faults (one per root cause)", lambda s, v: q.current_faults(s, v)),
    ]


def viewer():
    from core.users import Viewer

    return Viewer("0", "bench", "pimpinan")


def run(env, results, smoke: bool = False, samples: int = 20, workers: int = 10) -> None:
    from app import create_app
    from bench.callbacks import make_cold
    from etl.runner import EtlRunner

    if smoke:
        samples, workers = 3, 2
    results.note(SECTION, COLUMNS, f"The data layer's calls (data/infrastructure/queries.py) with a pimpinan "
                                   f"viewer: {samples} warm and {samples} after-ETL-commit samples in one process, "
                                   f"cold from {workers} fresh processes; targets warm p95 < {ms(WARM_TARGET)}, "
                                   f"cold p95 < {ms(COLD_TARGET)}. The baseline (SLA report only) sums each "
                                   "camera's event durations on the transactional tables, checked against Pantau's "
                                   "rows first.")
    EtlRunner(env.databases).run_once()  # the marts follow the seeded change log
    found = questions()
    cold = run_workers(env, [each.name for each in found], workers)
    services = create_app(env.settings()).server.extensions["pantau"]
    baseline = sla_baseline(env)
    check_baseline(env, services, baseline)
    for each in found:
        def call(each=each):
            started = time.perf_counter()
            frame = each.ask(services, viewer())
            return time.perf_counter() - started, len(frame)

        call()
        warm = [call()[0] for _ in range(samples)]
        committed = []
        for _ in range(samples):
            make_cold(services, MARTS)
            committed.append(call()[0])
        rows = call()[1]
        baseline_times = [timed(baseline) for _ in range(samples)] if each.name == SLA else []
        results.add(SECTION, COLUMNS, env.backend, figure_row(
            each.name, warm, committed, cold.get(each.name, []), baseline_times, BASELINE, rows=rows,
            fix="the query plan of data/infrastructure/queries.py: the monthly aggregate's indexes"))


# --- the baseline ------------------------------------------------------------------------------------------

def sla_baseline(env, until: datetime | None = None) -> Callable[[], pd.DataFrame]:
    """The SLA report's rows as a BI tool computes them from infra_events: per camera under
    contract, seconds up (UP, PENDING) and failed (DOWN, NO_VIDEO) in the last 365 WIB days, an
    open event counted to `until` (now when None)."""
    from core.clock import CITY_OFFSET
    from data.complaints.queries import city_today

    today = city_today()
    start = datetime.combine(today - timedelta(days=364), datetime.min.time(), timezone.utc) - CITY_OFFSET
    end = datetime.combine(today + timedelta(days=1), datetime.min.time(), timezone.utc) - CITY_OFFSET
    engine = env.databases.engine
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        duration = ("(julianday(min(coalesce(e.ended_at, :until), :end)) - julianday(max(e.started_at, :start)))"
                    " * 86400.0")
    else:
        duration = ("extract(epoch from least(coalesce(e.ended_at, :until), :end) - greatest(e.started_at, :start))")
    query = text(f"""
        select d.contract_code, c.vendor, d.code as device_code, c.slo_percent,
               coalesce(sum(case when e.state in ('UP', 'PENDING') then {duration} end), 0) as up_seconds,
               coalesce(sum(case when e.state in ('DOWN', 'NO_VIDEO') then {duration} end), 0) as failed_seconds
        from infra_devices d
        join infra_contracts c on c.code = d.contract_code
        join infra_events e on e.device_code = d.code and e.started_at < :end
             and coalesce(e.ended_at, :until) > :start
        where d.kind = 'camera'
        group by d.contract_code, c.vendor, d.code, c.slo_percent
        order by d.contract_code, d.code""")

    def bound(moment: datetime):
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
        return moment.isoformat(" ", "microseconds") if sqlite else moment

    def ask() -> pd.DataFrame:
        upto = min(until or datetime.now(timezone.utc), end)
        with engine.connect() as connection:
            rows = connection.execute(query, {"start": bound(start), "end": bound(end), "until": bound(upto)}).all()
        frame = pd.DataFrame(rows, columns=["contract_code", "vendor", "device_code", "slo_percent", "up_seconds",
                                            "failed_seconds"])
        measured = frame["up_seconds"].astype(float) + frame["failed_seconds"].astype(float)
        frame["availability_pct"] = (100.0 * frame["up_seconds"].astype(float) / measured.where(measured > 0)).round(3)
        frame["met"] = frame["availability_pct"] >= frame["slo_percent"]
        return frame

    return ask


def check_baseline(env, services, baseline: Callable[[], pd.DataFrame]) -> None:
    """The baseline, counting open events to the ETL's last "now", gives Pantau's rows: the same
    cameras, up and failed seconds within a minute each."""
    from data.complaints.queries import city_today
    from data.infrastructure import queries as q
    from data.infrastructure.tables import EtlInfraCountedUntil

    with env.databases.warehouse.connect() as connection:
        until = connection.scalar(select(func.max(EtlInfraCountedUntil.counted_until)))
    ours = q.sla_report.uncached(services, viewer(), q.InfraFilters.last_days(365, city_today(), kinds=("camera",)))
    theirs = sla_baseline(env, until)()
    if sorted(ours["device_code"]) != sorted(theirs["device_code"]):
        raise RuntimeError(f"baseline cameras ({len(theirs)}) differ from Pantau's ({len(ours)})")
    merged = ours.merge(theirs, on="device_code", suffixes=("", "_baseline"))
    for column in ("up_seconds", "failed_seconds"):
        off = (merged[column] - merged[f"{column}_baseline"].astype(float)).abs() > 60
        if off.any():
            shown = merged.loc[off, ["device_code", column, f"{column}_baseline"]].head(3).to_dict("records")
            raise RuntimeError(f"baseline {column} differ from Pantau's: {shown}")


# --- cold: each figure's first call in a fresh process -----------------------------------------------------

def run_workers(env, names: list[str], workers: int, seed: int = 2026) -> dict[str, list[float]]:
    """One sample per figure per worker process (`python -m bench.infrastructure`), one at a time."""
    spec = {"settings": env.settings_sections(), "redis_url": env.redis_url}
    samples: dict[str, list[float]] = defaultdict(list)
    for number in range(workers):
        order = list(names)
        random.Random(seed + number).shuffle(order)
        done = subprocess.run([sys.executable, "-m", "bench.infrastructure"],
                              input=json.dumps({**spec, "order": order}), capture_output=True, text=True,
                              cwd=PROJECT_ROOT, timeout=WORKER_SECONDS)
        if done.returncode != 0:
            raise RuntimeError(f"cold worker failed (exit {done.returncode}): {done.stderr[-2000:]}")
        for name, seconds in json.loads(done.stdout.strip().splitlines()[-1]).items():
            samples[name].append(seconds)
    return samples


def worker(spec: dict) -> dict[str, float]:
    from app import create_app
    from bench.cold import _mart_versions, make_fresh
    from core.settings import Settings

    services = create_app(Settings().override(**spec["settings"])).server.extensions["pantau"]
    by_name = {each.name: each for each in questions()}
    versions = _mart_versions(services)
    times = {}
    for name in spec["order"]:
        make_fresh(services, spec["redis_url"], versions)
        times[name] = timed(lambda: by_name[name].ask(services, viewer()))
    return times






if __name__ == "__main__":
    print(json.dumps(worker(json.load(sys.stdin))))
