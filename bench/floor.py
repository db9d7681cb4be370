"""The columnar floor (issue 18), shared by every domain's family of page callbacks.

A figure's question is answered two other ways on the same data and timed in the same run:

- *SQL GROUP BY*: what a BI tool (Metabase, Superset) issues on the transactional tables, one
  query per chart, every filter in the WHERE clause, the transactional schema's indexes;
- *DuckDB*: the physical floor, the same question over the domain's fact tables loaded once
  (outside any timing) into an in-memory DuckDB, an embedded columnar engine.

Each family checks that both give Pantau's numbers before it times them. A row is judged by the
domain's own targets (warm and cold p95) and by the floor's goal: cold p95 within ×3 of DuckDB's
p95, cold p50 at least ×10 under the SQL's p50. A figure that misses names its reason and its fix.
"""

from __future__ import annotations

from typing import Callable

import pandas as pd
from sqlalchemy import Boolean, Date, DateTime, Integer, Numeric, String, TypeDecorator, select

from bench.results import DOMAIN_COLD_TARGET, DOMAIN_WARM_TARGET, Row, ms, percentile, ratio, timed

FLOOR_RATIO, BI_RATIO = 3.0, 10.0
SQL, DUCK = "SQL GROUP BY p50", "DuckDB p95"
SQL_RATIO, DUCK_RATIO = "ratio (SQL p50 ÷ cold p50)", "ratio (cold p95 ÷ DuckDB p95)"
COLUMNS = ["figure", "warm p50", "warm p95", "after ETL commit p50", "after ETL commit p95", "cold p50", "cold p95",
           SQL, SQL_RATIO, DUCK, DUCK_RATIO]
GOAL = (f"The columnar floor's goal (issue 18), part of each row's target: cold p95 within ×{FLOOR_RATIO:g} of "
        f"DuckDB's p95 and cold p50 at least ×{BI_RATIO:g} under the SQL GROUP BY's p50 (bench/floor.py). "
        "Pantau's time is the whole request (login check, Dash's dispatch, a new connection when cold, the "
        "figures and their JSON); the baselines' is their queries alone, timed in a warm process.")


def floor_misses(cold50, cold95, sql50, duck95) -> dict[str, float]:
    """{"floor": cold p95 ÷ DuckDB p95, "BI tool": SQL p50 ÷ cold p50}, for the goals missed."""
    found = {}
    if cold95 is not None and duck95 and cold95 > FLOOR_RATIO * duck95:
        found["floor"] = cold95 / duck95
    if cold50 is not None and sql50 and sql50 < BI_RATIO * cold50:
        found["BI tool"] = sql50 / cold50
    return found


def describe_misses(misses: dict[str, float]) -> str:
    """'×4.2 DuckDB's p95, the BI tool's p50 ×3.1 of it, goal ×10' for the goals missed."""
    return ", ".join(f"×{misses['floor']:.1f} DuckDB's p95" if name == "floor" else
                     f"the BI tool's p50 ×{misses['BI tool']:.1f} of it, goal ×{BI_RATIO:g}"
                     for name in ("floor", "BI tool") if name in misses)


def time_questions(baselines: dict[str, object], question: Callable | None, samples: int) -> dict[str, list[float]]:
    """Each baseline's times for `question(baseline)` ({SQL: [...], DUCK: [...]}; empty without one)."""
    if question is None:
        return {key: [] for key in baselines}
    return {key: [timed(lambda b=baseline: question(b)) for _ in range(samples)] for key, baseline in baselines.items()}


def floor_row(name: str, warm, committed, cold, baselines: dict[str, list[float]], reason: str) -> Row:
    """A domain figure's row against its domain's targets and the floor; `reason` says why the
    figure misses the floor and the fix (shown only when it misses)."""
    warm95, committed95, cold95 = percentile(warm, 95), percentile(committed, 95), percentile(cold, 95)
    cold50 = percentile(cold, 50)
    sql50, duck95 = percentile(baselines.get(SQL, []), 50), percentile(baselines.get(DUCK, []), 95)
    targets = [f"warm p95 {ms(warm95)}"] if warm95 is not None and warm95 >= DOMAIN_WARM_TARGET else []
    targets += [f"{label} p95 {ms(value)}" for label, value in (("after ETL commit", committed95), ("cold", cold95))
                if value is not None and value >= DOMAIN_COLD_TARGET]
    floor = floor_misses(cold50, cold95, sql50, duck95)
    unmeasured = sql50 is None and duck95 is None
    parts = ["missed: " + ", ".join(targets)] if targets else []
    if floor:
        parts.append(f"columnar floor ({describe_misses(floor)}): {reason}")
    elif unmeasured and reason:
        parts.append(f"no baseline: {reason}")
    met = not targets and not floor and not unmeasured
    cells = {"figure": name, "warm p50": ms(percentile(warm, 50)), "warm p95": ms(warm95),
             "after ETL commit p50": ms(percentile(committed, 50)), "after ETL commit p95": ms(committed95),
             "cold p50": ms(cold50), "cold p95": ms(cold95), SQL: ms(sql50), SQL_RATIO: ratio(sql50, cold50),
             DUCK: ms(duck95), DUCK_RATIO: ratio(cold95, duck95)}
    return Row(cells, met, "; ".join(parts))


def note_disagreements(results, section: str, backend: str, baselines: dict, differences: Callable) -> None:
    """Name in bold above the table each baseline that does not give Pantau's numbers
    (`differences(baseline)`: what differs), else comparing their times would mean nothing."""
    for baseline in baselines.values():
        found = differences(baseline)
        if found:
            results.note(section, COLUMNS, f"**{backend}: {baseline.name} differs from Pantau**: "
                                           + "; ".join(found[:5]))


def time_figures(results, section: str, backend: str, figures: list, request: Callable, make_cold: Callable,
                 cold, baselines: dict, samples: int, reason: Callable) -> None:
    """One row per figure: Pantau's warm and after-ETL-commit samples (`request(figure)`: a function
    timing one request), its cold samples (`cold`, bench/cold.py), the baselines' times for its
    question, and `reason(figure)` for a miss of the page's own figures (a domain's part of the pages
    that show every domain has one reason for every family: bench/callbacks.domain_part_reason)."""
    from bench.callbacks import domain_part_reason, is_domain_part, measure

    for figure in figures:
        warm, committed = measure(request(figure), make_cold, samples, samples)
        timed = time_questions(baselines, figure.question, samples)
        why = (domain_part_reason(figure, reads_miss_floor(committed, timed.get(DUCK, [])))
               if is_domain_part(figure) else reason(figure))
        results.add(section, COLUMNS, backend, floor_row(figure.name, warm, committed,
                                                          cold.per_figure.get(figure.name, []), timed, why))


def reads_miss_floor(committed: list[float], duck: list[float]) -> bool:
    """Whether a figure's reads alone miss the floor: right after an ETL commit, on warm
    connections (no fresh process's fixed part), p95 above FLOOR_RATIO times DuckDB's p95."""
    committed95, duck95 = percentile(committed, 95), percentile(duck, 95)
    return committed95 is not None and bool(duck95) and committed95 > FLOOR_RATIO * duck95


def counts(frame: pd.DataFrame, keys: list[str], measure: str, key: Callable = lambda value: value) -> dict:
    """{key tuple: count} of the rows with a count (zero and empty rows left out), each key through
    `key` (str, or a scale back to integers) so that both sides compare whatever their dtypes."""
    rows = frame[frame[measure].fillna(0).astype(float) > 0]
    return dict(zip(zip(*(rows[name].map(key) for name in keys)), rows[measure].astype("int64")))


LOAD_CHUNK_ROWS = 200_000  # rows held in Python at once while loading: 10 million rows at once took 24 GB


def load_tables(engine, tables: dict[str, object]):
    """An in-memory DuckDB holding a copy of each SQLAlchemy table under its given name, in DuckDB's
    own columnar storage (not a view on a pandas frame): times as naive UTC, days as DATE, flags as
    BOOLEAN, decimals as DOUBLE, as the warehouse's types say. Read in chunks of LOAD_CHUNK_ROWS, each
    typed from the table's columns (a chunk whose column is all NULL still has its type)."""
    import duckdb

    database = duckdb.connect(":memory:")
    for name, table in tables.items():
        for number, (frame, days) in enumerate(_frames_of(engine, table)):
            database.register("loaded_frame", frame)
            days_sql = ", ".join(f"CAST({day} AS DATE) AS {day}" for day in days)
            rows = f"SELECT * {f'REPLACE ({days_sql}) ' if days else ''}FROM loaded_frame"
            database.execute(f"CREATE TABLE {name} AS {rows}" if number == 0 else f"INSERT INTO {name} {rows}")
            database.unregister("loaded_frame")
    return database


def _frames_of(engine, table):
    """The table's rows as typed frames of at most LOAD_CHUNK_ROWS (one empty frame for no rows)."""
    with engine.connect().execution_options(stream_results=True, yield_per=LOAD_CHUNK_ROWS) as connection:
        result = connection.execute(select(table))
        columns, empty = list(result.keys()), True
        for rows in result.partitions(LOAD_CHUNK_ROWS):
            empty = False
            yield _typed(pd.DataFrame(rows, columns=columns), table)
        if empty:
            yield _typed(pd.DataFrame([], columns=columns), table)


def _typed(frame: pd.DataFrame, table) -> tuple[pd.DataFrame, list[str]]:
    days = []
    for column in table.columns:
        name = column.name
        kind = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
        if isinstance(kind, DateTime):
            # microseconds always: pandas infers a chunk's unit from its values (whole seconds: TIMESTAMP_S)
            frame[name] = pd.to_datetime(frame[name], utc=True).dt.tz_convert(None).astype("datetime64[us]")
        elif isinstance(kind, Date):
            frame[name] = pd.to_datetime(frame[name])
            days.append(name)
        elif isinstance(kind, Boolean):
            frame[name] = frame[name].astype("boolean")
        elif isinstance(kind, Numeric):
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
        elif isinstance(kind, Integer):
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("Int64")
        elif isinstance(kind, String):
            frame[name] = frame[name].astype("string")
    return frame, days

