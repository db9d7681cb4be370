"""Errors raised by the complaints service layer; each message says what went wrong and why."""

from __future__ import annotations


class ComplaintValidationError(ValueError):
    """Bad input. `.field` and `.reason` name the first problem; `.errors` lists every one found."""

    def __init__(self, field: str, reason: str, errors: list[tuple[str, str]] | None = None):
        self.errors = errors or [(field, reason)]
        self.field, self.reason = self.errors[0]
        super().__init__("; ".join(f"{f}: {r}" for f, r in self.errors))

    @classmethod
    def collected(cls, errors: list[tuple[str, str]]) -> "ComplaintValidationError":
        return cls(errors[0][0], errors[0][1], errors)


class WorkflowError(ValueError):
    """An action that the complaint's current status does not allow."""


class AccessDenied(PermissionError):
    """The actor may not see or act on this complaint (or use this function)."""


class ComplaintNotFound(LookupError):
    """No complaint with that id."""


class InboundReplay(ValueError):
    """An inbound channel message that was registered before (a replayed webhook call)."""
