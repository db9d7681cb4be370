"""e-Kinerja mart tables, built from the change log's `kinerja_activity`, `kinerja_period` and
`kinerja_score` snapshots (etl/kinerja), or on a full refresh from the module's tables through the
domain's extract (modules/kinerja/extract.py).

- `fct_kinerja_activities`: one row per activity (its latest snapshot; a deleted one leaves): the
  staff id (pseudonymous), OPD, unit, the city day and its month, minutes, status, link kind and
  whether it names a case, whether it has a photo, the times of its steps and the approval latency
  (submitted -> decided, whole minutes, for a decided activity).
- `fct_kinerja_periods`: one row per closed month ("2026-11"). The lock is the month's, never
  written into the facts (2.6 million activities a month at city scale): an activity is locked when
  `fct_kinerja_activities.month` is in this table (join on month). It has no OPD: a city-wide table
  (core.domains.Mart.city_wide_tables); the daily aggregate carries `locked` for every scope.
- `agg_kinerja_daily`: per city day x OPD x unit: staff who reported (distinct staff with an
  activity submitted, approved or locked that day), activities, minutes submitted (submitted or
  approved), minutes approved, activities linked to a case, awaiting approval (submitted, month
  not closed), and whether the day's month is closed. Recomputed whole from the facts per key a
  batch touched (and per month a closing touched).
- `fct_kinerja_scores`: one row per quarterly score: staff id, OPD, quarter, the scores and band.

Approval per supervisor: the snapshots carry no supervisor. Read it at query time from the staff
mart (`fct_staff.supervisor_id`, data/staff/tables.py), joining `fct_kinerja_activities.staff_id =
fct_staff.staff_id` (the current supervisor, not the one who decided).

Nothing personal: no name, NIP, description, output or note reaches any table here.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, Float, Index, Integer, SmallInteger, String, text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UtcDateTime, WarehouseBase
from modules.kinerja.links import LINK_KINDS
from modules.kinerja.workflow import SUBMITTED

KINERJA_MART = "kinerja"
KINERJA_MARTS = (KINERJA_MART,)  # the mart versions the pages watch

AWAITING_SQL = f"status = '{SUBMITTED}'"  # a line awaiting its supervisor's decision (the partial index's)

DAILY_KEYS = ("day", "opd_code", "unit")
LINKED_BY_KIND = {kind: f"linked_{kind}" for kind in LINK_KINDS}  # the daily column counting each kind
DAILY_MEASURES = ("staff_reported", "activities", "minutes_submitted", "minutes_approved", "activities_linked",
                  "awaiting_approval", "activities_decided", "approval_minutes", *LINKED_BY_KIND.values())


def month_of(day: date) -> str:
    """The period's month ("2026-11") of a city day: what fct_kinerja_activities.month holds."""
    return f"{day.year:04d}-{day.month:02d}"


class FctKinerjaActivity(WarehouseBase):
    __tablename__ = "fct_kinerja_activities"

    activity_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    staff_id: Mapped[int] = mapped_column(BigInteger)
    opd_code: Mapped[str] = mapped_column(String(32))
    unit: Mapped[str] = mapped_column(String(100))
    day: Mapped[date] = mapped_column(Date)                     # the city's day (WIB)
    month: Mapped[str] = mapped_column(String(7))               # "2026-11": joins fct_kinerja_periods
    start_minute: Mapped[int] = mapped_column(SmallInteger)
    end_minute: Mapped[int] = mapped_column(SmallInteger)
    minutes: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12))             # modules/kinerja/workflow.py STATUSES
    link_kind: Mapped[str | None] = mapped_column(String(16), nullable=True)  # modules/kinerja/links.py
    has_link: Mapped[bool] = mapped_column(Boolean)
    has_photo: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    approval_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)  # approved or returned only
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        # an OPD's days (compliance, the daily rebuild), the backlog (below), a person's days
        # (per supervisor through fct_staff), a month's (the rebuild when it closes), a period's
        Index("ix_fct_kinerja_activities_opd_day", "opd_code", "day", "unit"),
        # the backlog: only the lines awaiting a decision (a few days' worth of a quarter), with every
        # column its counts read, so per OPD or per supervisor it is read from this index alone; a
        # query uses it when it names the status as this literal (data/kinerja/queries.AWAITING)
        Index("ix_fct_kinerja_activities_awaiting", "opd_code", "month", "submitted_at", "staff_id",
              postgresql_where=text(AWAITING_SQL), sqlite_where=text(AWAITING_SQL)),
        Index("ix_fct_kinerja_activities_staff_day", "staff_id", "day"),
        Index("ix_fct_kinerja_activities_month", "month"),
        Index("ix_fct_kinerja_activities_day", "day"),
    )


class FctKinerjaPeriod(WarehouseBase):
    """A closed month: every activity of it is locked."""

    __tablename__ = "fct_kinerja_periods"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    closed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    activities_locked: Mapped[int] = mapped_column(Integer)


class AggKinerjaDaily(WarehouseBase):
    __tablename__ = "agg_kinerja_daily"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    opd_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    unit: Mapped[str] = mapped_column(String(100), primary_key=True)
    staff_reported: Mapped[int] = mapped_column(Integer)
    activities: Mapped[int] = mapped_column(Integer)
    minutes_submitted: Mapped[int] = mapped_column(Integer)
    minutes_approved: Mapped[int] = mapped_column(Integer)
    activities_linked: Mapped[int] = mapped_column(Integer)
    awaiting_approval: Mapped[int] = mapped_column(Integer)
    activities_decided: Mapped[int] = mapped_column(Integer)    # approved or returned, with a latency
    approval_minutes: Mapped[int] = mapped_column(BigInteger)   # their latencies summed
    linked_sub_kegiatan: Mapped[int] = mapped_column(Integer)   # LINKED_BY_KIND: one per LINK_KINDS
    linked_complaint: Mapped[int] = mapped_column(Integer)
    linked_incident: Mapped[int] = mapped_column(Integer)
    linked_letter: Mapped[int] = mapped_column(Integer)
    locked: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (Index("ix_agg_kinerja_daily_opd_day", "opd_code", "day"),)


class FctKinerjaScore(WarehouseBase):
    __tablename__ = "fct_kinerja_scores"

    score_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    staff_id: Mapped[int] = mapped_column(BigInteger)
    opd_code: Mapped[str] = mapped_column(String(32))
    quarter: Mapped[str] = mapped_column(String(7))             # "2026-Q3"
    working_days: Mapped[int] = mapped_column(Integer)
    approved_minutes: Mapped[int] = mapped_column(Integer)
    target_minutes: Mapped[int] = mapped_column(Integer)
    work_score: Mapped[float] = mapped_column(Float)
    competence_score: Mapped[float] = mapped_column(Float)
    final_score: Mapped[float] = mapped_column(Float)
    band: Mapped[str] = mapped_column(String(20))               # modules/kinerja/scores.py BANDS
    scored_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        Index("ix_fct_kinerja_scores_opd_quarter", "opd_code", "quarter"),
        Index("ix_fct_kinerja_scores_quarter_band", "quarter", "band"),
    )
