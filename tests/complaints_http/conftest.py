"""Fixtures for the complaint channels over HTTP (Open311, the inbound webhook): routing rules
seeded, an Open311 API key, webhook secrets, complaints filed through the service, row counts.

Every test runs on SQLite and PostgreSQL through the `databases`, `app` and `client` fixtures.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from channel_helpers import WEBHOOK_SECRET, intake
from sqlalchemy import func, select

from core.changelog import ChangeLogEntry
from modules.complaints import service, system_actor
from modules.complaints.models import Complaint, ComplaintHistory, ComplaintPhoto, InboundMessage, TicketCounter

ADMIN = system_actor("test-admin")


@pytest.fixture
def api_key(seeded) -> str:
    """The secret of a valid Open311 API key."""
    with seeded.transaction() as session:
        _key, secret = service.issue_api_key(session, ADMIN, "test client")
    return secret


@pytest.fixture
def webhook_secret(monkeypatch) -> str:
    """The sms and twitter webhooks enabled with a known secret."""
    for source in ("SMS", "TWITTER", "WHATSAPP"):
        monkeypatch.setenv(f"PANTAU_WEBHOOK_SECRET_{source}", WEBHOOK_SECRET)
    return WEBHOOK_SECRET


@pytest.fixture
def file(seeded, settings):
    """file(days_ago=0, **intake changes) -> the new complaint's ticket, committed (real clock)."""

    def do_file(days_ago: float = 0, **changes) -> str:
        received_at = datetime.now(timezone.utc) - timedelta(days=days_ago)
        with seeded.transaction() as session:
            return service.submit_complaint(session, intake(received_at=received_at, **changes), settings).ticket

    return do_file


@pytest.fixture
def act(seeded):
    """act("respond", ticket, *args): a workflow step by an admin, committed."""

    def do_act(action: str, ticket: str, *args):
        with seeded.transaction() as session:
            complaint_id = session.scalar(select(Complaint.id).where(Complaint.ticket == ticket))
            return getattr(service, action)(session, ADMIN, complaint_id, *args)

    return do_act


@pytest.fixture
def load(seeded):
    """load(ticket) -> the stored complaint (personal data included) and its photos."""

    def do_load(ticket: str):
        with seeded.session() as session:
            complaint = session.scalar(select(Complaint).where(Complaint.ticket == ticket))
            photos = list(session.scalars(select(ComplaintPhoto).where(ComplaintPhoto.complaint_id == complaint.id)))
            session.expunge_all()
            return complaint, photos

    return do_load


@pytest.fixture
def counts(databases):
    """Rows in every table a complaint write touches (to prove that a refusal wrote nothing)."""

    def do_count() -> dict[str, int]:
        with databases.session() as session:
            found = {model.__tablename__: session.scalar(select(func.count()).select_from(model))
                     for model in (Complaint, ComplaintPhoto, ComplaintHistory, ChangeLogEntry, InboundMessage)}
            found["tickets_issued"] = session.scalar(select(func.coalesce(func.sum(TicketCounter.last_number), 0)))
            return found

    return do_count
