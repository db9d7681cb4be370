"""Errors raised by the complaints service layer, as data: a code and its parameters.

The service never writes a sentence for a user. `core/messages.py` holds, for every code, the
Indonesian sentence the pages show and the English one the HTTP APIs answer with (and that str()
gives, for logs and developers). A page translates an error with `core.messages.error_text(error)`.

    raise WorkflowError("already_with_opd", ticket="ADU-2611-000001", opd="DLH")

A validation error lists every problem found as (field, Reason) pairs, Reason being a code with
parameters too, so a form can put each sentence next to its field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Reason:
    """Why one field is refused: a message code and its parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        from core.messages import text

        return text(self.code, self.params, "en")


def reason(code: str, **params: Any) -> Reason:
    return Reason(code, params)


class ComplaintError(Exception):
    """A refusal of the service: `code` names what went wrong, `params` the values involved."""

    def __init__(self, code: str, **params: Any):
        self.code, self.params = code, params
        super().__init__(code)

    def __str__(self) -> str:
        from core.messages import text

        return text(self.code, self.params, "en")


class ComplaintValidationError(ComplaintError, ValueError):
    """Bad input. `.errors` lists every problem as (field, Reason); `.field` and `.reason` name the first."""

    def __init__(self, field_name: str, why: Reason, errors: list[tuple[str, Reason]] | None = None):
        self.errors = errors or [(field_name, why)]
        self.field, self.reason = self.errors[0]
        super().__init__("invalid", errors=self.errors)

    @classmethod
    def collected(cls, errors: list[tuple[str, Reason]]) -> "ComplaintValidationError":
        return cls(errors[0][0], errors[0][1], errors)

    @classmethod
    def one(cls, field_name: str, code: str, **params: Any) -> "ComplaintValidationError":
        return cls(field_name, Reason(code, params))


class WorkflowError(ComplaintError, ValueError):
    """An action that the complaint's current status does not allow."""


class AccessDenied(ComplaintError, PermissionError):
    """The actor may not see or act on this complaint (or use this function). `detail` says why,
    for logs; a page shows only that the complaint is outside the viewer's scope."""

    def __init__(self, detail: str):
        super().__init__("access_denied", detail=detail)


class ComplaintNotFound(ComplaintError, LookupError):
    """No complaint (or photo) with that id."""


class InboundReplay(ComplaintError, ValueError):
    """An inbound channel message that was registered before (a replayed webhook call)."""
