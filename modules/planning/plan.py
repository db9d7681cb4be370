"""The annual plan (RKPD): a plan item is one sub kegiatan of one OPD in the plan of a year, with
its indicator, target and indicative ceiling. The planning agency (`perencana`) writes the plan and
links accepted proposals to it (`link_to_plan`): the round of year Y feeds the plan of Y + 1. The
step goes through the proposals' lifecycle (workflow.check) and recording (recording.record_step).

Who may do what in the plan, the budget and the realisation (checked by the service on every call):

    perencana         write plan items, link proposals, make budget versions, import budget lines
    opd               enter payments on its own OPD's lines, create and report its own works
    everyone staff    reads through his scope (reads in http/budget.py): city-wide roles all, an OPD
                      its own, a camat / lurah the works in his area
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import now_or
from core.reference import Opd
from core.users import Viewer
from modules.planning.budget_models import PlanningPlanItem
from modules.planning.budget_snapshot import begin_write, log_plan_item
from modules.planning.codes import check_sub_kegiatan
from modules.planning.errors import (PlanningAccessDenied, PlanningNotFound, PlanningValidationError,
                                     PlanningWorkflowError)
from modules.planning import workflow
from modules.planning.models import PlanningItem, PlanningNomenclature, PlanningProposal
from modules.planning.recording import record_step

PLANNER_ROLES = ("perencana",)
OPD_ROLE = "opd"
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_RUPIAH = 100_000_000_000_000          # Rp 100 trillion: ten times the city's whole budget
MAX_TARGET = 1_000_000_000.0
INDICATOR_LIMIT, UNIT_LIMIT = PlanningPlanItem.indicator.type.length, PlanningPlanItem.target_unit.type.length
PLANNED = workflow.PLANNED
LINKABLE_STATUSES = tuple(start for start, wanted in workflow.TRANSITIONS if wanted == PLANNED)
PLAN_ACTION = PLANNED  # the event's action (workflow.ACTIONS)
PLAN_ITEM_FIELDS = ("indicator", "target_value", "target_unit", "indicative_ceiling_rupiah")


# --- access -------------------------------------------------------------------------------------

def require_planner(actor: Viewer, what: str) -> None:
    if actor is None or actor.role not in PLANNER_ROLES:
        raise PlanningAccessDenied("role", "planning_role_refused", role=getattr(actor, "role", None), what=what)


def require_opd(actor: Viewer, owner: str, what: str) -> None:
    """The actor is an OPD user of `owner` (an OPD enters its own realisation, nobody else's)."""
    if actor is None or actor.role != OPD_ROLE:
        raise PlanningAccessDenied("role", "planning_role_refused", role=getattr(actor, "role", None), what=what)
    if actor.opd_code != owner:
        raise PlanningAccessDenied("opd_code", "planning_other_opd", owner=owner, what=what, opd=actor.opd_code)


def actor_name(actor: Viewer) -> str:
    return actor.username[:64]


# --- input checks shared by the plan, the budget and the realisation -----------------------------

def checked_text(field: str, value, limit: int, required: bool = True) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if value is not None and not isinstance(value, str):
        raise PlanningValidationError(field, "planning_required")
    if required and not text:
        raise PlanningValidationError(field, "planning_required")
    if len(text) > limit:
        raise PlanningValidationError(field, "planning_text_too_long", limit=limit)
    return text


def rupiah_problem(value, low: int = 0, high: int = MAX_RUPIAH) -> tuple[str, dict] | None:
    """Why `value` is not a whole rupiah amount in [low, high] (an int, or a float or digits
    without a fraction, as a spreadsheet gives them), or None."""
    amount = whole_rupiah(value)
    if amount is None:
        return "planning_not_whole_rupiah", {"value": value}
    if not low <= amount <= high:
        return "planning_amount_range", {"low": low, "high": high}
    return None


def whole_rupiah(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    digits = value.strip().removeprefix("-") if isinstance(value, str) else ""
    if digits.isascii() and digits.isdigit():
        return int(value.strip())  # a negative one too, so that the refusal says the range
    return None


def checked_rupiah(field: str, value, low: int = 0, high: int = MAX_RUPIAH) -> int:
    problem = rupiah_problem(value, low, high)
    if problem is not None:
        raise PlanningValidationError(field, problem[0], **problem[1])
    return whole_rupiah(value)


def checked_number(field: str, value, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise PlanningValidationError(field, "planning_number_range", low=low, high=high)
    return float(value)


def checked_year(field: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not FIRST_YEAR <= value <= LAST_YEAR:
        raise PlanningValidationError(field, "planning_year_range", low=FIRST_YEAR, high=LAST_YEAR)
    return value


def checked_date(field: str, value) -> date:
    """A date, or its ISO text (YYYY-MM-DD)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PlanningValidationError(field, "planning_date_invalid", value=value)


def known_opd(session: Session, field: str, code) -> str:
    if not isinstance(code, str) or session.get(Opd, code) is None:
        raise PlanningValidationError(field, "planning_opd_unknown", value=code)
    return code


def known_sub_kegiatan(session: Session, field: str, code) -> str:
    """A Permendagri 90 shaped code that the nomenclature holds at level sub_kegiatan."""
    code = check_sub_kegiatan(field, code)
    row = session.get(PlanningNomenclature, code)
    if row is None or row.level != "sub_kegiatan":
        raise PlanningValidationError(field, "planning_sub_kegiatan_unknown", value=code)
    return code


# --- plan items ------------------------------------------------------------------------------------

def plan_item_by_id(session: Session, plan_item_id: int, field: str = "plan_item_id") -> PlanningPlanItem:
    item = session.get(PlanningPlanItem, plan_item_id) if isinstance(plan_item_id, int) else None
    if item is None:
        raise PlanningNotFound(field, "planning_not_found", thing="plan item", key=plan_item_id)
    return item


def create_plan_item(session: Session, actor: Viewer, *, year, opd_code, sub_kegiatan_code, indicator, target_value,
                     target_unit, indicative_ceiling_rupiah, now: datetime | None = None) -> PlanningPlanItem:
    require_planner(actor, "write the plan")
    begin_write(session)
    year = checked_year("year", year)
    opd_code = known_opd(session, "opd_code", opd_code)
    sub_kegiatan_code = known_sub_kegiatan(session, "sub_kegiatan_code", sub_kegiatan_code)
    values = _plan_item_values(dict(indicator=indicator, target_value=target_value, target_unit=target_unit,
                                    indicative_ceiling_rupiah=indicative_ceiling_rupiah))
    if session.scalar(select(PlanningPlanItem.id).where(PlanningPlanItem.year == year,
                                                        PlanningPlanItem.opd_code == opd_code,
                                                        PlanningPlanItem.sub_kegiatan_code == sub_kegiatan_code)):
        raise PlanningValidationError("sub_kegiatan_code", "planning_plan_item_exists", year=year, opd=opd_code,
                                      sub_kegiatan=sub_kegiatan_code)
    now = now_or(now)
    item = PlanningPlanItem(year=year, opd_code=opd_code, sub_kegiatan_code=sub_kegiatan_code, created_at=now,
                            updated_at=now, **values)
    session.add(item)
    log_plan_item(session, item)
    return item


def update_plan_item(session: Session, actor: Viewer, plan_item_id: int, changes: dict,
                     now: datetime | None = None) -> PlanningPlanItem:
    """Changes the indicator, target or indicative ceiling; year, OPD and sub kegiatan stay (proposals
    and works hang on them: a different sub kegiatan is a new plan item)."""
    require_planner(actor, "write the plan")
    begin_write(session)
    item = plan_item_by_id(session, plan_item_id)
    unknown = sorted(set(changes) - set(PLAN_ITEM_FIELDS))
    if unknown:
        raise PlanningValidationError(unknown[0], "planning_not_a_choice", value=unknown[0],
                                      choices=", ".join(PLAN_ITEM_FIELDS))
    current = {key: getattr(item, key) for key in PLAN_ITEM_FIELDS}
    for key, value in _plan_item_values(current | changes).items():
        setattr(item, key, value)
    item.updated_at = now_or(now)
    log_plan_item(session, item)
    return item


def _plan_item_values(values: dict) -> dict:
    return dict(indicator=checked_text("indicator", values["indicator"], INDICATOR_LIMIT),
                target_value=checked_number("target_value", values["target_value"], 0, MAX_TARGET),
                target_unit=checked_text("target_unit", values["target_unit"], UNIT_LIMIT),
                indicative_ceiling_rupiah=checked_rupiah("indicative_ceiling_rupiah",
                                                         values["indicative_ceiling_rupiah"]))


# --- proposals into the plan -------------------------------------------------------------------------

def proposal_by_number(session: Session, number, field: str = "proposal_number") -> PlanningProposal:
    found = session.scalar(select(PlanningProposal).where(PlanningProposal.number == number.strip().upper())) \
        if isinstance(number, str) else None
    if found is None:
        raise PlanningNotFound(field, "planning_not_found", thing="proposal", key=number)
    return found


def link_to_plan(session: Session, actor: Viewer, proposal_number: str, plan_item_id: int,
                 now: datetime | None = None) -> PlanningProposal:
    """An accepted or prioritised proposal of the round of Y goes into the plan of Y + 1, under a
    plan item of the OPD that builds its dictionary item: status `planned`."""
    require_planner(actor, "link proposals to the plan")
    begin_write(session)
    proposal = proposal_by_number(session, proposal_number)
    item = plan_item_by_id(session, plan_item_id)
    if proposal.status not in LINKABLE_STATUSES:
        raise PlanningWorkflowError("proposal_number", "planning_link_status", proposal_status=proposal.status)
    workflow.check(proposal.status, PLANNED)
    if item.year != proposal.year + 1:
        raise PlanningValidationError("plan_item_id", "planning_link_year", proposal_year=proposal.year,
                                      expected=proposal.year + 1, year=item.year)
    builder = session.get(PlanningItem, proposal.item_code).opd_code
    if item.opd_code != builder:
        raise PlanningValidationError("plan_item_id", "planning_link_opd", expected=builder, opd=item.opd_code)
    previous = proposal.status
    proposal.plan_item_id, proposal.status = item.id, PLANNED
    record_step(session, actor, proposal, PLAN_ACTION, from_status=previous, now=now_or(now))
    return proposal
