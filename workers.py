"""Background work of the embedded runner (`make run`): ETL in follow mode, every domain's
workers (the complaint SLA sweeper ...) and demo feeds, as threads beside the web server.

In production these run in their own process (`python -m etl run --follow`), not in web workers.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from core.domains import resolved
from core.events import events_for
from core.services import Services


@dataclass
class Workers:
    stop_event: threading.Event = field(default_factory=threading.Event)
    threads: list = field(default_factory=list)

    def stop(self) -> None:
        self.stop_event.set()
        for worker in self.threads:
            if hasattr(worker, "stop"):
                worker.stop()
            else:
                worker.join(5)


def start_workers(services: Services) -> Workers:
    settings, workers = services.settings, Workers()
    if settings.demo.load_demo_data:
        for _domain, fill in resolved("demo_history"):
            fill(services)
    workers.threads.append(start_etl_thread(services, workers.stop_event))
    workers.threads += start_domain_workers(services)
    if settings.demo.simulator:
        workers.threads += [start(services) for _domain, start in resolved("demo_feed")]
    return workers


def start_domain_workers(services: Services) -> list:
    """Each registered domain's background workers (each has stop())."""
    return [start(services) for _domain, start in resolved("workers")]


def start_etl_thread(services: Services, stop: threading.Event) -> threading.Thread:
    from etl.runner import EtlRunner, follow_until_stopped

    runner = EtlRunner.from_settings(services.databases, services.settings, events=events_for(services.redis),
                                     redis=services.redis)
    thread = threading.Thread(target=follow_until_stopped, args=(runner, stop), name="etl-follow", daemon=True)
    thread.start()
    return thread
