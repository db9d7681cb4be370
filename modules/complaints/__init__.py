"""Complaints / Media Center: complaints from phone, SMS, web, social media, the Wargaku app,
WhatsApp and live chat, routed to the responsible OPD's complaint team (TPKPM), with SLAs
(first response 1x60 minutes, feedback 1x24 hours) and a full history kept as evidence.

    service.py     the facade of the service layer (the only code that writes these tables); each
                   concern in its own module: submitting.py, transitions.py, sla_breaches.py,
                   queues.py (staff reads), public_reads.py (citizens, Open311), rules.py (routing
                   rules, SLA overrides), channels.py (API keys, inbound messages), bulk.py
    statuses.py    what each status means: open, closed, overdue now, breached ever (one place)
    workflow.py    the actions allowed from each status (one place)
    errors.py      errors as a code and parameters; core/messages.py has the sentences
    models.py      tables                     access.py    who may see / act on what
    intake.py      ComplaintIntake, checks    tickets.py   ADU-<yymm>-<number> (core/tickets.py)
    routing.py     category (+ kecamatan) -> OPD rules
    sla.py         due times and breaches (pure functions; working time from core/working_time.py)
    duplicates.py  possible duplicates nearby timeline.py  steps derived from timestamps (bulk)
    snapshot.py    the change-log payload, the ETL's contract; extract.py: the same from the table
    sweeper.py     SlaSweeper thread (core/periodic.py)   views.py  public view without personal data
    notifications.py  the outbox of feedback messages and SLA digests; notify_senders.py SMTP and the
                   signed gateway; notify_worker.py the delivery and digest threads
"""

from modules.complaints.access import system_actor
from modules.complaints.errors import (AccessDenied, ComplaintNotFound, ComplaintValidationError, InboundReplay,
                                       WorkflowError)
from modules.complaints.extract import extract_complaint_frame, extract_complaint_snapshots
from modules.complaints.intake import CHANNELS, ComplaintIntake
from modules.complaints.snapshot import SNAPSHOT_KEYS, complaint_snapshot
from modules.complaints.sweeper import SlaSweeper
from modules.complaints.workflow import REJECTION_REASONS, STATUSES

__all__ = [
    "AccessDenied", "CHANNELS", "ComplaintIntake", "ComplaintNotFound", "ComplaintValidationError",
    "InboundReplay", "REJECTION_REASONS", "SNAPSHOT_KEYS", "STATUSES", "SlaSweeper", "WorkflowError",
    "complaint_snapshot", "extract_complaint_frame", "extract_complaint_snapshots", "system_actor",
]
