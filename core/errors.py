"""The refusal a domain's service raises, as data: the field it concerns, a message code and the
values involved. core/messages.py holds every code's Indonesian sentence (pages) and English one
(HTTP APIs, logs, str()). Each domain subclasses it once (IncidentError, InfraError ...) and adds
its kinds (validation, workflow, access, not found) by mixing in the built-in exception they are.

    raise IncidentValidationError("unit_code", "incident_unit_not_available", unit="DPKP-FE-03")

The field comes first: every refusal names the input it concerns (None: the request as a whole).
"""

from __future__ import annotations

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
