"""The workflow table, without a database: every action from every status."""

from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from modules.complaints import WorkflowError
from modules.complaints.workflow import STATUSES, TRANSITIONS, check

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)


def complaint(status: str, **changes) -> SimpleNamespace:
    """A complaint that passes every guard unless `changes` say otherwise."""
    fields = dict(status=status, ticket="ADU-2611-000001", opd_code="DSDABM", first_response_at=NOW,
                  feedback_at=NOW, duplicate_state="suspected")
    return SimpleNamespace(**{**fields, **changes})


ALL_PAIRS = [(action, status) for action in TRANSITIONS for status in STATUSES]


@pytest.mark.parametrize("action,status", ALL_PAIRS)
def test_an_action_runs_exactly_from_its_listed_statuses(action, status):
    transition = TRANSITIONS[action]
    if status in transition.from_statuses:
        target = check(action, complaint(status))
        assert target in (transition.to_statuses or (status,))
    else:
        with pytest.raises(WorkflowError, match=f"that is {status}$"):
            check(action, complaint(status))


def test_the_refusal_reads_as_a_sentence():
    with pytest.raises(WorkflowError) as refused:
        check("resolve", complaint("received"))
    assert str(refused.value) == "cannot resolve a complaint that is received"


def test_the_main_line_leads_from_received_to_closed():
    status, seen = "received", []
    for action in ("dispatch", "respond", "start_work", "resolve", "close"):
        status = check(action, complaint(status))
        seen.append(status)
    assert seen == ["dispatched", "responded", "in_progress", "resolved", "closed"]


def test_closing_needs_feedback_to_the_citizen_first():
    with pytest.raises(WorkflowError, match="feedback"):
        check("close", complaint("resolved", feedback_at=None))


def test_feedback_needs_a_response_first():
    with pytest.raises(WorkflowError, match="once the OPD has responded"):
        check("send_feedback", complaint("rejected", first_response_at=None))


@pytest.mark.parametrize("action", ["confirm_duplicate", "dismiss_duplicate"])
def test_duplicate_decisions_need_a_suspected_duplicate(action):
    for state in (None, "confirmed", "dismissed"):
        with pytest.raises(WorkflowError, match="not flagged as a possible duplicate"):
            check(action, complaint("dispatched", duplicate_state=state))


def test_feedback_and_dismissal_keep_the_status():
    assert check("send_feedback", complaint("in_progress")) == "in_progress"
    assert check("dismiss_duplicate", complaint("responded")) == "responded"


@pytest.mark.parametrize("changes,expected", [
    ({}, "in_progress"),  # the OPD had responded: back to work
    ({"first_response_at": None}, "dispatched"),  # rejected before any response
    ({"opd_code": None, "first_response_at": None}, "received"),  # rejected in triage
])
def test_reopen_goes_back_to_where_work_stopped(changes, expected):
    assert check("reopen", complaint("rejected", **changes)) == expected


def test_reopen_may_be_sent_back_to_dispatched_but_not_to_triage_with_an_opd():
    assert check("reopen", complaint("closed"), "dispatched") == "dispatched"
    with pytest.raises(WorkflowError, match="triage"):
        check("reopen", complaint("closed"), "received")
    with pytest.raises(WorkflowError, match="possible"):
        check("reopen", complaint("closed"), "resolved")
