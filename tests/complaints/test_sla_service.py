"""Due times stored at receipt, category overrides, and breaches recorded once, when they happen."""

import time
from datetime import timedelta

import pytest
from complaints_helpers import ADMIN, BINA_MARGA, NOW, OPERATOR, intake
from sqlalchemy import select

from core.changelog import ChangeLogEntry
from modules.complaints import AccessDenied, SlaSweeper, service
from modules.complaints.models import ComplaintHistory
from core.clock import CITY_ZONE as JAKARTA

MINUTE = timedelta(minutes=1)


def test_due_times_follow_the_settings(file, load):
    complaint = load(file())
    assert complaint.first_response_due_at == NOW + timedelta(minutes=60)
    assert complaint.feedback_due_at == NOW + timedelta(hours=24)


def test_working_hours_only_moves_a_friday_evening_complaint_to_monday(seeded, settings):
    settings = settings.override(complaints={"working_hours_only": True})
    friday_evening = NOW.replace(day=27, hour=8, minute=30)  # 15:30 in Surabaya
    with seeded.transaction() as session:
        complaint = service.submit_complaint(session, intake(), settings, now=friday_evening)
    assert complaint.first_response_due_at.astimezone(JAKARTA).strftime("%a %H:%M") == "Mon 08:30"


def test_a_category_override_changes_the_due_times_of_new_complaints(seeded, file, load):
    with seeded.transaction() as session:
        service.set_sla_override(session, ADMIN, "JALAN_RUSAK", first_response_minutes=30)
    complaint = load(file())
    assert complaint.first_response_due_at == NOW + timedelta(minutes=30)
    assert complaint.feedback_due_at == NOW + timedelta(hours=24)  # not overridden: the setting
    with seeded.transaction() as session:
        assert service.set_sla_override(session, ADMIN, "JALAN_RUSAK") is None  # removed
    assert load(file(lat=-7.30, lon=112.70)).first_response_due_at == NOW + timedelta(minutes=60)


def test_overrides_need_an_admin_and_positive_minutes(seeded):
    with pytest.raises(AccessDenied):
        with seeded.transaction() as session:
            service.set_sla_override(session, OPERATOR, "JALAN_RUSAK", first_response_minutes=30)
    with pytest.raises(service.ComplaintValidationError) as refused:
        with seeded.transaction() as session:
            service.set_sla_override(session, ADMIN, "JALAN_RUSAK", feedback_minutes=0)
    assert refused.value.field == "feedback_minutes"


def breach_rows(databases, complaint_id):
    with databases.session() as session:
        history = session.scalars(select(ComplaintHistory.action).where(
            ComplaintHistory.complaint_id == complaint_id, ComplaintHistory.action.like("%breached"))).all()
        changes = session.scalars(select(ChangeLogEntry.operation).where(
            ChangeLogEntry.entity_id == str(complaint_id), ChangeLogEntry.operation.like("%breached"))).all()
    return list(history), list(changes)


def test_the_sweeper_records_a_missed_first_response_once(seeded, settings, file, load):
    complaint_id = file()
    with seeded.transaction() as session:
        assert service.sweep_sla_breaches(session, settings, NOW + 59 * MINUTE) == []
    with seeded.transaction() as session:
        found = service.sweep_sla_breaches(session, settings, NOW + 75 * MINUTE)
    assert [(b.complaint_id, b.kind, b.due_at) for b in found] == [(complaint_id, "first_response", NOW + 60 * MINUTE)]
    with seeded.transaction() as session:
        assert service.sweep_sla_breaches(session, settings, NOW + 80 * MINUTE) == []
    assert load(complaint_id).first_response_breached_at == NOW + 60 * MINUTE  # when it happened
    assert breach_rows(seeded, complaint_id) == (["first_response_breached"], ["first_response_breached"])


def test_the_sweeper_records_missed_feedback(seeded, settings, file, act, load):
    complaint_id = file()
    act("respond", BINA_MARGA, complaint_id, "", now=NOW + 10 * MINUTE)
    with seeded.transaction() as session:
        found = service.sweep_sla_breaches(session, settings, NOW + timedelta(hours=25))
    assert [b.kind for b in found] == ["feedback"]
    assert load(complaint_id).feedback_breached_at == NOW + timedelta(hours=24)
    assert load(complaint_id).first_response_breached_at is None


def test_a_late_response_records_the_breach_itself_even_without_a_sweep(file, act, load, seeded):
    complaint_id = file()
    act("respond", BINA_MARGA, complaint_id, "", now=NOW + 90 * MINUTE)
    complaint = load(complaint_id)
    assert complaint.first_response_breached_at == NOW + 60 * MINUTE
    assert breach_rows(seeded, complaint_id)[0] == ["first_response_breached"]


def test_answered_in_time_or_rejected_in_time_is_never_a_breach(seeded, settings, file, act):
    in_time, rejected = file(), file(lat=-7.30, lon=112.70)
    act("respond", BINA_MARGA, in_time, "", now=NOW + 30 * MINUTE)
    act("send_feedback", BINA_MARGA, in_time, "sudah", now=NOW + 40 * MINUTE)
    act("reject", OPERATOR, rejected, "spam", "iklan", now=NOW + 5 * MINUTE)
    with seeded.transaction() as session:
        assert service.sweep_sla_breaches(session, settings, NOW + timedelta(days=3)) == []


def test_the_sweeper_thread_sweeps_until_stopped(seeded, settings, file, load):
    complaint_id = file(received_at=NOW - timedelta(days=400), now=NOW - timedelta(days=400))
    sweeper = SlaSweeper(seeded, settings, interval=0.05).start()
    deadline = time.monotonic() + 10
    while load(complaint_id).feedback_breached_at is None and time.monotonic() < deadline:
        time.sleep(0.05)
    sweeper.stop()
    assert not sweeper.running
    assert load(complaint_id).first_response_breached_at is not None
    assert load(complaint_id).feedback_breached_at is not None
