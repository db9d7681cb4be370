"""Tables of the planning module (prefix `planning_`), part one: the reference (proposal dictionary,
Permendagri 90 nomenclature) and e-Musrenbang proposals with their rounds. The annual plan (RKPD),
the budget (APBD / DPA) and its realisation are in budget_models.py. Only the service layer
(service.py and the modules it names) writes them.

Money is whole rupiah in BIGINT columns (`*_rupiah`): a city budget near Rp 11 trillion fits, and
no floating point touches an amount. Codes follow Permendagri 90/2019 (codes.py validates them):
sub kegiatan `U.BB.PP.D.KK.SSSS`, accounts (kode rekening) six levels `5.1.02.01.01.0024`.

Personal data: a proposal names no citizen; its proposer is an RT/RW head's user account, shown
on staff pages only. A public page shows the proposal, its decisions and progress, never who.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (JSON, BigInteger, Boolean, Float, ForeignKey, Index, Integer, LargeBinary, SmallInteger,
                        String, Text)
from sqlalchemy.orm import Mapped, mapped_column, object_session

from core.db import Base, BigId, UtcDateTime

Rupiah = BigInteger  # whole rupiah


# --- reference ----------------------------------------------------------------------------------

class PlanningItem(Base):
    """The city's proposal dictionary ("kamus usulan", reference/planning_items.csv): what an RW may
    propose, its unit and unit cost, the OPD that builds it, and the kind of work (paving, drain
    ...) that the policy map matches with complaint categories."""

    __tablename__ = "planning_items"

    code: Mapped[str] = mapped_column(String(24), primary_key=True)   # e.g. PAVING-JALAN
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(16))                     # m2, m, unit, titik
    unit_cost_rupiah: Mapped[int] = mapped_column(Rupiah)
    max_volume: Mapped[float] = mapped_column(Float)                  # more is absurd for one RW
    opd_code: Mapped[str] = mapped_column(ForeignKey("opd.code"))
    kind: Mapped[str] = mapped_column(String(24))                     # paving, drain, lighting ...
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class PlanningNomenclature(Base):
    """Permendagri 90 nomenclature: programs (3 parts), kegiatan (5) and sub kegiatan (6), one row
    each, `level` saying which (reference/planning_nomenclature.csv, the part a city uses)."""

    __tablename__ = "planning_nomenclature"

    code: Mapped[str] = mapped_column(String(24), primary_key=True)   # 1.03.03.2.01.0001
    level: Mapped[str] = mapped_column(String(16))                    # program | kegiatan | sub_kegiatan
    name: Mapped[str] = mapped_column(String(300))


# --- proposals (e-Musrenbang) -------------------------------------------------------------------

class PlanningProposal(Base):
    """A work an RW proposes in the round of `year` (to be built in year + 1). `status` follows
    workflow.py; `estimated_cost_rupiah` = volume x the item's unit cost at entry."""

    __tablename__ = "planning_proposals"
    __table_args__ = (
        Index("ix_planning_proposals_year_rw", "year", "kelurahan_code", "rw"),
        Index("ix_planning_proposals_year_status", "year", "status"),
        Index("ix_planning_proposals_item_place", "item_code", "lat"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)      # USL-2027-000123
    year: Mapped[int] = mapped_column(SmallInteger)
    kecamatan_code: Mapped[str] = mapped_column(ForeignKey("kecamatan.code"))
    kelurahan_code: Mapped[str] = mapped_column(ForeignKey("kelurahan.code"))
    rw: Mapped[int] = mapped_column(SmallInteger)
    rt: Mapped[int | None] = mapped_column(SmallInteger)
    item_code: Mapped[str] = mapped_column(ForeignKey("planning_items.code"))
    volume: Mapped[float] = mapped_column(Float)
    unit_cost_rupiah: Mapped[int] = mapped_column(Rupiah)
    estimated_cost_rupiah: Mapped[int] = mapped_column(Rupiah)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(String(300))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16))
    rejection_reason: Mapped[str | None] = mapped_column(String(32))
    repeat_of: Mapped[str | None] = mapped_column(String(24))          # an earlier year's number, flagged at entry
    priority: Mapped[int | None] = mapped_column(SmallInteger)         # the planning agency's rank, 1 first
    proposer: Mapped[str] = mapped_column(String(64))                  # the RT/RW head's username (staff only)
    # set by plan.link_to_plan and works.py (budget_models.py): the plan item and the work carrying it
    plan_item_id: Mapped[int | None] = mapped_column(ForeignKey("planning_plan_items.id"), index=True)
    work_id: Mapped[int | None] = mapped_column(ForeignKey("planning_works.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    # what the proposal's snapshot reads by name (snapshot.py): its plan item's sub kegiatan, its work's number
    @property
    def sub_kegiatan_code(self) -> str | None:
        return _linked(self, "PlanningPlanItem", self.plan_item_id, "sub_kegiatan_code")

    @property
    def work_number(self) -> str | None:
        return _linked(self, "PlanningWork", self.work_id, "number")

    @property
    def work_status(self) -> str | None:
        return _linked(self, "PlanningWork", self.work_id, "status")

    @property
    def work_line_id(self) -> int | None:
        return _linked(self, "PlanningWork", self.work_id, "line_id")


def _linked(proposal: PlanningProposal, model: str, key: int | None, attribute: str):
    """An attribute of the plan item or work a proposal is linked to (budget_models.py), or None."""
    if key is None:
        return None
    from modules.planning import budget_models

    return getattr(object_session(proposal).get(getattr(budget_models, model), key), attribute)


class PlanningProposalPhoto(Base):
    __tablename__ = "planning_proposal_photos"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("planning_proposals.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(32))  # detected from the bytes (core/photos.py)
    size_bytes: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PlanningProposalEvent(Base):
    """Append-only: every step of a proposal with who (role and username), when and why."""

    __tablename__ = "planning_proposal_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("planning_proposals.id"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    action: Mapped[str] = mapped_column(String(24))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(64))
    actor_role: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class PlanningNumberCounter(Base):
    """The last proposal number issued per round year (core/tickets.py allocates)."""

    __tablename__ = "planning_number_counters"

    period: Mapped[str] = mapped_column(String(8), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)
