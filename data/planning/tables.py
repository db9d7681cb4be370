"""Planning (e-Musrenbang) mart tables, built from the change log's `planning_proposal` snapshots
(etl/planning), or on a full refresh from the module's tables through the domain's extract.

- `fct_planning_proposals`: one row per proposal, its latest snapshot (every field: the snapshot
  carries nothing personal) and the pipeline stages it reached.
- `agg_planning_pipeline`: proposals and their estimated cost per year x kecamatan x kelurahan x
  item (with its kind and OPD), per stage. A proposal counts in every stage it reached: one
  verified, then accepted, then planned counts in proposed, verified, accepted and planned.
- `agg_planning_rejections`: rejected proposals and their cost per year x kecamatan x kelurahan x
  OPD x reason (the kelurahan and the OPD so that a lurah and an OPD read it too).
The aggregates carry no RW: an RW head's scope reads the facts (core.domains.Mart.coarse_tables).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Float, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UtcDateTime, WarehouseBase

PROPOSALS_MART = "planning_proposals"
PLANNING_MARTS = (PROPOSALS_MART,)  # the mart versions the pages watch

# The pipeline's stages, in its order (rejected last: a branch off the first two). The fact's flag
# of each stage (`proposed` is every proposal) and the aggregate's columns are named after them.
STAGES = ("proposed", "verified", "accepted", "prioritised", "planned", "budgeted", "contracted", "built", "rejected")
STAGE_FLAGS = {"verified": "reached_verified", "accepted": "reached_accepted",
               "prioritised": "reached_prioritised", "planned": "reached_planned",
               "budgeted": "reached_budgeted", "contracted": "reached_contracted", "built": "reached_built",
               "rejected": "rejected"}


class FctPlanningProposal(WarehouseBase):
    __tablename__ = "fct_planning_proposals"

    proposal_number: Mapped[str] = mapped_column(String(24), primary_key=True)
    year: Mapped[int] = mapped_column(SmallInteger)
    kecamatan_code: Mapped[str] = mapped_column(String(16))
    kelurahan_code: Mapped[str] = mapped_column(String(16))
    rw: Mapped[int] = mapped_column(SmallInteger)
    item_code: Mapped[str] = mapped_column(String(24))
    item_kind: Mapped[str] = mapped_column(String(24))
    opd_code: Mapped[str] = mapped_column(String(32))
    volume: Mapped[float] = mapped_column(Float)
    estimated_cost_rupiah: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))
    rejection_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    repeat: Mapped[bool] = mapped_column(Boolean)
    priority: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    verified_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    prioritised_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    planned_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    plan_item_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    sub_kegiatan_code: Mapped[str | None] = mapped_column(String(24), nullable=True)
    work_number: Mapped[str | None] = mapped_column(String(32), nullable=True)
    reached_verified: Mapped[bool] = mapped_column(Boolean)
    reached_accepted: Mapped[bool] = mapped_column(Boolean)
    reached_prioritised: Mapped[bool] = mapped_column(Boolean)
    reached_planned: Mapped[bool] = mapped_column(Boolean)
    reached_budgeted: Mapped[bool] = mapped_column(Boolean)    # a work carrying it has its budget line
    reached_contracted: Mapped[bool] = mapped_column(Boolean)  # that work is contracted (or further)
    reached_built: Mapped[bool] = mapped_column(Boolean)       # that work is built
    rejected: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (
        Index("ix_fct_planning_proposals_year_kecamatan", "year", "kecamatan_code"),
        Index("ix_fct_planning_proposals_year_rw", "year", "kelurahan_code", "rw"),
        Index("ix_fct_planning_proposals_year_opd", "year", "opd_code"),
    )


PIPELINE_KEYS = ("year", "kecamatan_code", "kelurahan_code", "item_code", "item_kind", "opd_code")
PIPELINE_MEASURES = tuple(name for stage in STAGES for name in (stage, f"{stage}_cost_rupiah")) + ("repeats",)


class AggPlanningPipeline(WarehouseBase):
    """Per stage: the proposals that reached it and the sum of their estimated cost (whole rupiah);
    `repeats`: the proposals flagged as a possible repeat of an earlier year's."""

    __tablename__ = "agg_planning_pipeline"

    year: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    kecamatan_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    kelurahan_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    item_code: Mapped[str] = mapped_column(String(24), primary_key=True)
    item_kind: Mapped[str] = mapped_column(String(24), primary_key=True)
    opd_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    proposed: Mapped[int] = mapped_column(Integer)
    proposed_cost_rupiah: Mapped[int] = mapped_column(BigInteger)
    verified: Mapped[int] = mapped_column(Integer)
    verified_cost_rupiah: Mapped[int] = mapped_column(BigInteger)
    accepted: Mapped[int] = mapped_column(Integer)
    accepted_cost_rupiah: Mapped[int] = mapped_column(BigInteger)
    prioritised: Mapped[int] = mapped_column(Integer)
    prioritised_cost_rupiah: Mapped[int] = mapped_column(BigInteger)
    planned: Mapped[int] = mapped_column(Integer)
    planned_cost_rupiah: Mapped[int] = mapped_column(BigInteger)
    budgeted: Mapped[int] = mapped_column(Integer)
    budgeted_cost_rupiah: Mapped[int] = mapped_column(BigInteger)
    contracted: Mapped[int] = mapped_column(Integer)
    contracted_cost_rupiah: Mapped[int] = mapped_column(BigInteger)
    built: Mapped[int] = mapped_column(Integer)
    built_cost_rupiah: Mapped[int] = mapped_column(BigInteger)
    rejected: Mapped[int] = mapped_column(Integer)
    rejected_cost_rupiah: Mapped[int] = mapped_column(BigInteger)
    repeats: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_agg_planning_pipeline_year_opd", "year", "opd_code"),)


# The place part of the keys: a batch recounts every reason of the places its proposals were or are in.
REJECTION_PLACE_KEYS = ("year", "kecamatan_code", "kelurahan_code", "opd_code")
REJECTION_KEYS = REJECTION_PLACE_KEYS + ("reason",)
REJECTION_MEASURES = ("proposals", "cost_rupiah")


class AggPlanningRejection(WarehouseBase):
    __tablename__ = "agg_planning_rejections"

    year: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    kecamatan_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    kelurahan_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    opd_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    reason: Mapped[str] = mapped_column(String(32), primary_key=True)  # workflow.REJECTION_REASONS
    proposals: Mapped[int] = mapped_column(Integer)
    cost_rupiah: Mapped[int] = mapped_column(BigInteger)
