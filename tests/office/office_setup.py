"""The e-Office tests' office (imported by the tests and tests/office/conftest.py): two OPDs' staff
(Dishub, deep enough for verifiers in order; DLH, a second registrar's OPD), each person acting
through an OPD account of his OPD, and a `Desk` that runs the services at a fixed clock, each call
in its own transaction (as a request would)."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import func, select

from core.changelog import ChangeLogEntry
from modules.office import dispositions, incoming, outgoing
from modules.office.models import (OfficeAttachment, OfficeDisposition, OfficeLetter, OfficeNumberCounter,
                                   OfficeRecipient, OfficeVerifier)
from modules.office.sample import letter_form

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=timezone.utc)  # Monday 10:00 city time
TODAY = date(2026, 11, 30)
# (key, name, unit, position, supervisor's key)
DISHUB = (("head", "Kepala Dishub", "Pimpinan", "Kepala Dinas", None),
          ("secretary", "Sekretaris Dishub", "Sekretariat", "Sekretaris", "head"),
          ("registrar", "Agendaris Dishub", "Sekretariat", "Pengadministrasi", "secretary"),
          ("traffic", "Kabid Lalu Lintas", "Bidang Lalu Lintas", "Kepala Bidang", "head"),
          ("transport", "Kabid Angkutan", "Bidang Angkutan", "Kepala Bidang", "head"),
          ("chief", "Kasi Rekayasa", "Bidang Lalu Lintas", "Kepala Seksi", "traffic"),
          ("analyst", "Analis Rekayasa", "Bidang Lalu Lintas", "Analis", "chief"),
          ("driver", "Pengemudi Angkutan", "Bidang Angkutan", "Pengemudi", "transport"))
DLH = (("dlh_head", "Kepala DLH", "Pimpinan", "Kepala Dinas", None),
       ("dlh_registrar", "Agendaris DLH", "Tata Usaha", "Pengadministrasi", "dlh_head"))
WRITTEN = (OfficeLetter, OfficeRecipient, OfficeDisposition, OfficeVerifier, OfficeAttachment, OfficeNumberCounter,
           ChangeLogEntry)


class Desk:
    """The services at the tests' clock; `people[key]` is an Actor."""

    def __init__(self, databases, settings, people):
        self.databases, self.settings, self.people = databases, settings, people

    def run(self, function, *args, **kwargs):
        with self.databases.transaction() as session:
            result = function(session, *args, **kwargs)
            return [r.id for r in result] if isinstance(result, list) else getattr(result, "id", result)

    def id(self, key: str) -> int:
        return self.people[key].staff_id

    def register(self, actor="registrar", uploads=(), now=NOW, **form) -> int:
        form = letter_form(form.pop("subject", "Undangan rapat"), letter_date=form.pop("letter_date", "2026-11-27"),
                           **form)
        return self.run(incoming.register, self.people[actor], form, list(uploads), self.settings.office, now=now)

    def received(self, to=("head",), now=NOW, **form) -> int:
        """A letter registered and distributed (to the head unless said)."""
        letter = self.register(now=now, **form)
        self.run(incoming.distribute, self.people["registrar"], letter, [self.id(k) for k in to], now=now)
        return letter

    def dispose(self, who: str, letter: int, to, now=NOW, **extra) -> list[int]:
        form = {"to_staff_ids": [self.id(k) for k in to], "instruction": "Tindak lanjuti", **extra}
        return self.run(dispositions.dispose, self.people[who], letter, form, now=now)

    def draft(self, drafter="analyst", signer="head", verifiers=("chief", "traffic"), now=NOW, **form) -> int:
        form = letter_form(form.pop("subject", "Jawaban"), signer_id=self.id(signer),
                           verifier_ids=[self.id(k) for k in verifiers], **form)
        return self.run(outgoing.draft, self.people[drafter], form, [], self.settings.office, now=now)

    def letter(self, letter_id: int) -> OfficeLetter:
        with self.databases.session() as session:
            found = session.get(OfficeLetter, letter_id)
            session.expunge_all()
            return found

    def disposition(self, disposition_id: int) -> OfficeDisposition:
        with self.databases.session() as session:
            found = session.get(OfficeDisposition, disposition_id)
            session.expunge_all()
            return found

    def log(self, entity: str = "office_letter") -> list[ChangeLogEntry]:
        with self.databases.session() as session:
            found = list(session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.entity == entity)
                                         .order_by(ChangeLogEntry.position)))
            session.expunge_all()
            return found

    def count(self, model) -> int:
        with self.databases.session() as session:
            return session.scalar(select(func.count()).select_from(model))
