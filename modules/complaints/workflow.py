"""The complaint workflow, kept in one place (as FixMyStreet does): which action may run from
which status, which status it leads to, and the extra condition some actions need.

    received -> dispatched -> responded -> in_progress -> resolved -> closed
    reject (with a reason), transfer (back to dispatched at another OPD), reopen,
    send_feedback (no status change), confirm / dismiss a suspected duplicate.

`service.py` asks `check(action, complaint)` before changing anything; a refusal raises
`WorkflowError` with a code and parameters, e.g. ("status_not_allowed", verb="resolve",
status="received"); core/messages.py turns it into "aduan berstatus Diterima" on a page.
What each status means (open, closed, overdue) is stated in statuses.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from modules.complaints.errors import WorkflowError
from modules.complaints.statuses import OPEN_STATUSES, STATUSES, UNRESOLVED_STATUSES  # noqa: F401 - re-exported

REJECTION_REASONS = ("spam", "duplicate", "not_city_responsibility")
DUPLICATE_STATES = ("suspected", "confirmed", "dismissed")

Guard = Callable[[Any], str | None]  # returns the code of why the action is refused, or None


@dataclass(frozen=True)
class Transition:
    action: str  # what the service function is called
    event: str  # the name written to history and the change log
    verb: str  # for messages: "cannot <verb> a complaint that is <status>"
    from_statuses: tuple[str, ...]
    to_statuses: tuple[str, ...] | None  # None: the status stays; several: the caller picks one
    guard: Guard | None = None


def _needs_first_response(complaint) -> str | None:
    return None if complaint.first_response_at else "needs_first_response"


def _needs_feedback(complaint) -> str | None:
    return None if complaint.feedback_at else "needs_feedback"


def _needs_suspected_duplicate(complaint) -> str | None:
    return None if complaint.duplicate_state == "suspected" else "not_suspected_duplicate"


_AFTER_RESPONSE = ("responded", "in_progress", "resolved", "closed", "rejected")

TRANSITIONS = {t.action: t for t in (
    Transition("dispatch", "dispatched", "dispatch", ("received",), ("dispatched",)),
    Transition("respond", "responded", "respond to", ("dispatched",), ("responded",)),
    Transition("start_work", "work_started", "start work on", ("responded",), ("in_progress",)),
    # A quick fix may be resolved straight after the response, without a separate start.
    Transition("resolve", "resolved", "resolve", ("responded", "in_progress"), ("resolved",)),
    Transition("close", "closed", "close", ("resolved",), ("closed",), _needs_feedback),
    Transition("reject", "rejected", "reject", UNRESOLVED_STATUSES, ("rejected",)),
    Transition("transfer", "transferred", "transfer", ("dispatched", "responded", "in_progress"), ("dispatched",)),
    # "received" only for a complaint that never had an OPD: it goes back to the triage queue.
    Transition("reopen", "reopened", "reopen", ("resolved", "closed", "rejected"),
               ("in_progress", "dispatched", "received")),
    Transition("send_feedback", "feedback_sent", "send feedback on", _AFTER_RESPONSE, None, _needs_first_response),
    Transition("confirm_duplicate", "duplicate_confirmed", "confirm as duplicate", UNRESOLVED_STATUSES,
               ("rejected",), _needs_suspected_duplicate),
    Transition("dismiss_duplicate", "duplicate_dismissed", "dismiss as duplicate", UNRESOLVED_STATUSES,
               None, _needs_suspected_duplicate),
)}

# Events that are not actions of a user: written by submission, the SLA sweeper and bulk import.
SYSTEM_EVENTS = ("submitted", "duplicate_suspected", "first_response_breached", "feedback_breached", "imported")
EVENTS = tuple(t.event for t in TRANSITIONS.values()) + SYSTEM_EVENTS


def check(action: str, complaint, to_status: str | None = None) -> str:
    """The status `complaint` will have after `action`; raises WorkflowError if not allowed."""
    transition = TRANSITIONS[action]
    if complaint.status not in transition.from_statuses:
        raise WorkflowError("status_not_allowed", action=action, verb=transition.verb, status=complaint.status)
    problem = transition.guard(complaint) if transition.guard else None
    if problem:
        raise WorkflowError(problem, action=action, verb=transition.verb, ticket=complaint.ticket)
    if transition.to_statuses is None:
        return complaint.status
    target = to_status or _default_target(action, complaint)
    if target not in transition.to_statuses:
        raise WorkflowError("target_not_allowed", action=action, verb=transition.verb, target=target,
                            possible=", ".join(transition.to_statuses))
    if target == "received" and complaint.opd_code is not None:
        raise WorkflowError("triage_needs_no_opd", action=action)
    return target


def _default_target(action: str, complaint) -> str:
    if action != "reopen":
        return TRANSITIONS[action].to_statuses[0]
    if complaint.opd_code is None:
        return "received"
    return "in_progress" if complaint.first_response_at else "dispatched"


def event_of(action: str) -> str:
    return TRANSITIONS[action].event
