"""The servers this test run uses: PostgreSQL's admin URL and this worker's Redis database. A module of
its own (not conftest.py), so a test imports them by a name no other folder's conftest shadows."""

from __future__ import annotations

import os

POSTGRES_ADMIN_URL = os.environ.get(
    "PANTAU_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _worker_redis_url(url: str) -> str:
    """Tests flush their Redis database: each pytest-xdist worker (gw0, gw1, ...) gets its own, counting
    down from the configured one (15, 14, ...)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    base, _, number = url.rpartition("/")
    return f"{base}/{int(number) - int(worker.removeprefix('gw') or 0)}"


REDIS_URL = _worker_redis_url(os.environ.get("PANTAU_TEST_REDIS_URL", "redis://127.0.0.1:6379/15"))
