"""Checks on what the registry is told of a person, shared by the service (one person, from the API
or the command line) and the import (a file): each failure raises StaffValidationError naming the
field and the reason. Whether the NIP, the OPD, the supervisor or the user exist is the database's
question, asked by the service and the import."""

from __future__ import annotations

from datetime import date

from modules.staff.errors import StaffValidationError
from modules.staff.models import Staff
from modules.staff.nip import nip_problem

MAX_TEXT = {"name": Staff.name.type.length, "unit": Staff.unit.type.length,
            "position": Staff.position.type.length, "opd_code": 32, "nip": 64, "supervisor_nip": 64,
            "username": 64}
TRUE_WORDS = ("1", "true", "ya", "y", "yes", "aktif")
FALSE_WORDS = ("0", "false", "tidak", "t", "no", "nonaktif", "tidak aktif")
MAX_ID = 2**63 - 1


def text(field: str, value, *, required: bool = True) -> str | None:
    """Stripped text within its field's length and free of control characters; None when blank
    and not required."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise StaffValidationError(field, "staff_required")
        return None
    if not isinstance(value, str):
        raise StaffValidationError(field, "staff_not_text")
    value = value.strip()
    if len(value) > MAX_TEXT[field]:
        raise StaffValidationError(field, "staff_text_too_long", limit=MAX_TEXT[field])
    if any(ord(character) < 32 for character in value):
        raise StaffValidationError(field, "staff_control_characters")
    return value


def nip(field: str, value, today: date, *, required: bool = True) -> str | None:
    """A possible NIP (nip.py's checks, each its own code), or None when blank and not required."""
    number = text(field, value, required=required)
    if number is None:
        return None
    problem = nip_problem(number, today)
    if problem is not None:
        code, values = problem
        raise StaffValidationError(field, code, **values)
    return number


def flag(field: str, value, *, default: bool | None = None) -> bool:
    """true/false from JSON, or a word of a file (1/0, ya/tidak, aktif/nonaktif); blank is `default`."""
    if isinstance(value, bool):
        return value
    if value is None or (isinstance(value, str) and not value.strip()):
        if default is None:
            raise StaffValidationError(field, "staff_required")
        return default
    word = value.strip().lower() if isinstance(value, str) else None
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise StaffValidationError(field, "staff_not_boolean")


def staff_id(field: str, value, *, required: bool = False) -> int | None:
    """An id as JSON sends it (a whole number; true is none, though Python counts it as 1)."""
    if value is None:
        if required:
            raise StaffValidationError(field, "staff_required")
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise StaffValidationError(field, "staff_bad_id")
    return value
