"""A small varied sample of the staff registry, written through the real service and import (the
contract tests compare its change log with the table): a head of Dishub with two heads of division
registered one by one, a contract worker without a NIP, a file importing a section and updating a
head of division, a user linked and another unlinked, someone moved under another supervisor and
someone deactivated. Every NIP is synthetic (nip.make_nip)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from core.db import Databases
from core.settings import Settings
from core.users import SETUP_ACTOR, Viewer, create_user
from modules.staff import importing, service
from modules.staff.nip import make_nip

START = datetime(2026, 9, 7, 2, 0, tzinfo=timezone.utc)  # a Monday, 09:00 city time
ADMIN = Viewer(user_id="sample:admin", username="sample-admin", role="admin")


def sample_nip(serial: int, sex: str = "male", born: date = date(1980, 5, 17),
               appointed: date = date(2005, 3, 1)) -> str:
    return make_nip(born, appointed, sex, serial)


def write_sample(databases: Databases, settings: Settings) -> None:
    def run(function, *args, **kwargs):
        with databases.transaction() as session:
            result = function(session, ADMIN, *args, **kwargs)
            return result.id if hasattr(result, "id") else result

    def at(days: float) -> datetime:
        return START + timedelta(days=days)

    head = run(service.register, {"nip": sample_nip(1), "name": "Kepala Contoh", "opd_code": "DISHUB",
                                  "unit": "Pimpinan", "position": "Kepala Dinas"}, now=at(0))
    traffic = run(service.register, {"nip": sample_nip(2, "female"), "name": "Kabid Contoh", "opd_code": "DISHUB",
                                     "unit": "Bidang Lalu Lintas", "position": "Kepala Bidang",
                                     "supervisor_id": head}, now=at(0))
    transport = run(service.register, {"nip": sample_nip(3), "name": "Kabid Angkutan Contoh", "opd_code": "DISHUB",
                                       "unit": "Bidang Angkutan", "position": "Kepala Bidang",
                                       "supervisor_id": head}, now=at(0))
    driver = run(service.register, {"name": "Pengemudi Kontrak", "opd_code": "DISHUB", "unit": "Bidang Angkutan",
                                    "position": "Pengemudi", "supervisor_id": transport}, now=at(1))
    rows = [dict(nip=sample_nip(2, "female"), name="Kabid Contoh", opd_code="DISHUB", unit="Bidang Lalu Lintas",
                 position="Kepala Bidang Lalu Lintas", supervisor_nip=sample_nip(1), active="1"),
            dict(nip=sample_nip(4, "female", appointed=date(2010, 1, 1)), name="Kasi Contoh", opd_code="DISHUB",
                 unit="Bidang Lalu Lintas / Seksi Rekayasa", position="Kepala Seksi",
                 supervisor_nip=sample_nip(2, "female"), active="1"),
            dict(nip=sample_nip(5, born=date(1996, 2, 29), appointed=date(2020, 3, 1)), name="Staf Contoh",
                 opd_code="DISHUB", unit="Bidang Lalu Lintas / Seksi Rekayasa", position="Analis Lalu Lintas",
                 supervisor_nip=sample_nip(4, "female", appointed=date(2010, 1, 1)), active="ya")]
    run(importing.import_staff, importing.to_csv(rows), now=at(2))
    with databases.transaction() as session:
        create_user(session, "sample-staff", "sample-password-1", "opd", "Kasi Contoh", actor=SETUP_ACTOR,
                    opd_code="DISHUB")
        create_user(session, "sample-head", "sample-password-2", "opd", "Kepala Contoh", actor=SETUP_ACTOR,
                    opd_code="DISHUB")
    with databases.session() as session:
        section = service.find_by_nip(session, sample_nip(4, "female", appointed=date(2010, 1, 1))).id
    run(service.link_user, section, "sample-staff", now=at(3))
    run(service.link_user, head, "sample-head", now=at(3))
    run(service.unlink_user, head, now=at(4))
    run(service.update, driver, {"supervisor_id": traffic, "unit": "Bidang Lalu Lintas"}, now=at(5))
    run(service.deactivate, transport, now=at(6))
