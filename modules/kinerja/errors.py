"""Errors of the e-Kinerja service, as data: a code, the field it concerns and the values involved
(core.errors.ServiceError). messages.py holds every code's Indonesian and English sentence.

    raise KinerjaValidationError("end", "kinerja_end_before_start", start="09:00", end="08:30")
"""

from __future__ import annotations

from core.errors import ServiceError


class KinerjaError(ServiceError):
    """A refusal of the e-Kinerja service."""


class KinerjaValidationError(KinerjaError, ValueError):
    """Bad input: a day in the future, an end before the start, an overlap, an unknown link."""


class KinerjaWorkflowError(KinerjaError, ValueError):
    """A step the activity's lifecycle does not allow (workflow.py), or a closed month."""


class KinerjaAccessDenied(KinerjaError, PermissionError):
    """The actor may not: another person's activity, someone who is not his subordinate, a viewer
    without a staff record, a city-wide role asking for a person's lines."""


class KinerjaNotFound(KinerjaError, LookupError):
    """No activity, photo or person with that id."""
