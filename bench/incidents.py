"""Command Center 112 callbacks: server time of the real callbacks of the Insiden, Analisis 112 and
landing pages, called through Flask's test client with a logged-in session as the browser calls
them, measured as bench/callbacks.py measures the complaint pages:

- warm: the same request again (the mart cache holds the answer);
- after ETL commit: in the same process, the incident marts' versions bumped before each request;
- cold: each figure's first request in a fresh process (bench/cold.py, with this family's figures);
- baseline (response P50/P90 by agency only): what a BI tool would issue on the transactional
  tables, measured in the same run: PostgreSQL's `percentile_cont` in a GROUP BY; SQLite has no
  percentile function, so the tool reads the period's response times ordered by agency and works
  the percentiles out itself (pandas), as BI tools do for such a database. Checked to give Pantau's
  numbers before it is timed.

Targets (issue 13): warm p95 <= 50 ms, cold p95 <= 300 ms at city scale on both backends. The live
picture (Insiden map and list) reads the module's tables, not the marts: an ETL commit does not
change its cost, and its "cold" is a fresh process's first read of the active incidents and units.
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
from sqlalchemy import text

from bench.callbacks import DashClient, Figure, _timed, make_cold, measure
from bench.results import (DOMAIN_COLD_TARGET as COLD_TARGET, DOMAIN_WARM_TARGET as WARM_TARGET, figure_row,
                           ms)
from data.complaints.queries import city_today

SECTION = "incidents"
BASELINE = "BI SQL p50"
COLUMNS = ["figure", "warm p50", "warm p95", "after ETL commit p50", "after ETL commit p95", "cold p50", "cold p95",
           BASELINE, "ratio (BI SQL p50 ÷ cold p50)"]
MARTS = ("incidents", "incident_dispatches", "incident_units")
ANALYSIS, LIVE = "analisis-by-agency", "insiden-map"


def figures() -> list[Figure]:
    """Every 112 figure measured (the cold workers import this list by name)."""
    today = city_today()
    year = {"analisis-dates.start_date": (today - timedelta(days=365)).isoformat(),
            "analisis-dates.end_date": today.isoformat()}
    return [
        Figure("Analisis 112 · last 30 days · all eight charts", ANALYSIS, {}, None),
        Figure("Analisis 112 · last 366 days · all eight charts", ANALYSIS, year, None),
        Figure("Insiden · live map and list (module tables)", LIVE, {}, None),
        Figure("landing page · 112 section", "home-today", {}, None),
    ]


def run(env, results, smoke: bool = False, samples: int = 20, workers: int = 10) -> None:
    from app import create_app
    from bench.cold import run_workers
    from bench.env import PASSWORD

    if smoke:
        samples, workers = 3, 2
    results.note(SECTION, COLUMNS, f"Server time per request: {samples} warm and {samples} after-ETL-commit samples "
                                   f"in one process, cold from {workers} fresh processes; targets warm p95 < "
                                   f"{ms(WARM_TARGET)}, cold p95 < {ms(COLD_TARGET)}. The landing page's section is "
                                   "the whole landing callback (every domain's section).")
    from etl.runner import EtlRunner

    EtlRunner(env.databases).run_once()  # the marts follow the seeded change log (a no-op after bench.etl)
    found = figures()
    cold = run_workers(env, [f.name for f in found], workers, figures="bench.incidents:figures")
    app = create_app(env.settings())
    services = app.server.extensions["pantau"]
    client = DashClient(app).login("pimpinan", PASSWORD)
    baseline = agency_percentiles_baseline(env)
    _check_baseline(services, baseline)
    for figure in found:
        call = client.request(figure.output, figure.values, figure.expect)
        warm, committed = measure(call, lambda: make_cold(services, MARTS), samples, samples)
        timed = [_timed(baseline) for _ in range(samples)] if figure.output == ANALYSIS and not figure.values else []
        results.add(SECTION, COLUMNS, env.backend, figure_row(
            figure.name, warm, committed, cold.per_figure.get(figure.name, []), timed, BASELINE))


def agency_percentiles_baseline(env):
    """Response P50/P90 (seconds) per lead agency over the last 30 days, from the module's tables."""
    today = city_today()
    start = pd.Timestamp(today - timedelta(days=29), tz="Asia/Jakarta").tz_convert("UTC").to_pydatetime()
    engine = env.databases.engine
    lead = ("substr(c.units, 1, instr(c.units, ':') - 1)" if engine.dialect.name == "sqlite"
            else "split_part(c.units, ':', 1)")
    seconds = ("(julianday(i.first_on_scene_at) - julianday(i.received_at)) * 86400.0" if engine.dialect.name == "sqlite"
               else "extract(epoch from i.first_on_scene_at - i.received_at)")
    where = "i.received_at >= :start and i.first_on_scene_at is not null"
    join = "from incidents i join incident_categories c on c.code = i.category_code"
    if engine.dialect.name == "postgresql":
        query = text(f"select {lead} as agency, percentile_cont(0.5) within group (order by {seconds}) as p50, "
                     f"percentile_cont(0.9) within group (order by {seconds}) as p90 {join} where {where} group by 1")

        def ask():
            with engine.connect() as connection:
                return pd.DataFrame(connection.execute(query, {"start": start}).all(), columns=["agency", "p50", "p90"])
        return ask
    query = text(f"select {lead} as agency, {seconds} as seconds {join} where {where} order by 1")

    def ask_sqlite():
        with engine.connect() as connection:
            values = pd.DataFrame(connection.execute(query, {"start": start}).all(), columns=["agency", "seconds"])
        values["seconds"] = values["seconds"].astype(float)
        grouped = values.groupby("agency")["seconds"]
        return pd.DataFrame({"p50": grouped.quantile(0.5), "p90": grouped.quantile(0.9)}).reset_index()
    return ask_sqlite


def _check_baseline(services, baseline) -> None:
    """The baseline answers Pantau's question: the same agencies, P50 within a second (the marts keep
    whole seconds, the tables microseconds)."""
    from core.users import Viewer
    from data.incidents.queries import IncidentFilters, interval_percentiles

    ours = interval_percentiles.uncached(services, Viewer("0", "bench", "pimpinan"),
                                         IncidentFilters.last_days(30, city_today()), "response", "agency")
    theirs = baseline()
    if ours.empty and theirs.empty:
        return
    if sorted(ours["code"]) != sorted(theirs["agency"]):
        raise RuntimeError(f"baseline agencies {sorted(theirs['agency'])} differ from Pantau's {sorted(ours['code'])}")
    merged = ours.merge(theirs, left_on="code", right_on="agency", suffixes=("", "_baseline"))
    if ((merged["p50"] - merged["p50_baseline"]).abs() > 1.5).any():
        raise RuntimeError(f"baseline P50s differ from Pantau's: {merged.to_dict('records')[:3]}")

