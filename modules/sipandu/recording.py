"""Writing a Sipandu record and its change-log snapshot in the caller's transaction, so both commit
together or neither does; and the duplicate flag, which may change other records too.

    begin_write(session)          # first: the domain's lock, before any row lock
    ...                           # checks, then the record's new state
    log_newcomer(session, record, now)
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.changelog import record_change, take_writer_lock
from modules.sipandu import workflow
from modules.sipandu.models import SipanduKos, SipanduNewcomer, SipanduResident
from modules.sipandu.snapshot import KOS, NEWCOMER, OPERATION, SNAPSHOT_VERSION, kos_snapshot, newcomer_snapshot


def begin_write(session: Session) -> None:
    """The domain's change-log lock first, before any row lock (core/changelog.py, "Lock order")."""
    take_writer_lock(session, NEWCOMER)


def log_newcomer(session: Session, record: SipanduNewcomer, now: datetime) -> None:
    record.updated_at = now
    session.flush()  # the id, for a new record
    record_change(session, NEWCOMER, str(record.id), OPERATION, newcomer_snapshot(record), SNAPSHOT_VERSION)


def log_kos(session: Session, kos: SipanduKos, now: datetime) -> None:
    kos.updated_at = now
    session.flush()
    record_change(session, KOS, kos.code, OPERATION, kos_snapshot(kos), SNAPSHOT_VERSION)


def place_of(record) -> tuple:
    return record.kelurahan_code, int(record.rw), int(record.rt)


def refresh_duplicate_flags(session: Session, nik_index: str, now: datetime) -> None:
    """A present record is flagged when its NIK is present in another RT too: another newcomer's
    present record, or a permanent resident registered elsewhere. Every present record of the NIK
    is set afresh (an ended one no longer makes the others duplicates); changed ones are logged."""
    present = session.scalars(select(SipanduNewcomer).where(SipanduNewcomer.nik_index == nik_index,
                                                            SipanduNewcomer.status.in_(workflow.PRESENT))).all()
    residents = session.scalars(select(SipanduResident).where(SipanduResident.nik_index == nik_index)).all()
    places = {place_of(record) for record in [*present, *residents]}
    for record in present:
        flagged = len(places - {place_of(record)}) > 0
        if bool(record.duplicate_flag) != flagged:
            record.duplicate_flag = flagged
            log_newcomer(session, record, now)
