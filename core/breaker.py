"""Redis may vanish or hang: a circuit breaker in front of it, shared by every user of the client.

Redis is a cache, a wake-up channel and a shared counter here; the databases stay the truth. So
when one Redis call fails (refused, or no answer within the short timeout) the breaker opens and
every caller - the mart cache, the version check, the events, the rate limiters, `/healthz` -
skips Redis at once for `retry_seconds` and uses its in-process fallback, instead of each
waiting out a timeout (a wall refresh makes about ten calls). After that one call is let through
to try again: it closes the breaker when Redis answers, or opens it for another round.
"""

from __future__ import annotations

import threading
import time

import redis

from redis.backoff import NoBackoff
from redis.retry import Retry


class RedisSkipped(redis.ConnectionError):
    """Raised instead of calling Redis while the breaker is open (a RedisError, so every existing
    `except redis.RedisError` fallback applies)."""


class CircuitBreaker:
    def __init__(self, retry_seconds: float, clock=time.monotonic):
        self.retry_seconds = retry_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._retry_at: float | None = None  # None: closed
        self.failures = 0  # how many times it opened (for tests and the health report)

    @property
    def is_open(self) -> bool:
        return self._retry_at is not None

    def allows(self) -> bool:
        """Closed: yes. Open: no, until the retry time; then yes for one caller (the others keep
        skipping while that one finds out, so a hung Redis holds up one request, not all)."""
        with self._lock:
            if self._retry_at is None:
                return True
            if self._clock() < self._retry_at:
                return False
            self._retry_at = self._clock() + self.retry_seconds
            return True

    def succeeded(self) -> None:
        with self._lock:
            self._retry_at = None

    def failed(self) -> None:
        with self._lock:
            self._retry_at = self._clock() + self.retry_seconds
            self.failures += 1


class GuardedRedis:
    """A redis.Redis whose every command goes through the breaker. Pipelines are guarded at
    `execute()`; a pub/sub subscription is the caller's to guard (core.events does)."""

    def __init__(self, client: redis.Redis, breaker: CircuitBreaker):
        self.client = client
        self.breaker = breaker

    def call(self, command, *args, **kwargs):
        if not self.breaker.allows():
            raise RedisSkipped("Redis skipped: the circuit breaker is open")
        try:
            result = command(*args, **kwargs)
        except redis.RedisError:
            self.breaker.failed()
            raise
        self.breaker.succeeded()
        return result

    def pipeline(self, *args, **kwargs) -> "GuardedPipeline":
        return GuardedPipeline(self.client.pipeline(*args, **kwargs), self)

    def pubsub(self, **kwargs):
        return self.client.pubsub(**kwargs)

    def close(self) -> None:
        self.client.close()

    def __getattr__(self, name: str):
        command = getattr(self.client, name)
        if not callable(command):
            return command
        return lambda *args, **kwargs: self.call(command, *args, **kwargs)


class GuardedPipeline:
    """Queues commands as redis-py does; only `execute()` talks to Redis, so only it is guarded."""

    def __init__(self, pipeline, guard: GuardedRedis):
        self._pipeline = pipeline
        self._guard = guard

    def execute(self):
        return self._guard.call(self._pipeline.execute)

    def __getattr__(self, name: str):
        return getattr(self._pipeline, name)


def guarded_client(url: str, timeout_seconds: float, breaker: CircuitBreaker) -> GuardedRedis:
    """A client that gives up after `timeout_seconds` and never retries on its own (a retry would
    double the wait; the breaker decides when to try again)."""
    client = redis.Redis.from_url(url, socket_timeout=timeout_seconds, socket_connect_timeout=timeout_seconds,
                                  retry=Retry(NoBackoff(), 0), retry_on_timeout=False)
    return GuardedRedis(client, breaker)
