"""The change-log payload of a proposal: the contract the read side sees (SNAPSHOT_VERSION 1).

Entity `planning_proposal`, entity_id = the number, operation "upsert", every key always present.
Built from the ORM objects, by the service when it writes and by extract.py when it reads the
tables, so both give the same dict. The step times come from the proposal's events (the newest
event reaching each status; `decided_at` is the acceptance or the rejection, by lurah or camat).
`plan_item_id`, `sub_kegiatan_code`, `work_number`, `work_status` and `work_line_id` (the plan
item and the work carrying it, works.py) come from its links; a work's change re-logs the
proposals it carries (budget_snapshot.log_work), so they follow the work. No proposer, no address, no description, no photo.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import object_session

from core.clock import iso_utc
from modules.planning import workflow
from modules.planning.models import PlanningItem, PlanningProposal, PlanningProposalEvent

SNAPSHOT_VERSION = 1
OPERATION = "upsert"
PROPOSAL = "planning_proposal"

STEP_TIMES = {"verified_at": (workflow.VERIFIED,), "decided_at": (workflow.ACCEPTED, workflow.REJECTED),
              "prioritised_at": (workflow.PRIORITISED,), "planned_at": (workflow.PLANNED,)}
LINKS = ("plan_item_id", "sub_kegiatan_code", "work_number", "work_status", "work_line_id")
KEYS = ("number", "year", "kecamatan_code", "kelurahan_code", "rw", "item_code", "item_kind", "opd_code", "volume",
        "estimated_cost_rupiah", "status", "rejection_reason", "repeat", "priority", "created_at", *STEP_TIMES,
        "updated_at", *LINKS)


def proposal_snapshot(proposal: PlanningProposal) -> dict[str, Any]:
    session = object_session(proposal)
    item = session.get(PlanningItem, proposal.item_code)
    events = session.execute(select(PlanningProposalEvent.to_status, PlanningProposalEvent.at)
                             .where(PlanningProposalEvent.proposal_id == proposal.id)
                             .order_by(PlanningProposalEvent.id)).all()
    found = dict(number=proposal.number, year=int(proposal.year), kecamatan_code=proposal.kecamatan_code,
                 kelurahan_code=proposal.kelurahan_code, rw=int(proposal.rw), item_code=proposal.item_code,
                 item_kind=item.kind, opd_code=item.opd_code, volume=float(proposal.volume),
                 estimated_cost_rupiah=int(proposal.estimated_cost_rupiah), status=proposal.status,
                 rejection_reason=proposal.rejection_reason, repeat=proposal.repeat_of is not None,
                 priority=None if proposal.priority is None else int(proposal.priority),
                 created_at=iso_utc(proposal.created_at), updated_at=iso_utc(proposal.updated_at))
    for key, statuses in STEP_TIMES.items():
        found[key] = iso_utc(max((at for status, at in events if status in statuses), default=None))
    for key in LINKS:
        value = getattr(proposal, key, None)
        found[key] = int(value) if key in ("plan_item_id", "work_line_id") and value is not None else value
    return {key: found[key] for key in KEYS}
