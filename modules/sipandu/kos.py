"""Boarding houses (kos): the lurah registers those of his kelurahan, with their capacity, so the
read side can set the newcomers recorded at each against the places it has ("completeness")."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import now_or
from core.reference import Kelurahan, RtUnit
from core.users import Viewer
from modules.sipandu import access, checks
from modules.sipandu.errors import SipanduAccessDenied, SipanduValidationError
from modules.sipandu.models import SipanduKos
from modules.sipandu.recording import begin_write, log_kos

REGISTRAR_ROLE = "lurah"
MAX_CAPACITY = 500  # rooms x beds of the largest asrama; more is a typing error


def register_kos(session: Session, actor: Viewer, form: dict, now: datetime | None = None) -> SipanduKos:
    """A boarding house (form: name, owner_name, address, rt_code, capacity) in the lurah's kelurahan."""
    now = now_or(now)
    access.require_role(actor, (REGISTRAR_ROLE,), "register boarding houses")
    begin_write(session)
    rt_code = checks.text("rt_code", form.get("rt_code"), required=True, limit=64)
    unit = session.get(RtUnit, rt_code)
    if unit is None:
        raise SipanduValidationError("rt_code", "sipandu_unknown_code", kind="RT", value=rt_code)
    place = dict(kelurahan_code=unit.kelurahan_code, rw=unit.rw, rt=unit.rt)
    if not access.may_read(actor, place):
        raise SipanduAccessDenied("rt_code", "sipandu_outside_scope", username=actor.username, what=rt_code)
    kos = SipanduKos(code=_next_code(session, unit.kelurahan_code), name=checks.text("name", form.get("name"),
                                                                                     required=True),
                     owner_name=checks.text("owner_name", form.get("owner_name"), required=True, limit=100),
                     address=checks.text("address", form.get("address"), required=True),
                     kecamatan_code=session.get(Kelurahan, unit.kelurahan_code).kecamatan_code,
                     capacity=_capacity(form.get("capacity")), active=True, **place)
    session.add(kos)
    log_kos(session, kos, now)
    return kos


def _capacity(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_CAPACITY:
        raise SipanduValidationError("capacity", "sipandu_out_of_range", minimum=1, maximum=MAX_CAPACITY)
    return value


def _next_code(session: Session, kelurahan_code: str) -> str:
    """KOS-<the kelurahan's 10 digits><serial>: readable, stable, unique under the writer lock."""
    digits = kelurahan_code.replace(".", "")
    count = session.scalar(select(func.count()).where(SipanduKos.kelurahan_code == kelurahan_code))
    return f"KOS-{digits}{count + 1:04d}"
