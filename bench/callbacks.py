"""Dashboard callbacks: server time of the real callbacks, called through Flask's test client with a
logged-in session exactly as the browser calls them (POST /_dash-update-component), so the time
includes the login guard, Dash's dispatch, the queries, the figure builders and the JSON answer.

- warm: the same request again (the mart cache holds the answer);
- after ETL commit: in the same warm process, the mart version bumped before each request, as an
  ETL commit does (every cached answer unreachable);
- cold: each figure's first request in a fresh process (bench/cold.py says exactly what is fresh);
- baselines (bench/baselines.py): the same question as a BI tool's GROUP BY on the transactional
  tables, and over the facts in DuckDB (the physical floor), each checked to give Pantau's numbers
  before it is timed.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd

from bench.baselines import Baseline, DuckDbBaseline, SqlBaseline
from bench.dash_requests import callback_spec, response_key, value_key
from bench.floor import (COLUMNS, DUCK, DUCK_RATIO, GOAL, SQL, SQL_RATIO, describe_misses, floor_misses,
                         reads_miss_floor)
from bench.results import Row, ms, percentile, ratio
from callbacks._complaint_today import LATEST
from data.complaints.queries import ComplaintFilters, city_today
from layouts.components.ids import Home
from layouts.components.ids_pimpinan import Pimpinan
from layouts.components.ids_wall import Wall
from modules.complaints import statuses

SECTION = "callbacks"
WARM_TARGET, COLD_TARGET = 0.050, 0.500
OPEN_STATUSES = list(statuses.OPEN_STATUSES)  # the status filter a user picks for "open"
TAMBAKSARI = "35.78.10"


@dataclass
class Figure:
    name: str
    output: str                      # an output id of the callback, to find it in /_dash-dependencies
    values: dict                     # "component.property" -> value
    question: callable               # (baseline) -> the same numbers, the baseline's way
    client: str = "pimpinan"         # which logged-in client calls it
    expect: int = 200
    cold: bool = True


def run(env, results, smoke: bool = False, samples: int = 20, workers: int = 20) -> None:
    from app import create_app
    from bench.cold import run_workers
    from bench.env import PASSWORD

    if smoke:
        samples, workers = 3, 2
    _describe(results, samples, workers)
    found = figures()
    cold = run_workers(env, [f.name for f in found if f.cold], workers)  # first: nothing else has run yet
    app = create_app(env.settings())
    services = app.server.extensions["pantau"]
    clients = {"pimpinan": DashClient(app).login("pimpinan", PASSWORD),
               "wall": DashClient(app).kiosk(env.kiosk_secret("bench-wall"))}
    districts, soon = _districts(services), services.settings.wall.soon_minutes
    baselines = {SQL: SqlBaseline(env.databases.engine, districts, soon),
                 DUCK: DuckDbBaseline(env.databases.warehouse, districts, soon)}  # loaded here, outside timing
    try:
        check_baselines(env, results, services, baselines)
        for figure in found:
            call = clients[figure.client].request(figure.output, figure.values, figure.expect)
            warm, committed = measure(call, lambda: make_cold(services), samples, samples if figure.cold else 0)
            timed = {key: [_timed(lambda: figure.question(b)) for _ in range(samples)] if figure.question else []
                     for key, b in baselines.items()}
            _add_row(env, results, figure, warm, committed, cold.per_figure.get(figure.name, []), timed)
    finally:
        baselines[DUCK].close()
    _add_first_request_row(env, results, cold)


def _describe(results, samples: int, workers: int) -> None:
    results.note(SECTION, COLUMNS, f"Server time per request: {samples} warm and {samples} after-ETL-commit samples "
                                   f"in one process, {workers} cold samples (one per fresh worker process: each "
                                   f"figure's first request), {samples} samples of each baseline; targets at "
                                   "1,000,000 complaints: warm p95 < 50 ms, after ETL commit and cold p95 < 500 ms. "
                                   "p95 is the nearest-rank value (with few samples, the largest). Complaints "
                                   "page figures are its callbacks under each filter.")
    results.note(SECTION, COLUMNS, "Baselines (bench/baselines.py), timed in a warm process on the same data, "
                                   "only their data work (no figure built, no JSON, no HTTP): *SQL GROUP BY* is "
                                   "what a BI tool (Metabase, Superset) issues on the transactional tables, one "
                                   "query per chart with every filter in the WHERE clause, the SLA outcome and "
                                   "the WIB day computed in the query, the transactional schema's indexes; "
                                   "*DuckDB* is the physical floor: the same questions over the fact table, "
                                   "loaded once (untimed) into an in-memory DuckDB. Ratios: SQL p50 ÷ Pantau cold "
                                   "p50 (how much faster than a BI tool), Pantau cold p95 ÷ DuckDB p95 (how far "
                                   "from the floor; below 1 is faster than the floor).")
    results.note(SECTION, COLUMNS, GOAL)


def _add_row(env, results, figure: Figure, warm, committed, cold, timed) -> None:
    warm95, committed95, cold95 = percentile(warm, 95), percentile(committed, 95), percentile(cold, 95)
    cold50, sql50, duck95 = percentile(cold, 50), percentile(timed[SQL], 50), percentile(timed[DUCK], 95)
    misses = {**_misses(warm95, committed95, cold95), **floor_misses(cold50, cold95, sql50, duck95)}
    # as bench/floor.floor_row says it (a refresh answering 204 asks nothing of any baseline)
    unmeasured = is_domain_part(figure) and figure.question is None and figure.expect == 200
    reads_slow = reads_miss_floor(committed, timed[DUCK])
    reason = "; ".join(filter(None, (_reason(figure, misses, reads_slow),
                                     unmeasured and f"no baseline: {DOMAIN_PART_REASON}")))
    results.add(SECTION, COLUMNS, env.backend, Row({
        "figure": figure.name, "warm p50": ms(percentile(warm, 50)), "warm p95": ms(warm95),
        "after ETL commit p50": ms(percentile(committed, 50)), "after ETL commit p95": ms(committed95),
        "cold p50": ms(cold50), "cold p95": ms(cold95), SQL: ms(sql50),
        SQL_RATIO: ratio(sql50, cold50), DUCK: ms(duck95), DUCK_RATIO: ratio(cold95, duck95),
    }, not misses and not unmeasured, reason))


def _add_first_request_row(env, results, cold) -> None:
    times = [seconds for _name, seconds in cold.first]
    slowest = max(cold.first, key=lambda pair: pair[1])[0] if cold.first else "—"
    startup = percentile(cold.startup, 50)
    cells = {column: "—" for column in COLUMNS}
    cells.update({
        "figure": f"first callback request of a fresh process ({len(times)} processes, whichever figure came first; "
                  f"slowest: {slowest}; start-up before it, create_app and login: p50 {ms(startup)})",
        "cold p50": ms(percentile(times, 50)), "cold p95": ms(percentile(times, 95)),
    })
    results.add(SECTION, COLUMNS, env.backend, Row(cells))


def _misses(warm95, committed95, cold95) -> dict[str, float]:
    found = {"warm": warm95} if warm95 is not None and warm95 >= WARM_TARGET else {}
    found.update({name: value for name, value in (("after ETL commit", committed95), ("cold", cold95))
                  if value is not None and value >= COLD_TARGET})
    return found


def domain_part_figures(domain: str, label: str, parts: tuple[str, ...] = ("kpi_cards", "today", "wall_panels"),
                        questions: dict | None = None) -> list[Figure]:
    """A domain's own parts of the pages that show every domain, each the one request the browser
    sends for it (callbacks/pimpinan.show_domain_cards, callbacks/home.show_section,
    callbacks/wall.refresh_panels), those it declares: its KPI cards for 30 days, its section of the
    landing page, its wall panels all drawn. `questions` {part: the baselines' question}; a part
    without one has no baseline (DOMAIN_PART_REASON)."""
    from core.domains import declaring

    questions = questions or {}
    figures = {
        "kpi_cards": Figure(f"KPI page · 30 days · {label} cards", response_key(Pimpinan.domain_cards(domain)),
                            {"pimpinan-period.value": "30"}, questions.get("kpi_cards")),
        "today": Figure(f"landing page · {label} section", response_key(Home.section(domain)), {},
                        questions.get("today")),
        "wall_panels": Figure(f"wall · {label} panels, every one drawn", response_key(Wall.drawn(domain)),
                              {"__wall__": None}, questions.get("wall_panels"), client="wall"),
    }
    return [figures[part] for part in parts if domain in {each.name for each in declaring(part)}]


DOMAIN_PART_REASON = ("the domain's own headline figures (its KPI cards, its section of the landing page or its wall "
                      "panels, each now a request of its own); no baseline asks them yet: they are the counts of the "
                      "domain's page cards over another period or area, so the fix is to ask the domain's card "
                      "baselines the same questions and time them here")


DOMAIN_PART_COST = ("the domain's headline reads are within the floor right after an ETL commit, on warm "
                    "connections (the same the baselines time: their queries alone); a cold request adds its "
                    "fixed part: the login check, Dash's dispatch, the components and their JSON, and a wall's "
                    "panels each build a figure (the connections and the reference names are read when a worker "
                    "starts, app.warm_up; the figures are plain dicts, and each wall panel is drawn once per mart "
                    "version and shared, draw_panel's cache). Fix: fewer rows per card (the card's own number kept "
                    "per day, as a city row of the response aggregate would give 112's P50/P90); where the BI tool "
                    "answers from an index in a few milliseconds, none: ×10 under it needs a whole request in a "
                    "fraction of a millisecond, and a Dash request's fixed part is more than that")


DOMAIN_PART_READS = ("the domain's headline reads alone miss the floor: right after an ETL commit, on warm "
                     "connections, the request takes more than three times DuckDB's answer, so its queries read "
                     "more mart rows than the headline needs (the domain's page figures above with the same reads "
                     "miss too, and their reasons name the reads). Fix: keep the headline's numbers in an aggregate "
                     "the ETL updates in the facts' transaction, by day and area, so a card reads a few rows")


def domain_part_reason(figure: Figure, reads_slow: bool = False) -> str:
    """Why a domain's own part of the pages that show every domain misses the floor: without a
    baseline question, that it has none; with one, its reads when they alone miss it after an ETL
    commit (`reads_slow`, bench/floor.reads_miss_floor), else the cold request's fixed part."""
    if figure.question is None:
        return DOMAIN_PART_REASON
    return DOMAIN_PART_READS if reads_slow else DOMAIN_PART_COST


def is_domain_part(figure: Figure) -> bool:
    return any(f'"type":"{kind}"' in figure.output for kind in (Home.SECTION, Pimpinan.DOMAIN_CARDS, Wall.DRAWN))


COMPLAINT_WALL = response_key(Wall.drawn("complaints"))

BUILDS = {
    "pengaduan-trend": "five Plotly figures (trend, three breakdowns, SLA per OPD: "
                       "layouts/components/complaint_charts.py)",
    "pengaduan-map-caption": "the district map figure",
    Home.MAP_CAPTION: "the open complaints' district map figure and the district list (layouts/components/maps.py)",
    Pimpinan.TREND: "the trend figure and two ranking tables (layouts/components/kpi_cards.py)",
    COMPLAINT_WALL: "the complaint panels: counters, map figure, bars, photos, alarms, ticker "
                    "(layouts/components/wall_complaint_panels.py)",
}

# why a figure is not at the columnar floor, and the fix, by what the figure asks (see _floor_reason)
REQUEST_COST = ("the query is a few ms (the DuckDB column); the rest of a cold request is its fixed part: the login "
                "check, Dash's dispatch, the figure and its JSON (the connections, the reference names and the label "
                "spots are read when a worker starts, app.warm_up, as a fresh worker's start-up makes them here; "
                "the figures are plain dicts). No fix is left in the data path: what remains is the request's "
                "own path (the login check reads the session's user on every request, so a revoked session stops "
                "at once; Dash's dispatch)")
FLOOR_REASONS = {
    "queue": "the urgent queue is an index range read of a few hundred open complaints: the BI tool's query on "
             "the transactional table's index takes about 2 ms, which no mart can beat tenfold; " + REQUEST_COST,
    "status": "a status is no aggregate key, so a status filter reads the facts (open complaints through "
              "ix_fct_complaints_status_day), the same rows the BI tool reads through the transactional table's "
              "status index; fix: slices of the open complaints (status x one dimension) kept by the ETL",
    "pair": "the figure crosses two dimensions (one OPD's, category's, channel's or kecamatan's complaints per "
            "kecamatan, kelurahan, OPD, category or channel): it reads the pairs kept for it (agg_complaints_pairs "
            "by day, some 1,000 rows for 30 days whatever the volume; a long period's whole months from "
            "agg_complaints_pairs_monthly) and builds its figures (plain dicts); fix: a weekly grain of the "
            "pairs beside the daily and monthly ones, so 30 days read about a quarter of the rows",
    "open map": "the landing page's map counts the open complaints now (about 1,200 at 1M), whenever received: "
                "Pantau through the facts' open index (queries.open_by_district), the BI tool through the "
                "transactional table's status index, both a read of those rows alone, which no mart can beat "
                "tenfold; " + REQUEST_COST,
    "wall": "the complaint panels' request builds eight panels (the counters, the map figure, three charts, the "
            "photos, the alarms, the ticker) and encodes them to JSON, while each baseline's time is its queries "
            "alone (the figures are plain dicts; each panel is drawn once per mart version, draw_panel's cache, "
            "shared by the walls); what is left is the eight panels' reads after a commit, not yet profiled "
            "panel by panel since the figures became plain dicts",
}


def _floor_reason(figure: Figure, reads_slow: bool) -> str:
    if figure.output == "pengaduan-queue-caption":
        return FLOOR_REASONS["queue"]
    if figure.output == COMPLAINT_WALL:
        return FLOOR_REASONS["wall"]
    if figure.output == Home.MAP_CAPTION:
        return FLOOR_REASONS["open map"]
    if is_domain_part(figure):
        return domain_part_reason(figure, reads_slow)
    if "status" in figure.name:
        return FLOOR_REASONS["status"]
    crosses = figure.output in ("pengaduan-map-caption", "pengaduan-trend")
    if crosses and any(narrowed in figure.name for narrowed in ("OPD", "category", "channel", "drilled")):
        return FLOOR_REASONS["pair"]
    return REQUEST_COST


def _reason(figure: Figure, misses: dict[str, float], reads_slow: bool) -> str:
    parts = []
    if "warm" in misses:
        built = BUILDS.get(figure.output, "the callback's components")
        parts.append(f"warm p95 {ms(misses['warm'])}: the data comes from the mart cache in a few ms; the time goes "
                     f"to building {built} and encoding them to JSON. The fix is in the callback and its builders, "
                     "outside data/: keep the built figure per mart version and filters, or build the figures as "
                     "plain dicts")
    if "after ETL commit" in misses:
        parts.append(f"after ETL commit p95 {ms(misses['after ETL commit'])}: the queries behind it read too many "
                     "mart rows for this filter (compare the DuckDB floor in the same row): a narrower aggregate for "
                     "this question would answer it")
    if "cold" in misses:
        parts.append(f"cold p95 {ms(misses['cold'])}" + (
            ": the same queries on warm connections stay under the target (after ETL commit), so the time goes "
            "to what a fresh process computes on first use: chiefly the map's district label spots "
            "(geo/web.py `_label_spots`, memoised; emptying that one cache alone costs a map request some "
            "0.2 s at smoke scale), then new database connections; computing them at start-up, before the "
            "worker takes requests, would move it out of the first request" if "after ETL commit" not in misses else
            ": the queries (above) plus what a fresh process loads on first use"))
    if "floor" in misses or "BI tool" in misses:
        parts.append(f"columnar floor ({describe_misses(misses)}): {_floor_reason(figure, reads_slow)}")
    return "; ".join(parts)


# --- what is measured --------------------------------------------------------------------------------------

def figures(naive=None) -> list[Figure]:
    """Every figure measured, with the question each baseline answers for it (`naive` is ignored;
    bench/payload.py still passes it)."""
    today = city_today()
    year = {"pengaduan-dates.start_date": (today - timedelta(days=365)).isoformat(),
            "pengaduan-dates.end_date": today.isoformat()}
    filter_sets = [
        ("default: last 30 days", {}),
        ("last 366 days", year),
        ("OPD = DSDABM", {"pengaduan-opd.value": ["DSDABM"]}),
        ("category = SALURAN_BANJIR", {"pengaduan-category.value": ["SALURAN_BANJIR"]}),
        ("channel = wargaku", {"pengaduan-channel.value": ["wargaku"]}),
        ("status = open", {"pengaduan-status.value": OPEN_STATUSES}),
        ("status = open, 366 days", {"pengaduan-status.value": OPEN_STATUSES, **year}),
        ("drilled into kecamatan Tambaksari", {"pengaduan-drill.data": TAMBAKSARI}),
    ]
    found = []
    for label, values in filter_sets:
        filters = _filters(values, today)
        found += [
            Figure(f"complaints page · {label} · map", "pengaduan-map-caption",
                   {"pengaduan-measure.value": "count", **values}, lambda b, f=filters: b.map(f)),
            Figure(f"complaints page · {label} · KPI cards", "pengaduan-kpis", values,
                   lambda b, f=filters: b.kpis(f)),
            Figure(f"complaints page · {label} · trend and breakdowns", "pengaduan-trend", values,
                   lambda b, f=filters: b.breakdowns(f)),
            Figure(f"complaints page · {label} · urgent queue", "pengaduan-queue-caption", values,
                   lambda b, f=filters: b.queue(f)),
        ]
    found.append(Figure("complaints page · filter choices", "pengaduan-opd.options", {}, None))
    for period in ("7", "30", "90", "month"):
        month = _previous_month(today)
        label = f"{period} days" if period != "month" else f"month {month}"
        filters = _kpi_filters(period, month, today)
        values = {"pimpinan-period.value": period, "pimpinan-month.value": month}
        found.append(Figure(f"KPI page · {label} · trend and rankings", Pimpinan.TREND, values,
                            lambda b, f=filters: b.kpi_trend_and_rankings(f)))
        found.append(Figure(f"KPI page · {label} · complaint cards", response_key(Pimpinan.domain_cards("complaints")),
                            values, lambda b, f=filters: b.kpis(f)))
    for level in ("kecamatan", "kelurahan"):  # the landing page's map of open complaints, whenever received
        found.append(Figure(f"landing page · open complaints per {level} (map and list)", Home.MAP_CAPTION,
                            {f"{Home.LEVEL}.value": level}, lambda b, lv=level: b.open_map(lv)))
    found += domain_part_figures("complaints", "complaints", ("today", "wall_panels"),  # KPI cards: above
                                 {"today": lambda b: b.today(LATEST), "wall_panels": lambda b: b.wall()})
    found.append(Figure("wall · complaints panels, refresh tick, nothing new (HTTP 204)", COMPLAINT_WALL,
                        {"__wall__": "current"}, None, client="wall", expect=204, cold=False))
    return found


def _filters(values: dict, today: date) -> ComplaintFilters:
    """The filters the callbacks build from these values (callbacks/pengaduan.py: filters_from)."""
    start = values.get("pengaduan-dates.start_date")
    end = values.get("pengaduan-dates.end_date")
    last = date.fromisoformat(end) if end else today
    first = date.fromisoformat(start) if start else last - timedelta(days=29)
    return ComplaintFilters(start=first, end=last, opd_codes=tuple(values.get("pengaduan-opd.value", ())),
                            category_codes=tuple(values.get("pengaduan-category.value", ())),
                            channels=tuple(values.get("pengaduan-channel.value", ())),
                            statuses=tuple(sorted(values.get("pengaduan-status.value", ()))),
                            kecamatan_code=values.get("pengaduan-drill.data"))


def _kpi_filters(period: str, month: str, today: date) -> ComplaintFilters:
    from layouts.components.kpi_cards import period_filters

    return period_filters(period, month, today)


def _previous_month(today: date) -> str:
    last = today.replace(day=1) - timedelta(days=1)
    return f"{last.year}-{last.month:02d}"


# --- timing ---------------------------------------------------------------------------------------------------

def measure(call, make_cold, warm_samples: int, cold_samples: int) -> tuple[list[float], list[float]]:
    call()  # the first one fills the cache
    warm = [call() for _ in range(warm_samples)]
    cold = []
    for _ in range(cold_samples):
        make_cold()
        cold.append(call())
    call()  # leave it warm for the next figure's neighbours
    return warm, cold


def _timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def make_cold(services, marts: tuple[str, ...] = ("complaints",)) -> None:
    """What an ETL commit does to the readers (a newer mart version), plus an empty cache."""
    from data.cache import mart_cache

    bump_version(services.databases, services.redis, marts)
    cache = mart_cache(services)
    with cache._lock:
        cache._local.clear()


def make_cold_in_database(env) -> None:
    """The same for servers in other processes: their cached answers become unreachable."""
    redis = env.redis()
    try:
        bump_version(env.databases, redis)
    finally:
        if redis is not None:
            redis.close()


def bump_version(databases, redis, marts: tuple[str, ...] = ("complaints",)) -> None:
    from sqlalchemy import select

    from data.cache import VERSION_KEY
    from etl.load import bump_versions
    from etl.state import MartVersion

    with databases.warehouse.begin() as connection:
        bump_versions(connection, list(marts))
        versions = dict(connection.execute(select(MartVersion.mart, MartVersion.version)
                                           .where(MartVersion.mart.in_(marts))).all())
    if redis is not None:
        for mart, version in versions.items():
            redis.set(VERSION_KEY + mart, version)
        keys = list(redis.scan_iter("pantau:cache:*", count=1000))
        if keys:
            redis.delete(*keys)


# --- calling callbacks as the browser does --------------------------------------------------------------------

class DashClient:
    def __init__(self, app):
        self.client = app.server.test_client()
        self._specs = None
        self._held = {}  # what the page holds: each output a callback returned, by value_key

    def login(self, username: str, password: str) -> "DashClient":
        page = self.client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        answer = self.client.post("/login", data={"username": username, "password": password, "csrf_token": token})
        if answer.status_code != 302:
            raise RuntimeError(f"bench login as {username} failed: HTTP {answer.status_code}")
        return self

    def kiosk(self, secret: str) -> "DashClient":
        answer = self.client.get(f"/kiosk/{secret}")
        if answer.status_code != 302:
            raise RuntimeError(f"kiosk login failed: HTTP {answer.status_code}")
        return self

    def specs(self) -> list[dict]:
        if self._specs is None:
            self._specs = self.client.get("/_dash-dependencies").get_json()
        return self._specs

    def request(self, output: str | dict, values: dict, expect: int = 200):
        """A function that POSTs the callback once and returns its server time in seconds."""
        if "__wall__" in values:
            return self._wall_request(output, values["__wall__"], expect)
        spec = callback_spec(self.specs(), output)

        def call() -> float:
            body = request_body(spec, values, held=self._held)
            started = time.perf_counter()
            answer = self.client.post("/_dash-update-component", json=body)
            seconds = time.perf_counter() - started
            if answer.status_code != expect:
                raise RuntimeError(f"{output}: HTTP {answer.status_code}: {answer.get_data(as_text=True)[:300]}")
            self._hold(answer)
            return seconds

        return call

    def _hold(self, answer) -> None:
        """Keeps what the answer updated, as the page's components would (a store the callback also
        reads as its State comes back with the next request, as a browser sends it)."""
        if answer.status_code != 200:
            return
        for identifier, properties in answer.get_json().get("response", {}).items():
            for prop, value in properties.items():
                self._held[f"{identifier}.{prop}"] = value

    def _wall_request(self, output: str, drawn: str | None, expect: int):
        """One domain's wall refresh (`output`: its DRAWN store's id): everything drawn, or with
        `drawn="current"` what it drew last sent back, so nothing is new (HTTP 204)."""
        group = json.loads(output)["domain"]

        def call() -> float:
            state = None
            if drawn == "current":
                answer = self.client.post("/_dash-update-component", json=wall_body(self.specs(), group, None))
                state = answer.get_json()["response"][output]["data"]
            started = time.perf_counter()
            answer = self.client.post("/_dash-update-component", json=wall_body(self.specs(), group, state))
            seconds = time.perf_counter() - started
            if answer.status_code != expect:
                raise RuntimeError(f"wall refresh of {group}: HTTP {answer.status_code}: "
                                   f"{answer.get_data(as_text=True)[:300]}")
            return seconds

        return call


def wall_body(specs: list[dict], group: str, drawn: dict | None, screen: dict | None = None) -> dict:
    """One domain's wall refresh request (callbacks/wall.refresh_panels), with a slot per panel of
    that domain (wall_panels.group_of) as the page has them, and its DRAWN store's `drawn`."""
    from layouts.components.wall_panels import group_of, registered_panels

    spec = callback_spec(specs, Wall.drawn(group))
    panels = [panel for panel in registered_panels() if group_of(panel) == group]
    return {
        "output": spec["output"],
        "outputs": [[{"id": Wall.slot(p.key, group), "property": "children"} for p in panels if p.kind == "component"],
                    [{"id": Wall.graph(p.key, group), "property": "figure"} for p in panels if p.kind == "figure"],
                    {"id": Wall.drawn(group), "property": "data"}],
        "inputs": [{"id": Wall.REFRESH, "property": "n_intervals", "value": 1},
                   {"id": Wall.SCREEN, "property": "data", "value": screen or {"width": 1920, "height": 1080}}],
        "state": [{"id": Wall.drawn(group), "property": "data", "value": drawn}],
        "changedPropIds": [f"{Wall.REFRESH}.n_intervals"],
    }


def request_body(spec: dict, values: dict, held: dict | None = None) -> dict:
    """The JSON Dash's renderer POSTs for this callback (`spec` from bench.dash_requests.callback_spec);
    inputs not given are sent as None, a component's own "id" as the renderer sends it, a state not
    given as the page holds it (`held`: what earlier answers returned, by value_key). Inputs are the
    figure's own: what it asks is defined by `values`, not by the figures asked before it."""
    known = {"inputs": values, "state": {**(held or {}), **values}}

    def items(kind):
        return [{**i, "value": i["id"] if i["property"] == "id" else known[kind].get(value_key(i["id"], i["property"]))}
                for i in spec[kind]]

    outputs = spec["outputs"]
    changed = [key for key in values if key != "pengaduan-measure.value"] or [
        value_key(i["id"], i["property"]) for i in spec["inputs"][:1]]
    return {"output": spec["output"], "outputs": outputs if spec["output"].startswith("..") else outputs[0],
            "inputs": items("inputs"), "state": items("state"), "changedPropIds": changed}


# --- the baselines' side --------------------------------------------------------------------------------------

def _districts(services) -> dict[str, pd.DataFrame]:
    from data.complaints.queries import dimension_table

    return {level: dimension_table(services, level) for level in ("kecamatan", "kelurahan")}


CHECKED = {
    "default: last 30 days": {},
    "status = open, 366 days": {"pengaduan-status.value": OPEN_STATUSES, "pengaduan-dates.start_date": None},
    "OPD = DSDABM": {"pengaduan-opd.value": ["DSDABM"]},
    "drilled into kecamatan Tambaksari": {"pengaduan-drill.data": TAMBAKSARI},
}


def check_baselines(env, results, services, baselines: dict[str, Baseline]) -> None:
    """Each baseline gives Pantau's numbers (else comparing times would mean nothing): per district
    received and SLA met, the KPI cards, received per category, the urgent queue, under four
    filters; the live counters and the landing page's newest complaints. A baseline that differs
    is named in bold above the table."""
    results.note(SECTION, COLUMNS, "Before timing, each baseline's answers are checked against Pantau's data "
                                   "layer: received and first-response SLA met per district, the KPI cards, "
                                   "received per category and the urgent queue's complaints under 4 filters (last 30 "
                                   "days, open in 366 days, one OPD, one kecamatan); the live counters (the wall's "
                                   "and the landing page's) and the landing page's newest complaints.")
    for key, baseline in baselines.items():
        differences = disagreements(services, baseline)
        if differences:
            results.note(SECTION, COLUMNS, f"**{env.backend}: {key.rsplit(' ', 1)[0]} differs from Pantau**: "
                                           + "; ".join(differences[:5]))


def disagreements(services, baseline: Baseline) -> list[str]:
    from core.clock import minute_now
    from core.users import Viewer
    from data.complaints import queries

    viewer, today, now = Viewer("bench", "pimpinan", "pimpinan"), city_today(), minute_now()
    found = []
    for label, values in CHECKED.items():
        if "pengaduan-dates.start_date" in values:
            values = {**values, "pengaduan-dates.start_date": (today - timedelta(days=365)).isoformat()}
        filters = _filters(values, today)
        level = "kelurahan" if filters.kecamatan_code else "kecamatan"
        ours = queries.district_summary.uncached(services, viewer, filters, level).set_index("code")
        theirs = baseline.map(filters).set_index("code")
        for measure in ("received", "response_met"):
            if not ours[measure].astype(int).equals(theirs[measure].astype(int).reindex(ours.index)):
                found.append(f"{label}: {measure} per {level}")
        cards = replace(filters, kecamatan_code=None)  # the cards' callbacks never pass the map's kecamatan
        kpis, their_kpis = queries.kpis.uncached(services, viewer, cards), baseline.kpis(cards)
        if json.dumps(kpis, sort_keys=True, default=str) != json.dumps(their_kpis, sort_keys=True, default=str):
            found.append(f"{label}: KPI cards {kpis} vs {their_kpis}")
        categories = queries.counts_by.uncached(services, viewer, filters, "category").set_index("code")["received"]
        their_categories = baseline.counts(filters, "category")["received"]
        if categories.astype(int).sort_index().to_dict() != their_categories.astype(int).sort_index().to_dict():
            found.append(f"{label}: received per category")
        soon = baseline.soon_minutes
        queue = queries.open_queue(services, viewer, filters, soon_minutes=soon, at=now)["complaint_id"]
        their_queue = baseline.urgent(filters, now + timedelta(minutes=soon), 200).iloc[:, 0]
        if [int(i) for i in queue] != [int(i) for i in their_queue]:
            found.append(f"{label}: urgent queue ({len(queue)} vs {len(their_queue)} complaints)")
    for level in ("kecamatan", "kelurahan"):
        ours = queries.open_by_district.uncached(services, viewer, level)
        theirs = baseline.open_map(level)
        placed = {code: int(n) for code, n in zip(ours["code"], ours["open"]) if code}
        if placed != {code: int(n) for code, n in zip(theirs["code"], theirs["open"]) if n}:
            found.append(f"the landing page's open complaints per {level}")
    counters = queries.live_counters(services, viewer, now)
    if counters != baseline.counters(now):
        found.append(f"live counters {counters} vs {baseline.counters(now)}")
    ours = queries.latest_complaints.uncached(services, viewer, limit=LATEST)["ticket"].tolist()
    theirs = baseline.today(LATEST, now)["latest"]["ticket"].tolist()
    if ours != theirs:
        found.append(f"the landing page's newest complaints {ours} vs {theirs}")
    return found
