"""Threads that keep requesting until their `with` block ends, for tests that take a server away
under load. A subclass says what one thread does in `_run(index)` and notifies `changed` after
each answer it records."""

from __future__ import annotations

import threading


class BackgroundLoad:
    def __init__(self, threads: int):
        self.changed = threading.Condition()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(index,), daemon=True) for index in range(threads)]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_):
        self.stopping.set()
        for thread in self.threads:
            thread.join(30)

    def _run(self, index: int) -> None:
        raise NotImplementedError
