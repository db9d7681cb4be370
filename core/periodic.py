"""Periodic background work, for every domain: `PeriodicThread` runs `tick()` every `interval`
seconds on a daemon thread until `stop()`. A failing tick is logged and the next one runs as
usual, so one bad database moment does not end a sweeper for the life of the process.

Subclass it (the complaints' SLA sweeper, the live simulator), start it with `.start()` and stop
it with `.stop()` at shutdown.
"""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)


class PeriodicThread:
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
