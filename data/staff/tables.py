"""The staff registry's mart, built from the change log's `staff` snapshots (etl/staff), or on a
full refresh from the module's table through the domain's extract (modules/staff/extract.py).

- `fct_staff`: one row per person (the registry's id, pseudonymous): OPD, unit, supervisor (a
  staff id), whether active and whether a Pantau user is linked, the last change. e-Kinerja's
  compliance counts, per OPD and unit, the active staff who should report; e-Office the people per
  OPD; approval per supervisor joins `supervisor_id` at read time.

Nothing personal: no name, NIP or position (the snapshot carries none).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UtcDateTime, WarehouseBase

STAFF_MART = "staff"
STAFF_MARTS = (STAFF_MART,)  # the mart versions the pages watch


class FctStaff(WarehouseBase):
    __tablename__ = "fct_staff"

    staff_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    opd_code: Mapped[str] = mapped_column(String(32))
    unit: Mapped[str] = mapped_column(String(100))
    supervisor_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean)
    has_user: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    __table_args__ = (
        # an OPD's (and unit's) active people: the compliance denominators; a supervisor's team
        Index("ix_fct_staff_opd_unit", "opd_code", "unit", "active"),
        Index("ix_fct_staff_supervisor", "supervisor_id"),
    )
