"""The prober as a background worker (`Domain.workers`): its own thread with its own event loop, so
thousands of sockets never touch the web server's threads. Targets come from the inventory
(`service.probe_targets(session)`), results go to the write side (`service.record_results(session,
results, now, settings)`) in one transaction per batch, and every few seconds `service.sweep` (windows,
silence, pruning); all of it on the prober's I/O thread, one write at a time, never on the loop.

    worker = start(services)   # at start-up, as workers.py does for every domain
    worker.prober.lag()        # scheduling lag p50 / p99 of the last checks
    worker.stop()              # at shutdown: the checks under way finish, the last batch is written
"""

from __future__ import annotations

import asyncio
import logging
import threading

from core.clock import utc_now
from modules.infrastructure.kinds import CheckResult, Target
from modules.infrastructure.prober import Prober

log = logging.getLogger(__name__)

DEFAULT_CONCURRENCY = 500
DEFAULT_REFRESH_SECONDS = 30.0
SWEEP_SECONDS = 5.0  # maintenance windows entered and left, silent devices, old rollups


class ProberWorker:
    """Runs a Prober on a daemon thread with its own event loop until stop()."""

    name = "infrastructure-prober"

    def __init__(self, prober: Prober):
        self.prober = prober
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._started = threading.Event()

    def start(self) -> "ProberWorker":
        self._thread.start()
        self._started.wait(10)
        return self

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.call_soon(self._started.set)
            loop.run_until_complete(self.prober.run())
        except Exception:  # noqa: BLE001 - logged; the thread ends and `running` says so
            log.exception("%s stopped on an error", self.name)
        finally:
            loop.close()

    def stop(self, timeout: float = 30.0) -> None:
        """Ends the prober cleanly: no new checks, the running ones finish (each within its timeout),
        the last results reach the sink."""
        self.prober.stop()
        self._thread.join(timeout)

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()


def start(services) -> ProberWorker:
    """The infrastructure domain's prober worker on `services`' databases: probes, records the results
    and, every SWEEP_SECONDS on the same thread, sweeps (maintenance windows, silent devices, rollups)."""
    settings = getattr(services.settings, "infrastructure", None)
    databases, app_settings = services.databases, services.settings

    def sweep() -> None:
        run_sweep(databases, app_settings)

    prober = Prober(targets=lambda: read_targets(databases),
                    sink=lambda results: record(databases, results, app_settings),
                    concurrency=getattr(settings, "prober_concurrency", DEFAULT_CONCURRENCY),
                    refresh_seconds=getattr(settings, "refresh_seconds", DEFAULT_REFRESH_SECONDS),
                    chores=((SWEEP_SECONDS, sweep),))
    return ProberWorker(prober).start()


def read_targets(databases) -> list[Target]:
    from modules.infrastructure import service

    with databases.session() as session:
        return service.probe_targets(session)


def record(databases, results: list[CheckResult], settings=None) -> None:
    from modules.infrastructure import service

    with databases.transaction() as session:
        service.record_results(session, results, utc_now(), settings)


def run_sweep(databases, settings=None) -> None:
    from modules.infrastructure import service

    with databases.transaction() as session:
        service.sweep(session, utc_now(), settings)
