"""Complaint mart tables.

- `fct_complaints`: one row per complaint, its latest state, with SLA outcomes worked out.
- `agg_complaints_daily`: counts by received day x kecamatan x kelurahan x OPD x category x
  channel, so date-bounded questions never scan the facts. Unknown keys are stored as '' (a key
  column cannot hold NULL).
- `agg_complaints_slices`: the daily aggregate summed over all keys but one: per day, one row per
  kecamatan, per OPD, per category, per channel, and the city's total (dimension 'all', code '').
  At city scale the daily aggregate has about as many rows as there are complaints (the cube is
  sparse); a slice has ~70 rows a day whatever the volume, so the questions asked most (the wall,
  the KPI page, the complaints page before a filter is chosen) read a few thousand rows for a year.
- `agg_complaints_pairs`: the same summed over all keys but two, for the pairs the complaints page
  crosses (one OPD's complaints per kecamatan, a kecamatan's per kelurahan ...): a filter's figures
  read some thousand rows for 30 days, however many complaints there were.
- `agg_complaints_pairs_monthly`: the pairs summed per calendar month, so a year's filtered figure
  reads twelve months' rows and the days around them instead of 366 days' rows.
- `agg_complaints_response_daily`: the minutes to first response, per day and slice (the slices'
  dimensions and codes), as sorted arrays, so the median of a period is exact and reads one row a
  day instead of sorting the period's facts (data/value_arrays.py says why arrays).
The live open queue is `fct_complaints` where `is_open`, indexed by SLA due time.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, Index, Integer, LargeBinary, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import BigId, UtcDateTime, WarehouseBase

SLA_MET, SLA_BREACHED, SLA_PENDING = "met", "breached", "pending"


TRIAGE_OPD = ""  # the marts' OPD code of a complaint no OPD holds yet: the command center's triage queue


class FctComplaint(WarehouseBase):
    __tablename__ = "fct_complaints"

    complaint_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    ticket: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(32))
    category_code: Mapped[str] = mapped_column(String(32))
    opd_code: Mapped[str] = mapped_column(String(32))          # TRIAGE_OPD while in the triage queue
    status: Mapped[str] = mapped_column(String(16))
    is_open: Mapped[bool] = mapped_column(Boolean)
    kecamatan_code: Mapped[str] = mapped_column(String(16))    # '' when only an address is known
    kelurahan_code: Mapped[str] = mapped_column(String(16))
    rw: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)  # as the citizen gave it; NULL: not given
    rt: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    received_day: Mapped[date] = mapped_column(Date)           # in Asia/Jakarta, the city's day
    first_response_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    feedback_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    first_response_due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    feedback_due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    minutes_to_first_response: Mapped[float | None] = mapped_column(Float, nullable=True)
    minutes_to_feedback: Mapped[float | None] = mapped_column(Float, nullable=True)
    first_response_sla: Mapped[str] = mapped_column(String(8))  # met | breached | pending
    feedback_sla: Mapped[str] = mapped_column(String(8))
    duplicate_of_id: Mapped[int | None] = mapped_column(BigId, nullable=True)
    rejection_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        Index("ix_fct_complaints_day_kecamatan", "received_day", "kecamatan_code"),
        Index("ix_fct_complaints_open_due", "is_open", "first_response_due_at"),
        Index("ix_fct_complaints_open_opd", "is_open", "opd_code", "received_day"),  # an OPD's open queue, backlog
        Index("ix_fct_complaints_opd_day", "opd_code", "received_day"),
        Index("ix_fct_complaints_received", "received_at", "complaint_id"),  # the newest complaints
        Index("ix_fct_complaints_day_minutes", "received_day", "minutes_to_first_response"),  # median, index only
        Index("ix_fct_complaints_status_day", "status", "received_day"),  # a status filter
        Index("ix_fct_complaints_kelurahan_rw", "kelurahan_code", "rw"),  # an RT/RW head's scope
    )


AGG_KEYS = ("day", "kecamatan_code", "kelurahan_code", "opd_code", "category_code", "channel")
AGG_MEASURES = ("received", "open", "responded", "response_met", "response_breached", "feedback_given",
                "feedback_met", "feedback_breached", "resolved", "response_minutes_sum")


class ComplaintMeasures:
    """The counts every complaint aggregate keeps (AGG_MEASURES), whatever its keys."""

    received: Mapped[int] = mapped_column(Integer)
    open: Mapped[int] = mapped_column(Integer)
    responded: Mapped[int] = mapped_column(Integer)
    response_met: Mapped[int] = mapped_column(Integer)
    response_breached: Mapped[int] = mapped_column(Integer)
    feedback_given: Mapped[int] = mapped_column(Integer)
    feedback_met: Mapped[int] = mapped_column(Integer)
    feedback_breached: Mapped[int] = mapped_column(Integer)
    resolved: Mapped[int] = mapped_column(Integer)
    response_minutes_sum: Mapped[float] = mapped_column(Float)


class AggComplaintsDaily(ComplaintMeasures, WarehouseBase):
    __tablename__ = "agg_complaints_daily"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kecamatan_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    kelurahan_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    opd_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    category_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    channel: Mapped[str] = mapped_column(String(32), primary_key=True)


SLICE_DIMENSIONS = {"kecamatan": "kecamatan_code", "opd": "opd_code", "category": "category_code",
                    "channel": "channel"}
ALL = "all"  # the slice of the city's day totals
SLICE_KEYS = ("dimension", "day", "code")


class AggComplaintsSlices(ComplaintMeasures, WarehouseBase):
    __tablename__ = "agg_complaints_slices"

    dimension: Mapped[str] = mapped_column(String(16), primary_key=True)  # a SLICE_DIMENSIONS key, or 'all'
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), primary_key=True)       # the dimension's value ('' for 'all')


# The pairs the complaints page crosses: one dimension chosen in a filter (a kecamatan by drilling
# the map), the figure grouped by another. Both ways round are kept: each is read by its own key.
PAIR_DIMENSIONS = {**SLICE_DIMENSIONS, "kelurahan": "kelurahan_code"}
PAIRS = (("opd", "kecamatan"), ("opd", "category"), ("opd", "channel"),
         ("category", "kecamatan"), ("category", "opd"), ("category", "channel"),
         ("channel", "kecamatan"), ("channel", "opd"), ("channel", "category"),
         ("kecamatan", "kelurahan"), ("kecamatan", "opd"), ("kecamatan", "category"), ("kecamatan", "channel"),
         ("category", "kelurahan"))  # the last: Peta Kebijakan's category per kelurahan
PAIR_KEYS = ("dimension", "by_dimension", "code", "day", "by_code")


class AggComplaintsPairs(ComplaintMeasures, WarehouseBase):
    """The daily aggregate summed over all keys but two (PAIRS): the complaints of `dimension` =
    `code` received on `day`, per value `by_code` of `by_dimension`. One OPD's complaints per
    kecamatan for 30 days are some 900 rows here, whatever the volume, where the daily aggregate
    holds a row per complaint, nearly (a filter then reads the whole period's rows)."""

    __tablename__ = "agg_complaints_pairs"

    dimension: Mapped[str] = mapped_column(String(16), primary_key=True)     # the chosen one (PAIRS' first)
    by_dimension: Mapped[str] = mapped_column(String(16), primary_key=True)  # the grouped one (PAIRS' second)
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    by_code: Mapped[str] = mapped_column(String(32), primary_key=True)

    # SQLite keeps the rows in the primary key's order (no second copy of the key in an index); the
    # ETL rewrites the days a batch touched through the day index
    __table_args__ = (Index("ix_agg_complaints_pairs_day", "day"), {"sqlite_with_rowid": False})


PAIR_MONTH_KEYS = ("dimension", "by_dimension", "code", "month", "by_code")


class AggComplaintsPairsMonthly(ComplaintMeasures, WarehouseBase):
    """agg_complaints_pairs summed per calendar month (`month` is its first day). The ETL keeps it
    by difference: the pair rows of the days a batch rewrites, summed per month before and after,
    are added to their months (etl/complaints/aggregates.py), so a batch of today's complaints
    touches a few hundred rows, not the month's."""

    __tablename__ = "agg_complaints_pairs_monthly"

    dimension: Mapped[str] = mapped_column(String(16), primary_key=True)
    by_dimension: Mapped[str] = mapped_column(String(16), primary_key=True)
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    by_code: Mapped[str] = mapped_column(String(32), primary_key=True)

    __table_args__ = ({"sqlite_with_rowid": False},)


class AggComplaintsResponseDaily(WarehouseBase):
    """The minutes to first response of the complaints received on `day` (WIB) whose slice
    `dimension` is `code` (as agg_complaints_slices: 'all' with code '' for every complaint), `n`
    of them, sorted and packed by data/value_arrays.pack. Only responded complaints count."""

    __tablename__ = "agg_complaints_response_daily"

    dimension: Mapped[str] = mapped_column(String(16), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
    response_minutes: Mapped[bytes] = mapped_column(LargeBinary)


COMPLAINT_MARTS = ("complaints",)  # the mart version the pages watch


class DimCategory(WarehouseBase):
    __tablename__ = "dim_complaint_category"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    opd_code: Mapped[str] = mapped_column(String(32))
    typical_share: Mapped[float] = mapped_column(Float)
