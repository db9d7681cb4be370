"""What anyone may see of a complaint: no reporter name or contact, no staff notes. The one note
shown is the feedback message, written for the citizen ("Catatan / pesan untuk warga")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from modules.complaints.models import Complaint, ComplaintHistory
from modules.complaints.statuses import FINISHED_FOR_CITIZENS

FEEDBACK_EVENT = "feedback_sent"  # workflow.event_of("send_feedback"): its note is for the citizen


@dataclass(frozen=True)
class PublicStep:
    at: datetime
    event: str
    status: str
    message: str | None = None  # the feedback text of a feedback_sent step; None on every other step


@dataclass(frozen=True)
class PublicComplaint:
    ticket: str
    channel: str
    category_code: str
    status: str
    opd_code: str | None
    description: str
    address: str | None
    lat: float | None
    lon: float | None
    kecamatan_code: str | None
    kelurahan_code: str | None
    received_at: datetime
    updated_at: datetime
    rejection_reason: str | None
    timeline: tuple[PublicStep, ...] = ()

    @property
    def feedback(self) -> tuple[PublicStep, ...]:
        """The messages the OPD sent the citizen, oldest first."""
        return tuple(step for step in self.timeline if step.message)

    @property
    def open311_status(self) -> str:
        return "closed" if self.status in FINISHED_FOR_CITIZENS else "open"


def public_view(complaint: Complaint, history: list[ComplaintHistory] | None = None) -> PublicComplaint:
    timeline = tuple(PublicStep(step.at, step.action, step.to_status,
                                step.note if step.action == FEEDBACK_EVENT and step.note else None)
                     for step in history or ())
    return PublicComplaint(
        ticket=complaint.ticket, channel=complaint.channel, category_code=complaint.category_code,
        status=complaint.status, opd_code=complaint.opd_code, description=complaint.description,
        address=complaint.address, lat=complaint.lat, lon=complaint.lon, kecamatan_code=complaint.kecamatan_code,
        kelurahan_code=complaint.kelurahan_code, received_at=complaint.received_at, updated_at=complaint.updated_at,
        rejection_reason=complaint.rejection_reason, timeline=timeline,
    )
