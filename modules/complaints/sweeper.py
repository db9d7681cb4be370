"""Background threads: `SlaSweeper` records missed deadlines every `interval` seconds.

`make run` and the ETL process start one: `sweeper = SlaSweeper(databases, settings); sweeper.start()`
and `sweeper.stop()` at shutdown. Several sweepers may run at once (they skip rows another holds).
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timezone

from core.db import Databases
from core.settings import Settings

log = logging.getLogger(__name__)


class PeriodicThread:
    """Runs `tick()` every `interval` seconds on a daemon thread until `stop()`; a failing tick is
    logged and the next one runs as usual."""

    name = "periodic"

    def __init__(self, interval: float):
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> "PeriodicThread":
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def next_wait(self) -> float:
        return self.interval

    def tick(self) -> None:
        raise NotImplementedError

    def _run(self) -> None:
        while not self._stop.wait(self.next_wait()):
            try:
                self.tick()
            except Exception:  # noqa: BLE001 - a background thread must survive one bad tick
                log.exception("%s: tick failed", self.name)


class SlaSweeper(PeriodicThread):
    name = "complaints-sla-sweeper"

    def __init__(self, databases: Databases, settings: Settings, interval: float = 60.0):
        super().__init__(interval)
        self.databases, self.settings = databases, settings

    def tick(self) -> list:
        from modules.complaints.service import sweep_sla_breaches

        with self.databases.transaction() as session:
            breaches = sweep_sla_breaches(session, self.settings, datetime.now(timezone.utc))
        if breaches:
            log.info("recorded %d SLA breach(es)", len(breaches))
        return breaches


def start_sweeper(services) -> SlaSweeper:
    """The domain's background worker (domains/complaints.py): records SLA breaches as they happen."""
    return SlaSweeper(services.databases, services.settings).start()
