"""Physical works (pekerjaan): what an OPD builds under a plan item, on a line of its budget, with
the proposals it carries. Only the plan item's OPD writes them.

Status, one way (budget_models.WORK_STATUSES names them; this module moves them):

    planned --(contract: value, date, a budget line)--> contracted --(first progress over 0%)-->
    in_progress --(at 100%)--> built

Progress reports are dated, 0..100 %, never below the previous one nor dated before it, and may
carry a photo whose bytes core/photos.py checks. Roll-up (as Decidim's accountability): a
proposal's progress is its work's; a plan item's (its sub kegiatan's) physical progress is its
works' progress weighted by their contract value, or, before a contract, by their line's ceiling.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import city_today, now_or
from core.photos import clean_filename, photo_problem, sniff_image_type
from core.reference import Kelurahan
from core.tickets import allocate_numbers
from core.users import Viewer
from modules.planning.budget import line_by_id
from modules.planning.budget_models import (WORK_BUILT, WORK_CONTRACTED, WORK_IN_PROGRESS, WORK_PLANNED,
                                            PlanningBudgetLine, PlanningBudgetVersion, PlanningPlanItem,
                                            PlanningProgressReport, PlanningWork)
from modules.planning.budget_snapshot import begin_write, log_work
from modules.planning.errors import PlanningNotFound, PlanningValidationError, PlanningWorkflowError
from modules.planning.models import PlanningNumberCounter, PlanningProposal
from modules.planning.plan import (actor_name, checked_date, checked_number, checked_rupiah, checked_text,
                                   plan_item_by_id, proposal_by_number, require_opd)
from modules.planning.settings import PlanningSettings

PLANNED, CONTRACTED, IN_PROGRESS, BUILT = WORK_PLANNED, WORK_CONTRACTED, WORK_IN_PROGRESS, WORK_BUILT
NEXT_STATUS = {PLANNED: CONTRACTED, CONTRACTED: IN_PROGRESS, IN_PROGRESS: BUILT}
REPORTING_STATUSES = (CONTRACTED, IN_PROGRESS)
NUMBER_PREFIX = "PKJ"
NAME_LIMIT = PlanningWork.name.type.length
NOTE_LIMIT = 2000
FULL = 100.0
LAT_RANGE, LON_RANGE = (-90.0, 90.0), (-180.0, 180.0)


def work_number(year: int, number: int) -> str:
    return f"{NUMBER_PREFIX}-{year}-{number:06d}"


def work_by_number(session: Session, number, field: str = "number") -> PlanningWork:
    found = session.scalar(select(PlanningWork).where(PlanningWork.number == number.strip().upper())) \
        if isinstance(number, str) else None
    if found is None:
        raise PlanningNotFound(field, "planning_not_found", thing="work", key=number)
    return found


# --- writing ------------------------------------------------------------------------------------

def create_work(session: Session, actor: Viewer, *, plan_item_id, name, line_id=None, kelurahan_code=None, lat=None,
                lon=None, proposal_numbers=(), now: datetime | None = None) -> PlanningWork:
    """A planned work of the plan item's OPD, carrying proposals already linked to that plan item."""
    begin_write(session)
    item = plan_item_by_id(session, plan_item_id)
    require_opd(actor, item.opd_code, "create works of this plan item")
    now = now_or(now)
    work = PlanningWork(year=item.year, opd_code=item.opd_code, plan_item_id=item.id,
                        name=checked_text("name", name, NAME_LIMIT), status=PLANNED, progress_percent=0.0,
                        created_at=now, updated_at=now, **_place(session, kelurahan_code, lat, lon))
    if line_id is not None:
        work.line_id = _line_of_item(session, line_id, item).id
    proposals = [_carried(session, number, item) for number in _numbers(proposal_numbers)]
    period = f"{NUMBER_PREFIX}{item.year}"
    work.number = work_number(item.year, allocate_numbers(session, PlanningNumberCounter.__table__, period, 1)[0])
    session.add(work)
    session.flush()
    for proposal in proposals:
        proposal.work_id, proposal.updated_at = work.id, now
    log_work(session, work)
    return work


def contract_work(session: Session, actor: Viewer, number: str, *, contract_value_rupiah, contracted_on,
                  line_id=None, now: datetime | None = None) -> PlanningWork:
    """planned -> contracted: the contract's value (within its line's ceiling) and date, on a line
    of the plan item's sub kegiatan."""
    work = _writable(session, actor, number)
    _check_step(work, CONTRACTED)
    item = session.get(PlanningPlanItem, work.plan_item_id)
    chosen = line_id if line_id is not None else work.line_id
    if chosen is None:
        raise PlanningValidationError("line_id", "planning_work_needs", target_status=CONTRACTED, needed="line_id")
    line = _line_of_item(session, chosen, item)
    work.line_id = line.id
    work.contract_value_rupiah = checked_rupiah("contract_value_rupiah", contract_value_rupiah, low=1,
                                                high=int(line.ceiling_rupiah))
    work.contracted_on = checked_date("contracted_on", contracted_on)
    if work.contracted_on > city_today(now_or(now)):
        raise PlanningValidationError("contracted_on", "planning_date_future", value=work.contracted_on.isoformat())
    return _moved(session, work, CONTRACTED, now)


def complete_work(session: Session, actor: Viewer, number: str, now: datetime | None = None) -> PlanningWork:
    """in_progress -> built, once a report said 100 %."""
    work = _writable(session, actor, number)
    _check_step(work, BUILT)
    if work.progress_percent < FULL:
        raise PlanningValidationError("progress_percent", "planning_work_needs", target_status=BUILT,
                                      needed="a progress report of 100%")
    return _moved(session, work, BUILT, now)


def report_progress(session: Session, actor: Viewer, number: str, *, percent, reported_on, note: str = "",
                    photo: bytes | None = None, photo_filename: str | None = None,
                    max_photo_bytes: int = PlanningSettings.max_photo_bytes,
                    now: datetime | None = None) -> PlanningProgressReport:
    """A dated report by the work's OPD; the first over 0 % starts the work (in_progress)."""
    work = _writable(session, actor, number)
    if work.status not in REPORTING_STATUSES:
        raise PlanningWorkflowError("number", "planning_progress_status", work_status=work.status)
    now = now_or(now)
    percent = checked_number("percent", percent, 0, FULL)
    reported_on = checked_date("reported_on", reported_on)
    last = _last_report(session, work)
    if reported_on > city_today(now):
        raise PlanningValidationError("reported_on", "planning_date_future", value=reported_on.isoformat())
    if last is not None and reported_on < last.reported_on:
        raise PlanningValidationError("reported_on", "planning_progress_date_order", value=reported_on.isoformat(),
                                      last=last.reported_on.isoformat())
    if percent < work.progress_percent:
        raise PlanningValidationError("percent", "planning_progress_decreasing", value=percent,
                                      last=work.progress_percent)
    report = PlanningProgressReport(work_id=work.id, reported_on=reported_on, percent=percent,
                                    note=checked_text("note", note or "", NOTE_LIMIT, required=False),
                                    entered_by=actor_name(actor), created_at=now,
                                    **_photo(photo, photo_filename, max_photo_bytes))
    session.add(report)
    work.progress_percent = percent
    if work.status == CONTRACTED and percent > 0:
        _moved(session, work, IN_PROGRESS, now)
        return report
    work.updated_at = now
    log_work(session, work)
    return report


def attach_proposals(session: Session, actor: Viewer, number: str, proposal_numbers,
                     now: datetime | None = None) -> PlanningWork:
    """More proposals carried by a work (each linked to the work's plan item already)."""
    work = _writable(session, actor, number)
    item = session.get(PlanningPlanItem, work.plan_item_id)
    now = now_or(now)
    for proposal in [_carried(session, each, item) for each in _numbers(proposal_numbers)]:
        proposal.work_id, proposal.updated_at = work.id, now
    work.updated_at = now
    log_work(session, work)
    return work


def _writable(session: Session, actor: Viewer, number: str) -> PlanningWork:
    begin_write(session)
    work = work_by_number(session, number)
    require_opd(actor, work.opd_code, "write this work")
    return work


def _check_step(work: PlanningWork, target: str) -> None:
    if NEXT_STATUS.get(work.status) != target:
        raise PlanningWorkflowError("status", "planning_work_transition", work_status=work.status,
                                    target_status=target)


def _moved(session: Session, work: PlanningWork, target: str, now: datetime | None) -> PlanningWork:
    work.status, work.updated_at = target, now_or(now)
    log_work(session, work)
    return work


def _last_report(session: Session, work: PlanningWork) -> PlanningProgressReport | None:
    return session.scalar(select(PlanningProgressReport).where(PlanningProgressReport.work_id == work.id)
                          .order_by(PlanningProgressReport.reported_on.desc(), PlanningProgressReport.id.desc())
                          .limit(1))


def _line_of_item(session: Session, line_id, item: PlanningPlanItem) -> PlanningBudgetLine:
    """A line of the plan item's OPD and sub kegiatan in a budget of the plan item's year."""
    line = line_by_id(session, line_id)
    version = session.get(PlanningBudgetVersion, line.version_id)
    if (line.opd_code, line.sub_kegiatan_code, version.year) != (item.opd_code, item.sub_kegiatan_code, item.year):
        raise PlanningValidationError("line_id", "planning_work_line_mismatch", line=line.id, year=item.year)
    return line


def _carried(session: Session, number, item: PlanningPlanItem) -> PlanningProposal:
    proposal = proposal_by_number(session, number, "proposal_numbers")
    if proposal.plan_item_id != item.id:
        raise PlanningValidationError("proposal_numbers", "planning_proposal_work_plan", number=proposal.number,
                                      expected=proposal.plan_item_id, plan_item=item.id)
    return proposal


def _numbers(proposal_numbers) -> list:
    if proposal_numbers is None:
        return []
    if isinstance(proposal_numbers, str) or not isinstance(proposal_numbers, (list, tuple)):
        raise PlanningValidationError("proposal_numbers", "planning_required")
    return list(proposal_numbers)


def _place(session: Session, kelurahan_code, lat, lon) -> dict:
    if kelurahan_code is not None and (not isinstance(kelurahan_code, str)
                                       or session.get(Kelurahan, kelurahan_code) is None):
        raise PlanningValidationError("kelurahan_code", "planning_kelurahan_unknown", value=kelurahan_code)
    if (lat is None) != (lon is None):
        raise PlanningValidationError("lat" if lat is None else "lon", "planning_required")
    return dict(kelurahan_code=kelurahan_code,
                lat=None if lat is None else checked_number("lat", lat, *LAT_RANGE),
                lon=None if lon is None else checked_number("lon", lon, *LON_RANGE))


def _photo(data: bytes | None, filename: str | None, max_bytes: int) -> dict:
    if data is None:
        return {}
    name = clean_filename(filename)
    problem = photo_problem(data, max_bytes)
    if problem is not None:
        raise PlanningValidationError("photo", problem[0], filename=name, **problem[1])
    return dict(photo_filename=name, photo_content_type=sniff_image_type(bytes(data)), photo_size_bytes=len(data),
                photo_data=bytes(data))


# --- roll-up ------------------------------------------------------------------------------------

def work_weight(session: Session, work: PlanningWork) -> int:
    """What a work weighs in its plan item's progress: its contract value, else its line's ceiling."""
    if work.contract_value_rupiah:
        return int(work.contract_value_rupiah)
    line = session.get(PlanningBudgetLine, work.line_id) if work.line_id else None
    return int(line.ceiling_rupiah) if line is not None else 0


def weighted_progress(parts: list[tuple[float, int]]) -> float | None:
    """sum(percent x weight) / sum(weight); equal weights when none has any; None without parts."""
    if not parts:
        return None
    total = sum(weight for _, weight in parts)
    if total <= 0:
        return sum(percent for percent, _ in parts) / len(parts)
    return sum(percent * weight for percent, weight in parts) / total


def plan_item_progress(session: Session, plan_item_id: int) -> float | None:
    works = session.scalars(select(PlanningWork).where(PlanningWork.plan_item_id == plan_item_id)).all()
    return weighted_progress([(float(work.progress_percent), work_weight(session, work)) for work in works])


def proposal_progress(session: Session, proposal: PlanningProposal) -> float | None:
    """The work's progress, or None while no work carries the proposal."""
    work = session.get(PlanningWork, proposal.work_id) if proposal.work_id else None
    return None if work is None else float(work.progress_percent)
