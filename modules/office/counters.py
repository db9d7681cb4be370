"""The counters of SRIKANDI's home page, per person, and the ageing of each OPD's open letters.

Per person (his staff id), in one statement of scalar subqueries:
    to_sign                       outgoing letters waiting for his signature (ready_to_sign, he signs)
    to_send                       outgoing letters he drafted that are numbered, not yet sent
    to_verify                     outgoing letters in review whose next initial is his
    unread_incoming               open incoming letters distributed to him that he has not opened
    not_followed_up               open incoming letters distributed to him (open: not followed up
                                  or archived; unread ones included, as the standard counts them)
    unread_dispositions           open dispositions to him that he has not opened
    dispositions_not_followed_up  open dispositions to him (not done, not withdrawn; unread included)

Per OPD, as the viewer's scope allows (core.scope: the city-wide roles see every OPD, an OPD user
his own, others none), in one grouped statement: the open letters of each direction (incoming not
yet followed up, outgoing not yet sent: workflow.DONE), by age since registration or drafting
(AGEING buckets of whole days) and how many are overdue (due date before the city's today).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, case, exists, func, not_, select
from sqlalchemy.orm import Session, aliased

from core.clock import city_today, now_or
from core.users import Viewer
from modules.office import workflow
from modules.office.access import SCOPE_COLUMNS
from modules.office.models import OfficeDisposition, OfficeLetter, OfficeRecipient, OfficeVerifier

PERSON_COUNTERS = ("to_sign", "to_send", "to_verify", "unread_incoming", "not_followed_up", "unread_dispositions",
                   "dispositions_not_followed_up")
# (label, the age in whole days it stays below; None: the rest)
AGEING = (("0-2", 3), ("3-6", 7), ("7-13", 14), ("14-29", 30), ("30+", None))


def person_counters(session: Session, staff_id: int) -> dict[str, int]:
    letters = OfficeLetter
    incoming_open = and_(letters.direction == workflow.INCOMING,
                         letters.status.not_in(workflow.DONE[workflow.INCOMING]))
    mine = and_(OfficeRecipient.staff_id == staff_id, OfficeRecipient.letter_id == letters.id, incoming_open)
    open_disposition = and_(OfficeDisposition.to_staff_id == staff_id, OfficeDisposition.done_at.is_(None),
                            OfficeDisposition.withdrawn_at.is_(None))
    earlier = aliased(OfficeVerifier)
    my_turn = and_(
        OfficeVerifier.letter_id == letters.id, OfficeVerifier.staff_id == staff_id,
        OfficeVerifier.initialled_at.is_(None),
        not_(exists().where(earlier.letter_id == OfficeVerifier.letter_id, earlier.initialled_at.is_(None),
                            earlier.position < OfficeVerifier.position)))

    def count(entity, *conditions):
        return select(func.count()).select_from(entity).where(*conditions).scalar_subquery()

    row = session.execute(select(
        count(letters, letters.status == workflow.READY_TO_SIGN, letters.signer_id == staff_id),
        count(letters, letters.status == workflow.NUMBERED, letters.created_by == staff_id),
        count(letters, letters.status == workflow.IN_REVIEW, exists().where(my_turn)),
        select(func.count()).select_from(OfficeRecipient).join(letters, OfficeRecipient.letter_id == letters.id)
        .where(mine, OfficeRecipient.read_at.is_(None)).scalar_subquery(),
        select(func.count()).select_from(OfficeRecipient).join(letters, OfficeRecipient.letter_id == letters.id)
        .where(mine).scalar_subquery(),
        count(OfficeDisposition, open_disposition, OfficeDisposition.read_at.is_(None)),
        count(OfficeDisposition, open_disposition))).one()
    return {name: int(value or 0) for name, value in zip(PERSON_COUNTERS, row)}


def opd_counters(session: Session, viewer: Viewer, now: datetime | None = None) -> list[dict]:
    """[{opd_code, direction, open, overdue, ageing: {label: letters}}], by OPD and direction."""
    now = now_or(now)
    letters = OfficeLetter.__table__
    scoped = viewer.scope.conditions(letters, SCOPE_COLUMNS)
    bucket = case(*((letters.c.created_at > now - timedelta(days=below), label) for label, below in AGEING[:-1]),
                  else_=AGEING[-1][0])
    late = case((workflow.overdue_condition(letters, city_today(now)), 1), else_=0)
    # bucketed in a subquery: PostgreSQL does not see a CASE with bound values in GROUP BY as the same
    aged = select(letters.c.opd_code, letters.c.direction, bucket.label("bucket"), late.label("late")) \
        .where(workflow.open_condition(letters), *scoped).subquery()
    rows = session.execute(select(aged.c.opd_code, aged.c.direction, aged.c.bucket, func.count(), func.sum(aged.c.late))
                           .group_by(aged.c.opd_code, aged.c.direction, aged.c.bucket))
    found: dict[tuple[str, str], dict] = {}
    for opd_code, direction, label, letters_open, overdue in rows:
        entry = found.setdefault((opd_code, direction), {
            "opd_code": opd_code, "direction": direction, "open": 0, "overdue": 0,
            "ageing": {name: 0 for name, _below in AGEING}})
        entry["open"] += int(letters_open)
        entry["overdue"] += int(overdue or 0)
        entry["ageing"][label] += int(letters_open)
    return [found[key] for key in sorted(found)]
