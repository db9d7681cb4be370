"""The change-log payloads of Sipandu: the contract the read side sees (SNAPSHOT_VERSION 1).

Nothing personal leaves the module, so a payload names a record by its pseudonymous id and its
area, never a NIK, KK, name, birth date, sex, address, sponsor or owner:

    sipandu_newcomer  entity_id = the record's id; where (RT), the boarding house's code, origin
                      regency, purpose, status and the times of each step
    sipandu_kos       entity_id = the boarding house's code; where (RT), capacity, active

Built from the ORM objects, by the service when it writes and by extract.py when it reads the
tables, so both give the same dict. Operation "upsert": every key always present. The retention's
deletions are not logged here (sipandu_deletions has them): a fact of the read side is the history
of a stay, pseudonymous, and stays counted.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import object_session

from core.clock import iso_utc
from modules.sipandu.models import SipanduKos, SipanduNewcomer

SNAPSHOT_VERSION = 1
OPERATION = "upsert"
NEWCOMER = "sipandu_newcomer"
KOS = "sipandu_kos"
NEWCOMER_KEYS = ("id", "kecamatan_code", "kelurahan_code", "rw", "rt", "kos_code", "origin_regency", "purpose",
                 "status", "duplicate_flag", "rejection_reason", "arrived_at", "recorded_at", "reported_in_time",
                 "stay_until",
                 "verified_at", "left_at", "destination_regency", "ended_at", "updated_at")
KOS_KEYS = ("code", "kecamatan_code", "kelurahan_code", "rw", "rt", "capacity", "active", "updated_at")


def newcomer_snapshot(record: SipanduNewcomer, kos_code: str | None = None) -> dict[str, Any]:
    """`kos_code` saves a lookup when the caller has it; otherwise it is read from the session."""
    if record.kos_id is not None and kos_code is None:
        kos_code = object_session(record).get(SipanduKos, record.kos_id).code
    return dict(id=int(record.id), kecamatan_code=record.kecamatan_code, kelurahan_code=record.kelurahan_code,
                rw=int(record.rw), rt=int(record.rt), kos_code=kos_code, origin_regency=record.origin_regency,
                purpose=record.purpose, status=record.status, duplicate_flag=bool(record.duplicate_flag),
                rejection_reason=record.rejection_reason, arrived_at=iso_utc(record.arrived_at),
                recorded_at=iso_utc(record.recorded_at), reported_in_time=bool(record.reported_in_time),
                stay_until=None if record.stay_until is None else record.stay_until.isoformat(),
                verified_at=iso_utc(record.verified_at), left_at=iso_utc(record.left_at),
                destination_regency=record.destination_regency, ended_at=iso_utc(record.ended_at),
                updated_at=iso_utc(record.updated_at))


def kos_snapshot(kos: SipanduKos) -> dict[str, Any]:
    return dict(code=kos.code, kecamatan_code=kos.kecamatan_code, kelurahan_code=kos.kelurahan_code, rw=int(kos.rw),
                rt=int(kos.rt), capacity=int(kos.capacity), active=bool(kos.active), updated_at=iso_utc(kos.updated_at))
