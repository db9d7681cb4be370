"""A small varied sample, written through the real service (the contract tests compare its change
log with the tables): a head of unit and three staff of Dinas Perhubungan, their lines of two days
in September 2026 drafted, submitted, approved, returned, corrected and approved, one with a
photo, one left undecided; July to September closed (the lines lock) and the third quarter scored.

The people come through the staff registry's service (`add_staff`), their users through core.users."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from core.clock import CITY_ZONE
from core.db import Databases
from core.settings import Settings
from core.users import SETUP_ACTOR, Viewer, create_user, viewer_of
from modules.kinerja import service
from modules.staff import service as staff_service
from modules.staff.models import Staff

OPD, UNIT = "DISHUB", "Bidang Lalu Lintas"
MONDAY = date(2026, 9, 7)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
ADMIN_DAY = datetime(2026, 10, 5, 2, 0, tzinfo=timezone.utc)  # the BKD closes the quarter's months
ADMIN = Viewer(user_id="sample:kinerja-admin", username="sample-kinerja-admin", role="admin")


def city_moment(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), CITY_ZONE).astimezone(timezone.utc)


def add_staff(session, name: str, position: str, *, opd: str = OPD, unit: str = UNIT, supervisor: Staff | None = None,
              username: str | None = None, role: str = "opd", now: datetime | None = None):
    """A person through the staff registry's service (and, with `username`, his Pantau user, linked
    to him): (staff, his viewer or None)."""
    now = now or datetime(2026, 1, 5, tzinfo=timezone.utc)
    person = staff_service.register(session, SETUP_ACTOR, {
        "nip": None, "name": name, "opd_code": opd, "unit": unit, "position": position,
        "supervisor_id": None if supervisor is None else supervisor.id}, now=now)
    if username is None:
        return person, None
    user = create_user(session, username, "kinerja-sample-1", role, name, opd_code=opd)
    staff_service.link_user(session, SETUP_ACTOR, person.id, username, now=now)
    return person, viewer_of(user)


def line(day: date, start: str, end: str, description: str, **extra) -> dict:
    return {"day": day.isoformat(), "start": start, "end": end, "description": description,
            "output": extra.pop("output", "Laporan"), "volume": extra.pop("volume", 1),
            "output_unit": extra.pop("output_unit", "dokumen"), **extra}


def write_sample(databases: Databases, settings: Settings) -> None:
    section = settings.kinerja
    with databases.transaction() as session:
        head, head_viewer = add_staff(session, "Kepala Bidang Contoh", "Kepala Bidang", username="sample-kinerja-kabid")
        staff = [add_staff(session, f"Staf Contoh {n}", "Analis Lalu Lintas", supervisor=head,
                           username=f"sample-kinerja-staf{n}") for n in (1, 2, 3)]

    def run(function, *args, **kwargs):
        with databases.transaction() as session:
            return function(session, *args, **kwargs)

    ids: dict[str, int] = {}
    for n, (_person, viewer) in enumerate(staff, start=1):
        for day in (MONDAY, MONDAY + timedelta(days=1)):
            evening = city_moment(day, 17)
            ids[f"{n}-{day.day}-a"] = run(service.create_activity, viewer, line(day, "08:00", "10:30", "Rapat koordinasi"),
                                          section, now=evening).id
            ids[f"{n}-{day.day}-b"] = run(service.create_activity, viewer, line(
                day, "10:30", "15:00", "Survei simpang", output="Data survei", volume=3, output_unit="lokasi"),
                section, now=evening).id
    first_viewer = staff[0][1]
    run(service.set_photo, first_viewer, ids["1-7-b"], PNG, "survei.png", section, now=city_moment(MONDAY, 17, 30))
    for n, (_person, viewer) in enumerate(staff, start=1):
        mine = [value for key, value in ids.items() if key.startswith(f"{n}-") and key != "3-8-b"]
        run(service.submit, viewer, mine, now=city_moment(MONDAY + timedelta(days=1), 17, 10))
    wednesday = city_moment(MONDAY + timedelta(days=2), 9)
    returned = ids["2-8-b"]
    approved = [value for key, value in ids.items() if key not in ("2-8-b", "3-8-b", "3-8-a")]
    run(service.decide, head_viewer, approved, "approve", now=wednesday)
    run(service.decide, head_viewer, [returned], "return", "Sebutkan simpang yang disurvei", now=wednesday)
    run(service.edit_activity, staff[1][1], returned, line(MONDAY + timedelta(days=1), "10:30", "14:30",
                                                            "Survei simpang Jl. Basuki Rahmat", output="Data survei",
                                                            volume=2, output_unit="lokasi"),
        section, now=wednesday + timedelta(hours=1))
    run(service.submit, staff[1][1], [returned], now=wednesday + timedelta(hours=1))
    run(service.decide, head_viewer, [returned], "approve", now=wednesday + timedelta(hours=3))
    for month in ("2026-07", "2026-08", "2026-09"):
        run(service.close_period, ADMIN, month, now=ADMIN_DAY)
    for competence, (person, _viewer) in zip((88, 72.5), staff):
        run(service.score_quarter, head_viewer, person.id, "2026-Q3", competence, section, now=ADMIN_DAY)
