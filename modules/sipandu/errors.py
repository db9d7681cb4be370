"""Errors of the Sipandu service, as data: a code, the field it concerns and the values involved
(core.errors.ServiceError). messages.py holds every code's Indonesian and English sentence.

    raise SipanduValidationError("nik", "sipandu_nik_region", region="35.99.01")
"""

from __future__ import annotations

from core.errors import ImportRefused, RowError, ServiceError


class SipanduError(ServiceError):
    """A refusal of the Sipandu service."""


class SipanduValidationError(SipanduError, ValueError):
    """Bad input: a NIK that cannot be, a date in the future, an unknown region."""


class SipanduWorkflowError(SipanduError, ValueError):
    """A step the record's lifecycle does not allow (workflow.py): verifying a rejected record."""


class SipanduAccessDenied(SipanduError, PermissionError):
    """The actor may not do this: another RT, RW, kelurahan or kecamatan, or a role that sees
    aggregates only (the command center, the mayor's office)."""


class SipanduNotFound(SipanduError, LookupError):
    """No record or boarding house with that id or code."""


class SipanduImportError(SipanduError, ImportRefused, ValueError):
    """An import refused as a whole (core.errors.ImportRefused: `errors` lists every bad field of
    every row); nothing of the file is written."""

    def __init__(self, errors: list[RowError]):
        super().__init__(errors, "sipandu_import_refused")
