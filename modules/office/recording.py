"""Writing a letter or a disposition and its change-log snapshot in the caller's transaction, so
both commit together or neither does; with the acting staff account as the change's actor.

    begin_write(session)                  # first: the domain's lock, before any row lock
    ...                                   # checks, then the new state
    log_letter(session, letter, now, actor.username)
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from core.changelog import record_change, take_writer_lock
from modules.office.models import OfficeDisposition, OfficeLetter
from modules.office.snapshot import (DISPOSITION, LETTER, OPERATION, SNAPSHOT_VERSION, disposition_snapshot,
                                     letter_snapshot)


def begin_write(session: Session) -> None:
    """The domain's change-log lock first, before any row lock (core/changelog.py, "Lock order")."""
    take_writer_lock(session, LETTER)


def log_letter(session: Session, letter: OfficeLetter, now: datetime, actor: str) -> None:
    letter.updated_at = now
    session.flush()  # the id of a new letter, the rows of its recipients and verifiers
    record_change(session, LETTER, str(letter.id), OPERATION, letter_snapshot(letter), SNAPSHOT_VERSION,
                  actor=actor)


def log_disposition(session: Session, disposition: OfficeDisposition, letter: OfficeLetter, now: datetime,
                    actor: str) -> None:
    disposition.updated_at = now
    session.flush()
    record_change(session, DISPOSITION, str(disposition.id), OPERATION,
                  disposition_snapshot(disposition, letter.opd_code), SNAPSHOT_VERSION, actor=actor)
