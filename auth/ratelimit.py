"""Counts attempts per key in a moving time window (failed logins, public form submissions), with
the `limits` library (the engine under Flask-Limiter): in Redis when configured (shared by all
workers), and always in this process too, which is what counts while Redis is away (the shared
breaker open, see core.breaker): a limit then holds per worker instead of failing the request.

Not Flask-Limiter's extension itself: it counts requests where a login limit counts failures (a
right password must not use up an allowance), and its Redis client would keep a back-off of its
own outside the one breaker every Redis user here shares. Its storage and strategy are used as is.
"""

from __future__ import annotations

import redis
from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage, RedisStorage
from limits.strategies import MovingWindowRateLimiter


class AttemptCounter:
    def __init__(self, max_attempts: int, window_seconds: int, redis_client=None):
        self.max_attempts = max_attempts
        self.window_seconds = window_seconds
        self.redis = redis_client  # a core.breaker.GuardedRedis, or None
        self._limit = RateLimitItemPerSecond(max_attempts, window_seconds)
        self._here = MovingWindowRateLimiter(MemoryStorage())
        self._shared = _shared_limiter(redis_client)

    def blocked(self, key: str) -> bool:
        if not self._here.test(self._limit, key):
            return True
        shared = self._on_redis(self._shared.test, self._limit, key) if self._shared else None
        return shared is False

    def record_failure(self, key: str) -> None:
        self._here.hit(self._limit, key)
        if self._shared:
            self._on_redis(self._shared.hit, self._limit, key)

    def reset(self, key: str) -> None:
        self._here.clear(self._limit, key)
        if self._shared:
            self._on_redis(self._shared.clear, self._limit, key)

    def _on_redis(self, operation, *args):
        """The operation through the shared breaker; None when Redis is away or skipped."""
        try:
            return self.redis.call(operation, *args)
        except redis.RedisError:
            return None


def _shared_limiter(redis_client) -> MovingWindowRateLimiter | None:
    """limits' Redis storage on the guarded client's connections (its short timeouts, no retries)."""
    if redis_client is None:
        return None
    pool = redis_client.client.connection_pool
    return MovingWindowRateLimiter(RedisStorage("redis://", connection_pool=pool))


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
