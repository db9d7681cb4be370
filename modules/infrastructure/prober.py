"""The prober: thousands of devices checked on their own intervals from one asyncio loop.

A heap holds each target's next due time; the loop sleeps until the earliest, starts its check
when the concurrency limit (a semaphore) allows, and puts it back one interval later. New targets
get their first check spread over their interval (a stable offset from the code), so 10,000
devices added at once do not all fire in the first second. The list of targets is read again every
`refresh_seconds` (added, removed and changed devices), results go to the sink in batches (every
`batch_seconds` or `batch_size` results) on a thread of their own so a slow database never holds
the probes up, and the scheduling lag of every check (its start minus its due time) is kept: the
p50 and p99 of the last `lag_window` checks say whether the prober keeps up (issue 14: p99 < 1 s
at 10,000 targets on a 30-second interval, on one core).
"""

from __future__ import annotations

import asyncio
import heapq
import logging
import threading
import time
import zlib
from collections import deque
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from modules.infrastructure import probing
from modules.infrastructure.kinds import PASSIVE, CheckResult, Target

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LagStats:
    """Scheduling lag (seconds a check started after it was due) over the last `samples` checks."""

    samples: int
    p50: float | None
    p99: float | None
    max: float | None


class Prober:
    """Checks `targets()` on their intervals until `stop()`; `run()` is its coroutine."""

    def __init__(self, targets: Callable[[], list[Target]], sink: Callable[[list[CheckResult]], None],
                 concurrency: int = 500, refresh_seconds: float = 60.0, *, batch_seconds: float = 1.0,
                 batch_size: int = 500, lag_window: int = 20_000, clock: Callable[[], float] = time.monotonic,
                 check: Callable[[Target], Awaitable[CheckResult]] = probing.check,
                 chores: tuple[tuple[float, Callable[[], object]], ...] = ()):
        if concurrency < 1:
            raise ValueError(f"concurrency must be at least 1, not {concurrency}")
        if refresh_seconds <= 0:
            raise ValueError(f"refresh_seconds must be positive, not {refresh_seconds}")
        self._read_targets, self._sink, self._check = targets, sink, check
        self.chores = chores  # (every seconds, function): other writes, run on the sink's thread between batches
        self.concurrency, self.refresh_seconds = concurrency, refresh_seconds
        self.batch_seconds, self.batch_size, self.clock = batch_seconds, batch_size, clock
        self.targets: dict[str, Target] = {}
        self._heap: list[tuple[float, int, str]] = []  # (due, sequence, code)
        self._scheduled: dict[str, int] = {}  # code -> the sequence of its live heap entry
        self._sequence = 0
        self._lags: deque[float] = deque(maxlen=lag_window)
        self._lock = threading.Lock()
        self._pending: list[CheckResult] = []
        self.checks_started = self.results_delivered = 0
        self._stopping: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_requested = threading.Event()

    # --- what others read -------------------------------------------------------------------------------------

    def lag(self) -> LagStats:
        """p50, p99 and max of the scheduling lag over the last checks (thread-safe)."""
        with self._lock:
            values = sorted(self._lags)
        if not values:
            return LagStats(0, None, None, None)
        return LagStats(len(values), _nearest_rank(values, 50), _nearest_rank(values, 99), values[-1])

    def stop(self) -> None:
        """Asks the running loop to finish (callable from any thread, before or while it runs)."""
        self._stop_requested.set()
        if self._loop is not None and self._stopping is not None:
            self._loop.call_soon_threadsafe(self._stopping.set)

    # --- the loop ---------------------------------------------------------------------------------------------

    async def run(self) -> None:
        """Checks until stop(); then waits for the checks under way and hands the last results over."""
        self._loop, self._stopping = asyncio.get_running_loop(), asyncio.Event()
        if self._stop_requested.is_set():
            self._stopping.set()
        semaphore = asyncio.Semaphore(self.concurrency)
        running: set[asyncio.Task] = set()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="prober-io") as io:
            await self._refresh(io)
            flusher = asyncio.create_task(self._flush_every(io))
            chores = [asyncio.create_task(self._every(seconds, chore, io)) for seconds, chore in self.chores]
            next_refresh = self.clock() + self.refresh_seconds
            while not self._stopping.is_set():
                if self.clock() >= next_refresh:
                    await self._refresh(io)
                    next_refresh = self.clock() + self.refresh_seconds
                due = self._next_due()
                wait = min(next_refresh, due if due is not None else next_refresh) - self.clock()
                if wait > 0:
                    await self._sleep(wait)
                    continue
                await semaphore.acquire()
                self._start_due(semaphore, running)
            if running:
                await asyncio.wait(running)
            for task in chores:
                task.cancel()
            await asyncio.gather(flusher, *chores, return_exceptions=True)  # the flusher ends by itself:
            await self._flush(io)  # cancelled, it could drop a batch queued behind the one being written

    def _start_due(self, semaphore: asyncio.Semaphore, running: set) -> None:
        """Starts the earliest due check (the semaphore already taken) and schedules its next one."""
        due, sequence, code = heapq.heappop(self._heap)
        target = self.targets.get(code)
        if target is None or self._scheduled.get(code) != sequence:  # removed, or scheduled again since
            semaphore.release()
            return
        started = self.clock()
        with self._lock:
            self._lags.append(max(0.0, started - due))
        self._push(next_due(due, started, target.interval_seconds), code)
        self.checks_started += 1
        task = asyncio.create_task(self._one(target, semaphore))
        running.add(task)
        task.add_done_callback(running.discard)

    async def _one(self, target: Target, semaphore: asyncio.Semaphore) -> None:
        try:
            result = await self._check(target)
            self._pending.append(result)  # not `self._pending.append(await ...)`: a flush may swap the list meanwhile
        except Exception:  # noqa: BLE001 - one broken target must not stop the others
            log.exception("prober: the check of %s failed", target.code)
        finally:
            semaphore.release()

    def _next_due(self) -> float | None:
        while self._heap and self._scheduled.get(self._heap[0][2]) != self._heap[0][1]:
            heapq.heappop(self._heap)
        return self._heap[0][0] if self._heap else None

    def _push(self, due: float, code: str) -> None:
        self._sequence += 1
        self._scheduled[code] = self._sequence  # older entries of the code in the heap are skipped
        heapq.heappush(self._heap, (due, self._sequence, code))

    async def _sleep(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._stopping.wait(), seconds)
        except (TimeoutError, asyncio.TimeoutError):
            pass

    # --- targets ----------------------------------------------------------------------------------------------

    async def _refresh(self, io: ThreadPoolExecutor) -> None:
        try:
            found = await asyncio.get_running_loop().run_in_executor(io, self._read_targets)
        except Exception:  # noqa: BLE001 - keep probing the last known targets
            log.exception("prober: reading the targets failed; keeping the %d known", len(self.targets))
            return
        self.apply_targets(found)

    def apply_targets(self, found: list[Target]) -> None:
        """Takes a new list of targets: new ones get a first check spread over their interval, removed
        ones are dropped, changed ones keep their place (their new interval applies from the next check)."""
        probed = {target.code: target for target in found if target.probe != PASSIVE}
        now = self.clock()
        for code, target in probed.items():
            if code not in self.targets:
                self._push(now + first_offset(code, target.interval_seconds), code)
        for code in self.targets.keys() - probed.keys():
            self._scheduled.pop(code, None)
        self.targets = probed

    # --- results ----------------------------------------------------------------------------------------------

    async def _flush_every(self, io: ThreadPoolExecutor) -> None:
        last = self.clock()
        while not self._stopping.is_set():
            await asyncio.sleep(min(0.1, self.batch_seconds))
            if len(self._pending) >= self.batch_size or (self._pending and self.clock() - last >= self.batch_seconds):
                await self._flush(io)
                last = self.clock()

    async def _every(self, seconds: float, chore: Callable[[], object], io: ThreadPoolExecutor) -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                await asyncio.get_running_loop().run_in_executor(io, chore)
            except Exception:  # noqa: BLE001 - the next round tries again
                log.exception("prober: %s failed", getattr(chore, "__name__", "a chore"))

    async def _flush(self, io: ThreadPoolExecutor) -> None:
        while self._pending:
            batch, self._pending = self._pending[:self.batch_size], self._pending[self.batch_size:]
            try:
                await asyncio.get_running_loop().run_in_executor(io, self._sink, batch)
                self.results_delivered += len(batch)
            except Exception:  # noqa: BLE001 - a failed write loses one batch, not the prober
                log.exception("prober: the sink refused %d results", len(batch))


def next_due(due: float, started: float, interval: float) -> float:
    """One interval after `due`, or as many as it takes to be after `started`: a prober that fell more
    than an interval behind skips the rounds it missed instead of running them back to back."""
    following = due + interval
    if following <= started:
        following += interval * (int((started - following) // interval) + 1)
    return following


def first_offset(code: str, interval: float) -> float:
    """A stable point inside the first interval for `code` (crc32 of the code): the first checks of
    many targets spread evenly, and a restarted prober checks each device at the same phase."""
    return (zlib.crc32(code.encode("utf-8")) / 2**32) * interval


def _nearest_rank(ordered: list[float], q: float) -> float:
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]
