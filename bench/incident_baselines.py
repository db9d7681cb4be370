"""The baselines of the Analisis 112 page (bench/floor.py says what the two are): its eight charts
answered from the transactional tables as a BI tool would (`IncidentSqlBaseline`) and from the
incident facts in DuckDB (`IncidentDuckDbBaseline`), period only, as the page asks.

The questions, each one query per chart (data/incidents/queries.py gives Pantau's answers):
- response P50/P90 (seconds from the first call to the first unit on scene) per lead agency,
  kecamatan, category and hour of the city's day;
- the heat map: incidents per cell of 1/500 degree;
- the 7-minute promise per day: met, breached (late, or no unit yet and due by `at`), pending;
- calls and prank calls per day;
- busy seconds per agency (dispatches cut to the period up to `at`) and units per agency.

The transactional side has no lead agency column: a BI tool reads it from the category's unit list
(its first unit's agency), as the existing 112 baseline did; no city day or hour either: it works
them out from `received_at` + 7 hours (WIB has no daylight saving).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime, time as clock_time, timedelta, timezone

import pandas as pd
from sqlalchemy import text

from core.clock import CITY_OFFSET
from data.incidents.queries import PRANK, IncidentFilters

DIMENSIONS = ("agency", "kecamatan", "category", "hour")
CELLS = 500  # data/incidents/tables.HEAT_CELLS_PER_DEGREE


class IncidentBaseline(ABC):
    name = ""

    def analysis(self, filters: IncidentFilters, at: datetime) -> dict:
        """Everything the Analisis 112 callback shows, as numbers."""
        return {"response": {dimension: self.response(filters, dimension) for dimension in DIMENSIONS},
                "cells": self.cells(filters), "compliance": self.compliance(filters, at),
                "prank": self.prank(filters), "utilisation": self.utilisation(filters, at)}

    @abstractmethod
    def response(self, filters: IncidentFilters, dimension: str) -> pd.DataFrame:
        """columns code, count, p50, p90 (seconds), by code."""

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
               "hour": self._hour("i.received_at")}[dimension]
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

    # --- SQL pieces ------------------------------------------------------------------------------

    @property
    def _lead(self) -> str:
        """The category's first unit's agency ("DPKP:fire_engine DINKES:ambulance" -> DPKP)."""
        return ("split_part(c.units, ':', 1)" if self.postgres else "substr(c.units, 1, instr(c.units, ':') - 1)")

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

    def _read(self, sql: str, filters: IncidentFilters, **values) -> pd.DataFrame:
        start, end = _received_between(filters)
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
               "hour": "received_hour"}[dimension]
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

