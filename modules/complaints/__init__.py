"""Complaints / Media Center: complaints from phone, SMS, web, social media, the Wargaku app,
WhatsApp and live chat, routed to the responsible OPD's complaint team (TPKPM), with SLAs
(first response 1x60 minutes, feedback 1x24 hours) and a full history kept as evidence.

    service.py     every write (the only code that writes these tables), and the reads for staff,
                   citizens and Open311
    workflow.py    statuses and the actions allowed from each (one place)
    models.py      tables                     access.py    who may see / act on what
    intake.py      ComplaintIntake, checks    photos.py    image checks by magic bytes
    routing.py     category (+ kecamatan) -> OPD rules
    sla.py         due times, working hours, breaches (pure functions)
    duplicates.py  possible duplicates nearby timeline.py  steps derived from timestamps (bulk)
    snapshot.py    the change-log payload, the ETL's contract; extract.py: the same from the table
    sweeper.py     SlaSweeper thread          views.py     public view without personal data
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
