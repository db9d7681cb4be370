"""Command Center 112 callbacks: server time of the real callbacks of the Insiden, Analisis 112 and
landing pages, called through Flask's test client with a logged-in session as the browser calls
them, measured as bench/callbacks.py measures the complaint pages:

- warm: the same request again (the mart cache holds the answer);
- after ETL commit: in the same process, the incident marts' versions bumped before each request;
- cold: each figure's first request in a fresh process (bench/cold.py, with this family's figures);
- baselines (bench/incident_baselines.py): Analisis 112's eight charts, and the domain's own KPI
  cards, landing-page section and wall panels, as a BI tool's queries on the transactional tables
  and over the incident facts in DuckDB (bench/floor.py), each checked to give Pantau's numbers
  before it is timed.

Targets (issue 13): warm p95 <= 50 ms, cold p95 <= 300 ms at city scale on both backends, and the
columnar floor (issue 18). The live picture (Insiden map and list, and the live parts of the landing
page and the wall) reads the module's tables, not the marts: an ETL commit does not change its
cost, and its "cold" is a fresh process's first read of the active incidents and units.
"""

from __future__ import annotations

from datetime import timedelta

from bench.callbacks import (DashClient, Figure, domain_part_figures, make_cold)
from bench.floor import COLUMNS, DUCK, GOAL, SQL, counts, note_disagreements, time_figures
from bench.incident_baselines import (CELLS, DIMENSIONS, LATEST, NEWEST, IncidentBaseline, IncidentDuckDbBaseline,
                                      IncidentSqlBaseline, live_points, units_available, units_per_agency)
from bench.results import DOMAIN_COLD_TARGET as COLD_TARGET, DOMAIN_WARM_TARGET as WARM_TARGET, ms
from core.clock import minute_now
from data.complaints.queries import city_today
from data.incidents.queries import IncidentFilters

SECTION = "incidents"
MARTS = ("incidents", "incident_dispatches", "incident_units")
ANALYSIS, LIVE = "analisis-by-agency", "insiden-map"


def figures() -> list[Figure]:
    """Every 112 figure measured (the cold workers import this list by name)."""
    today = city_today()
    year = {"analisis-dates.start_date": (today - timedelta(days=365)).isoformat(),
            "analisis-dates.end_date": today.isoformat()}
    month, whole_year = IncidentFilters.last_days(30, today), IncidentFilters(today - timedelta(days=365), today)
    return [
        Figure("Analisis 112 · last 30 days · all eight charts", ANALYSIS, {}, lambda b: b.analysis(month, minute_now())),
        Figure("Analisis 112 · last 366 days · all eight charts", ANALYSIS, year,
               lambda b: b.analysis(whole_year, minute_now())),
        Figure("Insiden · live map and list (module tables)", LIVE, {}, None),
        *domain_part_figures("incidents", "112", questions={  # the KPI cards' 30 days: callbacks/pimpinan
            "kpi_cards": lambda b: b.kpi_cards(month, minute_now()), "today": lambda b: b.today(minute_now()),
            "wall_panels": lambda b: b.wall(minute_now())}),
    ]


def run(env, results, smoke: bool = False, samples: int = 20, workers: int = 10) -> None:
    from app import create_app
    from bench.cold import run_workers
    from bench.env import PASSWORD

    if smoke:
        samples, workers = 3, 2
    results.note(SECTION, COLUMNS, f"Server time per request: {samples} warm and {samples} after-ETL-commit samples "
                                   f"in one process, cold from {workers} fresh processes; targets warm p95 < "
                                   f"{ms(WARM_TARGET)}, cold p95 < {ms(COLD_TARGET)}. The 112 KPI cards, landing-page "
                                   "section and wall panels are each their own request. Baselines "
                                   "(bench/incident_baselines.py), timed in a warm process: *SQL GROUP BY* is "
                                   "Analisis 112's eight charts as a BI tool's queries on incidents, incident_calls, "
                                   "incident_dispatches and incident_units (percentile_cont on PostgreSQL; on "
                                   "SQLite the values read and the quantiles worked out by pandas), and the cards', "
                                   "section's and panels' figures the same way (the live ones the same reads of the "
                                   "module's tables as Pantau's desk); *DuckDB* the same over the incident facts "
                                   "loaded once into an in-memory DuckDB (the live ones as of the last ETL; neither "
                                   "asks the units' positions or the stage in force, which no fact carries). Both "
                                   "are checked first against Pantau's response P50/P90 per agency, kecamatan, "
                                   "category and hour, heat cells, promise per day, calls and pranks per day, units "
                                   "and busy seconds per agency, and every figure of the cards, the section and the "
                                   "panels.")
    results.note(SECTION, COLUMNS, GOAL)
    env.fill_marts()
    found = figures()
    cold = run_workers(env, [f.name for f in found], workers, figures="bench.incidents:figures")
    app = create_app(env.settings())
    services = app.server.extensions["pantau"]
    client = DashClient(app).login("pimpinan", PASSWORD)
    baselines = {SQL: IncidentSqlBaseline(env.databases.engine), DUCK: IncidentDuckDbBaseline(env.databases.warehouse)}
    try:
        note_disagreements(results, SECTION, env.backend, baselines, lambda b: disagreements(services, b))
        time_figures(results, SECTION, env.backend, found,
                     lambda figure: client.request(figure.output, figure.values, figure.expect),
                     lambda: make_cold(services, MARTS), cold, baselines, samples,
                     lambda f: REASONS[f.output])
    finally:
        baselines[DUCK].close()


REASONS = {
    ANALYSIS: "eight charts in one request: four response-time breakdowns (P50/P90 need every value of the period: "
              "the sorted arrays of its whole months and of its other days), the heat cells (the packed rows of its months "
              "and days, added up in numpy), the promise per day "
              "(agg_incident_promise_daily), the pranks per day and the units' busy time (agg_incident_busy_daily's "
              "settled days, the facts of the others), each a query of its own with its answer built from plain "
              "rows, then eight figures built from plain rows (layouts/components/incident_charts.py) and encoded "
              "to JSON by orjson (the warm request's time), while each baseline's time is its queries alone. The "
              "largest read is the 30 days' breakdowns: a packed row per day and code (about 2,800), joined per code "
              "and sorted once; fix: a weekly response aggregate beside the daily and monthly ones, so a month's "
              "loose days are a few rows per code",
    LIVE: "the live picture reads the module's own tables (the active incidents, through the partial index "
          "ix_incidents_active, and the units' positions), which is what a BI tool would read too: no mart answers "
          "a live question, so neither baseline asks it. Before the index SQLite's planner statistics made it scan "
          "every incident (303 ms cold p95 at 1M); what is left is the request's fixed part and the map's JSON",
}


def disagreements(services, baseline: IncidentBaseline) -> list[str]:
    """Where the baseline's Analisis 112 numbers differ from Pantau's data layer, over the last 30
    days at this minute: response codes and counts exactly, P50/P90 within 1.5 s (the facts keep
    milliseconds); cells, the promise per day and pranks per day exactly; units exactly, busy
    seconds within 1 s per agency; then the KPI cards (the same 30 days), the landing-page section
    and the wall panels (part_disagreements)."""
    from core.clock import minute_now
    from core.users import Viewer
    from data.incidents import queries

    viewer, at = Viewer("0", "bench", "pimpinan"), minute_now()
    filters = IncidentFilters.last_days(30, city_today())
    theirs = baseline.analysis(filters, at)
    found = []
    ours = queries.interval_breakdowns.uncached(services, viewer, filters, "response", DIMENSIONS)
    for dimension in DIMENSIONS:
        mine, other = ours[dimension].set_index("code"), theirs["response"][dimension].set_index("code")
        if sorted(mine.index) != sorted(other.index) or not mine["count"].equals(
                other["count"].astype("int64").reindex(mine.index)):
            found.append(f"response counts per {dimension}")
        elif ((mine[["p50", "p90"]] - other[["p50", "p90"]].astype(float).reindex(mine.index)).abs() > 1.5).any(axis=None):
            found.append(f"response P50/P90 per {dimension}")
    points = queries.incident_points.uncached(services, viewer, filters)
    if counts(points, ["lat", "lon"], "incidents", key=lambda v: round(float(v) * CELLS)) != counts(
            theirs["cells"], ["lat", "lon"], "incidents"):
        found.append("heat cells")
    promise = queries.compliance_by_day(services, viewer, filters, at)
    for count in ("met", "breached", "pending"):
        if counts(promise, ["day"], count) != counts(theirs["compliance"], ["day"], count):
            found.append(f"promise {count} per day")
    calls = queries.prank_share_by_day.uncached(services, viewer, filters)
    for count in ("calls", "prank"):
        if counts(calls, ["day"], count) != counts(theirs["prank"], ["day"], count):
            found.append(f"{count} per day")
    units = queries.unit_utilisation(services, viewer, filters, at).set_index("agency_code")
    other = theirs["utilisation"].set_index("agency_code").reindex(units.index)
    if not units["units"].equals(other["units"].astype("int64")):
        found.append("units per agency")
    if ((units["busy_seconds"] - other["busy_seconds"].astype(float)).abs() > 1.0).any():
        found.append(f"busy seconds per agency {units['busy_seconds'].to_dict()} vs {other['busy_seconds'].to_dict()}")
    return found + part_disagreements(services, baseline, viewer, filters, at)


CLOSE = ("p50", "p90", "promise p50_seconds", "promise p90_seconds")  # seconds, within 1.5 s (the facts keep ms)


def part_disagreements(services, baseline: IncidentBaseline, viewer, filters: IncidentFilters, at) -> list[str]:
    """Where the baseline's KPI cards (`filters`), landing-page section and wall panels differ from
    what Pantau's data layer gives them, at `at`: every figure exactly, P50/P90 within 1.5 s."""
    ours = parts_from_pantau(services, viewer, filters, at)
    theirs = {"KPI cards": baseline.kpi_cards(filters, at), "landing section": baseline.today(at),
              "wall panels": baseline.wall(at)}
    return [f"{part}: {name}" for part, figures in ours.items() for name, value in figures.items()
            if not _same(value, theirs[part].get(name), name in CLOSE)]


def parts_from_pantau(services, viewer, filters: IncidentFilters, at) -> dict:
    """The same figures from Pantau's data layer (uncached), in the baselines' shapes."""
    from data import incident_desk as desk
    from data.incidents import queries

    kpis = queries._period_kpis.uncached(services, viewer, filters, at)
    active, units = desk.active_incidents(services, viewer, at), desk.all_units(services, viewer)
    promise = desk.promise_today(services, viewer, at)
    return {
        "KPI cards": {"incidents": kpis["incidents"], "by_category": kpis["by_category"],
                      "p50": kpis["response_p50_seconds"], "p90": kpis["response_p90_seconds"],
                      "within_promise_pct": kpis["within_promise_pct"], "calls": kpis["calls"],
                      "prank_pct": kpis["prank_share_pct"]},
        "landing section": {"active": len(active), "late": int(active["breach"].sum()), "met": promise["met"],
                            "available": units_available(units), "latest": active["number"].head(LATEST).tolist()},
        "wall panels": {"map": live_points(active),
                        "newest": desk.newest_incidents(services, viewer, limit=NEWEST)["number"].tolist(),
                        "units": units_per_agency(units),
                        **{f"promise {name}": value for name, value in promise.items()}},
    }


def _same(ours, theirs, close: bool) -> bool:
    if close and ours is not None and theirs is not None:
        return abs(float(ours) - float(theirs)) <= 1.5
    return ours == theirs

