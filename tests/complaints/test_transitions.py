"""Every workflow action through the service: its effect, its history and change-log rows, and
every refusal leaving the database untouched."""

from datetime import timedelta

import pytest
from complaints_helpers import ADMIN, BINA_MARGA, DLH, NOW, OPERATOR
from sqlalchemy import select

from core.changelog import ChangeLogEntry
from modules.complaints import ComplaintValidationError, WorkflowError, service
from modules.complaints.models import ComplaintHistory
from modules.complaints.workflow import STATUSES, TRANSITIONS

MINUTE = timedelta(minutes=1)


def rows_of(databases, complaint_id):
    """(history actions, change-log operations) of one complaint, in order."""
    with databases.session() as session:
        history = session.scalars(select(ComplaintHistory.action).where(ComplaintHistory.complaint_id == complaint_id)
                                  .order_by(ComplaintHistory.id)).all()
        changes = session.scalars(select(ChangeLogEntry.operation).where(
            ChangeLogEntry.entity == "complaint", ChangeLogEntry.entity_id == str(complaint_id))
            .order_by(ChangeLogEntry.position)).all()
    return list(history), list(changes)


def test_the_main_line_records_each_step_once_in_history_and_change_log(file, act, load, seeded):
    complaint_id = file()
    act("respond", BINA_MARGA, complaint_id, "diterima", now=NOW + 20 * MINUTE)
    act("start_work", BINA_MARGA, complaint_id, now=NOW + 60 * MINUTE)
    act("send_feedback", BINA_MARGA, complaint_id, "sedang ditambal", now=NOW + 90 * MINUTE)
    act("resolve", BINA_MARGA, complaint_id, "sudah ditambal", now=NOW + 300 * MINUTE)
    act("close", OPERATOR, complaint_id, now=NOW + 400 * MINUTE)
    complaint = load(complaint_id)
    assert complaint.status == "closed"
    assert (complaint.first_response_at, complaint.started_at, complaint.feedback_at, complaint.resolved_at,
            complaint.closed_at) == (NOW + 20 * MINUTE, NOW + 60 * MINUTE, NOW + 90 * MINUTE, NOW + 300 * MINUTE,
                                     NOW + 400 * MINUTE)
    assert complaint.first_response_breached_at is None and complaint.feedback_breached_at is None
    expected = ["submitted", "dispatched", "responded", "work_started", "feedback_sent", "resolved", "closed"]
    assert rows_of(seeded, complaint_id) == (expected, expected)


def test_history_says_who_did_what_from_which_status(file, act, seeded):
    complaint_id = file()
    act("respond", BINA_MARGA, complaint_id, "tim meluncur", now=NOW + 5 * MINUTE)
    with seeded.session() as session:
        last = session.scalars(select(ComplaintHistory).order_by(ComplaintHistory.id.desc())).first()
    assert (last.actor, last.action, last.from_status, last.to_status, last.note, last.opd_code, last.at) == (
        "binamarga", "responded", "dispatched", "responded", "tim meluncur", "DSDABM", NOW + 5 * MINUTE)


def complaint_in(status, file, act):
    """A new complaint brought to `status` through the service."""
    if status == "received":
        return file(triage=True)
    complaint_id = file()
    if status == "rejected":
        act("reject", OPERATOR, complaint_id, "spam", "iklan")
        return complaint_id
    steps = {"responded": ["respond"], "in_progress": ["respond", "start_work"],
             "resolved": ["respond", "start_work", "resolve"],
             "closed": ["respond", "start_work", "resolve", "send_feedback", "close"]}
    for step in steps.get(status, []):
        act(step, OPERATOR, complaint_id, "catatan")
    return complaint_id


ARGUMENTS = {"dispatch": ("DLH", ""), "reject": ("spam", "iklan"), "transfer": ("DLH", "salah OPD"),
             "reopen": ("belum beres",), "send_feedback": ("terima kasih",)}


def test_every_action_is_refused_from_every_status_it_does_not_list(file, act, load, counts):
    complaints = {status: complaint_in(status, file, act) for status in STATUSES}
    before = counts()
    refused = 0
    for action, transition in TRANSITIONS.items():
        for status, complaint_id in complaints.items():
            if status in transition.from_statuses:
                continue
            with pytest.raises(WorkflowError, match=f"that is {status}"):
                act(action, ADMIN, complaint_id, *ARGUMENTS.get(action, ("",)))
            assert load(complaint_id).status == status
            refused += 1
    assert refused == 48  # 7 statuses x 11 actions, minus the 29 allowed pairs
    assert counts() == before


def test_triage_dispatch_assigns_the_opd(file, act, load):
    complaint_id = file(triage=True)
    assert (load(complaint_id).status, load(complaint_id).opd_code) == ("received", None)
    act("dispatch", OPERATOR, complaint_id, "DLH", "ke DLH", now=NOW + 10 * MINUTE)
    complaint = load(complaint_id)
    assert (complaint.status, complaint.opd_code, complaint.dispatched_at) == ("dispatched", "DLH", NOW + 10 * MINUTE)


def test_dispatch_to_an_unknown_opd_is_bad_input(file, act, counts):
    complaint_id = file(triage=True)
    before = counts()
    with pytest.raises(ComplaintValidationError) as refused:
        act("dispatch", OPERATOR, complaint_id, "DINAS_UFO", "")
    assert refused.value.field == "opd_code"
    assert counts() == before


@pytest.mark.parametrize("reason", ["spam", "duplicate", "not_city_responsibility"])
def test_reject_keeps_the_reason_and_the_note(file, act, load, seeded, reason):
    complaint_id = file()
    act("reject", BINA_MARGA, complaint_id, reason, "alasan jelas", now=NOW + MINUTE)
    complaint = load(complaint_id)
    assert (complaint.status, complaint.rejection_reason, complaint.rejected_at) == ("rejected", reason, NOW + MINUTE)
    assert rows_of(seeded, complaint_id)[0][-1] == "rejected"


@pytest.mark.parametrize("reason,note,field", [("boring", "x", "reason"), ("spam", "  ", "note")])
def test_reject_needs_a_known_reason_and_a_note(file, act, counts, reason, note, field):
    complaint_id = file()
    before = counts()
    with pytest.raises(ComplaintValidationError) as refused:
        act("reject", BINA_MARGA, complaint_id, reason, note)
    assert refused.value.field == field
    assert counts() == before


def test_transfer_sends_the_complaint_back_to_dispatched_at_the_new_opd(file, act, load):
    complaint_id = file()
    act("respond", BINA_MARGA, complaint_id, "", now=NOW + MINUTE)
    act("transfer", BINA_MARGA, complaint_id, "DLH", "pohon, bukan jalan", now=NOW + 2 * MINUTE)
    complaint = load(complaint_id)
    assert (complaint.status, complaint.opd_code) == ("dispatched", "DLH")
    assert complaint.first_response_at == NOW + MINUTE  # the citizen was answered already
    assert complaint.dispatched_at == NOW  # first dispatch; the transfer is in the history
    act("respond", DLH, complaint_id, "", now=NOW + 3 * MINUTE)
    assert load(complaint_id).status == "responded"


def test_transfer_to_the_same_opd_or_without_a_reason_is_refused(file, act, counts):
    complaint_id = file()
    before = counts()
    with pytest.raises(WorkflowError, match="already with DSDABM"):
        act("transfer", BINA_MARGA, complaint_id, "DSDABM", "x")
    with pytest.raises(ComplaintValidationError) as refused:
        act("transfer", BINA_MARGA, complaint_id, "DLH", "")
    assert refused.value.field == "note"
    assert counts() == before


def test_reopen_a_closed_complaint_goes_back_to_work(file, act, load):
    complaint_id = complaint_in("closed", file, act)
    act("reopen", OPERATOR, complaint_id, "warga lapor belum beres", now=NOW + MINUTE)
    complaint = load(complaint_id)
    assert complaint.status == "in_progress"
    assert complaint.resolved_at is None and complaint.closed_at is None
    assert complaint.feedback_at is not None  # first feedback still counts for the SLA


def test_reopen_a_rejected_complaint_clears_the_rejection(file, act, load):
    complaint_id = file()
    act("reject", OPERATOR, complaint_id, "spam", "iklan")
    act("reopen", OPERATOR, complaint_id, "ternyata bukan spam", now=NOW + MINUTE)
    complaint = load(complaint_id)
    assert (complaint.status, complaint.rejection_reason, complaint.rejected_at) == ("dispatched", None, None)


def test_reopen_a_complaint_rejected_in_triage_returns_it_to_triage(file, act, load):
    complaint_id = file(triage=True)
    act("reject", OPERATOR, complaint_id, "spam", "iklan")
    act("reopen", OPERATOR, complaint_id, "salah tandai")
    assert (load(complaint_id).status, load(complaint_id).opd_code) == ("received", None)


def test_feedback_is_refused_before_the_response_and_keeps_the_first_time(file, act, load):
    complaint_id = file()
    with pytest.raises(WorkflowError, match="that is dispatched"):
        act("send_feedback", BINA_MARGA, complaint_id, "halo")
    act("respond", BINA_MARGA, complaint_id, "", now=NOW + MINUTE)
    act("send_feedback", BINA_MARGA, complaint_id, "pertama", now=NOW + 2 * MINUTE)
    act("send_feedback", BINA_MARGA, complaint_id, "kedua", now=NOW + 3 * MINUTE)
    assert load(complaint_id).feedback_at == NOW + 2 * MINUTE


def test_closing_without_feedback_is_refused(file, act, load, counts):
    complaint_id = file()
    for step in ("respond", "start_work", "resolve"):
        act(step, BINA_MARGA, complaint_id, "")
    before = counts()
    with pytest.raises(WorkflowError, match="feedback before"):
        act("close", BINA_MARGA, complaint_id)
    assert load(complaint_id).status == "resolved"
    assert counts() == before


def test_an_unknown_complaint_is_reported(seeded, act):
    with pytest.raises(service.ComplaintNotFound):
        act("respond", OPERATOR, 987654, "")
