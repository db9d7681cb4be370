"""An activity's lifecycle: the one table of its steps, who takes each and why.

    draft --submit (owner)--> submitted --approve (approver)--> approved
      |                           '------return, with a note (approver)--> returned
      '--edit, delete (owner)                  submitted <--submit (owner)--'  edit, delete (owner)

    the month closes (kinerja_periods): every activity of it is locked, whatever its status;
    a locked activity takes no step at all (approved minutes count, the rest count nothing)

The owner is the person the activity belongs to; the approver is his supervisor (access.approver_of:
the nearest active person above him). Editing keeps the status: a returned activity stays returned,
with its note, until it is submitted again.
"""

from __future__ import annotations

from dataclasses import dataclass

from modules.kinerja.errors import KinerjaWorkflowError

DRAFT, SUBMITTED, APPROVED, RETURNED = "draft", "submitted", "approved", "returned"
STATUSES = (DRAFT, SUBMITTED, APPROVED, RETURNED)
OPEN = (DRAFT, RETURNED)            # the owner may still change them
OWNER, APPROVER = "owner", "approver"
DECISIONS = ("approve", "return")


@dataclass(frozen=True)
class Step:
    from_statuses: tuple[str, ...]
    to_status: str | None           # None: the status stays
    by: str                         # OWNER or APPROVER
    reason: str


STEPS = {
    "edit": Step(OPEN, None, OWNER, "the person corrects his line before (again) submitting it"),
    "delete": Step(OPEN, None, OWNER, "a line never submitted, or returned, is withdrawn"),
    "submit": Step(OPEN, SUBMITTED, OWNER, "sent to the supervisor for approval"),
    "approve": Step((SUBMITTED,), APPROVED, APPROVER, "the supervisor confirms the work: its minutes count"),
    "return": Step((SUBMITTED,), RETURNED, APPROVER, "the supervisor sends it back with a note saying why"),
}


def check(action: str, activity) -> str:
    """The status `activity` has after `action`; a locked activity or a step its status does not
    allow raises KinerjaWorkflowError (field `status`)."""
    step = STEPS[action]
    if activity.locked:
        raise KinerjaWorkflowError("status", "kinerja_locked", month=activity.day.strftime("%Y-%m"))
    if activity.status not in step.from_statuses:
        raise KinerjaWorkflowError("status", "kinerja_step_refused", kinerja_status=activity.status,
                                   kinerja_action=action)
    return step.to_status or activity.status


def who(action: str) -> str:
    return STEPS[action].by
