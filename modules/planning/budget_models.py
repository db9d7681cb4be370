"""Tables of the planning module, part two: the annual plan (RKPD), the budget (APBD / DPA), its
realisation (payments) and the physical works with their progress reports. Money is whole rupiah
(models.Rupiah). Only the service layer (plan.py, budget.py, realisation.py, works.py) writes them;
budget_snapshot.py logs each write.

Codes are checked by codes.py before they reach a row: sub kegiatan `U.BB.PP.D.KK.SSSS` (a row of
planning_nomenclature at level sub_kegiatan), accounts (kode rekening) `5.1.02.01.01.0024`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (Boolean, Date, Float, ForeignKey, Index, Integer, LargeBinary, SmallInteger, String, Text,
                        UniqueConstraint, text)
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, BigId, UtcDateTime
from modules.planning.models import Rupiah

# A work's lifecycle (works.py moves it): planned --contract--> contracted --first progress--> in_progress
# --100 %--> built. Here, by its column, so the messages' Indonesian names need not import the service.
WORK_PLANNED, WORK_CONTRACTED, WORK_IN_PROGRESS, WORK_BUILT = "planned", "contracted", "in_progress", "built"
WORK_STATUSES = (WORK_PLANNED, WORK_CONTRACTED, WORK_IN_PROGRESS, WORK_BUILT)
WORK_STATUS_NAMES = {WORK_PLANNED: "Direncanakan", WORK_CONTRACTED: "Terkontrak", WORK_IN_PROGRESS: "Dikerjakan",
                     WORK_BUILT: "Selesai dibangun"}


# --- the plan (RKPD) ----------------------------------------------------------------------------

class PlanningPlanItem(Base):
    """One sub kegiatan of one OPD in the plan of `year`, with its indicator, target and
    indicative ceiling; accepted proposals of the round of `year - 1` are linked to it."""

    __tablename__ = "planning_plan_items"
    __table_args__ = (UniqueConstraint("year", "opd_code", "sub_kegiatan_code"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    year: Mapped[int] = mapped_column(SmallInteger, index=True)
    opd_code: Mapped[str] = mapped_column(ForeignKey("opd.code"))
    sub_kegiatan_code: Mapped[str] = mapped_column(ForeignKey("planning_nomenclature.code"))
    indicator: Mapped[str] = mapped_column(String(300))
    target_value: Mapped[float] = mapped_column(Float)
    target_unit: Mapped[str] = mapped_column(String(32))
    indicative_ceiling_rupiah: Mapped[int] = mapped_column(Rupiah)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


# --- the budget (APBD / DPA) ---------------------------------------------------------------------

class PlanningBudgetVersion(Base):
    """A budget of `year`: `murni` (as adopted) or `perubahan` (as amended). One version of a year
    is current (a partial unique index holds it on both backends); payments go to its lines."""

    __tablename__ = "planning_budget_versions"
    __table_args__ = (UniqueConstraint("year", "version"),
                      Index("uq_planning_budget_versions_current_year", "year", unique=True,
                            sqlite_where=text("is_current"), postgresql_where=text("is_current")),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    year: Mapped[int] = mapped_column(SmallInteger)
    version: Mapped[str] = mapped_column(String(16))              # budget.VERSIONS: murni | perubahan
    adopted_on: Mapped[date | None] = mapped_column(Date)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PlanningBudgetLine(Base):
    """A line of the DPA: a sub kegiatan of an OPD x an account (kode rekening) x its ceiling."""

    __tablename__ = "planning_budget_lines"
    __table_args__ = (UniqueConstraint("version_id", "opd_code", "sub_kegiatan_code", "account_code"),
                      Index("ix_planning_budget_lines_opd", "version_id", "opd_code"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("planning_budget_versions.id"))
    opd_code: Mapped[str] = mapped_column(ForeignKey("opd.code"))
    sub_kegiatan_code: Mapped[str] = mapped_column(ForeignKey("planning_nomenclature.code"))
    account_code: Mapped[str] = mapped_column(String(24))         # 5.1.02.01.01.0024
    account_name: Mapped[str] = mapped_column(String(300))
    ceiling_rupiah: Mapped[int] = mapped_column(Rupiah)


# --- realisation --------------------------------------------------------------------------------

class PlanningPayment(Base):
    """Money paid on a budget line (an SP2D), entered by the line's OPD."""

    __tablename__ = "planning_payments"
    __table_args__ = (Index("ix_planning_payments_line_paid", "line_id", "paid_on"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("planning_budget_lines.id"))
    paid_on: Mapped[date] = mapped_column(Date)
    amount_rupiah: Mapped[int] = mapped_column(Rupiah)
    reference: Mapped[str] = mapped_column(String(64))            # the SP2D number
    entered_by: Mapped[str] = mapped_column(String(64))           # a staff username: never in the change log
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PlanningWork(Base):
    """A physical work (pekerjaan) an OPD builds under a plan item (and, once budgeted, a line of
    it); proposals are linked to it. `status` is one of WORK_STATUSES; `progress_percent` is
    the latest report's."""

    __tablename__ = "planning_works"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)  # PKJ-2027-000045
    year: Mapped[int] = mapped_column(SmallInteger, index=True)
    opd_code: Mapped[str] = mapped_column(ForeignKey("opd.code"))
    plan_item_id: Mapped[int] = mapped_column(ForeignKey("planning_plan_items.id"), index=True)
    line_id: Mapped[int | None] = mapped_column(ForeignKey("planning_budget_lines.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    kelurahan_code: Mapped[str | None] = mapped_column(ForeignKey("kelurahan.code"))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    contract_value_rupiah: Mapped[int | None] = mapped_column(Rupiah)
    contracted_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))               # WORK_STATUSES
    progress_percent: Mapped[float] = mapped_column(Float, default=0.0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PlanningProgressReport(Base):
    """A dated physical progress report of a work (percent, note), optionally with a photo whose
    bytes core/photos.py checked."""

    __tablename__ = "planning_progress_reports"
    __table_args__ = (Index("ix_planning_progress_reports_work_day", "work_id", "reported_on"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    work_id: Mapped[int] = mapped_column(ForeignKey("planning_works.id"))
    reported_on: Mapped[date] = mapped_column(Date)
    percent: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(64))
    photo_filename: Mapped[str | None] = mapped_column(String(200))
    photo_content_type: Mapped[str | None] = mapped_column(String(32))
    photo_size_bytes: Mapped[int | None] = mapped_column(Integer)
    photo_data: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
