"""The newcomers service: an RT head records an arrival, the kelurahan verifies or rejects it, the
RT head (or the lurah) records the departure, and stays whose stated end has passed expire.
Every call checks role and scope (access.py), the lifecycle (workflow.py) and its input
(checks.py), then writes the record and its snapshot in the caller's transaction: a refusal
raises before anything is flushed, and the caller's rollback leaves nothing half-written.

    record = record_arrival(session, rt_head, form, keys, settings.sipandu)
    verify(session, lurah, record.id)
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import CITY_ZONE, city_today, now_or
from core.reference import Kelurahan, RtUnit
from core.users import Viewer
from modules.sipandu import access, checks, workflow
from modules.sipandu.errors import SipanduAccessDenied, SipanduNotFound, SipanduValidationError, SipanduWorkflowError
from modules.sipandu.models import SipanduKos, SipanduNewcomer
from modules.sipandu.protection import KeyRing
from modules.sipandu.recording import begin_write, log_newcomer, place_of, refresh_duplicate_flags
from modules.sipandu.settings import SipanduSettings


def record_arrival(session: Session, actor: Viewer, form: dict, keys: KeyRing, section: SipanduSettings,
                   now: datetime | None = None) -> SipanduNewcomer:
    """A newcomer recorded by the head of the RT he stays in (form fields: checks.arrival)."""
    now = now_or(now)
    access.require_role(actor, (workflow.RECORDER_ROLE,), "record newcomers")
    begin_write(session)
    rt_code = form.get("rt_code")
    unit = session.get(RtUnit, rt_code) if isinstance(rt_code, str) else None
    arrival = checks.arrival(form, {unit.code} if unit else set(), now)
    place = dict(kelurahan_code=unit.kelurahan_code, rw=unit.rw, rt=unit.rt)
    if not access.may_read(actor, place):
        raise SipanduAccessDenied("rt_code", "sipandu_outside_scope", username=actor.username, what=rt_code)
    kos = _kos_in(session, arrival.kos_code, place)
    nik_index = keys.blind_index(arrival.nik, "nik")
    _refuse_second_record(session, nik_index, place)
    record = SipanduNewcomer(
        nik_cipher=keys.encrypt(arrival.nik, "nik"), nik_index=nik_index, name=arrival.name, sex=arrival.sex,
        birth_date=arrival.birth_date, origin_regency=arrival.origin_regency,
        kecamatan_code=session.get(Kelurahan, unit.kelurahan_code).kecamatan_code, address=arrival.address,
        kos_id=kos.id if kos else None, purpose=arrival.purpose, sponsor=arrival.sponsor,
        arrived_at=arrival.arrived_at, stay_until=arrival.stay_until, recorded_at=now,
        recorded_by=actor.username[:64], status=workflow.RECORDED, duplicate_flag=False,
        reported_in_time=checks.reported_in_time(arrival.arrived_at, now, section.report_within_hours), **place)
    session.add(record)
    log_newcomer(session, record, now)
    refresh_duplicate_flags(session, nik_index, now)
    return record


def verify(session: Session, actor: Viewer, record_id: int, now: datetime | None = None) -> SipanduNewcomer:
    """The kelurahan confirms he lives there: the record becomes active."""
    now = now_or(now)
    record = _step(session, actor, record_id, workflow.ACTIVE)
    record.status, record.verified_at, record.verified_by = workflow.ACTIVE, now, actor.username[:64]
    log_newcomer(session, record, now)
    return record


def reject(session: Session, actor: Viewer, record_id: int, reason, now: datetime | None = None) -> SipanduNewcomer:
    """Not found at the address, a duplicate, or wrong data: the record ends, with its reason."""
    now = now_or(now)
    reason = checks.choice("reason", reason, workflow.REJECTION_REASONS)
    record = _step(session, actor, record_id, workflow.REJECTED)
    record.status, record.rejection_reason, record.ended_at = workflow.REJECTED, reason, now
    record.verified_at, record.verified_by = now, actor.username[:64]
    log_newcomer(session, record, now)
    refresh_duplicate_flags(session, record.nik_index, now)
    return record


def record_departure(session: Session, actor: Viewer, record_id: int, form: dict,
                     now: datetime | None = None) -> SipanduNewcomer:
    """He moved out (form: left_at, destination_regency; checks.departure)."""
    now = now_or(now)
    record = _step(session, actor, record_id, workflow.MOVED_OUT)
    left_at, destination = checks.departure(record.arrived_at, form, now)
    record.status, record.left_at, record.destination_regency = workflow.MOVED_OUT, left_at, destination
    record.ended_at = left_at
    log_newcomer(session, record, now)
    refresh_duplicate_flags(session, record.nik_index, now)
    return record


def expire_stays(session: Session, now: datetime | None = None) -> int:
    """Present records whose stated stay ended before today (the city's) expire at the end of that
    day. The system's step, run by the worker; returns how many expired."""
    now = now_or(now)
    begin_write(session)
    due = session.scalars(select(SipanduNewcomer).where(SipanduNewcomer.status.in_(workflow.PRESENT),
                                                        SipanduNewcomer.stay_until < city_today(now))
                          .order_by(SipanduNewcomer.id)).all()
    for record in due:
        record.status = workflow.EXPIRED
        record.ended_at = datetime.combine(record.stay_until + timedelta(days=1), time(), CITY_ZONE)
        log_newcomer(session, record, now)
    for nik_index in {record.nik_index for record in due}:
        refresh_duplicate_flags(session, nik_index, now)
    return len(due)


# --- helpers ---------------------------------------------------------------------------------------

def get_record(session: Session, actor: Viewer, record_id, what: str = "read") -> SipanduNewcomer:
    """The record, when the actor's role and scope may read it (a record outside it is 403, not 404:
    the id is pseudonymous and says nothing of whom)."""
    record = session.get(SipanduNewcomer, record_id) if _an_id(record_id) else None
    if record is None:
        raise SipanduNotFound("id", "sipandu_not_found", id=record_id)
    access.require_role(actor, access.READER_ROLES, what)
    access.require_in_scope(actor, record, what)
    return record


def _step(session: Session, actor: Viewer, record_id, wanted: str) -> SipanduNewcomer:
    begin_write(session)
    record = get_record(session, actor, record_id, wanted)
    roles = workflow.roles_for(record.status, wanted)
    if not roles:
        raise SipanduWorkflowError("status", "sipandu_step_refused", status=record.status, wanted=wanted)
    access.require_role(actor, roles, wanted)
    return record


def _kos_in(session: Session, code: str | None, place: dict) -> SipanduKos | None:
    if code is None:
        return None
    kos = session.scalar(select(SipanduKos).where(SipanduKos.code == code))
    if kos is None or not kos.active or place_of(kos) != (place["kelurahan_code"], place["rw"], place["rt"]):
        raise SipanduValidationError("kos_code", "sipandu_kos_not_in_rt", kos=code)
    return kos


def _refuse_second_record(session: Session, nik_index: str, place: dict) -> None:
    """The same person present twice in one RT is a second record of one stay, not a move."""
    same = session.scalar(select(SipanduNewcomer.id).where(
        SipanduNewcomer.nik_index == nik_index, SipanduNewcomer.status.in_(workflow.PRESENT),
        SipanduNewcomer.kelurahan_code == place["kelurahan_code"], SipanduNewcomer.rw == place["rw"],
        SipanduNewcomer.rt == place["rt"]).limit(1))
    if same is not None:
        raise SipanduValidationError("nik", "sipandu_already_recorded", id=same)


def _an_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)  # True is an int to Python, not an id
