"""Infrastructure figures at city scale (issue 14: the SLA report of 2,200 cameras over a year, warm p95
<= 50 ms, cold p95 <= 300 ms, on both backends), and the availability and outage figures the
Infrastruktur page, the wall and the mayor's cards ask of the marts (data/infrastructure/queries.py):

- the vendor SLA report's rows (every camera under contract, a year) and its per-contract summary;
- availability by device kind per month and by kelurahan per month over the year, the blind-spot
  map (cameras per kelurahan, 30 days);
- the current faults (one per root cause, the hidden devices counted under it);

and, in a table of their own (section infrastructure_pages), the Infrastruktur page's callbacks as the
browser asks them, and the domain's own KPI cards, landing-page section and wall panels, against the
same two baselines.

Each of the first is the data layer's own call with a pimpinan viewer, timed in the process (the
report is the XLSX download; no page draws the monthly availability, kept from issue 14): warm (the
same call again: the mart cache's answer), after an ETL commit (the infrastructure marts' versions
bumped before each call), cold (each figure's first call in a fresh process, as bench/cold.py does
it: new connections, empty caches, Redis flushed; `python -m bench.infrastructure` is that worker).

Baselines (bench/infrastructure_baselines.py): what a BI tool would issue on the transactional
tables, e.g. for the SLA report each camera's seconds up and failed over the period summed from
`infra_events` durations (clipped to the period, an open event counted to now) in one GROUP BY
joined to the devices and contracts, the availability and the verdict computed in SQL; and the same
over the facts in DuckDB. Checked to give Pantau's rows (the same cameras, the same seconds within a
minute when both count open events to the ETL's last "now") before they are timed.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Callable

import pandas as pd
from sqlalchemy import func, select

from bench.callbacks import DashClient, Figure, domain_part_figures
from bench.floor import (COLUMNS as FLOOR_COLUMNS, DUCK, GOAL, SQL, floor_row, note_disagreements, time_figures,
                         time_questions)
from bench.infrastructure_baselines import (LATEST, LONGEST_SHOWN, TICKER_SHOWN, InfraDuckDbBaseline,
                                           InfraSqlBaseline)
from bench.results import DOMAIN_COLD_TARGET as COLD_TARGET, DOMAIN_WARM_TARGET as WARM_TARGET, ms, timed
from layouts.components.ids_infrastruktur import Infrastruktur as I
from modules.infrastructure.kinds import FAILED_STATES, UNREACHABLE, UP

SECTION, PAGE_SECTION = "infrastructure", "infrastructure_pages"  # bench/results.py SECTIONS
COLUMNS = [FLOOR_COLUMNS[0], "rows", *FLOOR_COLUMNS[1:]]
MARTS = ("infra_devices", "infra_outages", "infra_availability")
SLA = "SLA report · cameras · last 365 days"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
WORKER_SECONDS = 900


@dataclass(frozen=True)
class Question:
    name: str
    ask: Callable  # (services, viewer) -> DataFrame
    baseline: Callable | None = None  # (baseline, until) -> the same numbers, the baseline's way


def questions() -> list[Question]:
    """Every figure measured (the cold workers import this list)."""
    from data.complaints.queries import city_today
    from data.infrastructure import queries as q

    today = city_today()
    year = q.InfraFilters.last_days(365, today)
    cameras_year = q.InfraFilters.last_days(365, today, kinds=("camera",))
    month = q.InfraFilters.last_days(30, today)
    return [
        Question(SLA, lambda s, v: q.sla_report(s, v, cameras_year),
                 lambda b, until=None: b.sla_report(year.start, year.end, until)),
        Question("SLA per contract · last 365 days", lambda s, v: q.sla_by_contract(s, v, year),
                 lambda b, until=None: b.sla_by_contract(year.start, year.end, until)),
        Question("availability by kind per month · last 365 days",
                 lambda s, v: q.availability(s, v, year, "kind", "month"),
                 lambda b, until=None: b.availability_per_month(year.start, year.end, "kind", until)),
        Question("availability by kelurahan per month · last 365 days",
                 lambda s, v: q.availability(s, v, year, "kelurahan", "month"),
                 lambda b, until=None: b.availability_per_month(year.start, year.end, "kelurahan_code", until)),
        Question("blind-spot map · cameras per kelurahan · last 30 days",
                 lambda s, v: q.camera_availability_by_kelurahan(s, v, month),
                 lambda b, until=None: b.blind_spots(month.start, month.end, until)),
        Question("current faults (one per root cause)", lambda s, v: q.current_faults(s, v),
                 lambda b, until=None: b.current_faults()),
    ]


def viewer():
    from core.users import Viewer

    return Viewer("0", "bench", "pimpinan")


def run(env, results, smoke: bool = False, samples: int = 20, workers: int = 10) -> None:
    from app import create_app
    from bench.callbacks import make_cold
    from bench.cold import run_workers as run_page_workers

    if smoke:
        samples, workers = 3, 2
    results.note(SECTION, COLUMNS, f"The data layer's calls (data/infrastructure/queries.py) with a pimpinan "
                                   f"viewer: {samples} warm and {samples} after-ETL-commit samples in one process, "
                                   f"cold from {workers} fresh processes; targets warm p95 < {ms(WARM_TARGET)}, "
                                   f"cold p95 < {ms(COLD_TARGET)}. Baselines (bench/infrastructure_baselines.py), "
                                   "timed in a warm process: *SQL GROUP BY* counts each figure's seconds from the "
                                   "state changes themselves (infra_events joined to the devices and contracts, "
                                   "each event clipped to the period or to each WIB month of it, an open one "
                                   "counted to now; the open outages grouped by root cause); *DuckDB* the same "
                                   "over the facts (fct_infra_events, fct_infra_outages, fct_infra_devices) in an "
                                   "in-memory DuckDB. Both are checked first against every figure's rows: the same "
                                   "keys, the counts exactly, the seconds within a minute per row.")
    results.note(SECTION, COLUMNS, GOAL)
    env.fill_marts()
    found, pages = questions(), page_figures()
    cold = run_workers(env, [each.name for each in found], workers)
    cold_pages = run_page_workers(env, [figure.name for figure in pages], workers,
                                  figures="bench.infrastructure:page_figures")
    app = create_app(env.settings())
    services = app.server.extensions["pantau"]
    baselines = {SQL: InfraSqlBaseline(env.databases.engine), DUCK: InfraDuckDbBaseline(env.databases.warehouse)}
    try:
        note_disagreements(results, SECTION, env.backend, baselines, lambda b: disagreements(env, services, b))
        for each in found:
            def call(each=each):
                started = time.perf_counter()
                frame = each.ask(services, viewer())
                return time.perf_counter() - started, len(frame)

            call()
            warm = [call()[0] for _ in range(samples)]
            committed = []
            for _ in range(samples):
                make_cold(services, MARTS)
                committed.append(call()[0])
            rows = call()[1]
            timed_baselines = time_questions(baselines, each.baseline, samples)
            row = floor_row(each.name, warm, committed, cold.get(each.name, []), timed_baselines, REASONS[each.name])
            row.cells = {"figure": row.cells.pop("figure"), "rows": f"{rows:,}", **row.cells}
            results.add(SECTION, COLUMNS, env.backend, row)
        run_pages(env, results, app, pages, cold_pages, baselines, samples)
    finally:
        baselines[DUCK].close()


# why a figure misses the floor, and the fix, by what it reads (data/infrastructure/queries.py)
PERIOD_ROWS = ("reads about 13 aggregate rows per device for a year (the whole months from the monthly "
               "aggregate, the loose days from the daily one, a month's outside days subtracted), about 34,000 "
               "rows for the city's 2,600 devices, and groups them in the database; DuckDB groups the events "
               "themselves, column by column")
REASONS = {
    SLA: PERIOD_ROWS + "; the report has one row per camera, so the answer itself is 2,200 rows; fix: a yearly "
                       "grain kept by the ETL per device for the periods that are whole years to the day",
    "SLA per contract · last 365 days": PERIOD_ROWS + "; fix: per-contract monthly sums kept by the ETL (a "
                                                      "contract's devices counted per month)",
    "availability by kind per month · last 365 days": PERIOD_ROWS + "; fix: monthly sums per kind kept by the ETL",
    "availability by kelurahan per month · last 365 days": PERIOD_ROWS + "; fix: monthly sums per kelurahan kept by "
                                                                         "the ETL",
    "blind-spot map · cameras per kelurahan · last 30 days": "reads 30 daily rows per camera (about 66,000) and "
                                                             "groups them twice (per camera, then per kelurahan); "
                                                             "fix: a per-kelurahan daily aggregate of cameras",
    "current faults (one per root cause)": "the open outages are few (an index read on ended_at IS NULL); the time "
                                           "is the request's fixed part and the root devices' small read (their "
                                           "kind, name and state now, agg_infra_devices_now)",
}


# --- the page's callbacks (pages/infrastruktur.py) -------------------------------------------------------

LIVE = "Infrastruktur · live map, faults and current outages"
PERIOD_TITLE = "Infrastruktur · blind-spot map and SLA per contract · {}"


def page_figures() -> list[Figure]:
    """The Infrastruktur page's two callbacks that read the marts (callbacks/infrastruktur.py): the
    live picture (every REFRESH_MS) and the period's blind spots and SLA table, for the page's default
    period (this month so far) and the longest it allows; the domain's own KPI cards (30 days, as
    callbacks/pimpinan asks them), landing-page section and wall panels; the cold workers import
    this list."""
    from core.periods import last_days
    from data.complaints.queries import city_today

    today = city_today()
    periods = {"this month": (today.replace(day=1), today), "last 366 days": (today - timedelta(days=365), today)}
    month = last_days(30, today)

    def period(first, last):
        values = {f"{I.DATES}.start_date": first.isoformat(), f"{I.DATES}.end_date": last.isoformat()}
        return values, lambda b: (b.blind_spots(first, last), b.sla_by_contract(first, last))

    parts = {"kpi_cards": lambda b: b.kpi_cards(month.start, month.end), "today": lambda b: b.today(),
             "wall_panels": lambda b: b.wall(today)}
    return [Figure(LIVE, I.MAP, {}, lambda b: b.current_faults()),
            *(Figure(PERIOD_TITLE.format(name), I.BLIND_SPOTS, *period(*days)) for name, days in periods.items()),
            *domain_part_figures("infrastructure", "infrastructure", questions=parts)]


def run_pages(env, results, app, figures: list[Figure], cold, baselines: dict, samples: int) -> None:
    """The page's callbacks as the browser asks them (a logged-in pimpinan's Dash requests), timed
    against the same baselines as the figures they draw."""
    from bench.callbacks import make_cold
    from bench.env import PASSWORD

    results.note(PAGE_SECTION, FLOOR_COLUMNS,
                 f"Server time per request of the Infrastruktur page's callbacks (callbacks/infrastruktur.py): "
                 f"{samples} warm and {samples} after-ETL-commit samples in one process, cold from fresh "
                 f"processes (bench/cold.py); targets warm p95 < {ms(WARM_TARGET)}, cold p95 < {ms(COLD_TARGET)}. "
                 "The baselines answer what each callback draws from the marts: the current faults for the "
                 "live picture; the blind spots and the SLA per contract for the period; for the domain's KPI "
                 "cards (30 days) the cameras' availability and their contracts' objectives, the longest "
                 "outages a device caused itself and the contracts below their objective; for its landing-page "
                 "section and wall panels the devices per kind and state now, the current faults, the blind "
                 "spots this month and the newest state changes.")
    results.note(PAGE_SECTION, FLOOR_COLUMNS, GOAL)
    services, client = app.server.extensions["pantau"], DashClient(app).login("pimpinan", PASSWORD)
    time_figures(results, PAGE_SECTION, env.backend, figures,
                 lambda figure: client.request(figure.output, figure.values, figure.expect),
                 lambda: make_cold(services, MARTS), cold, baselines, samples,
                 lambda f: PAGE_REASONS[f.output])


PAGE_REASONS = {
    I.MAP: "the live picture reads every device's state (about 2,600 points for the map), the current outages "
           "and the faults, and draws the map, while the baselines answer the faults alone; the faults "
           "themselves: see the current faults above",
    I.BLIND_SPOTS: "two figures in one request (the blind-spot map over every kelurahan's outline and the SLA "
                   "table); each as the rows above: " + PERIOD_ROWS,
}


# --- the floor's two baselines ----------------------------------------------------------------------------

# how each figure's answer is compared: (Pantau's key columns, the baseline's, exact count columns)
COMPARED = {
    SLA: (["device_code"], ["device_code"], []),
    "SLA per contract · last 365 days": (["contract_code"], ["contract_code"], ["devices", "devices_below_slo"]),
    "availability by kind per month · last 365 days": (["code", "month"], ["kind", "month"], []),
    "availability by kelurahan per month · last 365 days": (["code", "month"], ["kelurahan_code", "month"], []),
    "blind-spot map · cameras per kelurahan · last 30 days": (["kelurahan_code"], ["kelurahan_code"], ["cameras"]),
    "current faults (one per root cause)": (["root_cause_code"], ["root_cause_code"], ["devices", "hidden"]),
}
SECONDS_OFF = 60.0  # an event's seconds, per row: the marts count whole days of the ETL's pieces


def disagreements(env, services, baseline) -> list[str]:
    """Where the baseline's answer differs from Pantau's, every figure, open events counted to the
    ETL's last "now" on both sides: the same rows (by key), the counts exactly, the seconds within a
    minute per row, a fault's start to the second; then the domain's own parts (part_disagreements)."""
    from data.infrastructure.tables import EtlInfraCountedUntil

    with env.databases.warehouse.connect() as connection:
        until = connection.scalar(select(func.max(EtlInfraCountedUntil.counted_until)))
    found = []
    for each in questions():
        ours_keys, their_keys, counts = COMPARED[each.name]
        ours = each.ask(services, viewer())
        theirs = each.baseline(baseline, until).rename(columns=dict(zip(their_keys, ours_keys)))
        found += [f"{each.name}: {problem}" for problem in _differences(ours, theirs, ours_keys, counts)]
    return found + part_disagreements(services, baseline, until)


def part_disagreements(services, baseline, until) -> list[str]:
    """Where the baseline's KPI cards (30 days), landing-page section and wall panels differ from
    Pantau's data layer: rows and counts as _differences compares them, the cameras' availability
    within 0.01 point, the longest outages' devices exactly and their lengths within a second."""
    from core.clock import city_today, minute_now
    from data.infrastructure.queries import InfraFilters

    today, at = city_today(), minute_now()
    month = InfraFilters.last_days(30, today)
    found = [f"KPI cards: {problem}" for problem in _card_differences(
        _cards_from_pantau(services, month, at), baseline.kpi_cards(month.start, month.end, at, until))]
    return found + _live_differences(services, baseline.today(), baseline.wall(today, until), today, at)


def _live_differences(services, section: dict, wall: dict, today, at) -> list[str]:
    """The landing-page section's and the wall panels' differences from Pantau's data layer."""
    from data.infrastructure import queries as q

    me, month = viewer(), q.InfraFilters(start=today.replace(day=1), end=today)
    states, faults = q.devices_by_state(services, me), q.current_faults(services, me, at)
    count = states.groupby("state")["devices"].sum()
    figures = {"up": count.get(UP, 0), "failed": sum(count.get(state, 0) for state in FAILED_STATES),
               "hidden": count.get(UNREACHABLE, 0)}
    found = [f"landing section: {name}" for name, value in figures.items() if int(value) != section[name]]
    compared = [("landing section: faults", faults.head(LATEST), section["faults"], ["root_cause_code"],
                 ["devices", "hidden"]),
                ("wall: kinds", states, wall["kinds"], ["kind", "state"], ["devices"]),
                ("wall: faults", faults, wall["faults"], ["root_cause_code"], ["devices", "hidden"]),
                ("wall: blind spots", q.camera_availability_by_kelurahan(services, me, month), wall["blind_spots"],
                 ["kelurahan_code"], ["cameras"])]
    found += [f"{name}: {problem}" for name, ours, theirs, keys, counts in compared
              for problem in _differences(ours, theirs, keys, counts)]
    newest = q.newest_events(services, me, limit=TICKER_SHOWN)["event_id"].astype(int).tolist()
    return found + (["wall: newest state changes"] if newest != wall["newest"]["event_id"].astype(int).tolist() else [])


def _cards_from_pantau(services, month, at) -> dict:
    """The KPI cards' figures as callbacks/_infrastructure_kpis.py reads them."""
    from data.infrastructure import queries as q

    me = viewer()
    contracts = q.sla_by_contract(services, me, month).dropna(subset=["slo_percent"])
    below = contracts[contracts["met"] == False]  # noqa: E712 - None (nothing measured) is neither
    availability_pct, objectives = q.cameras_against_contracts(services, me, month)
    return {"availability_pct": availability_pct, "objectives": objectives,
            "longest": q.longest_outages(services, me, month, LONGEST_SHOWN, at=at),
            "contracts": len(contracts), "below": len(below), "vendors_below": sorted(set(below["vendor"].dropna()))}


def _card_differences(ours: dict, theirs: dict) -> list[str]:
    found = [name for name in ("objectives", "contracts", "below", "vendors_below") if ours[name] != theirs[name]]
    mine, other = ours["availability_pct"], theirs["availability_pct"]
    if (mine is None) != (other is None) or mine is not None and abs(mine - other) > 0.01:
        found.append(f"camera availability {mine} vs {other}")
    longest, other_longest = ours["longest"], theirs["longest"]
    lengths = zip(longest["duration_seconds"].astype(float), other_longest["duration_seconds"].astype(float))
    if longest["device_code"].tolist() != other_longest["device_code"].tolist() or any(
            abs(a - b) > 1.0 for a, b in lengths):
        found.append("longest outages")
    return found


def _differences(ours: pd.DataFrame, theirs: pd.DataFrame, keys: list[str], counts: list[str]) -> list[str]:
    measured = [name for name in ("up_seconds", "failed_seconds", "excluded_seconds") if name in ours]
    if measured:  # a group with no time counted is not an answer's row on either side
        ours = ours[ours[measured].astype(float).sum(axis=1) > 0]
        theirs = theirs[theirs[measured].astype(float).sum(axis=1) > 0]
    mine, other = ours.set_index(keys).sort_index(), theirs.set_index(keys).sort_index()
    if list(mine.index) != list(other.index):
        return [f"rows {len(mine)} vs {len(other)} (e.g. {sorted(set(mine.index) ^ set(other.index))[:3]})"]
    problems = [f"{name} per row" for name in counts
                if not mine[name].astype(int).equals(other[name].astype(int))]
    for name in measured:
        off = (mine[name].astype(float) - other[name].astype(float)).abs()
        if (off > SECONDS_OFF).any():
            problems.append(f"{name} off by up to {off.max():,.0f} s")
    if "since" in mine:
        off = (pd.to_datetime(mine["since"], utc=True) - pd.to_datetime(other["since"], utc=True)).abs()
        if (off > pd.Timedelta(seconds=1)).any():
            problems.append("since")
    return problems


# --- cold: each figure's first call in a fresh process -----------------------------------------------------

def run_workers(env, names: list[str], workers: int, seed: int = 2026) -> dict[str, list[float]]:
    """One sample per figure per worker process (`python -m bench.infrastructure`), one at a time."""
    spec = {"settings": env.settings_sections(), "redis_url": env.redis_url}
    samples: dict[str, list[float]] = defaultdict(list)
    for number in range(workers):
        order = list(names)
        random.Random(seed + number).shuffle(order)
        done = subprocess.run([sys.executable, "-m", "bench.infrastructure"],
                              input=json.dumps({**spec, "order": order}), capture_output=True, text=True,
                              cwd=PROJECT_ROOT, timeout=WORKER_SECONDS)
        if done.returncode != 0:
            raise RuntimeError(f"cold worker failed (exit {done.returncode}): {done.stderr[-2000:]}")
        for name, seconds in json.loads(done.stdout.strip().splitlines()[-1]).items():
            samples[name].append(seconds)
    return samples


def worker(spec: dict) -> dict[str, float]:
    from app import create_app
    from bench.cold import _mart_versions, make_fresh
    from core.settings import Settings

    app = create_app(Settings().override(**spec["settings"]))
    services = app.server.extensions["pantau"]
    by_name = {each.name: each for each in questions()}
    versions = _mart_versions(services)
    times = {}
    for name in spec["order"]:
        make_fresh(app, spec["redis_url"], versions)
        times[name] = timed(lambda: by_name[name].ask(services, viewer()))
    return times


if __name__ == "__main__":
    print(json.dumps(worker(json.load(sys.stdin))))
