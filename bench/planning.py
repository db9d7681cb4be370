"""Planning callbacks at city scale (issue 15: each page's callbacks warm p95 <= 50 ms, cold (fresh
process) p95 <= 300 ms, on both backends): the server time of the real callbacks of the
Perencanaan, Peta Kebijakan and Anggaran pages, and the planning domain's own KPI cards and wall
panels (each a request of its own), called through Flask's test client with
a logged-in pimpinan (the whole city: the largest answers) as the browser calls them, measured as
bench/callbacks.py measures the complaint pages:

- warm: the same request again (the mart cache holds the answer);
- after ETL commit: in the same process, every planning mart's version bumped before each request;
- cold: each figure's first request in a fresh process (bench/cold.py, with this family's figures).

The figures are asked about the newest round, its busiest kecamatan and that kecamatan's busiest
kelurahan, the newest budget year and its largest OPD (`Focus`, read once by the parent and handed
to the cold workers).

Baselines (bench/planning_baselines.py, the columnar floor of bench/floor.py): each figure's
question as a BI tool's GROUP BY on the transactional tables and over the planning facts in an
in-memory DuckDB, both checked to give Pantau's numbers before they are timed. The domain's KPI
cards and wall panels ask the same question (the baselines' `headline`: this year's round per
stage, the absorption at this month's end this year and last year, the works completed this month);
the domain has no landing section.

Not measured: the desks (Usulan Baru, Meja Usulan, Realisasi Anggaran): work queues on the module's
service, one RW's, one kelurahan's or one OPD's rows at a time.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import timedelta

from sqlalchemy import func, select

from bench.callbacks import DashClient, Figure, domain_part_figures, make_cold
from bench.floor import COLUMNS, DUCK, GOAL, SQL, note_disagreements, time_figures
from bench.planning_baselines import (POLICY_DEFAULT_CATEGORY, DuckDbPlanningBaseline, SqlPlanningBaseline,
                                      disagreements)
from bench.results import DOMAIN_COLD_TARGET as COLD_TARGET, DOMAIN_WARM_TARGET as WARM_TARGET, ms
from core.clock import city_today

SECTION = "planning"
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
    """Every planning figure measured, with the question each baseline answers for it (the cold
    workers build the same list from the same focus)."""
    from data.planning.budget_queries import BudgetFilters
    from data.planning.policy import PolicyFilters
    from data.planning.queries import PlanningFilters

    at = Focus(**where)
    today = city_today()
    round_of = {"perencanaan-year.value": at.year}
    kecamatan = {"kecamatan": at.kecamatan, "kelurahan": None, "stage": None}
    kelurahan = {"kecamatan": at.kecamatan, "kelurahan": at.kelurahan, "stage": "accepted"}
    rounds = list(range(at.year - 4, at.year + 1))
    long_policy = {"kebijakan-dates.start_date": (today - timedelta(days=365)).isoformat(),
                   "kebijakan-dates.end_date": today.isoformat(), "kebijakan-years.value": rounds}
    days_90 = (today - timedelta(days=89), today)  # the page's default period
    budget = {"anggaran-year.value": at.budget_year}
    city, one_opd = BudgetFilters(at.budget_year), BudgetFilters(at.budget_year, at.opd)
    return [
        Figure("Perencanaan · the viewer's rounds", "perencanaan-title.children",
               {"perencanaan-page.id": "perencanaan-page"}, lambda b: b.rounds()),
        Figure(FUNNEL, "perencanaan-funnel.figure", {**round_of, "perencanaan-drill.data": None},
               lambda b, f=PlanningFilters(at.year): b.round(f)),
        Figure(DRILL_KECAMATAN, "perencanaan-funnel.figure", {**round_of, "perencanaan-drill.data": kecamatan},
               lambda b, f=PlanningFilters(at.year, at.kecamatan): b.round(f)),
        Figure(DRILL_KELURAHAN, "perencanaan-funnel.figure", {**round_of, "perencanaan-drill.data": kelurahan},
               lambda b, f=PlanningFilters(at.year, at.kecamatan, at.kelurahan): b.round(f, "accepted")),
        Figure("Peta Kebijakan · flooding next to drain works, last 90 days", "kebijakan-map.figure", {},
               lambda b, f=PolicyFilters(POLICY_DEFAULT_CATEGORY, *days_90): b.policy_map(f)),
        Figure("Peta Kebijakan · last 366 days, five rounds", "kebijakan-map.figure", long_policy,
               lambda b, f=PolicyFilters(POLICY_DEFAULT_CATEGORY, today - timedelta(days=365), today, tuple(rounds)):
               b.policy_map(f)),
        Figure("Peta Kebijakan · the busiest kelurahan's profile", "kebijakan-profile.children",
               {"kebijakan-map.clickData": {"points": [{"location": at.kelurahan}]}},
               lambda b: b.profile(at.kelurahan, *days_90)),
        Figure("Anggaran · the budget year's OPDs", "anggaran-opd.options", budget, lambda b: b.opds(at.budget_year)),
        Figure("Anggaran · S-curve, progress, lagging lines · city", "anggaran-curve.figure", budget,
               lambda b: b.budget(city, today)),
        Figure("Anggaran · S-curve, progress, lagging lines · the largest OPD", "anggaran-curve.figure",
               {**budget, "anggaran-opd.value": at.opd}, lambda b: b.budget(one_opd, today)),
        *domain_part_figures("planning", "planning", questions={  # both show the same three figures, any period
            "kpi_cards": lambda b: b.headline(today), "wall_panels": lambda b: b.headline(today)}),
    ]


def run(env, results, smoke: bool = False, samples: int = 20, workers: int = 10) -> None:
    from app import create_app
    from bench.cold import run_workers
    from bench.env import PASSWORD
    from data.complaints.queries import dimension_table

    if smoke:
        samples, workers = 3, 2
    env.fill_marts()
    app = create_app(env.settings())
    services = app.server.extensions["pantau"]
    at = focus(services)
    _describe(results, at, samples, workers)
    found = figures(**asdict(at))
    cold = run_workers(env, [f.name for f in found], workers, figures="bench.planning:figures",
                       figure_args=asdict(at))
    clients = {"pimpinan": DashClient(app).login("pimpinan", PASSWORD),
               "wall": DashClient(app).kiosk(env.kiosk_secret("bench-wall"))}
    kelurahan = dimension_table(services, "kelurahan")
    baselines = {SQL: SqlPlanningBaseline(env.databases.engine, kelurahan),
                 DUCK: DuckDbPlanningBaseline(env.databases.warehouse, kelurahan)}  # loaded here, untimed
    marts = planning_marts()
    try:
        today = city_today()
        note_disagreements(results, SECTION, env.backend, baselines,
                           lambda b: disagreements(services, at, b, today))
        time_figures(results, SECTION, env.backend, found,
                     lambda figure: clients[figure.client].request(figure.output, figure.values, figure.expect),
                     lambda: make_cold(services, marts), cold, baselines, samples, floor_reason)
    finally:
        baselines[DUCK].close()


def _describe(results, at: Focus, samples: int, workers: int) -> None:
    results.note(SECTION, COLUMNS, f"Server time per request of the planning pages' callbacks for the round of "
                                   f"{at.year} and the budget of {at.budget_year}, as a pimpinan (the whole city): "
                                   f"{samples} warm and {samples} after-ETL-commit samples in one process, cold "
                                   f"from {workers} fresh processes; targets warm p95 < {ms(WARM_TARGET)}, cold p95 "
                                   f"< {ms(COLD_TARGET)}. The planning domain's KPI cards and wall panels are "
                                   "each their own request. The desks (work queues) are not measured.")
    results.note(SECTION, COLUMNS, "Baselines (bench/planning_baselines.py), timed in a warm process on the same "
                                   f"data, {samples} samples each, only their data work (no figure, no JSON, no "
                                   "HTTP): *SQL GROUP BY* is a BI tool's query per chart on the transactional tables "
                                   "(planning_proposals with its events, items and works; the budget versions, "
                                   "lines, payments, works and plan items; the complaints table for the policy map), "
                                   "every filter in the WHERE clause, the transactional schema's indexes; *DuckDB* "
                                   "is the same questions over the planning facts and fct_complaints, loaded once "
                                   "(untimed) into an in-memory DuckDB. Before timing, both are checked against "
                                   "Pantau's data layer (uncached): the rounds; per stage the proposals and rupiah "
                                   "of the city, the kecamatan and the kelurahan, every stage per area, proposals "
                                   "and rupiah per rejection reason, the APBD share, the kelurahan's proposals in "
                                   "order; the policy map's complaints, works, rupiah and rank per kelurahan (90 "
                                   "and 366 days); the profile per category; the budget year's OPDs; the S-curve's "
                                   "rupiah per month, progress per OPD and per sub kegiatan, the lagging lines; "
                                   "the KPI cards' and wall panels' round per stage of this year, absorption at "
                                   "this month's end this year and last year, works completed this month.")
    results.note(SECTION, COLUMNS, GOAL)


def planning_marts() -> tuple[str, ...]:
    """Every mart the planning domain registers."""
    from core.domains import registered_domains

    return tuple(mart.name for domain in registered_domains() if domain.name == "planning" for mart in domain.marts)


# --- why a figure would miss the floor, and the fix ------------------------------------------------------

REQUEST_COST = ("the question is a few rows, which both baselines answer in about a millisecond; the rest of a cold "
                "request is its fixed part: the login check, Dash's dispatch, the component and its JSON (the "
                "connections and the reference names are read when a worker starts, app.warm_up); no query can "
                "make that smaller: what remains is the request's own path (the figures are plain dicts already)")
FLOOR_REASONS = {
    "perencanaan-title.children": REQUEST_COST,
    "perencanaan-funnel.figure": "the callback asks its questions one after another (the funnel, the areas, the "
                                 "rejections, the APBD total from the budget mart, the reference names; the planned "
                                 "proposals' cost is the round's funnel's row; in a kelurahan also its proposals from "
                                 "the facts, drawn as plain rows) and draws three figures, where DuckDB scans one "
                                 "fact table per question; fix: the funnel and the areas in one query over "
                                 "agg_planning_pipeline, and the round's APBD total kept with its mart version, so a "
                                 "cold request pays fewer round trips",
    "kebijakan-map.figure": "the map reads the category's complaints per kelurahan from the complaints pairs (a "
                            "long period's whole months from agg_complaints_pairs_monthly, the days around them "
                            "by day) and the works from the proposals aggregate, then draws the city's kelurahan "
                            "choropleth (its boundaries a URL, its label spots read when a worker starts) and "
                            "encodes it to JSON; the BI tool's query is one index range read of the category's "
                            "complaints, a few tens of milliseconds, less than ten times a cold request's fixed "
                            "part; fix: the map and the ranking kept per mart version, so a commit that brings "
                            "no complaint of the category leaves them built",
    "kebijakan-profile.children": "the profile reads the kelurahan's complaints per category from the category x "
                                  "kelurahan pairs (whole months monthly, the days around them by day) and its works "
                                  "per kind from the proposals aggregate: a few hundred rows, which both baselines "
                                  "read in milliseconds too; the rest of a cold request is its fixed part (the login "
                                  "check, Dash's dispatch, the table and its JSON). Fix: the table built as plain rows "
                                  "(layouts/components/plain_html.py), kept per mart version",
    "anggaran-opd.options": REQUEST_COST,
    "anggaran-curve.figure": "the callback asks four questions (the S-curve over three years, progress per OPD, per "
                             "sub kegiatan, the lagging lines); the lagging lines join every current line of the year "
                             "to its payments and its sub kegiatan's progress and test each line in Python; fix: a "
                             "lagging-lines mart (per line: paid, physical progress) kept by the ETL and read through "
                             "an index on (year, OPD)",
}


def floor_reason(figure: Figure) -> str:
    """Why the figure would miss the columnar floor, and the fix."""
    return FLOOR_REASONS[figure.output]
