"""Infrastructure prober: can one core keep 10,000 devices on a 30-second interval? (issue 14: the
scheduling lag's p99 under 1 s.)

The demo fleet (simulator/infrastructure_fleet.py) opens real listeners for an inventory of 10,000
probed devices (simulator/infrastructure_inventory.py with more cameras: RTSP OPTIONS + DESCRIBE for
each camera, TCP for switches and links, HTTP for hosts and services) in this process, with its
fault schedule running. The prober runs in a process of its own pinned to one core
(`python -m bench.infrastructure_prober --targets FILE`), every target on the same interval, for a
few intervals; its sink only counts (the write side's cost is the service's, measured elsewhere).
It reports the lag of every check it started (start time - due time: p50, p99, max), how many checks
each target got per interval (about 1), the outcomes and the CPU time it used on its core.

The smoke run (1,000 targets every 5 s for 12 s) only shows that it works; its numbers mean nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, replace

from bench.results import Row, ms

SECTION = "infrastructure_prober"
COLUMNS = ["figure", "target", "measured"]
TARGETS, INTERVAL, ROUNDS = 10_000, 30.0, 4
SMOKE_TARGETS, SMOKE_INTERVAL, SMOKE_SECONDS = 1_000, 5.0, 12.0
LAG_TARGET = 1.0
CONCURRENCY = 500


def run(env, results, smoke: bool = False) -> None:
    count, interval = (SMOKE_TARGETS, SMOKE_INTERVAL) if smoke else (TARGETS, INTERVAL)
    seconds = SMOKE_SECONDS if smoke else ROUNDS * interval
    results.note(SECTION, COLUMNS, f"{count:,} targets of the demo fleet's real listeners (loopback), each every "
                                   f"{interval:g} s, probed for {seconds:g} s by the prober in its own process on "
                                   f"one core (concurrency {CONCURRENCY}); the fleet and its faults run in the "
                                   f"bench's process. Target: scheduling lag p99 < {ms(LAG_TARGET)}.")
    found = measure(count, interval, seconds)
    for row in rows_of(found, count, interval):
        results.add(SECTION, COLUMNS, env.backend, row)


def measure(count: int, interval: float, seconds: float) -> dict:
    """Starts the fleet, runs the prober process against it, returns the prober's report."""
    from simulator.infrastructure_fleet import Fleet

    fleet = Fleet(bench_rows(count), any_port=True).start()
    try:
        targets = [asdict(replace(t, interval_seconds=interval)) for t in fleet.targets()]
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            json.dump(targets, handle)
        try:
            done = subprocess.run([sys.executable, "-m", "bench.infrastructure_prober", "--targets", handle.name,
                                   "--seconds", str(seconds)], capture_output=True, text=True,
                                  timeout=seconds + 300, cwd=_project_root())
        finally:
            os.unlink(handle.name)
        if done.returncode:
            raise RuntimeError(f"the prober process failed ({done.returncode}): {done.stderr[-2000:]}")
        report = json.loads(done.stdout.strip().splitlines()[-1])
        report["fleet_events"] = Counter(f"{e.fault} {e.action}" for e in fleet.events)
        return report
    finally:
        fleet.stop()


def bench_rows(count: int) -> list[dict]:
    """The demo inventory grown to `count` probed devices (more cameras), cameras cut to fit."""
    from simulator.infrastructure_fleet import LISTENED
    from simulator.infrastructure_inventory import demo_inventory

    listened = [row for row in demo_inventory(cameras=count) if row["probe"] in LISTENED]
    others = [row for row in listened if row["kind"] != "camera"]
    cameras = [row for row in listened if row["kind"] == "camera"]
    return others + cameras[:max(0, count - len(others))]


def rows_of(report: dict, count: int, interval: float) -> list[Row]:
    lag = report["lag"]
    per_round = report["checks"] / (report["targets"] * report["seconds"] / interval)
    outcomes = ", ".join(f"{name} {number:,}" for name, number in Counter(report["outcomes"]).most_common(5))
    return [
        Row({"figure": f"scheduling lag p99: {report['targets']:,} targets every {interval:g} s, one core",
             "target": f"< {ms(LAG_TARGET)}", "measured": ms(lag["p99"])},
            lag["p99"] is not None and lag["p99"] < LAG_TARGET,
            "" if lag["p99"] is not None and lag["p99"] < LAG_TARGET else
            "the loop could not start checks on time: more concurrency, or fewer targets per prober process"),
        Row({"figure": "scheduling lag p50 / max", "target": "—",
             "measured": f"{ms(lag['p50'])} / {ms(lag['max'])} over {lag['samples']:,} checks"}),
        Row({"figure": "checks per target per interval", "target": "about 1",
             "measured": f"{per_round:.2f} ({report['checks']:,} checks in {report['seconds']:g} s, "
                         f"{report['checks'] / report['seconds']:,.0f} a second)"}),
        Row({"figure": "CPU of the prober's process (its one core)", "target": "—",
             "measured": f"{report['cpu_seconds']:,.1f} s in {report['seconds']:g} s "
                         f"({100 * report['cpu_seconds'] / report['seconds']:.0f} % of the core)"}),
        Row({"figure": "outcomes (fleet faults on)", "target": "—",
             "measured": f"{outcomes}; {report['delivered']:,} results handed to the sink; fleet changes: "
                         f"{sum(report['fleet_events'].values())}"}),
    ]


# --- the prober's process ---------------------------------------------------------------------------------------

def prober_process(targets_file: str, seconds: float, cpu: int | None) -> dict:
    from modules.infrastructure.kinds import Target
    from modules.infrastructure.prober import Prober
    from simulator.infrastructure_fleet import raise_open_files_limit

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {cpu if cpu is not None else max(os.sched_getaffinity(0))})
    raise_open_files_limit()
    with open(targets_file, encoding="utf-8") as handle:
        targets = [Target(**item) for item in json.load(handle)]
    outcomes: Counter = Counter()

    def count(batch) -> None:
        outcomes.update("ok" if r.ok and r.video is not False else "no video" if r.ok else r.detail for r in batch)

    expected = int(len(targets) * (seconds / min(t.interval_seconds for t in targets) + 1))
    prober = Prober(lambda: targets, count, concurrency=CONCURRENCY, refresh_seconds=max(60.0, seconds),
                    lag_window=max(expected, 1000))
    before, started = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()

    async def run_for() -> None:
        task = asyncio.create_task(prober.run())
        await asyncio.sleep(seconds)
        prober.stop()
        await task

    asyncio.run(run_for())
    after = resource.getrusage(resource.RUSAGE_SELF)
    lag = prober.lag()
    return {"targets": len(targets), "seconds": round(time.monotonic() - started, 3), "checks": prober.checks_started,
            "lag": {"samples": lag.samples, "p50": lag.p50, "p99": lag.p99, "max": lag.max},
            "cpu_seconds": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "delivered": prober.results_delivered, "outcomes": dict(outcomes)}


def _project_root() -> str:
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.infrastructure_prober",
                                     description="the prober alone on one core, against targets from a file")
    parser.add_argument("--targets", required=True, help="JSON list of targets (kinds.Target fields)")
    parser.add_argument("--seconds", type=float, required=True, help="how long to probe")
    parser.add_argument("--cpu", type=int, default=None, help="the core to pin to (default the last one)")
    args = parser.parse_args(argv)
    print(json.dumps(prober_process(args.targets, args.seconds, args.cpu)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
