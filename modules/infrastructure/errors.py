"""Errors of the infrastructure service, as data: a code, the field it concerns and the values
involved. messages.py holds every code's Indonesian and English sentence (core.messages.text).

    raise InfraValidationError("port", "infra_port_range", value=70000)

An inventory import collects one `RowError` per bad field of every row and raises them together
(InfraImportError), so a file is fixed in one round and nothing of it is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.errors import ServiceError


class InfraError(ServiceError):
    """A refusal of the infrastructure service (core.errors.ServiceError: field, code, params)."""


class InfraValidationError(InfraError, ValueError):
    """Bad input: an unknown code, a value out of range, a point outside the city, a parent cycle."""


class InfraAccessDenied(InfraError, PermissionError):
    """The actor may not do this (only an administrator edits the inventory)."""


class InfraNotFound(InfraError, LookupError):
    """No device or maintenance window with that key."""


@dataclass(frozen=True)
class RowError:
    """One bad field of one CSV row: `row` is the line number in the file (the header is line 1)."""

    row: int
    field: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "id") -> str:
        from core.messages import text

        return text(self.code, self.params, lang)


class InfraImportError(InfraError, ValueError):
    """An inventory import refused as a whole: `errors` lists every bad field of every row."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("file", "infra_import_refused", count=len(errors))

    def __str__(self) -> str:
        lines = [f"row {e.row}, {e.field}: {e.text('en')}" for e in self.errors]
        return "\n".join([super().__str__(), *lines])
