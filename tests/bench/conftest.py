"""Fixtures of the benchmark tests: throw-away installations (bench/env.py) on this run's servers."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from run_servers import POSTGRES_ADMIN_URL, REDIS_URL  # the test run's servers (Redis: this worker's database)

import bench.env


@pytest.fixture
def bench_installation(request, monkeypatch):
    """A function that makes a migrated installation with the bench users on a backend, seeded by
    `domains`' city seeders (none: `domains=("staff",)` and seed yourself), dropped afterwards.
    PostgreSQL skips locally and fails on CI without a server."""

    @contextmanager
    def make(backend: str, scale: int, **options):
        if backend == "postgresql":
            request.getfixturevalue("postgres_admin")
        monkeypatch.setattr(bench.env, "POSTGRES_ADMIN_URL", POSTGRES_ADMIN_URL)
        monkeypatch.setattr(bench.env, "REDIS_URL", REDIS_URL)
        with bench.env.BenchEnvironment(backend, scale, progress=False, **options) as env:
            env.install()
            yield env

    return make
