"""What the API shows of letters: a summary for lists (narrowed in SQL to what the reader may read,
access.readable) and one letter whole, with its recipients, verifiers, attachments (their
metadata: the file itself is streamed by the API, to a reader only) and its disposition tree.
Staff are shown by id, name and position: this is the office's own desk, not the read side."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import iso_utc
from modules.office import access, numbers, workflow
from modules.office.access import Actor
from modules.office.models import OfficeAttachment, OfficeDisposition, OfficeLetter, OfficeRecipient, OfficeVerifier
from modules.staff.models import Staff

MAX_LIMIT = 200
DETAIL_TIMES = ("created_at", "distributed_at", "first_read_at", "disposed_at", "followed_up_at", "submitted_at",
                "returned_at", "signed_at", "numbered_at", "sent_at", "archived_at", "updated_at")


def letter_summary(letter: OfficeLetter) -> dict[str, Any]:
    return {"id": letter.id, "direction": letter.direction, "opd_code": letter.opd_code,
            "number": numbers.display_number(letter), "reference_number": letter.reference_number,
            "correspondent": letter.correspondent, "subject": letter.subject, "letter_date": _day(letter.letter_date),
            "classification": letter.classification, "security": letter.security, "due_date": _day(letter.due_date),
            "status": letter.status, "link_kind": letter.link_kind, "link_id": letter.link_id,
            "created_at": iso_utc(letter.created_at)}


def list_letters(session: Session, actor: Actor, *, direction: str | None = None, status: str | None = None,
                 limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    query = select(OfficeLetter).where(access.readable(actor))
    if direction is not None:
        query = query.where(OfficeLetter.direction == direction)
    if status is not None:
        query = query.where(OfficeLetter.status == status)
    found = session.scalars(query.order_by(OfficeLetter.created_at.desc(), OfficeLetter.id.desc())
                            .limit(min(limit, MAX_LIMIT)).offset(offset))
    return [letter_summary(letter) for letter in found]


def letter_detail(session: Session, letter: OfficeLetter) -> dict[str, Any]:
    recipients = list(session.scalars(select(OfficeRecipient).where(OfficeRecipient.letter_id == letter.id)
                                      .order_by(OfficeRecipient.id)))
    verifiers = list(session.scalars(select(OfficeVerifier).where(OfficeVerifier.letter_id == letter.id)
                                     .order_by(OfficeVerifier.position)))
    dispositions = list(session.scalars(select(OfficeDisposition).where(OfficeDisposition.letter_id == letter.id)
                                        .order_by(OfficeDisposition.created_at, OfficeDisposition.id)))
    files = session.execute(select(OfficeAttachment.id, OfficeAttachment.filename, OfficeAttachment.size_bytes,
                                   OfficeAttachment.sha256).where(OfficeAttachment.letter_id == letter.id)
                            .order_by(OfficeAttachment.id)).all()
    people = _staff(session, {letter.created_by, letter.signer_id, *(r.staff_id for r in recipients),
                              *(v.staff_id for v in verifiers), *(d.from_staff_id for d in dispositions),
                              *(d.to_staff_id for d in dispositions)})
    return {**letter_summary(letter), **{name: iso_utc(getattr(letter, name)) for name in DETAIL_TIMES},
            "created_by": people.get(letter.created_by), "signer": people.get(letter.signer_id),
            "follow_up_note": letter.follow_up_note, "return_note": letter.return_note,
            "recipients": [{"staff": people[r.staff_id], "distributed_at": iso_utc(r.distributed_at),
                            "read_at": iso_utc(r.read_at)} for r in recipients],
            "verifiers": [{"staff": people[v.staff_id], "position": v.position,
                           "initialled_at": iso_utc(v.initialled_at)} for v in verifiers],
            "attachments": [{"id": file_id, "filename": name, "size_bytes": size, "sha256": digest,
                             "url": f"/api/office/letters/{letter.id}/attachments/{file_id}"}
                            for file_id, name, size, digest in files],
            "dispositions": disposition_tree(dispositions, people)}


def disposition_tree(dispositions: list[OfficeDisposition], people: dict[int, dict]) -> list[dict[str, Any]]:
    """The roots (dispositions by a recipient), each with its children, in the order they were made."""
    children = defaultdict(list)
    for disposition in dispositions:
        children[disposition.parent_id].append(disposition)

    def node(d: OfficeDisposition) -> dict[str, Any]:
        return {"id": d.id, "parent_id": d.parent_id, "from": people[d.from_staff_id], "to": people[d.to_staff_id],
                "instruction": d.instruction, "due_date": _day(d.due_date),
                "status": workflow.disposition_status(d.read_at, d.done_at, d.withdrawn_at),
                "created_at": iso_utc(d.created_at), "read_at": iso_utc(d.read_at), "done_at": iso_utc(d.done_at),
                "note": d.note, "withdrawn_at": iso_utc(d.withdrawn_at), "children": [node(c) for c in children[d.id]]}

    return [node(root) for root in children[None]]


def _staff(session: Session, ids: set) -> dict[int, dict]:
    ids = {staff_id for staff_id in ids if staff_id is not None}
    rows = session.execute(select(Staff.id, Staff.name, Staff.position, Staff.opd_code).where(Staff.id.in_(ids)))
    return {staff_id: {"id": staff_id, "name": name, "position": position, "opd_code": opd}
            for staff_id, name, position, opd in rows}


def _day(value) -> str | None:
    return None if value is None else value.isoformat()
