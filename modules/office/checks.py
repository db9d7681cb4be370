"""Checks on what a registrar, a drafter or a disposer types, before a service writes: each failure
raises OfficeValidationError naming the field and the reason. Whether a staff member exists, is
below someone or is the signer's subordinate is the database's question (the services ask it)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from modules.office import workflow
from modules.office.errors import OfficeValidationError

MAX_TEXT = {"reference_number": 64, "correspondent": 200, "subject": 500, "instruction": 500, "note": 2000}
# Archive classification (Permendagri 83/2022, Klasifikasi Arsip): a main class of three digits,
# then up to three levels of one to three digits: 000, 000.1, 000.1.2, 800.1.11.3
CLASSIFICATION = re.compile(r"[0-9]{3}(\.[0-9]{1,3}){0,3}")
MAX_CLASSIFICATION = 32
MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class LetterFields:
    """What a registered or drafted letter states, checked."""

    correspondent: str
    subject: str
    classification: str
    security: str
    due_date: date | None
    link_kind: str | None
    link_id: int | None


def letter_fields(form: dict) -> LetterFields:
    kind, link_id = link(form)
    return LetterFields(correspondent=text("correspondent", form.get("correspondent"), required=True),
                        subject=text("subject", form.get("subject"), required=True),
                        classification=classification("classification", form.get("classification")),
                        security=choice("security", form.get("security"), workflow.SECURITY_LEVELS),
                        due_date=a_date("due_date", form.get("due_date")), link_kind=kind, link_id=link_id)


def text(field: str, value, *, required: bool = False, limit: int | None = None) -> str | None:
    """Stripped text within its length; None (or an error when required) when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise OfficeValidationError(field, "office_required")
        return None
    if not isinstance(value, str):
        raise OfficeValidationError(field, "office_not_text")
    value, limit = value.strip(), limit or MAX_TEXT[field]
    if len(value) > limit:
        raise OfficeValidationError(field, "office_text_too_long", limit=limit)
    return value


def note(value, step: str) -> str:
    """The note a step needs (finishing a disposition, following a letter up, returning a draft)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise OfficeValidationError("note", "office_note_required", office_step=step)
    return text("note", value, required=True)


def choice(field: str, value, known: tuple[str, ...]) -> str:
    if value is None or value == "":
        raise OfficeValidationError(field, "office_required")
    if value not in known:
        raise OfficeValidationError(field, "office_unknown_choice", value=str(value)[:40], known=", ".join(known))
    return value


def classification(field: str, value) -> str:
    code = text(field, value, required=True, limit=MAX_CLASSIFICATION)
    if not CLASSIFICATION.fullmatch(code):
        raise OfficeValidationError(field, "office_classification_format", value=code)
    return code


def a_date(field: str, value, *, required: bool = False) -> date | None:
    """A date as YYYY-MM-DD (or a date); None when blank and not required."""
    if value in (None, ""):
        if required:
            raise OfficeValidationError(field, "office_required")
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise OfficeValidationError(field, "office_bad_date", value=str(value)[:40])


def an_id(field: str, value, *, required: bool = True) -> int | None:
    """A positive whole number within the databases' integers (true is no number)."""
    if value is None or value == "":
        if required:
            raise OfficeValidationError(field, "office_required")
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise OfficeValidationError(field, "office_not_a_number")
    return value


def staff_ids(field: str, value, limit: int, *, allow_empty: bool = False) -> list[int]:
    """A list of distinct staff ids, in the order given."""
    if value is None and allow_empty:
        return []
    if not isinstance(value, list) or len(value) > limit or (not value and not allow_empty) \
            or any(isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= MAX_ID for v in value) \
            or len(set(value)) != len(value):
        raise OfficeValidationError(field, "office_staff_list", limit=limit)
    return list(value)


def link(form: dict) -> tuple[str | None, int | None]:
    """The case the letter concerns: a complaint, an incident or a proposal, by its id; or none."""
    kind, link_id = form.get("link_kind"), form.get("link_id")
    if kind in (None, "") and link_id in (None, ""):
        return None, None
    if kind in (None, ""):
        raise OfficeValidationError("link_kind", "office_link_pair")
    if link_id in (None, ""):
        raise OfficeValidationError("link_id", "office_link_pair")
    return choice("link_kind", kind, workflow.LINK_KINDS), an_id("link_id", link_id)


def not_future(field: str, value: date | None, today: date) -> None:
    if value is not None and value > today:
        raise OfficeValidationError(field, "office_in_future")


def not_past(field: str, value: date | None, today: date) -> None:
    if value is not None and value < today:
        raise OfficeValidationError(field, "office_in_past")
