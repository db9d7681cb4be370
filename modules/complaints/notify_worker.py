"""The notification workers (domains/complaints.py `workers`), each a core.periodic.PeriodicThread:

    NotificationWorker   every `notify_poll_seconds`: claims due outbox rows, sends each outside
                         any database transaction, records the outcome
    DigestWorker         every minute: one SLA digest per OPD head per `digest_minutes` window

Several may run at once (web process and `python -m etl run --follow`, or two hosts): the claim
never hands one row to two workers, and the digest window's unique key admits one digest. The
officer's action only writes the outbox row, so a slow or failing sender never delays it.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from core.clock import utc_now
from core.db import Databases
from core.periodic import PeriodicThread
from core.settings import Settings
from modules.complaints import notifications
from modules.complaints.notify_senders import Senders

log = logging.getLogger(__name__)
DIGEST_CHECK_SECONDS = 60.0


def deliver_due(databases: Databases, settings: Settings, now: datetime | None = None,
                senders: Senders | None = None, limit: int = 20) -> dict[int, str]:
    """One pass: {outbox id: status after the attempt} of the rows this worker claimed."""
    now, senders, token = now or utc_now(), senders or Senders(settings), uuid.uuid4().hex
    with databases.transaction() as session:
        claimed = notifications.claim_due(session, token, now, settings.complaints.notify_claim_seconds, limit,
                                          settings)
    done = {}
    for item in claimed:
        outcome = _send(senders, item)  # outside any transaction: holds no lock while it waits
        with databases.transaction() as session:
            row = notifications.record_outcome(session, item, outcome, settings, now)
            done[item.id] = row.status if row is not None else "lost"
    return done


def _send(senders: Senders, item: notifications.Claimed) -> notifications.Outcome:
    """The sender's outcome; an unexpected error is one more failed attempt of this message, not the
    end of the pass (the other claimed messages still go out)."""
    try:
        return senders.send(item)
    except Exception as error:  # noqa: BLE001 - recorded on the row, retried with backoff
        log.exception("notification #%d: sender failed", item.id)
        return notifications.Outcome("error", type(error).__name__[:60])


def queue_digests(databases: Databases, settings: Settings, now: datetime | None = None) -> list[int]:
    """This window's SLA digests, one transaction per OPD; returns the ids of those written."""
    now, written = now or utc_now(), []
    for opd_code in notifications.digest_opds(settings):
        try:
            with databases.transaction() as session:
                row = notifications.queue_sla_digest(session, settings, opd_code, now)
                if row is not None:
                    written.append(row.id)
        except IntegrityError:  # another worker wrote this window's digest first
            continue
    return written


class NotificationWorker(PeriodicThread):
    name = "complaints-notifications"

    def __init__(self, databases: Databases, settings: Settings):
        super().__init__(settings.complaints.notify_poll_seconds)
        self.databases, self.settings = databases, settings

    def tick(self) -> dict[int, str]:
        done = deliver_due(self.databases, self.settings)
        if done:
            log.info("notifications: %s", ", ".join(f"#{key} {value}" for key, value in done.items()))
        return done


class DigestWorker(PeriodicThread):
    name = "complaints-sla-digests"

    def __init__(self, databases: Databases, settings: Settings, interval: float = DIGEST_CHECK_SECONDS):
        super().__init__(interval)
        self.databases, self.settings = databases, settings

    def tick(self) -> list[int]:
        written = queue_digests(self.databases, self.settings)
        if written:
            log.info("queued %d SLA digest(s)", len(written))
        return written


def start_delivery(services) -> NotificationWorker:
    return NotificationWorker(services.databases, services.settings).start()


def start_digests(services) -> DigestWorker:
    return DigestWorker(services.databases, services.settings).start()
