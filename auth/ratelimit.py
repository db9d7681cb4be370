"""Counts attempts per key in a time window (failed logins, public form submissions): in Redis when configured (shared by all
workers), otherwise in this process."""

from __future__ import annotations

import threading
import time

import redis


class AttemptCounter:
    def __init__(self, max_attempts: int, window_seconds: int, redis_client: redis.Redis | None = None):
        self.max_attempts = max_attempts
        self.window_seconds = window_seconds
        self.redis = redis_client
        self._local: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def blocked(self, key: str) -> bool:
        return self.count(key) >= self.max_attempts

    def count(self, key: str) -> int:
        if self.redis is not None:
            return int(self.redis.get(self._redis_key(key)) or 0)
        with self._lock:
            return len(self._recent(key))

    def record_failure(self, key: str) -> None:
        if self.redis is not None:
            pipe = self.redis.pipeline()
            pipe.incr(self._redis_key(key))
            pipe.expire(self._redis_key(key), self.window_seconds, nx=True)
            pipe.execute()
            return
        with self._lock:
            self._local[key] = self._recent(key) + [time.monotonic()]

    def reset(self, key: str) -> None:
        if self.redis is not None:
            self.redis.delete(self._redis_key(key))
        with self._lock:
            self._local.pop(key, None)

    def _recent(self, key: str) -> list[float]:
        cutoff = time.monotonic() - self.window_seconds
        return [t for t in self._local.get(key, []) if t > cutoff]

    @staticmethod
    def _redis_key(key: str) -> str:
        return f"pantau:attempts:{key}"
