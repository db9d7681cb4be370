"""Personal data beyond the mask: a NIK shown in full, and the subject-access export (UU PDP 27/2022
art. 7: a person may ask what is held about him and who saw it). Each writes an access-log row
(who, whose, why, when) in the caller's transaction, so no look goes unlogged; the admin reviews
the log (`access_log`). The log holds the NIK's blind index, never the number.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import city_today, iso_utc, now_or
from core.users import Viewer
from modules.sipandu import access, checks
from modules.sipandu.errors import SipanduAccessDenied, SipanduNotFound, SipanduValidationError
from modules.sipandu.models import SipanduAccessLog, SipanduKos, SipanduNewcomer, SipanduResident
from modules.sipandu.nik import read_nik
from modules.sipandu.protection import KeyRing

MIN_REASON = 10  # "cek" is no reason; "verifikasi KTP di rumah kos" is
MAX_REASON = 200
SUBJECT_KINDS = {"newcomer": SipanduNewcomer, "resident": SipanduResident}


def unmask(session: Session, actor: Viewer, kind: str, record_id, reason, keys: KeyRing,
           now: datetime | None = None) -> str:
    """The record's NIK in full, for a role that may, whose scope holds the record, with a reason."""
    now = now_or(now)
    model = SUBJECT_KINDS.get(checks.choice("kind", kind, tuple(SUBJECT_KINDS)))
    access.require_role(actor, access.UNMASK_ROLES, "see a NIK in full")
    reason = _reason(reason)
    record = session.get(model, record_id) if _an_id(record_id) else None
    if record is None:
        raise SipanduNotFound("id", "sipandu_not_found", id=record_id)
    access.require_in_scope(actor, record, "see a NIK in full")
    _log(session, actor, "unmask", kind, record.id, record.nik_index, reason, now)
    return keys.decrypt(record.nik_cipher, "nik")


def subject_access_export(session: Session, actor: Viewer, nik, reason, keys: KeyRing,
                          now: datetime | None = None) -> dict[str, Any]:
    """Everything held about one NIK (residence, stays with their steps) and every look at it."""
    now = now_or(now)
    if actor.role != access.EXPORT_ROLE:
        raise SipanduAccessDenied("actor", "sipandu_role_refused", role=actor.role, what="export personal data")
    reason = _reason(reason)
    number = checks.text("nik", nik, required=True, limit=64)
    read_nik(number, city_today(now))
    index = keys.blind_index(number, "nik")
    residents = session.scalars(select(SipanduResident).where(SipanduResident.nik_index == index)).all()
    stays = session.scalars(select(SipanduNewcomer).where(SipanduNewcomer.nik_index == index)
                            .order_by(SipanduNewcomer.arrived_at)).all()
    looks = session.scalars(select(SipanduAccessLog).where(SipanduAccessLog.subject_index == index)
                            .order_by(SipanduAccessLog.at, SipanduAccessLog.id)).all()
    _log(session, actor, "export", "nik", None, index, reason, now)
    return {"nik": number, "exported_at": iso_utc(now),
            "residence": [_resident_held(r, keys) for r in residents],
            "stays": [_stay_held(session, s) for s in stays],
            "access_log": [_look(look) for look in looks]}


def access_log(session: Session, actor: Viewer, limit: int = 200, offset: int = 0) -> list[dict[str, Any]]:
    """The newest looks first, for the admin's review (no number: whose is the blind index's prefix)."""
    if actor.role != access.EXPORT_ROLE:
        raise SipanduAccessDenied("actor", "sipandu_role_refused", role=actor.role, what="review the access log")
    rows = session.scalars(select(SipanduAccessLog).order_by(SipanduAccessLog.at.desc(), SipanduAccessLog.id.desc())
                           .limit(limit).offset(offset))
    return [_look(row) for row in rows]


def _reason(value) -> str:
    reason = checks.text("reason", value, required=True, limit=MAX_REASON)
    if len(reason) < MIN_REASON:
        raise SipanduValidationError("reason", "sipandu_reason_too_short", minimum=MIN_REASON)
    return reason


def _log(session, actor: Viewer, action: str, kind: str, subject_id, index: str, reason: str, now) -> None:
    session.add(SipanduAccessLog(at=now, actor=actor.username[:64], actor_role=actor.role[:16], action=action,
                                 subject_kind=kind, subject_id=subject_id, subject_index=index, reason=reason))
    session.flush()


def _resident_held(resident: SipanduResident, keys: KeyRing) -> dict[str, Any]:
    return {"kk": keys.decrypt(resident.kk_cipher, "kk"), "name": resident.name, "sex": resident.sex,
            "birth_date": resident.birth_date.isoformat(), "kelurahan_code": resident.kelurahan_code,
            "rw": resident.rw, "rt": resident.rt, "address": resident.address,
            "imported_at": iso_utc(resident.imported_at)}


def _stay_held(session: Session, stay: SipanduNewcomer) -> dict[str, Any]:
    kos = session.get(SipanduKos, stay.kos_id) if stay.kos_id else None
    return {"id": stay.id, "name": stay.name, "sex": stay.sex, "birth_date": stay.birth_date.isoformat(),
            "origin_regency": stay.origin_regency, "kelurahan_code": stay.kelurahan_code, "rw": stay.rw,
            "rt": stay.rt, "address": stay.address, "kos": kos.name if kos else None, "purpose": stay.purpose,
            "sponsor": stay.sponsor, "status": stay.status, "arrived_at": iso_utc(stay.arrived_at),
            "recorded_at": iso_utc(stay.recorded_at), "recorded_by": stay.recorded_by,
            "verified_at": iso_utc(stay.verified_at), "verified_by": stay.verified_by,
            "rejection_reason": stay.rejection_reason, "left_at": iso_utc(stay.left_at),
            "destination_regency": stay.destination_regency, "ended_at": iso_utc(stay.ended_at)}


def _look(row: SipanduAccessLog) -> dict[str, Any]:
    return {"at": iso_utc(row.at), "actor": row.actor, "actor_role": row.actor_role, "action": row.action,
            "subject_kind": row.subject_kind, "subject_id": row.subject_id, "reason": row.reason,
            "subject": row.subject_index[:12]}


def _an_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)  # True is an int to Python, not an id
