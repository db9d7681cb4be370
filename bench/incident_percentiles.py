"""How to work out the incident P50/P90 on SQLite and PostgreSQL: read the slice's values and let
pandas interpolate (what data/incidents/queries.py does), or let the database rank them with window
functions and read back only the rows around each percentile.

    .venv/bin/python -m bench.incident_percentiles --incidents 200000 --days 30

Fills fct_incidents of fresh, migrated databases (a temporary SQLite file and PostgreSQL database)
with `--incidents` rows spread over a year, then times both ways for the last `--days` days, city
wide and by kecamatan, and checks that they agree. Not a test: the figures are printed.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone

import pandas as pd
from sqlalchemy import create_engine, literal, make_url, select, text

from core import migrate
from core.db import Databases, make_engine
from data.incidents.queries import FCT, percentiles_in_sql
from etl.incidents.facts import city_day_and_hour
from etl.load import replace_rows

POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
KECAMATAN = [f"35.78.{n:02d}" for n in range(1, 32)]


def facts(count: int, rng: random.Random) -> pd.DataFrame:
    end = datetime.now(timezone.utc).replace(microsecond=0)
    received = pd.Series([end - timedelta(seconds=rng.randrange(0, 365 * 86400)) for _ in range(count)])
    received = pd.to_datetime(received, utc=True)
    response = pd.Series([rng.lognormvariate(5.8, 0.5) if rng.random() < 0.9 else None for _ in range(count)],
                         dtype=float).round(3)
    day, hour = city_day_and_hour(received)
    frame = pd.DataFrame({
        "incident_number": [f"INS-B-{n:07d}" for n in range(count)], "status": "cleared",
        "category_code": "KEBAKARAN", "type": "fire.urbanFire", "priority": 1,
        "kecamatan_code": [rng.choice(KECAMATAN) for _ in range(count)], "kelurahan_code": "", "lat": None,
        "lon": None, "source": "call_112", "lead_agency_code": "DPKP", "agencies": "DPKP", "received_at": received,
        "received_day": day, "received_hour": hour, "created_at": received, "first_dispatch_at": received,
        "first_en_route_at": received, "first_on_scene_at": received + pd.to_timedelta(response.fillna(0), unit="s"),
        "cleared_at": None, "closed_at": None, "cancelled_at": None,
        "due_at": received + pd.Timedelta(seconds=420), "units_dispatched": 1, "calls": 1, "casualties_injured": 0,
        "casualties_dead": 0, "response_promise_seconds": 420, "processing_seconds": 60.0,
        "response_seconds": response, "late": (response > 420).fillna(False), "updated_at": received})
    return frame


def percentiles(values: pd.DataFrame, key: str, value: str) -> pd.DataFrame:
    """count, p50 and p90 of `value` per `key` with pandas (numpy's linear interpolation)."""
    grouped = values.groupby(key, sort=True)[value]
    frame = grouped.count().rename("count").to_frame()
    for name, q in (("p50", 0.5), ("p90", 0.9)):
        frame[name] = grouped.quantile(q).round(1)
    return frame.reset_index()


def in_pandas(connection, start, by_kecamatan: bool) -> pd.DataFrame:
    """Read the slice's values and let pandas interpolate."""
    key = [FCT.c.kecamatan_code] if by_kecamatan else []
    rows = connection.execute(select(*key, FCT.c.response_seconds)
                              .where(FCT.c.received_day >= start, FCT.c.response_seconds.is_not(None))).all()
    values = pd.DataFrame(rows, columns=[*(["code"] if by_kecamatan else []), "seconds"])
    if not by_kecamatan:
        values["code"] = ""
    return percentiles(values, "code", "seconds")


def in_windows(connection, start, by_kecamatan: bool) -> pd.DataFrame:
    """What data/incidents/queries.py does: rank in the database, interpolate the few rows here."""
    key = FCT.c.kecamatan_code if by_kecamatan else literal("")
    return percentiles_in_sql(connection, key, FCT.c.response_seconds,
                              [FCT.c.received_day >= start, FCT.c.response_seconds.is_not(None)])


def timed(function, *args, repeat: int = 5) -> tuple[float, object]:
    best, answer = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        answer = function(*args)
        best = min(best, time.perf_counter() - started)
    return best, answer


def measure(name: str, warehouse_url: str, frame: pd.DataFrame, days: int) -> None:
    databases = Databases(make_engine(warehouse_url.replace("_w", "_t") if "postgresql" in warehouse_url
                                      else warehouse_url.replace("w.db", "t.db")), make_engine(warehouse_url))
    migrate.upgrade(databases)
    with databases.warehouse.begin() as connection:
        replace_rows(connection, FCT, "incident_number", frame, emptied=True)
        if name == "postgresql":
            connection.exec_driver_sql("ANALYZE fct_incidents")
    start = (datetime.now(timezone.utc) - timedelta(days=days)).date()
    with databases.warehouse.connect() as connection:
        for by in (False, True):
            pandas_seconds, pandas_answer = timed(in_pandas, connection, start, by)
            window_seconds, window_answer = timed(in_windows, connection, start, by)
            pd.testing.assert_frame_equal(pandas_answer.reset_index(drop=True), window_answer, check_dtype=False,
                                          atol=0.11)
            values = int(pandas_answer["count"].sum())
            print(f"{name:10} {'by kecamatan' if by else 'city-wide':12} {values:7d} values: "
                  f"pandas {pandas_seconds * 1000:7.1f} ms, window functions {window_seconds * 1000:7.1f} ms")
    databases.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=200_000)
    parser.add_argument("--days", type=int, default=30)
    options = parser.parse_args()
    frame = facts(options.incidents, random.Random(1))
    with tempfile.TemporaryDirectory() as folder:
        measure("sqlite", f"sqlite:///{folder}/w.db", frame, options.days)
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    tag = uuid.uuid4().hex[:8]
    names = [f"pantau_bench_t_{tag}", f"pantau_bench_w_{tag}"]
    with admin.connect() as connection:
        for database in names:
            connection.execute(text(f'CREATE DATABASE "{database}"'))
    try:
        measure("postgresql", make_url(POSTGRES_ADMIN_URL).set(database=names[1]).render_as_string(False), frame,
                options.days)
    finally:
        with admin.connect() as connection:
            for database in names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
