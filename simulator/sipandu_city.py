"""Sipandu at city scale through a bulk path (`city_seed`: `python -m bench --domain sipandu`,
Domain.seeder), and the demo's history at a small scale (`fill_demo_history`, the first `make run`).

Drawn in memory, then appended with core.bulk (COPY on PostgreSQL):
- residents: CITY_RESIDENTS (2.9 million) over every RT of the reference data, in households of
  about 3.3 with a KK number each, NIK and KK encrypted and blind-indexed as the service stores them;
- boarding houses: in about a third of the RTs, 5 to 40 places each;
- newcomers: NEWCOMERS_PER_YEAR (50,000) a year over the last `years`, more where the kos are,
  none in the "silent" RTs (SILENT_SHARE); most recorded within 24 hours, most verified within days,
  most leaving before or when their stated stay ends; those ended more than the retention ago are
  deleted (their deletions logged) after their snapshots went to the change log.
Change-log rows are the records' final snapshots (snapshot.py), so the ETL builds the marts from
them. Every name, NIK and KK is synthetic ("Warga Demo", "Pendatang Demo"). The same seed and clock
give the same history.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from itertools import islice

from sqlalchemy import func, select
from tqdm import tqdm

from core.bulk import advance_id_sequence, analyze, append_rows
from core.changelog import record_changes_bulk
from core.clock import CITY_ZONE, city_today
from core.db import Databases
from core.reference import Kelurahan, RtUnit
from core.settings import Settings
from modules.sipandu import workflow
from modules.sipandu.keys import keys_for
from modules.sipandu.models import SipanduDeletion, SipanduKos, SipanduNewcomer, SipanduResident
from modules.sipandu.nik import make_nik
from modules.sipandu.recording import begin_write
from modules.sipandu.regions import region_names
from modules.sipandu.snapshot import KOS, NEWCOMER, OPERATION, SNAPSHOT_VERSION, kos_snapshot, newcomer_snapshot

CITY_YEARS = 5
NEWCOMERS_PER_YEAR = 50_000
CITY_NEWCOMERS = CITY_YEARS * NEWCOMERS_PER_YEAR   # what `count` means at city scale
CITY_RESIDENTS = 2_900_000
KOS_SHARE = 0.35          # RTs with boarding houses
SILENT_SHARE = 0.12       # RTs whose head records nothing
LATE_SHARE = 0.22         # recorded after the 24 hours
REJECT_SHARE = 0.04
LEAVE_EARLY_SHARE = 0.55  # leave before the stated stay ends
CHUNK = 50_000
ACTOR = "system:simulator"
# Where newcomers come from (regency 'PP.RR': weight): East Java's regencies first, then the rest of Java,
# Madura, NTT and the cities students come from.
ORIGINS = {"35.15": 9, "35.25": 7, "35.24": 6, "35.26": 6, "35.27": 5, "35.28": 5, "35.29": 5, "35.07": 5,
           "35.09": 5, "35.06": 4, "35.10": 4, "35.22": 4, "35.23": 3, "35.16": 3, "35.17": 3, "35.04": 3,
           "35.73": 2, "31.71": 3, "31.74": 2, "33.74": 3, "32.73": 2, "34.71": 2, "51.71": 1, "53.71": 2,
           "52.71": 1, "64.72": 1, "73.71": 1, "12.71": 1}
PURPOSES = {"work": 0.6, "study": 0.3, "other": 0.1}
STAY_DAYS = {"work": (90, 730), "study": (365, 1460), "other": (30, 180)}
DESTINATIONS = ("35.15", "35.25", "35.07", "31.71", "35.78", "33.74")
FIRST = ("Adi", "Bayu", "Citra", "Dian", "Eka", "Fajar", "Gita", "Hadi", "Indah", "Joko", "Kiki", "Lina", "Made",
         "Nanda", "Oki", "Putri", "Rizki", "Sari", "Tono", "Wati")


@dataclass(frozen=True)
class Rt:
    kecamatan: str
    kelurahan: str
    rw: int
    rt: int


def city_seed(databases: Databases, settings: Settings, count: int = CITY_NEWCOMERS, years: float = CITY_YEARS,
              seed: int = 2026, now: datetime | None = None, progress: bool = True,
              residents: int | None = None) -> int:
    """About `count` newcomers over the last `years` and `residents` residents (default: in the city's
    proportion, 2.9 million for 250,000); nothing when Sipandu holds records. Returns the newcomers."""
    now = (now or datetime.now(timezone.utc)).replace(microsecond=0)
    with databases.session() as session:
        if session.scalar(select(func.count()).select_from(SipanduNewcomer)) or \
                session.scalar(select(func.count()).select_from(SipanduResident)):
            return 0
        rts = load_rts(session)
    residents = round(count * CITY_RESIDENTS / CITY_NEWCOMERS) if residents is None else residents
    history = SipanduHistory(rts, settings, now, years, random.Random(seed))
    history.draw(count, residents)
    written = history.write(databases, progress)
    analyze(databases.engine)
    return written


def load_rts(session) -> list[Rt]:
    kecamatan = dict(session.execute(select(Kelurahan.code, Kelurahan.kecamatan_code)).all())
    return [Rt(kecamatan[k], k, int(rw), int(rt)) for k, rw, rt in session.execute(
        select(RtUnit.kelurahan_code, RtUnit.rw, RtUnit.rt).order_by(RtUnit.kelurahan_code, RtUnit.rw, RtUnit.rt))]


class SipanduHistory:
    def __init__(self, rts: list[Rt], settings: Settings, now: datetime, years: float, rng: random.Random):
        self.rts, self.settings, self.now, self.rng = rts, settings, now, rng
        self.keys = keys_for(settings)
        self.first_day = now - timedelta(days=round(365 * years))
        self.today = city_today(now)
        self.kos: list[dict] = []
        self.kos_of: dict[Rt, list[dict]] = defaultdict(list)
        self.newcomers: list[dict] = []
        self.resident_count = 0
        self.resident_seed = 0  # the residents' own random stream, drawn while they are written
        self.serials: dict[str, int] = defaultdict(int)
        regencies = region_names("regency")
        self.origins = {code: weight for code, weight in ORIGINS.items() if code in regencies}
        self.kecamatan_of: dict[str, list[str]] = defaultdict(list)
        for code in region_names("kecamatan"):
            self.kecamatan_of[code[:5]].append(code)

    # --- drawing ------------------------------------------------------------------------------

    def draw(self, newcomers: int, residents: int) -> None:
        """Draws the boarding houses and newcomers; the residents are drawn chunk by chunk as they are
        written (_residents): at ten times the city, 29 million of them drawn at once held 10.9 GB after
        five minutes and were still growing towards the machine's 24 GB."""
        self._draw_kos()
        self._draw_newcomers(newcomers)
        self.resident_count = residents
        self.resident_seed = self.rng.getrandbits(64)

    def _draw_kos(self) -> None:
        serial: dict[str, int] = defaultdict(int)
        for rt in self.rts:
            if self.rng.random() >= KOS_SHARE:
                continue
            for _ in range(self.rng.choice((1, 1, 1, 2, 3))):
                serial[rt.kelurahan] += 1
                kos = dict(id=len(self.kos) + 1, code=f"KOS-{rt.kelurahan.replace('.', '')}{serial[rt.kelurahan]:04d}",
                           rt=rt, capacity=self.rng.randint(5, 40), created=self.first_day)
                self.kos.append(kos)
                self.kos_of[rt].append(kos)

    def _draw_newcomers(self, count: int) -> None:
        recording = [rt for rt in self.rts if self.rng.random() >= SILENT_SHARE]
        weights = [1 + sum(k["capacity"] for k in self.kos_of[rt]) / 8 for rt in recording]
        span = (self.now - self.first_day).total_seconds()
        arrivals = sorted(self.first_day + timedelta(seconds=self.rng.uniform(0, span)) for _ in range(count))
        places = self.rng.choices(recording, weights=weights, k=count)
        for arrived, rt in zip(arrivals, places):
            record = self._newcomer(arrived.replace(microsecond=0), rt)
            if record is not None:
                record["id"] = len(self.newcomers) + 1
                self.newcomers.append(record)

    def _newcomer(self, arrived: datetime, rt: Rt) -> dict | None:
        rng = self.rng
        late = rng.random() < LATE_SHARE
        recorded = arrived + (timedelta(hours=rng.uniform(25, 24 * 7)) if late else timedelta(hours=rng.uniform(1, 23)))
        if recorded > self.now:
            return None
        purpose = _weighted(rng, PURPOSES)
        origin = _weighted(rng, self.origins)
        sex = rng.choice(("female", "male"))
        born = arrived.date() - timedelta(days=rng.randint(17 * 365, 45 * 365))
        low, high = STAY_DAYS[purpose]
        stay_until = (arrived + timedelta(days=rng.randint(low, high))).date() if rng.random() < 0.7 else None
        kos = self.kos_of[rt]
        record = dict(rt=rt, arrived=arrived, recorded=recorded, purpose=purpose, origin=origin, sex=sex, born=born,
                      nik=self._nik(origin, born, sex), stay_until=stay_until, in_time=not late,
                      kos=rng.choice(kos) if kos and purpose != "other" and rng.random() < 0.6 else None,
                      status=workflow.RECORDED, verified=None, reason=None, left=None, destination=None, ended=None)
        self._lifecycle(record)
        return record

    def _lifecycle(self, record: dict) -> None:
        rng = self.rng
        decided = record["recorded"] + timedelta(hours=rng.uniform(4, 24 * 10))
        if decided > self.now:
            return
        record["verified"] = decided
        if rng.random() < REJECT_SHARE:
            record.update(status=workflow.REJECTED, reason=rng.choice(workflow.REJECTION_REASONS), ended=decided)
            return
        record["status"] = workflow.ACTIVE
        stay_end = (datetime.combine(record["stay_until"] + timedelta(days=1), time(), CITY_ZONE)
                    if record["stay_until"] else record["arrived"] + timedelta(days=rng.randint(180, 1200)))
        if rng.random() < LEAVE_EARLY_SHARE or record["stay_until"] is None:
            left = decided + (stay_end - decided) * rng.uniform(0.1, 1.0)
            if left <= self.now:
                record.update(status=workflow.MOVED_OUT, left=left.replace(microsecond=0), ended=left.replace(
                    microsecond=0), destination=rng.choice(DESTINATIONS))
        elif record["stay_until"] < self.today:
            record.update(status=workflow.EXPIRED, ended=stay_end.astimezone(timezone.utc))

    def _nik(self, regency: str, born: date, sex: str, rng: random.Random | None = None) -> str:
        region = (rng or self.rng).choice(self.kecamatan_of[regency])
        key = f"{region}{born}{sex}"
        self.serials[key] += 1
        return make_nik(region, born, sex, self.serials[key])

    def _residents(self, count: int, rng: random.Random) -> Iterator[tuple]:
        """(nik, kk, name, sex, born, rt, address) of `count` residents, RT by RT, each drawn when asked for."""
        per_rt = count / max(1, len(self.rts))
        remaining = count
        for index, rt in enumerate(self.rts):
            share = remaining if index == len(self.rts) - 1 else min(remaining, round(per_rt * rng.uniform(0.6, 1.4)))
            remaining -= share
            yield from self._households(rt, share, rng)

    def _households(self, rt: Rt, people: int, rng: random.Random) -> Iterator[tuple]:
        kk = None
        for member in range(people):
            if member % 3 == 0 or kk is None:
                kk = self._nik(rt.kecamatan[:5], date(2010, 1, 1) + timedelta(days=rng.randint(0, 5000)), "male", rng)
            sex = rng.choice(("female", "male"))
            born = self.today - timedelta(days=rng.randint(0, 90 * 365))
            region = rt.kecamatan if rng.random() < 0.85 else rng.choice(self.kecamatan_of[_weighted(rng, self.origins)])
            key = f"{region}{born}{sex}"
            self.serials[key] += 1
            nik = make_nik(region, born, sex, self.serials[key])
            yield (nik, kk, f"Warga Demo {rng.choice(FIRST)}", sex, born, rt,
                   f"Jl. RT {rt.rt:02d} RW {rt.rw:02d} No. {rng.randint(1, 120)}")

    # --- writing ------------------------------------------------------------------------------

    def write(self, databases: Databases, progress: bool) -> int:
        total = len(self.kos) + len(self.newcomers) + self.resident_count
        with tqdm(total=total, desc="sipandu history", unit="rows", disable=not progress, smoothing=0.05) as bar:
            self._write_kos(databases, bar)
            self._write_newcomers(databases, bar)
            self._write_residents(databases, bar)
        return len(self.newcomers)

    def _write_kos(self, databases: Databases, bar) -> None:
        rows, changes = [], []
        for kos in self.kos:
            model = SipanduKos(id=kos["id"], code=kos["code"], name=f"Kos Demo {kos['id']}", owner_name="Pemilik Demo",
                               address=f"Jl. RT {kos['rt'].rt:02d} RW {kos['rt'].rw:02d}",
                               kecamatan_code=kos["rt"].kecamatan, kelurahan_code=kos["rt"].kelurahan, rw=kos["rt"].rw,
                               rt=kos["rt"].rt, capacity=kos["capacity"], active=True, updated_at=kos["created"])
            rows.append(model)
            changes.append(_change(KOS, model.code, kos_snapshot(model)))
        self._append(databases, SipanduKos, rows, changes, bar)

    def _write_newcomers(self, databases: Databases, bar) -> None:
        cutoff = self.now - timedelta(days=self.settings.sipandu.retention_days)
        for start in range(0, len(self.newcomers), CHUNK):
            models, changes, deletions = [], [], []
            for record in self.newcomers[start:start + CHUNK]:
                model = self._newcomer_model(record)
                changes.append(_change(NEWCOMER, str(model.id), newcomer_snapshot(
                    model, record["kos"]["code"] if record["kos"] else None)))
                if record["ended"] is not None and record["ended"] < cutoff:
                    deletions.append(SipanduDeletion(at=self.now, entity=NEWCOMER, entity_id=model.id,
                                                     status=model.status, ended_at=model.ended_at, reason="retention"))
                else:
                    models.append(model)
            self._append(databases, SipanduNewcomer, models, changes, None)
            self._append(databases, SipanduDeletion, deletions, [], None, with_ids=False)
            bar.update(len(self.newcomers[start:start + CHUNK]))

    def _newcomer_model(self, record: dict) -> SipanduNewcomer:
        rt, keys = record["rt"], self.keys
        updated = max(moment for moment in (record["recorded"], record["verified"], record["ended"]) if moment)
        return SipanduNewcomer(
            id=record["id"], nik_cipher=keys.encrypt(record["nik"], "nik"), nik_index=keys.blind_index(record["nik"], "nik"),
            name=f"Pendatang Demo {self.rng.choice(FIRST)}", sex=record["sex"], birth_date=record["born"],
            origin_regency=record["origin"], kecamatan_code=rt.kecamatan, kelurahan_code=rt.kelurahan, rw=rt.rw,
            rt=rt.rt, address=f"Jl. RT {rt.rt:02d} RW {rt.rw:02d}", kos_id=record["kos"]["id"] if record["kos"] else None,
            purpose=record["purpose"], sponsor=None, arrived_at=record["arrived"], stay_until=record["stay_until"],
            recorded_at=record["recorded"], recorded_by=ACTOR, reported_in_time=record["in_time"],
            status=record["status"], duplicate_flag=False, verified_at=record["verified"],
            verified_by=ACTOR if record["verified"] else None, rejection_reason=record["reason"],
            left_at=record["left"], destination_regency=record["destination"], ended_at=record["ended"],
            updated_at=updated)

    def _write_residents(self, databases: Databases, bar) -> None:
        """Plain tuples, not ORM objects: 2.9 million of them, drawn and written a chunk at a time."""
        keys, now = self.keys, self.now
        columns = ("nik_cipher", "nik_index", "kk_cipher", "kk_index", "name", "sex", "birth_date", "kecamatan_code",
                   "kelurahan_code", "rw", "rt", "address", "imported_at")
        residents = self._residents(self.resident_count, random.Random(self.resident_seed))
        while chunk := list(islice(residents, CHUNK)):
            rows = [(keys.encrypt(nik, "nik"), keys.blind_index(nik, "nik"), keys.encrypt(kk, "kk"),
                     keys.blind_index(kk, "kk"), name, sex, born, rt.kecamatan, rt.kelurahan, rt.rw, rt.rt, address, now)
                    for nik, kk, name, sex, born, rt, address in chunk]
            with databases.transaction() as session:
                append_rows(session, SipanduResident.__table__, columns, rows)
            bar.update(len(rows))

    def _append(self, databases: Databases, model, objects: list, changes: list[dict], bar, with_ids: bool = True):
        table = model.__table__
        columns = [c.name for c in table.columns if with_ids or c.name != "id"]
        for start in range(0, max(len(objects), len(changes)), CHUNK):
            with databases.transaction() as session:
                begin_write(session)
                chunk = objects[start:start + CHUNK]
                append_rows(session, table, columns, [tuple(getattr(o, c) for c in columns) for o in chunk])
                if with_ids and chunk:
                    advance_id_sequence(session, table.name)
                record_changes_bulk(session, changes[start:start + CHUNK])
            if bar is not None:
                bar.update(len(chunk))


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _change(entity: str, entity_id: str, payload: dict) -> dict:
    return dict(entity=entity, entity_id=entity_id, operation=OPERATION, payload=payload,
                schema_version=SNAPSHOT_VERSION)
