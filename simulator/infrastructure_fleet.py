"""The demo fleet: real listeners for the demo inventory (simulator/infrastructure_inventory.py), so
the prober checks real sockets under `make run`, in the tests and in the benchmark.

Each probed device gets a listener on its own loopback address and its probe's port, all on one
asyncio loop in a thread (the soft RLIMIT_NOFILE raised to the hard one first: a listener is a file):

- tcp (switches, links, VPN tunnels): accepts and closes, as a management port that answers;
- http (hosts, services): a tiny HTTP/1.1 server, 200 (or the status a fault sets, e.g. 503);
- rtsp (cameras): OPTIONS, and DESCRIBE answered with an SDP that carries `m=video` (a stalled
  camera answers 503, or an SDP with audio only).

A device that is down closes its listener (a probe's connect is refused), and so does every device
below it whose parents are all down: an access switch down takes its cameras with it, a camera with
a second uplink survives one. Faults come on a realistic schedule (FAULT_RATES: so many a day across
the fleet, each lasting a drawn while) from a seeded RNG, against a callable clock, so a test can
step it: `Fleet(rows, clock=lambda: now, run_schedule=False)` and `fleet.step()` after moving `now`.
"""

from __future__ import annotations

import asyncio
import functools
import heapq
import logging
import math
import random
import resource
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from modules.infrastructure.kinds import CAMERA, HTTP, HTTPS, RTSP, SERVICE, SWITCH, TCP, WIRELESS, VPN, Target

log = logging.getLogger(__name__)

LISTENED = (TCP, HTTP, HTTPS, RTSP)
DOWN, FLAPPING, NO_VIDEO, SWITCH_DOWN, HTTP_ERROR = "down", "flapping", "no_video", "switch_down", "http_error"


@dataclass(frozen=True)
class FaultRate:
    """A kind of fault: how many start a day across the fleet, on which devices, for how long
    (a lognormal around `median_minutes`, within `bounds_minutes`)."""

    per_day: float
    eligible: Callable[[dict], bool]
    median_minutes: float
    bounds_minutes: tuple[float, float]


def _is_access_switch(row: dict) -> bool:
    return row["kind"] == SWITCH and row["code"].startswith("SW-ACC-")


# About 2,200 cameras failing once in 20 days each, their streams stalling, radio and VPN links
# flapping, an access switch (and its 24-48 cameras) lost a few times a day, a service erroring.
FAULT_RATES = {
    DOWN: FaultRate(130, lambda row: row["kind"] != SWITCH or not row["code"].startswith("SW-CORE"), 40, (2, 480)),
    FLAPPING: FaultRate(12, lambda row: row["kind"] in (CAMERA, WIRELESS, VPN), 20, (5, 60)),
    NO_VIDEO: FaultRate(40, lambda row: row["kind"] == CAMERA, 45, (5, 240)),
    SWITCH_DOWN: FaultRate(3, _is_access_switch, 30, (5, 120)),
    HTTP_ERROR: FaultRate(6, lambda row: row["kind"] == SERVICE, 10, (2, 60)),
}
FLAP_SECONDS = (20.0, 120.0)  # a flapping device changes between up and down this often


@dataclass(frozen=True)
class FaultEvent:
    """One change the schedule applied: a fault starting or ending, or a flapping device toggling."""

    at: float
    fault: str
    code: str
    action: str  # "start", "end", "toggle"


class Fleet:
    """Listeners for `rows` (inventory CSV rows) on one asyncio loop in a thread."""

    def __init__(self, rows: list[dict], *, seed: int = 14, clock: Callable[[], float] = time.time,
                 run_schedule: bool = True, tick_seconds: float = 1.0, rates: dict[str, FaultRate] | None = None,
                 tls: ssl.SSLContext | None = None, any_port: bool = False):
        # any_port: each listener on a port the kernel picks (kept across a restart of the listener),
        # so that test runs side by side never ask for the same address and port.
        self.rows = {row["code"]: dict(row, port="0") if any_port else dict(row)
                     for row in rows if row["probe"] in LISTENED}
        if tls is None and (https := [c for c, row in self.rows.items() if row["probe"] == HTTPS]):
            raise ValueError(f"rows {https[:3]} probe https: give the fleet a server TLS context (tls=)")
        self.parents = {code: [p for p in row["parents"].split(";") if p] for code, row in self.rows.items()}
        self.children: dict[str, list[str]] = {}
        for code, parents in self.parents.items():
            for parent in parents:
                self.children.setdefault(parent, []).append(code)
        self.clock, self.tls, self.run_schedule, self.tick_seconds = clock, tls, run_schedule, tick_seconds
        self.schedule = FaultSchedule(list(self.rows.values()), random.Random(seed), rates or FAULT_RATES)
        self.down: set[str] = set()              # devices down by their own fault
        self.video: dict[str, str] = {}          # camera -> "503" or "audio-only" while its video is stalled
        self.http_status: dict[str, int] = {}    # service -> the status it answers while erroring
        self._servers: dict[str, asyncio.base_events.Server] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ticker: asyncio.Task | None = None
        self.events: list[FaultEvent] = []

    # --- life -------------------------------------------------------------------------------------------------

    def start(self) -> "Fleet":
        """Opens every listener (returns when they are all open) and, with run_schedule, the faults."""
        raise_open_files_limit()
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, args=(ready,), name="infrastructure-fleet", daemon=True)
        self._thread.start()
        ready.wait()
        self._call(self._open_all)
        if self.run_schedule:
            self._call(self._start_ticker)
        return self

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.call_soon(ready.set)
        self._loop.run_forever()
        self._loop.close()

    def stop(self, timeout: float = 10.0) -> None:
        if self._loop is None or not self._loop.is_running():
            return
        self._call(self._close_all)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout)

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    # --- what tests and the feed change (any thread) ----------------------------------------------------------

    def set_down(self, code: str, down: bool = True) -> None:
        """The device fails by itself (its listener closes, and those of devices it hides) or recovers."""
        self._known(code)
        self._call(lambda: self._set_down(code, down))

    def set_video(self, code: str, stalled: str | None) -> None:
        """A camera's stream stalls ("503": DESCRIBE refused; "audio-only": an SDP without video) or
        comes back (None)."""
        self._known(code)
        if stalled not in (None, "503", "audio-only"):
            raise ValueError(f"stalled must be None, '503' or 'audio-only', not {stalled!r}")
        self._call(lambda: self._set_video(code, stalled))

    def set_http_status(self, code: str, status: int | None) -> None:
        """A host or service answers `status` (e.g. 503) instead of 200; None: 200 again."""
        self._known(code)
        self._call(lambda: self._set_status(code, status))

    def step(self) -> list[FaultEvent]:
        """Applies the schedule's changes due by clock() (what the ticker does every tick_seconds)."""
        return self._call(self._step)

    def listening(self, code: str) -> bool:
        self._known(code)
        return self._call(lambda: code in self._servers)

    def targets(self) -> list[Target]:
        """The rows as the prober's targets (what the service reads from the inventory)."""
        return [target_of(row) for row in self.rows.values()]

    def _known(self, code: str) -> None:
        if code not in self.rows:
            raise KeyError(f"no listened device {code!r} in the fleet")

    def _call(self, function):
        """Runs `function` (sync, or async) on the fleet's loop and returns its result."""
        async def wrapped():
            value = function()
            return await value if asyncio.iscoroutine(value) else value
        return asyncio.run_coroutine_threadsafe(wrapped(), self._loop).result(120)

    # --- on the loop ------------------------------------------------------------------------------------------

    async def _open_all(self) -> None:
        for code in self.rows:  # parents come before children in the inventory
            if self._reachable(code):
                await self._open(code)

    async def _close_all(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
        for server in self._servers.values():
            server.close()
        self._servers.clear()
        current = asyncio.current_task()
        talking = [task for task in asyncio.all_tasks() if task is not current]
        for task in talking:  # connections still open (an RTSP client that stayed)
            task.cancel()
        await asyncio.gather(*talking, return_exceptions=True)

    def _start_ticker(self) -> None:
        self._ticker = asyncio.get_running_loop().create_task(self._tick())

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(self.tick_seconds)
            try:
                await self._step()
            except Exception:  # noqa: BLE001 - a fault that cannot be applied must not end the fleet
                log.exception("infrastructure fleet: a scheduled fault failed")

    async def _step(self) -> list[FaultEvent]:
        applied = []
        for event in self.schedule.due(self.clock()):
            await self._apply(event)
            applied.append(event)
        self.events += applied
        return applied

    async def _apply(self, event: FaultEvent) -> None:
        starting = event.action == "start"
        if event.fault in (DOWN, SWITCH_DOWN):
            await self._set_down(event.code, starting)
        elif event.fault == FLAPPING:
            await self._set_down(event.code, event.action == "toggle" and event.code not in self.down)
        elif event.fault == NO_VIDEO:
            self._set_video(event.code, self.schedule.rng.choice(("503", "audio-only")) if starting else None)
        elif event.fault == HTTP_ERROR:
            self._set_status(event.code, 503 if starting else None)

    async def _set_down(self, code: str, down: bool) -> None:
        (self.down.add if down else self.down.discard)(code)
        for device in self._below(code):
            reachable = self._reachable(device)
            if reachable and device not in self._servers:
                await self._open(device)
            elif not reachable and device in self._servers:
                self._servers.pop(device).close()

    def _set_video(self, code: str, stalled: str | None) -> None:
        if stalled is None:
            self.video.pop(code, None)
        else:
            self.video[code] = stalled

    def _set_status(self, code: str, status: int | None) -> None:
        if status is None:
            self.http_status.pop(code, None)
        else:
            self.http_status[code] = status

    def _below(self, code: str) -> list[str]:
        """The device and everything under it, parents before children."""
        found, queue, seen = [], [code], {code}
        while queue:
            device = queue.pop(0)
            found.append(device)
            for child in self.children.get(device, ()):
                if child not in seen:
                    seen.add(child)
                    queue.append(child)
        return found

    def _reachable(self, code: str) -> bool:
        if code in self.down:
            return False
        parents = [p for p in self.parents.get(code, ()) if p in self.rows]
        return not parents or any(self._reachable(parent) for parent in parents)

    async def _open(self, code: str) -> None:
        row = self.rows[code]
        handler = {TCP: _answer_tcp, HTTP: self._answer_http, HTTPS: self._answer_http, RTSP: self._answer_rtsp}
        try:
            server = await asyncio.start_server(
                functools.partial(handler[row["probe"]], code), row["host"], int(row["port"]),
                ssl=self.tls if row["probe"] == HTTPS else None, backlog=64)
            self._servers[code] = server
            row["port"] = str(server.sockets[0].getsockname()[1])  # the kernel's pick when asked for 0
        except OSError as error:
            log.warning("infrastructure fleet: %s cannot listen on %s:%s (%s)", code, row["host"], row["port"], error)

    # --- the protocols ----------------------------------------------------------------------------------------

    async def _answer_http(self, code: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            status = self.http_status.get(code, 200)
            body = b"OK\n" if status < 400 else b"Service Unavailable\n"
            writer.write(f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}\r\nContent-Type: text/plain\r\n"
                         f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode("ascii") + body)
            await writer.drain()
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, asyncio.TimeoutError):
            pass
        finally:
            writer.close()

    async def _answer_rtsp(self, code: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
                writer.write(self._rtsp_answer(code, head.decode("latin-1")))
                await writer.drain()
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, asyncio.TimeoutError):
            pass
        finally:
            writer.close()

    def _rtsp_answer(self, code: str, head: str) -> bytes:
        request_line, *lines = head.split("\r\n")
        method, _, rest = request_line.partition(" ")
        url = rest.rpartition(" ")[0]
        sequence = next((line.split(":", 1)[1].strip() for line in lines if line.lower().startswith("cseq:")), "0")
        if method == "OPTIONS":
            return _rtsp(200, sequence, "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN")
        if method != "DESCRIBE":
            return _rtsp(501, sequence)
        stalled = self.video.get(code)
        if stalled == "503":
            return _rtsp(503, sequence)
        return _rtsp(200, sequence, "Content-Type: application/sdp", f"Content-Base: {url}/",
                     body=_sdp(self.rows[code]["host"], video=stalled is None))


async def _answer_tcp(_code: str, _reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.close()


_REASONS = {200: "OK", 404: "Not Found", 500: "Internal Server Error", 501: "Not Implemented",
            503: "Service Unavailable"}


def _rtsp(status: int, sequence: str, *headers: str, body: bytes = b"") -> bytes:
    lines = [f"RTSP/1.0 {status} {_REASONS.get(status, 'Status')}", f"CSeq: {sequence}", "Server: Pantau demo camera",
             *headers, f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + body


def _sdp(host: str, video: bool) -> bytes:
    media = (["m=video 0 RTP/AVP 96", "a=rtpmap:96 H264/90000", "a=control:trackID=1"] if video else [])
    media += ["m=audio 0 RTP/AVP 0", "a=rtpmap:0 PCMU/8000", "a=control:trackID=2"]
    lines = ["v=0", f"o=- 1 1 IN IP4 {host}", "s=Pantau demo camera", f"c=IN IP4 {host}", "t=0 0", *media]
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


# --- the fault schedule -------------------------------------------------------------------------------------------

class FaultSchedule:
    """Faults as Poisson arrivals per kind (FaultRate.per_day across the fleet), each on a device of
    its kind drawn at random and not already at fault, lasting a lognormal while; flapping devices
    toggle every FLAP_SECONDS. `due(now)` gives the changes up to `now`, in order."""

    def __init__(self, rows: list[dict], rng: random.Random, rates: dict[str, FaultRate]):
        self.rng, self.rates = rng, rates
        self.eligible = {fault: [row["code"] for row in rows if rate.eligible(row)] for fault, rate in rates.items()}
        self.at_fault: dict[str, str] = {}  # code -> fault
        self._heap: list[tuple[float, int, str, str, str]] = []  # (at, sequence, fault, code, action)
        self._sequence = 0
        self._started = False

    def due(self, now: float) -> list[FaultEvent]:
        if not self._started:
            self._started = True
            for fault in self.rates:
                self._next_arrival(fault, now)
        found = []
        while self._heap and self._heap[0][0] <= now:
            at, _sequence, fault, code, action = heapq.heappop(self._heap)
            event = self._happen(at, fault, code, action)
            if event is not None:
                found.append(event)
        return found

    def _happen(self, at: float, fault: str, code: str, action: str) -> FaultEvent | None:
        if action == "arrival":
            self._next_arrival(fault, at)
            return self._begin(at, fault)
        if action == "end":
            self.at_fault.pop(code, None)
        elif action == "toggle":
            if self.at_fault.get(code) != FLAPPING:
                return None
            self._push(at + self.rng.uniform(*FLAP_SECONDS), fault, code, "toggle")
        return FaultEvent(at, fault, code, action)

    def _begin(self, at: float, fault: str) -> FaultEvent | None:
        free = [code for code in self.eligible[fault] if code not in self.at_fault]
        if not free:
            return None
        code = self.rng.choice(free)
        self.at_fault[code] = fault
        self._push(at + 60 * self._duration_minutes(self.rates[fault]), fault, code, "end")
        if fault == FLAPPING:
            self._push(at + self.rng.uniform(*FLAP_SECONDS), fault, code, "toggle")
        return FaultEvent(at, fault, code, "start")

    def _duration_minutes(self, rate: FaultRate) -> float:
        low, high = rate.bounds_minutes
        return min(high, max(low, self.rng.lognormvariate(math.log(rate.median_minutes), 0.8)))

    def _next_arrival(self, fault: str, after: float) -> None:
        per_second = self.rates[fault].per_day / 86_400
        if per_second > 0 and self.eligible[fault]:
            self._push(after + self.rng.expovariate(per_second), fault, "", "arrival")

    def _push(self, at: float, fault: str, code: str, action: str) -> None:
        self._sequence += 1
        heapq.heappush(self._heap, (at, self._sequence, fault, code, action))


# --- shared -------------------------------------------------------------------------------------------------------

def target_of(row: dict) -> Target:
    """An inventory row as the prober's Target."""
    return Target(code=row["code"], kind=row["kind"], probe=row["probe"], host=row["host"],
                  port=int(row["port"]) if row.get("port") else None, path=row.get("path") or "/",
                  interval_seconds=float(row.get("interval_seconds") or 60),
                  timeout_seconds=float(row.get("timeout_seconds") or 5))


def raise_open_files_limit() -> int:
    """Raises this process's soft RLIMIT_NOFILE to its hard limit (a listener and each connection are
    files); returns the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 1_048_576)
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        return wanted
    return soft


def start_live_feed(services) -> Fleet:
    """The infrastructure domain's live demo feed: the demo inventory's listeners with faults on the
    real clock (`Domain.demo_feed`). The inventory itself is loaded by the domain's demo history."""
    from simulator.infrastructure_inventory import demo_inventory

    return Fleet(demo_inventory()).start()
