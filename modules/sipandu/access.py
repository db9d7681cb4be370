"""Who may do what with Sipandu's personal records. The service checks this on every call, through
the viewer's one scope object (core.scope, carried on the Viewer):

    rt_rw     records newcomers and departures in his RT (an RW head: any RT of his RW), reads those
    lurah     verifies or rejects the records of his kelurahan, registers its boarding houses,
              imports its residents' extract, records departures, reads them
    camat     reads the records of his kecamatan
    admin     reviews the access log and answers a subject-access request (the export)
Everyone else (the command center, the mayor's office, OPD, the wall) sees aggregates only, from
the marts: a city-wide scope is no reason to read a person's record.

A NIK is shown masked; in full only to a role of UNMASK_ROLES whose scope holds the record, with a
stated reason, and every such look writes an access-log row (privacy.py).
"""

from __future__ import annotations

from sqlalchemy import and_, false, true

from core.users import Viewer
from modules.sipandu.errors import SipanduAccessDenied

READER_ROLES = ("rt_rw", "lurah", "camat")
UNMASK_ROLES = ("rt_rw", "lurah", "camat")
EXPORT_ROLE = "admin"  # the data-protection officer's account answers subject-access requests
SCOPE_COLUMNS = {"kecamatan": "kecamatan_code", "kelurahan": "kelurahan_code", "rw": "rw", "rt": "rt"}


def require_role(actor: Viewer, roles: tuple[str, ...], what: str) -> None:
    if actor.role not in roles:
        raise SipanduAccessDenied("actor", "sipandu_role_refused", role=actor.role, what=what)


def may_read(actor: Viewer, record) -> bool:
    """`record`: a model object or a mapping with the area columns."""
    return actor.role in READER_ROLES and actor.scope.kind != "city" and actor.scope.allows(record, SCOPE_COLUMNS)


def require_in_scope(actor: Viewer, record, what: str) -> None:
    if not may_read(actor, record):
        raise SipanduAccessDenied("id", "sipandu_outside_scope", username=actor.username, what=what)


def readable(actor: Viewer, table):
    """SQL condition on a table with the area columns: the rows the actor may read."""
    if actor.role not in READER_ROLES or actor.scope.kind == "city":
        return false()
    conditions = actor.scope.conditions(table, SCOPE_COLUMNS)
    return and_(*conditions) if conditions else true()
