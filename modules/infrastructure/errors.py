"""Errors of the infrastructure service, as data: a code, the field it concerns and the values
involved. messages.py holds every code's Indonesian and English sentence (core.messages.text).

    raise InfraValidationError("port", "infra_port_range", value=70000)

An inventory import collects one `RowError` per bad field of every row and raises them together
(InfraImportError), so a file is fixed in one round and nothing of it is written.
"""

from __future__ import annotations

from core.errors import ImportRefused, RowError, ServiceError


class InfraError(ServiceError):
    """A refusal of the infrastructure service (core.errors.ServiceError: field, code, params)."""


class InfraValidationError(InfraError, ValueError):
    """Bad input: an unknown code, a value out of range, a point outside the city, a parent cycle."""


class InfraAccessDenied(InfraError, PermissionError):
    """The actor may not do this (only an administrator edits the inventory)."""


class InfraNotFound(InfraError, LookupError):
    """No device or maintenance window with that key."""


class InfraImportError(InfraError, ImportRefused, ValueError):
    """An import refused as a whole (core.errors.ImportRefused: `errors` lists every bad field of every row)."""

    def __init__(self, errors: list[RowError]):
        super().__init__(errors, "infra_import_refused")
