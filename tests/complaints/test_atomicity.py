"""A change and its records are one: if writing the change-log row fails, nothing stays."""

import pytest
from complaints_helpers import BINA_MARGA, NOW, PNG, intake

from modules.complaints import history, service


def failing_record_change(*_args, **_kwargs):
    raise RuntimeError("the change log is unavailable")


def test_a_failing_action_leaves_neither_history_nor_change_row(seeded, file, load, counts, monkeypatch):
    complaint_id = file()
    before = counts()
    monkeypatch.setattr(history, "record_change", failing_record_change)  # every change goes through it
    with pytest.raises(RuntimeError, match="change log"):
        with seeded.transaction() as session:
            service.respond(session, BINA_MARGA, complaint_id, "diterima", now=NOW)
    assert counts() == before
    complaint = load(complaint_id)
    assert (complaint.status, complaint.first_response_at) == ("dispatched", None)


def test_a_failing_submission_leaves_no_complaint_photo_history_or_ticket(seeded, settings, counts, monkeypatch):
    before = counts()
    monkeypatch.setattr(history, "record_change", failing_record_change)  # every change goes through it
    with pytest.raises(RuntimeError):
        with seeded.transaction() as session:
            service.submit_complaint(session, intake(photos=[("a.png", "image/png", PNG)]), settings, now=NOW)
    assert counts() == before


def test_history_rows_cannot_be_changed_or_deleted(seeded, file):
    from sqlalchemy import select

    from modules.complaints.models import ComplaintHistory

    file()
    with pytest.raises(RuntimeError, match="append-only"):
        with seeded.transaction() as session:
            session.scalars(select(ComplaintHistory)).first().note = "rewritten"
    with pytest.raises(RuntimeError, match="append-only"):
        with seeded.transaction() as session:
            session.delete(session.scalars(select(ComplaintHistory)).first())
