"""The change-log payloads of e-Office: the contract the read side sees (SNAPSHOT_VERSION 1).

A payload carries ids, codes, statuses and times, never a subject, a correspondent, an
instruction, a note or an attachment (they stay in the module's tables):

    office_letter       entity_id = the letter's id; direction, OPD, status, classification,
                        security level, letter and due dates, the number of the OPD's year, the
                        linked case (kind and id), the registrar or drafter and the signer (staff
                        ids), the recipients (staff id, read time) and verifiers (staff id, place,
                        initial time), and the time of every step
    office_disposition  entity_id = the disposition's id; its letter, OPD, parent, from and to
                        (staff ids), status (unread, read, done, withdrawn), due date and times

Built from the ORM objects, by the services when they write and by extract.py when it reads the
tables, so both give the same dict. Operation "upsert": every key always present.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import object_session

from core.clock import iso_utc
from modules.office import workflow
from modules.office.models import OfficeDisposition, OfficeLetter, OfficeRecipient, OfficeVerifier

SNAPSHOT_VERSION = 1
OPERATION = "upsert"
LETTER = "office_letter"
DISPOSITION = "office_disposition"
STEP_TIMES = ("created_at", "distributed_at", "first_read_at", "disposed_at", "followed_up_at", "submitted_at",
              "returned_at", "signed_at", "numbered_at", "sent_at", "archived_at", "updated_at")


def letter_snapshot(letter: OfficeLetter, recipients: list[OfficeRecipient] | None = None,
                    verifiers: list[OfficeVerifier] | None = None) -> dict[str, Any]:
    """`recipients` and `verifiers` save the lookups when the caller has them (the extract)."""
    session = object_session(letter)
    if recipients is None:
        recipients = list(session.scalars(select(OfficeRecipient).where(OfficeRecipient.letter_id == letter.id)))
    if verifiers is None:
        verifiers = list(session.scalars(select(OfficeVerifier).where(OfficeVerifier.letter_id == letter.id)))
    return dict(
        id=int(letter.id), direction=letter.direction, opd_code=letter.opd_code, status=letter.status,
        classification=letter.classification, security=letter.security, letter_date=_day(letter.letter_date),
        due_date=_day(letter.due_date), number_year=letter.number_year, number=letter.number,
        link_kind=letter.link_kind, link_id=None if letter.link_id is None else int(letter.link_id),
        created_by=int(letter.created_by), signer_id=None if letter.signer_id is None else int(letter.signer_id),
        recipients=[{"staff_id": int(r.staff_id), "read_at": iso_utc(r.read_at)}
                    for r in sorted(recipients, key=lambda r: r.staff_id)],
        verifiers=[{"staff_id": int(v.staff_id), "position": int(v.position), "initialled_at": iso_utc(v.initialled_at)}
                   for v in sorted(verifiers, key=lambda v: v.position)],
        **{name: iso_utc(getattr(letter, name)) for name in STEP_TIMES})


def disposition_snapshot(disposition: OfficeDisposition, opd_code: str) -> dict[str, Any]:
    return dict(
        id=int(disposition.id), letter_id=int(disposition.letter_id), opd_code=opd_code,
        parent_id=None if disposition.parent_id is None else int(disposition.parent_id),
        from_staff_id=int(disposition.from_staff_id), to_staff_id=int(disposition.to_staff_id),
        status=workflow.disposition_status(disposition.read_at, disposition.done_at, disposition.withdrawn_at),
        due_date=_day(disposition.due_date), created_at=iso_utc(disposition.created_at),
        read_at=iso_utc(disposition.read_at), done_at=iso_utc(disposition.done_at),
        withdrawn_at=iso_utc(disposition.withdrawn_at), updated_at=iso_utc(disposition.updated_at))


def _day(value) -> str | None:
    return None if value is None else value.isoformat()
