"""Pushing "a mart changed" to open browsers: one listener per web process, many streams.

The ETL announces each commit on the MARTS channel (core.events): over Redis pub/sub when Redis is
configured (the ETL is then another process), in-process otherwise (`make run`, the ETL a thread).
A stream (a server-sent-events answer, see callbacks/_wall_events.py) must not hold a Redis
connection of its own, so each web process keeps one subscription in one thread and passes every
notification on to its streams through a local condition. A notification still carries no data:
each stream reads the mart versions itself, and reads them again at every heartbeat, so a lost
message (Redis away, the breaker open) costs at most one heartbeat.

The number of open streams per process is bounded (`StreamSlots`): each holds a server thread
(a gunicorn gthread) for as long as it lives, so a full process answers 503 and the wall polls.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterable, Iterator

from core.events import MARTS, LocalEvents, RedisEvents, events_for

RELAY_WAIT_SECONDS = 30.0  # how long the relay listens before it loops (and sees a stop)


class MartSignal:
    """Wakes this process's streams whenever the ETL announces a mart change."""

    def __init__(self, redis_client):
        if redis_client is None:
            self.local = events_for(None)  # the ETL thread publishes here itself
        else:
            self.local = LocalEvents()
            self._relay = threading.Thread(target=self._listen, args=(RedisEvents(redis_client),),
                                           name="pantau-mart-relay", daemon=True)
            self._relay.start()

    def counter(self) -> int:
        return self.local.counter(MARTS)

    def wait(self, seen: int, timeout: float) -> int:
        """Blocks until a change after `seen` or the timeout; returns the new counter."""
        return self.local.wait(MARTS, seen, timeout)

    def _listen(self, remote: RedisEvents) -> None:
        """One subscription for the whole process; RedisEvents.wait already rides out a Redis
        outage (a plain timed wait while the breaker is open), so this loop never ends."""
        seen = remote.counter(MARTS)
        while True:
            heard = remote.wait(MARTS, seen, RELAY_WAIT_SECONDS)
            if heard != seen:
                self.local.publish(MARTS)
            seen = heard


_signals_lock = threading.Lock()


def mart_signal(services) -> MartSignal:
    """The signal of these services in this process, started on first use: after gunicorn forks,
    so each worker has its own relay thread (a thread does not survive a fork)."""
    with _signals_lock:
        held = services.extras.get("mart_signal")
        if held is None or held[0] != os.getpid():
            held = services.extras["mart_signal"] = (os.getpid(), MartSignal(services.redis))
        return held[1]


class StreamSlots:
    """At most `limit` streams at once in this process; `take()` never waits."""

    def __init__(self, limit: int):
        self._free = threading.BoundedSemaphore(limit)

    def take(self) -> bool:
        return self._free.acquire(blocking=False)

    def give_back(self) -> None:
        self._free.release()


def sse(event: str | None = None, data: dict | None = None, comment: str | None = None,
        retry_ms: int | None = None) -> str:
    """One server-sent-events message (https://html.spec.whatwg.org/#server-sent-events)."""
    lines = []
    if comment is not None:
        lines.append(f": {comment}")
    if retry_ms is not None:
        lines.append(f"retry: {retry_ms}")
    if event is not None:
        lines.append(f"event: {event}")
    if data is not None:
        lines.append("data: " + json.dumps(data, separators=(",", ":"), sort_keys=True))
    return "\n".join(lines) + "\n\n"


def version_stream(signal: MartSignal, marts: Iterable[str], version_of: Callable[[str], int],
                   still_allowed: Callable[[], bool], heartbeat: float, lifetime: float,
                   clock: Callable[[], float]) -> Iterator[str]:
    """The messages of one stream: the marts' versions at once, again whenever one moves, a
    heartbeat comment when nothing did; it ends after `lifetime` seconds (the browser reconnects
    after `retry`) or when the viewer may no longer see the wall (a revoked kiosk token)."""
    marts = sorted(marts)
    ends = clock() + lifetime
    seen = signal.counter()  # before the first read: a change meanwhile wakes the first wait
    sent = {mart: version_of(mart) for mart in marts}
    yield sse("marts", {"versions": sent}, retry_ms=2000)
    next_beat = clock() + heartbeat
    while (left := ends - clock()) > 0:
        seen = signal.wait(seen, max(0.0, min(next_beat - clock(), left)))
        versions = {mart: version_of(mart) for mart in marts}
        if versions != sent:
            sent = versions
            yield sse("marts", {"versions": versions})
        if clock() >= next_beat:  # also read the versions again above: a lost notification costs one beat
            if not still_allowed():
                return
            yield sse(comment="heartbeat")
            next_beat = clock() + heartbeat
