"""What the proposals API answers: a proposal for staff (with its proposer, texts, point and every
event) and for the public (status, decisions with their reasons and dates, item, volume, cost,
kelurahan and RW, photo addresses: never a name, neither the proposer's nor a decider's, nor a
free text that could hold one). Reads only; the scope is applied by the caller (access.readable)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import city_time
from core.reference import Kecamatan, Kelurahan
from modules.planning import workflow
from modules.planning.models import PlanningItem, PlanningProposal, PlanningProposalEvent, PlanningProposalPhoto

PUBLIC_PHOTO_PATH = "/api/planning/public/photos"


def city_iso(moment: datetime | None) -> str | None:
    return None if moment is None else city_time(moment).isoformat(timespec="seconds")


def items(session: Session) -> list[dict[str, Any]]:
    rows = session.scalars(select(PlanningItem).where(PlanningItem.active.is_(True)).order_by(PlanningItem.code))
    return [dict(code=i.code, name=i.name, unit=i.unit, unit_cost_rupiah=int(i.unit_cost_rupiah),
                 max_volume=float(i.max_volume), opd_code=i.opd_code, kind=i.kind) for i in rows]


def summary(proposal: PlanningProposal, item: PlanningItem) -> dict[str, Any]:
    """A row of the staff list."""
    return dict(number=proposal.number, year=int(proposal.year), status=proposal.status,
                status_name=workflow.STATUS_NAMES[proposal.status], kecamatan_code=proposal.kecamatan_code,
                kelurahan_code=proposal.kelurahan_code, rw=int(proposal.rw), rt=proposal.rt,
                item_code=proposal.item_code, item_name=item.name, unit=item.unit, volume=float(proposal.volume),
                estimated_cost_rupiah=int(proposal.estimated_cost_rupiah), title=proposal.title,
                rejection_reason=proposal.rejection_reason, repeat_of=proposal.repeat_of,
                priority=proposal.priority, created_at=city_iso(proposal.created_at))


def staff_detail(session: Session, proposal: PlanningProposal) -> dict[str, Any]:
    item = session.get(PlanningItem, proposal.item_code)
    return summary(proposal, item) | dict(
        description=proposal.description, address=proposal.address, lat=float(proposal.lat),
        lon=float(proposal.lon), unit_cost_rupiah=int(proposal.unit_cost_rupiah), proposer=proposal.proposer,
        rejection_reason_name=workflow.REJECTION_REASON_NAMES.get(proposal.rejection_reason),
        updated_at=city_iso(proposal.updated_at), photos=_photos(session, proposal),
        events=[dict(at=city_iso(e.at), action=e.action, from_status=e.from_status, to_status=e.to_status,
                     actor=e.actor, actor_role=e.actor_role, reason=e.reason,
                     reason_name=workflow.REJECTION_REASON_NAMES.get(e.reason), note=e.note)
                for e in _events(session, proposal)])


def public_detail(session: Session, proposal: PlanningProposal) -> dict[str, Any]:
    return public_summary(session, proposal) | dict(
        photos=_photos(session, proposal, with_names=False),
        steps=[dict(action=e.action, status=e.to_status, status_name=workflow.STATUS_NAMES[e.to_status],
                    reason=e.reason, reason_name=workflow.REJECTION_REASON_NAMES.get(e.reason),
                    date=city_time(e.at).date().isoformat())
               for e in _events(session, proposal)])


def public_summary(session: Session, proposal: PlanningProposal) -> dict[str, Any]:
    item = session.get(PlanningItem, proposal.item_code)
    kelurahan = session.get(Kelurahan, proposal.kelurahan_code)
    kecamatan = session.get(Kecamatan, proposal.kecamatan_code)
    return dict(number=proposal.number, year=int(proposal.year), built_in_year=int(proposal.year) + 1,
                status=proposal.status, status_name=workflow.STATUS_NAMES[proposal.status],
                rejection_reason=proposal.rejection_reason,
                rejection_reason_name=workflow.REJECTION_REASON_NAMES.get(proposal.rejection_reason),
                item=dict(code=item.code, name=item.name, unit=item.unit, kind=item.kind, opd_code=item.opd_code),
                volume=float(proposal.volume), estimated_cost_rupiah=int(proposal.estimated_cost_rupiah),
                kecamatan=dict(code=kecamatan.code, name=kecamatan.name),
                kelurahan=dict(code=kelurahan.code, name=kelurahan.name), rw=int(proposal.rw),
                priority=proposal.priority, repeat=proposal.repeat_of is not None,
                submitted_on=city_time(proposal.created_at).date().isoformat())


def _events(session: Session, proposal: PlanningProposal) -> list[PlanningProposalEvent]:
    return list(session.scalars(select(PlanningProposalEvent).where(PlanningProposalEvent.proposal_id == proposal.id)
                                .order_by(PlanningProposalEvent.id)))


def _photos(session: Session, proposal: PlanningProposal, *, with_names: bool = True) -> list[dict[str, Any]]:
    """The photos' addresses (by opaque id; the public answer carries no file name, which may name someone)."""
    rows = session.execute(select(PlanningProposalPhoto.id, PlanningProposalPhoto.filename,
                                  PlanningProposalPhoto.content_type, PlanningProposalPhoto.size_bytes)
                           .where(PlanningProposalPhoto.proposal_id == proposal.id)
                           .order_by(PlanningProposalPhoto.id)).all()
    return [dict(url=f"{PUBLIC_PHOTO_PATH}/{row.id}", content_type=row.content_type)
            | (dict(id=int(row.id), filename=row.filename, size_bytes=int(row.size_bytes)) if with_names else {})
            for row in rows]
