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


class SipanduImportError(SipanduError, ImportRefused, ValueError):
    """An import refused as a whole (core.errors.ImportRefused: `errors` lists every bad field of
    every row); nothing of the file is written."""

    def __init__(self, errors: list[RowError]):
        super().__init__(errors, "sipandu_import_refused")
