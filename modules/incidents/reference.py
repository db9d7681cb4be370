"""The incidents domain's reference data: categories, the agencies' unit types, the field posts
(reference/incident_*.csv); and the demo fleet those counts describe, which is demo data, not
reference: a city registers its own units (`register_unit`). The demo (make run's first start),
the sample and the tests load it with `load_fleet`.

The fleet is written through the service (`register_unit`), so each new unit has its change-log
row; units that exist already are left as they are (their status is live data)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import utc_now
from core.reference import read_csv, upsert_rows
from modules.incidents.models import IncidentCategory, IncidentPost, IncidentUnit, IncidentUnitType


def load_incident_reference(session: Session) -> dict[str, int]:
    upsert_rows(session, IncidentCategory, [
        dict(code=r["code"], name=r["name"], type=r["type"], priority=int(r["priority"]), units=r["units"],
             daily_share=float(r["daily_share"])) for r in read_csv("incident_categories.csv")])
    upsert_rows(session, IncidentUnitType, [
        dict(agency_code=r["code"], unit_type=r["unit_type"], name=r["name"], count=int(r["count"]),
             speed_kmh=float(r["speed_kmh"]), turnout_seconds=int(r["turnout_seconds"]))
        for r in read_csv("incident_agencies.csv")])
    upsert_rows(session, IncidentPost, [
        dict(code=r["code"], name=r["name"], kind=r["kind"], kecamatan_code=r["kecamatan"], lat=float(r["lat"]),
             lon=float(r["lon"])) for r in read_csv("incident_posts.csv")])
    return {model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (IncidentCategory, IncidentUnitType, IncidentPost, IncidentUnit)}


def needed_unit_types(category: IncidentCategory) -> list[tuple[str, str]]:
    """[(agency, unit_type)] a category needs, the lead agency first ("DINKES:ambulance DISHUB:...")."""
    return [tuple(pair.split(":", 1)) for pair in category.units.split()]


def unit_code(agency: str, unit_type: str, number: int) -> str:
    """DPKP-FE-03: the agency, the unit type's initials (two letters of a one-word type), a number."""
    words = unit_type.split("_")
    short = "".join(w[0] for w in words) if len(words) > 1 else unit_type[:2]
    return f"{agency}-{short.upper()}-{number:02d}"


def load_fleet(session: Session, now: datetime | None = None) -> int:
    """The demo fleet: `count` units of each unit type, spread over the posts (integrated posts
    first); returns how many units were new."""
    from modules.incidents.units import register_unit  # the service writes units

    posts = session.scalars(select(IncidentPost).order_by(IncidentPost.kind, IncidentPost.code)).all()
    existing = set(session.scalars(select(IncidentUnit.code)))
    new = 0
    for offset, kind in enumerate(session.scalars(select(IncidentUnitType).order_by(
            IncidentUnitType.agency_code, IncidentUnitType.unit_type)).all()):
        for number in range(1, kind.count + 1):
            code = unit_code(kind.agency_code, kind.unit_type, number)
            if code in existing:
                continue
            post = posts[(offset + number - 1) % len(posts)] if posts else None
            register_unit(session, code, kind.agency_code, kind.unit_type, post, now=now or utc_now())
            new += 1
    return new
