"""Checks the service runs before writing anything: reference codes exist, a note is given,
the category is active. A failure raises ComplaintValidationError with a code."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.reference import Kecamatan, Opd, RtUnit

from modules.complaints.models import ComplaintCategory
from modules.complaints.access import SYSTEM_ROLE
from modules.complaints.errors import ComplaintValidationError, Reason
from modules.complaints.models import Complaint

ADMIN_ROLES = ("admin", SYSTEM_ROLE)  # who edits routing rules, SLA overrides and API keys
_REFERENCE_TABLES = {"category_code": ComplaintCategory, "opd_code": Opd, "kecamatan_code": Kecamatan}
_OPTIONAL_REFERENCES = ("kecamatan_code",)


def active_categories(session: Session) -> set[str]:
    return set(session.scalars(select(ComplaintCategory.code).where(ComplaintCategory.active.is_(True))))


def rt_units_of(session: Session):
    """The intake's lookup of a kelurahan's (rw, rt) units in the reference (intake.RtUnits)."""
    def units(kelurahan_code: str) -> set[tuple[int, int]]:
        rows = session.execute(select(RtUnit.rw, RtUnit.rt).where(RtUnit.kelurahan_code == kelurahan_code))
        return {(int(rw), int(rt)) for rw, rt in rows}

    return units


def require_opd(session: Session, opd_code: str) -> None:
    require_reference(session, opd_code=opd_code)


def require_reference(session: Session, **codes: str | None) -> None:
    """Each code names an existing row (kecamatan_code may be None)."""
    errors = []
    for field, code in codes.items():
        if code is None and field not in _OPTIONAL_REFERENCES:
            errors.append((field, Reason("required")))
        elif code is not None and session.get(_REFERENCE_TABLES[field], code) is None:
            errors.append((field, Reason("unknown_reference", {"kind": field.removesuffix("_code"), "value": code})))
    if errors:
        raise ComplaintValidationError.collected(errors)


def require_note(note: str | None, code: str) -> None:
    if not isinstance(note, str) or not note.strip():
        raise ComplaintValidationError.one("note", code)


def ticket_of(session: Session, complaint_id: int | None) -> str | None:
    return session.scalar(select(Complaint.ticket).where(Complaint.id == complaint_id)) if complaint_id else None
