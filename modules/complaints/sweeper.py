"""`SlaSweeper` records missed deadlines every `interval` seconds (a core.periodic.PeriodicThread).

`make run` and the ETL process start one: `sweeper = SlaSweeper(databases, settings); sweeper.start()`
and `sweeper.stop()` at shutdown. Several sweepers may run at once (they skip rows another holds).
"""

from __future__ import annotations

import logging

from core.clock import utc_now
from core.db import Databases
from core.periodic import PeriodicThread
from core.settings import Settings

log = logging.getLogger(__name__)


class SlaSweeper(PeriodicThread):
    name = "complaints-sla-sweeper"

    def __init__(self, databases: Databases, settings: Settings, interval: float = 60.0):
        super().__init__(interval)
        self.databases, self.settings = databases, settings

    def tick(self) -> list:
        from modules.complaints.service import sweep_sla_breaches

        with self.databases.transaction() as session:
            breaches = sweep_sla_breaches(session, self.settings, utc_now())
        if breaches:
            log.info("recorded %d SLA breach(es)", len(breaches))
        return breaches


def start_sweeper(services) -> SlaSweeper:
    """The domain's background worker (domains/complaints.py): records SLA breaches as they happen."""
    return SlaSweeper(services.databases, services.settings).start()
