"""What the desks and the API show of records: every NIK masked (`3578**********01`), always.
Lists are narrowed by the reader's scope in SQL (access.readable), so a page of another RT is
never read; a NIK is found through the blind index only.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import city_today, iso_utc
from core.users import Viewer
from modules.sipandu import access, checks, workflow
from modules.sipandu.models import SipanduKos, SipanduNewcomer, SipanduResident
from modules.sipandu.nik import masked_nik, read_nik
from modules.sipandu.protection import KeyRing

MAX_LIMIT = 500


def newcomer_view(record: SipanduNewcomer, keys: KeyRing, kos_code: str | None = None) -> dict[str, Any]:
    return {"id": record.id, "nik": masked_nik(keys.decrypt(record.nik_cipher, "nik")), "name": record.name,
            "sex": record.sex, "birth_date": record.birth_date.isoformat(), "origin_regency": record.origin_regency,
            "kecamatan_code": record.kecamatan_code, "kelurahan_code": record.kelurahan_code, "rw": record.rw,
            "rt": record.rt, "address": record.address, "kos_code": kos_code, "purpose": record.purpose,
            "sponsor": record.sponsor, "status": record.status, "duplicate_flag": bool(record.duplicate_flag),
            "arrived_at": iso_utc(record.arrived_at), "recorded_at": iso_utc(record.recorded_at),
            "recorded_by": record.recorded_by, "reported_in_time": bool(record.reported_in_time),
            "stay_until": record.stay_until.isoformat() if record.stay_until else None,
            "verified_at": iso_utc(record.verified_at), "verified_by": record.verified_by,
            "rejection_reason": record.rejection_reason, "left_at": iso_utc(record.left_at),
            "destination_regency": record.destination_regency, "ended_at": iso_utc(record.ended_at)}


def newcomer_detail(session: Session, record: SipanduNewcomer, keys: KeyRing) -> dict[str, Any]:
    """One record's view, with its boarding house's code read for it (a list reads them at once)."""
    house = session.get(SipanduKos, record.kos_id) if record.kos_id else None
    return newcomer_view(record, keys, house.code if house else None)


def kos_view(house: SipanduKos) -> dict[str, Any]:
    """A boarding house as the kelurahan's staff see it (name and owner never reach the marts)."""
    return {"code": house.code, "name": house.name, "owner_name": house.owner_name, "address": house.address,
            "kelurahan_code": house.kelurahan_code, "rw": house.rw, "rt": house.rt, "capacity": house.capacity,
            "active": bool(house.active)}


def resident_view(resident: SipanduResident, keys: KeyRing) -> dict[str, Any]:
    return {"id": resident.id, "nik": masked_nik(keys.decrypt(resident.nik_cipher, "nik")), "name": resident.name,
            "sex": resident.sex, "birth_date": resident.birth_date.isoformat(),
            "kelurahan_code": resident.kelurahan_code, "rw": resident.rw, "rt": resident.rt,
            "address": resident.address}


def list_newcomers(session: Session, actor: Viewer, keys: KeyRing, status: str | None = None,
                   limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """The reader's records, newest arrival first; `recorded` (the lurah's queue) oldest first."""
    access.require_role(actor, access.READER_ROLES, "read records")
    query = select(SipanduNewcomer).where(access.readable(actor, SipanduNewcomer.__table__))
    if status is not None:
        query = query.where(SipanduNewcomer.status == checks.choice("status", status, workflow.STATUSES))
    order = (SipanduNewcomer.recorded_at.asc() if status == workflow.RECORDED else SipanduNewcomer.arrived_at.desc())
    records = session.scalars(query.order_by(order, SipanduNewcomer.id).limit(min(limit, MAX_LIMIT))
                              .offset(offset)).all()
    return _views(session, records, keys)


def find_by_nik(session: Session, actor: Viewer, nik, keys: KeyRing) -> dict[str, list[dict[str, Any]]]:
    """The records of one NIK inside the reader's scope, by its blind index (never a scan)."""
    access.require_role(actor, access.READER_ROLES, "look up a NIK")
    number = checks.text("nik", nik, required=True, limit=64)
    read_nik(number, city_today())
    index = keys.blind_index(number, "nik")
    stays = session.scalars(select(SipanduNewcomer).where(SipanduNewcomer.nik_index == index,
                                                          access.readable(actor, SipanduNewcomer.__table__))
                            .order_by(SipanduNewcomer.arrived_at.desc())).all()
    residents = session.scalars(select(SipanduResident).where(SipanduResident.nik_index == index,
                                                              access.readable(actor, SipanduResident.__table__))).all()
    return {"stays": _views(session, stays, keys), "residents": [resident_view(r, keys) for r in residents]}


def kos_list(session: Session, actor: Viewer) -> list[dict[str, Any]]:
    """The reader's boarding houses (name and owner are for the kelurahan's staff, never the marts)."""
    access.require_role(actor, access.READER_ROLES, "read boarding houses")
    rows = session.scalars(select(SipanduKos).where(access.readable(actor, SipanduKos.__table__))
                           .order_by(SipanduKos.code))
    return [kos_view(house) for house in rows]


def _views(session: Session, records: list[SipanduNewcomer], keys: KeyRing) -> list[dict[str, Any]]:
    kos_ids = {r.kos_id for r in records if r.kos_id}
    codes = dict(session.execute(select(SipanduKos.id, SipanduKos.code).where(SipanduKos.id.in_(kos_ids))).all()) \
        if kos_ids else {}
    return [newcomer_view(r, keys, codes.get(r.kos_id)) for r in records]
