"""Planning figures at city scale (issue 15: each page's callbacks warm p95 <= 50 ms, cold (fresh
process) p95 <= 300 ms, on both backends): every data/planning query the Perencanaan and Anggaran
pages' callbacks call, with the viewers they are called for:

- the funnel of the newest round (city, a camat's kecamatan), the funnel per area drilled down
  (kecamatan of the city, kelurahan of a kecamatan, RW of a kelurahan: the facts), the acceptance
  rate per kecamatan, the rejection reasons, the rounds a viewer has (data/planning/queries.py);
- every cached query of data/planning/budget_queries.py when that module is there (the budget's
  pages: written apart), called with the newest budget year when its arguments are the viewer and a
  filters dataclass whose only required field is `year` (or a `year`); any other is listed as not
  measured, with its name, rather than guessed at.

Each is the data layer's own call (the Dash callbacks that draw them belong to the pages), timed in
the process: warm (the same call again: the mart cache's answer), after an ETL commit (every planning
mart's version bumped before each call), cold (each figure's first call in a fresh process, as
bench/cold.py does it: new connections, empty caches, Redis flushed; `python -m bench.planning` is
that worker).

Baseline: what a BI tool would issue on the transactional tables for the same question, one GROUP BY
on `planning_proposals` (a stage reached read from the status, or from the events for a proposal
rejected after it: `planning_proposal_events`), checked to give Pantau's numbers before it is timed.
"""

from __future__ import annotations

import importlib
import inspect
import json
import random
import subprocess
import sys
import time
import typing
from collections import defaultdict
from dataclasses import MISSING, dataclass, fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import Callable

import pandas as pd
from sqlalchemy import func, select, text

from bench.results import (DOMAIN_COLD_TARGET as COLD_TARGET, DOMAIN_WARM_TARGET as WARM_TARGET, figure_row,
                           ms, timed)

SECTION = "planning"
BASELINE = "BI SQL p50"
COLUMNS = ["figure", "rows", "warm p50", "warm p95", "after ETL commit p50", "after ETL commit p95", "cold p50",
           "cold p95", BASELINE, "ratio (BI SQL p50 ÷ cold p50)"]
BUDGET_QUERIES = "data.planning.budget_queries"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
WORKER_SECONDS = 900
FUNNEL_BY_KECAMATAN, REJECTIONS, FUNNEL = "funnel per kecamatan", "rejection reasons", "funnel · city"


@dataclass(frozen=True)
class Question:
    name: str
    ask: Callable                 # (services) -> DataFrame or list
    baseline: str | None = None   # the BI query that answers it (BASELINES)


@dataclass(frozen=True)
class Focus:
    """What the figures are asked about: the newest round, its busiest kecamatan and kelurahan, the
    newest budget year."""
    year: int
    kecamatan: str | None
    kelurahan: str | None
    budget_year: int


def focus(services) -> Focus:
    from data.planning.tables import FctPlanningProposal as F

    with services.databases.warehouse.connect() as connection:
        year = connection.scalar(select(func.max(F.year))) or 0
        kecamatan = connection.scalar(select(F.kecamatan_code).where(F.year == year).group_by(F.kecamatan_code)
                                      .order_by(func.count().desc(), F.kecamatan_code).limit(1))
        kelurahan = connection.scalar(select(F.kelurahan_code).where(F.year == year, F.kecamatan_code == kecamatan)
                                      .group_by(F.kelurahan_code)
                                      .order_by(func.count().desc(), F.kelurahan_code).limit(1))
    from modules.planning.budget_models import PlanningBudgetVersion

    with services.databases.engine.connect() as connection:
        budget_year = connection.scalar(select(func.max(PlanningBudgetVersion.year))) or year
    return Focus(int(year), kecamatan, kelurahan, int(budget_year))


def viewers(where: Focus) -> dict:
    from core.users import Viewer

    return {"pimpinan": Viewer("0", "bench", "pimpinan"),
            "camat": Viewer("0", "bench-camat", "camat", kecamatan_code=where.kecamatan)}


def questions(services) -> tuple[list[Question], list[str]]:
    """Every figure measured (the cold workers build the same list), and the budget queries that
    could not be called (their names)."""
    from data.planning import queries as q

    where = focus(services)
    who = viewers(where)
    boss, camat = who["pimpinan"], who["camat"]
    year = q.PlanningFilters(where.year)
    found = [
        Question(FUNNEL, lambda s: q.funnel(s, boss, year), "funnel"),
        Question("funnel · camat's kecamatan", lambda s: q.funnel(s, camat, year)),
        Question(FUNNEL_BY_KECAMATAN, lambda s: q.funnel_by_area(s, boss, year), "by_kecamatan"),
        Question("funnel per kelurahan of a kecamatan",
                 lambda s: q.funnel_by_area(s, boss, q.PlanningFilters(where.year, kecamatan_code=where.kecamatan))),
        Question("funnel per RW of a kelurahan (facts)",
                 lambda s: q.funnel_by_area(s, boss, q.PlanningFilters(where.year, kecamatan_code=where.kecamatan,
                                                                      kelurahan_code=where.kelurahan))),
        Question("acceptance per kecamatan", lambda s: q.acceptance_by_kecamatan(s, boss, year), "by_kecamatan"),
        Question(REJECTIONS, lambda s: q.rejection_reasons(s, boss, year), "rejections"),
        Question("rounds of the viewer", lambda s: q.proposal_years(s, boss)),
    ]
    budget, skipped = budget_questions(where, boss)
    return found + budget, skipped


def budget_questions(where: Focus, viewer) -> tuple[list[Question], list[str]]:
    """The cached queries of data/planning/budget_queries.py, when it exists."""
    try:
        module = importlib.import_module(BUDGET_QUERIES)
    except ModuleNotFoundError as error:
        if error.name == BUDGET_QUERIES:
            return [], []
        raise
    found, skipped = [], []
    for name, function in sorted(vars(module).items()):
        inner = getattr(function, "uncached", None)
        if name.startswith("_") or not callable(inner) or getattr(inner, "__module__", "") != BUDGET_QUERIES:
            continue
        arguments = _arguments(inner, where.budget_year, budget_day(where.budget_year))
        if arguments is None:
            skipped.append(name)
            continue
        found.append(Question(f"budget · {name}", lambda s, f=function, a=arguments: f(s, viewer, *a)))
    return found, skipped


def budget_day(year: int) -> date:
    """The day a budget page asks about: today in the current year, the year's last day before."""
    from core.clock import city_today

    today = city_today()
    return today if year >= today.year else date(year, 12, 31)


def _arguments(function, year: int, day: date) -> tuple | None:
    """The arguments after (services, viewer) for the newest budget year (`year`, `month` and
    `today` named so: of `day`; a filters dataclass whose only required field is `year`), or None
    when the bench cannot tell what they are."""
    try:
        hints = typing.get_type_hints(function)
    except Exception:  # noqa: BLE001 - an annotation the bench cannot resolve
        hints = {}
    parameters = list(inspect.signature(function).parameters.values())[2:]
    known = {("year", int): year, ("month", int): day.month, ("today", date): day}
    arguments = []
    for parameter in parameters:
        if parameter.default is not inspect.Parameter.empty:
            break
        kind = hints.get(parameter.name)
        if (parameter.name, kind) in known:
            arguments.append(known[(parameter.name, kind)])
        elif kind is not None and is_dataclass(kind):
            required = [f.name for f in fields(kind) if f.default is MISSING and f.default_factory is MISSING]
            if required != ["year"]:
                return None
            arguments.append(kind(year=year))
        else:
            return None
    return tuple(arguments)


def answer_rows(answer) -> int:
    """Rows of a frame or list; 1 for a single figure (a dict of numbers, a count)."""
    return len(answer) if isinstance(answer, (pd.DataFrame, list, tuple)) else 1


def run(env, results, smoke: bool = False, samples: int = 20, workers: int = 10) -> None:
    from bench.callbacks import make_cold
    from core.services import Services
    from etl.runner import EtlRunner

    if smoke:
        samples, workers = 3, 2
    EtlRunner(env.databases).run_once()  # the marts follow the seeded change log
    services = Services.from_settings(env.settings())
    found, skipped = questions(services)
    where = focus(services)
    results.note(SECTION, COLUMNS, f"The data layer's calls behind the planning pages (data/planning) for the "
                                   f"round of {where.year} (a camat: the busiest kecamatan; the drill-down to its "
                                   f"busiest kelurahan), with a pimpinan viewer unless said: {samples} warm and "
                                   f"{samples} after-ETL-commit samples in one process, cold from {workers} fresh "
                                   f"processes; targets warm p95 < {ms(WARM_TARGET)}, cold p95 < {ms(COLD_TARGET)}. "
                                   "The baseline is a BI tool's GROUP BY on planning_proposals (and its events), "
                                   "checked against Pantau's numbers first."
                 + (f" Not measured (arguments the bench cannot build): {', '.join(skipped)}." if skipped else ""))
    cold = run_workers(env, [each.name for each in found], workers)
    baselines = {key: make(env, where.year) for key, make in BASELINES.items()}
    check_baselines(services, where, baselines)
    marts = planning_marts()
    for each in found:
        def call(each=each):
            started = time.perf_counter()
            answer = each.ask(services)
            return time.perf_counter() - started, answer_rows(answer)

        call()
        warm = [call()[0] for _ in range(samples)]
        committed = []
        for _ in range(samples):
            make_cold(services, marts)
            committed.append(call()[0])
        rows = call()[1]
        baseline_times = [timed(baselines[each.baseline]) for _ in range(samples)] if each.baseline else []
        results.add(SECTION, COLUMNS, env.backend, figure_row(
            each.name, warm, committed, cold.get(each.name, []), baseline_times, BASELINE, rows=rows,
            fix="the planning marts' indexes and the query in data/planning"))
    services.databases.dispose()


def planning_marts() -> tuple[str, ...]:
    """Every mart the planning domain registers (the budget's too, once they are there)."""
    from core.domains import registered_domains

    return tuple(mart.name for domain in registered_domains() if domain.name == "planning" for mart in domain.marts)


# --- the baselines -----------------------------------------------------------------------------------------

STAGE_SQL = """
    count(*) as proposed,
    sum(case when p.status in ('verified', 'accepted', 'prioritised', 'planned') or exists (
        select 1 from planning_proposal_events e where e.proposal_id = p.id and e.to_status = 'verified')
        then 1 else 0 end) as verified,
    sum(case when p.status in ('accepted', 'prioritised', 'planned') then 1 else 0 end) as accepted,
    sum(case when p.status = 'prioritised' or exists (
        select 1 from planning_proposal_events e where e.proposal_id = p.id and e.to_status = 'prioritised')
        then 1 else 0 end) as prioritised,
    sum(case when p.status = 'planned' then 1 else 0 end) as planned,
    sum(case when w.line_id is not null then 1 else 0 end) as budgeted,
    sum(case when w.status in ('contracted', 'in_progress', 'built') then 1 else 0 end) as contracted,
    sum(case when w.status = 'built' then 1 else 0 end) as built,
    sum(case when p.status = 'rejected' then 1 else 0 end) as rejected,
    sum(p.estimated_cost_rupiah) as proposed_cost_rupiah"""


def _query(env, sql: str, year: int, columns: list[str]) -> Callable[[], pd.DataFrame]:
    engine = env.databases.engine
    statement = text(sql)

    def ask() -> pd.DataFrame:
        with engine.connect() as connection:
            return pd.DataFrame(connection.execute(statement, {"year": year}).all(), columns=columns)
    return ask


STAGE_COLUMNS = ["proposed", "verified", "accepted", "prioritised", "planned", "budgeted", "contracted", "built",
                 "rejected", "proposed_cost_rupiah"]
PROPOSALS_AND_WORKS = "planning_proposals p left join planning_works w on w.id = p.work_id"
BASELINES = {
    "funnel": lambda env, year: _query(env, f"select {STAGE_SQL} from {PROPOSALS_AND_WORKS} where p.year = :year",
                                       year, STAGE_COLUMNS),
    "by_kecamatan": lambda env, year: _query(
        env, f"select p.kecamatan_code, {STAGE_SQL} from {PROPOSALS_AND_WORKS} where p.year = :year "
             "group by p.kecamatan_code order by p.kecamatan_code", year, ["code", *STAGE_COLUMNS]),
    "rejections": lambda env, year: _query(
        env, "select p.rejection_reason, count(*), sum(p.estimated_cost_rupiah) from planning_proposals p "
             "where p.year = :year and p.status = 'rejected' group by p.rejection_reason", year,
        ["reason", "proposals", "cost_rupiah"]),
}


def check_baselines(services, where: Focus, baselines: dict[str, Callable]) -> None:
    """Each baseline gives Pantau's numbers (every stage per kecamatan, the city's funnel, the
    proposals and cost per rejection reason) before it is timed."""
    from core.users import Viewer
    from data.planning import queries as q

    boss, year = Viewer("0", "bench", "pimpinan"), q.PlanningFilters(where.year)
    ours = q.funnel_by_area.uncached(services, boss, year).set_index("code").sort_index()
    theirs = baselines["by_kecamatan"]().set_index("code").sort_index()
    for column in STAGE_COLUMNS:
        mine, bi = ours[column].astype("int64"), pd.to_numeric(theirs[column]).fillna(0).astype("int64")
        if list(mine.index) != list(bi.index) or not (mine.values == bi.values).all():
            raise RuntimeError(f"the BI baseline's {column} per kecamatan differs from Pantau's")
    funnel = q.funnel.uncached(services, boss, year).set_index("stage")["proposals"]
    city = baselines["funnel"]().iloc[0]
    if any(int(funnel[stage]) != int(city[stage] or 0) for stage in STAGE_COLUMNS[:-1]):
        raise RuntimeError("the BI baseline's funnel differs from Pantau's")
    reasons = q.rejection_reasons.uncached(services, boss, year).set_index("reason")
    given = baselines["rejections"]().set_index("reason")
    for reason, row in given.iterrows():
        if (int(reasons.at[reason, "proposals"]), int(reasons.at[reason, "cost_rupiah"])) != \
                (int(row["proposals"]), int(row["cost_rupiah"])):
            raise RuntimeError(f"the BI baseline's rejections for {reason} differ from Pantau's")


# --- cold: fresh processes ---------------------------------------------------------------------------------

def run_workers(env, names: list[str], workers: int, seed: int = 2026) -> dict[str, list[float]]:
    spec = {"settings": env.settings_sections(), "redis_url": env.redis_url}
    samples: dict[str, list[float]] = defaultdict(list)
    for number in range(workers):
        order = list(names)
        random.Random(seed + number).shuffle(order)
        done = subprocess.run([sys.executable, "-m", "bench.planning"], input=json.dumps({**spec, "order": order}),
                              capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=WORKER_SECONDS)
        if done.returncode != 0:
            raise RuntimeError(f"cold worker failed (exit {done.returncode}): {done.stderr[-2000:]}")
        for name, seconds in json.loads(done.stdout.strip().splitlines()[-1]).items():
            samples[name].append(seconds)
    return samples


def worker(spec: dict) -> dict[str, float]:
    """In a fresh process: the services of the installation, then each figure's first call, the
    caches emptied and the connections dropped before each (bench/cold.py's make_fresh)."""
    from bench.cold import _mart_versions, make_fresh
    from core.services import Services
    from core.settings import Settings

    services = Services.from_settings(Settings().override(**spec["settings"]))
    by_name = {each.name: each for each in questions(services)[0]}
    versions = _mart_versions(services)
    times = {}
    for name in spec["order"]:
        make_fresh(services, spec["redis_url"], versions)
        times[name] = timed(lambda: by_name[name].ask(services))
    return times






if __name__ == "__main__":
    print(json.dumps(worker(json.load(sys.stdin))))
