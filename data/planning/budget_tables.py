"""Planning budget mart tables (mart `planning_budget`), built from the change log's
planning_budget_line, planning_payment and planning_work snapshots (etl/planning/budget_job.py;
contract: modules/planning/budget_snapshot.py), or on a full refresh from the module's tables
through the domain's extract.

- `fct_planning_budget_lines`: one row per budget line of every version (murni, perubahan), its
  latest snapshot with `version` and `is_current`; `account_group` is the account code's first two
  levels (5.1 belanja operasi, 5.2 belanja modal ...).
- `fct_planning_payments`: one row per payment (SP2D), with the line's OPD, sub kegiatan and
  account, the month it was paid in.
- `fct_planning_works`: one row per work with its progress, its weight in the sub kegiatan's
  physical progress (contract value, else the line's ceiling: works.py's roll-up) and, once built,
  when it was completed.
- `agg_planning_budget_monthly`: per year x month (1..12) x OPD x account group: the ceiling of the
  current version, what was paid in the month and up to its end (the S-curve's points).
- `agg_planning_progress`: per year x OPD x sub kegiatan: the current ceiling, what was paid, the
  works and their weighted progress (physical against financial).
Only the OPD scope filters them (opd_code); they carry no district.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, Float, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UtcDateTime, WarehouseBase

BUDGET_MART = "planning_budget"
BUDGET_MARTS = (BUDGET_MART,)
ACCOUNT_GROUP_PARTS = 2  # 5.1.02.01.01.0024 -> 5.1
MONTHS = tuple(range(1, 13))


class FctPlanningBudgetLine(WarehouseBase):
    __tablename__ = "fct_planning_budget_lines"

    line_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    version_id: Mapped[int] = mapped_column(BigInteger)
    version: Mapped[str] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(SmallInteger)
    is_current: Mapped[bool] = mapped_column(Boolean)
    opd_code: Mapped[str] = mapped_column(String(32))
    sub_kegiatan_code: Mapped[str] = mapped_column(String(24))
    program_code: Mapped[str] = mapped_column(String(24))
    kegiatan_code: Mapped[str] = mapped_column(String(24))
    account_code: Mapped[str] = mapped_column(String(24))
    account_group: Mapped[str] = mapped_column(String(8))
    account_name: Mapped[str] = mapped_column(String(300))
    ceiling_rupiah: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_fct_planning_budget_lines_year_opd", "year", "opd_code"),)


class FctPlanningPayment(WarehouseBase):
    __tablename__ = "fct_planning_payments"

    payment_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    line_id: Mapped[int] = mapped_column(BigInteger)
    version_id: Mapped[int] = mapped_column(BigInteger)
    year: Mapped[int] = mapped_column(SmallInteger)
    month: Mapped[int] = mapped_column(SmallInteger)
    opd_code: Mapped[str] = mapped_column(String(32))
    sub_kegiatan_code: Mapped[str] = mapped_column(String(24))
    account_code: Mapped[str] = mapped_column(String(24))
    account_group: Mapped[str] = mapped_column(String(8))
    paid_on: Mapped[date] = mapped_column(Date)
    amount_rupiah: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_fct_planning_payments_year_opd", "year", "opd_code"),
                      Index("ix_fct_planning_payments_line", "line_id"))


class FctPlanningWork(WarehouseBase):
    __tablename__ = "fct_planning_works"

    work_number: Mapped[str] = mapped_column(String(24), primary_key=True)
    year: Mapped[int] = mapped_column(SmallInteger)
    opd_code: Mapped[str] = mapped_column(String(32))
    plan_item_id: Mapped[int] = mapped_column(BigInteger)
    sub_kegiatan_code: Mapped[str] = mapped_column(String(24))
    line_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    kelurahan_code: Mapped[str | None] = mapped_column(String(16), nullable=True)
    kecamatan_code: Mapped[str | None] = mapped_column(String(16), nullable=True)
    contract_value_rupiah: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    progress_percent: Mapped[float] = mapped_column(Float)
    last_reported_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)  # when it was built

    __table_args__ = (Index("ix_fct_planning_works_year_opd", "year", "opd_code"),)


class AggPlanningBudgetMonthly(WarehouseBase):
    __tablename__ = "agg_planning_budget_monthly"

    year: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    month: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    opd_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    account_group: Mapped[str] = mapped_column(String(8), primary_key=True)
    ceiling_rupiah: Mapped[int] = mapped_column(BigInteger)              # the current version's
    realised_rupiah: Mapped[int] = mapped_column(BigInteger)             # paid in the month
    realised_cumulative_rupiah: Mapped[int] = mapped_column(BigInteger)  # paid from January to the month's end


class AggPlanningProgress(WarehouseBase):
    """Physical progress = weighted_progress / weight_rupiah (the works' progress weighted by their
    contract value or line ceiling), or progress_sum / works when no work weighs anything;
    financial progress = paid_rupiah / ceiling_rupiah."""

    __tablename__ = "agg_planning_progress"

    year: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    opd_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    sub_kegiatan_code: Mapped[str] = mapped_column(String(24), primary_key=True)
    ceiling_rupiah: Mapped[int] = mapped_column(BigInteger)
    paid_rupiah: Mapped[int] = mapped_column(BigInteger)
    works: Mapped[int] = mapped_column(Integer)
    works_built: Mapped[int] = mapped_column(Integer)
    weight_rupiah: Mapped[int] = mapped_column(BigInteger)
    weighted_progress: Mapped[float] = mapped_column(Float)  # sum of percent x weight
    progress_sum: Mapped[float] = mapped_column(Float)       # sum of percent


BUDGET_TABLES = (FctPlanningBudgetLine, FctPlanningPayment, FctPlanningWork, AggPlanningBudgetMonthly,
                 AggPlanningProgress)
