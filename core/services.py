"""What a running app holds: settings, databases, Redis. Built once in `create_app`."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app

from core.breaker import CircuitBreaker, GuardedRedis, guarded_client
from core.db import Databases
from core.settings import Settings


@dataclass
class Services:
    settings: Settings
    databases: Databases
    redis: GuardedRedis | None  # every command goes through one circuit breaker (core.breaker)
    extras: dict = field(default_factory=dict)  # per-app helpers built on first use (e.g. the mart cache)

    @classmethod
    def from_settings(cls, settings: Settings) -> "Services":
        return cls(settings, Databases.from_settings(settings), redis_client(settings))


def redis_client(settings: Settings) -> GuardedRedis | None:
    """A Redis client when `redis.url` is set, with short timeouts and its own circuit breaker
    (one per process: everything in the process shares it); None means in-process cache and events."""
    if not settings.redis.url:
        return None
    return guarded_client(settings.redis.url, settings.redis.timeout_seconds,
                          CircuitBreaker(settings.redis.retry_seconds))


def current_services() -> Services:
    """The services of the app serving the current request."""
    return current_app.extensions["pantau"]
