"""The infrastructure service layer: the only code that writes the module's tables. The façade that
the prober's worker, the alert webhooks, the pages, the command line and the simulator call; each
concern lives in its module:

    inventory.py    register_device, update_device, set_active, import_csv, export_csv (all or nothing)
    results.py      record_results (rollups + state machine), mark_silent, apply_external_state,
                    prune_rollups
    maintenance.py  schedule_maintenance, end_maintenance (one-off, daily, weekly; with or without
                    collection; a device alone or with everything behind it)
    targets.py      probe_targets: what the prober probes now
    states.py       the state machine (pure); recording.py one change = event + change log;
    access.py       who may edit; checks.py one row's fields

Every function works inside the caller's transaction and never commits:

    with databases.transaction() as session:
        service.import_csv(session, admin, csv_text, settings)
    with databases.transaction() as session:                    # the prober's sink, every second
        service.record_results(session, results, now, settings)
    with databases.transaction() as session:                    # the worker, every few seconds
        service.sweep(session, now, settings)

State changes and inventory changes write their change-log rows (snapshot.py: entities
`infrastructure_device` and `infrastructure_event`, schema 1) in that transaction; probe results
never do. A refusal raises an InfraError naming the field and a message code (errors.py,
messages.py) before anything is written; a CSV import raises InfraImportError with every row's
problems. `settings` may be the app's Settings, its `infrastructure` section, or None (defaults).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from core.clock import now_or
from modules.infrastructure.access import system_actor
from modules.infrastructure.errors import (InfraAccessDenied, InfraError, InfraImportError, InfraNotFound,
                                           InfraValidationError, RowError)
from modules.infrastructure.inventory import (export_csv, import_csv, register_device, save_rows, set_active,
                                              update_device)
from modules.infrastructure.maintenance import apply_windows, covered_devices
from modules.infrastructure.maintenance import end_window as end_maintenance
from modules.infrastructure.maintenance import schedule as schedule_maintenance
from modules.infrastructure.results import (Recorded, apply_external_state, mark_silent, prune_rollups,
                                            record_results)
from modules.infrastructure.targets import probe_targets


def sweep(session: Session, now: datetime | None = None, settings=None) -> dict[str, int]:
    """The periodic work besides results: windows entered and left, silent devices made UNKNOWN,
    old minute rollups pruned. The prober's worker runs it every few seconds."""
    now = now_or(now)
    windows = apply_windows(session, now)
    silent = mark_silent(session, now, settings)
    return {**windows, "silent": len(silent), "pruned": prune_rollups(session, now, settings)}


__all__ = [
    "InfraAccessDenied", "InfraError", "InfraImportError", "InfraNotFound", "InfraValidationError", "Recorded",
    "RowError", "apply_external_state", "covered_devices", "end_maintenance", "export_csv", "import_csv",
    "mark_silent", "probe_targets", "prune_rollups", "record_results", "register_device", "save_rows",
    "schedule_maintenance", "set_active", "sweep", "system_actor", "update_device",
]
