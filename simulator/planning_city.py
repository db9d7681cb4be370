"""The planning domain at city scale through a bulk path (`city_seed`: `python -m bench --domain
planning`, Domain.seeder): five years of e-Musrenbang with about CITY_PROPOSALS_PER_YEAR proposals a
year over every RW of the city (the RW of each kelurahan from the reference data's RT units), the
plan (RKPD) and the budget (APBD murni, and the perubahan once September has come) of each year with
tens of thousands of lines summing to near Rp 11 trillion, the monthly realisation (payments) up to
now, and the works carrying the planned proposals with their monthly progress reports.

The same shapes as the demo history (simulator/planning.py: the rounds' dates from the settings, the
lurah's and the camat's shares and reasons, repeats at the same place, the absorption S-curve), but
drawn in memory and appended with core.bulk (COPY on PostgreSQL) together with the change-log rows in
the module's own snapshot formats (modules/planning/snapshot.py for proposals, budget_snapshot.py for
plan items, budget lines, payments and works), so the ETL builds the marts from them. A proposal's
change-log row is its final snapshot (the service writes one per step; the newest is what the ETL
keeps); its events are all written. The bulk history carries no photos (no mart reads them).
The same seed and clock give the same history.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, select
from tqdm import tqdm

from core.bulk import advance_id_sequence, analyze, append_rows
from core.changelog import record_changes_bulk
from core.clock import city_today, iso_utc
from core.db import Databases
from core.reference import Kelurahan, Opd, RtUnit
from core.settings import Settings
from modules.planning import workflow
from modules.planning.budget_models import (PlanningBudgetLine, PlanningBudgetVersion, PlanningPayment,
                                            PlanningPlanItem, PlanningProgressReport, PlanningWork)
from modules.planning.budget_snapshot import BUDGET_LINE, PAYMENT, PLAN_ITEM, WORK
from modules.planning.codes import kegiatan_of, program_of
from modules.planning.models import (PlanningNomenclature, PlanningNumberCounter, PlanningProposal,
                                     PlanningProposalEvent)
from modules.planning.settings import round_dates
from modules.planning.snapshot import KEYS as PROPOSAL_KEYS
from modules.planning.snapshot import PROPOSAL, SNAPSHOT_VERSION
from simulator.planning import (ABSORPTION, CAMAT_ACCEPT_SHARE, CAMAT_REASONS, INDICATORS, JITTER_DEGREES,
                                LURAH_REASONS, LURAH_REJECT_SHARE, LINK_DAY, MURNI_DAY, PERUBAHAN_DAY, PLAN_DAY,
                                REPEAT_SHARE, SUB_KEGIATAN_OF_KIND, WORKS_DAY, at_city, day_of, draw_volume,
                                load_items, monthly_targets, weighted)

CITY_YEARS = 5
CITY_PROPOSALS_PER_YEAR = 10_000
CITY_PROPOSALS = CITY_YEARS * CITY_PROPOSALS_PER_YEAR   # what `count` means at city scale
CITY_BUDGET_RUPIAH = 11_000_000_000_000                 # the APBD of the newest year, near Rp 11 trillion
LINES_PER_PROPOSAL = 2.0                                # 10,000 proposals a year: about 20,000 budget lines
GROWTH = 1.04                                           # the budget grows this much a year
PAYMENT_MONTHS = 6                                      # a line is paid in about this many months (termins)
ACTOR = "system:simulator"
OPERATION = "upsert"
CHUNK = 50_000                                          # rows (with their change rows) per transaction
# Account groups (kode rekening, the first five parts) of the city's lines, with their share of
# the money; the sixth part numbers the lines of a group.
ACCOUNT_GROUPS = (("5.1.01.01.01", "Belanja Gaji dan Tunjangan ASN", 0.30),
                  ("5.1.02.01.01", "Belanja Barang Pakai Habis", 0.12),
                  ("5.1.02.02.01", "Belanja Jasa Kantor", 0.14),
                  ("5.1.02.03.02", "Belanja Pemeliharaan", 0.08),
                  ("5.2.02.05.01", "Belanja Modal Peralatan dan Mesin", 0.08),
                  ("5.2.03.01.01", "Belanja Modal Gedung dan Bangunan", 0.10),
                  ("5.2.04.01.01", "Belanja Modal Jalan", 0.10),
                  ("5.2.04.02.01", "Belanja Modal Jaringan Irigasi dan Drainase", 0.08))
WORK_GROUP = "5.2.03.01.01"  # the works are contracted on a line of this group


def city_seed(databases: Databases, settings: Settings, count: int = CITY_PROPOSALS, years: float = CITY_YEARS,
              seed: int = 2026, now: datetime | None = None, progress: bool = True) -> int:
    """About `count` proposals over the last `years` rounds, with the plans, budgets, payments and works
    of those years; nothing when proposals or budgets exist. Returns the proposals written."""
    now = (now or datetime.now(timezone.utc)).replace(microsecond=0)
    with databases.session() as session:
        if session.scalar(select(func.count()).select_from(PlanningProposal)) or \
                session.scalar(select(func.count()).select_from(PlanningBudgetVersion)):
            return 0
        world = World.load(session)
    city = CityHistory(world, settings, now, max(1, round(years)), count, random.Random(seed))
    city.draw()
    written = city.write(databases, progress)
    analyze(databases.engine)
    return written


class World:
    def __init__(self, rws, spots, items, sub_kegiatan, opds):
        self.rws = rws                    # [(kecamatan, kelurahan, rw)]
        self.spots = spots                # kelurahan -> (lat, lon) inside it
        self.items = items                # [simulator.planning.Item]
        self.sub_kegiatan = sub_kegiatan  # code -> name
        self.opds = opds                  # [code]

    @classmethod
    def load(cls, session) -> "World":
        from geo import centroids

        spots = centroids("kelurahan").set_index("code")
        kecamatan = dict(session.execute(select(Kelurahan.code, Kelurahan.kecamatan_code)).all())
        rws = [(kecamatan[k], k, int(rw)) for k, rw in session.execute(
            select(RtUnit.kelurahan_code, RtUnit.rw).distinct()
            .order_by(RtUnit.kelurahan_code, RtUnit.rw)) if k in spots.index]
        return cls(rws, {code: (float(spots.at[code, "lat"]), float(spots.at[code, "lon"])) for code in spots.index},
                   load_items(session),
                   dict(session.execute(select(PlanningNomenclature.code, PlanningNomenclature.name)
                                        .where(PlanningNomenclature.level == "sub_kegiatan")
                                        .order_by(PlanningNomenclature.code)).all()),
                   list(session.scalars(select(Opd.code).order_by(Opd.code))))


class CityHistory:
    """Draws every row in memory (ids given here), then writes them table by table with their change rows."""

    def __init__(self, world: World, settings: Settings, now: datetime, years: int, count: int, rng: random.Random):
        self.world, self.rules, self.now, self.rng = world, settings.planning, now, rng
        self.today = city_today(now)
        self.last = self.today.year
        self.years = list(range(self.last - years + 1, self.last + 1))
        self.per_year = max(1, count // years)
        self.rows = defaultdict(list)      # table -> rows
        self.changes = defaultdict(list)   # table -> change rows (written with the table's chunks)
        self.counters: dict[str, int] = {}
        self.proposals: dict[int, dict] = {}  # id -> the proposal's values
        self.plan_items: dict[tuple[int, str, str], int] = {}
        self.lines: dict[int, dict[str, dict]] = {}  # year -> version -> {(opd, sub, account): line}

    # --- drawing --------------------------------------------------------------------------------

    def draw(self) -> None:
        earlier: dict[tuple[str, int], list[dict]] = defaultdict(list)
        for year in self.years:
            self._round(year, earlier)
        for year in [*self.years, self.last + 1]:  # next year's plan (from May) and budget (from December)
            self._plan(year)
            self._budget(year)
        for year in [*self.years, self.last + 1]:
            self._works(year)
            self._payments(year)
        for proposal in self.proposals.values():
            self._proposal_rows(proposal)

    def _moment(self, first: date, last: date) -> datetime:
        day = first + timedelta(days=self.rng.randint(0, max(0, (last - first).days)))
        return at_city(day, self.rng.randint(8, 15), self.rng.randint(0, 59))

    def _round(self, year: int, earlier) -> None:
        rules, rng = self.rules, self.rng
        rw_first, rw_last = round_dates(rules, "rw", year)
        kel_first, kel_last = round_dates(rules, "kelurahan", year)
        kec_first, kec_last = round_dates(rules, "kecamatan", year)
        city_first, city_last = round_dates(rules, "city", year)
        drafts = sorted(((self._moment(rw_first, rw_last), rng.choice(self.world.rws)) for _ in range(self.per_year)),
                        key=lambda d: d[0])
        spent: dict[tuple[str, int], int] = defaultdict(int)
        number = 0
        for moment, (kecamatan, kelurahan, rw) in drafts:
            if moment > self.now:
                continue
            before = earlier[(kelurahan, rw)]
            if before and rng.random() < REPEAT_SHARE:
                repeated = rng.choice(before)
                item, lat, lon, repeat_of = repeated["item"], repeated["lat"], repeated["lon"], repeated["number"]
            else:
                item, repeat_of = rng.choice(self.world.items), None
                lat, lon = (value + rng.uniform(-JITTER_DEGREES, JITTER_DEGREES)
                            for value in self.world.spots[kelurahan])
            volume = draw_volume(rng, item)
            cost = int(round(volume * item.unit_cost_rupiah))
            if spent[(kelurahan, rw)] + cost > self.rules.rw_ceiling_rupiah:
                continue  # the service refuses it at entry: the RW's ceiling
            spent[(kelurahan, rw)] += cost
            number += 1
            proposal = dict(id=len(self.proposals) + 1, number=f"USL-{year:04d}-{number:06d}", year=year,
                            kecamatan=kecamatan, kelurahan=kelurahan, rw=rw, rt=rng.randint(1, 4), item=item,
                            volume=volume, cost=cost, lat=lat, lon=lon, repeat_of=repeat_of, created=moment,
                            status=workflow.PROPOSED, reason=None, priority=None, plan_item=None, work=None,
                            work_number=None, events=[("submitted", None, workflow.PROPOSED, moment, None)])
            self.proposals[proposal["id"]] = proposal
            earlier[(kelurahan, rw)].append(proposal)
            # the lurah, then the camat, each within his round and not after now
            verified = min(max(moment + timedelta(days=rng.randint(2, 12)), at_city(kel_first)),
                           at_city(kel_last, 15, rng.randint(0, 59)))
            if verified > self.now:
                continue
            if rng.random() < LURAH_REJECT_SHARE:
                self._step(proposal, "rejected", workflow.REJECTED, verified, weighted(rng, LURAH_REASONS))
                continue
            self._step(proposal, "verified", workflow.VERIFIED, verified)
            decided = max(min(max(verified + timedelta(days=rng.randint(1, 10)), at_city(kec_first, 9)),
                              at_city(kec_last, 15, rng.randint(0, 59))), verified + timedelta(minutes=5))
            if decided > self.now:
                continue
            if rng.random() < CAMAT_ACCEPT_SHARE:
                self._step(proposal, "accepted", workflow.ACCEPTED, decided)
            else:
                self._step(proposal, "rejected", workflow.REJECTED, decided, weighted(rng, CAMAT_REASONS))
        self.counters[str(year)] = number
        ranked_at = at_city(min(city_first + timedelta(days=9), city_last), 10)
        if ranked_at <= self.now:
            accepted = sorted((p for p in self.proposals.values()
                               if p["year"] == year and p["status"] == workflow.ACCEPTED),
                              key=lambda p: (p["cost"], p["number"]))
            for rank, proposal in enumerate(accepted, start=1):
                proposal["priority"] = rank
                self._step(proposal, "prioritised", workflow.PRIORITISED, ranked_at)

    @staticmethod
    def _step(proposal: dict, action: str, status: str, moment: datetime, reason: str | None = None) -> None:
        proposal["events"].append((action, proposal["status"], status, moment, reason))
        proposal["status"], proposal["reason"] = status, reason

    def _plan(self, year: int) -> None:
        written_at = at_city(day_of(year - 1, PLAN_DAY))
        if written_at > self.now:
            return
        for opd in self.world.opds:
            indicator, unit = INDICATORS.get(opd, ("Capaian program perangkat daerah", "persen"))
            for code in self.world.sub_kegiatan:
                item_id = len(self.rows["plan_items"]) + 1
                self.plan_items[(year, opd, code)] = item_id
                values = dict(id=item_id, year=year, opd_code=opd, sub_kegiatan_code=code, indicator=indicator,
                              target_value=float(self.rng.randint(10, 120)), target_unit=unit,
                              indicative_ceiling_rupiah=0, created_at=written_at, updated_at=written_at)
                self.rows["plan_items"].append(values)
        linked_at = at_city(day_of(year - 1, LINK_DAY))
        if linked_at > self.now:
            return
        for proposal in self.proposals.values():
            if proposal["year"] == year - 1 and proposal["status"] in (workflow.ACCEPTED, workflow.PRIORITISED):
                item = proposal["item"]
                proposal["plan_item"] = self.plan_items[(year, item.opd_code, SUB_KEGIATAN_OF_KIND[item.kind])]
                self._step(proposal, "planned", workflow.PLANNED, linked_at)

    def _budget(self, year: int) -> None:
        adopted = day_of(year - 1, MURNI_DAY)
        if at_city(adopted) > self.now:
            return
        pairs = [(opd, code) for opd in self.world.opds for code in self.world.sub_kegiatan]
        wanted = max(len(pairs), round(self.per_year * LINES_PER_PROPOSAL))
        per_pair = max(1, wanted // len(pairs))
        keys, weights = [], []
        for opd, code in pairs:
            pair_weight = self.rng.lognormvariate(0, 0.8)
            for n in range(per_pair):
                prefix, name, share = ACCOUNT_GROUPS[n % len(ACCOUNT_GROUPS)]
                keys.append((opd, code, f"{prefix}.{n // len(ACCOUNT_GROUPS) + 1:04d}",
                             f"{name} {n // len(ACCOUNT_GROUPS) + 1}"))
                weights.append(pair_weight * share * self.rng.lognormvariate(0, 0.6))
        total = CITY_BUDGET_RUPIAH * GROWTH ** (year - self.last)
        weight_sum = sum(weights)  # once: summed per line, 200,000 lines a year took hours at ten times the city
        ceilings = [max(1_000_000, int(round(total * w / weight_sum, -6))) for w in weights]
        versions = [("murni", adopted, ceilings)]
        amended = day_of(year, PERUBAHAN_DAY)
        if at_city(amended) <= self.now:
            versions.append(("perubahan", amended,
                             [int(round(c * self.rng.uniform(0.92, 1.1), -6)) for c in ceilings]))
        self.lines[year] = {}
        for number, (version, day, amounts) in enumerate(versions):
            version_id = len(self.rows["versions"]) + 1
            current = number == len(versions) - 1
            self.rows["versions"].append(dict(id=version_id, year=year, version=version, adopted_on=day,
                                              is_current=current, created_at=at_city(day)))
            found = {}
            for (opd, code, account, name), ceiling in zip(keys, amounts):
                line = dict(id=len(self.rows["lines"]) + 1, version_id=version_id, version=version, year=year,
                            is_current=current, opd_code=opd, sub_kegiatan_code=code, account_code=account,
                            account_name=name, ceiling_rupiah=ceiling)
                self.rows["lines"].append(line)
                found[(opd, code, account)] = line
            self.lines[year][version] = found
        for item in self.rows["plan_items"]:
            if item["year"] == year:
                item["indicative_ceiling_rupiah"] = 0
        sums = defaultdict(int)
        for line in self.lines[year]["murni"].values():
            sums[(line["opd_code"], line["sub_kegiatan_code"])] += line["ceiling_rupiah"]
        for item in self.rows["plan_items"]:
            if item["year"] == year:
                item["indicative_ceiling_rupiah"] = sums[(item["opd_code"], item["sub_kegiatan_code"])]

    def _works(self, year: int) -> None:
        created_at = at_city(day_of(year, WORKS_DAY))
        if created_at > self.now or year not in self.lines:
            return
        murni = self.lines[year]["murni"]
        work_lines, any_lines = defaultdict(list), defaultdict(list)
        for (opd, code, account), line in murni.items():
            any_lines[(opd, code)].append(line)
            if account.startswith(WORK_GROUP):
                work_lines[(opd, code)].append(line)
        items = {item["id"]: item for item in self.rows["plan_items"] if item["year"] == year}
        number = 0
        for proposal in self.proposals.values():
            if proposal["plan_item"] is None or items.get(proposal["plan_item"]) is None:
                continue
            item = items[proposal["plan_item"]]
            pair = (item["opd_code"], item["sub_kegiatan_code"])
            lines = work_lines.get(pair) or any_lines.get(pair)  # a small seed may have no capital line
            line = self.rng.choice(lines) if lines else None
            number += 1
            work = dict(id=len(self.rows["works"]) + 1, number=f"PKJ-{year}-{number:06d}", year=year,
                        opd_code=item["opd_code"], plan_item_id=item["id"], sub_kegiatan_code=item["sub_kegiatan_code"],
                        line_id=line["id"] if line else None, name=f"{proposal['item'].code} {proposal['number']}",
                        kelurahan_code=proposal["kelurahan"], kecamatan_code=proposal["kecamatan"],
                        lat=proposal["lat"], lon=proposal["lon"], contract_value_rupiah=None, contracted_on=None,
                        status="planned", progress_percent=0.0, last_reported_on=None, created_at=created_at,
                        updated_at=created_at)
            self.rows["works"].append(work)
            proposal["work"], proposal["work_number"], proposal["work_row"] = work["id"], work["number"], work
            proposal["updated"] = created_at
            contracted = date(year, self.rng.randint(2, 4), self.rng.randint(1, 28))
            if at_city(contracted) > self.now or line is None:
                continue
            value = min(int(line["ceiling_rupiah"]), int(round(proposal["cost"] * self.rng.uniform(0.88, 0.99), -3)))
            work.update(contract_value_rupiah=max(1, value), contracted_on=contracted, status="contracted",
                        updated_at=at_city(contracted))
            months, percent = self.rng.randint(3, 7), 0.0
            for step in range(1, months + 1):
                month = contracted.month - 1 + step
                day = date(year + month // 12, month % 12 + 1, min(contracted.day, 28))
                if day.year != year or at_city(day, 14) > self.now:
                    break
                percent = 100.0 if step == months else min(99.0, round(percent + 100.0 / months
                                                                       * self.rng.uniform(0.7, 1.3), 1))
                self.rows["reports"].append(dict(id=len(self.rows["reports"]) + 1, work_id=work["id"],
                                                 reported_on=day, percent=percent,
                                                 note=f"laporan bulanan ke-{step}", entered_by=ACTOR,
                                                 created_at=at_city(day, 14)))
                work.update(progress_percent=percent, last_reported_on=day, updated_at=at_city(day, 14),
                            status="built" if percent >= 100.0 else "in_progress")
        self.counters[f"PKJ{year}"] = number

    def _payments(self, year: int) -> None:
        if year not in self.lines:
            return
        versions = self.lines[year]
        amended = day_of(year, PERUBAHAN_DAY)
        for key, murni in versions["murni"].items():
            pace = min(0.99, ABSORPTION * self.rng.uniform(0.85, 1.05))
            months = sorted(self.rng.sample(range(1, 13), PAYMENT_MONTHS - 1)) + [12]
            paid = 0
            for month in sorted(set(months)):
                day = date(year, month, 25)
                if day > self.today:
                    break
                line = versions["perubahan"][key] if "perubahan" in versions and day >= amended else murni
                target = monthly_targets(int(line["ceiling_rupiah"] * pace))[month - 1]
                if target <= paid:
                    continue
                self.rows["payments"].append(dict(id=len(self.rows["payments"]) + 1, line=line, paid_on=day,
                                                  amount_rupiah=target - paid,
                                                  reference=f"SP2D/{year}/{month:02d}/{line['id']:06d}",
                                                  created_at=at_city(day, 11)))
                paid = target

    def _proposal_rows(self, proposal: dict) -> None:
        last = proposal["events"][-1][3]
        proposal["updated"] = max(last, proposal.get("updated") or last)

    # --- writing --------------------------------------------------------------------------------

    def write(self, databases: Databases, progress: bool) -> int:
        from modules.planning.recording import begin_write

        total = sum(len(rows) for rows in self.rows.values()) + len(self.proposals)
        with tqdm(total=total, desc="planning history", unit="rows", disable=not progress, smoothing=0.05) as bar:
            self._write(databases, PlanningPlanItem, PLAN_ITEM, self.rows["plan_items"], _plan_item_row,
                        _plan_item_change, bar)
            self._write(databases, PlanningBudgetVersion, None, self.rows["versions"], _version_row, None, bar)
            self._write(databases, PlanningBudgetLine, BUDGET_LINE, self.rows["lines"], _line_row, _line_change, bar)
            self._write(databases, PlanningWork, None, self.rows["works"], _work_row, None, bar)
            self._write(databases, PlanningProgressReport, None, self.rows["reports"], _report_row, None, bar)
            self._write(databases, PlanningWork, WORK, [], None, None, bar, changes=[
                _work_change(work) for work in self.rows["works"]])
            self._write(databases, PlanningPayment, PAYMENT, self.rows["payments"], _payment_row, _payment_change, bar)
            proposals = list(self.proposals.values())
            self._write(databases, PlanningProposal, PROPOSAL, proposals, _proposal_row, _proposal_change, bar)
            events = [(p["id"], *event) for p in proposals for event in p["events"]]
            self._write(databases, PlanningProposalEvent, None,
                        [dict(id=n, event=e) for n, e in enumerate(events, start=1)], _event_row, None, None)
        with databases.transaction() as session:
            begin_write(session)
            append_rows(session, PlanningNumberCounter.__table__, ("period", "last_number"),
                        sorted(self.counters.items()))
        return len(self.proposals)

    def _write(self, databases: Databases, model, entity, rows: list[dict], to_row, to_change, bar,
               changes: list[dict] | None = None) -> None:
        from modules.planning.recording import begin_write

        table = model.__table__
        columns = [c.name for c in table.columns]
        for start in range(0, max(len(rows), len(changes or [])), CHUNK):
            chunk = rows[start:start + CHUNK]
            with databases.transaction() as session:
                begin_write(session)
                if chunk:
                    append_rows(session, table, columns, [to_row(row, columns) for row in chunk])
                    advance_id_sequence(session, table.name)
                if to_change is not None:
                    record_changes_bulk(session, [_change(entity, *to_change(row)) for row in chunk])
                if changes:
                    record_changes_bulk(session, [_change(entity, *c) for c in changes[start:start + CHUNK]])
            if bar is not None:
                bar.update(len(chunk))


# --- rows and their change-log snapshots ------------------------------------------------------------

def _pick(values: dict, columns: list[str]) -> tuple:
    return tuple(values[name] for name in columns)


def _plan_item_row(item: dict, columns):
    return _pick(item, columns)


def _plan_item_change(item: dict):
    payload = dict(id=item["id"], year=item["year"], opd_code=item["opd_code"],
                   sub_kegiatan_code=item["sub_kegiatan_code"], program_code=program_of(item["sub_kegiatan_code"]),
                   kegiatan_code=kegiatan_of(item["sub_kegiatan_code"]), indicator=item["indicator"],
                   target_value=float(item["target_value"]), target_unit=item["target_unit"],
                   indicative_ceiling_rupiah=int(item["indicative_ceiling_rupiah"]),
                   created_at=iso_utc(item["created_at"]), updated_at=iso_utc(item["updated_at"]))
    return item["id"], payload


def _version_row(version: dict, columns):
    return _pick(version, columns)


def _line_row(line: dict, columns):
    return _pick(line, columns)


def _line_change(line: dict):
    code = line["sub_kegiatan_code"]
    payload = dict(id=line["id"], version_id=line["version_id"], version=line["version"], year=line["year"],
                   is_current=line["is_current"], opd_code=line["opd_code"], sub_kegiatan_code=code,
                   program_code=program_of(code), kegiatan_code=kegiatan_of(code), account_code=line["account_code"],
                   account_name=line["account_name"], ceiling_rupiah=int(line["ceiling_rupiah"]))
    return line["id"], payload


def _payment_row(payment: dict, columns):
    values = dict(payment, line_id=payment["line"]["id"], entered_by=ACTOR)
    return _pick(values, columns)


def _payment_change(payment: dict):
    line = payment["line"]
    payload = dict(id=payment["id"], line_id=line["id"], version_id=line["version_id"], year=line["year"],
                   opd_code=line["opd_code"], sub_kegiatan_code=line["sub_kegiatan_code"],
                   account_code=line["account_code"], paid_on=payment["paid_on"].isoformat(),
                   amount_rupiah=int(payment["amount_rupiah"]), reference=payment["reference"],
                   created_at=iso_utc(payment["created_at"]))
    return payment["id"], payload


def _work_row(work: dict, columns):
    return _pick(work, columns)


def _work_change(work: dict):
    keys = ("number", "year", "opd_code", "plan_item_id", "sub_kegiatan_code", "line_id", "name", "kelurahan_code",
            "kecamatan_code", "lat", "lon", "contract_value_rupiah", "contracted_on", "status", "progress_percent",
            "last_reported_on", "created_at", "updated_at")
    payload = {key: work[key] for key in keys}
    for key in ("contracted_on", "last_reported_on"):
        payload[key] = payload[key].isoformat() if payload[key] else None
    for key in ("created_at", "updated_at"):
        payload[key] = iso_utc(payload[key])
    payload["progress_percent"] = float(payload["progress_percent"])
    return work["number"], payload


def _report_row(report: dict, columns):
    values = dict(report, photo_filename=None, photo_content_type=None, photo_size_bytes=None, photo_data=None)
    return _pick(values, columns)


def _proposal_row(p: dict, columns):
    item = p["item"]
    values = dict(id=p["id"], number=p["number"], year=p["year"], kecamatan_code=p["kecamatan"],
                  kelurahan_code=p["kelurahan"], rw=p["rw"], rt=p["rt"], item_code=item.code, volume=p["volume"],
                  unit_cost_rupiah=item.unit_cost_rupiah, estimated_cost_rupiah=p["cost"],
                  title=f"{item.code.replace('-', ' ').title()} RW {p['rw']:02d}", description="",
                  address=f"RW {p['rw']:02d} Kelurahan {p['kelurahan'][-4:]}", lat=p["lat"], lon=p["lon"],
                  status=p["status"], rejection_reason=p["reason"], repeat_of=p["repeat_of"], priority=p["priority"],
                  proposer=f"rw{p['rw']:02d}.{p['kelurahan']}"[:64], plan_item_id=p["plan_item"], work_id=p["work"],
                  created_at=p["created"], updated_at=p["updated"])
    return _pick(values, columns)


def _proposal_change(p: dict):
    item = p["item"]
    times = {"verified_at": (workflow.VERIFIED,), "decided_at": (workflow.ACCEPTED, workflow.REJECTED),
             "prioritised_at": (workflow.PRIORITISED,), "planned_at": (workflow.PLANNED,)}
    plan_code = SUB_KEGIATAN_OF_KIND[item.kind] if p["plan_item"] is not None else None
    found = dict(number=p["number"], year=p["year"], kecamatan_code=p["kecamatan"], kelurahan_code=p["kelurahan"],
                 rw=p["rw"], item_code=item.code, item_kind=item.kind, opd_code=item.opd_code,
                 volume=float(p["volume"]), estimated_cost_rupiah=int(p["cost"]), status=p["status"],
                 rejection_reason=p["reason"], repeat=p["repeat_of"] is not None, priority=p["priority"],
                 created_at=iso_utc(p["created"]), updated_at=iso_utc(p["updated"]), plan_item_id=p["plan_item"],
                 sub_kegiatan_code=plan_code, work_number=p["work_number"])
    work = p.get("work_row")  # as it stands at the end: the proposal's snapshot follows its work
    found.update(work_status=work["status"] if work else None, work_line_id=work["line_id"] if work else None)
    for key, statuses in times.items():
        found[key] = iso_utc(max((e[3] for e in p["events"] if e[2] in statuses), default=None))
    return p["number"], {key: found[key] for key in PROPOSAL_KEYS}


def _event_row(row: dict, columns):
    proposal_id, action, before, after, moment, reason = row["event"]
    note = "" if action == "submitted" else "musrenbang"
    actor_role = {"submitted": "rt_rw", "verified": "lurah", "accepted": "camat", "prioritised": "perencana",
                  "planned": "perencana"}.get(action, "camat" if before == workflow.VERIFIED else "lurah")
    values = dict(id=row["id"], proposal_id=proposal_id, at=moment, action=action, from_status=before,
                  to_status=after, actor=ACTOR, actor_role=actor_role, reason=reason, note=note, data={})
    return _pick(values, columns)


def _change(entity: str, entity_id, payload: dict) -> dict:
    return dict(entity=entity, entity_id=entity_id, operation=OPERATION, payload=payload,
                schema_version=SNAPSHOT_VERSION)
