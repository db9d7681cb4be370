"""Who may do what with proposals. The service checks this on every call, with the viewer's one
scope object (core.scope, carried on the Viewer):

    rt_rw      proposes for his own kelurahan and RW (an RT-scoped head: for his RT), reads those
    lurah      verifies or rejects the proposals of his kelurahan, reads them
    camat      accepts or rejects the proposals of his kecamatan, reads them
    perencana  ranks the accepted proposals of the city (and links them to the plan), reads all
    opd        reads the proposals of the items his OPD builds
    pimpinan, admin   read everything
"""

from __future__ import annotations

from sqlalchemy import and_, false, select, true

from core.users import Viewer
from modules.planning import workflow
from modules.planning.errors import PlanningAccessDenied
from modules.planning.models import PlanningItem, PlanningProposal

PROPOSER_ROLE = "rt_rw"
DECIDER_ROLES = ("lurah", "camat", "perencana")  # the roles that move a proposal on (workflow.TRANSITIONS)
READER_ROLES = ("rt_rw", "lurah", "camat", "perencana", "opd", "pimpinan", "admin")
# the columns of planning_proposals each kind of scope filters on (core.scope)
SCOPE_COLUMNS = {"kecamatan": "kecamatan_code", "kelurahan": "kelurahan_code", "rw": "rw", "rt": "rt"}


def require_role(actor: Viewer, roles: tuple[str, ...], what: str) -> None:
    if actor.role not in roles:
        raise PlanningAccessDenied("actor", "planning_role_refused", role=actor.role, what=what)


def proposer_place(actor: Viewer) -> tuple[str, int, int | None]:
    """(kelurahan code, RW, RT or None) an RT/RW head proposes for: his scope's."""
    require_role(actor, (PROPOSER_ROLE,), "submit proposals")
    scope = actor.scope
    if scope.kind not in ("rw", "rt"):
        raise PlanningAccessDenied("actor", "planning_no_scope", username=actor.username)
    return scope.codes[0], int(scope.codes[1]), (int(scope.codes[2]) if scope.kind == "rt" else None)


def require_step(actor: Viewer, proposal: PlanningProposal, wanted: str) -> None:
    """The actor's role takes this step (workflow.TRANSITIONS) and his scope holds the proposal."""
    roles = workflow.roles_for(proposal.status, wanted)
    if actor.role not in roles:
        raise PlanningAccessDenied("actor", "planning_step_role_refused", role=actor.role,
                                   proposal_status=proposal.status, wanted_status=wanted,
                                   roles=", ".join(roles) or "-")
    require_in_scope(actor, proposal)


def require_in_scope(actor: Viewer, proposal: PlanningProposal) -> None:
    if not may_read(actor, proposal):
        raise PlanningAccessDenied("number", "planning_outside_scope", username=actor.username,
                                   number=proposal.number)


def may_read(actor: Viewer, proposal: PlanningProposal, item_opd: str | None = None) -> bool:
    if actor.role not in READER_ROLES:
        return False
    scope = actor.scope
    if scope.kind == "opd":
        if item_opd is None:
            from sqlalchemy.orm import object_session

            item_opd = object_session(proposal).get(PlanningItem, proposal.item_code).opd_code
        return item_opd == scope.codes[0]
    return scope.allows(proposal, SCOPE_COLUMNS)


def readable(actor: Viewer):
    """SQL condition on planning_proposals: the rows the actor may read."""
    if actor.role not in READER_ROLES:
        return false()
    scope = actor.scope
    if scope.kind == "opd":
        return PlanningProposal.item_code.in_(select(PlanningItem.code)
                                              .where(PlanningItem.opd_code == scope.codes[0]))
    conditions = scope.conditions(PlanningProposal.__table__, SCOPE_COLUMNS)
    return and_(*conditions) if conditions else true()
