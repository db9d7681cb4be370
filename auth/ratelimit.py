"""Counts attempts per key in a time window (failed logins, public form submissions): in Redis when
configured (shared by all workers), and always in this process too, which is what counts while
Redis is away (its breaker open, see core.breaker): a limit then holds per worker instead of
failing the request.

Why not Flask-Limiter: its Redis storage keeps a client and a back-off of its own, outside the one
breaker every Redis user here shares, and it counts requests where a login limit counts failures.
"""

from __future__ import annotations

import threading
import time

import redis

LOCAL_KEYS = 10_000  # past this many keys in this process, expired ones are dropped

class AttemptCounter:
    def __init__(self, max_attempts: int, window_seconds: int, redis_client=None):
        self.max_attempts = max_attempts
        self.window_seconds = window_seconds
        self.redis = redis_client
        self._local: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def blocked(self, key: str) -> bool:
        return self.count(key) >= self.max_attempts

    def count(self, key: str) -> int:
        with self._lock:
            here = len(self._recent(key))
        return max(here, self._shared_count(key) or 0)

    def record_failure(self, key: str) -> None:
        with self._lock:
            self._local[key] = self._recent(key) + [time.monotonic()]
            if len(self._local) > LOCAL_KEYS:
                self._forget_expired()
        if self.redis is not None:
            try:
                pipe = self.redis.pipeline()
                pipe.incr(self._redis_key(key))
                pipe.expire(self._redis_key(key), self.window_seconds, nx=True)
                pipe.execute()
            except redis.RedisError:
                pass  # counted in this process

    def reset(self, key: str) -> None:
        with self._lock:
            self._local.pop(key, None)
        if self.redis is not None:
            try:
                self.redis.delete(self._redis_key(key))
            except redis.RedisError:
                pass  # the shared count expires with its window

    def _shared_count(self, key: str) -> int | None:
        if self.redis is None:
            return None
        try:
            return int(self.redis.get(self._redis_key(key)) or 0)
        except redis.RedisError:
            return None

    def _forget_expired(self) -> None:
        """Many addresses each trying once must not grow the process without bound."""
        for stale in [key for key in self._local if not self._recent(key)]:
            del self._local[stale]

    def _recent(self, key: str) -> list[float]:
        cutoff = time.monotonic() - self.window_seconds
        return [t for t in self._local.get(key, []) if t > cutoff]

    @staticmethod
    def _redis_key(key: str) -> str:
        return f"pantau:attempts:{key}"


class LoginLimits:
    """Failed logins, counted three ways within one window, so that no single key is both the
    attacker's and the user's:
    - per address and user name: a user mistyping, or a guesser at one account (the tight limit);
    - per address over any user names: one password tried on many accounts (password spraying);
    - per user name from any address: a guess spread over many addresses (a looser limit).
    Addresses are the clients' own behind a proxy (`server.trusted_proxies`), so one attacker's
    failures do not lock the real user out from everywhere."""

    def __init__(self, auth_settings, redis_client=None):
        window = auth_settings.login_window_seconds
        self.per_pair = AttemptCounter(auth_settings.login_max_attempts, window, redis_client)
        self.per_address = AttemptCounter(auth_settings.login_max_attempts_per_address, window, redis_client)
        self.per_account = AttemptCounter(auth_settings.login_max_attempts_per_account, window, redis_client)

    def blocked(self, address: str, username: str) -> bool:
        return any(counter.blocked(key) for counter, key in self._keys(address, username))

    def failed(self, address: str, username: str) -> None:
        for counter, key in self._keys(address, username):
            counter.record_failure(key)

    def succeeded(self, address: str, username: str) -> None:
        """Only the pair starts again: one good login must not clear a sprayer's or a guesser's count."""
        self.per_pair.reset(f"login:{address}:{username.lower()}")

    def _keys(self, address: str, username: str):
        name = username.lower()
        return ((self.per_pair, f"login:{address}:{name}"), (self.per_address, f"login-address:{address}"),
                (self.per_account, f"login-account:{name}"))
