"""A small varied sample, written through the real services (the contract tests compare its change
log with the tables): one OPD's office of seven people, an incoming letter taken through its whole
life with a disposition tree two levels deep (one disposition withdrawn unread), a rahasia letter
left unread, an outgoing letter returned once and then initialled, signed, numbered, sent and
archived, and a draft waiting for its signer.

The staff registry has no service of its own yet, so the sample's people are added as rows
(`add_staff`), as the registry's import would; the tests build their offices with it too."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy.orm import Session

from core.db import Databases
from core.settings import Settings
from core.users import Viewer
from modules.office import dispositions, incoming, outgoing
from modules.office.access import Actor, actor_of
from modules.office.attachments import Upload, tiny_pdf
from modules.office.settings import OfficeSettings
from modules.staff.models import Staff

OPD = "DISHUB"
START = datetime(2026, 9, 7, 2, 0, tzinfo=timezone.utc)  # a Monday, 09:00 city time
# (key, name, unit, position, supervisor's key)
OFFICE = (("head", "Kepala Contoh", "Pimpinan", "Kepala Dinas", None),
          ("secretary", "Sekretaris Contoh", "Sekretariat", "Sekretaris", "head"),
          ("registrar", "Agendaris Contoh", "Sekretariat", "Pengadministrasi Umum", "secretary"),
          ("traffic", "Kabid Lalu Lintas Contoh", "Bidang Lalu Lintas", "Kepala Bidang", "head"),
          ("transport", "Kabid Angkutan Contoh", "Bidang Angkutan", "Kepala Bidang", "head"),
          ("engineer", "Analis Lalu Lintas Contoh", "Bidang Lalu Lintas", "Analis", "traffic"),
          ("officer", "Petugas Lalu Lintas Contoh", "Bidang Lalu Lintas", "Pengatur Lalu Lintas", "traffic"))


def add_staff(session: Session, opd_code: str, name: str, unit: str, position: str, supervisor_id: int | None,
              now: datetime, user_id: int | None = None) -> Staff:
    staff = Staff(name=name, opd_code=opd_code, unit=unit, position=position, supervisor_id=supervisor_id,
                  user_id=user_id, active=True, created_at=now, updated_at=now)
    session.add(staff)
    session.flush()
    return staff


def add_office(session: Session, opd_code: str, section: OfficeSettings, now: datetime,
               people=OFFICE) -> dict[str, Actor]:
    """The office's people as actors, each signed in as an OPD user of the OPD (by key)."""
    made: dict[str, Staff] = {}
    for key, name, unit, position, boss in people:
        made[key] = add_staff(session, opd_code, name, unit, position, made[boss].id if boss else None, now)
    return {key: actor_of(staff, staff_viewer(staff), section) for key, staff in made.items()}


def staff_viewer(staff: Staff) -> Viewer:
    """An OPD account of the staff member's OPD (the sample's and the demo's people have no user)."""
    return Viewer(user_id=f"staff:{staff.id}", username=f"pegawai-{staff.id}", role="opd", opd_code=staff.opd_code)


def letter_form(subject: str, **extra) -> dict:
    return {"correspondent": extra.pop("correspondent", "Kantor Contoh"), "subject": subject,
            "classification": extra.pop("classification", "000.1.2"), "security": extra.pop("security", "biasa"),
            **extra}


def write_sample(databases: Databases, settings: Settings) -> None:
    section = settings.office

    def at(days: float) -> datetime:
        return START + timedelta(days=days)

    def run(function, *args, **kwargs):
        with databases.transaction() as session:
            return function(session, *args, **kwargs)

    people = run(add_office, OPD, section, at(0))
    head, registrar = people["head"], people["registrar"]
    pdf = [Upload("undangan.pdf", tiny_pdf("Undangan rapat"))]
    invitation = run(lambda s: incoming.register(s, registrar, letter_form(
        "Undangan rapat koordinasi", letter_date="2026-09-04", reference_number="005/123/2026"), pdf, section,
        now=at(0.1)).id)
    run(incoming.distribute, registrar, invitation, [head.staff_id], now=at(0.2))
    run(incoming.read, head, invitation, now=at(0.5))
    first, second = run(lambda s: [d.id for d in dispositions.dispose(s, head, invitation, {
        "to_staff_ids": [people["traffic"].staff_id, people["transport"].staff_id],
        "instruction": "Hadiri dan laporkan"}, now=at(0.6))])
    run(dispositions.withdraw, head, second, now=at(0.7))
    child = run(lambda s: dispositions.dispose(s, people["traffic"], invitation, {
        "to_staff_ids": [people["engineer"].staff_id], "instruction": "Siapkan bahan paparan",
        "due_date": "2026-09-10"}, now=at(1))[0].id)
    run(dispositions.finish, people["engineer"], child, "Bahan paparan sudah dikirim", now=at(2))
    run(dispositions.finish, people["traffic"], first, "Rapat dihadiri", now=at(3))
    run(incoming.follow_up, head, invitation, "Rapat dihadiri Kabid Lalu Lintas", now=at(3.5))
    run(incoming.archive, registrar, invitation, now=at(4))

    secret = run(lambda s: incoming.register(s, registrar, letter_form(
        "Laporan pengamanan", security="rahasia", letter_date="2026-09-07"), [], section, now=at(1)).id)
    run(incoming.distribute, registrar, secret, [head.staff_id], now=at(1.1))

    reply = run(lambda s: outgoing.draft(s, people["engineer"], letter_form(
        "Jawaban undangan", correspondent="Bappedalitbang", signer_id=head.staff_id,
        verifier_ids=[people["traffic"].staff_id]), [], section, now=at(1.2)).id)
    run(outgoing.submit, people["engineer"], reply, now=at(1.3))
    run(outgoing.return_to_drafter, people["traffic"], reply, "Perbaiki lampiran", now=at(1.4))
    run(outgoing.submit, people["engineer"], reply, now=at(1.5))
    run(outgoing.initial, people["traffic"], reply, now=at(1.6))
    run(outgoing.sign, head, reply, now=at(2))
    run(outgoing.number, registrar, reply, now=at(2.1))
    run(outgoing.send, people["engineer"], reply, now=at(2.2))
    run(outgoing.archive, registrar, reply, now=at(5))
    run(lambda s: outgoing.draft(s, people["officer"], letter_form(
        "Permohonan data", correspondent="DSDABM", signer_id=people["traffic"].staff_id, due_date="2026-09-30"),
        [], section, now=at(2)))
    waiting = run(lambda s: outgoing.draft(s, people["transport"], letter_form(
        "Pemberitahuan", signer_id=head.staff_id), [], section, now=at(2)).id)
    run(outgoing.submit, people["transport"], waiting, now=at(2.5))
