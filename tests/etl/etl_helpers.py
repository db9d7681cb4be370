"""Small helpers shared by the ETL tests."""

from __future__ import annotations

import threading


class OneWait:
    """Events that record how long the runner waits, and stop it after the first wait."""

    def __init__(self, stop: threading.Event):
        self.stop, self.timeouts = stop, []

    def counter(self, channel):
        return 0

    def wait(self, channel, seen, timeout):
        self.timeouts.append(timeout)
        self.stop.set()
        return seen

    def publish(self, channel):
        pass
