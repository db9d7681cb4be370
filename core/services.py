"""What a running app holds: settings, databases, Redis. Built once in `create_app`."""

from __future__ import annotations

from dataclasses import dataclass, field

import redis
from flask import current_app

from core.db import Databases
from core.settings import Settings


@dataclass
class Services:
    settings: Settings
    databases: Databases
    redis: redis.Redis | None
    extras: dict = field(default_factory=dict)  # per-app helpers built on first use (e.g. the mart cache)

    @classmethod
    def from_settings(cls, settings: Settings) -> "Services":
        return cls(settings, Databases.from_settings(settings), redis_client(settings))


def redis_client(settings: Settings) -> redis.Redis | None:
    """A Redis client when `redis.url` is set; None means in-process cache and events."""
    if not settings.redis.url:
        return None
    return redis.Redis.from_url(settings.redis.url, socket_timeout=2, socket_connect_timeout=2)


def current_services() -> Services:
    """The services of the app serving the current request."""
    return current_app.extensions["pantau"]
