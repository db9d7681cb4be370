"""Fixtures for the citizen's web form and ticket tracking: a small photo limit (so an oversized
upload is cheap to make), seeded routing rules, real image bytes, row counts."""

from __future__ import annotations

import io
import re
from datetime import datetime, timezone

import pytest
from public_form_helpers import GENTENG_POINT, MAX_PHOTO_BYTES
from sqlalchemy import func, select

from core.changelog import ChangeLogEntry
from modules.complaints import service
from modules.complaints.models import Complaint, ComplaintHistory, ComplaintPhoto, TicketCounter


@pytest.fixture
def settings(settings):
    return settings.override(complaints={"max_photo_bytes": MAX_PHOTO_BYTES})


@pytest.fixture
def seeded(databases):
    with databases.transaction() as session:
        service.seed_routing_rules(session, datetime(2026, 11, 23, tzinfo=timezone.utc))
    return databases


@pytest.fixture
def counts(databases):
    """Rows in every table a complaint write touches (to prove that nothing was written)."""

    def count() -> dict[str, int]:
        with databases.session() as session:
            found = {model.__tablename__: session.scalar(select(func.count()).select_from(model))
                     for model in (Complaint, ComplaintPhoto, ComplaintHistory, ChangeLogEntry)}
            found["tickets_issued"] = session.scalar(select(func.coalesce(func.sum(TicketCounter.last_number), 0)))
            return found

    return count


@pytest.fixture
def form_token(client, seeded):
    """The CSRF token of the form, as a browser gets it by opening /lapor."""

    def token() -> str:
        page = client.get("/lapor").get_data(as_text=True)
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    return token


@pytest.fixture
def post_form(client, form_token):
    """post_form(**changes, photos=[(name, bytes)]) posts a good complaint with these changes."""

    def post(photos=(), csrf=True, **changes):
        data = {"category_code": "JALAN_RUSAK", "description": "Jalan berlubang di depan sekolah, dalam 20 cm.",
                "lat": GENTENG_POINT[0], "lon": GENTENG_POINT[1], "address": "Jl. Tunjungan 10",
                "reporter_name": "Siti Aminah", "reporter_contact": "081299887766"}
        data.update(changes)
        if csrf:
            data["csrf_token"] = form_token()
        if photos:
            data["photos"] = [(io.BytesIO(content), name) for name, content in photos]
        return client.post("/lapor", data=data, content_type="multipart/form-data")

    return post
