"""What each complaint status means, stated once. The workflow, the service, the ETL (is_open in
fct_complaints), the desks, the wall, the KPI page and Open311 import these; none keeps its own list.

    status        unresolved  open  closed   finished for the citizen (Open311 "closed")
    received          x         x
    dispatched        x         x
    responded         x         x
    in_progress       x         x
    resolved                    x                x
    closed                            x          x
    rejected                          x          x

Why "resolved" is open: the problem is fixed, but the OPD's complaint team still owes the citizen
feedback and must close the complaint; it stays in the team's queue and its feedback deadline still
runs. So "open" means "still in somebody's queue", everywhere: the TPKPM queue, the wall's "Masih
terbuka", the KPI backlog and `is_open` in the marts. (Before, the ETL counted a resolved complaint
as closed while the workflow counted it as open.) Open311 and the citizen's tracking page speak of
the problem instead: for them a resolved complaint is done, hence the separate FINISHED_FOR_CITIZENS.

Two clock figures, deliberately different and named apart on every page:

    overdue now     an open complaint whose current deadline (the first response until it is
                    given, then the feedback until it is given) lies before now. It is what a team
                    can still act on; the desk, the wall counter and the complaints page count it.
                    Label: "Lewat tenggat sekarang".
    breached ever   an open complaint that missed a deadline at some point (a breach was recorded,
                    or a step was done late), even if it has caught up since. It is the SLA record
                    the wall's alarm panel lists. Label: "Pernah melewati SLA".

`current_deadline` and `is_overdue_now` work on an ORM complaint, a row or any object with the
timestamp attributes; the SQL forms for the transactional table and the mart are built from the
same rule by `current_due_sql(columns)`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case

STATUSES = ("received", "dispatched", "responded", "in_progress", "resolved", "closed", "rejected")
# Someone still has to fix the problem: a new report at the same spot is probably a duplicate.
UNRESOLVED_STATUSES = ("received", "dispatched", "responded", "in_progress")
# Still in somebody's queue: a resolved complaint waits for feedback and closing.
OPEN_STATUSES = UNRESOLVED_STATUSES + ("resolved",)
CLOSED_STATUSES = tuple(status for status in STATUSES if status not in OPEN_STATUSES)
# Open311 "closed" and the citizen's view: the problem itself is dealt with.
FINISHED_FOR_CITIZENS = tuple(status for status in STATUSES if status not in UNRESOLVED_STATUSES)

# The named figures, as keys the data functions return and the pages label.
OVERDUE_NOW = "overdue_now"
BREACHED_EVER = "breached_ever"

FIRST_RESPONSE, FEEDBACK = "first_response", "feedback"


def is_open(status: str) -> bool:
    return status in OPEN_STATUSES


def current_deadline(complaint) -> tuple[str | None, datetime | None]:
    """(stage, due time) the team works against now: the first response until it is given, then
    the feedback until it is given; (None, None) once both are done."""
    if complaint.first_response_at is None:
        return FIRST_RESPONSE, complaint.first_response_due_at
    if complaint.feedback_at is None:
        return FEEDBACK, complaint.feedback_due_at
    return None, None


def is_overdue_now(complaint, now: datetime) -> bool:
    """Open, and its current deadline lies before `now`."""
    _stage, due = current_deadline(complaint)
    return is_open(complaint.status) and due is not None and due < now


def current_due_sql(columns):
    """`current_deadline`'s due time as a SQL expression over a table's columns (`table.c` or a
    mapped class): NULL once both steps are done."""
    return case((columns.first_response_at.is_(None), columns.first_response_due_at),
                (columns.feedback_at.is_(None), columns.feedback_due_at), else_=None)
