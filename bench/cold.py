"""Cold: each figure's first request in a fresh process.

`run_workers` starts N worker processes one after another (`python -m bench.cold`, the installation's
settings on stdin). Each worker creates the app as wsgi.py does (its start-up objects frozen, see
core/heap.py) and logs in (as a browser opening the page does),
then takes the figures in its own shuffled order; before each one it disposes the engines' pools
(new connections), empties every in-process cache (the mart cache and the project's memoised
functions) and flushes the Redis database (the mart versions written back as the ETL keeps them),
makes the start-up reads a web worker makes before it serves (app.warm_up, as wsgi.py and run.py
call it: connections, label spots, reference names; no mart's answer), then times that figure's
first request. The first figure of each worker is also "the very first
request of a process", reported on its own. Workers run one at a time, so they never flush Redis
under each other; the OS file cache and PostgreSQL's shared buffers are not touched (the machine
is shared), which bench/README.md says.
"""

from __future__ import annotations

import functools
import json
import random
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
WORKER_SECONDS = 1800


@dataclass
class ColdSamples:
    per_figure: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    first: list[tuple[str, float]] = field(default_factory=list)   # (figure, seconds) per worker
    startup: list[float] = field(default_factory=list)             # create_app + login, per worker


def run_workers(env, names: list[str], workers: int, seed: int = 2026,
                figures: str = "bench.callbacks:figures", figure_args: dict | None = None) -> ColdSamples:
    """`figures` names the family's list of figures ("module:function"), which each worker imports
    and calls with `figure_args` (JSON values: what the parent chose to ask about)."""
    from bench.env import PASSWORD

    spec = {"settings": env.settings_sections(), "password": PASSWORD, "redis_url": env.redis_url,
            "kiosk": env.kiosk_secret("bench-cold"), "figures": figures,
            "figure_args": figure_args or {}}
    samples = ColdSamples()
    for number in range(workers):
        order = list(names)
        random.Random(seed + number).shuffle(order)
        answer = _run_worker({**spec, "order": order})
        for name, seconds in answer["times"].items():
            samples.per_figure[name].append(seconds)
        samples.first.append((order[0], answer["times"][order[0]]))
        samples.startup.append(answer["startup"])
    return samples


def _run_worker(spec: dict) -> dict:
    done = subprocess.run([sys.executable, "-m", "bench.cold"], input=json.dumps(spec), capture_output=True,
                          text=True, cwd=PROJECT_ROOT, timeout=WORKER_SECONDS)
    if done.returncode != 0:
        raise RuntimeError(f"cold worker failed (exit {done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- in the worker process --------------------------------------------------------------------------------

def worker(spec: dict) -> dict:
    from app import create_app, warm_up
    from bench.callbacks import DashClient
    from core.domains import resolve
    from core.heap import freeze_startup_objects
    from core.settings import Settings

    started = time.perf_counter()
    app = create_app(Settings().override(**spec["settings"]))
    warm_up(app)
    freeze_startup_objects()  # as wsgi.py and run.py do before they serve
    services = app.server.extensions["pantau"]
    clients = {"pimpinan": DashClient(app).login("pimpinan", spec["password"]),
               "wall": DashClient(app).kiosk(spec["kiosk"])}
    for client in clients.values():
        client.specs()  # the page's /_dash-dependencies, fetched by the browser before any callback
    by_name = {figure.name: figure for figure in resolve(spec.get("figures", "bench.callbacks:figures"))(
        **spec.get("figure_args", {}))}
    calls = {name: clients[by_name[name].client].request(by_name[name].output, by_name[name].values,
                                                         by_name[name].expect) for name in spec["order"]}
    versions = _mart_versions(services)
    startup = time.perf_counter() - started
    times = {}
    for name in spec["order"]:
        make_fresh(app, spec["redis_url"], versions)
        times[name] = calls[name]()
    return {"times": times, "startup": startup}


def make_fresh(app, redis_url: str, versions: dict[str, int]) -> None:
    """What a newly started worker has when it serves its first request: no cached answer, an empty
    Redis database (but for the mart versions the ETL keeps there), and only what its start-up read
    (app.warm_up: new connections, the label spots, the reference names). The start-up rehearsal
    ran once, when this process started (worker): what it compiled stays, as in a worker; what it
    memoised is emptied with the rest (clear_memoised) and not read again, so each cold sample pays
    a little more than a rehearsed worker's first request, never less."""
    from app import warm_up
    from data.cache import VERSION_KEY, mart_cache

    services = app.server.extensions["pantau"]
    services.databases.dispose()
    if services.redis is not None:
        services.redis.client.connection_pool.disconnect()
    cache = mart_cache(services)
    with cache._lock:
        cache._local.clear()
    clear_memoised()
    if redis_url:
        import redis

        client = redis.Redis.from_url(redis_url)
        try:
            client.flushdb()
            if versions:
                client.mset({VERSION_KEY + mart: version for mart, version in versions.items()})
        finally:
            client.close()
    warm_up(app, rehearse=False)


def clear_memoised() -> None:
    """Empties every functools cache of the project's own modules (boundaries, the gazetteer,
    reference lookups ...), as in a process that has not used them yet."""
    root = str(PROJECT_ROOT)
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None) or ""
        if not path.startswith(root) or "/.venv/" in path:
            continue
        for value in list(vars(module).values()):
            if isinstance(value, functools._lru_cache_wrapper):  # what @cache and @lru_cache return
                value.cache_clear()


def _mart_versions(services) -> dict[str, int]:
    from sqlalchemy import select

    from etl.state import MartVersion

    with services.databases.warehouse.connect() as connection:
        return {mart: version for mart, version in connection.execute(select(MartVersion.mart, MartVersion.version))}


if __name__ == "__main__":
    print(json.dumps(worker(json.load(sys.stdin))))
