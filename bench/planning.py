"""Planning callbacks at city scale (issue 15: each page's callbacks warm p95 <= 50 ms, cold (fresh
process) p95 <= 300 ms, on both backends): the server time of the real callbacks of the
Perencanaan, Peta Kebijakan and Anggaran pages, the KPI page and the wall (whose planning cards and
panels are part of their one refresh) and the landing page, called through Flask's test client with
a logged-in pimpinan (the whole city: the largest answers) as the browser calls them, measured as
bench/callbacks.py measures the complaint pages:

- warm: the same request again (the mart cache holds the answer);
- after ETL commit: in the same process, every planning mart's version bumped before each request;
- cold: each figure's first request in a fresh process (bench/cold.py, with this family's figures).

The figures are asked about the newest round, its busiest kecamatan and that kecamatan's busiest
kelurahan, the newest budget year and its largest OPD (`Focus`, read once by the parent and handed
to the cold workers).

Baseline (the round's funnel only): what a BI tool would issue on the transactional tables for the
three questions that callback answers (the city's funnel, the funnel per kecamatan, the rejection
reasons), one GROUP BY each on `planning_proposals` (a stage reached read from the status, or from
`planning_proposal_events` for a proposal rejected after it, and `planning_works` for the budgeted,
contracted and built stages), checked to give Pantau's numbers before it is timed.

Not measured: the desks (Usulan Baru, Meja Usulan, Realisasi Anggaran): work queues on the module's
service, one RW's, one kelurahan's or one OPD's rows at a time.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Callable

import pandas as pd
from sqlalchemy import func, select, text

from bench.callbacks import DashClient, Figure, _timed, make_cold, measure
from bench.results import (DOMAIN_COLD_TARGET as COLD_TARGET, DOMAIN_WARM_TARGET as WARM_TARGET, figure_row,
                           ms)
from core.clock import city_today

SECTION = "planning"
BASELINE = "BI SQL p50"
COLUMNS = ["figure", "warm p50", "warm p95", "after ETL commit p50", "after ETL commit p95", "cold p50", "cold p95",
           BASELINE, "ratio (BI SQL p50 ÷ cold p50)"]
FUNNEL = "Perencanaan · the round's funnel, areas, rejections, APBD share · city"
DRILL_KECAMATAN = "Perencanaan · drilled into the busiest kecamatan"
DRILL_KELURAHAN = "Perencanaan · its busiest kelurahan's accepted proposals"


@dataclass(frozen=True)
class Focus:
    """What the figures are asked about: the newest round, its busiest kecamatan and kelurahan, the
    newest budget year and its OPD with the most lines."""
    year: int
    kecamatan: str | None
    kelurahan: str | None
    budget_year: int
    opd: str | None


def focus(services) -> Focus:
    from data.planning.tables import FctPlanningProposal as F
    from modules.planning.budget_models import PlanningBudgetLine as L, PlanningBudgetVersion as V

    with services.databases.warehouse.connect() as connection:
        year = connection.scalar(select(func.max(F.year))) or city_today().year
        kecamatan = connection.scalar(select(F.kecamatan_code).where(F.year == year).group_by(F.kecamatan_code)
                                      .order_by(func.count().desc(), F.kecamatan_code).limit(1))
        kelurahan = connection.scalar(select(F.kelurahan_code).where(F.year == year, F.kecamatan_code == kecamatan)
                                      .group_by(F.kelurahan_code)
                                      .order_by(func.count().desc(), F.kelurahan_code).limit(1))
    with services.databases.engine.connect() as connection:
        budget_year = connection.scalar(select(func.max(V.year))) or year
        opd = connection.scalar(select(L.opd_code).join(V, V.id == L.version_id).where(V.year == budget_year)
                                .group_by(L.opd_code).order_by(func.count().desc(), L.opd_code).limit(1))
    return Focus(int(year), kecamatan, kelurahan, int(budget_year), opd)


def figures(**where) -> list[Figure]:
    """Every planning figure measured (the cold workers build the same list from the same focus)."""
    at = Focus(**where)
    today = city_today()
    round_of = {"perencanaan-year.value": at.year}
    kecamatan = {"kecamatan": at.kecamatan, "kelurahan": None, "stage": None}
    kelurahan = {"kecamatan": at.kecamatan, "kelurahan": at.kelurahan, "stage": "accepted"}
    long_policy = {"kebijakan-dates.start_date": (today - timedelta(days=365)).isoformat(),
                   "kebijakan-dates.end_date": today.isoformat(),
                   "kebijakan-years.value": list(range(at.year - 4, at.year + 1))}
    budget = {"anggaran-year.value": at.budget_year}
    return [
        Figure("Perencanaan · the viewer's rounds", "perencanaan-title.children",
               {"perencanaan-page.id": "perencanaan-page"}, None),
        Figure(FUNNEL, "perencanaan-funnel.figure", {**round_of, "perencanaan-drill.data": None}, None),
        Figure(DRILL_KECAMATAN, "perencanaan-funnel.figure", {**round_of, "perencanaan-drill.data": kecamatan}, None),
        Figure(DRILL_KELURAHAN, "perencanaan-funnel.figure", {**round_of, "perencanaan-drill.data": kelurahan}, None),
        Figure("Peta Kebijakan · flooding next to drain works, last 90 days", "kebijakan-map.figure", {}, None),
        Figure("Peta Kebijakan · last 366 days, five rounds", "kebijakan-map.figure", long_policy, None),
        Figure("Peta Kebijakan · the busiest kelurahan's profile", "kebijakan-profile.children",
               {"kebijakan-map.clickData": {"points": [{"location": at.kelurahan}]}}, None),
        Figure("Anggaran · the budget year's OPDs", "anggaran-opd.options", budget, None),
        Figure("Anggaran · S-curve, progress, lagging lines · city", "anggaran-curve.figure", budget, None),
        Figure("Anggaran · S-curve, progress, lagging lines · the largest OPD", "anggaran-curve.figure",
               {**budget, "anggaran-opd.value": at.opd}, None),
        Figure("KPI page · 30 days (every domain's cards)", "pimpinan-cards", {"pimpinan-period.value": "30"}, None),
        Figure("wall · refresh, every panel drawn", "wall-drawn", {"__wall__": None}, None, client="wall"),
        Figure("landing page · every section", "home-today", {}, None),
    ]


def run(env, results, smoke: bool = False, samples: int = 20, workers: int = 10) -> None:
    from app import create_app
    from bench.cold import run_workers
    from bench.env import PASSWORD
    from etl.runner import EtlRunner

    if smoke:
        samples, workers = 3, 2
    EtlRunner(env.databases).run_once()  # the marts follow the seeded change log
    app = create_app(env.settings())
    services = app.server.extensions["pantau"]
    at = focus(services)
    results.note(SECTION, COLUMNS, f"Server time per request of the planning pages' callbacks for the round of "
                                   f"{at.year} and the budget of {at.budget_year}, as a pimpinan (the whole city): "
                                   f"{samples} warm and {samples} after-ETL-commit samples in one process, cold "
                                   f"from {workers} fresh processes; targets warm p95 < {ms(WARM_TARGET)}, cold p95 "
                                   f"< {ms(COLD_TARGET)}. The KPI page, the wall and the landing page are each one "
                                   "callback for every domain. The baseline is a BI tool's GROUP BY on "
                                   "planning_proposals for the funnel's three questions, checked against Pantau's "
                                   "numbers first. The desks (work queues) are not measured.")
    found = figures(**asdict(at))
    cold = run_workers(env, [f.name for f in found], workers, figures="bench.planning:figures",
                       figure_args=asdict(at))
    clients = {"pimpinan": DashClient(app).login("pimpinan", PASSWORD),
               "wall": DashClient(app).kiosk(env.kiosk_secret("bench-wall"))}
    baselines = {key: make(env, at.year) for key, make in BASELINES.items()}
    check_baselines(services, at, baselines)
    marts = planning_marts()
    for figure in found:
        call = clients[figure.client].request(figure.output, figure.values, figure.expect)
        warm, committed = measure(call, lambda: make_cold(services, marts), samples, samples)
        baseline = ([_timed(lambda: [ask() for ask in baselines.values()]) for _ in range(samples)]
                    if figure.name == FUNNEL else [])
        results.add(SECTION, COLUMNS, env.backend, figure_row(
            figure.name, warm, committed, cold.per_figure.get(figure.name, []), baseline, BASELINE,
            fix="the planning marts' indexes, the query in data/planning, the figure builders"))


def planning_marts() -> tuple[str, ...]:
    """Every mart the planning domain registers."""
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
