"""Errors of the planning service, as data (core.errors.ServiceError: the field, a message code, the
values involved); messages.py holds every code's Indonesian and English sentence.

    raise PlanningValidationError("volume", "planning_volume_range", value=-3, maximum=1500, unit="m2")

An import collects one `RowError` per bad field of every row and raises them together
(PlanningImportError), so a file is fixed in one round and nothing of it is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.errors import ServiceError


class PlanningError(ServiceError):
    """A refusal of the planning service."""


class PlanningValidationError(PlanningError, ValueError):
    """Bad input: an unknown code, a value out of range, a closed round, a ceiling passed."""


class PlanningWorkflowError(PlanningError, ValueError):
    """A step the proposal's (or a work's) lifecycle does not allow (workflow.py)."""


class PlanningAccessDenied(PlanningError, PermissionError):
    """The actor may not do this (another RW, kelurahan, kecamatan or OPD; a role that only reads)."""


class PlanningNotFound(PlanningError, LookupError):
    """No proposal, plan item, budget line or work with that key."""


@dataclass(frozen=True)
class RowError:
    """One bad field of one imported row: `row` is the line number in the file (the header is 1)."""

    row: int
    field: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "id") -> str:
        from core.messages import text

        return text(self.code, self.params, lang)


class PlanningImportError(PlanningError, ValueError):
    """An import refused as a whole: `errors` lists every bad field of every row."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("file", "planning_import_refused", count=len(errors))

    def __str__(self) -> str:
        lines = [f"row {e.row}, {e.field}: {e.text('en')}" for e in self.errors]
        return "\n".join([super().__str__(), *lines])
