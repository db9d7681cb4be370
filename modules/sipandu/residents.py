"""Permanent residents, from a Dukcapil-style extract (resident_extract.py documents the file).

The lurah imports his kelurahan's extract; the admin any. The file is taken whole or not at all:
every bad field of every row is named, a row outside the importer's area too. An accepted file
replaces the residents of every kelurahan it covers (the extract is the population as it stands);
a NIK registered in another kelurahan before moves to the file's RT (one NIK, one residence).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from core.clock import city_today, now_or
from core.errors import RowError
from core.reference import Kelurahan, RtUnit
from core.users import Viewer
from modules.sipandu import access
from modules.sipandu.errors import SipanduImportError
from modules.sipandu.models import SipanduResident
from modules.sipandu.protection import KeyRing
from modules.sipandu.recording import begin_write
from modules.sipandu.resident_extract import ResidentRow, read_resident_extract

IMPORTER_ROLES = ("lurah", "admin", "system")  # system: `manage.py sipandu import-residents`
CHUNK = 500  # keys per IN (...) list


def import_residents(session: Session, actor: Viewer, content: str | bytes, keys: KeyRing,
                     now: datetime | None = None) -> int:
    """Replaces the residents of the file's kelurahans with the file's; returns how many."""
    now = now_or(now)
    access.require_role(actor, IMPORTER_ROLES, "import residents")
    begin_write(session)
    units = {row.code: row for row in session.scalars(select(RtUnit))}
    rows = read_resident_extract(content, set(units), city_today(now))
    _refuse_rows_outside(actor, rows, units)
    kecamatan_of = dict(session.execute(select(Kelurahan.code, Kelurahan.kecamatan_code)).all())
    residents = [_resident(row, units[row.rt_code], kecamatan_of, keys, now) for row in rows]
    kelurahans = sorted({r.kelurahan_code for r in residents})
    indexes = [r.nik_index for r in residents]
    for start in range(0, len(indexes), CHUNK):
        session.execute(delete(SipanduResident).where(or_(
            SipanduResident.kelurahan_code.in_(kelurahans), SipanduResident.nik_index.in_(indexes[start:start + CHUNK]))))
    session.add_all(residents)
    session.flush()
    return len(residents)


def _refuse_rows_outside(actor: Viewer, rows: list[ResidentRow], units: dict) -> None:
    if actor.role in ("admin", "system"):
        return
    outside = [RowError(row.row, "kelurahan_code", "sipandu_row_outside_scope", {"rt": row.rt_code})
               for row in rows if not access.may_read(actor, units[row.rt_code])]
    if outside:
        raise SipanduImportError(outside)


def _resident(row: ResidentRow, unit: RtUnit, kecamatan_of: dict, keys: KeyRing, now: datetime) -> SipanduResident:
    return SipanduResident(nik_cipher=keys.encrypt(row.nik, "nik"), nik_index=keys.blind_index(row.nik, "nik"),
                           kk_cipher=keys.encrypt(row.kk, "kk"), kk_index=keys.blind_index(row.kk, "kk"),
                           name=row.name, sex=row.sex, birth_date=row.birth_date,
                           kecamatan_code=kecamatan_of[unit.kelurahan_code], kelurahan_code=unit.kelurahan_code,
                           rw=unit.rw, rt=unit.rt, address=row.address, imported_at=now)
