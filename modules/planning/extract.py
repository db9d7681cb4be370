"""The change-log snapshot of every proposal, read from the tables (the contract test compares it
with the newest change-log payload of each; the ETL's full refresh may read it too). Built with the
function the service logs with (snapshot.py), so both cannot drift apart. The budget helper's
entities add theirs here."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from modules.planning.models import PlanningProposal
from modules.planning.snapshot import PROPOSAL, proposal_snapshot


def snapshots_by_entity(connection_or_session) -> dict[tuple[str, str], dict[str, Any]]:
    """{(entity, entity id): payload} of every proposal, plan item, budget line, payment and work."""
    from modules.planning.budget_snapshot import snapshots_by_entity as budget_snapshots

    session = connection_or_session if isinstance(connection_or_session, Session) \
        else Session(bind=connection_or_session)
    proposals = {(PROPOSAL, row.number): proposal_snapshot(row)
                 for row in session.scalars(select(PlanningProposal).order_by(PlanningProposal.id))}
    return proposals | budget_snapshots(session)
