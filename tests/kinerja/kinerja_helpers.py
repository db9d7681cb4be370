"""What the e-Kinerja tests share: the clock they run at, a form, a team built through the staff
registry's service. A module of its own (not conftest.py), so the tests import it by a name no
other folder's conftest shadows when pytest collects every folder.

The team works at the planning agency (BAPPEDALITBANG) and signs in as `perencana`, a city-wide
role: what each member reads of the others is the hierarchy's alone (an `opd` user would read his
whole OPD through his scope, which OPD_OWN stands for).

    KADIS (Kepala Badan, BAPPEDALITBANG)
      KABID (Kepala Bidang)
        KASI (Kepala Seksi)          decides STAF_A's and STAF_B's lines
          STAF_A, STAF_B
        VACANT (an inactive post)    his report STAF_C is decided by KABID
          STAF_C
    DLH_STAF (another OPD, an `opd` user, no supervisor)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from core.clock import CITY_ZONE
from core.users import SETUP_ACTOR, Viewer
from modules.kinerja.sample import add_staff
from modules.staff import service as staff_service

WEDNESDAY = date(2026, 11, 25)                                  # no holiday in the week
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=CITY_ZONE).astimezone(timezone.utc)  # 10:00 city time
PASSWORD = "kinerja-sample-1"                                   # modules/kinerja/sample.add_staff's
OPD = "BAPPEDALITBANG"
OPD_OWN = Viewer(user_id="t:opd", username="opd.bappeda", role="opd", opd_code=OPD)
OPD_DLH = Viewer(user_id="t:opd2", username="opd.dlh", role="opd", opd_code="DLH")
PIMPINAN = Viewer(user_id="t:p", username="pimpinan", role="pimpinan")
ADMIN = Viewer(user_id="t:a", username="bkd.admin", role="admin")
CAMAT = Viewer(user_id="t:c", username="camat", role="camat", kecamatan_code="35.78.07")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), CITY_ZONE).astimezone(timezone.utc)


def form(day: date | str = WEDNESDAY, start: str = "08:00", end: str = "09:30", **extra) -> dict:
    return {"day": day if isinstance(day, str) else day.isoformat(), "start": start, "end": end, "description": "Survei simpang Jl. Darmo",
            "output": "Data survei", "volume": 2, "output_unit": "lokasi", **extra}


@dataclass
class Person:
    id: int
    viewer: Viewer | None


@dataclass
class Team:
    kadis: Person
    kabid: Person
    kasi: Person
    staf_a: Person
    staf_b: Person
    vacant: Person
    staf_c: Person
    dlh_staf: Person


def build_team(databases) -> Team:
    made = {}
    with databases.transaction() as session:
        def person(key, name, position, supervisor=None, opd=OPD, unit="Bidang Perencanaan", user=True,
                   role="perencana"):
            staff, viewer = add_staff(session, name, position, opd=opd, unit=unit,
                                      supervisor=None if supervisor is None else made[supervisor][0],
                                      username=key.replace("_", ".") if user else None, role=role)
            made[key] = (staff, viewer)

        person("kadis", "Kepala Badan Uji", "Kepala Badan", unit="Pimpinan")
        person("kabid", "Kepala Bidang Uji", "Kepala Bidang", "kadis")
        person("kasi", "Kepala Seksi Uji", "Kepala Seksi", "kabid")
        person("staf_a", "Staf A", "Analis", "kasi")
        person("staf_b", "Staf B", "Analis", "kasi")
        person("vacant", "Kepala Seksi Pensiun", "Kepala Seksi", "kabid", user=False)
        person("staf_c", "Staf C", "Teknisi", "vacant")
        person("dlh_staf", "Staf DLH", "Analis", opd="DLH", unit="Bidang Kebersihan", role="opd")
        staff_service.deactivate(session, SETUP_ACTOR, made["vacant"][0].id)
    return Team(**{key: Person(staff.id, viewer) for key, (staff, viewer) in made.items()})


def later(moment: datetime, **delta) -> datetime:
    return moment + timedelta(**delta)
