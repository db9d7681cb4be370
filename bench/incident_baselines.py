"""The baselines of the Command Center 112 figures (bench/floor.py says what the two are): the
Analisis 112 page's eight charts and the domain's own parts of the pages that show every domain
(its KPI cards, its landing-page section, its wall panels), answered from the transactional tables
as a BI tool would (`IncidentSqlBaseline`) and from the incident facts in DuckDB
(`IncidentDuckDbBaseline`).

The questions, each one query per chart (data/incidents/queries.py gives Pantau's answers):
- response P50/P90 (seconds from the first call to the first unit on scene) per lead agency,
  kecamatan, category and hour of the city's day;
- the heat map: incidents per cell of 1/500 degree;
- the 7-minute promise per day: met, breached (late, or no unit yet and due by `at`), pending;
- calls and prank calls per day;
- busy seconds per agency (dispatches cut to the period up to `at`) and units per agency;
- the KPI cards: incidents per category, response P50/P90 over the period, the share within the
  promise, calls and the prank share;
- the live picture (the landing-page section and the wall): the active incidents with their breach
  at `at`, the units' statuses, today's incidents against the promise, the newest incidents. The SQL
  baseline reads the module's tables as Pantau's desk does; DuckDB the facts, as of the last ETL.
  Neither answers the units' positions on the wall's map nor the stage in force (a supervisor's
  setting): no fact carries them.

The transactional side has no lead agency column: a BI tool reads it from the category's unit list
(its first unit's agency), as the existing 112 baseline did; no city day or hour either: it works
them out from `received_at` + 7 hours (WIB has no daylight saving).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime, time as clock_time, timedelta, timezone

import numpy as np
import pandas as pd
from sqlalchemy import text

from callbacks._incident_today import LATEST
from core.clock import CITY_OFFSET, city_today
from data.incidents.queries import PRANK, IncidentFilters
from data.incidents.tables import HEAT_CELLS_PER_DEGREE as CELLS
from layouts.components.wall_incident_panels import TICKER_SHOWN as NEWEST
from modules.incidents.workflow import ACTIVE_INCIDENT_STATUSES

DIMENSIONS = ("agency", "kecamatan", "category", "hour")
ACTIVE = "(" + ", ".join(f"'{status}'" for status in ACTIVE_INCIDENT_STATUSES) + ")"


def units_available(units: pd.DataFrame) -> int:
    """How many units are free to send now (the landing section's count)."""
    return int((units["status"] == "available").sum())


def units_per_agency(units: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """Per agency: (units available, units in service), as the wall's unit panel counts them."""
    per_agency = (units.assign(available=units["status"] == "available",
                               in_service=units["status"] != "out_of_service")
                  .groupby("agency_code")[["available", "in_service"]].sum())
    return {code: (int(row.available), int(row.in_service)) for code, row in per_agency.iterrows()}


class IncidentBaseline(ABC):
    name = ""

    def analysis(self, filters: IncidentFilters, at: datetime) -> dict:
        """Everything the Analisis 112 callback shows, as numbers."""
        return {"response": {dimension: self.response(filters, dimension) for dimension in DIMENSIONS},
                "cells": self.cells(filters), "compliance": self.compliance(filters, at),
                "prank": self.prank(filters), "utilisation": self.utilisation(filters, at)}

    def kpi_cards(self, filters: IncidentFilters, at: datetime) -> dict:
        """The 112 KPI cards (callbacks/_incident_kpis.py): incidents and per category, response
        P50/P90, the share within the promise, calls and the prank share."""
        response, by_category = self.response(filters, "all"), self.incidents(filters)
        promise, calls = self.compliance(filters, at), self.prank(filters)
        met, breached = int(promise["met"].sum()), int(promise["breached"].sum())
        return {"incidents": int(by_category["incidents"].sum()),
                "by_category": dict(zip(by_category["code"], by_category["incidents"].astype(int))),
                "p50": _first(response, "p50"), "p90": _first(response, "p90"),
                "within_promise_pct": _percent(met, met + breached), "calls": int(calls["calls"].sum()),
                "prank_pct": _percent(calls["prank"].sum(), calls["calls"].sum())}

    def today(self, at: datetime) -> dict:
        """The landing page's 112 section as the desk roles and the pimpinan see it
        (callbacks/_incident_today._live): active incidents, those late with no unit, met today,
        units available, the first LATEST active incidents."""
        active, units = self.active(at), self.units()
        return {"active": len(active), "late": int(active["breach"].sum()), "met": self.promise_today(at)["met"],
                "available": units_available(units), "latest": active["number"].head(LATEST).tolist()}

    def wall(self, at: datetime) -> dict:
        """The 112 wall panels' numbers (layouts/components/wall_incident_panels.py): the map's
        incidents, which also give the active per priority and the stage's load; units available
        and in service per agency (the stage's agencies with none available); the promise today;
        the ticker's newest incidents."""
        active, units = self.active(at), self.units()
        return {"map": live_points(active), "newest": self.newest(NEWEST)["number"].tolist(),
                "units": units_per_agency(units),
                **{f"promise {name}": value for name, value in self.promise_today(at).items()}}

    def promise_today(self, at: datetime) -> dict:
        """Today's incidents against the promise (data/incident_desk.promise_today): met, breached,
        P50/P90 of the responses so far."""
        today = self.today_incidents(at)
        responses = today["response_seconds"].dropna().astype(float)
        breach = today["breach"].astype(bool)
        found = {"met": int((today["response_seconds"].notna() & ~breach).sum()), "breached": int(breach.sum()),
                 "p50_seconds": None, "p90_seconds": None}
        if len(responses):
            found["p50_seconds"], found["p90_seconds"] = (float(v) for v in np.percentile(responses, [50, 90]))
        return found

    @abstractmethod
    def response(self, filters: IncidentFilters, dimension: str) -> pd.DataFrame:
        """columns code, count, p50, p90 (seconds), by code ("all": one row)."""

    @abstractmethod
    def incidents(self, filters: IncidentFilters) -> pd.DataFrame:
        """columns code (the category), incidents."""

    @abstractmethod
    def active(self, at: datetime) -> pd.DataFrame:
        """The active incidents now: number, priority, status, received_at, lat, lon, breach (at
        `at`), most urgent first (priority, then received)."""

    @abstractmethod
    def units(self) -> pd.DataFrame:
        """Every unit: code, agency_code, status."""

    @abstractmethod
    def today_incidents(self, at: datetime) -> pd.DataFrame:
        """The city day's incidents of `at` not cancelled: response_seconds (None without a unit on
        scene), breach (at `at`)."""

    @abstractmethod
    def newest(self, limit: int) -> pd.DataFrame:
        """The newest incidents, any status: number, received_at, newest first."""

    @abstractmethod
    def cells(self, filters: IncidentFilters) -> pd.DataFrame:
        """columns lat, lon (cell numbers), incidents."""

    @abstractmethod
    def compliance(self, filters: IncidentFilters, at: datetime) -> pd.DataFrame:
        """columns day, met, breached, pending (days with incidents)."""

    @abstractmethod
    def prank(self, filters: IncidentFilters) -> pd.DataFrame:
        """columns day, calls, prank (days with calls)."""

    @abstractmethod
    def utilisation(self, filters: IncidentFilters, at: datetime) -> pd.DataFrame:
        """columns agency_code, units, busy_seconds."""


# --- the transactional tables ------------------------------------------------------------------

class IncidentSqlBaseline(IncidentBaseline):
    """One query per chart on `incidents`, `incident_calls`, `incident_dispatches` and
    `incident_units`, with the received time as a range so that `ix_incidents_received` serves it.
    SQLite has no percentile function: the chart's values are read and pandas works the quantiles
    out (as BI tools do for such a database); PostgreSQL has `percentile_cont`."""

    name = "SQL GROUP BY"

    def __init__(self, engine):
        self.engine = engine
        self.postgres = engine.dialect.name == "postgresql"

    def response(self, filters, dimension):
        key = {"agency": self._lead, "kecamatan": "coalesce(i.kecamatan_code, '')", "category": "i.category_code",
               "hour": self._hour("i.received_at"), "all": "'all'"}[dimension]
        seconds = self._seconds("i.received_at", "i.first_on_scene_at")
        where = "i.received_at >= :start and i.received_at < :end and i.first_on_scene_at is not null"
        join = "incidents i join incident_categories c on c.code = i.category_code"
        if self.postgres:
            return self._read(f"select {key} as code, count(*) as count, percentile_cont(0.5) within group "
                              f"(order by {seconds}) as p50, percentile_cont(0.9) within group (order by {seconds}) "
                              f"as p90 from {join} where {where} group by 1 order by 1", filters)
        values = self._read(f"select {key} as code, {seconds} as seconds from {join} where {where}", filters)
        values["seconds"] = values["seconds"].astype(float)
        grouped = values.groupby("code")["seconds"]
        return pd.DataFrame({"count": grouped.size(), "p50": grouped.quantile(0.5),
                             "p90": grouped.quantile(0.9)}).reset_index()

    def cells(self, filters):
        return self._read(f"select cast(lat * {CELLS} as integer) as lat, cast(lon * {CELLS} as integer) as lon, "
                          "count(*) as incidents from incidents where received_at >= :start and received_at < :end "
                          "and lat is not null and lon is not null group by 1, 2", filters)

    def compliance(self, filters, at):
        response, promise = self._seconds("received_at", "first_on_scene_at"), "response_promise_seconds"
        late = f"(first_on_scene_at is not null and {response} > {promise})"
        due = f"{self._seconds('received_at', ':at')} >= {promise}"  # received + the promise <= at
        met = f"first_on_scene_at is not null and not {late}"
        breached = f"{late} or (first_on_scene_at is null and {due})"
        return self._read(f"select {self._day('received_at')} as day, "
                          f"sum(case when {met} then 1 else 0 end) as met, "
                          f"sum(case when {breached} then 1 else 0 end) as breached, "
                          f"sum(case when not ({met}) and not ({breached}) then 1 else 0 end) as pending "
                          "from incidents where received_at >= :start and received_at < :end "
                          "and cancelled_at is null group by 1", filters, at=_naive(at))

    def prank(self, filters):
        return self._read(f"select {self._day('received_at')} as day, count(*) as calls, "
                          f"sum(case when outcome = '{PRANK}' then 1 else 0 end) as prank from incident_calls "
                          "where received_at >= :start and received_at < :end group by 1", filters)

    def utilisation(self, filters, at):
        start, end = _window(filters, at)
        ended = "coalesce(cleared_at, cancelled_at)"
        overlap = (self._seconds(f"{self._greatest}(dispatched_at, :window_start)",
                                 f"{self._least}(coalesce({ended}, :window_end), :window_end)"))
        busy = self._read(f"select agency_code, sum({overlap}) as busy_seconds from incident_dispatches "
                          f"where dispatched_at < :window_end and ({ended} is null or {ended} > :window_start) "
                          "group by agency_code", filters, window_start=start, window_end=end)
        units = self._read("select agency_code, count(*) as units from incident_units group by agency_code", filters)
        return units.merge(busy, on="agency_code", how="outer").fillna({"units": 0, "busy_seconds": 0.0})

    def incidents(self, filters):
        return self._read("select category_code as code, count(*) as incidents from incidents "
                          "where received_at >= :start and received_at < :end group by 1", filters)

    def active(self, at):
        return self._read(f"select number, priority, status, received_at, lat, lon, {self._breach} as breach "
                          f"from incidents where status in {ACTIVE} order by priority, received_at, number",
                          at=_naive(at))

    def units(self):
        return self._read("select code, agency_code, status from incident_units order by code")

    def today_incidents(self, at):
        day = city_today(at)
        return self._read(f"select {self._seconds('received_at', 'first_on_scene_at')} as response_seconds, "
                          f"{self._breach} as breach from incidents where status <> 'cancelled' "
                          "and received_at >= :start", IncidentFilters(day, day), at=_naive(at))

    def newest(self, limit):
        return self._read("select number, received_at from incidents order by received_at desc, id desc "
                          "limit :limit", limit=limit)

    # --- SQL pieces ------------------------------------------------------------------------------

    @property
    def _lead(self) -> str:
        """The category's first unit's agency ("DPKP:fire_engine DINKES:ambulance" -> DPKP)."""
        return ("split_part(c.units, ':', 1)" if self.postgres else "substr(c.units, 1, instr(c.units, ':') - 1)")

    @property
    def _breach(self) -> str:
        """modules/incidents/intervals.is_breached: late on scene, or active with none there past due."""
        promise = "response_promise_seconds"
        return (f"case when first_on_scene_at is not null then "
                f"{self._seconds('received_at', 'first_on_scene_at')} > {promise} "
                f"else status in {ACTIVE} and {self._seconds('received_at', ':at')} > {promise} end")

    @property
    def _greatest(self) -> str:
        return "greatest" if self.postgres else "max"

    @property
    def _least(self) -> str:
        return "least" if self.postgres else "min"

    def _seconds(self, first: str, last: str) -> str:
        """Seconds between two moments to the millisecond, as the facts keep them: SQLite's julianday
        arithmetic is a float of days, so 420 s can come out a hair over the 7-minute promise."""
        if self.postgres:
            return f"round(extract(epoch from ({last}) - ({first})), 3)"
        return f"round((julianday({last}) - julianday({first})) * 86400.0, 3)"

    def _day(self, column: str) -> str:
        return f"cast({column} + interval '7 hours' as date)" if self.postgres else f"date({column}, '+7 hours')"

    def _hour(self, column: str) -> str:
        if self.postgres:
            return f"cast(extract(hour from {column} + interval '7 hours') as integer)"
        return f"cast(strftime('%H', {column}, '+7 hours') as integer)"

    def _read(self, sql: str, filters: IncidentFilters | None = None, **values) -> pd.DataFrame:
        start, end = _received_between(filters) if filters else (None, None)
        with self.engine.connect() as connection:
            result = connection.execute(text(sql), {"start": start, "end": end, **values})
            frame = pd.DataFrame(result.all(), columns=list(result.keys()))
        if "day" in frame:
            frame["day"] = pd.to_datetime(frame["day"]).dt.date
        return frame


# --- DuckDB over the facts -----------------------------------------------------------------------

class IncidentDuckDbBaseline(IncidentBaseline):
    """The same questions over fct_incidents, fct_incident_calls, fct_incident_dispatches and
    fct_incident_units in an in-memory DuckDB. The heat cell is cut as the warehouse cuts it
    (`CAST(x AS INTEGER)`: SQLite truncates toward zero, PostgreSQL rounds half to even)."""

    name = "DuckDB"

    def __init__(self, warehouse_engine):
        from bench.floor import load_tables
        from data.incidents.tables import FctIncident, FctIncidentCall, FctIncidentDispatch, FctIncidentUnit

        self.connection = load_tables(warehouse_engine, {
            "fct": FctIncident.__table__, "calls": FctIncidentCall.__table__,
            "dispatches": FctIncidentDispatch.__table__, "units": FctIncidentUnit.__table__})
        self.truncates = warehouse_engine.dialect.name == "sqlite"

    def close(self) -> None:
        self.connection.close()

    def response(self, filters, dimension):
        key = {"agency": "lead_agency_code", "kecamatan": "kecamatan_code", "category": "category_code",
               "hour": "received_hour", "all": "'all'"}[dimension]
        return self._read(f"SELECT {key} AS code, count(*) AS count, quantile_cont(response_seconds, 0.5) AS p50, "
                          "quantile_cont(response_seconds, 0.9) AS p90 FROM fct WHERE received_day BETWEEN ? AND ? "
                          "AND response_seconds IS NOT NULL GROUP BY 1 ORDER BY 1", [filters.start, filters.end])

    def cells(self, filters):
        lat, lon = (self._cell(column) for column in ("lat", "lon"))
        return self._read(f"SELECT {lat} AS lat, {lon} AS lon, count(*) AS incidents FROM fct "
                          "WHERE received_day BETWEEN ? AND ? AND lat IS NOT NULL AND lon IS NOT NULL GROUP BY 1, 2",
                          [filters.start, filters.end])

    def compliance(self, filters, at):
        met = "first_on_scene_at IS NOT NULL AND NOT late"
        breached = "late OR (first_on_scene_at IS NULL AND due_at <= ?)"
        return self._read(f"SELECT received_day AS day, count_if({met}) AS met, count_if({breached}) AS breached, "
                          f"count_if(NOT ({met}) AND NOT ({breached})) AS pending FROM fct "
                          "WHERE received_day BETWEEN ? AND ? AND cancelled_at IS NULL GROUP BY 1",
                          [_naive(at), _naive(at), filters.start, filters.end])

    def prank(self, filters):
        return self._read(f"SELECT received_day AS day, count(*) AS calls, count_if(outcome = '{PRANK}') AS prank "
                          "FROM calls WHERE received_day BETWEEN ? AND ? GROUP BY 1", [filters.start, filters.end])

    def utilisation(self, filters, at):
        start, end = _window(filters, at)
        ended = "coalesce(cleared_at, cancelled_at)"
        busy = self._read(f"SELECT agency_code, sum(epoch(least(coalesce({ended}, $2), $2) - greatest(dispatched_at, "
                          f"$1))) AS busy_seconds FROM dispatches WHERE dispatched_at < $2 AND ({ended} IS NULL OR "
                          f"{ended} > $1) GROUP BY 1", [start, end])
        units = self._read("SELECT agency_code, count(*) AS units FROM units GROUP BY 1", [])
        return units.merge(busy, on="agency_code", how="outer").fillna({"units": 0, "busy_seconds": 0.0})

    def incidents(self, filters):
        return self._read("SELECT category_code AS code, count(*) AS incidents FROM fct "
                          "WHERE received_day BETWEEN ? AND ? GROUP BY 1", [filters.start, filters.end])

    def active(self, at):
        return self._read(f"SELECT incident_number AS number, priority, status, received_at, lat, lon, {self.BREACH} "
                          f"AS breach FROM fct WHERE status IN {ACTIVE} ORDER BY priority, received_at, number",
                          [_naive(at)])

    def units(self):
        return self._read("SELECT unit_code AS code, agency_code, status FROM units ORDER BY 1", [])

    def today_incidents(self, at):
        return self._read(f"SELECT response_seconds, {self.BREACH} AS breach FROM fct "
                          "WHERE received_day = ? AND status <> 'cancelled'", [_naive(at), city_today(at)])

    def newest(self, limit):
        return self._read("SELECT incident_number AS number, received_at FROM fct "
                          "ORDER BY received_at DESC, incident_number DESC LIMIT ?", [limit])

    # the facts' `late` is the response past the promise; `due_at` is received + the promise
    BREACH = f"CASE WHEN first_on_scene_at IS NOT NULL THEN late ELSE status IN {ACTIVE} AND due_at < ? END"

    def _cell(self, column: str) -> str:
        cut = f"trunc({column} * {CELLS})" if self.truncates else f"round_even({column} * {CELLS}, 0)"
        return f"CAST({cut} AS INTEGER)"

    def _read(self, sql: str, values: list) -> pd.DataFrame:
        frame = self.connection.execute(sql, values).df()
        if "day" in frame:
            frame["day"] = pd.to_datetime(frame["day"]).dt.date
        return frame


# --- shared -------------------------------------------------------------------------------------

def _received_between(filters: IncidentFilters) -> tuple[datetime, datetime]:
    """WIB days start..end as a naive UTC range (the tables keep naive UTC)."""
    return (datetime.combine(filters.start, clock_time()) - CITY_OFFSET,
            datetime.combine(filters.end + timedelta(days=1), clock_time()) - CITY_OFFSET)


def _window(filters: IncidentFilters, at: datetime) -> tuple[datetime, datetime]:
    """The period up to `at`, naive UTC (data/incidents/queries._window)."""
    start, end = _received_between(filters)
    return start, min(end, _naive(at))


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def live_points(active: pd.DataFrame) -> list[tuple]:
    """The active incidents as the wall's map and priority panel show them, most urgent first:
    (number, priority, breach, lat, lon), the place to 6 decimals (None when not placed)."""
    place = [None if pd.isna(value) else round(float(value), 6) for value in (*active["lat"], *active["lon"])]
    return list(zip(active["number"], active["priority"].astype(int), active["breach"].astype(bool),
                    place[:len(active)], place[len(active):]))


def _first(frame: pd.DataFrame, column: str) -> float | None:
    return None if frame.empty else float(frame[column].iloc[0])


def _percent(part, whole) -> float | None:
    """data/incidents/queries._percent: to one decimal, None when nothing was measured."""
    return round(100.0 * float(part) / float(whole), 1) if whole else None

