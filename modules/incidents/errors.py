"""Errors of the incidents service, as data: a code, the field it concerns and the values involved.
messages.py holds every code's Indonesian and English sentence (core.messages.text).

    raise IncidentValidationError("unit_code", "incident_unit_not_available", unit="DPKP-FE-03", status="on_scene")

The field comes first: every refusal names the input it concerns.
"""

from __future__ import annotations

from core.errors import ServiceError


class IncidentError(ServiceError):
    """A refusal of the incidents service (core.errors.ServiceError: field, code, params)."""


class IncidentValidationError(IncidentError, ValueError):
    """Bad input: an unknown code, a missing value, a position outside the city."""


class IncidentWorkflowError(IncidentError, ValueError):
    """A transition the lifecycle does not allow (workflow.py)."""


class IncidentAccessDenied(IncidentError, PermissionError):
    """The actor may not do this (another agency's unit, a role that only reads)."""


class IncidentNotFound(IncidentError, LookupError):
    """No incident, call, dispatch or unit with that key."""
