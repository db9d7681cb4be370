"""The baselines of the Kinerja and Surat pages (bench/floor.py says what the two are): every chart
the pages' mart callbacks draw, answered from the e-Kinerja, e-Office and staff modules' tables as
a BI tool would (`KinerjaSqlBaseline`) and from the warehouse's facts in DuckDB
(`KinerjaDuckDbBaseline`), for the whole city (the pimpinan's view), one query per chart.

The questions (data/kinerja/pages.py and data/office/pages.py give Pantau's answers):
- Kinerja cards (also e-Kinerja's KPI cards on the KPI Pimpinan page): staff reported on the last
  working day and over KPI_DAYS working days against the active staff, the three OPDs lowest over
  them, the backlog awaiting and past the deadline;
- heat map and minutes: staff reported per OPD and working day, approved minutes per OPD, each
  with the OPD's active staff;
- backlog: awaiting, overdue and the oldest's age per OPD; decided activities and their mean
  latency per OPD; activities and those linked to each kind of case per OPD;
- scores: people per band of the last four scored quarters, the latest quarter's histogram;
- Surat cards (also e-Office's KPI cards): open and overdue letters, the three OPDs with most
  overdue, the 30 days' turnaround;
- Surat per OPD: open letters per OPD and age bucket (overdue among them), the turnaround per OPD
  and the daily flow.

Only counts and sums: no name, NIP, description, subject or note is read. The transactional side
keeps no city day for its times: a BI tool works it out from the UTC time + 7 hours (WIB has no
daylight saving), and minutes from times cut to the second, as the change log carries them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import date, datetime, time as clock_time, timedelta, timezone

import pandas as pd
from sqlalchemy import Date, DateTime, bindparam, column, table, text

from core.clock import CITY_OFFSET, city_day, city_midnight, city_today
from data.kinerja.pages import KPI_DAYS, heatmap_days, period_days
from data.kinerja.queries import LOWEST_OPDS, SCORE_BIN
from data.office.pages import period_start
from data.office.queries import TOP_OPDS, TURNAROUND_SUMS
from modules.kinerja.links import LINK_KINDS
from modules.kinerja.scores import age_in_working_days, overdue_cutoff
from modules.kinerja.workflow import APPROVED, RETURNED, SUBMITTED
from modules.office.counters import AGEING
from modules.office.workflow import INCOMING, OPEN

QUARTERS = 4                    # data/kinerja/pages.score_bands' default
TURNAROUND_DAYS = 30            # callbacks/_office_kpis.TURNAROUND_DAYS
FLOW = ("created", "done", "dispositions_made", "dispositions_done")
REPORTED = f"('{SUBMITTED}', '{APPROVED}')"  # an activity that counts as the day's report (with a locked one)


class KinerjaBaseline(ABC):
    name = ""

    def __init__(self, deadline_days: int):
        self.deadline_days = deadline_days

    # --- each figure's question -----------------------------------------------------------------

    def kinerja_cards(self, today: date) -> dict:
        """The Kinerja cards: on_day and period (reported, expected), the lowest OPDs (code, %),
        awaiting and overdue."""
        days = period_days(today, KPI_DAYS)
        per_opd = self.compliance_totals(days)
        active = per_opd["active"].astype(int)
        reported = per_opd["reported"].astype(int)
        pct = [round(100.0 * r / (a * len(days)), 1) for r, a in zip(reported, active)]
        lowest = sorted(zip(pct, per_opd["opd_code"]))[:LOWEST_OPDS]
        awaiting, overdue = self.awaiting_totals(self._cutoff(today))
        return {"on_day": (int(per_opd["on_day"].astype(int).sum()), int(active.sum())),
                "period": (int(reported.sum()), int(active.sum()) * len(days)),
                "lowest": tuple((opd, value) for value, opd in lowest), "awaiting": awaiting, "overdue": overdue}

    def compliance_page(self, today: date, days: int) -> dict:
        """The heat map (reported per OPD and day, with the active staff) and approved minutes per OPD."""
        period = period_days(today, days)
        return {"compliance": self.compliance(heatmap_days(today, days)), "minutes": self.minutes(period[0], period[-1])}

    def backlog_page(self, today: date, days: int) -> dict:
        """The backlog per OPD now (awaiting, overdue, oldest_age), the period's latency and links per OPD."""
        period = period_days(today, days)
        backlog = self.backlog_rows(self._cutoff(today))
        backlog["oldest_age"] = [age_in_working_days(city_day(moment.to_pydatetime()), today)
                                 for moment in pd.to_datetime(backlog.pop("oldest"), utc=True)]
        latency = self.latency_rows(period[0], period[-1])
        latency = latency[latency["decided"].astype(int) > 0].copy()
        latency["mean_hours"] = [round(int(total) / int(n) / 60, 1)
                                 for total, n in zip(latency.pop("approval_minutes"), latency["decided"])]
        return {"backlog": backlog, "latency": latency, "linked": self.linked(period[0], period[-1])}

    def scores_page(self) -> dict:
        """People per band of the last scored quarters and the latest quarter's histogram (None: no score)."""
        bands = self.bands(QUARTERS)
        latest = None if bands.empty else max(bands["quarter"])
        return {"bands": bands, "histogram": None if latest is None else self.histogram(latest)}

    def office_cards(self, today: date) -> dict:
        """The Surat cards: open and overdue letters, the OPDs with most overdue, the 30 days' sums."""
        open_letters, overdue = self.open_totals(today)
        top = self.top_overdue(today, TOP_OPDS)
        sums = self.turnaround(*_city_days(period_start(today, TURNAROUND_DAYS), today), by_opd=False)
        return {"open": open_letters, "overdue": overdue,
                "top": tuple(zip(top["opd_code"], top["overdue"].astype(int))),
                "turnaround": _turnaround_card({name: int(sums[name].iloc[0]) for name in TURNAROUND_SUMS})}

    def office_page(self, now: datetime, days: int) -> dict:
        """Open letters per OPD and age bucket, the turnaround per OPD and the daily flow of the period."""
        today = city_today(now)
        between = _city_days(period_start(today, days), today)
        return {"ageing": self.ageing(_naive(now), today), "turnaround": self.turnaround(*between, by_opd=True),
                "flow": self.flow(*between)}

    def _cutoff(self, today: date) -> datetime:
        return _naive(city_midnight(overdue_cutoff(today, self.deadline_days)))

    # --- one query per chart ----------------------------------------------------------------------

    @abstractmethod
    def compliance(self, days: list[date]) -> pd.DataFrame:
        """opd_code, active, day, reported: per OPD with active staff, its days with reports (day None: none)."""

    @abstractmethod
    def compliance_totals(self, days: list[date]) -> pd.DataFrame:
        """opd_code, active, reported (staff-days over `days`), on_day (staff reported on the last day)."""

    @abstractmethod
    def minutes(self, first: date, last: date) -> pd.DataFrame:
        """opd_code, active, approved_minutes: per OPD with active staff."""

    @abstractmethod
    def backlog_rows(self, cutoff: datetime) -> pd.DataFrame:
        """opd_code, awaiting, overdue (submitted before `cutoff`), oldest (submission time)."""

    @abstractmethod
    def awaiting_totals(self, cutoff: datetime) -> tuple[int, int]:
        """(awaiting, overdue) of the city."""

    @abstractmethod
    def latency_rows(self, first: date, last: date) -> pd.DataFrame:
        """opd_code, decided, approval_minutes (summed)."""

    @abstractmethod
    def linked(self, first: date, last: date) -> pd.DataFrame:
        """opd_code, activities and one column per LINK_KINDS."""

    @abstractmethod
    def bands(self, quarters: int) -> pd.DataFrame:
        """quarter, band, people of the last `quarters` scored quarters."""

    @abstractmethod
    def histogram(self, quarter: str) -> pd.DataFrame:
        """low (of SCORE_BIN points, 100 in the last bin), people: the bins with people."""

    @abstractmethod
    def open_totals(self, today: date) -> tuple[int, int]:
        """(open letters, overdue among them)."""

    @abstractmethod
    def top_overdue(self, today: date, top: int) -> pd.DataFrame:
        """opd_code, overdue: the `top` OPDs with most, most first."""

    @abstractmethod
    def turnaround(self, start: datetime, end: datetime, by_opd: bool) -> pd.DataFrame:
        """[opd_code], TURNAROUND_SUMS: dispositions made, read, done and letters done between the
        UTC times (the city days' bounds), with their minutes."""

    @abstractmethod
    def ageing(self, now: datetime, today: date) -> pd.DataFrame:
        """opd_code, bucket (AGEING labels), letters, overdue: the open letters now."""

    @abstractmethod
    def flow(self, start: datetime, end: datetime) -> pd.DataFrame:
        """day, created, done, dispositions_made, dispositions_done: the days with any."""


# --- the transactional tables ----------------------------------------------------------------------

class KinerjaSqlBaseline(KinerjaBaseline):
    """One query per chart on `kinerja_activities`, `kinerja_scores`, `staff`, `office_letters` and
    `office_dispositions` (a disposition's OPD is its letter's), every filter in the WHERE clause;
    the lock is the activity's own `locked` flag (its month closed)."""

    name = "SQL GROUP BY"

    def __init__(self, engine, deadline_days: int):
        super().__init__(deadline_days)
        self.engine = engine
        self.postgres = engine.dialect.name == "postgresql"

    # --- e-Kinerja ---

    def compliance(self, days):
        return self._read(f"with people as ({_PEOPLE}), seen as (select opd_code, day, count(distinct staff_id) "
                          f"as reported from kinerja_activities where day in :days and (status in {REPORTED} or "
                          "locked) group by opd_code, day) select p.opd_code, p.active, s.day, "
                          "coalesce(s.reported, 0) as reported from people p left join seen s on "
                          "s.opd_code = p.opd_code", days=days)

    def compliance_totals(self, days):
        return self._read(f"with people as ({_PEOPLE}), seen as (select distinct opd_code, day, staff_id from "
                          f"kinerja_activities where day in :days and (status in {REPORTED} or locked)) "
                          "select p.opd_code, p.active, count(s.staff_id) as reported, coalesce(sum(case when "
                          "s.day = :last then 1 else 0 end), 0) as on_day from people p left join seen s on "
                          "s.opd_code = p.opd_code group by p.opd_code, p.active", days=days, last=days[-1])

    def minutes(self, first, last):
        return self._read(f"with people as ({_PEOPLE}), approved as (select opd_code, sum(minutes) as minutes from "
                          f"kinerja_activities where day >= :first and day <= :last and status = '{APPROVED}' "
                          "group by opd_code) select p.opd_code, p.active, coalesce(m.minutes, 0) as "
                          "approved_minutes from people p left join approved m on m.opd_code = p.opd_code",
                          first=first, last=last)

    def backlog_rows(self, cutoff):
        return self._read("select opd_code, count(*) as awaiting, sum(case when submitted_at < :cutoff then 1 else "
                          "0 end) as overdue, min(submitted_at) as oldest from kinerja_activities where "
                          f"status = '{SUBMITTED}' and not locked group by opd_code", cutoff=cutoff)

    def awaiting_totals(self, cutoff):
        row = self._read("select count(*) as awaiting, coalesce(sum(case when submitted_at < :cutoff then 1 "
                         f"else 0 end), 0) as overdue from kinerja_activities where status = '{SUBMITTED}' "
                         "and not locked", cutoff=cutoff).iloc[0]
        return int(row["awaiting"]), int(row["overdue"])

    def latency_rows(self, first, last):
        latency = self._minutes("submitted_at", "decided_at", clip=False)
        return self._read(f"select opd_code, count(*) as decided, sum({latency}) as approval_minutes from "
                          "kinerja_activities where day >= :first and day <= :last and status in "
                          f"('{APPROVED}', '{RETURNED}') and submitted_at is not null and decided_at is not null "
                          "group by opd_code", first=first, last=last)

    def linked(self, first, last):
        return self._read(f"select opd_code, count(*) as activities, {_per_kind()} from kinerja_activities "
                          "where day >= :first and day <= :last group by opd_code", first=first, last=last)

    def bands(self, quarters):
        return self._read("select quarter, band, count(*) as people from kinerja_scores where quarter in (select "
                          "quarter from kinerja_scores group by quarter order by quarter desc limit :quarters) "
                          "group by quarter, band", quarters=quarters)

    def histogram(self, quarter):
        cut = (f"least(floor(final_score / {SCORE_BIN}), {100 // SCORE_BIN - 1})" if self.postgres else
               f"min(cast(final_score / {SCORE_BIN} as integer), {100 // SCORE_BIN - 1})")
        return self._read(f"select cast({cut} as integer) * {SCORE_BIN} as low, count(*) as people from "
                          "kinerja_scores where quarter = :quarter group by 1", quarter=quarter)

    # --- e-Office ---

    def open_totals(self, today):
        row = self._read(f"select count(*) as open, coalesce(sum(case when due_date < :today then 1 else 0 end), "
                         f"0) as overdue from office_letters where {_open_sql()}", today=today).iloc[0]
        return int(row["open"]), int(row["overdue"])

    def top_overdue(self, today, top):
        return self._read(f"select opd_code, count(*) as overdue from office_letters where {_open_sql()} and "
                          "due_date < :today group by opd_code order by overdue desc, opd_code limit :top",
                          today=today, top=top)

    def turnaround(self, start, end, by_opd):
        within = "{} >= :start and {} < :end"
        done = _letter_done("")
        disposed = "office_dispositions d join office_letters l on l.id = d.letter_id"
        events = [(disposed, "l.opd_code", within.format("d.created_at", "d.created_at"), {"dispositions_made": "1"}),
                  (disposed, "l.opd_code", within.format("d.read_at", "d.read_at"),
                   {"dispositions_read": "1", "dispositions_read_minutes": self._minutes("d.created_at", "d.read_at")}),
                  (disposed, "l.opd_code", within.format("d.done_at", "d.done_at"),
                   {"dispositions_done": "1", "dispositions_done_minutes": self._minutes("d.created_at", "d.done_at")}),
                  ("office_letters", "opd_code", within.format(done, done),
                   {"letters_done": "1", "letters_done_minutes": self._minutes("created_at", done)})]
        return self._read(_turnaround_sql(events, by_opd), start=start, end=end)

    def ageing(self, now, today):
        bounds = {f"b{n}": now - timedelta(days=below) for n, (_label, below) in enumerate(AGEING[:-1])}
        bucket = _bucket_sql("created_at", bounds)
        return self._read(f"select opd_code, {bucket} as bucket, count(*) as letters, sum(case when due_date < "
                          f":today then 1 else 0 end) as overdue from office_letters where {_open_sql()} "
                          "group by 1, 2", today=today, **bounds)

    def flow(self, start, end):
        within = "{} >= :start and {} < :end"
        done = _letter_done("")
        events = [("office_letters", "created_at", "created"), ("office_letters", done, "done"),
                  ("office_dispositions", "created_at", "dispositions_made"),
                  ("office_dispositions", "done_at", "dispositions_done")]
        branches = [f"select {self._day(moment)} as day, " + ", ".join(
            f"{1 if name == measure else 0} as {name}" for name in FLOW) + f" from {source} where "
            + within.format(moment, moment) for source, moment, measure in events]
        return self._read("select day, " + ", ".join(f"sum({name}) as {name}" for name in FLOW)
                          + " from (" + " union all ".join(branches) + ") as events group by day", start=start, end=end)

    # --- SQL pieces ---

    def _day(self, moment: str) -> str:
        return f"cast({moment} + interval '7 hours' as date)" if self.postgres else f"date({moment}, '+7 hours')"

    def _minutes(self, first: str, last: str, clip: bool = True) -> str:
        """Whole minutes between two times cut to the second (as the change log carries them)."""
        if self.postgres:
            whole = (f"floor(extract(epoch from date_trunc('second', {last}) - date_trunc('second', {first})) "
                     "/ 60)")
            return f"cast({f'greatest({whole}, 0)' if clip else whole} as bigint)"
        whole = f"((cast(strftime('%s', {last}) as integer) - cast(strftime('%s', {first}) as integer)) / 60)"
        return f"max({whole}, 0)" if clip else whole

    def _read(self, sql: str, **values) -> pd.DataFrame:
        with self.engine.connect() as connection:
            result = connection.execute(_bound(sql, values), values)
            frame = pd.DataFrame(result.all(), columns=list(result.keys()))
        if "day" in frame:
            frame["day"] = [None if pd.isna(value) else pd.Timestamp(value).date() for value in frame["day"]]
        return frame


_PEOPLE = "select opd_code, count(*) as active from staff where active group by opd_code"


# --- DuckDB over the facts ---------------------------------------------------------------------------

class KinerjaDuckDbBaseline(KinerjaBaseline):
    """The same questions over fct_kinerja_activities (with fct_kinerja_periods: a closed month's
    lines are locked), fct_staff, fct_kinerja_scores, fct_office_letters and fct_office_dispositions
    in an in-memory DuckDB, only the columns the questions read loaded (7.5 million activities a
    quarter at city scale)."""

    name = "DuckDB"

    def __init__(self, warehouse_engine, deadline_days: int):
        from bench.floor import load_tables
        from data.kinerja.tables import FctKinerjaActivity, FctKinerjaPeriod, FctKinerjaScore
        from data.office.tables import FctOfficeDisposition, FctOfficeLetter
        from data.staff.tables import FctStaff

        super().__init__(deadline_days)
        self.connection = load_tables(warehouse_engine, {
            "activities": _narrow(FctKinerjaActivity, "staff_id", "opd_code", "day", "month", "minutes", "status",
                                  "link_kind", "submitted_at", "approval_minutes"),
            "periods": _narrow(FctKinerjaPeriod, "month"), "staff": _narrow(FctStaff, "opd_code", "active"),
            "scores": _narrow(FctKinerjaScore, "quarter", "band", "final_score"),
            "letters": _narrow(FctOfficeLetter, "opd_code", "direction", "status", "due_date", "created_at",
                               "done_minutes", "created_day", "done_day"),
            "dispositions": _narrow(FctOfficeDisposition, "opd_code", "read_minutes", "done_minutes", "created_day",
                                    "read_day", "done_day")})

    def close(self) -> None:
        self.connection.close()

    def compliance(self, days):
        return self._read(f"WITH people AS ({_DUCK_PEOPLE}), seen AS (SELECT opd_code, day, count(DISTINCT staff_id) "
                          f"AS reported FROM activities WHERE list_contains($days, day) AND {_DUCK_REPORTED} GROUP BY "
                          "ALL) SELECT p.opd_code, p.active, s.day, coalesce(s.reported, 0) AS reported FROM people p "
                          "LEFT JOIN seen s USING (opd_code)", days=days)

    def compliance_totals(self, days):
        return self._read(f"WITH people AS ({_DUCK_PEOPLE}), seen AS (SELECT DISTINCT opd_code, day, staff_id FROM "
                          f"activities WHERE list_contains($days, day) AND {_DUCK_REPORTED}) SELECT p.opd_code, "
                          "p.active, count(s.staff_id) AS reported, coalesce(sum(CASE WHEN s.day = $last THEN 1 "
                          "ELSE 0 END), 0) AS on_day FROM people p LEFT JOIN seen s USING (opd_code) GROUP BY ALL",
                          days=days, last=days[-1])

    def minutes(self, first, last):
        return self._read(f"WITH people AS ({_DUCK_PEOPLE}), approved AS (SELECT opd_code, sum(minutes) AS minutes "
                          f"FROM activities WHERE day BETWEEN $first AND $last AND status = '{APPROVED}' GROUP BY "
                          "ALL) SELECT p.opd_code, p.active, coalesce(m.minutes, 0) AS approved_minutes FROM people p "
                          "LEFT JOIN approved m USING (opd_code)", first=first, last=last)

    def backlog_rows(self, cutoff):
        return self._read("SELECT opd_code, count(*) AS awaiting, count_if(submitted_at < $cutoff) AS overdue, "
                          f"min(submitted_at) AS oldest FROM activities WHERE {_DUCK_AWAITING} GROUP BY ALL",
                          cutoff=cutoff)

    def awaiting_totals(self, cutoff):
        awaiting, overdue = self.connection.execute(
            f"SELECT count(*), count_if(submitted_at < $cutoff) FROM activities WHERE {_DUCK_AWAITING}",
            {"cutoff": cutoff}).fetchone()
        return int(awaiting), int(overdue)

    def latency_rows(self, first, last):
        return self._read("SELECT opd_code, count(*) AS decided, sum(approval_minutes) AS approval_minutes FROM "
                          f"activities WHERE day BETWEEN $first AND $last AND status IN ('{APPROVED}', '{RETURNED}') "
                          "AND approval_minutes IS NOT NULL GROUP BY ALL", first=first, last=last)

    def linked(self, first, last):
        return self._read(f"SELECT opd_code, count(*) AS activities, {_per_kind()} FROM activities WHERE day "
                          "BETWEEN $first AND $last GROUP BY ALL", first=first, last=last)

    def bands(self, quarters):
        return self._read("SELECT quarter, band, count(*) AS people FROM scores WHERE quarter IN (SELECT DISTINCT "
                          "quarter FROM scores ORDER BY quarter DESC LIMIT $quarters) GROUP BY ALL", quarters=quarters)

    def histogram(self, quarter):
        return self._read(f"SELECT least(CAST(floor(final_score / {SCORE_BIN}) AS INTEGER), {100 // SCORE_BIN - 1}) "
                          f"* {SCORE_BIN} AS low, count(*) AS people FROM scores WHERE quarter = $quarter GROUP BY 1",
                          quarter=quarter)

    def open_totals(self, today):
        open_letters, overdue = self.connection.execute(
            f"SELECT count(*), count_if(due_date < $today) FROM letters WHERE {_open_sql()}", {"today": today}).fetchone()
        return int(open_letters), int(overdue)

    def top_overdue(self, today, top):
        return self._read(f"SELECT opd_code, count(*) AS overdue FROM letters WHERE {_open_sql()} AND due_date < "
                          "$today GROUP BY ALL ORDER BY overdue DESC, opd_code LIMIT $top", today=today, top=top)

    def turnaround(self, start, end, by_opd):
        since, until = _days_of(start, end)
        within = "{} BETWEEN $since AND $until"
        events = [("dispositions", "opd_code", within.format("created_day"), {"dispositions_made": "1"}),
                  ("dispositions", "opd_code", within.format("read_day"),
                   {"dispositions_read": "1", "dispositions_read_minutes": "read_minutes"}),
                  ("dispositions", "opd_code", within.format("done_day"),
                   {"dispositions_done": "1", "dispositions_done_minutes": "done_minutes"}),
                  ("letters", "opd_code", within.format("done_day"),
                   {"letters_done": "1", "letters_done_minutes": "done_minutes"})]
        return self._read(_turnaround_sql(events, by_opd), since=since, until=until)

    def ageing(self, now, today):
        bounds = {f"b{n}": now - timedelta(days=below) for n, (_label, below) in enumerate(AGEING[:-1])}
        return self._read(f"SELECT opd_code, {_bucket_sql('created_at', bounds).replace(':', '$')} AS bucket, "
                          f"count(*) AS letters, count_if(due_date < $today) AS overdue FROM letters WHERE "
                          f"{_open_sql()} GROUP BY 1, 2", today=today, **bounds)

    def flow(self, start, end):
        since, until = _days_of(start, end)
        events = [("letters", "created_day", "created"), ("letters", "done_day", "done"),
                  ("dispositions", "created_day", "dispositions_made"), ("dispositions", "done_day", "dispositions_done")]
        branches = [f"SELECT {day} AS day, " + ", ".join(f"{1 if name == measure else 0} AS {name}" for name in FLOW)
                    + f" FROM {source} WHERE {day} BETWEEN $since AND $until" for source, day, measure in events]
        return self._read("SELECT day, " + ", ".join(f"sum({name}) AS {name}" for name in FLOW) + " FROM ("
                          + " UNION ALL ".join(branches) + ") GROUP BY day", since=since, until=until)

    def _read(self, sql: str, **values) -> pd.DataFrame:
        frame = self.connection.execute(sql, values).df()
        if "day" in frame:
            frame["day"] = [None if pd.isna(value) else pd.Timestamp(value).date() for value in frame["day"]]
        return frame


_DUCK_PEOPLE = "SELECT opd_code, count(*) AS active FROM staff WHERE active GROUP BY ALL"
_DUCK_LOCKED = "month IN (SELECT month FROM periods)"
_DUCK_REPORTED = f"(status IN {REPORTED} OR {_DUCK_LOCKED})"
_DUCK_AWAITING = f"status = '{SUBMITTED}' AND NOT {_DUCK_LOCKED}"


# --- shared -----------------------------------------------------------------------------------------

def _turnaround_card(sums: dict[str, int]) -> dict:
    """The card's turnaround (data/office/queries.Turnaround's fields): counts, and means to 0.1 minute."""
    def mean(total: str, count: str) -> float | None:
        return round(sums[total] / sums[count], 1) if sums[count] else None

    return {"dispositions_made": sums["dispositions_made"], "dispositions_read": sums["dispositions_read"],
            "read_mean_minutes": mean("dispositions_read_minutes", "dispositions_read"),
            "dispositions_done": sums["dispositions_done"],
            "done_mean_minutes": mean("dispositions_done_minutes", "dispositions_done"),
            "letters_done": sums["letters_done"], "letter_mean_minutes": mean("letters_done_minutes", "letters_done")}


def _open_sql() -> str:
    """modules/office/workflow.open_condition as SQL text: a letter of an open status for its direction."""
    return "(" + " or ".join(f"(direction = '{direction}' and status in ({', '.join(repr(s) for s in statuses)}))"
                             for direction, statuses in OPEN.items()) + ")"


def _letter_done(prefix: str) -> str:
    """The time a letter was done (incoming: followed up; outgoing: sent), as the facts' done_at."""
    return f"case when {prefix}direction = '{INCOMING}' then {prefix}followed_up_at else {prefix}sent_at end"


def _per_kind() -> str:
    return ", ".join(f"sum(case when link_kind = '{kind}' then 1 else 0 end) as {kind}" for kind in LINK_KINDS)


def _bucket_sql(moment: str, bounds: dict) -> str:
    """The AGEING label of a letter created at `moment`; `bounds` name each bucket's lower bound."""
    whens = " ".join(f"when {moment} > :{key} then '{label}'" for key, (label, _below) in zip(bounds, AGEING))
    return f"case {whens} else '{AGEING[-1][0]}' end"


def _turnaround_sql(events: list[tuple[str, str, str, dict]], by_opd: bool) -> str:
    """The TURNAROUND_SUMS summed over one branch per kind of step (source, OPD, condition, measures)."""
    branches = [f"select {opd} as opd_code, " + ", ".join(f"{measures.get(name, '0')} as {name}"
                                                         for name in TURNAROUND_SUMS)
                + f" from {source} where {condition}" for source, opd, condition, measures in events]
    key = "opd_code, " if by_opd else ""
    return (f"select {key}" + ", ".join(f"coalesce(sum({name}), 0) as {name}" for name in TURNAROUND_SUMS)
            + " from (" + " union all ".join(branches) + ") as events" + (" group by opd_code" if by_opd else ""))


def _bound(sql: str, values: dict):
    """`sql` with its values typed (times and days as the tables store them; lists expanded)."""
    params = []
    for key, value in values.items():
        first = value[0] if isinstance(value, (list, tuple)) and value else value
        kind = DateTime() if isinstance(first, datetime) else Date() if isinstance(first, date) else None
        params.append(bindparam(key, type_=kind, expanding=isinstance(value, (list, tuple))))
    return text(sql).bindparams(*params)


def _narrow(model, *names: str):
    """A table of the model's named columns only (their types kept, for bench.floor.load_tables)."""
    return table(model.__tablename__, *(column(name, model.__table__.c[name].type) for name in names))


def _city_days(first: date, last: date) -> tuple[datetime, datetime]:
    """City days first..last as a naive UTC range [start, end)."""
    return (datetime.combine(first, clock_time()) - CITY_OFFSET,
            datetime.combine(last + timedelta(days=1), clock_time()) - CITY_OFFSET)


def _days_of(start: datetime, end: datetime) -> tuple[date, date]:
    """The city days of a range _city_days made."""
    return (start + CITY_OFFSET).date(), (end + CITY_OFFSET).date() - timedelta(days=1)


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None)
