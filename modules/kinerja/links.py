"""What an activity served, and whether it exists: the only place e-Kinerja reads another domain.

    sub_kegiatan   a sub kegiatan code in the plan (RKPD) of the activity's year for the person's
                   OPD (planning_plan_items): work on the OPD's own plan
    complaint      a complaint's ticket (ADU-2611-000123)
    incident       an incident's number (INS-2612-000123)
    letter         an e-Office letter's id, as the change log names it (entity office_letter)

Other domains' tables are read by name through lightweight table objects (no import of their
modules, so e-Kinerja neither drags their code in nor breaks when they change beyond these
columns); e-Office's only through the change log, by entity name. A letter's change-log rows are
pruned after `etl.change_log_retention_days`: a link is checked when it is written or changed, not
again when the activity is edited otherwise.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import column, select, table
from sqlalchemy.orm import Session

from core.changelog import ChangeLogEntry

LINK_KINDS = ("sub_kegiatan", "complaint", "incident", "letter")
LETTER_ENTITY, DISPOSITION_ENTITY = "office_letter", "office_disposition"

PLAN_ITEMS = table("planning_plan_items", column("year"), column("opd_code"), column("sub_kegiatan_code"))
COMPLAINTS = table("complaints", column("id"), column("ticket"))
INCIDENTS = table("incidents", column("number"))


def link_exists(session: Session, kind: str, ref: str, *, opd_code: str, day: date) -> bool:
    if kind == "sub_kegiatan":
        query = select(PLAN_ITEMS.c.year).where(PLAN_ITEMS.c.year == day.year, PLAN_ITEMS.c.opd_code == opd_code,
                                                PLAN_ITEMS.c.sub_kegiatan_code == ref)
    elif kind == "complaint":
        query = select(COMPLAINTS.c.id).where(COMPLAINTS.c.ticket == ref)
    elif kind == "incident":
        query = select(INCIDENTS.c.number).where(INCIDENTS.c.number == ref)
    else:
        query = select(ChangeLogEntry.position).where(ChangeLogEntry.entity == LETTER_ENTITY,
                                                      ChangeLogEntry.entity_id == ref)
    return session.execute(query.limit(1)).first() is not None

