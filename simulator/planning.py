"""Simulated e-Musrenbang -> plan -> budget -> realisation for the demo, all through the planning
module's service functions (modules/planning: proposals.py, plan.py, budget.py, realisation.py,
works.py), so every step has its event and change-log snapshot and the ETL sees it.

`fill_demo_history(services)` (Domain.demo_history, on the first `make run`), for the city year Y of
now (WIB), drawn from one seed (same seed and clock, same history):

- the musrenbang rounds of Y-2 and Y-1 to the end (RW heads of many kelurahan propose during the RW
  round, the lurah verifies or rejects, the camat accepts or rejects with a reason from the fixed
  list, the planning agency ranks), and the round of Y as far as it has got by now: each step only
  inside its round's dates (settings [planning]) and not after now, so in January and February a
  round is in progress, proposals waiting for the lurah and the camat; a few proposals repeat an
  earlier year's at the same place (flagged at entry);
- the plan (RKPD) of Y-1, of Y and, from May, of Y+1: a plan item per OPD and sub kegiatan (PLAN),
  the accepted proposals of the round before linked to it (in June);
- the budget of Y-1, Y and, from the end of November, Y+1: `murni` adopted at the end of the year
  before, and the `perubahan` adopted in September where the year has got that far (later payments
  go to its lines);
- monthly payments on every line up to today along the absorption S-curve of a city (little in
  the first months, most in the last quarter), entered by the line's OPD;
- works carrying the planned proposals, contracted in the first months, with monthly progress
  reports until they are built.

`start_live_feed(services)` (Domain.demo_feed): a worker that every TICK_SECONDS files a proposal or
moves one along (the lurah verifies, the camat decides) while a round is open, and records a payment
or a progress report on the current year's budget and works.
`simulator/planning_city.py` writes city scale through the bulk path with the same shapes.
"""

from __future__ import annotations

import csv
import io
import logging
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from core.clock import CITY_OFFSET, city_today, now_or
from core.db import Databases
from core.periodic import PeriodicThread
from core.reference import Kelurahan, RtUnit
from core.settings import Settings
from core.users import Viewer
from modules.planning import budget, plan, proposals, realisation, workflow, works
from modules.planning.budget_models import (WORK_CONTRACTED, WORK_IN_PROGRESS, PlanningBudgetLine,
                                            PlanningBudgetVersion, PlanningPlanItem, PlanningWork)
from modules.planning.errors import PlanningError
from modules.planning.models import PlanningItem, PlanningNomenclature, PlanningProposal
from modules.planning.settings import round_dates

log = logging.getLogger(__name__)

SEED = 2026
TICK_SECONDS = 5.0
PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(64)  # PNG magic bytes: what core/photos.py checks
DEMO_KELURAHAN = 24            # kelurahan whose RW heads take part in the demo rounds
DEMO_RW_PER_KELURAHAN = 2
JITTER_DEGREES = 0.0012        # about 130 m around the kelurahan's label spot (inside it)
REPEAT_SHARE = 0.08            # proposals re-proposing an earlier year's at the same place
LURAH_REJECT_SHARE = 0.08
CAMAT_ACCEPT_SHARE = 0.68
LURAH_REASONS = {"duplicate": 4, "not_in_dictionary": 2, "not_city_authority": 2}
CAMAT_REASONS = {"not_feasible": 4, "already_planned": 3, "not_city_authority": 2, "duplicate": 2,
                 "over_ceiling": 1}
ABSORPTION = 0.93              # the share of a year's ceiling paid by its end
# the share of the year's payments made in each month (a city's S-curve: slow start, year-end rush)
MONTHLY_SHARES = (0.02, 0.04, 0.06, 0.07, 0.07, 0.08, 0.08, 0.09, 0.09, 0.10, 0.12, 0.18)
PAYMENT_DAY = 25
PLAN_DAY = (5, 15)             # the RKPD of Y is written in May of Y-1 ...
LINK_DAY = (6, 10)             # ... and the accepted proposals of the round of Y-1 linked to it in June
MURNI_DAY = (11, 28)           # APBD murni of Y adopted at the end of Y-1
PERUBAHAN_DAY = (9, 20)        # APBD perubahan adopted in September of Y
WORK_AREAS = 2                 # the works of a plan item are tendered in this many packages
WORKS_DAY = (1, 15)            # the OPD creates the works of its planned proposals in January

# The sub kegiatan (reference/planning_nomenclature.csv) of each OPD's plan and budget.
PLAN = {
    "DSDABM": ("1.03.03.2.01.0001", "1.03.03.2.01.0005", "1.03.03.2.01.0013", "1.03.03.2.01.0020",
               "1.03.10.2.01.0004", "1.03.10.2.01.0010", "1.03.10.2.01.0015"),
    "DPRKPP": ("1.04.02.2.02.0001", "1.04.02.2.02.0003", "1.04.05.2.01.0004", "1.04.05.2.01.0006"),
    "DLH": ("2.11.07.2.01.0004", "2.11.09.2.01.0002"),
    "DISHUB": ("2.15.02.2.01.0007",),
    "DISKOMINFO": ("2.16.03.2.02.0004",),
}
# The sub kegiatan that carries a proposal of each kind of dictionary item (reference/planning_items.csv).
SUB_KEGIATAN_OF_KIND = {"paving": "1.03.10.2.01.0004", "drain": "1.03.03.2.01.0005", "lighting": "1.04.05.2.01.0004",
                        "building": "1.04.05.2.01.0006", "sanitation": "1.04.02.2.02.0003",
                        "green": "2.11.09.2.01.0002", "waste": "2.11.07.2.01.0004", "cctv": "2.16.03.2.02.0004",
                        "traffic": "2.15.02.2.01.0007"}
# Accounts (kode rekening) of the demo's lines; the works are contracted on the first.
DEMO_ACCOUNTS = (("5.2.03.03.01.0001", "Belanja Modal Bangunan dan Konstruksi", 0.75),
                 ("5.1.02.02.01.0026", "Belanja Jasa Pengawasan dan Perencanaan", 0.25))
INDICATORS = {"DSDABM": ("Panjang saluran dan jalan yang dibangun", "km"),
              "DPRKPP": ("Sarana permukiman yang dibangun", "unit"),
              "DLH": ("Fasilitas lingkungan yang dibangun", "unit"),
              "DISHUB": ("Perlengkapan jalan yang terpasang", "unit"),
              "DISKOMINFO": ("Titik layanan yang terhubung", "titik")}

PLANNER = Viewer(user_id="demo:perencana", username="demo-perencana", role="perencana")


def opd_actor(opd_code: str) -> Viewer:
    return Viewer(user_id=f"demo:{opd_code}", username=f"demo-{opd_code.lower()}", role="opd", opd_code=opd_code)


def head_actor(kelurahan_code: str, rw: int) -> Viewer:
    return Viewer(user_id=f"demo:rw{kelurahan_code}:{rw}", username=f"demo-rw{rw:02d}-{kelurahan_code[-4:]}",
                  role="rt_rw", kelurahan_code=kelurahan_code, rw=rw)


def lurah_actor(kelurahan_code: str) -> Viewer:
    return Viewer(user_id=f"demo:lurah{kelurahan_code}", username=f"demo-lurah-{kelurahan_code[-4:]}", role="lurah",
                  kelurahan_code=kelurahan_code)


def camat_actor(kecamatan_code: str) -> Viewer:
    return Viewer(user_id=f"demo:camat{kecamatan_code}", username=f"demo-camat-{kecamatan_code[-2:]}", role="camat",
                  kecamatan_code=kecamatan_code)


def at_city(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """`hour`:`minute` city time (WIB) on `day`, as UTC."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.utc) - CITY_OFFSET


def day_of(year: int, month_day: tuple[int, int]) -> date:
    return date(year, *month_day)


def monthly_targets(total: int) -> list[int]:
    """The cumulative amount paid by the end of each month of a year whose payments come to `total`."""
    cumulative, running, shares = [], 0.0, sum(MONTHLY_SHARES)
    for share in MONTHLY_SHARES:
        running += share
        cumulative.append(int(total * running / shares))
    return cumulative


def account_budget_lines(sub_kegiatan_names: dict[str, str], year: int, rng: random.Random,
                         scale: float = 1.0) -> list[tuple]:
    """The demo's lines of one year as SIPD-shaped rows (budget.COLUMNS)."""
    rows = []
    for opd_code, codes in PLAN.items():
        for code in codes:
            size = rng.uniform(2.0, 18.0) * 1e9 * scale * (1.04 ** (year - 2020))
            for account, name, share in DEMO_ACCOUNTS:
                rows.append((code, sub_kegiatan_names[code], opd_code, account, name,
                             int(round(size * share, -6))))
    return rows


def as_csv(rows: list[tuple]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(budget.COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue().encode()


# === the world the demo draws from ================================================================

@dataclass(frozen=True)
class Place:
    kecamatan_code: str
    kelurahan_code: str
    lat: float
    lon: float
    rws: int


@dataclass(frozen=True)
class Item:
    code: str
    kind: str
    opd_code: str
    unit_cost_rupiah: int
    max_volume: float


def load_places(session: Session) -> list[Place]:
    """Every kelurahan with its label spot (inside it) and its number of RW (the reference's RT units)."""
    from geo import centroids

    spots = centroids("kelurahan").set_index("code")
    rws = dict(session.execute(select(RtUnit.kelurahan_code, func.count(distinct(RtUnit.rw)))
                               .group_by(RtUnit.kelurahan_code)).all())
    return [Place(k.kecamatan_code, k.code, float(spots.at[k.code, "lat"]), float(spots.at[k.code, "lon"]),
                  int(rws.get(k.code, 0)))
            for k in session.scalars(select(Kelurahan).order_by(Kelurahan.code))
            if k.code in spots.index and rws.get(k.code)]


def load_items(session: Session) -> list[Item]:
    return [Item(i.code, i.kind, i.opd_code, int(i.unit_cost_rupiah), float(i.max_volume))
            for i in session.scalars(select(PlanningItem).where(PlanningItem.active.is_(True))
                                     .order_by(PlanningItem.code))]


def draw_volume(rng: random.Random, item: Item) -> float:
    """A volume an RW asks for: mostly small, at most half the dictionary's maximum and about
    Rp 120 juta, in whole units."""
    cap = min(item.max_volume * 0.5, 120_000_000 / item.unit_cost_rupiah)
    return float(max(1, round(cap * rng.betavariate(1.6, 3.0))))


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# === the demo history =============================================================================

class DemoHistory:
    """Writes the demo's rounds, plans, budgets, payments and works through the service, each call in
    a savepoint of one transaction per phase (a refused call, such as an RW over its ceiling, is
    skipped and leaves nothing behind)."""

    def __init__(self, databases: Databases, settings: Settings, now: datetime, seed: int = SEED):
        self.databases, self.settings, self.now = databases, settings, now
        self.today = city_today(now)
        self.year = self.today.year
        self.rng = random.Random(seed)
        with databases.session() as session:
            self.places = load_places(session)
            self.items = load_items(session)
            self.sub_kegiatan_names = {code: name for code, name in session.execute(
                select(PlanningNomenclature.code, PlanningNomenclature.name))}
        chosen = sorted(self.rng.sample(self.places, min(DEMO_KELURAHAN, len(self.places))),
                        key=lambda p: p.kelurahan_code)
        self.heads = [(place, rw) for place in chosen
                      for rw in sorted(self.rng.sample(range(1, place.rws + 1), min(DEMO_RW_PER_KELURAHAN, place.rws)))]
        self.earlier: dict[tuple[str, int], list[tuple[str, float, float]]] = defaultdict(list)
        self.done: Counter = Counter()
        self.lines: dict[int, list[tuple]] = {}  # the murni rows of each year

    def run(self) -> Counter:
        for year in (self.year - 2, self.year - 1, self.year):
            self.musrenbang(year)
        for year in (self.year - 1, self.year, self.year + 1):  # next year's plan and budget once their day came
            self.plan(year)
            self.budget(year)
            self.works(year)
            self.payments(year)
        return self.done

    # --- helpers ----------------------------------------------------------------------------------

    def _try(self, session: Session, what: str, function, *args, **kwargs):
        """One service call in a savepoint: its result, or None when the service refused it."""
        try:
            with session.begin_nested():
                found = function(session, *args, **kwargs)
        except PlanningError as error:
            log.debug("demo planning: %s refused: %s", what, error)
            self.done[f"{what} refused: {getattr(error, 'code', error)}"] += 1
            return None
        self.done[what] += 1
        return found

    def _past(self, moment: datetime) -> bool:
        return moment <= self.now

    def _round(self, name: str, year: int) -> tuple[date, date]:
        return round_dates(self.settings.planning, name, year, self.today)

    def _moment(self, first: date, last: date) -> datetime:
        """A working-hours moment on a day between first and last."""
        day = first + timedelta(days=self.rng.randint(0, max(0, (last - first).days)))
        return at_city(day, self.rng.randint(8, 15), self.rng.randint(0, 59))

    # --- e-Musrenbang -----------------------------------------------------------------------------

    def musrenbang(self, year: int) -> None:
        rw_first, rw_last = self._round("rw", year)
        drafts = []
        for place, rw in self.heads:
            for _ in range(self.rng.choice((1, 2, 2, 3))):
                drafts.append((self._moment(rw_first, rw_last), place, rw))
        drafts.sort(key=lambda d: d[0])
        submitted: list[tuple[datetime, str, Place]] = []
        with self.databases.transaction() as session:
            for moment, place, rw in drafts:
                if not self._past(moment):
                    continue
                number = self._submit(session, moment, place, rw, year)
                if number:
                    submitted.append((moment, number, place))
        self._kelurahan_round(year, submitted)

    def _submit(self, session: Session, moment: datetime, place: Place, rw: int, year: int) -> str | None:
        earlier = self.earlier[(place.kelurahan_code, rw)]
        if earlier and self.rng.random() < REPEAT_SHARE:
            code, lat, lon = self.rng.choice(earlier)  # the same work at the same place, asked again
            item = next(i for i in self.items if i.code == code)
        else:
            item = self.rng.choice(self.items)
            lat = place.lat + self.rng.uniform(-JITTER_DEGREES, JITTER_DEGREES)
            lon = place.lon + self.rng.uniform(-JITTER_DEGREES, JITTER_DEGREES)
            if not _inside(lat, lon, place.kelurahan_code):
                lat, lon = place.lat, place.lon
        found = self._try(session, "proposal submitted", proposals.submit_proposal,
                          head_actor(place.kelurahan_code, rw), self.settings, item_code=item.code, volume=draw_volume(self.rng, item), lat=lat, lon=lon,
                          address=f"RW {rw:02d} Kelurahan {place.kelurahan_code[-4:]}",
                          title=f"{item.code.replace('-', ' ').title()} RW {rw:02d}",
                          rt=self.rng.randint(1, 4), photos=[("lokasi.png", PHOTO)], now=moment)
        if found is None:
            return None
        self.earlier[(place.kelurahan_code, rw)].append((item.code, found.lat, found.lon))
        return found.number

    def _kelurahan_round(self, year: int, submitted: list[tuple[datetime, str, Place]]) -> None:
        """The lurah verifies (or rejects) each a few days after it came in, the camat decides each
        verified one during his round, the planning agency ranks the accepted ones in the city round."""
        kel_first, kel_last = self._round("kelurahan", year)
        kec_first, kec_last = self._round("kecamatan", year)
        city_first, city_last = self._round("city", year)
        steps = []
        for moment, number, place in submitted:
            # a few days after it came in, the last days of the round at the latest: each is handled
            verified = min(max(moment + timedelta(days=self.rng.randint(2, 12)), at_city(kel_first)),
                           at_city(kel_last, 15, self.rng.randint(0, 59)))
            steps.append((verified, "lurah", number, place))
            decided = min(max(verified + timedelta(days=self.rng.randint(1, 10)), at_city(kec_first, 9)),
                          at_city(kec_last, 15, self.rng.randint(0, 59)))
            steps.append((max(decided, verified + timedelta(minutes=5)), "camat", number, place))
        steps.sort(key=lambda s: s[0])
        lurah_rejected = set()
        with self.databases.transaction() as session:
            for moment, who, number, place in steps:
                if not self._past(moment) or number in lurah_rejected:
                    continue
                if who == "lurah":
                    if self.rng.random() < LURAH_REJECT_SHARE:
                        lurah_rejected.add(number)
                        self._try(session, "proposal rejected", proposals.decide, lurah_actor(place.kelurahan_code),
                                  self.settings, number, False, reason=weighted(self.rng, LURAH_REASONS),
                                  note="hasil musrenbang kelurahan", now=moment)
                    else:
                        self._try(session, "proposal verified", proposals.verify, lurah_actor(place.kelurahan_code),
                                  self.settings, number, note="lokasi sudah dicek", now=moment)
                elif self.rng.random() < CAMAT_ACCEPT_SHARE:
                    self._try(session, "proposal accepted", proposals.decide, camat_actor(place.kecamatan_code),
                              self.settings, number, True, note="disepakati musrenbang kecamatan", now=moment)
                else:
                    self._try(session, "proposal rejected", proposals.decide, camat_actor(place.kecamatan_code),
                              self.settings, number, False, reason=weighted(self.rng, CAMAT_REASONS),
                              note="hasil musrenbang kecamatan", now=moment)
            ranked_at = at_city(min(city_first + timedelta(days=9), city_last), 10)
            if self._past(ranked_at):
                accepted = session.execute(select(PlanningProposal.number, PlanningProposal.estimated_cost_rupiah)
                                           .where(PlanningProposal.year == year,
                                                  PlanningProposal.status == workflow.ACCEPTED)
                                           .order_by(PlanningProposal.number)).all()
                order = [n for n, _cost in sorted(accepted, key=lambda r: (r[1], r[0]))]  # the cheapest first
                if order:
                    self._try(session, "round ranked", proposals.prioritise, PLANNER, self.settings, order,
                              now=ranked_at)

    # --- the plan, the budget ---------------------------------------------------------------------

    def plan(self, year: int) -> None:
        """The RKPD of `year`, written in May of the year before; the round of year-1's accepted
        proposals linked to it in June."""
        written_at, linked_at = at_city(day_of(year - 1, PLAN_DAY)), at_city(day_of(year - 1, LINK_DAY))
        if not self._past(written_at):
            return
        with self.databases.transaction() as session:
            items = {}
            for opd_code, codes in PLAN.items():
                indicator, unit = INDICATORS[opd_code]
                for code in codes:
                    found = self._try(session, "plan item", plan.create_plan_item, PLANNER, year=year,
                                      opd_code=opd_code, sub_kegiatan_code=code, indicator=indicator,
                                      target_value=float(self.rng.randint(10, 120)), target_unit=unit,
                                      indicative_ceiling_rupiah=int(round(self.rng.uniform(3, 20) * 1e9, -6)),
                                      now=written_at)
                    if found is not None:
                        items[(opd_code, code)] = found.id
            if not self._past(linked_at) or self._round("city", year - 1)[1] >= linked_at.date():
                return  # the link day has not come, or the round is still being ranked (the demo's calendar)
            rows = session.execute(select(PlanningProposal.number, PlanningItem.opd_code, PlanningItem.kind)
                                   .join(PlanningItem, PlanningItem.code == PlanningProposal.item_code)
                                   .where(PlanningProposal.year == year - 1,
                                          PlanningProposal.status.in_(plan.LINKABLE_STATUSES))
                                   .order_by(PlanningProposal.number)).all()
            for number, opd_code, kind in rows:
                target = items.get((opd_code, SUB_KEGIATAN_OF_KIND[kind]))
                if target is not None:
                    self._try(session, "proposal planned", plan.link_to_plan, PLANNER, number, target, now=linked_at)

    def budget(self, year: int) -> None:
        """APBD murni of `year`, adopted at the end of year-1 (its perubahan comes with the payments,
        in September: the murni's lines take the payments until then)."""
        adopted = day_of(year - 1, MURNI_DAY)
        if not self._past(at_city(adopted)):
            return
        self.lines[year] = account_budget_lines(self.sub_kegiatan_names, year, self.rng)
        with self.databases.transaction() as session:
            self._version(session, year, budget.MURNI, adopted, self.lines[year])

    def _version(self, session: Session, year: int, version: str, adopted: date, rows: list[tuple]) -> None:
        created = self._try(session, f"budget {version}", budget.create_version, PLANNER, year=year, version=version,
                            adopted_on=adopted, now=at_city(adopted))
        if created is not None:
            self._try(session, "budget lines", budget.import_lines, PLANNER, created.id, as_csv(rows), budget.CSV)

    # --- works and realisation --------------------------------------------------------------------

    def works(self, year: int) -> None:
        """A work per plan item and kecamatan carrying its planned proposals (a package the OPD
        tenders), created in January, contracted in the first months, reported on monthly until built."""
        created_at = at_city(day_of(year, WORKS_DAY))
        if not self._past(created_at):
            return
        with self.databases.transaction() as session:
            rows = session.execute(
                select(PlanningProposal.number, PlanningProposal.kecamatan_code, PlanningProposal.kelurahan_code,
                       PlanningProposal.lat, PlanningProposal.lon, PlanningProposal.estimated_cost_rupiah,
                       PlanningPlanItem.id, PlanningPlanItem.opd_code, PlanningPlanItem.sub_kegiatan_code)
                .join(PlanningPlanItem, PlanningPlanItem.id == PlanningProposal.plan_item_id)
                .where(PlanningPlanItem.year == year).order_by(PlanningProposal.number)).all()
            packages = defaultdict(list)
            for row in rows:  # a package per plan item and part of the city (WORK_AREAS of them)
                packages[(row[6], int(row[1][-2:]) % WORK_AREAS)].append(row)
            lines = self._construction_lines(session, year)
            for (item_id, _area), carried in sorted(packages.items()):
                first = carried[0]
                opd_code, code = first[7], first[8]
                actor = opd_actor(opd_code)
                name = f"{self.sub_kegiatan_names[code]}: paket {len(carried)} usulan RW"
                work = self._try(session, "work", works.create_work, actor, plan_item_id=item_id, name=name,
                                 line_id=lines.get((opd_code, code)), kelurahan_code=first[2], lat=first[3],
                                 lon=first[4], proposal_numbers=[r[0] for r in carried], now=created_at)
                if work is not None:
                    self._build(session, actor, work.number, sum(int(r[5]) for r in carried), year)

    def _construction_lines(self, session: Session, year: int) -> dict[tuple[str, str], int]:
        """The murni line of each OPD and sub kegiatan that the works are contracted on."""
        murni = session.scalar(select(PlanningBudgetVersion.id).where(PlanningBudgetVersion.year == year,
                                                                      PlanningBudgetVersion.version == budget.MURNI))
        return {(opd, code): line_id for line_id, opd, code in session.execute(
            select(PlanningBudgetLine.id, PlanningBudgetLine.opd_code, PlanningBudgetLine.sub_kegiatan_code)
            .where(PlanningBudgetLine.version_id == murni, PlanningBudgetLine.account_code == DEMO_ACCOUNTS[0][0]))}

    def _build(self, session: Session, actor: Viewer, number: str, cost: int, year: int) -> None:
        contracted = date(year, self.rng.randint(2, 4), self.rng.randint(1, 28))
        if not self._past(at_city(contracted)):
            return
        value = int(round(cost * self.rng.uniform(0.88, 0.99), -3))
        if self._try(session, "work contracted", works.contract_work, actor, number, contract_value_rupiah=value,
                     contracted_on=contracted, now=at_city(contracted)) is None:
            return
        months = self.rng.randint(3, 7)  # the work takes this many monthly reports to finish
        percent = 0.0
        for step in range(1, months + 1):
            day = _add_months(contracted, step)
            if day.year != year or not self._past(at_city(day, 14)):
                return
            percent = 100.0 if step == months else min(99.0, round(percent + 100.0 / months
                                                                   * self.rng.uniform(0.7, 1.3), 1))
            self._try(session, "progress report", works.report_progress, actor, number, percent=percent,
                      reported_on=day, note=f"laporan bulanan ke-{step}", photo=PHOTO,
                      photo_filename=f"progres-{step}.png", now=at_city(day, 14))
        if percent >= 100.0:
            self._try(session, "work built", works.complete_work, actor, number, now=at_city(day, 15))

    def payments(self, year: int) -> None:
        """Every line's monthly payments up to today, along the S-curve. In September the perubahan
        is adopted: later payments go to its lines (the murni's are no longer current), the year's
        total following the amended ceiling."""
        if year not in self.lines:
            return
        paces = {(row[2], row[0], row[3]): min(0.99, ABSORPTION * self.rng.uniform(0.85, 1.05))
                 for row in self.lines[year]}
        paid: dict[tuple, int] = defaultdict(int)  # the year's payments of each line key so far
        amended_on = day_of(year, PERUBAHAN_DAY)
        with self.databases.transaction() as session:
            for month in range(1, 13):
                day = date(year, month, PAYMENT_DAY)
                if day > self.today:
                    break
                if amended_on <= day and budget.PERUBAHAN not in self._versions(session, year):
                    self._version(session, year, budget.PERUBAHAN, amended_on,
                                  [row[:5] + (int(round(row[5] * self.rng.uniform(0.9, 1.12), -6)),)
                                   for row in self.lines[year]])
                current = budget.current_version(session, year)
                for line in session.scalars(select(PlanningBudgetLine)
                                            .where(PlanningBudgetLine.version_id == current.id)
                                            .order_by(PlanningBudgetLine.id)):
                    key = (line.opd_code, line.sub_kegiatan_code, line.account_code)
                    if line.account_code != DEMO_ACCOUNTS[0][0] and month % 3:
                        continue  # supervision and planning are paid by the quarter
                    target = monthly_targets(int(int(line.ceiling_rupiah) * paces[key]))[month - 1]
                    if target <= paid[key]:
                        continue
                    if self._try(session, "payment", realisation.record_payment, opd_actor(line.opd_code), line.id,
                                 paid_on=day, amount_rupiah=target - paid[key],
                                 reference=f"SP2D/{year}/{month:02d}/{line.id:05d}", now=at_city(day, 11)) is not None:
                        paid[key] = target

    def _versions(self, session: Session, year: int) -> set[str]:
        return set(session.scalars(select(PlanningBudgetVersion.version).where(PlanningBudgetVersion.year == year)))


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def _inside(lat: float, lon: float, kelurahan_code: str) -> bool:
    from geo import locate_point

    found = locate_point(lat, lon)
    return found is not None and found[1] == kelurahan_code


# === the live feed ================================================================================

class LivePlanningFeed(PeriodicThread):
    """Every tick (`run_once(now)` with the clock a test chooses): one step of the open round (an RW
    head proposes, a lurah verifies, a camat decides) and one step of realisation (a payment on a
    current line, or a progress report on a work under way), through the service."""

    name = "planning-simulator"

    def __init__(self, databases: Databases, settings: Settings, seed: int | None = None,
                 interval: float = TICK_SECONDS):
        super().__init__(interval)
        self.databases, self.settings = databases, settings
        self.rng = random.Random(seed)
        self._places: list[Place] | None = None
        self._items: list[Item] | None = None

    def tick(self) -> None:
        self.run_once(datetime.now(timezone.utc))

    def run_once(self, now: datetime) -> dict[str, int]:
        done: Counter = Counter()
        for step in (self.round_step, self.realisation_step):
            try:
                with self.databases.transaction() as session:
                    what = step(session, now)
            except PlanningError as error:
                done["refused"] += 1
                log.debug("planning feed: refused: %s", error)
                continue
            if what:
                done[what] += 1
        return dict(done)

    def _world(self, session: Session) -> tuple[list[Place], list[Item]]:
        if self._places is None:
            self._places, self._items = load_places(session), load_items(session)
        return self._places, self._items

    def _open(self, name: str, year: int, now: datetime) -> bool:
        today = city_today(now)
        first, last = round_dates(self.settings.planning, name, year, today)
        return first <= today <= last

    def round_step(self, session: Session, now: datetime) -> str | None:
        year = city_today(now).year
        choices = [name for name in ("rw", "kelurahan", "kecamatan") if self._open(name, year, now)]
        if not choices:
            return None
        name = self.rng.choice(choices)
        if name == "rw":
            return self._propose(session, year, now)
        status = workflow.PROPOSED if name == "kelurahan" else workflow.VERIFIED
        waiting = session.scalars(select(PlanningProposal).where(PlanningProposal.year == year,
                                                                 PlanningProposal.status == status)
                                  .order_by(PlanningProposal.created_at, PlanningProposal.id).limit(20)).all()
        if not waiting:
            return self._propose(session, year, now) if self._open("rw", year, now) else None
        proposal = self.rng.choice(waiting)
        if name == "kelurahan":
            if self.rng.random() < LURAH_REJECT_SHARE:
                proposals.decide(session, lurah_actor(proposal.kelurahan_code), self.settings, proposal.number, False,
                                 reason=weighted(self.rng, LURAH_REASONS), note="hasil verifikasi", now=now)
                return "proposal rejected"
            proposals.verify(session, lurah_actor(proposal.kelurahan_code), self.settings, proposal.number,
                             note="lokasi sudah dicek", now=now)
            return "proposal verified"
        accept = self.rng.random() < CAMAT_ACCEPT_SHARE
        proposals.decide(session, camat_actor(proposal.kecamatan_code), self.settings, proposal.number, accept,
                         reason=None if accept else weighted(self.rng, CAMAT_REASONS), note="musrenbang kecamatan",
                         now=now)
        return "proposal accepted" if accept else "proposal rejected"

    def _propose(self, session: Session, year: int, now: datetime) -> str:
        places, items = self._world(session)
        place = self.rng.choice(places)
        rw = self.rng.randint(1, place.rws)
        item = self.rng.choice(items)
        lat = place.lat + self.rng.uniform(-JITTER_DEGREES, JITTER_DEGREES)
        lon = place.lon + self.rng.uniform(-JITTER_DEGREES, JITTER_DEGREES)
        if not _inside(lat, lon, place.kelurahan_code):
            lat, lon = place.lat, place.lon
        proposals.submit_proposal(session, head_actor(place.kelurahan_code, rw), self.settings, item_code=item.code,
                                  volume=draw_volume(self.rng, item), lat=lat, lon=lon,
                                  address=f"RW {rw:02d} Kelurahan {place.kelurahan_code[-4:]}",
                                  title=f"{item.code.replace('-', ' ').title()} RW {rw:02d}", rt=self.rng.randint(1, 4),
                                  photos=[("lokasi.png", PHOTO)], now=now)
        return "proposal submitted"

    def realisation_step(self, session: Session, now: datetime) -> str | None:
        year = city_today(now).year
        if self.rng.random() < 0.5:
            return self._report(session, year, now) or self._pay(session, year, now)
        return self._pay(session, year, now) or self._report(session, year, now)

    def _pay(self, session: Session, year: int, now: datetime) -> str | None:
        version = budget.current_version(session, year)
        if version is None:
            return None
        line_ids = session.scalars(select(PlanningBudgetLine.id).where(PlanningBudgetLine.version_id == version.id)
                                   .order_by(PlanningBudgetLine.id)).all()
        for line_id in self.rng.sample(line_ids, min(5, len(line_ids))):
            line = session.get(PlanningBudgetLine, line_id)
            room = int(line.ceiling_rupiah) - realisation.paid_on_line(session, line_id)
            # an SP2D of 0.02 to 0.1 % of the line: a running demo takes hours to fill what is left
            amount = min(room, int(round(int(line.ceiling_rupiah) * self.rng.uniform(0.0002, 0.001), -3)))
            if amount <= 0:
                continue
            realisation.record_payment(session, opd_actor(line.opd_code), line_id, paid_on=city_today(now),
                                       amount_rupiah=amount, reference=f"SP2D/{year}/LIVE/{line_id:05d}", now=now)
            return "payment"
        return None

    def _report(self, session: Session, year: int, now: datetime) -> str | None:
        under_way = session.scalars(select(PlanningWork).where(
            PlanningWork.year == year, PlanningWork.status.in_((WORK_CONTRACTED, WORK_IN_PROGRESS)))
            .order_by(PlanningWork.id)).all()
        if not under_way:
            return None
        work = self.rng.choice(under_way)
        actor = opd_actor(work.opd_code)
        percent = min(100.0, round(float(work.progress_percent) + self.rng.uniform(2.0, 8.0), 1))
        works.report_progress(session, actor, work.number, percent=percent, reported_on=city_today(now),
                              note="laporan lapangan", photo=PHOTO, photo_filename="progres.png", now=now)
        if percent >= 100.0 and work.status == WORK_IN_PROGRESS:
            works.complete_work(session, actor, work.number, now=now)
            return "work built"
        return "progress report"


# === the domain's hooks (domains/planning.py) =====================================================

def fill_demo_history(services, now: datetime | None = None, seed: int = SEED) -> Counter | None:
    """The demo's planning history on the first start (nothing when proposals or a budget exist)."""
    with services.databases.session() as session:
        if session.scalar(select(func.count()).select_from(PlanningProposal)) or \
                session.scalar(select(func.count()).select_from(PlanningBudgetVersion)):
            return None
    print("Mengisi data demo perencanaan: musrenbang, rencana kerja, anggaran dan realisasi ...")
    return DemoHistory(services.databases, services.settings, now_or(now).replace(microsecond=0), seed).run()


def start_live_feed(services) -> LivePlanningFeed:
    return LivePlanningFeed(services.databases, services.settings).start()
