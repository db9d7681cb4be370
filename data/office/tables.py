"""e-Office mart tables, built from the change log's `office_letter` and `office_disposition`
snapshots (etl/office), or on a full refresh from the module's tables through the domain's extract
(modules/office/extract.py).

- `fct_office_letters`: one row per letter (its latest snapshot): direction, OPD, status,
  classification, security level, letter and due dates, the number's year, the link kind, how many
  recipients and how many of them read it, the time of every step, and the city day (WIB) of its
  creation (registered or drafted), of its completion (incoming: followed up; outgoing: sent) and
  of its archiving, with the minutes from creation to completion. Letters by state, age and OPD,
  and the KPI "letters overdue per OPD" (open, due_date before today), are read here: an age or an
  overdue count depends on today, so no aggregate stores it (index ix_fct_office_letters_state).
- `fct_office_dispositions`: one row per disposition: letter, OPD, parent, from and to (staff ids),
  status, due date, created / read / done / withdrawn times, their city days, and the turnaround in
  whole minutes from creation to reading and to done.
- `agg_office_daily`: per city day x OPD x direction (DAILY_MEASURES): letters created, completed
  and archived that day, with the sum of the completed letters' minutes; dispositions made, read
  and done that day, with the sums of their minutes to read and to done. Dispositions belong to
  incoming letters: they count under direction "incoming". Means are sum / count over any range of
  days; medians need the facts. Recomputed whole from the facts for the keys a batch touched
  (before and after), never by deltas.

Nothing personal: no subject, correspondent, instruction, note, reference number or attachment
(the snapshots carry none); staff appear as the registry's ids only.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UtcDateTime, WarehouseBase

OFFICE_MART = "office"
OFFICE_MARTS = (OFFICE_MART,)  # the mart versions the pages watch

STEP_TIMES = ("created_at", "distributed_at", "first_read_at", "disposed_at", "followed_up_at", "submitted_at",
              "returned_at", "signed_at", "numbered_at", "sent_at", "archived_at", "updated_at")
DAILY_KEYS = ("day", "opd_code", "direction")
DAILY_MEASURES = ("letters_created", "letters_done", "letters_done_minutes", "letters_archived",
                  "dispositions_made", "dispositions_read", "dispositions_read_minutes", "dispositions_done",
                  "dispositions_done_minutes")
# the facts' day columns each letter or disposition counts in
LETTER_DAYS = ("created_day", "done_day", "archived_day")
DISPOSITION_DAYS = ("created_day", "read_day", "done_day")


class FctOfficeLetter(WarehouseBase):
    __tablename__ = "fct_office_letters"

    letter_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    direction: Mapped[str] = mapped_column(String(8))           # incoming | outgoing
    opd_code: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))             # modules/office/workflow.py
    classification: Mapped[str] = mapped_column(String(32))
    security: Mapped[str] = mapped_column(String(10))
    letter_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    number_year: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    link_kind: Mapped[str | None] = mapped_column(String(12), nullable=True)
    recipients: Mapped[int] = mapped_column(Integer)
    recipients_read: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    distributed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    first_read_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    disposed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    followed_up_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    returned_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    signed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    numbered_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    archived_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)  # followed up / sent
    done_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)      # created -> done
    created_day: Mapped[date] = mapped_column(Date)             # the city's days (WIB)
    done_day: Mapped[date | None] = mapped_column(Date, nullable=True)
    archived_day: Mapped[date | None] = mapped_column(Date, nullable=True)

    __table_args__ = (
        # the open letters (modules/office/workflow.open_condition names their statuses) with every
        # column the ageing and the overdue counts read: read from this index alone; by day (the rebuild)
        Index("ix_fct_office_letters_state", "status", "direction", "opd_code", "due_date", "created_at"),
        Index("ix_fct_office_letters_opd_created", "opd_code", "created_day"),
        Index("ix_fct_office_letters_created", "created_at"),
    )


class FctOfficeDisposition(WarehouseBase):
    __tablename__ = "fct_office_dispositions"

    disposition_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    letter_id: Mapped[int] = mapped_column(BigInteger)
    opd_code: Mapped[str] = mapped_column(String(32))
    parent_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    from_staff_id: Mapped[int] = mapped_column(BigInteger)
    to_staff_id: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(10))             # unread | read | done | withdrawn
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    read_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)   # created -> read
    done_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)   # created -> done
    created_day: Mapped[date] = mapped_column(Date)
    read_day: Mapped[date | None] = mapped_column(Date, nullable=True)
    done_day: Mapped[date | None] = mapped_column(Date, nullable=True)

    __table_args__ = (
        Index("ix_fct_office_dispositions_letter", "letter_id"),
        Index("ix_fct_office_dispositions_opd_status", "opd_code", "status", "due_date"),
        Index("ix_fct_office_dispositions_to", "to_staff_id", "status"),
        Index("ix_fct_office_dispositions_opd_created", "opd_code", "created_day"),
    )


class AggOfficeDaily(WarehouseBase):
    """Per city day, OPD and direction (see the module's docstring for each measure)."""

    __tablename__ = "agg_office_daily"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    opd_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    direction: Mapped[str] = mapped_column(String(8), primary_key=True)
    letters_created: Mapped[int] = mapped_column(Integer)
    letters_done: Mapped[int] = mapped_column(Integer)
    letters_done_minutes: Mapped[int] = mapped_column(BigInteger)
    letters_archived: Mapped[int] = mapped_column(Integer)
    dispositions_made: Mapped[int] = mapped_column(Integer)
    dispositions_read: Mapped[int] = mapped_column(Integer)
    dispositions_read_minutes: Mapped[int] = mapped_column(BigInteger)
    dispositions_done: Mapped[int] = mapped_column(Integer)
    dispositions_done_minutes: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_agg_office_daily_opd_day", "opd_code", "day"),)
