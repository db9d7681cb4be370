"""The staff registry's demo (Domain.demo_history) and its city-scale rows, both synthetic: every
name ends in "(demo)" and every NIP is made by nip.make_nip (a possible birth date, an appointment
at 19 or later and by APPOINTED_BY, the sex of the name, a serial), so they pass the registry's own
checks and match no real civil servant.

    fill_demo_staff(services)   the first `make run`: for every OPD of the reference table a head
                                (Kepala Dinas/Badan/Satuan), 2-4 heads of division (Kepala Bidang),
                                2-3 section heads (Kepala Seksi) each and 3-8 staff each, imported
                                through the registry's import; the demo `opd` users (core/demo.py:
                                dishub, dlh, binamarga) are linked to a section head of their OPD, so
                                e-Kinerja's demo has people who act on complaints. Nothing when the
                                registry holds anyone (a domain whose demo needs staff may call it
                                first: it runs once).
    city_staff(count=20_000)    rows of the import's columns for the whole city (Surabaya has about
                                18,600 civil servants), the same tree at a larger size per OPD, a few
                                people inactive: for a seeder or a benchmark of the import.

The same seed gives the same people.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.demo import demo_user_specs
from core.reference import read_csv
from core.users import SETUP_ACTOR, User
from modules.staff import service
from modules.staff.hierarchy import staff_of_user
from modules.staff.importing import import_rows
from modules.staff.models import Staff
from modules.staff.nip import make_nip

APPOINTED_BY = 2024  # no NIP of the demo is appointed later: the rows do not depend on the clock
SECTION_HEAD = "Kepala Seksi"
DIVISION_HEAD = "Kepala Bidang"
MALE = ("Budi", "Agus", "Rudi", "Eko", "Joko", "Bambang", "Hendra", "Ahmad", "Slamet", "Dimas", "Arif", "Wahyu",
        "Teguh", "Yusuf", "Fajar", "Rizky", "Hadi", "Imam", "Sugeng", "Andi")
FEMALE = ("Siti", "Dewi", "Sri", "Rina", "Nur", "Lilik", "Yuli", "Wulan", "Fitri", "Ratna", "Endang", "Tri",
          "Ayu", "Indah", "Retno", "Novi", "Anis", "Dian", "Kartika", "Laila")
FAMILY = ("Santoso", "Wijaya", "Lestari", "Hartono", "Wahyuni", "Prasetyo", "Kusuma", "Susilo", "Hidayati",
          "Irawan", "Suryani", "Gunawan", "Astuti", "Fauzi", "Sari", "Riyadi", "Handayani", "Saputra", "Utomo",
          "Rahmawati", "Setiawan", "Purnomo", "Nugroho", "Maharani")
DIVISIONS = ("Bidang Perencanaan dan Evaluasi", "Bidang Operasional", "Bidang Pelayanan",
             "Bidang Sarana dan Prasarana", "Bidang Pengendalian dan Pengawasan", "Bidang Pembinaan",
             "Bidang Data dan Informasi", "Bidang Pemeliharaan")
SECTIONS = ("Seksi Perencanaan", "Seksi Pelaksanaan", "Seksi Pengawasan", "Seksi Pemeliharaan", "Seksi Pelayanan",
            "Seksi Data")
POSITIONS = ("Analis Kebijakan", "Pengelola Data", "Pengadministrasi Umum", "Pranata Komputer", "Petugas Lapangan",
             "Teknisi", "Pengawas Lapangan", "Penata Laporan Keuangan")
HEAD_TITLES = {"Dinas": "Kepala Dinas", "Badan": "Kepala Badan", "Satuan": "Kepala Satuan",
               "Perumda": "Direktur Utama"}
# birth years of each level (older up the tree)
BORN = {"head": (1966, 1976), "division": (1970, 1982), "section": (1975, 1990), "staff": (1975, 2000)}


class _People:
    """Draws synthetic people with NIPs unique in the run."""

    def __init__(self, rng: random.Random):
        self.rng, self.taken = rng, set()

    def row(self, level: str, opd_code: str, unit: str, position: str, supervisor: str | None,
            active: bool = True) -> dict:
        sex = self.rng.choice(("male", "female"))
        first = self.rng.choice(MALE if sex == "male" else FEMALE)
        return dict(nip=self._nip(level, sex), name=f"{first} {self.rng.choice(FAMILY)} (demo)", opd_code=opd_code,
                    unit=unit, position=position, supervisor_nip=supervisor, active=active)

    def _nip(self, level: str, sex: str) -> str:
        low, high = BORN[level]
        born = date(self.rng.randint(low, high), self.rng.randint(1, 12), self.rng.randint(1, 28))
        appointed = date(min(APPOINTED_BY, born.year + self.rng.randint(19, 32)), self.rng.randint(1, 12), 1)
        serial = self.rng.randint(1, 999)
        while make_nip(born, appointed, sex, serial) in self.taken:
            serial = serial % 999 + 1
        nip = make_nip(born, appointed, sex, serial)
        self.taken.add(nip)
        return nip


def opd_tree(people: _People, opd_code: str, opd_name: str, divisions: int, sections: Callable[[], int],
             staff: Callable[[], int], inactive_share: float = 0.0) -> list[dict]:
    """One OPD: its head, `divisions` heads of division, `sections()` section heads under each and
    `staff()` people under each section head; supervisors before the people below them."""
    rng = people.rng
    head = people.row("head", opd_code, "Pimpinan", HEAD_TITLES.get(opd_name.split()[0], "Kepala"), None)
    rows = [head]
    for division in rng.sample(DIVISIONS, divisions):
        chief = people.row("division", opd_code, division, DIVISION_HEAD, head["nip"])
        rows.append(chief)
        for section in rng.sample(SECTIONS, sections()):
            unit = f"{division} / {section}"
            boss = people.row("section", opd_code, unit, SECTION_HEAD, chief["nip"])
            rows.append(boss)
            rows += [people.row("staff", opd_code, unit, rng.choice(POSITIONS), boss["nip"],
                                active=rng.random() >= inactive_share) for _ in range(staff())]
    return rows


def demo_staff(seed: int = 2026, opds: list[tuple[str, str]] | None = None) -> list[dict]:
    """The demo's rows: every OPD's tree at the demo's size."""
    rng = random.Random(seed)
    people = _People(rng)
    return [row for code, name in (opds or reference_opds())
            for row in opd_tree(people, code, name, rng.randint(2, 4), lambda: rng.randint(2, 3),
                                lambda: rng.randint(3, 8))]


def city_staff(count: int = 20_000, seed: int = 2026, opds: list[tuple[str, str]] | None = None,
               inactive_share: float = 0.015) -> list[dict]:
    """`count` rows (the import's columns) spread evenly over the OPDs, each OPD a tree of 2-6
    divisions of 1-5 sections with its staff shared out among them; `inactive_share` of the staff
    have left (leaves of the tree only, so every active person's supervisor is active)."""
    rng = random.Random(seed)
    people, opds = _People(rng), opds or reference_opds()
    rows = []
    for index, (code, name) in enumerate(opds):
        quota = count // len(opds) + (1 if index < count % len(opds) else 0)
        divisions = max(1, min(6, quota // 100 + 2))
        per_division = max(1, min(5, quota // (divisions * 40)))
        shares = _shares(max(0, quota - 1 - divisions * (1 + per_division)), divisions * per_division)
        rows += opd_tree(people, code, name, divisions, lambda: per_division, lambda: next(shares),
                         inactive_share)[:quota]
    return rows


def reference_opds() -> list[tuple[str, str]]:
    return [(row["code"], row["name"]) for row in read_csv("opd.csv")]


def _shares(total: int, parts: int):
    """`total` in `parts` whole numbers as equal as can be (the first ones take the remainder)."""
    whole, extra = divmod(total, parts)
    for index in range(parts):
        yield whole + (1 if index < extra else 0)


# === the domain's hook (domains/staff.py) =========================================================

def fill_demo_staff(services, seed: int = 2026) -> int | None:
    """The demo registry on the first start; how many people it registered (None: it held some)."""
    with services.databases.session() as session:
        if session.scalar(select(func.count()).select_from(Staff)):
            return None
    print("Mengisi data demo pegawai (sintetis): pimpinan, kepala bidang, kepala seksi dan staf setiap OPD ...")
    with services.databases.transaction() as session:
        summary = import_rows(session, SETUP_ACTOR, demo_staff(seed))
        link_demo_users(session)
    return summary.created


def link_demo_users(session: Session) -> list[str]:
    """Links each demo `opd` user without a record to a section head of his OPD; their names."""
    linked = []
    for spec in demo_user_specs(session):
        user = session.scalar(select(User).where(User.username == spec["username"]))
        if spec["role"] != "opd" or user is None or staff_of_user(session, user.id) is not None:
            continue
        person = session.scalar(select(Staff).where(Staff.opd_code == spec["opd_code"], Staff.position == SECTION_HEAD,
                                                    Staff.user_id.is_(None), Staff.active.is_(True))
                                .order_by(Staff.id).limit(1))
        if person is not None:
            service.link_user(session, SETUP_ACTOR, person.id, user.username)
            linked.append(user.username)
    return linked
