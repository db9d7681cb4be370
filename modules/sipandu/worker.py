"""`StayKeeper`, the domain's background worker (domains/sipandu.py): every `interval` seconds it
expires the stays whose stated end has passed and deletes the ended records the retention allows
(`manage.py sipandu retention` does the same once). Several may run at once: each step takes the
domain's writer lock first, so two keepers take turns."""

from __future__ import annotations

import logging

from core.clock import utc_now
from core.db import Databases
from core.periodic import PeriodicThread
from core.settings import Settings

log = logging.getLogger(__name__)


class StayKeeper(PeriodicThread):
    name = "sipandu-stay-keeper"

    def __init__(self, databases: Databases, settings: Settings, interval: float = 600.0):
        super().__init__(interval)
        self.databases, self.settings = databases, settings

    def tick(self) -> tuple[int, int]:
        from modules.sipandu.newcomers import expire_stays
        from modules.sipandu.retention import delete_after_retention

        now = utc_now()
        with self.databases.transaction() as session:
            expired = expire_stays(session, now)
        with self.databases.transaction() as session:
            deleted = delete_after_retention(session, self.settings.sipandu.retention_days, now)
        if expired or deleted:
            log.info("sipandu: %d stays expired, %d ended records deleted after the retention", expired, deleted)
        return expired, deleted


def start(services) -> StayKeeper:
    return StayKeeper(services.databases, services.settings).start()
