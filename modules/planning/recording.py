"""One step of a proposal, recorded: its event (planning_proposal_events: who, role, when, what,
from and to, reason, note) and the proposal's change-log snapshot, in the caller's transaction, so
both commit together or neither does. The proposals service records every step here; the budget
helper's `link_to_plan` records `planned` here too.

    begin_write(session)                       # first: the domain's lock, before any row lock
    proposal.status = workflow.PLANNED         # after workflow.check and access.require_step
    record_step(session, actor, proposal, "planned", from_status="accepted", now=now)
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from core.changelog import record_change, take_writer_lock
from core.users import Viewer
from modules.planning.models import PlanningProposal, PlanningProposalEvent
from modules.planning.snapshot import OPERATION, PROPOSAL, SNAPSHOT_VERSION, proposal_snapshot


def begin_write(session: Session) -> None:
    """The domain's change-log lock first, before any row lock (core/changelog.py, "Lock order")."""
    take_writer_lock(session, PROPOSAL)


def record_step(session: Session, actor: Viewer, proposal: PlanningProposal, action: str, *,
                from_status: str | None, now: datetime, reason: str | None = None, note: str = "",
                data: dict[str, Any] | None = None) -> PlanningProposalEvent:
    """The event of a step that brought `proposal` to its current status, and its snapshot."""
    proposal.updated_at = now
    session.flush()  # the proposal's id, for a new one
    event = PlanningProposalEvent(proposal_id=proposal.id, at=now, action=action, from_status=from_status,
                                  to_status=proposal.status, actor=actor.username[:64], actor_role=actor.role[:16],
                                  reason=reason, note=note or "", data=data or {})
    session.add(event)
    session.flush()
    record_change(session, PROPOSAL, proposal.number, OPERATION, proposal_snapshot(proposal), SNAPSHOT_VERSION)
    return event
