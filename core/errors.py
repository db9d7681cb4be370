"""The refusal a domain's service raises, as data: the field it concerns, a message code and the
values involved. core/messages.py holds every code's Indonesian sentence (pages) and English one
(HTTP APIs, logs, str()). Each domain subclasses it once (IncidentError, InfraError ...) and adds
its kinds (validation, workflow, access, not found) by mixing in the built-in exception they are.

    raise IncidentValidationError("unit_code", "incident_unit_not_available", unit="DPKP-FE-03")

The field comes first: every refusal names the input it concerns (None: the request as a whole).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any


class ServiceError(Exception):
    """A refusal of a service: `code` says what, `field` which input, `params` the values."""

    def __init__(self, field: str | None, code: str, **params: Any):
        self.code, self.field, self.params = code, field, params
        super().__init__(code)

    def __str__(self) -> str:
        from core.messages import text

        sentence = text(self.code, self.params, "en")
        return f"{self.field}: {sentence}" if self.field else sentence


@dataclass(frozen=True)
class RowError:
    """One bad field of one imported row: `row` is the line number in the file (the header is 1)."""

    row: int
    field: str
    code: str
    params: dict[str, Any] = dataclass_field(default_factory=dict)

    def text(self, lang: str = "id") -> str:
        from core.messages import text

        return text(self.code, self.params, lang)


class ImportRefused(ServiceError):
    """An import refused as a whole, so a file is fixed in one round and nothing of it is written:
    `errors` lists every bad field of every row; `code` is the domain's sentence of the refusal."""

    def __init__(self, errors: list[RowError], code: str):
        self.errors = errors
        super().__init__("file", code, count=len(errors))

    def __str__(self) -> str:
        lines = [f"row {e.row}, {e.field}: {e.text('en')}" for e in self.errors]
        return "\n".join([super().__str__(), *lines])
