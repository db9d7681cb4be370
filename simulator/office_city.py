"""e-Office at city scale through a bulk path (`city_seed`: `python -m bench --domain office`,
Domain.seeder): a year of every OPD's letters (about 300,000), with the staff registry's people.

    staff        the registry's people (simulator/kinerja_city.ensure_staff writes the city's when it
                 is empty, through the registry's import)
    incoming     about INCOMING_SHARE of the letters, over the year's working days, each OPD in
                 proportion to its people: registered by one of the OPD's staff (its agendaris),
                 numbered in the OPD's agenda of the year, distributed to the head, read, most disposed
                 down the hierarchy (head -> 1-2 heads of division -> 1-2 of their section heads), the
                 dispositions read and done, then followed up and archived; recent letters stop
                 earlier in that path, and one in LATE_SHARE waits well past its due date (overdue)
    outgoing     drafted by a staff member, initialled by his section head and head of division,
                 signed by the head, numbered, sent, archived; recent letters stop earlier
Rows are appended with core.bulk (COPY on PostgreSQL), with one change-log row per letter and per
disposition, their final snapshot (modules/office/snapshot.py), and the number counters set past the
numbers given. Texts are synthetic; the same seed and clock give the same rows.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from tqdm import tqdm

from core.bulk import advance_id_sequence, analyze, append_rows
from core.changelog import record_changes_bulk
from core.clock import CITY_ZONE, city_time, city_today, iso_utc
from core.db import Databases
from core.settings import Settings
from core.working_time import is_working_day
from modules.office import workflow as w
from modules.office.models import (OfficeDisposition, OfficeLetter, OfficeNumberCounter, OfficeRecipient,
                                   OfficeVerifier)
from modules.office.numbers import PREFIX
from modules.office.snapshot import DISPOSITION, LETTER, OPERATION, SNAPSHOT_VERSION
from modules.staff.models import Staff
from simulator.kinerja_city import ensure_staff
from simulator.staff import DIVISION_HEAD, SECTION_HEAD

CITY_LETTERS = 300_000
CITY_STAFF = 20_000
INCOMING_SHARE = 0.6
DISPOSE_SHARE = 0.8
LATE_SHARE = 0.04
CHUNK = 20_000
SENDERS = ("Sekretariat Daerah", "Kementerian Dalam Negeri", "Pemerintah Provinsi Jawa Timur", "DPRD Kota",
           "Kecamatan", "Kelurahan", "Warga", "Perguruan Tinggi", "Badan Usaha")
SUBJECTS = ("Undangan rapat koordinasi", "Permohonan data", "Laporan kegiatan", "Pemberitahuan jadwal",
            "Permohonan narasumber", "Tindak lanjut pengaduan", "Penyampaian dokumen", "Surat edaran")
INSTRUCTIONS = ("Mohon ditindaklanjuti", "Hadiri dan laporkan", "Siapkan bahan", "Untuk diketahui",
                "Koordinasikan dengan bidang terkait")
CLASSIFICATIONS = ("000.1.2", "000.5.1", "100.3.4", "500.6.2", "600.1.1", "800.1.3")
TABLES = (OfficeLetter, OfficeRecipient, OfficeDisposition, OfficeVerifier)


def city_seed(databases: Databases, settings: Settings, count: int = CITY_LETTERS, years: float = 1.0,
              seed: int = 2026, now: datetime | None = None, progress: bool = True) -> int:
    """About `count` letters over the year before `now` (`years`: the bench's common argument, one
    year whatever it says), the staff first when the registry is empty; nothing when e-Office holds
    letters. Returns the letters written."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    with databases.session() as session:
        if session.scalar(select(func.count()).select_from(OfficeLetter)):
            return 0
    ensure_staff(databases, max(400, round(count * CITY_STAFF / CITY_LETTERS)), seed, now)
    year = OfficeYear(databases, now, random.Random(seed))
    year.draw(count)
    written = year.write(databases, progress)
    analyze(databases.engine)
    return written


class OfficeYear:
    def __init__(self, databases: Databases, now: datetime, rng: random.Random):
        self.now, self.rng, self.today = now, rng, city_today(now)
        first = self.today - timedelta(days=365)
        span = (first + timedelta(days=n) for n in range(365))
        self.days = [day for day in span if is_working_day(day)]
        self.rows: dict = {table: [] for table in TABLES}
        self.changes: list[dict] = []
        self.numbers: dict[str, int] = defaultdict(int)
        self.ids = defaultdict(int)
        with databases.session() as session:
            self.opds = _hierarchy(session)

    def draw(self, count: int) -> None:
        people = sum(len(opd["all"]) for opd in self.opds.values())
        for code, opd in sorted(self.opds.items()):
            share = round(count * len(opd["all"]) / max(1, people))
            for moment in sorted(self._moment() for _ in range(share)):
                if self.rng.random() < INCOMING_SHARE:
                    self._incoming(code, opd, moment)
                else:
                    self._outgoing(code, opd, moment)

    def _moment(self) -> datetime:
        return _at(self.rng.choice(self.days), self.rng.randint(7 * 60 + 30, 15 * 60 + 30))

    def _later(self, moment: datetime, low_hours: float, high_hours: float) -> datetime | None:
        """A moment some working hours later (None: not yet)."""
        after = moment + timedelta(hours=self.rng.uniform(low_hours, high_hours))
        while not is_working_day(city_time(after).date()):
            after += timedelta(days=1)
        return after.replace(microsecond=0) if after <= self.now else None

    def _next(self, table) -> int:
        self.ids[table] += 1
        return self.ids[table]

    # --- incoming -------------------------------------------------------------------------------

    def _incoming(self, code: str, opd: dict, moment: datetime) -> None:
        rng = self.rng
        year = city_time(moment).year
        self.numbers[f"{PREFIX[w.INCOMING]}-{code}-{year}"] += 1
        late = rng.random() < LATE_SHARE
        letter = self._letter(w.INCOMING, code, moment, rng.choice(opd["all"]), number=(year, self.numbers[
            f"{PREFIX[w.INCOMING]}-{code}-{year}"]), due=city_time(moment).date() + timedelta(days=rng.randint(5, 21)),
            correspondent=rng.choice(SENDERS), reference=f"{rng.randint(1, 999):03d}/{rng.randint(1, 99)}/{year}")
        recipient = {"id": self._next(OfficeRecipient), "letter_id": letter["id"], "staff_id": opd["head"],
                     "distributed_at": None, "read_at": None}
        steps = [("distributed_at", w.DISTRIBUTED, 0.5, 4), ("first_read_at", w.READ, 1, 20)]
        at = moment
        for column, status, low, high in steps:
            at = self._later(at, low, high * (8 if late else 1))
            if at is None:
                return self._keep(letter, [recipient] if letter["distributed_at"] else [])
            letter[column], letter["status"], letter["updated_at"] = at, status, at
            recipient["distributed_at" if status == w.DISTRIBUTED else "read_at"] = at
        finished = at
        if rng.random() < DISPOSE_SHARE:
            finished = self._dispose(letter, opd, at, late)
        if finished is not None and not late:
            for column, status, low, high in (("followed_up_at", w.FOLLOWED_UP, 2, 30),
                                              ("archived_at", w.ARCHIVED, 4, 60)):
                finished = self._later(finished, low, high)
                if finished is None:
                    break
                letter[column], letter["status"], letter["updated_at"] = finished, status, finished
                if status == w.FOLLOWED_UP:
                    letter["follow_up_note"] = "Sudah ditindaklanjuti (demo)"
        self._keep(letter, [recipient])

    def _dispose(self, letter: dict, opd: dict, read: datetime, late: bool) -> datetime | None:
        """Head -> heads of division -> section heads; when the last disposition was done (None: one is open)."""
        rng, last = self.rng, read
        level = [(None, opd["head"], read)]
        for depth in range(2):
            following = []
            for parent, author, since in level:
                below = opd["below"].get(author, [])
                if not below or since is None:
                    continue
                created = self._later(since, 0.5, 6)
                if created is None:
                    return None
                if depth == 0:
                    letter["disposed_at"] = letter["disposed_at"] or created
                    letter["status"], letter["updated_at"] = w.DISPOSED, max(letter["updated_at"], created)
                for to in rng.sample(below, min(len(below), rng.randint(1, 2))):
                    row = self._disposition(letter, parent, author, to, created, late)
                    following.append((row["id"], to, row["read_at"]))
                    last = None if last is None or row["done_at"] is None else max(last, row["done_at"])
            level = following if rng.random() < 0.5 else []
        return last

    def _disposition(self, letter: dict, parent: int | None, author: int, to: int, created: datetime,
                     late: bool) -> dict:
        read = self._later(created, 0.5, 8 * (6 if late else 1))
        done = None if read is None or late else self._later(read, 4, 60)
        row = {"id": self._next(OfficeDisposition), "letter_id": letter["id"], "parent_id": parent,
               "from_staff_id": author, "to_staff_id": to, "instruction": self.rng.choice(INSTRUCTIONS),
               "due_date": letter["due_date"], "created_at": created, "read_at": read, "done_at": done,
               "note": "Selesai (demo)" if done else None, "withdrawn_at": None,
               "updated_at": done or read or created}
        self.rows[OfficeDisposition].append(row)
        self.changes.append(_change(DISPOSITION, row["id"], _disposition_payload(row, letter["opd_code"])))
        return row

    # --- outgoing -------------------------------------------------------------------------------

    def _outgoing(self, code: str, opd: dict, moment: datetime) -> None:
        rng = self.rng
        drafter = rng.choice(opd["staff"] or opd["all"])
        chain = [person for person in opd["chain"].get(drafter, []) if person != opd["head"]][:2]
        letter = self._letter(w.OUTGOING, code, moment, drafter, number=None, due=None,
                              correspondent=rng.choice(SENDERS), reference=None)
        letter["signer_id"] = opd["head"]
        verifiers = [{"id": self._next(OfficeVerifier), "letter_id": letter["id"], "staff_id": person,
                      "position": place, "initialled_at": None} for place, person in enumerate(chain, start=1)]
        at = self._later(moment, 1, 24)
        if at is not None:
            letter["submitted_at"], letter["status"], letter["updated_at"] = at, w.IN_REVIEW, at
            for verifier in verifiers:
                at = at and self._later(at, 1, 16)
                verifier["initialled_at"] = at
            if at is not None:
                letter["status"], letter["updated_at"] = w.READY_TO_SIGN, at
                for column, status, low, high in (("signed_at", w.SIGNED, 1, 24), ("numbered_at", w.NUMBERED, 0.5, 4),
                                                  ("sent_at", w.SENT, 0.5, 8), ("archived_at", w.ARCHIVED, 8, 120)):
                    at = self._later(at, low, high)
                    if at is None:
                        break
                    letter[column], letter["status"], letter["updated_at"] = at, status, at
                    if status == w.SIGNED:
                        letter["letter_date"] = city_time(at).date()
                    if status == w.NUMBERED:
                        key = f"{PREFIX[w.OUTGOING]}-{code}-{city_time(at).year}"
                        self.numbers[key] += 1
                        letter["number_year"], letter["number"] = city_time(at).year, self.numbers[key]
        self._keep(letter, [], verifiers)

    # --- rows -----------------------------------------------------------------------------------

    def _letter(self, direction: str, code: str, moment: datetime, author: int, number, due: date | None,
                correspondent: str, reference: str | None) -> dict:
        rng = self.rng
        return {"id": self._next(OfficeLetter), "direction": direction, "opd_code": code,
                "number_year": number[0] if number else None, "number": number[1] if number else None,
                "reference_number": reference, "correspondent": correspondent, "subject": rng.choice(SUBJECTS),
                "letter_date": city_time(moment).date() if direction == w.INCOMING else None,
                "classification": rng.choice(CLASSIFICATIONS),
                "security": rng.choices(w.SECURITY_LEVELS, (90, 8, 2))[0],
                "due_date": due, "status": w.REGISTERED if direction == w.INCOMING else w.DRAFT, "link_kind": None,
                "link_id": None, "created_by": author, "signer_id": None, "follow_up_note": None, "return_note": None,
                "created_at": moment, "distributed_at": None, "first_read_at": None, "disposed_at": None,
                "followed_up_at": None, "submitted_at": None, "returned_at": None, "signed_at": None,
                "numbered_at": None, "sent_at": None, "archived_at": None, "updated_at": moment}

    def _keep(self, letter: dict, recipients: list[dict], verifiers: list[dict] = ()) -> None:
        self.rows[OfficeLetter].append(letter)
        self.rows[OfficeRecipient] += recipients
        self.rows[OfficeVerifier] += list(verifiers)
        self.changes.append(_change(LETTER, letter["id"], _letter_payload(letter, recipients, verifiers)))

    def write(self, databases: Databases, progress: bool) -> int:
        """Letters first (the others point at them), each table in chunks, then the change rows and
        the number counters."""
        total = sum(len(rows) for rows in self.rows.values()) + len(self.changes)
        with tqdm(total=total, desc="office year", unit="rows", disable=not progress, smoothing=0.05) as bar:
            for model in TABLES:
                rows, columns = self.rows[model], [c.name for c in model.__table__.columns]
                for start in range(0, len(rows), CHUNK):
                    with databases.transaction() as session:
                        append_rows(session, model.__table__, columns,
                                    [tuple(row[c] for c in columns) for row in rows[start:start + CHUNK]])
                        advance_id_sequence(session, model.__tablename__)
                    bar.update(len(rows[start:start + CHUNK]))
            for start in range(0, len(self.changes), CHUNK):
                with databases.transaction() as session:
                    record_changes_bulk(session, self.changes[start:start + CHUNK])
                bar.update(len(self.changes[start:start + CHUNK]))
        with databases.transaction() as session:
            append_rows(session, OfficeNumberCounter.__table__, ("period", "last_number"), sorted(self.numbers.items()))
        return len(self.rows[OfficeLetter])


def _hierarchy(session) -> dict[str, dict]:
    """Per OPD: its head, everyone active, the staff (not heads of anything), who is directly below
    each head or chief, and each person's chain of supervisors (nearest first)."""
    rows = session.execute(select(Staff.id, Staff.opd_code, Staff.position, Staff.supervisor_id)
                           .where(Staff.active.is_(True)).order_by(Staff.id)).all()
    above = {row.id: row.supervisor_id for row in rows}
    opds: dict[str, dict] = {}
    for row in rows:
        opd = opds.setdefault(row.opd_code, {"head": None, "all": [], "staff": [], "below": defaultdict(list),
                                             "chain": {}})
        opd["all"].append(row.id)
        if row.supervisor_id is None:
            opd["head"] = row.id
        elif row.position not in (SECTION_HEAD, DIVISION_HEAD):
            opd["staff"].append(row.id)
        if row.supervisor_id is not None and row.position in (SECTION_HEAD, DIVISION_HEAD):
            opd["below"][row.supervisor_id].append(row.id)
        chain, boss = [], row.supervisor_id
        while boss is not None:
            chain.append(boss)
            boss = above.get(boss)
        opd["chain"][row.id] = chain
    return {code: opd for code, opd in opds.items() if opd["head"] is not None}


def _letter_payload(letter: dict, recipients: list[dict], verifiers) -> dict:
    """modules/office/snapshot.letter_snapshot's dict, from the row."""
    day = (lambda value: None if value is None else value.isoformat())
    return {"id": letter["id"], "direction": letter["direction"], "opd_code": letter["opd_code"],
            "status": letter["status"], "classification": letter["classification"], "security": letter["security"],
            "letter_date": day(letter["letter_date"]), "due_date": day(letter["due_date"]),
            "number_year": letter["number_year"], "number": letter["number"], "link_kind": None, "link_id": None,
            "created_by": letter["created_by"], "signer_id": letter["signer_id"],
            "recipients": [{"staff_id": r["staff_id"], "read_at": iso_utc(r["read_at"])}
                           for r in sorted(recipients, key=lambda r: r["staff_id"])],
            "verifiers": [{"staff_id": v["staff_id"], "position": v["position"],
                           "initialled_at": iso_utc(v["initialled_at"])} for v in verifiers],
            **{name: iso_utc(letter[name]) for name in ("created_at", "distributed_at", "first_read_at", "disposed_at",
                                                        "followed_up_at", "submitted_at", "returned_at", "signed_at",
                                                        "numbered_at", "sent_at", "archived_at", "updated_at")}}


def _disposition_payload(row: dict, opd_code: str) -> dict:
    return {"id": row["id"], "letter_id": row["letter_id"], "opd_code": opd_code, "parent_id": row["parent_id"],
            "from_staff_id": row["from_staff_id"], "to_staff_id": row["to_staff_id"],
            "status": w.disposition_status(row["read_at"], row["done_at"], row["withdrawn_at"]),
            "due_date": None if row["due_date"] is None else row["due_date"].isoformat(),
            "created_at": iso_utc(row["created_at"]), "read_at": iso_utc(row["read_at"]),
            "done_at": iso_utc(row["done_at"]), "withdrawn_at": iso_utc(row["withdrawn_at"]),
            "updated_at": iso_utc(row["updated_at"])}


def _change(entity: str, entity_id: int, payload: dict) -> dict:
    return {"entity": entity, "entity_id": entity_id, "operation": OPERATION, "payload": payload,
            "schema_version": SNAPSHOT_VERSION}


def _at(day: date, minute: int) -> datetime:
    return datetime.combine(day, time(), CITY_ZONE).astimezone(UTC) + timedelta(minutes=minute)
