"""The prober's schedule: every target checked about once per interval against real listeners, first
checks spread over the interval, results handed over in batches, the lag measured; and the pure parts
of the schedule (next due time, first offset, a changed list of targets) on their own."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import time
from collections import Counter

import pytest
from probe_setup import run_async, running_fleet, small_network

from modules.infrastructure.kinds import Target
from modules.infrastructure.prober import Prober, first_offset, next_due
from modules.infrastructure.worker import ProberWorker

INTERVAL = 1.0


class Collected:
    """A sink that keeps every batch and wakes whoever waits for a condition on them."""

    def __init__(self):
        self.batches, self.changed = [], threading.Condition()

    def __call__(self, results) -> None:
        with self.changed:
            self.batches.append(list(results))
            self.changed.notify_all()

    def results(self):
        with self.changed:
            return [result for batch in self.batches for result in batch]

    def wait_for(self, condition, seconds: float = 30.0) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: condition([r for b in self.batches for r in b]), seconds), \
                "the prober did not get there"


def test_every_target_is_checked_about_once_per_interval_and_the_lag_is_kept():
    with running_fleet(small_network(interval=INTERVAL)) as fleet:
        targets, sink = fleet.targets(), Collected()
        prober = Prober(lambda: targets, sink, concurrency=4, refresh_seconds=60, batch_seconds=0.2)
        worker = ProberWorker(prober).start()
        started = time.monotonic()
        try:
            sink.wait_for(lambda found: min(Counter(r.code for r in found).get(t.code, 0) for t in targets) >= 3)
        finally:
            worker.stop()
        elapsed = time.monotonic() - started
    counts = Counter(result.code for result in sink.results())
    assert set(counts) == {t.code for t in targets}
    # at most one check per interval since the start (plus the first, anywhere in the first interval)
    assert max(counts.values()) <= elapsed / INTERVAL + 1
    assert all(result.ok for result in sink.results()), [r for r in sink.results() if not r.ok][:3]
    lag = prober.lag()
    assert lag.samples == prober.checks_started == len(sink.results())
    assert 0 <= lag.p50 <= lag.p99 <= lag.max
    assert not worker.running


def test_first_checks_are_spread_over_the_interval():
    offsets = [first_offset(f"CAM-{n:05d}", 30.0) for n in range(3000)]
    assert all(0 <= offset < 30.0 for offset in offsets)
    per_second = Counter(int(offset) for offset in offsets)
    assert len(per_second) == 30 and max(per_second.values()) < 2 * 3000 / 30
    assert first_offset("CAM-00001", 30.0) == first_offset("CAM-00001", 30.0)  # a restart keeps the phase


def test_a_late_check_skips_the_rounds_it_missed():
    assert next_due(100.0, 100.2, 30.0) == 130.0
    assert next_due(100.0, 131.0, 30.0) == 160.0
    assert next_due(100.0, 200.0, 30.0) == 220.0


def test_a_new_list_of_targets_adds_drops_and_readds():
    now = [1000.0]
    prober = Prober(lambda: [], lambda _r: None, clock=lambda: now[0])
    one, two = (Target(code, "switch", "tcp", "127.0.0.1", 1, interval_seconds=10) for code in ("A", "B"))
    passive = Target("P", "host", "passive", "127.0.0.1", None)
    prober.apply_targets([one, two, passive])
    assert set(prober.targets) == {"A", "B"}  # a passive device is never probed
    assert 1000.0 <= prober._next_due() < 1010.0
    prober.apply_targets([two])
    prober.apply_targets([one, two])
    due = sorted((d, code) for d, sequence, code in prober._heap if prober._scheduled.get(code) == sequence)
    assert [code for _d, code in due].count("A") == 1  # re-added once, its old place forgotten


def test_refusals_are_results_and_a_broken_check_does_not_stop_the_others():
    targets = [Target(f"T{n}", "switch", "tcp", "127.64.250.98", 9, interval_seconds=0.5, timeout_seconds=1)
               for n in range(3)]
    sink = Collected()

    async def check(target):
        if target.code == "T0":
            raise RuntimeError("a bug in one probe")
        from modules.infrastructure.probing import check as real_check
        return await real_check(target)

    prober = Prober(lambda: targets, sink, concurrency=2, batch_seconds=0.1, check=check)
    worker = ProberWorker(prober).start()
    try:
        sink.wait_for(lambda found: {"T1", "T2"} <= {r.code for r in found})
    finally:
        worker.stop()
    assert {r.detail for r in sink.results()} == {"connection refused"}
    assert "T0" not in {r.code for r in sink.results()}


def test_stop_before_the_loop_runs_still_ends_it():
    prober = Prober(lambda: [], lambda _r: None)
    prober.stop()
    run_async(asyncio.wait_for(prober.run(), 10))


def test_settings_out_of_range_are_refused_by_name():
    with pytest.raises(ValueError, match="concurrency"):
        Prober(lambda: [], lambda _r: None, concurrency=0)
    with pytest.raises(ValueError, match="refresh_seconds"):
        Prober(lambda: [], lambda _r: None, refresh_seconds=0)


def test_no_result_is_lost_when_batches_are_handed_over_while_checks_run():
    with running_fleet(small_network()) as fleet:
        targets = [dataclasses.replace(t, code=f"{t.code}-{n}", interval_seconds=0.5)
                   for t in fleet.targets() for n in range(6)]
        sink = Collected()
        prober = Prober(lambda: targets, sink, concurrency=len(targets), batch_seconds=0.01, batch_size=2)
        worker = ProberWorker(prober).start()
        try:
            sink.wait_for(lambda found: len(found) >= 4 * len(targets))
        finally:
            worker.stop()
    assert len(sink.results()) == prober.checks_started == prober.results_delivered
    assert all(len(batch) <= 2 for batch in sink.batches)
