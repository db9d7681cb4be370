"""The steps a complaint went through, derived from its timestamps (for bulk inserts, which are
given the final state and need the history rows that the service would have written)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

# Timestamp column -> (event, status after it; None: the status stays), in the order of the workflow.
STEPS = (
    ("received_at", "submitted", "received"),
    ("dispatched_at", "dispatched", "dispatched"),
    ("first_response_at", "responded", "responded"),
    ("started_at", "work_started", "in_progress"),
    ("resolved_at", "resolved", "resolved"),
    ("feedback_at", "feedback_sent", None),
    ("closed_at", "closed", "closed"),
    ("rejected_at", "rejected", "rejected"),
    ("first_response_breached_at", "first_response_breached", None),
    ("feedback_breached_at", "feedback_breached", None),
)


@dataclass(frozen=True)
class Step:
    at: datetime
    event: str
    from_status: str | None
    to_status: str


def derived_steps(row: Mapping) -> list[Step]:
    """History steps of a complaint from its timestamps; the last status must equal row['status']."""
    dated = sorted(((row[column], order, event, status) for order, (column, event, status) in enumerate(STEPS)
                    if row.get(column) is not None), key=lambda item: (item[0], item[1]))
    steps, status = [], None
    for at, _order, event, to_status in dated:
        if event == "rejected" and row.get("duplicate_state") == "confirmed":
            event = "duplicate_confirmed"
        steps.append(Step(at, event, status, to_status or status))
        status = to_status or status
    if status != row["status"]:
        raise ValueError(f"complaint timestamps lead to status {status!r}, but the row says {row['status']!r}")
    return steps
