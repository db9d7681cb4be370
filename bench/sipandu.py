"""Sipandu at city scale (issue 16), two questions on both backends:

1. NIK lookup through the blind index, p95 <= 5 ms with 2.9 million residents and 250,000
   newcomers' stays: `modules/sipandu/reads.find_by_nik`, the service's own path behind
   `POST /api/sipandu/lookup` (one session per lookup, as the API opens it; the HMAC of the NIK,
   the index lookups on `sipandu_newcomers.nik_index` and `sipandu_residents.nik_index` (unique)
   inside the reader's scope, decrypting and masking the rows found). Asked for random NIKs that
   are held (a resident's, by the lurah of his kelurahan and by the head of his RT; a newcomer's,
   by the lurah of the RT he stays in) and valid NIKs that nobody holds (by a lurah), each NIK once,
   in a warm process (pooled connections, the key ring parsed), after a few untimed lookups.
   Baseline, measured in the same run on the same rows: what a team without encryption would
   build: a copy of the residents and newcomers in the bench's transactional database with the
   NIK (and KK) in plain text under an ordinary B-tree index (unique for residents, as the blind
   index is), looked up through the same session machinery with the same checks, scope and views,
   only without the HMAC and the decryption (the stored number is masked as it is). The copy is
   made by decrypting the seeded rows (untimed), and each pair of answers is compared (the same
   records, the same masked views) before its time counts. The lookups of one NIK by the two ways
   run back to back, in alternating order. Also reported: the one-off cost of protecting the NIKs
   at seeding (the seeder's AES-GCM and HMAC per row, timed on this run's NIKs, against the
   seeder's whole time) and the size of the blind index against the plaintext B-tree.

2. The Sipandu analytics page `/sipandu` (its callbacks, aggregates from the Sipandu mart), and
   Sipandu's own KPI cards and wall panels (each a request of its own), as a
   pimpinan (the whole city: the largest answers), measured as bench/planning.py measures the
   planning pages: warm, after an ETL commit of the Sipandu mart and cold (each
   figure's first request in a fresh process, bench/cold.py). Targets warm p95 <= 50 ms, cold p95
   <= 300 ms. Each Sipandu figure's numbers are also asked of two baselines (bench/floor.py,
   bench/sipandu_baselines.py): a BI tool's GROUP BY on the module's tables and DuckDB over the
   Sipandu facts, both checked to give Pantau's numbers before they are timed.

Not measured: the desks (the RT head's records at /sipandu/rt, the lurah's verification queue at
/sipandu/verifikasi): work queues on the module's service, one RT's or one kelurahan's rows at a
time; nor the unmask and the subject-access export (a logged write per look), nor the lookup's HTTP
layer (its per-account rate limit would refuse a benchmark's thousands of lookups).
"""

from __future__ import annotations

import functools
import random
import time
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Column, Index, MetaData, String, Table, func, select, text
from sqlalchemy.orm import DeclarativeBase

from bench.callbacks import DashClient, Figure, domain_part_figures, make_cold
from bench.floor import COLUMNS, DUCK, GOAL, SQL, note_disagreements, time_figures
from bench.results import (DOMAIN_COLD_TARGET as COLD_TARGET, DOMAIN_WARM_TARGET as WARM_TARGET, Row, ms,
                           percentile, ratio, secs)
from core.bulk import append_rows
from core.clock import city_today
from core.users import Viewer
from modules.sipandu import access, checks, reads
from modules.sipandu.models import SipanduDeletion, SipanduNewcomer, SipanduResident
from modules.sipandu.nik import make_nik, masked_nik, read_nik

SECTION, LOOKUP_SECTION = "sipandu", "sipandu_lookups"  # bench/results.py SECTIONS
BASELINE, RATIO = "baseline p50", "ratio"
LOOKUP_COLUMNS = ["figure", "warm p50", "warm p95", BASELINE, RATIO]
LOOKUP_TARGET = 0.005
MARTS = ("sipandu",)
LOOKUPS, SMOKE_LOOKUPS, WARM_UP = 1000, 20, 20
CRYPTO_SAMPLE = 20_000
COPY_CHUNK = 50_000
HIDDEN = ("nik_cipher", "nik_index", "kk_cipher", "kk_index")


# --- the plaintext baseline: what a team without encryption would build -----------------------------

class PlainBase(DeclarativeBase):
    metadata = MetaData()


def _kept(model) -> list[Column]:
    """The model's columns but the protected ones (no foreign keys: a copy for reading)."""
    return [Column(c.name, c.type, primary_key=c.primary_key, autoincrement=False, nullable=c.nullable)
            for c in model.__table__.columns if c.name not in HIDDEN]


PLAIN_RESIDENTS = Table(
    "bench_plain_residents", PlainBase.metadata, *_kept(SipanduResident),
    Column("nik", String(16), nullable=False), Column("kk", String(16), nullable=False),
    Index("ix_bench_plain_residents_nik", "nik", unique=True), Index("ix_bench_plain_residents_kk", "kk"),
    Index("ix_bench_plain_residents_rt", "kelurahan_code", "rw", "rt"))
PLAIN_NEWCOMERS = Table(
    "bench_plain_newcomers", PlainBase.metadata, *_kept(SipanduNewcomer), Column("nik", String(16), nullable=False),
    Index("ix_bench_plain_newcomers_nik", "nik"),
    Index("ix_bench_plain_newcomers_rt", "kelurahan_code", "rw", "rt", "status"),
    Index("ix_bench_plain_newcomers_status_ended", "status", "ended_at"))


class PlainResident(PlainBase):
    __table__ = PLAIN_RESIDENTS

    @property
    def nik_cipher(self) -> str:  # what reads.resident_view "decrypts": the number itself
        return self.nik


class PlainNewcomer(PlainBase):
    __table__ = PLAIN_NEWCOMERS

    @property
    def nik_cipher(self) -> str:
        return self.nik


class Plaintext:
    """The key ring of a team without encryption: the stored value is the number."""

    @staticmethod
    def decrypt(stored: str, _purpose: str) -> str:
        return stored


def find_by_plain_nik(session, actor: Viewer, nik, _keys=None) -> dict:
    """reads.find_by_nik on the plaintext copy: the same checks, scope, order and views, the NIK
    compared as it is (no HMAC) and shown masked from the stored number (no decryption)."""
    access.require_role(actor, access.READER_ROLES, "look up a NIK")
    number = checks.text("nik", nik, required=True, limit=64)
    read_nik(number, city_today())
    stays = session.scalars(select(PlainNewcomer).where(PlainNewcomer.nik == number,
                                                        access.readable(actor, PLAIN_NEWCOMERS))
                            .order_by(PlainNewcomer.arrived_at.desc())).all()
    residents = session.scalars(select(PlainResident).where(PlainResident.nik == number,
                                                            access.readable(actor, PLAIN_RESIDENTS))).all()
    return {"stays": reads._views(session, stays, Plaintext), "residents": [reads.resident_view(r, Plaintext)
                                                                           for r in residents]}


def copy_in_plaintext(databases, keys) -> tuple[int, float]:
    """The plaintext copy of the seeded residents and newcomers (decrypted, then written with their
    B-trees); returns the rows and the seconds it took."""
    started = time.perf_counter()
    PlainBase.metadata.drop_all(databases.engine)
    PlainBase.metadata.create_all(databases.engine)
    copied = 0
    for source, target, secrets in ((SipanduResident.__table__, PLAIN_RESIDENTS, ("nik", "kk")),
                                    (SipanduNewcomer.__table__, PLAIN_NEWCOMERS, ("nik",))):
        kept = [c.name for c in source.columns if c.name not in HIDDEN]
        last = 0
        while True:
            with databases.engine.begin() as connection:
                rows = connection.execute(select(source).where(source.c.id > last).order_by(source.c.id)
                                          .limit(COPY_CHUNK)).mappings().all()
                if not rows:
                    break
                plain = [(*(row[name] for name in kept), *(keys.decrypt(row[f"{s}_cipher"], s) for s in secrets))
                         for row in rows]
                append_rows(connection, target, [*kept, *secrets], plain)
            last, copied = rows[-1]["id"], copied + len(rows)
    with databases.engine.begin() as connection:
        for table in (PLAIN_RESIDENTS, PLAIN_NEWCOMERS):
            connection.execute(text(f"ANALYZE {table.name}"))
    return copied, time.perf_counter() - started


def drop_plaintext(databases) -> None:
    PlainBase.metadata.drop_all(databases.engine)


# --- the lookups ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Lookup:
    kind: str          # the row of the results it belongs to
    nik: str
    actor: Viewer
    held: bool         # the actor's scope holds a record of this NIK


RESIDENT_LURAH = "resident's NIK · the lurah of his kelurahan"
RESIDENT_RT = "resident's NIK · the head of his RT"
NEWCOMER_LURAH = "newcomer's NIK (his stays) · the lurah of his RT's kelurahan"
ABSENT = "a valid NIK nobody holds · a lurah"
KINDS = (RESIDENT_LURAH, RESIDENT_RT, NEWCOMER_LURAH, ABSENT)


def lurah(kecamatan: str, kelurahan: str) -> Viewer:
    return Viewer("bench", f"lurah-{kelurahan}", "lurah", kecamatan_code=kecamatan, kelurahan_code=kelurahan)


def rt_head(kecamatan: str, kelurahan: str, rw: int, rt: int) -> Viewer:
    return Viewer("bench", f"rt-{kelurahan}-{rw}-{rt}", "rt_rw", kecamatan_code=kecamatan, kelurahan_code=kelurahan,
                  rw=rw, rt=rt)


def lookups(databases, per_kind: int, seed: int = 2026) -> list[Lookup]:
    """`per_kind` random lookups of each kind (fewer newcomers when fewer are held), shuffled."""
    rng = random.Random(seed)
    area = ("nik", "kecamatan_code", "kelurahan_code", "rw", "rt")
    with databases.engine.connect() as connection:
        top = connection.scalar(select(func.max(PLAIN_RESIDENTS.c.id))) or 0
        ids = rng.sample(range(1, top + 1), min(top, 2 * per_kind))
        residents = connection.execute(select(*(PLAIN_RESIDENTS.c[n] for n in area))
                                       .where(PLAIN_RESIDENTS.c.id.in_(ids))).all()
        stays = connection.execute(select(*(PLAIN_NEWCOMERS.c[n] for n in area))).all()
        kelurahan = sorted({(row.kecamatan_code, row.kelurahan_code) for row in residents})
        held = set(connection.scalars(select(PLAIN_RESIDENTS.c.nik).where(
            PLAIN_RESIDENTS.c.nik.like("%9___")))) | {row.nik for row in stays}
    rng.shuffle(residents)
    found = [Lookup(RESIDENT_LURAH, r.nik, lurah(r.kecamatan_code, r.kelurahan_code), True)
             for r in residents[:per_kind]]
    found += [Lookup(RESIDENT_RT, r.nik, rt_head(r.kecamatan_code, r.kelurahan_code, r.rw, r.rt), True)
              for r in residents[per_kind:2 * per_kind]]
    found += [Lookup(NEWCOMER_LURAH, s.nik, lurah(s.kecamatan_code, s.kelurahan_code), True)
              for s in rng.sample(stays, min(per_kind, len(stays)))]
    while sum(1 for each in found if each.kind == ABSENT) < per_kind and kelurahan:
        kecamatan, code = rng.choice(kelurahan)
        born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 55 * 365))
        nik = make_nik(kecamatan, born, rng.choice(("female", "male")), rng.randint(9000, 9999))
        if nik not in held:  # serials of 9000 and above: no seeded NIK has one (checked all the same)
            held.add(nik)
            found.append(Lookup(ABSENT, nik, lurah(kecamatan, code), False))
    rng.shuffle(found)
    return found


def time_lookups(databases, keys, found: list[Lookup], warm_up: int) -> dict[str, tuple[list, list, list]]:
    """(blind index seconds, plaintext seconds, the blind index's CPU seconds in this process) per
    kind; every pair of answers compared. The CPU time tells a slow lookup that ran from one that
    waited: on a shared machine a lookup preempted once waits a scheduler tick (4 ms)."""
    ways = (reads.find_by_nik, find_by_plain_nik)

    def once(way, each: Lookup) -> tuple[float, float, dict]:
        started, cpu = time.perf_counter(), time.thread_time()
        with databases.session() as session:
            answer = way(session, each.actor, each.nik, keys)
        return time.perf_counter() - started, time.thread_time() - cpu, answer

    for each in found[:warm_up]:  # first use of the pools, the key ring, the mappers: untimed
        for way in ways:
            once(way, each)
    times: dict[str, tuple[list, list, list]] = {kind: ([], [], []) for kind in KINDS}
    for number, each in enumerate(found):
        order = (0, 1) if number % 2 == 0 else (1, 0)
        answers = {}
        for which in order:
            seconds, cpu, answers[which] = once(ways[which], each)
            times[each.kind][which].append(seconds)
            if which == 0:
                times[each.kind][2].append(cpu)
        if answers[0] != answers[1]:
            raise RuntimeError(f"the plaintext baseline's answer for a {each.kind!r} differs from Pantau's: "
                               f"{_summary(answers[0])} vs {_summary(answers[1])}")
        if bool(answers[0]["stays"] or answers[0]["residents"]) != each.held:
            raise RuntimeError(f"a {each.kind!r} lookup found {_summary(answers[0])}")
        if each.held and masked_nik(each.nik) not in {v["nik"] for v in answers[0]["stays"] + answers[0]["residents"]}:
            raise RuntimeError(f"a {each.kind!r} lookup did not show the NIK masked")
    return times


def _summary(answer: dict) -> str:
    return f"{len(answer['stays'])} stays {[v['id'] for v in answer['stays']]}, " \
           f"{len(answer['residents'])} residents {[v['id'] for v in answer['residents']]}"


def lookup_row(name: str, ours: list[float], plain: list[float], cpu: list[float]) -> Row:
    p50, p95, plain50, plain95 = (percentile(ours, 50), percentile(ours, 95), percentile(plain, 50),
                                  percentile(plain, 95))
    cells = {"figure": f"{name}; this process's CPU time p50 {ms(percentile(cpu, 50))}, p95 "
                       f"{ms(percentile(cpu, 95))}", "warm p50": ms(p50), "warm p95": ms(p95),
             BASELINE: f"{ms(plain50)} (plaintext B-tree; p95 {ms(plain95)})",
             RATIO: f"p50 {ratio(p50, plain50)}, p95 {ratio(p95, plain95)} (blind index ÷ plaintext)"}
    met = p95 is not None and p95 <= LOOKUP_TARGET
    return Row(cells, met, "" if met else (
        f"missed: p95 {ms(p95)} > {ms(LOOKUP_TARGET)}, the plaintext B-tree's p95 {ms(plain95)}, this process's CPU "
        f"time p95 {ms(percentile(cpu, 95))} (a wall time well above the CPU time is waiting: for the database "
        "server, or for a core on a busy machine; what is not the index is the session, the ORM and the views, "
        "modules/sipandu/reads.find_by_nik)"))


def info_row(name: str, measured: str) -> Row:
    cells = {column: "—" for column in LOOKUP_COLUMNS}
    cells["figure"] = f"{name}: {measured}"
    return Row(cells)


def protection_cost(env, keys, sample: int) -> str:
    """The seeder's per-row protection (AES-GCM and HMAC of a resident's NIK and KK, of a newcomer's
    NIK), timed on this run's NIKs, against the seeder's time."""
    with env.databases.engine.connect() as connection:
        pairs = connection.execute(select(PLAIN_RESIDENTS.c.nik, PLAIN_RESIDENTS.c.kk).limit(sample)).all()
        residents = connection.scalar(select(func.count()).select_from(SipanduResident)) or 0
        newcomers = sum(connection.scalar(select(func.count()).select_from(model)) or 0
                        for model in (SipanduNewcomer, SipanduDeletion))  # the deleted ones were protected too
    if not pairs:
        return "no residents seeded"
    started = time.perf_counter()
    for nik, kk in pairs:
        keys.encrypt(nik, "nik"), keys.blind_index(nik, "nik"), keys.encrypt(kk, "kk"), keys.blind_index(kk, "kk")
    resident = (time.perf_counter() - started) / len(pairs)
    started = time.perf_counter()
    for nik, _kk in pairs:
        keys.encrypt(nik, "nik"), keys.blind_index(nik, "nik")
    newcomer = (time.perf_counter() - started) / len(pairs)
    seeding = env.seeding.get("sipandu", (0, "", 0.0))[2]
    spent = residents * resident + newcomers * newcomer
    share = f", {100 * spent / seeding:.0f} % of the seeder's {secs(seeding)}" if seeding else ""
    city = 2_900_000 * resident + 250_000 * newcomer
    return (f"a resident's NIK and KK {resident * 1e6:.1f} µs ({1 / resident:,.0f} rows/s), a newcomer's NIK "
            f"{newcomer * 1e6:.1f} µs; for this run's {residents:,} residents and {newcomers:,} newcomers "
            f"{secs(spent)}{share}; at city scale (2.9 million and 250,000) {secs(city)}")


def index_sizes(databases) -> str:
    """Bytes of the blind index (residents, unique) against the plaintext B-tree on the same rows."""
    with databases.engine.connect() as connection:
        blind = _index_bytes(connection, "sipandu_residents", "nik_index")
        plain = _index_bytes(connection, PLAIN_RESIDENTS.name, "nik")
    if not blind or not plain:
        return "not found"
    return (f"sipandu_residents.nik_index (64 hex characters) {blind / 1e6:,.1f} MB, the plaintext NIK's "
            f"B-tree (16 digits) {plain / 1e6:,.1f} MB ({ratio(blind, plain)})")


def _index_bytes(connection, table: str, column: str) -> int | None:
    if connection.dialect.name == "postgresql":
        return connection.scalar(text(
            "select pg_relation_size(i.indexrelid) from pg_index i join pg_attribute a on a.attrelid = i.indrelid "
            "and a.attnum = i.indkey[0] where i.indrelid = cast(:table as regclass) and i.indnatts = 1 "
            "and a.attname = :column limit 1"), {"table": table, "column": column})
    for index in connection.exec_driver_sql(f"PRAGMA index_list('{table}')").all():
        columns = [info[2] for info in connection.exec_driver_sql(f"PRAGMA index_info('{index[1]}')").all()]
        if columns == [column]:
            return connection.exec_driver_sql("select sum(pgsize) from dbstat where name = ?", (index[1],)).scalar()
    return None


def run_lookups(env, results, smoke: bool) -> None:
    from modules.sipandu.keys import keys_for

    per_kind = SMOKE_LOOKUPS if smoke else LOOKUPS
    note = functools.partial(results.note, LOOKUP_SECTION, LOOKUP_COLUMNS)
    add = functools.partial(results.add, LOOKUP_SECTION, LOOKUP_COLUMNS, env.backend)
    keys = keys_for(env.settings())
    copied, seconds = copy_in_plaintext(env.databases, keys)
    try:
        found = lookups(env.databases, per_kind)
        times = time_lookups(env.databases, keys, found, SMOKE_LOOKUPS // 4 if smoke else WARM_UP)
        note(f"**NIK lookup** (`modules/sipandu/reads.find_by_nik`, one session per lookup as `POST "
             f"/api/sipandu/lookup` opens it): up to {per_kind:,} random NIKs of each kind, each asked once in a warm "
             "process, interleaved with the same lookup on a plaintext copy of the same rows (the NIK under an "
             "ordinary B-tree, the same checks, scope and masked views, no HMAC and no decryption), the two answers "
             f"compared every time. Target p95 <= {ms(LOOKUP_TARGET)}. In these rows *warm* is the blind index's "
             "time, *baseline* the plaintext copy's, the ratio the blind index's over the plaintext's (above 1: the "
             "protection's cost); a lookup reads the module's tables and no cache, so it has no after-ETL-commit or "
             "cold column. Each row also gives the CPU time of this process per blind-index lookup: a wall time well "
             "above it was waiting (on SQLite, whose work runs in the process, for a core of a busy machine; on "
             "PostgreSQL also for the server).")
        everything = ([], [], [])
        for kind in KINDS:
            if times[kind][0]:
                for whole, part in zip(everything, times[kind]):
                    whole.extend(part)
                add(lookup_row(f"NIK lookup · {kind} ({len(times[kind][0]):,} NIKs)", *times[kind]))
        add(lookup_row(f"NIK lookup · every lookup above ({len(everything[0]):,})", *everything))
        add(info_row("protecting the NIKs at seeding (the seeder's AES-GCM and HMAC per row)",
                     protection_cost(env, keys, min(CRYPTO_SAMPLE, 500 if smoke else CRYPTO_SAMPLE))))
        add(info_row("blind index against the plaintext B-tree, on disk", index_sizes(env.databases)))
        add(info_row("the baseline's plaintext copy (untimed set-up: decrypting every row, writing it with its B-trees)",
                     f"{copied:,} rows in {secs(seconds)} ({copied / seconds:,.0f} rows/s)"))
    finally:
        drop_plaintext(env.databases)


# --- the page, and Sipandu's own KPI cards and wall panels -----------------------------

SIPANDU_PAGE = {"sipandu-page.id": "sipandu-page"}
MAP = "Sipandu · present newcomers per kelurahan: map and table · city"
CARDS = "Sipandu · title and headline cards (this week, now)"
FLOW = "Sipandu · weekly flow, purposes, 24-hour rule"
ORIGINS = "Sipandu · origins: regencies and provinces"
GAPS = "Sipandu · backlog, silent RTs, boarding houses"
# why a figure would miss the floor, and the fix (bench/floor.floor_row shows it only when it misses)
REASONS = {
    CARDS: "the baselines count in one scan, the callback also resolves the viewer's area and asks two queries "
           "(the city's weekly aggregate, then the facts for the backlog); fix: the backlog as a measure "
           "of the aggregate, so the three cards are one query (data/sipandu/queries.kpis)",
    MAP: "the baselines only count, the callback also builds a choropleth of every kelurahan (boundaries, "
         "centroid labels, names) and the table, from agg_sipandu_rt_now (each RT's present newcomers, some 12,000 "
         "rows at city scale); fix: the map's geometry and labels built once per process, only the counts per "
         "request (layouts/components/sipandu_charts.residents_map)",
    FLOW: "three queries one after another (the running sum over the city's weeks, agg_sipandu_weekly_city; the "
          "purposes: the whole months from agg_sipandu_origins_city and the days before them from "
          "agg_sipandu_origins_city_daily; the 24-hour rule from the weeks) and three figures, where each baseline "
          "scans the facts once per chart; fix: the three read on one connection",
    ORIGINS: "the reads take a few milliseconds (the whole months from the city's monthly origins, "
             "agg_sipandu_origins_city, ~90 rows a month; the days before the first from "
             "agg_sipandu_origins_city_daily, ~90 rows a day) and the two "
             "figures are built in plain Python (about 1 ms for some 500 regencies); the rest is the request's fixed "
             "part (the login check, Dash's dispatch, the figures' JSON) against a baseline of 3 to 5 ms; fix: the "
             "two figures kept per mart version and period",
    GAPS: "the silent RTs test every RT of the city against its rows of agg_sipandu_rt_now (its last recording) "
          "and rank the silent ones for the first 20 (the database counts the rest), the boarding houses join "
          "each house to its present newcomers there, and the backlog ranks every waiting record for its median; "
          "fix: the backlog per kelurahan (count, oldest, median) maintained by the ETL (data/sipandu/queries.py)",
}


def figures() -> list[Figure]:
    """Every page figure measured with its question for the baselines (bench/sipandu_baselines.py);
    the cold workers import this list by name."""
    from core.clock import minute_now
    from data.sipandu.pages import period_start
    from layouts.components.sipandu_charts import LIST_LIMIT
    from layouts.components.wall_sipandu_panels import FLOW_WEEKS

    today, now = city_today(), minute_now()
    found = [Figure(CARDS, "sipandu-title.children", SIPANDU_PAGE, lambda b: b.cards(today)),
             Figure(MAP, "sipandu-map.figure", SIPANDU_PAGE, lambda b: b.residents())]
    for output, name in (("sipandu-trend.figure", FLOW), ("sipandu-origins.figure", ORIGINS),
                         ("sipandu-backlog.children", GAPS)):
        for weeks in (13, 52):
            since = period_start(today, weeks)
            question = {FLOW: lambda b, w=weeks: b.flow(w, today), ORIGINS: lambda b, s=since: b.origins(s),
                        GAPS: lambda b, s=since: b.gaps(s, now, LIST_LIMIT)}[name]
            found.append(Figure(f"{name} · {weeks} weeks", output, {"sipandu-period.value": weeks}, question))
    return found + [
        *domain_part_figures("sipandu", "Sipandu", questions={
            "kpi_cards": lambda b: b.cards(today),  # the page's period does not apply: this week's, and now's
            "wall_panels": lambda b: b.wall(today, FLOW_WEEKS)}),
    ]


def reason_of(figure: Figure) -> str:
    return next(why for name, why in REASONS.items() if figure.name.startswith(name))


def run_pages(env, results, samples: int, workers: int) -> None:
    from app import create_app
    from bench.cold import run_workers
    from bench.env import PASSWORD
    from bench.sipandu_baselines import SipanduDuckDbBaseline, SipanduSqlBaseline

    results.note(SECTION, COLUMNS, f"**The Sipandu page** (/sipandu) and the pages that carry Sipandu's cards and "
                                   f"panels, as a pimpinan (the whole city): {samples} warm and {samples} "
                                   f"after-ETL-commit samples (the Sipandu mart's version bumped before each) in one "
                                   f"process, cold from {workers} fresh processes; targets warm p95 < "
                                   f"{ms(WARM_TARGET)}, cold p95 < {ms(COLD_TARGET)}. Sipandu's KPI cards and "
                                   "wall panels are each their own request, asked of the baselines as the page's "
                                   "cards and weekly flow. Each Sipandu "
                                   "figure's numbers are also asked of two baselines, "
                                   f"{samples} times each (bench/sipandu_baselines.py): *SQL GROUP BY* on the "
                                   "module's tables (sipandu_newcomers, sipandu_kos, joined with the reference "
                                   "tables kelurahan and rt_units), one query per chart, the city's week worked out "
                                   "in the query; *DuckDB* on fct_sipandu_newcomers and fct_sipandu_kos (with "
                                   "dim_kelurahan and dim_sipandu_rt) loaded once, untimed, into an in-memory DuckDB.")
    results.note(SECTION, COLUMNS, GOAL)
    found = figures()
    cold = run_workers(env, [f.name for f in found], workers, figures="bench.sipandu:figures")
    app = create_app(env.settings())
    services = app.server.extensions["pantau"]
    clients = {"pimpinan": DashClient(app).login("pimpinan", PASSWORD),
               "wall": DashClient(app).kiosk(env.kiosk_secret("bench-wall"))}
    baselines = {SQL: SipanduSqlBaseline(env.databases.engine), DUCK: SipanduDuckDbBaseline(env.databases.warehouse)}
    try:
        check_baselines(env, results, services, baselines)
        time_figures(results, SECTION, env.backend, found,
                     lambda figure: clients[figure.client].request(figure.output, figure.values, figure.expect),
                     lambda: make_cold(services, MARTS), cold, baselines, samples, reason_of)
    finally:
        baselines[DUCK].close()


def check_baselines(env, results, services, baselines: dict) -> None:
    """Both baselines give Pantau's numbers for every measured question (else their times would
    mean nothing); one that does not is named in bold above the table."""
    from core.clock import minute_now
    from bench.sipandu_baselines import disagreements
    from layouts.components.sipandu_charts import LIST_LIMIT

    results.note(SECTION, COLUMNS, "Before timing, both baselines' answers are checked against Pantau's data layer "
                                   "(data/sipandu/pages.py, uncached), for the city: the headline cards, the wall's "
                                   "cards and eight weeks' flow, present "
                                   "and unverified newcomers per kelurahan, and for 13 and 52 weeks the weekly flow "
                                   "with the residents at each week's end, the purposes, the 24-hour rule, the "
                                   "origins, the backlog per kelurahan (count, oldest and median hours), the silent "
                                   "RTs and the boarding houses (the rows shown and how many in all).")
    today, now = city_today(), minute_now()
    note_disagreements(results, SECTION, env.backend, baselines,
                       lambda b: disagreements(services, b, today, now, LIST_LIMIT))


def run(env, results, smoke: bool = False, samples: int = 20, workers: int = 10) -> None:
    if smoke:
        samples, workers = 3, 2
    env.fill_marts()
    run_pages(env, results, samples, workers)
    run_lookups(env, results, smoke)
