"""Errors of the planning service, as data (core.errors.ServiceError: the field, a message code, the
values involved); messages.py holds every code's Indonesian and English sentence.

    raise PlanningValidationError("volume", "planning_volume_range", value=-3, maximum=1500, unit="m2")

An import collects one `RowError` per bad field of every row and raises them together
(PlanningImportError), so a file is fixed in one round and nothing of it is written.
"""

from __future__ import annotations

from core.errors import ImportRefused, RowError, ServiceError


class PlanningError(ServiceError):
    """A refusal of the planning service."""


class PlanningValidationError(PlanningError, ValueError):
    """Bad input: an unknown code, a value out of range, a closed round, a ceiling passed."""


class PlanningWorkflowError(PlanningError, ValueError):
    """A step the proposal's (or a work's) lifecycle does not allow (workflow.py)."""


class PlanningAccessDenied(PlanningError, PermissionError):
    """The actor may not do this (another RW, kelurahan, kecamatan or OPD; a role that only reads)."""


class PlanningNotFound(PlanningError, LookupError):
    """No proposal, plan item, budget line or work with that key."""


class PlanningImportError(PlanningError, ImportRefused, ValueError):
    """An import refused as a whole (core.errors.ImportRefused: `errors` lists every bad field of every row)."""

    def __init__(self, errors: list[RowError]):
        super().__init__(errors, "planning_import_refused")
