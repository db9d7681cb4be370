"""The proposals service (e-Musrenbang): the only code that writes proposals, their photos and
events. Each call runs in the caller's transaction: the domain's lock first, then every check, then
the writes with their event and change-log snapshot (recording.py); a refusal raises before
anything is written, and the caller's rollback drops whatever a later check refused.

    submit_proposal   an RT/RW head, his own RW, during the RW round of the city year of `now`
    verify            the lurah of its kelurahan, during the kelurahan round of its year
    decide            the camat of its kecamatan accepts or rejects (a reason from the list) during the
                      kecamatan round; the lurah may reject during the kelurahan round
    prioritise        the planning agency ranks the year's accepted proposals 1..n in the city round
"""

from __future__ import annotations

import math
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import city_time, now_or
from core.reference import Kelurahan
from core.settings import Settings
from core.users import Viewer
from modules.planning import access, checks, workflow
from modules.planning.errors import PlanningValidationError
from modules.planning.models import PlanningProposal, PlanningProposalPhoto
from modules.planning.numbers import next_numbers
from modules.planning.recording import begin_write, record_step

METRES_PER_DEGREE_LAT = 111_320.0


def round_year(now: datetime) -> int:
    """The round a moment belongs to: the city year of `now` (its proposals are built in year + 1)."""
    return city_time(now).year


def submit_proposal(session: Session, actor: Viewer, settings: Settings, *, item_code, volume, lat, lon, address,
                    title, description="", rt=None, photos=(), now: datetime | None = None) -> PlanningProposal:
    now, rules = now_or(now), settings.planning
    kelurahan_code, rw, own_rt = access.proposer_place(actor)
    year = round_year(now)
    begin_write(session)  # before the ceiling's sum: two heads of one RW never both pass it
    checks.round_open(rules, "rw", year, now)
    item = checks.active_item(session, item_code)
    amount = checks.volume(volume, item)
    cost = checks.estimated_cost(amount, item)
    clean_rt = checks.rt(rt, own_rt)
    lat, lon = checks.point_in_kelurahan(lat, lon, kelurahan_code)
    texts = dict(title=checks.text("title", title, required=True),
                 address=checks.text("address", address, required=True),
                 description=checks.text("description", description))
    pictures = checks.photos(photos, rules)
    _within_ceiling(session, year, kelurahan_code, rw, cost, rules.rw_ceiling_rupiah)
    repeat = _earlier_proposal_nearby(session, year, item.code, lat, lon, rules.repeat_distance_metres)
    proposal = PlanningProposal(
        number=next_numbers(session, year)[0], year=year,
        kecamatan_code=session.get(Kelurahan, kelurahan_code).kecamatan_code, kelurahan_code=kelurahan_code,
        rw=rw, rt=clean_rt, item_code=item.code, volume=amount, unit_cost_rupiah=item.unit_cost_rupiah,
        estimated_cost_rupiah=cost, lat=lat, lon=lon, status=workflow.PROPOSED, repeat_of=repeat,
        proposer=actor.username[:64], created_at=now, updated_at=now, **texts)
    session.add(proposal)
    session.flush()
    session.add_all(PlanningProposalPhoto(proposal_id=proposal.id, filename=name, content_type=kind,
                                          size_bytes=len(data), data=data, created_at=now)
                    for name, kind, data in pictures)
    record_step(session, actor, proposal, "submitted", from_status=None, now=now,
                data={"repeat_of": repeat} if repeat else None)
    return proposal


def verify(session: Session, actor: Viewer, settings: Settings, number: str, note: str = "",
           now: datetime | None = None) -> PlanningProposal:
    return _step(session, actor, settings, number, workflow.VERIFIED, "verified", note=note, now=now)


def decide(session: Session, actor: Viewer, settings: Settings, number: str, accept: bool, reason: str | None = None,
           note: str = "", now: datetime | None = None) -> PlanningProposal:
    """The camat accepts or rejects; a lurah only rejects (he verifies what he keeps). A rejection
    needs a reason from workflow.REJECTION_REASONS."""
    if not isinstance(accept, bool):
        raise PlanningValidationError("accept", "planning_not_boolean", value=accept)
    if accept:
        return _step(session, actor, settings, number, workflow.ACCEPTED, "accepted", reason=reason, note=note,
                     now=now)
    return _step(session, actor, settings, number, workflow.REJECTED, "rejected", reason=reason, note=note, now=now)


def prioritise(session: Session, actor: Viewer, settings: Settings, numbers_in_order: list[str],
               now: datetime | None = None) -> list[PlanningProposal]:
    """Priority 1..n, in the order given, of every accepted (or already ranked) proposal of one year:
    the list names each of them exactly once."""
    now = now_or(now)
    access.require_role(actor, ("perencana",), "rank proposals")
    begin_write(session)
    proposals = _ranked_list(session, numbers_in_order)
    year = proposals[0].year
    checks.round_open(settings.planning, "city", year, now)
    for proposal in proposals:
        workflow.check(proposal.status, workflow.PRIORITISED)
        access.require_step(actor, proposal, workflow.PRIORITISED)
    _complete_ranking(session, year, proposals)
    for rank, proposal in enumerate(proposals, start=1):
        before = proposal.status
        proposal.status, proposal.priority = workflow.PRIORITISED, rank
        record_step(session, actor, proposal, "prioritised", from_status=before, now=now, data={"priority": rank})
    return proposals


# --- the steps ----------------------------------------------------------------------------------

def _step(session: Session, actor: Viewer, settings: Settings, number: str, wanted: str, action: str, *,
          reason: str | None = None, note: str = "", now: datetime | None) -> PlanningProposal:
    now = now_or(now)
    access.require_role(actor, access.DECIDER_ROLES, f"take the step to {wanted}")
    begin_write(session)
    proposal = checks.proposal_by_number(session, number)
    access.require_in_scope(actor, proposal)
    workflow.check(proposal.status, wanted)
    access.require_step(actor, proposal, wanted)
    checks.round_open(settings.planning, workflow.ROUND_OF_ROLE[actor.role], proposal.year, now)
    clean_reason = checks.reason(reason) if wanted == workflow.REJECTED else None
    if wanted != workflow.REJECTED and reason not in (None, ""):
        raise PlanningValidationError("reason", "planning_reason_only_rejecting")
    clean_note = checks.text("note", note)
    before = proposal.status
    proposal.status, proposal.rejection_reason = wanted, clean_reason
    record_step(session, actor, proposal, action, from_status=before, now=now, reason=clean_reason, note=clean_note)
    return proposal


def _ranked_list(session: Session, numbers) -> list[PlanningProposal]:
    if not isinstance(numbers, (list, tuple)) or not numbers:
        raise PlanningValidationError("numbers", "planning_ranking_empty")
    if not all(isinstance(n, str) for n in numbers):
        raise PlanningValidationError("numbers", "planning_ranking_not_text")
    keys = [n.strip().upper() for n in numbers]
    twice = sorted({n for n in keys if keys.count(n) > 1})
    if twice:
        raise PlanningValidationError("numbers", "planning_ranking_twice", numbers=", ".join(twice))
    proposals = [checks.proposal_by_number(session, key) for key in keys]
    years = sorted({p.year for p in proposals})
    if len(years) > 1:
        raise PlanningValidationError("numbers", "planning_ranking_years", years=", ".join(map(str, years)))
    return proposals


def _complete_ranking(session: Session, year: int, proposals: list[PlanningProposal]) -> None:
    """A ranking covers the year's whole list: a missing one would leave two proposals one rank."""
    given = {p.number for p in proposals}
    rankable = set(session.scalars(select(PlanningProposal.number).where(
        PlanningProposal.year == year, PlanningProposal.status.in_(workflow.RANKABLE_STATUSES))))
    missing = sorted(rankable - given)
    if missing:
        raise PlanningValidationError("numbers", "planning_ranking_incomplete", count=len(missing),
                                      numbers=", ".join(missing[:5]))


# --- checks that read other proposals ----------------------------------------------------------------

def _within_ceiling(session: Session, year: int, kelurahan_code: str, rw: int, cost: int, ceiling: int) -> None:
    """The RW's proposals of the year (rejected ones aside) and this one stay within the ceiling."""
    spent = session.scalar(select(func.coalesce(func.sum(PlanningProposal.estimated_cost_rupiah), 0)).where(
        PlanningProposal.year == year, PlanningProposal.kelurahan_code == kelurahan_code, PlanningProposal.rw == rw,
        PlanningProposal.status.in_(workflow.COUNTED_STATUSES)))
    total = int(spent) + cost
    if total > ceiling:
        raise PlanningValidationError("volume", "planning_over_ceiling", total=total, ceiling=ceiling,
                                      earlier=int(spent), cost=cost)


def _earlier_proposal_nearby(session: Session, year: int, item_code: str, lat: float, lon: float,
                             radius_m: float) -> str | None:
    """The number of the nearest earlier year's proposal of the same item within `radius_m`, or None."""
    from modules.complaints.duplicates import distance_m  # the one haversine

    d_lat = radius_m / METRES_PER_DEGREE_LAT
    d_lon = d_lat / max(math.cos(math.radians(lat)), 0.01)
    rows = session.execute(select(PlanningProposal.number, PlanningProposal.lat, PlanningProposal.lon).where(
        PlanningProposal.item_code == item_code, PlanningProposal.year < year,
        PlanningProposal.lat.between(lat - d_lat, lat + d_lat),
        PlanningProposal.lon.between(lon - d_lon, lon + d_lon))).all()
    near = [(distance_m(lat, lon, r.lat, r.lon), r.number) for r in rows]
    near = [(d, n) for d, n in near if d <= radius_m]
    return min(near)[1] if near else None

