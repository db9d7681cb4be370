"""Fixtures for the complaints tests: seeded routing rules, a filing helper, row counts.

Every database test runs on SQLite and PostgreSQL (the `databases` fixture of tests/conftest.py).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from complaints_helpers import NOW, intake
from sqlalchemy import func, select

from core.changelog import ChangeLogEntry
from core.users import Viewer
from modules.complaints import service
from modules.complaints.models import Complaint, ComplaintHistory, ComplaintPhoto, TicketCounter


@pytest.fixture
def seeded(databases):
    """The databases with the default routing rules (as `manage.py init` should seed them)."""
    with databases.transaction() as session:
        service.seed_routing_rules(session, NOW)
    return databases


@pytest.fixture
def file(seeded, settings):
    """file(now=..., **intake changes) -> the new complaint's id, committed."""

    def do_file(now: datetime = NOW, actor=None, **changes) -> int:
        with seeded.transaction() as session:
            return service.submit_complaint(session, intake(**changes), settings, actor=actor, now=now).id

    return do_file


@pytest.fixture
def act(seeded):
    """act("respond", actor, complaint_id, *args, now=...) in its own committed transaction."""

    def do_act(action: str, actor: Viewer, complaint_id: int, *args, **kwargs):
        kwargs.setdefault("now", NOW)
        with seeded.transaction() as session:
            return getattr(service, action)(session, actor, complaint_id, *args, **kwargs)

    return do_act


@pytest.fixture
def load(seeded):
    def do_load(complaint_id: int) -> Complaint:
        with seeded.session() as session:
            return session.get(Complaint, complaint_id)

    return do_load


@pytest.fixture
def counts(databases):
    """Rows in every table a complaint write touches (to prove that nothing was written)."""

    def do_count() -> dict[str, int]:
        with databases.session() as session:
            found = {model.__tablename__: session.scalar(select(func.count()).select_from(model))
                     for model in (Complaint, ComplaintPhoto, ComplaintHistory, ChangeLogEntry)}
            found["tickets_issued"] = session.scalar(select(func.coalesce(func.sum(TicketCounter.last_number), 0)))
            return found

    return do_count
