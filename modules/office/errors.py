"""Errors of the e-Office services, as data: a code, the field it concerns and the values involved
(core.errors.ServiceError). messages.py holds every code's Indonesian and English sentence.

    raise OfficeWorkflowError("read_at", "office_withdraw_read", disposition_id=12)
"""

from __future__ import annotations

from core.errors import ServiceError


class OfficeError(ServiceError):
    """A refusal of the e-Office services."""


class OfficeValidationError(OfficeError, ValueError):
    """Bad input: a classification code that is no code, a file that is no PDF or too large, a
    disposition to someone not below the disposer, a finish without its note."""


class OfficeWorkflowError(OfficeError, ValueError):
    """A step the letter's or the disposition's lifecycle does not allow (workflow.py): withdrawing
    a disposition already read, signing before every verifier initialled."""


class OfficeAccessDenied(OfficeError, PermissionError):
    """The actor may not: no staff record, not a registrar of the OPD, not named on the letter, not
    the verifier whose turn it is, not the signer."""


class OfficeNotFound(OfficeError, LookupError):
    """No letter, disposition, attachment or staff member with that id."""
