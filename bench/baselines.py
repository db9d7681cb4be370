"""The baselines Pantau's callbacks are compared with: the same questions answered the ways a team
would otherwise build a dashboard. Each method is one request's data work and returns the numbers
the matching callback shows (no figure is built, nothing is encoded: the baselines get that for
free, Pantau's times include it).

- `SqlBaseline`: `GROUP BY` with every filter in SQL on the transactional tables, as a BI tool such
  as Metabase or Superset issues it (one query per chart), on the backend's own database with the
  indexes the transactional schema has (`modules/complaints/models.py`); the SLA outcome and the
  city's day are worked out in the query, as a BI tool's custom column would.
- `DuckDbBaseline`: the physical floor: the same questions over the fact table loaded once
  (outside any timing) into an in-memory DuckDB, an embedded columnar engine.

Both share the shape of the questions (`Baseline`); each answers the primitive reads its own way.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import replace
from datetime import date, datetime, time as clock_time, timedelta, timezone

import pandas as pd
from sqlalchemy import Date, Float, Interval, Numeric, and_, case, cast, func, literal_column, or_, select

from core.clock import CITY_OFFSET
from data.complaints.queries import COUNT_MEASURES, ComplaintFilters, city_today
from modules.complaints.models import Complaint
from modules.complaints.statuses import BREACHED_EVER, OPEN_STATUSES, OVERDUE_NOW

EPOCH = date(1970, 1, 1)  # "every receipt date up to the period's end", as the open queue reads
KEYS = {"kecamatan": "kecamatan_code", "kelurahan": "kelurahan_code", "opd": "opd_code",
        "category": "category_code", "channel": "channel"}


class Baseline(ABC):
    """The callbacks' questions, built from primitive reads the subclasses answer."""

    name = ""

    def __init__(self, districts: dict[str, pd.DataFrame], soon_minutes: int = 30):
        self.districts, self.soon_minutes = districts, soon_minutes

    # --- the callbacks' figures -------------------------------------------------------------------

    def map(self, filters: ComplaintFilters) -> pd.DataFrame:
        level = "kelurahan" if filters.kecamatan_code else "kecamatan"
        counts = self.counts(filters, level)
        districts = self.districts[level]
        if level == "kelurahan":
            districts = districts[districts["kecamatan_code"] == filters.kecamatan_code]
        merged = districts.merge(counts, left_on="code", right_index=True, how="left").fillna(
            {m: 0 for m in COUNT_MEASURES})
        merged["rate_per_1000"] = merged["received"] * 1000 / merged["population_demo"]
        return merged

    def kpis(self, filters: ComplaintFilters) -> dict:
        def period(chosen: ComplaintFilters) -> dict:
            chosen = replace(chosen, kecamatan_code=None)  # the cards ignore the map's kecamatan
            totals = self.counts(chosen, None).sum()
            return {"received": int(totals["received"]),
                    "first_response_within_sla_pct": _percent(totals["response_met"],
                                                              totals["response_met"] + totals["response_breached"]),
                    "feedback_within_sla_pct": _percent(totals["feedback_met"],
                                                        totals["feedback_met"] + totals["feedback_breached"]),
                    "median_response_minutes": self.median_minutes(chosen)}

        current = period(filters)
        current["backlog"] = self.open_count(replace(filters, kecamatan_code=None))
        return {"current": current, "previous": period(filters.previous_period())}

    def breakdowns(self, filters: ComplaintFilters) -> dict:
        return {"trend": self.counts(filters, "day"),
                **{name: self.counts(filters, name) for name in ("category", "channel", "opd")}}

    def kpi_trend_and_rankings(self, filters: ComplaintFilters) -> dict:
        """The KPI page's own request (its complaint cards are asked apart, as kpis)."""
        return {"trend": self.counts(filters, "day"), "opd": self.counts(filters, "opd"),
                "kecamatan": self.counts(filters, "kecamatan")}

    def queue(self, filters: ComplaintFilters, now: datetime | None = None) -> pd.DataFrame:
        now = now or datetime.now(timezone.utc)
        return self.urgent(filters, now + timedelta(minutes=self.soon_minutes), 200)

    def today(self, latest: int, now: datetime | None = None) -> dict:
        """The landing page's complaints section: the live counters and the newest `latest` complaints."""
        now = now or datetime.now(timezone.utc)
        return {"counters": self.counters(now), "latest": self.latest(latest)}

    def open_map(self, level: str) -> pd.DataFrame:
        """The landing page's map: open complaints now per kecamatan or kelurahan, every district
        of the level shown (the reference's), with or without any."""
        districts = self.districts[level][["code"]]
        return districts.merge(self.open_by_district(level), on="code", how="left").fillna({"open": 0})

    def counters(self, now: datetime) -> dict:
        """Received today, open now, and the open ones overdue now or ever breached."""
        return {"today": self.received_on(city_today(now)), "open": self.open_count(None), **self.open_sla(now)}

    def wall(self, now: datetime | None = None) -> dict:
        now = now or datetime.now(timezone.utc)
        today = city_today(now)
        week = ComplaintFilters.last_days(7, today=today)
        return {
            "counters": self.counters(now),
            "latest": self.latest(15), "breaches": self.breaches(6),
            "districts": self.counts(week, "kecamatan"), "points": self.points(today, 500),
            "opd": self.counts(week, "opd"), "category": self.counts(week, "category"),
            "trend": self.counts(week, "day"),
        }

    # --- primitive reads (subclasses) -------------------------------------------------------------

    @abstractmethod
    def counts(self, filters: ComplaintFilters, key: str | None) -> pd.DataFrame:
        """Every count measure, one row per value of `key` ("day", a KEYS name, None: one row)."""

    @abstractmethod
    def median_minutes(self, filters: ComplaintFilters) -> float | None:
        """The median minutes to first response (None when nothing was answered)."""

    @abstractmethod
    def open_count(self, filters: ComplaintFilters | None) -> int:
        """Open complaints now, narrowed as the open queue is (None: the whole city)."""

    @abstractmethod
    def open_by_district(self, level: str) -> pd.DataFrame:
        """Open complaints now per district of `level`: columns code, open."""

    @abstractmethod
    def open_sla(self, now: datetime) -> dict:
        """OVERDUE_NOW and BREACHED_EVER of the open complaints at `now`."""

    @abstractmethod
    def urgent(self, filters: ComplaintFilters, due_by: datetime, limit: int) -> pd.DataFrame:
        """Open complaints due by `due_by`, most urgent first."""

    @abstractmethod
    def received_on(self, day: date) -> int:
        """Complaints received on a WIB day."""

    @abstractmethod
    def latest(self, limit: int) -> pd.DataFrame:
        """The newest complaints."""

    @abstractmethod
    def breaches(self, limit: int) -> pd.DataFrame:
        """Open complaints that missed a deadline, newest change first."""

    @abstractmethod
    def points(self, day: date, limit: int) -> pd.DataFrame:
        """A day's complaints with a location, newest first."""


# --- GROUP BY on the transactional tables ---------------------------------------------------------------

C = Complaint.__table__


class SqlBaseline(Baseline):
    """What a BI tool issues against the transactional database: one GROUP BY per chart, filters
    in the WHERE clause (the receipt time as a range, so the `received_at` index can serve it)."""

    name = "SQL GROUP BY"

    def __init__(self, engine, districts: dict[str, pd.DataFrame], soon_minutes: int = 30):
        super().__init__(districts, soon_minutes)
        self.engine = engine
        self.postgres = engine.dialect.name == "postgresql"
        self.day = _city_day(self.postgres)
        self.minutes = _minutes(self.postgres, C.c.received_at, C.c.first_response_at)

    def counts(self, filters, key):
        group = [] if key is None else [self._key(key)]
        query = select(*[g.label("code") for g in group], *self._measures()).where(*self._where(filters))
        frame = self._read(query.group_by(*group) if group else query)
        if key is None:
            return frame
        if key == "day":
            frame["code"] = pd.to_datetime(frame["code"]).dt.date
        return frame.set_index("code")

    def median_minutes(self, filters):
        where = [*self._where(filters), C.c.first_response_at.is_not(None)]
        with self.engine.connect() as connection:
            if self.postgres:  # PostgreSQL has the ordered-set aggregate
                value = connection.scalar(select(func.percentile_cont(0.5).within_group(self.minutes)).where(*where))
            else:  # SQLite has no median: count, then the middle one or two values
                count = connection.scalar(select(func.count()).where(*where))
                middle = (select(self.minutes.label("m")).where(*where).order_by(self.minutes)
                          .limit(2 - count % 2).offset(max(0, (count - 1) // 2)).subquery())
                value = connection.scalar(select(func.avg(middle.c.m))) if count else None
        return None if value is None else round(float(value), 1)

    def open_count(self, filters):
        where = [C.c.status.in_(OPEN_STATUSES)]
        if filters is not None:
            where += self._where(replace(filters, start=EPOCH))
        with self.engine.connect() as connection:
            return int(connection.scalar(select(func.count()).where(*where)))

    def open_by_district(self, level):
        column = C.c[f"{level}_code"]
        query = select(column.label("code"), func.count().label("open")).where(C.c.status.in_(OPEN_STATUSES))
        return self._read(query.group_by(column))

    def open_sla(self, now):
        overdue = func.sum(case((_due_now(C.c) < _naive(now), 1), else_=0))
        breached = func.sum(case((or_(_sla(C.c.first_response_at, C.c.first_response_due_at,
                                            C.c.first_response_breached_at) == "breached",
                                       _sla(C.c.feedback_at, C.c.feedback_due_at,
                                            C.c.feedback_breached_at) == "breached"), 1), else_=0))
        with self.engine.connect() as connection:
            row = connection.execute(select(func.coalesce(overdue, 0), func.coalesce(breached, 0))
                                     .where(C.c.status.in_(OPEN_STATUSES))).one()
        return {OVERDUE_NOW: int(row[0]), BREACHED_EVER: int(row[1])}

    def urgent(self, filters, due_by, limit):
        due = _due_now(C.c)
        query = (select(*_listing(C.c), due.label("due_at"))
                 .where(C.c.status.in_(OPEN_STATUSES), due <= _naive(due_by),
                        *self._where(replace(filters, start=EPOCH)))
                 .order_by(due, C.c.id).limit(limit))
        return self._read(query)

    def received_on(self, day):
        with self.engine.connect() as connection:
            return int(connection.scalar(select(func.count()).where(*received_between(day, day))))

    def latest(self, limit):
        return self._read(select(*_listing(C.c)).order_by(C.c.received_at.desc(), C.c.id.desc()).limit(limit))

    def breaches(self, limit):
        breached = or_(C.c.first_response_breached_at.is_not(None), C.c.feedback_breached_at.is_not(None),
                       C.c.first_response_at > C.c.first_response_due_at, C.c.feedback_at > C.c.feedback_due_at)
        return self._read(select(*_listing(C.c)).where(C.c.status.in_(OPEN_STATUSES), breached)
                          .order_by(C.c.updated_at.desc(), C.c.id.desc()).limit(limit))

    def points(self, day, limit):
        return self._read(select(C.c.id, C.c.ticket, C.c.category_code, C.c.status, C.c.lat, C.c.lon,
                                 C.c.received_at).where(*received_between(day, day), C.c.lat.is_not(None))
                          .order_by(C.c.received_at.desc()).limit(limit))

    # --- SQL pieces -------------------------------------------------------------------------------

    def _key(self, key: str):
        return self.day if key == "day" else func.coalesce(C.c[KEYS[key]], "")  # NULL is '' in the marts

    def _where(self, filters: ComplaintFilters) -> list:
        where = received_between(filters.start, filters.end)
        for column, values in (("opd_code", filters.opd_codes), ("category_code", filters.category_codes),
                               ("channel", filters.channels), ("status", filters.statuses)):
            if values:
                where.append(C.c[column].in_(values))
        if filters.kecamatan_code:
            where.append(C.c.kecamatan_code == filters.kecamatan_code)
        return where

    def _measures(self) -> list:
        c = C.c
        response = _sla(c.first_response_at, c.first_response_due_at, c.first_response_breached_at)
        feedback = _sla(c.feedback_at, c.feedback_due_at, c.feedback_breached_at)
        flags = {"open": c.status.in_(OPEN_STATUSES), "responded": c.first_response_at.is_not(None),
                 "response_met": response == "met", "response_breached": response == "breached",
                 "feedback_given": c.feedback_at.is_not(None), "feedback_met": feedback == "met",
                 "feedback_breached": feedback == "breached", "resolved": c.resolved_at.is_not(None)}
        return [func.count().label("received"),
                *[func.coalesce(func.sum(case((flag, 1), else_=0)), 0).label(name) for name, flag in flags.items()],
                func.coalesce(func.sum(self.minutes), 0.0).label("response_minutes_sum")]

    def _read(self, query) -> pd.DataFrame:
        with self.engine.connect() as connection:
            result = connection.execute(query)
            return pd.DataFrame(result.all(), columns=list(result.keys()))


def _city_day(postgres: bool):
    """The receipt day in WIB (UTC+7, no daylight saving), as a BI tool's custom column."""
    if postgres:
        return cast(C.c.received_at + literal_column("interval '7 hours'", Interval), Date)
    return func.date(C.c.received_at, "+7 hours")


def _minutes(postgres: bool, start, end):
    """Minutes between two times, to 3 decimals as the facts keep them (etl/complaints/facts.py)."""
    if postgres:
        return cast(func.round(cast(func.extract("epoch", end - start), Numeric) / 60, 3), Float)
    return func.round((func.julianday(end) - func.julianday(start)) * 1440.0, 3)


def _sla(done, due, breached):
    """met: done by the due time and no breach recorded; breached: a breach recorded or done late."""
    return case((and_(done.is_not(None), done <= due, breached.is_(None)), "met"),
                (or_(breached.is_not(None), and_(done.is_not(None), done > due)), "breached"), else_="pending")


def _due_now(c):
    return case((c.first_response_at.is_(None), c.first_response_due_at),
                (c.feedback_at.is_(None), c.feedback_due_at), else_=None)


def received_between(first: date, last: date) -> list:
    """WIB days first..last as a UTC range on `received_at` (stored as naive UTC)."""
    start = datetime.combine(first, clock_time()) - CITY_OFFSET
    end = datetime.combine(last + timedelta(days=1), clock_time()) - CITY_OFFSET
    return [C.c.received_at >= start, C.c.received_at < end]


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def _listing(c) -> list:
    return [c.id, c.ticket, c.category_code, c.opd_code, c.status, c.kecamatan_code, c.kelurahan_code,
            c.channel, c.received_at, c.first_response_at, c.first_response_due_at, c.feedback_due_at]


# --- DuckDB over the facts -------------------------------------------------------------------------------

FACT_MEASURES = """count(*) AS received, count_if(is_open) AS open, count(first_response_at) AS responded,
    count_if(first_response_sla = 'met') AS response_met, count_if(first_response_sla = 'breached') AS response_breached,
    count(feedback_at) AS feedback_given, count_if(feedback_sla = 'met') AS feedback_met,
    count_if(feedback_sla = 'breached') AS feedback_breached, count(resolved_at) AS resolved,
    coalesce(sum(minutes_to_first_response), 0.0) AS response_minutes_sum"""
FACT_DUE = ("CASE WHEN first_response_at IS NULL THEN first_response_due_at "
            "WHEN feedback_at IS NULL THEN feedback_due_at END")
FACT_LISTING = ("complaint_id, ticket, category_code, opd_code, status, kecamatan_code, kelurahan_code, channel, "
                "received_at, first_response_at, first_response_due_at, feedback_due_at")


class DuckDbBaseline(Baseline):
    """The same questions over `fct_complaints` in an in-memory DuckDB (the physical floor: a
    columnar engine scanning only the columns each question needs, on every core)."""

    name = "DuckDB"

    def __init__(self, warehouse_engine, districts: dict[str, pd.DataFrame], soon_minutes: int = 30):
        super().__init__(districts, soon_minutes)
        self.connection = load_facts(warehouse_engine)

    def close(self) -> None:
        self.connection.close()

    def counts(self, filters, key):
        column = {"day": "received_day", None: None}.get(key, KEYS.get(key))
        where, values = _fact_where(filters)
        if column is None:
            return self._read(f"SELECT {FACT_MEASURES} FROM fct WHERE {where}", values)
        frame = self._read(f"SELECT {column} AS code, {FACT_MEASURES} FROM fct WHERE {where} GROUP BY {column}",
                           values)
        if key == "day":
            frame["code"] = pd.to_datetime(frame["code"]).dt.date
        return frame.set_index("code")

    def median_minutes(self, filters):
        where, values = _fact_where(filters)
        value = self._scalar(f"SELECT median(minutes_to_first_response) FROM fct WHERE {where}", values)
        return None if value is None or pd.isna(value) else round(float(value), 1)

    def open_count(self, filters):
        if filters is None:
            return int(self._scalar("SELECT count(*) FROM fct WHERE is_open", []))
        where, values = _fact_where(replace(filters, start=EPOCH))
        return int(self._scalar(f"SELECT count(*) FROM fct WHERE is_open AND {where}", values))

    def open_by_district(self, level):
        return self._read(f"SELECT {level}_code AS code, count(*) AS open FROM fct WHERE is_open GROUP BY 1", [])

    def open_sla(self, now):
        row = self.connection.execute(
            f"SELECT count_if({FACT_DUE} < ?), count_if(first_response_sla = 'breached' OR "
            "feedback_sla = 'breached') FROM fct WHERE is_open", [_naive(now)]).fetchone()
        return {OVERDUE_NOW: int(row[0]), BREACHED_EVER: int(row[1])}

    def urgent(self, filters, due_by, limit):
        where, values = _fact_where(replace(filters, start=EPOCH))
        return self._read(f"SELECT {FACT_LISTING}, {FACT_DUE} AS due_at FROM fct WHERE is_open AND {FACT_DUE} <= ? "
                          f"AND {where} ORDER BY due_at, complaint_id LIMIT {int(limit)}", [_naive(due_by), *values])

    def received_on(self, day):
        return int(self._scalar("SELECT count(*) FROM fct WHERE received_day = ?", [day]))

    def latest(self, limit):
        return self._read(f"SELECT {FACT_LISTING} FROM fct ORDER BY received_at DESC, complaint_id DESC "
                          f"LIMIT {int(limit)}", [])

    def breaches(self, limit):
        return self._read(f"SELECT {FACT_LISTING} FROM fct WHERE is_open AND (first_response_sla = 'breached' OR "
                          f"feedback_sla = 'breached') ORDER BY updated_at DESC, complaint_id DESC "
                          f"LIMIT {int(limit)}", [])

    def points(self, day, limit):
        return self._read("SELECT complaint_id, ticket, category_code, status, lat, lon, received_at FROM fct "
                          f"WHERE received_day = ? AND lat IS NOT NULL ORDER BY received_at DESC LIMIT {int(limit)}",
                          [day])

    def _read(self, sql: str, values: list) -> pd.DataFrame:
        return self.connection.execute(sql, values).df()

    def _scalar(self, sql: str, values: list):
        return self.connection.execute(sql, values).fetchone()[0]


def load_facts(warehouse_engine):
    """An in-memory DuckDB holding a copy of `fct_complaints` as `fct` (bench/floor.load_tables)."""
    from bench.floor import load_tables
    from data.complaints.tables import FctComplaint

    return load_tables(warehouse_engine, {"fct": FctComplaint.__table__})


def _fact_where(filters: ComplaintFilters) -> tuple[str, list]:
    where, values = ["received_day BETWEEN ? AND ?"], [filters.start, filters.end]
    for column, chosen in (("opd_code", filters.opd_codes), ("category_code", filters.category_codes),
                           ("channel", filters.channels), ("status", filters.statuses)):
        if chosen:
            where.append(f"{column} IN ({', '.join('?' for _ in chosen)})")
            values += list(chosen)
    if filters.kecamatan_code:
        where.append("kecamatan_code = ?")
        values.append(filters.kecamatan_code)
    return " AND ".join(where), values


def _percent(part, whole) -> float | None:
    return round(100.0 * float(part) / float(whole), 1) if whole else None
