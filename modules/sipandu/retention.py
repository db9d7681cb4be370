"""The retention: moved-out, expired and rejected records are deleted `retention_days` after they
ended (UU PDP: personal data kept no longer than its purpose needs). Each deletion is logged in
sipandu_deletions with the record's pseudonymous id, its status and when it ended. The read side
keeps the stay's pseudonymous history (snapshot.py), so the weekly counts do not change."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.clock import now_or
from modules.sipandu import workflow
from modules.sipandu.models import SipanduDeletion, SipanduNewcomer
from modules.sipandu.recording import begin_write
from modules.sipandu.snapshot import NEWCOMER

REASON = "retention"
BATCH = 5_000


def delete_after_retention(session: Session, retention_days: int, now: datetime | None = None) -> int:
    """Deletes the records that ended more than `retention_days` ago; returns how many."""
    now = now_or(now)
    begin_write(session)
    cutoff = now - timedelta(days=retention_days)
    due = select(SipanduNewcomer.id, SipanduNewcomer.status, SipanduNewcomer.ended_at).where(
        SipanduNewcomer.status.in_(workflow.ENDED), SipanduNewcomer.ended_at < cutoff).order_by(SipanduNewcomer.id)
    deleted = 0
    while rows := session.execute(due.limit(BATCH)).all():
        session.add_all(SipanduDeletion(at=now, entity=NEWCOMER, entity_id=row.id, status=row.status,
                                        ended_at=row.ended_at, reason=REASON) for row in rows)
        session.execute(delete(SipanduNewcomer).where(SipanduNewcomer.id.in_([row.id for row in rows])))
        deleted += len(rows)
    session.flush()
    return deleted
