"""e-Office's demo (Domain.demo_history, Domain.demo_feed): letters moving through the real services,
by the demo staff the `staff` table holds at run time (simulator/staff.py makes them; with an empty
table this does nothing). Each tick registers or drafts a letter and moves a few open ones one step
along: distributed to the OPD's head, read, disposed down his line (now and then withdrawn while
unread, or passed further down), finished with a note, followed up and archived; drafts initialled
by the drafter's superiors in turn (now and then returned), signed, numbered, sent and archived.
The first-run history is the same feed run over the past weeks with the clock moved on; every
attachment is a tiny valid PDF generated here, every subject and name synthetic.

A person acts through his Pantau account when he has one, else through an OPD account of his OPD
(modules.office.sample.staff_viewer): registrars are recognised as the service recognises them.
"""

from __future__ import annotations

import logging
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import city_today, now_or, utc_now
from core.db import Databases
from core.periodic import PeriodicThread
from core.settings import Settings
from core.users import User, viewer_of
from modules.office import dispositions, incoming, outgoing, workflow
from modules.office.access import Actor, actor_of, registrar_record
from modules.office.attachments import Upload, tiny_pdf
from modules.office.errors import OfficeAccessDenied, OfficeError
from modules.office.models import OfficeDisposition, OfficeLetter, OfficeVerifier
from modules.office.sample import staff_viewer
from modules.office.settings import OfficeSettings
from modules.staff.models import Staff

log = logging.getLogger(__name__)

TICK_SECONDS = 30.0
HISTORY_DAYS, HISTORY_TICKS_PER_DAY = 28, 6
ADVANCES_PER_TICK = 4
SENDERS = ("Sekretariat Daerah Kota Surabaya", "Kementerian Dalam Negeri", "DPRD Kota Surabaya",
           "Pemerintah Provinsi Jawa Timur", "Kecamatan Genteng", "PT Contoh Sejahtera", "Warga RW 03 Ketabang")
SUBJECTS = ("Undangan rapat koordinasi", "Permohonan data", "Laporan kegiatan", "Surat edaran", "Pemberitahuan",
            "Permohonan audiensi", "Tindak lanjut aduan warga", "Nota dinas")
CLASSIFICATIONS = ("000.1.2", "000.1.5", "100.3.4", "400.10.2", "500.11", "600.1.15", "800.1.11.3")
INSTRUCTIONS = ("Untuk diketahui", "Tindak lanjuti sesuai ketentuan", "Hadiri dan laporkan", "Siapkan bahan",
                "Koordinasikan dengan bidang terkait")


@dataclass
class Office:
    """The demo's view of the staff table: who is in which OPD, who reports to whom."""

    staff: dict[int, Staff] = field(default_factory=dict)
    reports: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    registrars: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    heads: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))


def load_office(session: Session, section: OfficeSettings) -> Office:
    office = Office()
    for person in session.scalars(select(Staff).where(Staff.active.is_(True)).order_by(Staff.id)):
        office.staff[person.id] = person
    for person in office.staff.values():
        boss = office.staff.get(person.supervisor_id)
        if boss is not None:
            office.reports[boss.id].append(person.id)
        if boss is None or boss.opd_code != person.opd_code:
            office.heads[person.opd_code].append(person.id)
        if registrar_record(person, section):
            office.registrars[person.opd_code].append(person.id)
    return office


class LiveOfficeFeed(PeriodicThread):
    """Every tick (`run_once(now)` with the clock a test chooses): a new letter, then a few steps,
    each through the services in its own transaction (a refusal is counted, not raised)."""

    name = "office-simulator"

    def __init__(self, databases: Databases, settings: Settings, seed: int | None = None,
                 interval: float = TICK_SECONDS):
        super().__init__(interval)
        self.databases, self.settings = databases, settings
        self.rng = random.Random(seed)

    def tick(self) -> None:
        self.run_once(utc_now())

    def run_once(self, now: datetime) -> dict[str, int]:
        done: Counter = Counter()
        with self.databases.session() as session:
            office = load_office(session, self.settings.office)
        if not office.staff:
            return {}
        steps = [self.new_letter] + [self.advance] * ADVANCES_PER_TICK
        for step in steps:
            try:
                with self.databases.transaction() as session:
                    what = step(session, office, now)
            except OfficeError as error:
                done["refused"] += 1
                log.debug("office feed: refused: %s", error)
                continue
            if what:
                done[what] += 1
        return dict(done)

    # --- new letters ------------------------------------------------------------------------------

    def new_letter(self, session: Session, office: Office, now: datetime) -> str | None:
        if office.registrars and self.rng.random() < 0.55:
            return self.register(session, office, now)
        return self.draft(session, office, now)

    def register(self, session: Session, office: Office, now: datetime) -> str:
        rng = self.rng
        opd = rng.choice(sorted(office.registrars))
        registrar = self.actor(session, office, rng.choice(office.registrars[opd]))
        subject = rng.choice(SUBJECTS)
        form = {"correspondent": rng.choice(SENDERS), "subject": subject,
                "reference_number": f"{rng.randint(1, 999):03d}/{rng.randint(1, 9999)}/{city_today(now).year}",
                "letter_date": (city_today(now) - timedelta(days=rng.randint(0, 4))).isoformat(),
                "classification": rng.choice(CLASSIFICATIONS),
                "security": rng.choices(workflow.SECURITY_LEVELS, (85, 12, 3))[0]}
        uploads = [Upload(f"surat-{rng.randint(1, 99999)}.pdf", tiny_pdf(subject))] if rng.random() < 0.8 else []
        incoming.register(session, registrar, form, uploads, self.settings.office, now=now)
        return "registered"

    def draft(self, session: Session, office: Office, now: datetime) -> str | None:
        drafters = [staff_id for staff_id, person in office.staff.items() if person.supervisor_id in office.staff]
        if not drafters:
            return None
        drafter = self.rng.choice(drafters)
        chain = self.chain(office, drafter)
        form = {"correspondent": self.rng.choice(SENDERS), "subject": self.rng.choice(SUBJECTS),
                "classification": self.rng.choice(CLASSIFICATIONS), "security": self.rng.choice(("biasa", "terbatas")),
                "signer_id": chain[-1], "verifier_ids": chain[:-1]}
        outgoing.draft(session, self.actor(session, office, drafter), form, [], self.settings.office, now=now)
        return "drafted"

    # --- one step along ---------------------------------------------------------------------------

    def advance(self, session: Session, office: Office, now: datetime) -> str | None:
        open_ids = session.scalars(select(OfficeLetter.id).where(OfficeLetter.status != workflow.ARCHIVED)
                                   .order_by(OfficeLetter.id)).all()
        if not open_ids:
            return None
        letter = session.get(OfficeLetter, self.rng.choice(open_ids))
        move = getattr(self, f"on_{letter.status}")
        return move(session, office, letter, now)

    def on_registered(self, session, office, letter, now):
        heads = office.heads.get(letter.opd_code) or [letter.created_by]
        incoming.distribute(session, self.actor(session, office, letter.created_by), letter.id, heads[:1], now=now)
        return "distributed"

    def on_distributed(self, session, office, letter, now):
        head = self.recipient(office, letter)
        incoming.read(session, self.actor(session, office, head), letter.id, now=now)
        return "read"

    def on_read(self, session, office, letter, now):
        head = self.recipient(office, letter)
        below = office.reports.get(head, [])
        if not below or self.rng.random() < 0.15:
            incoming.follow_up(session, self.actor(session, office, head), letter.id, "Sudah ditangani", now=now)
            return "followed up"
        chosen = self.rng.sample(below, k=min(len(below), self.rng.choice((1, 1, 2))))
        dispositions.dispose(session, self.actor(session, office, head), letter.id,
                             {"to_staff_ids": chosen, "instruction": self.rng.choice(INSTRUCTIONS)}, now=now)
        return "disposed"

    def on_disposed(self, session, office, letter, now):
        open_ones = session.scalars(select(OfficeDisposition).where(
            OfficeDisposition.letter_id == letter.id, OfficeDisposition.done_at.is_(None),
            OfficeDisposition.withdrawn_at.is_(None))).all()
        if not open_ones:
            head = self.recipient(office, letter)
            incoming.follow_up(session, self.actor(session, office, head), letter.id, "Disposisi selesai", now=now)
            return "followed up"
        one = self.rng.choice(open_ones)
        if one.read_at is None:
            if self.rng.random() < 0.1:
                dispositions.withdraw(session, self.actor(session, office, one.from_staff_id), one.id, now=now)
                return "withdrawn"
            dispositions.read(session, self.actor(session, office, one.to_staff_id), one.id, now=now)
            return "disposition read"
        below = office.reports.get(one.to_staff_id, [])
        has_children = session.scalar(select(func.count()).select_from(OfficeDisposition)
                                      .where(OfficeDisposition.parent_id == one.id))
        if below and not has_children and self.rng.random() < 0.35:
            dispositions.dispose(session, self.actor(session, office, one.to_staff_id), letter.id,
                                 {"to_staff_ids": [self.rng.choice(below)],
                                  "instruction": self.rng.choice(INSTRUCTIONS)}, now=now)
            return "disposed further"
        dispositions.finish(session, self.actor(session, office, one.to_staff_id), one.id,
                            "Sudah dilaksanakan dan dilaporkan", now=now)
        return "finished"

    def on_followed_up(self, session, office, letter, now):
        return self.archive(session, office, letter, now)

    def on_draft(self, session, office, letter, now):
        outgoing.submit(session, self.actor(session, office, letter.created_by), letter.id, now=now)
        return "submitted"

    def on_in_review(self, session, office, letter, now):
        turn = session.scalar(select(OfficeVerifier.staff_id).where(
            OfficeVerifier.letter_id == letter.id, OfficeVerifier.initialled_at.is_(None))
            .order_by(OfficeVerifier.position).limit(1))
        verifier = self.actor(session, office, turn)
        if self.rng.random() < 0.1:
            outgoing.return_to_drafter(session, verifier, letter.id, "Mohon diperbaiki", now=now)
            return "returned"
        outgoing.initial(session, verifier, letter.id, now=now)
        return "initialled"

    def on_ready_to_sign(self, session, office, letter, now):
        outgoing.sign(session, self.actor(session, office, letter.signer_id), letter.id, now=now)
        return "signed"

    def on_signed(self, session, office, letter, now):
        registrars = office.registrars.get(letter.opd_code)
        if not registrars:
            return None  # an OPD without a registrar unit keeps its signed letters unnumbered
        outgoing.number(session, self.actor(session, office, registrars[0]), letter.id, now=now)
        return "numbered"

    def on_numbered(self, session, office, letter, now):
        outgoing.send(session, self.actor(session, office, letter.created_by), letter.id, now=now)
        return "sent"

    def on_sent(self, session, office, letter, now):
        return self.archive(session, office, letter, now)

    def archive(self, session, office, letter, now):
        registrar = letter.created_by if letter.direction == workflow.INCOMING else \
            (office.registrars.get(letter.opd_code) or [None])[0]
        if registrar is None:
            return None
        incoming.archive(session, self.actor(session, office, registrar), letter.id, now=now)
        return "archived"

    # --- people -----------------------------------------------------------------------------------

    def actor(self, session: Session, office: Office, staff_id: int | None) -> Actor:
        person = office.staff.get(staff_id)
        if person is None:  # left the staff (inactive) since: his letters wait for someone else
            raise OfficeAccessDenied("actor", "office_no_staff", username=f"staff {staff_id}")
        user = session.get(User, person.user_id) if person.user_id else None
        viewer = viewer_of(user, self.settings.auth.city_wide_roles) if user is not None else staff_viewer(person)
        return actor_of(person, viewer, self.settings.office)

    @staticmethod
    def chain(office: Office, staff_id: int) -> list[int]:
        """The person's superiors, nearest first, as far up as the staff table goes."""
        found, current = [], office.staff[staff_id].supervisor_id
        while current in office.staff and current not in found:
            found.append(current)
            current = office.staff[current].supervisor_id
        return found[:4]

    @staticmethod
    def recipient(office: Office, letter: OfficeLetter) -> int:
        return next(iter(office.heads.get(letter.opd_code) or [letter.created_by]))


# === the domain's hooks (domains/office.py) =====================================================

def fill_demo_history(services, now: datetime | None = None, seed: int = 2026,
                      days: int = HISTORY_DAYS) -> int | None:
    """The past weeks' letters on the first start: nothing when e-Office holds letters already or
    when the staff table is empty (the staff demo has not run); returns the steps taken."""
    with services.databases.session() as session:
        if session.scalar(select(func.count()).select_from(OfficeLetter)) or \
                not session.scalar(select(func.count()).select_from(Staff)):
            return None
    print("Mengisi data demo e-Office: surat masuk, disposisi dan surat keluar (sintetis) ...")
    feed, end = LiveOfficeFeed(services.databases, services.settings, seed=seed), now_or(now)
    steps = 0
    for tick in range(days * HISTORY_TICKS_PER_DAY):
        moment = end - timedelta(days=days) + timedelta(days=tick / HISTORY_TICKS_PER_DAY)
        steps += sum(feed.run_once(moment).values())
    return steps


def start_live_feed(services) -> LiveOfficeFeed:
    """The live feed; first the history, when the demo's history ran before the staff demo had filled
    the staff table (domains' histories run in the registry's order, `office` before `staff`)."""
    if services.settings.demo.load_demo_data:
        fill_demo_history(services)
    return LiveOfficeFeed(services.databases, services.settings).start()
