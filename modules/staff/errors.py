"""Errors of the staff registry's service, as data: a code, the field it concerns and the values
involved (core.errors.ServiceError). messages.py holds every code's Indonesian and English sentence.

    raise StaffValidationError("nip", "staff_nip_sex", digit="3")

The kind says what the HTTP API answers: bad input 400, a conflict with what is registered (a NIP
or a user taken) 409, a role or scope that may not 403, no such person 404, a refused import 422.
"""

from __future__ import annotations

from core.errors import ImportRefused, RowError, ServiceError


class StaffError(ServiceError):
    """A refusal of the staff registry."""


class StaffValidationError(StaffError, ValueError):
    """Bad input: an invalid NIP, an unknown OPD or supervisor, a supervisor loop, a text too long."""


class StaffConflict(StaffError, ValueError):
    """The input is good but taken: the NIP is someone else's, the user is linked to someone else."""


class StaffAccessDenied(StaffError, PermissionError):
    """The actor may not: a write by anyone but an administrator, a record outside his scope."""


class StaffNotFound(StaffError, LookupError):
    """No person with that id or NIP, or no staff record linked to the viewer."""


class StaffImportError(StaffError, ImportRefused, ValueError):
    """An import refused as a whole (core.errors.ImportRefused: `errors` lists every bad field of
    every row); nothing of the file is written."""

    def __init__(self, errors: list[RowError]):
        super().__init__(errors, "staff_import_refused")
