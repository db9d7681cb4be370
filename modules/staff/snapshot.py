"""The change-log payload of a person in the staff registry: the contract the read side sees
(SNAPSHOT_VERSION 1). e-Kinerja's and e-Office's marts count work per OPD, unit and supervisor, so
the payload carries ids, codes, the unit, the state and the time, never a name, NIP or position:

    staff   entity_id = the person's id; opd_code, unit, supervisor_id, active, has_user (a Pantau
            user is linked), updated_at

Built from the ORM object, by the service when it writes and by extract.py when it reads the
table, so both give the same dict. Operation "upsert": every key always present.
"""

from __future__ import annotations

from typing import Any

from core.clock import iso_utc
from modules.staff.models import Staff

SNAPSHOT_VERSION = 1
OPERATION = "upsert"
ENTITY = "staff"
KEYS = ("id", "opd_code", "unit", "supervisor_id", "active", "has_user", "updated_at")


def staff_snapshot(person: Staff) -> dict[str, Any]:
    return dict(id=int(person.id), opd_code=person.opd_code, unit=person.unit,
                supervisor_id=None if person.supervisor_id is None else int(person.supervisor_id),
                active=bool(person.active), has_user=person.user_id is not None,
                updated_at=iso_utc(person.updated_at))
