"""Background work of the embedded runner (`make run`): ETL in follow mode, the SLA sweeper and
the demo simulator, as threads beside the web server.

In production these run in their own process (`python -m etl run --follow`), not in web workers.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from sqlalchemy import func, select

from core.events import events_for
from core.services import Services

log = logging.getLogger(__name__)


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
    from modules.complaints.sweeper import SlaSweeper

    settings, workers = services.settings, Workers()
    if settings.demo.load_demo_data:
        fill_demo_history(services)
    workers.threads.append(start_etl_thread(services, workers.stop_event))
    workers.threads.append(SlaSweeper(services.databases, settings).start())
    if settings.demo.simulator:
        from simulator import LiveSimulator

        workers.threads.append(LiveSimulator(services.databases, settings).start())
    return workers


def start_etl_thread(services: Services, stop: threading.Event) -> threading.Thread:
    from etl.runner import EtlRunner

    runner = EtlRunner.from_settings(services.databases, services.settings, events=events_for(services.redis),
                                     redis=services.redis)

    def follow():
        while not stop.is_set():
            try:
                runner.follow(stop)
            except Exception:  # noqa: BLE001 - keep the live wall alive; the next pass retries the batch
                log.exception("ETL pass failed; retrying")
                stop.wait(2)

    thread = threading.Thread(target=follow, name="etl-follow", daemon=True)
    thread.start()
    return thread


def fill_demo_history(services: Services) -> None:
    """A couple of weeks of demo complaints on the first start, so the pages have something to show."""
    from modules.complaints.models import Complaint
    from simulator import demo_backfill

    with services.databases.session() as session:
        if session.scalar(select(func.count()).select_from(Complaint)):
            return
    print("Mengisi data demo pengaduan 14 hari terakhir ...")
    demo_backfill(services.databases, services.settings, days=14)
