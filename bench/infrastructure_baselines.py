"""The baselines of the infrastructure figures (bench/floor.py says what the two are): the SLA report,
the SLA per contract, availability per kind and per kelurahan per month, the blind-spot map, the
current faults, and the domain's own parts of the pages that show every domain (its KPI cards,
landing-page section and wall panels: the devices per kind and state now, the longest outages a
device caused itself, the newest state changes besides the figures above), answered from the state
changes themselves, as a BI tool would
(`InfraSqlBaseline`: `infra_events` joined to `infra_devices` and `infra_contracts`) and from the
facts in DuckDB (`InfraDuckDbBaseline`: `fct_infra_events`, `fct_infra_outages`,
`fct_infra_devices`).

Both count an event's seconds inside each window (the period, or each WIB month of it) up to
`until` (an open event counts to it): up = UP and PENDING, failed = DOWN and NO_VIDEO, excluded =
UNREACHABLE, MAINTENANCE and UNKNOWN (modules/infrastructure/kinds.py), one GROUP BY per figure,
the windows a calendar in the query (a VALUES list, as a BI tool's date table). Pantau answers from
its daily and monthly aggregates (data/infrastructure/queries.py).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import date, datetime, time as clock_time, timedelta, timezone

import pandas as pd
from sqlalchemy import text

from callbacks._infrastructure_kpis import LONGEST_SHOWN
from callbacks._infrastructure_today import LATEST
from core.clock import CITY_OFFSET
from layouts.components.wall_infrastructure_panels import TICKER_SHOWN
from modules.infrastructure.kinds import (EXCLUDED_STATES, FAILED_STATES, NO_VIDEO, DOWN, PENDING, UNKNOWN,
                                         UNREACHABLE, UP)

UP_STATES = (UP, PENDING)
OUTAGE_STATES = (DOWN, NO_VIDEO, UNREACHABLE)  # what fct_infra_outages holds
SECONDS = ("up_seconds", "failed_seconds", "excluded_seconds")


def _sql_list(values) -> str:
    return "(" + ", ".join(f"'{value}'" for value in values) + ")"


class InfraBaseline(ABC):
    """The figures' questions, built from one primitive: the seconds per state class in windows."""

    name = ""

    def sla_report(self, start: date, end: date, until: datetime | None = None) -> pd.DataFrame:
        """Per camera under contract: contract_code, device_code and its seconds over the period."""
        return self.seconds(["contract_code", "device_code"], self.windows(start, end, until, monthly=False),
                            cameras=True, contracted=True, per_device=False)

    def sla_by_contract(self, start: date, end: date, until: datetime | None = None) -> pd.DataFrame:
        """Per contract: devices measured, their seconds, devices below the objective on their own."""
        return self.contracts(self.windows(start, end, until, monthly=False))

    def availability_per_month(self, start: date, end: date, by: str, until: datetime | None = None) -> pd.DataFrame:
        """Per `by` (kind, kelurahan_code) and month: the seconds."""
        return self.seconds([by, "month"], self.windows(start, end, until, monthly=True), per_device=False)

    def blind_spots(self, start: date, end: date, until: datetime | None = None) -> pd.DataFrame:
        """Per kelurahan: the cameras measured and their seconds."""
        return self.seconds(["kelurahan_code"], self.windows(start, end, until, monthly=False), cameras=True,
                            per_device=True)

    def kpi_cards(self, start: date, end: date, at: datetime | None = None, until: datetime | None = None) -> dict:
        """The KPI cards (callbacks/_infrastructure_kpis.py): the cameras' availability (the
        blind-spot map's seconds summed) and their contracts' objectives, the longest outages a
        device caused itself (an open one to `at`), the contracts with an objective, how many are
        below it and their vendors."""
        period = self.windows(start, end, until, monthly=False)
        cameras = self.blind_spots(start, end, until)[list(SECONDS)].sum()
        contracts = self.contracts(period).dropna(subset=["slo_percent"])
        percents = [availability(up, failed) for up, failed in zip(contracts["up_seconds"], contracts["failed_seconds"])]
        below = contracts[[p is not None and p < slo for p, slo in zip(percents, contracts["slo_percent"])]]
        return {"availability_pct": availability(cameras["up_seconds"], cameras["failed_seconds"]),
                "objectives": sorted(set(self.contracts(period, cameras=True)["slo_percent"].dropna())),
                "longest": self.longest_outages(start, end, at or datetime.now(timezone.utc), LONGEST_SHOWN),
                "contracts": len(contracts), "below": len(below), "vendors_below": sorted(set(below["vendor"].dropna()))}

    def today(self) -> dict:
        """The landing page's section (callbacks/_infrastructure_today.py): the active devices up,
        failed and hidden now, and the oldest LATEST faults."""
        count = self.device_states().groupby("state")["devices"].sum()
        return {"up": int(count.get(UP, 0)), "failed": int(sum(count.get(state, 0) for state in FAILED_STATES)),
                "hidden": int(count.get(UNREACHABLE, 0)), "faults": self._oldest(self.current_faults()).head(LATEST)}

    def wall(self, today: date, until: datetime | None = None) -> dict:
        """The wall panels (layouts/components/wall_infrastructure_panels.py): the devices per kind and
        state now, every current fault, the blind-spot map this month, the ticker's newest changes."""
        return {"kinds": self.device_states(), "faults": self._oldest(self.current_faults()),
                "blind_spots": self.blind_spots(today.replace(day=1), today, until),
                "newest": self.newest_events(TICKER_SHOWN)}

    @staticmethod
    def _oldest(faults: pd.DataFrame) -> pd.DataFrame:
        return faults.sort_values(["since", "root_cause_code"], ignore_index=True)

    @staticmethod
    def windows(start: date, end: date, until: datetime | None, monthly: bool) -> list[tuple[date, datetime, datetime]]:
        """(month or period start, from, to) as naive UTC, WIB days start..end, none past `until`."""
        upto = (until or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(tzinfo=None)
        found, first = [], start
        while first <= end:
            following = (first.replace(day=28) + timedelta(days=4)).replace(day=1) if monthly else end + timedelta(1)
            last = min(following - timedelta(days=1), end)
            window_from, window_to = _utc(first), min(_utc(last + timedelta(days=1)), upto)
            if window_from < window_to:
                found.append((first.replace(day=1) if monthly else start, window_from, window_to))
            first = last + timedelta(days=1)
        return found

    @abstractmethod
    def seconds(self, keys: list[str], windows, cameras: bool = False, contracted: bool = False,
                per_device: bool = False) -> pd.DataFrame:
        """Seconds per `keys` (device dimensions, or "month": the window's) over the windows; with
        `per_device`, first per device (only devices with time counted), then summed per keys with a
        `cameras` count."""

    @abstractmethod
    def contracts(self, windows, cameras: bool = False) -> pd.DataFrame:
        """sla_by_contract's answer (its vendor and slo_percent too), of the cameras alone with `cameras`."""

    @abstractmethod
    def current_faults(self) -> pd.DataFrame:
        """Per root cause of the open outages: devices, hidden (not the root), since."""

    @abstractmethod
    def device_states(self) -> pd.DataFrame:
        """Active devices per kind and state now (their open event's; UNKNOWN without one): kind,
        state, devices."""

    @abstractmethod
    def longest_outages(self, start: date, end: date, at: datetime, limit: int) -> pd.DataFrame:
        """The `limit` longest outages started in WIB days start..end that the device caused itself
        (root cause = the device), an open one counted to `at`: device_code, duration_seconds."""

    @abstractmethod
    def newest_events(self, limit: int) -> pd.DataFrame:
        """The newest state changes, newest first: event_id, device_code, state, started_at."""


# --- SQL shared by both (each dialect's pieces differ) ------------------------------------------------

class _EventSql(InfraBaseline):
    events = devices = outages = ""
    dims = {}  # key -> the column expression
    event_rows, event_key, device_rows, device_key = "", "", "", ""  # the bare tables and their keys

    def seconds(self, keys, windows, cameras=False, contracted=False, per_device=False):
        where = [*([f"{self.dims['kind']} = 'camera'"] if cameras else []),
                 *([f"{self.dims['contract_code']} <> ''"] if contracted else [])]
        inner_keys = (["device_code"] if per_device else []) + keys
        inner = self._window_sums(inner_keys, windows, where)
        if not per_device:
            return self._read(inner)
        total = " + ".join(SECONDS)
        sums = ", ".join(f"sum({name}) AS {name}" for name in SECONDS)
        listed = ", ".join(keys)
        return self._read(f"SELECT {listed}, count(*) AS cameras, {sums} FROM ({inner}) per_device "
                          f"WHERE {total} > 0 GROUP BY {listed}")

    def contracts(self, windows, cameras=False):
        inner = self._window_sums(["contract_code", "vendor", "device_code", "slo_percent"], windows,
                                  [f"{self.dims['contract_code']} <> ''",
                                   *([f"{self.dims['kind']} = 'camera'"] if cameras else [])])
        sums = ", ".join(f"sum({name}) AS {name}" for name in SECONDS)
        below = ("sum(CASE WHEN slo_percent IS NOT NULL AND up_seconds + failed_seconds > 0 AND "
                 "100.0 * up_seconds < slo_percent * (up_seconds + failed_seconds) THEN 1 ELSE 0 END)")
        return self._read(f"SELECT contract_code, vendor, max(slo_percent) AS slo_percent, count(*) AS devices, "
                          f"{sums}, {below} AS devices_below_slo FROM ({inner}) per_device "
                          f"WHERE {' + '.join(SECONDS)} > 0 GROUP BY contract_code, vendor")

    def current_faults(self):
        root = "coalesce(root_cause_code, device_code)"
        return self._read(f"SELECT {root} AS root_cause_code, count(*) AS devices, sum(CASE WHEN device_code = "
                          f"{root} THEN 0 ELSE 1 END) AS hidden, min(started_at) AS since FROM {self.outages} "
                          f"WHERE ended_at IS NULL{self.outage_condition} GROUP BY 1")

    outage_condition = ""

    def device_states(self):
        return self._read(f"SELECT d.kind AS kind, coalesce(e.state, '{UNKNOWN}') AS state, count(*) AS devices "
                          f"FROM {self.device_rows} d LEFT JOIN {self.event_rows} e ON e.device_code = "
                          f"d.{self.device_key} AND e.ended_at IS NULL WHERE d.active GROUP BY 1, 2")

    def longest_outages(self, start, end, at, limit):
        moment = self._moment(at.astimezone(timezone.utc).replace(tzinfo=None))
        duration = self._between("started_at", f"coalesce(ended_at, {moment})")
        return self._read(f"SELECT device_code, {duration} AS duration_seconds FROM {self.outages} WHERE "
                          f"root_cause_code = device_code AND started_at >= {self._moment(_utc(start))} AND "
                          f"started_at < {self._moment(_utc(end + timedelta(days=1)))}{self.outage_condition} "
                          f"ORDER BY {self._exact_length('duration_seconds')} DESC, {self.event_key} DESC "
                          f"LIMIT {int(limit)}")  # ties: newest first, as Pantau's

    def newest_events(self, limit):
        return self._read(f"SELECT {self.event_key} AS event_id, device_code, state, started_at FROM "
                          f"{self.event_rows} ORDER BY started_at DESC, {self.event_key} DESC LIMIT {int(limit)}")

    def _window_sums(self, keys: list[str], windows, where: list[str]) -> str:
        calendar = ", ".join(f"({self._day(month)}, {self._moment(start)}, {self._moment(end)})"
                             for month, start, end in windows)
        overlap = self._between(self._greatest("e.started_at", "w.window_from"),
                                self._least("coalesce(e.ended_at, w.window_to)", "w.window_to"))
        sums = ", ".join(f"coalesce(sum(CASE WHEN e.state IN {_sql_list(states)} THEN {overlap} END), 0) AS {name}"
                         for name, states in zip(SECONDS, (UP_STATES, FAILED_STATES, EXCLUDED_STATES)))
        columns = [f"{'w.month' if key == 'month' else self.dims[key]} AS {key}" for key in keys]
        grouped = ", ".join('w.month' if key == 'month' else self.dims[key] for key in keys)
        conditions = " AND ".join(["e.started_at < w.window_to", "coalesce(e.ended_at, w.window_to) > w.window_from",
                                   *where])
        return (f"WITH w(month, window_from, window_to) AS (VALUES {calendar}) "
                f"SELECT {', '.join(columns)}, {sums} FROM {self.events} JOIN w ON {conditions} GROUP BY {grouped}")

    # dialect pieces
    def _day(self, day: date) -> str:
        return f"DATE '{day.isoformat()}'"

    def _exact_length(self, column: str) -> str:
        """How ORDER BY names a length, the `column` of `_between`: as the second output column,
        which PostgreSQL and DuckDB subtract exactly."""
        return "2"

    def _moment(self, moment: datetime) -> str:
        return f"TIMESTAMP '{moment.isoformat(' ', 'microseconds')}'"

    def _between(self, first: str, last: str) -> str:
        return f"extract(epoch FROM {last} - {first})"

    def _greatest(self, *values: str) -> str:
        return f"greatest({', '.join(values)})"

    def _least(self, *values: str) -> str:
        return f"least({', '.join(values)})"

    @abstractmethod
    def _read(self, sql: str) -> pd.DataFrame:
        """The query's rows as a frame."""


class InfraSqlBaseline(_EventSql):
    """On the transactional tables: each event joined to its device (and contract), the seconds
    worked out in the query."""

    name = "SQL GROUP BY"
    events = ("infra_events e JOIN infra_devices d ON d.code = e.device_code "
              "LEFT JOIN infra_contracts c ON c.code = d.contract_code")
    outages = event_rows = "infra_events"
    outage_condition = f" AND state IN {_sql_list(OUTAGE_STATES)}"  # the events that are outages
    event_key, device_rows, device_key = "id", "infra_devices", "code"
    dims = {"device_code": "d.code", "kind": "d.kind", "kelurahan_code": "coalesce(d.kelurahan_code, '')",
            "contract_code": "coalesce(d.contract_code, '')", "slo_percent": "c.slo_percent", "vendor": "c.vendor"}

    def __init__(self, engine):
        self.engine = engine
        self.sqlite = engine.dialect.name == "sqlite"

    def _day(self, day):
        return f"'{day.isoformat()}'" if self.sqlite else super()._day(day)

    def _moment(self, moment):
        return f"'{moment.isoformat(' ', 'microseconds')}'" if self.sqlite else super()._moment(moment)

    def _between(self, first, last):
        return f"(julianday({last}) - julianday({first})) * 86400.0" if self.sqlite else super()._between(first, last)

    def _exact_length(self, column):
        # julianday's day fractions leave about 0.03 ms of noise on a length: two equal lengths
        # (the probes' whole seconds) would be ordered by that noise instead of newest first
        return f"round({column}, 3)" if self.sqlite else super()._exact_length(column)

    def _greatest(self, *values):
        return f"max({', '.join(values)})" if self.sqlite else super()._greatest(*values)

    def _least(self, *values):
        return f"min({', '.join(values)})" if self.sqlite else super()._least(*values)

    def _read(self, sql):
        with self.engine.connect() as connection:
            result = connection.execute(text(sql))
            frame = pd.DataFrame(result.all(), columns=list(result.keys()))
        return _typed(frame)


class InfraDuckDbBaseline(_EventSql):
    """Over the facts in DuckDB: the events carry their device's dimensions (the ETL copies them)."""

    name = "DuckDB"
    events = "fct_infra_events e LEFT JOIN fct_infra_devices d USING (device_code)"
    outages = "fct_infra_outages"
    event_rows, event_key, device_rows, device_key = "fct_infra_events", "event_id", "fct_infra_devices", "device_code"
    dims = {"device_code": "device_code", "kind": "e.kind", "kelurahan_code": "e.kelurahan_code",
            "contract_code": "e.contract_code", "slo_percent": "d.slo_percent", "vendor": "e.vendor"}

    def __init__(self, warehouse_engine):
        from bench.floor import load_tables
        from data.infrastructure.tables import FctInfraDevice, FctInfraEvent, FctInfraOutage

        self.connection = load_tables(warehouse_engine, {
            "fct_infra_events": FctInfraEvent.__table__, "fct_infra_outages": FctInfraOutage.__table__,
            "fct_infra_devices": FctInfraDevice.__table__})

    def close(self) -> None:
        self.connection.close()

    def _read(self, sql):
        return _typed(self.connection.execute(sql).df())


def availability(up: float, failed: float) -> float | None:
    """data/infrastructure/queries._availability: up / (up + failed) in percent to 3 decimals."""
    return round(100.0 * up / (up + failed), 3) if up + failed > 0 else None


def _utc(day: date) -> datetime:
    """A WIB day's midnight as naive UTC (the tables keep naive UTC)."""
    return datetime.combine(day, clock_time()) - CITY_OFFSET


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for name in SECONDS:
        if name in frame:
            frame[name] = frame[name].astype(float)
    if "month" in frame:
        frame["month"] = pd.to_datetime(frame["month"]).dt.date
    if "since" in frame:
        frame["since"] = pd.to_datetime(frame["since"], utc=True)
    return frame
