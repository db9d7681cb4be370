"""Tables of e-Kinerja (prefix `kinerja_`). Only the service (service.py) writes them.

    kinerja_activities        one line of a person's day: when (a city day, start and end as
                              minutes of that day, so the minutes follow), what was done, its
                              output and volume, what it served (link), its status in the
                              lifecycle (workflow.py) and whether its month is closed (locked)
    kinerja_activity_photos   an activity's evidence photo (at most one; bytes checked by core.photos)
    kinerja_periods           the months that are closed: every activity of the month is locked
    kinerja_scores            a person's quarterly score: the work score from approved minutes, the
                              competence score his supervisor enters, the final score and its band

The OPD and unit are copied onto an activity when it is written: a person who moves to another
OPD leaves his past work where it was done, and the OPD's scope reads it there. About 2.6 million
activity lines a month at city scale (20,000 staff x 6 a day x 22 days): the indexes serve a
person's day, a supervisor's queue (status, staff) and the month's lock (day).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (Boolean, Date, Float, ForeignKey, Index, Integer, LargeBinary, SmallInteger, String,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, BigId, UtcDateTime


class KinerjaActivity(Base):
    __tablename__ = "kinerja_activities"
    __table_args__ = (Index("ix_kinerja_activities_staff_day", "staff_id", "day"),
                      Index("ix_kinerja_activities_status_staff", "status", "staff_id"),
                      Index("ix_kinerja_activities_opd_day", "opd_code", "day"),
                      Index("ix_kinerja_activities_day", "day"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    opd_code: Mapped[str] = mapped_column(ForeignKey("opd.code"))
    unit: Mapped[str] = mapped_column(String(100))
    day: Mapped[date] = mapped_column(Date)                      # the city's day (WIB)
    start_minute: Mapped[int] = mapped_column(SmallInteger)      # 0 .. 1439: minutes after 00:00 of `day`
    end_minute: Mapped[int] = mapped_column(SmallInteger)        # 1 .. 1440 (24:00): after the start
    minutes: Mapped[int] = mapped_column(SmallInteger)           # end_minute - start_minute
    description: Mapped[str] = mapped_column(String(1000))       # what was done
    output: Mapped[str] = mapped_column(String(200))             # its result (a report, a repaired culvert)
    volume: Mapped[int] = mapped_column(Integer)
    output_unit: Mapped[str] = mapped_column(String(32))         # satuan: dokumen, laporan, lokasi ...
    link_kind: Mapped[str | None] = mapped_column(String(16), nullable=True)   # links.LINK_KINDS
    link_ref: Mapped[str | None] = mapped_column(String(64), nullable=True)    # ticket, number, code or id
    status: Mapped[str] = mapped_column(String(12))              # workflow.STATUSES
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)  # the supervisor's username
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    return_note: Mapped[str | None] = mapped_column(String(500), nullable=True)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)  # its month is closed: nothing changes
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class KinerjaActivityPhoto(Base):
    __tablename__ = "kinerja_activity_photos"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("kinerja_activities.id"), unique=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(32))        # detected from the bytes (core/photos.py)
    size_bytes: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class KinerjaPeriod(Base):
    """A closed month ("2026-11"): a row exists only once the month is closed."""

    __tablename__ = "kinerja_periods"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    month: Mapped[str] = mapped_column(String(7), unique=True)
    closed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_by: Mapped[str] = mapped_column(String(64))
    activities_locked: Mapped[int] = mapped_column(Integer)


class KinerjaScore(Base):
    """A person's score of one quarter ("2026-Q4"), written once its three months are closed."""

    __tablename__ = "kinerja_scores"
    __table_args__ = (UniqueConstraint("staff_id", "quarter"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    opd_code: Mapped[str] = mapped_column(ForeignKey("opd.code"))
    quarter: Mapped[str] = mapped_column(String(7))
    working_days: Mapped[int] = mapped_column(SmallInteger)
    approved_minutes: Mapped[int] = mapped_column(Integer)
    target_minutes: Mapped[int] = mapped_column(Integer)
    work_score: Mapped[float] = mapped_column(Float)             # 0 .. 100, two decimals
    competence_score: Mapped[float] = mapped_column(Float)       # 0 .. 100, entered by the supervisor
    final_score: Mapped[float] = mapped_column(Float)
    band: Mapped[str] = mapped_column(String(20))                # scores.BANDS
    scored_by: Mapped[str] = mapped_column(String(64))
    scored_at: Mapped[datetime] = mapped_column(UtcDateTime)
