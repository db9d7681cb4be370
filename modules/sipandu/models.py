"""Tables of the Sipandu module (prefix `sipandu_`). Only the service (service.py and the modules
it names) writes them.

Personal data by design (UU PDP 27/2022): a NIK or KK number is never stored in plain text. Each is
kept twice: `*_cipher`, AES-GCM under the key ring (protection.py), to show it to someone allowed,
and `*_index`, a keyed hash (blind index), to find it. Names, birth dates and addresses stay in
these tables: the change log, the marts, caches and the wall carry the pseudonymous ids and the
area only (snapshot.py).

    sipandu_residents      the permanent population of each RT (a Dukcapil-style extract)
    sipandu_kos            boarding houses: owner, capacity, RT
    sipandu_newcomers      non-permanent residents: arrival, verification, departure or expiry
    sipandu_access_log     who saw a NIK in full or exported what is held on one, whose, why, when
    sipandu_deletions      the records the retention deleted (pseudonymous ids only)
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, BigId, UtcDateTime

CIPHER = String(160)  # "v1:<key id>:<base64 of nonce, 16 digits and tag>" is about 70 characters
BLIND_INDEX = String(64)  # hex HMAC-SHA256


class SipanduResident(Base):
    """A permanent resident of an RT, as the last imported extract of his kelurahan says."""

    __tablename__ = "sipandu_residents"
    __table_args__ = (Index("ix_sipandu_residents_rt", "kelurahan_code", "rw", "rt"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    nik_cipher: Mapped[str] = mapped_column(CIPHER)
    nik_index: Mapped[str] = mapped_column(BLIND_INDEX, unique=True)
    kk_cipher: Mapped[str] = mapped_column(CIPHER)
    kk_index: Mapped[str] = mapped_column(BLIND_INDEX, index=True)
    name: Mapped[str] = mapped_column(String(100))
    sex: Mapped[str] = mapped_column(String(8))  # female | male
    birth_date: Mapped[date] = mapped_column(Date)
    kecamatan_code: Mapped[str] = mapped_column(ForeignKey("kecamatan.code"))
    kelurahan_code: Mapped[str] = mapped_column(ForeignKey("kelurahan.code"))
    rw: Mapped[int] = mapped_column(SmallInteger)
    rt: Mapped[int] = mapped_column(SmallInteger)
    address: Mapped[str] = mapped_column(String(200))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SipanduKos(Base):
    """A boarding house (kos) the kelurahan knows: its capacity says how many newcomers to expect."""

    __tablename__ = "sipandu_kos"
    __table_args__ = (Index("ix_sipandu_kos_rt", "kelurahan_code", "rw", "rt"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)  # KOS-35780710040001: kelurahan + serial
    name: Mapped[str] = mapped_column(String(100))
    owner_name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(200))
    kecamatan_code: Mapped[str] = mapped_column(ForeignKey("kecamatan.code"))
    kelurahan_code: Mapped[str] = mapped_column(ForeignKey("kelurahan.code"))
    rw: Mapped[int] = mapped_column(SmallInteger)
    rt: Mapped[int] = mapped_column(SmallInteger)
    capacity: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SipanduNewcomer(Base):
    """A non-permanent resident's stay in an RT: recorded by the RT head, then verified (active) or
    rejected by the kelurahan, then moved out or expired (workflow.py). `id` is the pseudonymous
    id the read side knows him by."""

    __tablename__ = "sipandu_newcomers"
    __table_args__ = (
        Index("ix_sipandu_newcomers_rt", "kelurahan_code", "rw", "rt", "status"),
        Index("ix_sipandu_newcomers_status_ended", "status", "ended_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    nik_cipher: Mapped[str] = mapped_column(CIPHER)
    nik_index: Mapped[str] = mapped_column(BLIND_INDEX, index=True)
    name: Mapped[str] = mapped_column(String(100))
    sex: Mapped[str] = mapped_column(String(8))
    birth_date: Mapped[date] = mapped_column(Date)
    origin_regency: Mapped[str] = mapped_column(String(8))       # Kemendagri 'PP.RR'
    kecamatan_code: Mapped[str] = mapped_column(ForeignKey("kecamatan.code"))
    kelurahan_code: Mapped[str] = mapped_column(ForeignKey("kelurahan.code"))
    rw: Mapped[int] = mapped_column(SmallInteger)
    rt: Mapped[int] = mapped_column(SmallInteger)
    address: Mapped[str] = mapped_column(String(200))
    kos_id: Mapped[int | None] = mapped_column(ForeignKey("sipandu_kos.id"))
    purpose: Mapped[str] = mapped_column(String(8))              # work | study | other
    sponsor: Mapped[str | None] = mapped_column(String(100))     # employer, school or host
    arrived_at: Mapped[datetime] = mapped_column(UtcDateTime)
    stay_until: Mapped[date | None] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)   # the 24-hour rule: arrived_at to this
    recorded_by: Mapped[str] = mapped_column(String(64))
    reported_in_time: Mapped[bool] = mapped_column(Boolean)      # within sipandu.report_within_hours
    status: Mapped[str] = mapped_column(String(12))              # workflow.STATUSES
    # the same NIK recorded (not ended) in another RT, or a permanent resident elsewhere
    duplicate_flag: Mapped[bool] = mapped_column(Boolean, default=False)
    verified_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    verified_by: Mapped[str | None] = mapped_column(String(64))
    rejection_reason: Mapped[str | None] = mapped_column(String(16))  # workflow.REJECTION_REASONS
    left_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    destination_regency: Mapped[str | None] = mapped_column(String(8))
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # moved out, expired or rejected
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SipanduAccessLog(Base):
    """One look at personal data beyond the mask: a NIK shown in full, or a subject-access export.
    `subject_index` is the blind index of the NIK concerned, so the log finds every look at one
    person without holding his number."""

    __tablename__ = "sipandu_access_log"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    actor_role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(16))               # unmask | export
    subject_kind: Mapped[str] = mapped_column(String(16))         # resident | newcomer | nik
    subject_id: Mapped[int | None] = mapped_column(BigId)
    subject_index: Mapped[str] = mapped_column(BLIND_INDEX, index=True)
    reason: Mapped[str] = mapped_column(String(200))


class SipanduDeletion(Base):
    """A record the retention deleted: which (its pseudonymous id), when it ended, when it went."""

    __tablename__ = "sipandu_deletions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    entity: Mapped[str] = mapped_column(String(32))               # sipandu_newcomer
    entity_id: Mapped[int] = mapped_column(BigId)
    status: Mapped[str] = mapped_column(String(12))
    ended_at: Mapped[datetime] = mapped_column(UtcDateTime)
    reason: Mapped[str] = mapped_column(String(32))               # retention
