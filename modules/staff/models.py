"""Tables of the staff registry (prefix `staff`). Only the service writes them.

    staff      one row per person: NIP (unique), name, OPD and unit, position, supervisor (the
               hierarchy: a supervisor's subtree is everyone below him), the Pantau user he signs
               in as (at most one user per person), active or not

The NIP identifies a civil servant (Peraturan BKN: 18 digits, birth date, appointment month, sex
and serial; modules/staff/nip.py checks it); contract staff carry none, so it may be empty. The
registry is not personal data in the Sipandu sense (a NIP is printed on every letter a civil
servant signs), yet the marts carry the staff id only.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, BigId, UtcDateTime


class Staff(Base):
    __tablename__ = "staff"
    __table_args__ = (Index("ix_staff_opd_unit", "opd_code", "unit"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    nip: Mapped[str | None] = mapped_column(String(18), unique=True, nullable=True)  # None: contract staff
    name: Mapped[str] = mapped_column(String(100))
    opd_code: Mapped[str] = mapped_column(ForeignKey("opd.code"))
    unit: Mapped[str] = mapped_column(String(100))             # bidang / seksi / UPTD within the OPD
    position: Mapped[str] = mapped_column(String(100))         # jabatan
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
