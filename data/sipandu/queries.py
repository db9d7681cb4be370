"""Questions the Sipandu pages ask, answered from the Sipandu mart (data/sipandu/tables.py).

Every function takes the warehouse engine and the viewer's scope (core/scope.py), whose conditions
are always added with the columns the mart declares (domains/sipandu.py): a camat reads his
kecamatan, a lurah his kelurahan, an RW or RT head his RW or RT. The database aggregates; pandas
only shapes the few rows that come back.

Days, weeks (from Monday) and months are the city's (WIB): a day's bounds are turned into UTC
moments here, and the facts carry the week and month of each step (worked out by the ETL), so no
time-zone arithmetic runs in SQL. A question asked from a whole week (or month) on reads the
aggregates; from another day, the facts (the origins: the facts for the days before the first whole
month, the monthly aggregate after); for a scope an aggregate cannot filter, the facts, with the
same answer. A record counts as present (the RT's non-permanent residents) while recorded or active;
where they are now, the boarding houses' fill and the silent RTs read each RT's records as they
stand now (agg_sipandu_rt_now), not the facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import BigInteger, Float, and_, case, cast, exists, func, or_, select, union_all

from core.clock import city_midnight, city_today, now_or
from core.domains import mart_of_table
from core.periods import next_month
from core.scope import NEEDED_COLUMNS, Scope
from data.frames import rows_frame
from data.sipandu.tables import (NO_KOS, AggSipanduOrigin, AggSipanduOriginCity, AggSipanduOriginCityDaily,
                                 AggSipanduRtNow, AggSipanduWeekly, AggSipanduWeeklyCity, AggSipanduWeeklyKelurahan,
                                 DimSipanduRt, FctSipanduKos, FctSipanduNewcomer, month_of, week_of)
from modules.sipandu.checks import PURPOSES
from modules.sipandu.workflow import RECORDED, REJECTED

FACTS = FctSipanduNewcomer.__table__
KOS = FctSipanduKos.__table__
WEEKLY = AggSipanduWeekly.__table__
KELURAHAN_WEEKLY = AggSipanduWeeklyKelurahan.__table__
CITY_WEEKLY = AggSipanduWeeklyCity.__table__
ORIGINS = AggSipanduOrigin.__table__
CITY_ORIGINS = AggSipanduOriginCity.__table__
CITY_DAILY_ORIGINS = AggSipanduOriginCityDaily.__table__
RT_NOW = AggSipanduRtNow.__table__
RTS = DimSipanduRt.__table__
LEVELS = {"kelurahan": ("kecamatan_code", "kelurahan_code"), "rw": ("kecamatan_code", "kelurahan_code", "rw")}
ARRIVAL_KEYS = ("origin_province", "origin_regency", "purpose")  # what the origins and purposes sum
SHARE_WEEKS = 4  # the headline share reported in time: this week and the three before


@dataclass(frozen=True)
class Timeliness:
    recorded: int
    recorded_in_time: int
    share_pct: float | None  # of the records, those reported in time; None when there is none


@dataclass(frozen=True)
class Listed:
    """The first `rows` of a long list (silent RTs, boarding houses) and how many there are in all:
    a city has thousands of RTs, the page shows the first and says how many more. The database
    counts; only the rows shown come back."""

    rows: pd.DataFrame
    total: int
    flagged: int = 0  # of `total`, those the list is about (boarding houses with nobody recorded)


@dataclass(frozen=True)
class SipanduKpis:
    newcomers_this_week: int       # arrivals (records not rejected) in the city's current week
    in_time_pct: float | None      # of the records of the last SHARE_WEEKS weeks, reported within 24 hours
    backlog: int                   # records waiting for the kelurahan's verification


# --- the flow, week by week ----------------------------------------------------------------------

def weekly_flow(engine, scope: Scope, weeks: int, now: datetime | None = None) -> pd.DataFrame:
    """The last `weeks` city weeks up to now's, oldest first: week (its Monday), arrivals,
    departures, expiries and `active`, the non-permanent residents at the week's end: the running
    sum of arrivals - departures - expiries from the first week ever (a window sum in the database,
    so the weeks before the window count)."""
    last = week_of(city_today(now_or(now)))
    first = last - timedelta(weeks=weeks - 1)
    weekly = _weekly_table(scope)
    net = func.sum(weekly.c.arrivals) - func.sum(weekly.c.departures) - func.sum(weekly.c.expiries)
    counts = [cast(func.sum(weekly.c[name]), BigInteger).label(name) for name in ("arrivals", "departures", "expiries")]
    running = (select(weekly.c.week, *counts, cast(func.sum(net).over(order_by=weekly.c.week), BigInteger)
                      .label("active"))
               .where(*_scoped(weekly, scope), weekly.c.week <= last).group_by(weekly.c.week).subquery())
    columns = ["week", "arrivals", "departures", "expiries", "active"]
    with engine.connect() as connection:  # one row a week since the first: the window's and the one before
        every_week = rows_frame(connection.execute(select(running).order_by(running.c.week)), columns)
    found, earlier = every_week[every_week["week"] >= first], every_week[every_week["week"] < first]
    before = int(earlier["active"].iloc[-1]) if not earlier.empty else 0
    frame = pd.DataFrame({"week": [first + timedelta(weeks=n) for n in range(weeks)]})
    frame = frame.merge(found, on="week", how="left")
    for name in ("arrivals", "departures", "expiries"):
        frame[name] = frame[name].fillna(0).astype("int64")
    # a week without a row keeps the residents of the week before (before the window: `before`)
    frame["active"] = frame["active"].ffill().fillna(before or 0).astype("int64")
    return frame


# --- where they live now -------------------------------------------------------------------------

def by_area(engine, scope: Scope, level: str = "kelurahan") -> pd.DataFrame:
    """The present non-permanent residents now per kelurahan (`level` "kelurahan") or per RW of
    each kelurahan ("rw"): the codes, `residents` and `unverified` (of them, still waiting for
    the kelurahan's verification); most residents first."""
    keys = [RT_NOW.c[name] for name in LEVELS[level]]
    residents = func.sum(RT_NOW.c.present)
    query = (select(*keys, residents.label("residents"), func.sum(RT_NOW.c.unverified).label("unverified"))
             .where(*_scoped(RT_NOW, scope)).group_by(*keys).having(residents > 0)
             .order_by(residents.desc(), *keys))
    with engine.connect() as connection:
        return _counted(rows_frame(connection.execute(query), [*LEVELS[level], "residents", "unverified"]),
                        ("residents", "unverified"))


# --- where they come from, and why ---------------------------------------------------------------

def origins(engine, scope: Scope, since: date, top: int = 10) -> pd.DataFrame:
    """Arrivals (records not rejected) from the city day `since` on, per origin province and
    regency (Kemendagri codes): the `top` regencies, most arrivals first."""
    arrivals = _arrivals_since(scope, since)
    province, regency = arrivals.c.origin_province, arrivals.c.origin_regency
    count = func.sum(arrivals.c.arrivals)
    query = (select(province, regency, count.label("arrivals")).group_by(province, regency)
             .order_by(count.desc(), regency).limit(top))
    with engine.connect() as connection:
        return _counted(rows_frame(connection.execute(query), ["origin_province", "origin_regency", "arrivals"]),
                        ("arrivals",))


def purposes(engine, scope: Scope, since: date) -> pd.DataFrame:
    """Arrivals from the city day `since` on per purpose (every purpose, 0 when none) and the
    share of the arrivals (None when none); most first."""
    arrivals = _arrivals_since(scope, since)
    query = select(arrivals.c.purpose, func.sum(arrivals.c.arrivals)).group_by(arrivals.c.purpose)
    with engine.connect() as connection:
        found = dict(connection.execute(query).all())
    frame = pd.DataFrame({"purpose": list(PURPOSES)})
    frame["arrivals"] = frame["purpose"].map(lambda purpose: int(found.get(purpose) or 0)).astype("int64")
    total = int(frame["arrivals"].sum())
    frame["share_pct"] = pd.Series([_percent(n, total) for n in frame["arrivals"]], dtype=object)
    return frame.sort_values(["arrivals", "purpose"], ascending=[False, True], ignore_index=True)


def _arrivals_since(scope: Scope, since: date):
    """The arrivals from the city day `since` on as a subquery of (origin_province, origin_regency,
    purpose, arrivals) rows to be summed: the whole months from the monthly aggregate that can
    answer for the scope (the city's for the city, the kelurahans' for a camat or a lurah), the
    days before the first whole month from the city's days for the city and from the facts for a
    camat or a lurah; all from the facts for an RW or RT head."""
    monthly = CITY_ORIGINS if scope.is_city else ORIGINS if _answers(ORIGINS, scope) else None
    if monthly is None:
        return _fact_arrivals(scope, since, until=None).subquery("arrivals")
    first_month = since if since == month_of(since) else next_month(since)
    months = (select(*[monthly.c[name] for name in ARRIVAL_KEYS], monthly.c.arrivals)
              .where(monthly.c.month >= first_month, *_scoped(monthly, scope)))
    if first_month == since:
        return months.subquery("arrivals")
    if scope.is_city:
        days = (select(*[CITY_DAILY_ORIGINS.c[name] for name in ARRIVAL_KEYS], CITY_DAILY_ORIGINS.c.arrivals)
                .where(CITY_DAILY_ORIGINS.c.day >= since, CITY_DAILY_ORIGINS.c.day < first_month))
    else:
        days = _fact_arrivals(scope, since, until=first_month)
    return union_all(days, months).subquery("arrivals")


def _fact_arrivals(scope: Scope, since: date, until: date | None):
    """The facts' arrivals from the city day `since` on, before the day `until` when given."""
    keys = [FACTS.c[name] for name in ARRIVAL_KEYS]
    conditions = [FACTS.c.arrived_at >= city_midnight(since), FACTS.c.status != REJECTED, *_scoped(FACTS, scope)]
    if until is not None:
        conditions.append(FACTS.c.arrived_at < city_midnight(until))
    return select(*keys, func.count().label("arrivals")).where(*conditions).group_by(*keys)


# --- the 24-hour rule and the kelurahan's verification -------------------------------------------

def timeliness(engine, scope: Scope, since: date) -> Timeliness:
    """The records made from the city day `since` on, and those reported within the rule's hours
    of the arrival (settings: sipandu.report_within_hours)."""
    if since == week_of(since):
        weekly = _weekly_table(scope)
        conditions = [weekly.c.week >= since, *_scoped(weekly, scope)]
        measures = [func.sum(weekly.c.recorded), func.sum(weekly.c.recorded_in_time)]
    else:
        conditions = [FACTS.c.recorded_at >= city_midnight(since), *_scoped(FACTS, scope)]
        measures = [func.count(), func.sum(case((FACTS.c.reported_in_time.is_(True), 1), else_=0))]
    with engine.connect() as connection:
        row = connection.execute(select(*measures).where(*conditions)).one()
    recorded, in_time = (int(value or 0) for value in row)
    return Timeliness(recorded, in_time, _percent(in_time, recorded))


def backlog(engine, scope: Scope, now: datetime | None = None) -> pd.DataFrame:
    """Records still waiting for verification (status recorded) per kelurahan: `waiting`, the
    oldest's and the median age in hours since it was recorded; most waiting first. The database
    counts and ranks; only each kelurahan's one or two middle records come back for the median."""
    now = now_or(now)
    keys = [FACTS.c.kecamatan_code, FACTS.c.kelurahan_code]
    waiting = [FACTS.c.status == RECORDED, *_scoped(FACTS, scope)]
    counts = select(*keys, func.count(), func.min(FACTS.c.recorded_at)).where(*waiting).group_by(*keys)
    ranked = (select(FACTS.c.kelurahan_code, FACTS.c.recorded_at,
                     func.row_number().over(partition_by=FACTS.c.kelurahan_code,
                                            order_by=(FACTS.c.recorded_at, FACTS.c.newcomer_id)).label("rank"),
                     func.count().over(partition_by=FACTS.c.kelurahan_code).label("n"))
              .where(*waiting).subquery())
    middle = select(ranked.c.kelurahan_code, ranked.c.recorded_at).where(
        or_(ranked.c.rank == (ranked.c.n + 1) // 2, ranked.c.rank == (ranked.c.n + 2) // 2))
    with engine.connect() as connection:
        frame = rows_frame(connection.execute(counts), ["kecamatan_code", "kelurahan_code", "waiting", "oldest"])
        middles = rows_frame(connection.execute(middle), ["kelurahan_code", "recorded_at"])
    ages = (now - pd.to_datetime(middles["recorded_at"], utc=True)).dt.total_seconds() / 3600
    median = ages.groupby(middles["kelurahan_code"]).mean()
    frame["oldest_hours"] = [_hours(now, oldest) for oldest in frame["oldest"]]
    frame["median_hours"] = frame["kelurahan_code"].map(median).astype(float).round(1)
    frame["waiting"] = frame["waiting"].astype("int64")
    frame = frame.drop(columns="oldest")
    return frame.sort_values(["waiting", "oldest_hours", "kelurahan_code"], ascending=[False, False, True],
                             ignore_index=True)


# --- gaps: silent RTs and boarding houses --------------------------------------------------------

def silent_rts(engine, scope: Scope, since: date, now: datetime | None = None, limit: int | None = None) -> Listed:
    """The RTs of the scope (every RT of the city, dim_sipandu_rt) that recorded nothing from the
    city day `since` until now, with their active boarding houses (`kos`) and those houses'
    `capacity`: most boarding houses first, where newcomers are most likely unrecorded; the first
    `limit` (None: all) and how many in all."""
    kos = (select(KOS.c.kelurahan_code, KOS.c.rw, KOS.c.rt, func.count().label("kos"),
                  func.sum(KOS.c.capacity).label("capacity"))
           .where(KOS.c.active.is_(True)).group_by(KOS.c.kelurahan_code, KOS.c.rw, KOS.c.rt).subquery())
    recorded = _recorded_between(city_midnight(since), now_or(now))
    houses, capacity = func.coalesce(kos.c.kos, 0), cast(func.coalesce(kos.c.capacity, 0), BigInteger)
    at_rt = and_(kos.c.kelurahan_code == RTS.c.kelurahan_code, kos.c.rw == RTS.c.rw, kos.c.rt == RTS.c.rt)
    query = (select(RTS.c.code, RTS.c.kecamatan_code, RTS.c.kelurahan_code, RTS.c.rw, RTS.c.rt, houses, capacity,
                    func.count().over().label("total"))
             .select_from(RTS.outerjoin(kos, at_rt)).where(*_scoped(RTS, scope), ~recorded)
             .order_by(houses.desc(), capacity.desc(), RTS.c.code).limit(limit))
    columns = ["code", "kecamatan_code", "kelurahan_code", "rw", "rt", "kos", "capacity", "total"]
    with engine.connect() as connection:
        frame = _counted(rows_frame(connection.execute(query), columns), ("rw", "rt", "kos", "capacity", "total"))
    return _listed(frame)


def _recorded_between(start: datetime, end: datetime):
    """Whether the RT of the row of RTS recorded anything from `start` until before `end`: its
    last recording (agg_sipandu_rt_now) falls there, or it is later and the facts hold one there
    (an `end` in the past, or a record of the very minute)."""
    def last_recording(*conditions):
        return exists().where(RT_NOW.c.kelurahan_code == RTS.c.kelurahan_code, RT_NOW.c.rw == RTS.c.rw,
                              RT_NOW.c.rt == RTS.c.rt, *conditions)

    in_facts = exists().where(FACTS.c.kelurahan_code == RTS.c.kelurahan_code, FACTS.c.rw == RTS.c.rw,
                              FACTS.c.rt == RTS.c.rt, FACTS.c.recorded_at >= start, FACTS.c.recorded_at < end)
    return or_(last_recording(RT_NOW.c.last_recorded_at >= start, RT_NOW.c.last_recorded_at < end),
               and_(last_recording(RT_NOW.c.last_recorded_at >= end), in_facts))


def kos_completeness(engine, scope: Scope, limit: int | None = None) -> Listed:
    """Per active boarding house of the scope: its capacity, the present newcomers recorded at it
    and `ratio` (present / capacity; None for no capacity). Those with nobody recorded come first,
    then the least filled, the largest first: where records are most likely missing. The first
    `limit` (None: all), how many in all and, `flagged`, how many with nobody recorded."""
    present = (select(RT_NOW.c.kos_code, func.sum(RT_NOW.c.present).label("present"))
               .where(RT_NOW.c.kos_code != NO_KOS).group_by(RT_NOW.c.kos_code).subquery())
    count = func.coalesce(present.c.present, 0)
    ratio = cast(count, Float) / func.nullif(KOS.c.capacity, 0)
    query = (select(KOS.c.kos_code, KOS.c.kecamatan_code, KOS.c.kelurahan_code, KOS.c.rw, KOS.c.rt, KOS.c.capacity,
                    count, ratio, func.count().over(), func.sum(case((count == 0, 1), else_=0)).over())
             .select_from(KOS.outerjoin(present, present.c.kos_code == KOS.c.kos_code))
             .where(KOS.c.active.is_(True), *_scoped(KOS, scope))
             .order_by(case((count == 0, 0), else_=1), case((ratio.is_(None), 1), else_=0), ratio,
                       KOS.c.capacity.desc(), KOS.c.kos_code).limit(limit))
    columns = ["kos_code", "kecamatan_code", "kelurahan_code", "rw", "rt", "capacity", "present", "ratio", "total",
               "flagged"]
    with engine.connect() as connection:
        frame = _counted(rows_frame(connection.execute(query), columns),
                         ("rw", "rt", "capacity", "present", "total", "flagged"))
    frame["ratio"] = pd.Series([None if pd.isna(r) else round(float(r), 3) for r in frame["ratio"]], dtype=object)
    return _listed(frame)


# --- headline figures ----------------------------------------------------------------------------

def kpis(engine, scope: Scope, now: datetime | None = None) -> SipanduKpis:
    """This week's newcomers, the share reported in time over the last SHARE_WEEKS weeks, the
    verification backlog now."""
    this_week = week_of(city_today(now_or(now)))
    since = this_week - timedelta(weeks=SHARE_WEEKS - 1)
    weekly = _weekly_table(scope)
    sums = select(func.sum(case((weekly.c.week == this_week, weekly.c.arrivals), else_=0)),
                  func.sum(weekly.c.recorded_in_time), func.sum(weekly.c.recorded)) \
        .where(weekly.c.week >= since, weekly.c.week <= this_week, *_scoped(weekly, scope))
    waiting = select(func.count()).where(FACTS.c.status == RECORDED, *_scoped(FACTS, scope))
    with engine.connect() as connection:
        arrivals, in_time, recorded = (int(value or 0) for value in connection.execute(sums).one())
        backlog_count = int(connection.scalar(waiting) or 0)
    return SipanduKpis(arrivals, _percent(in_time, recorded), backlog_count)


# --- helpers -------------------------------------------------------------------------------------

def _scope_columns() -> dict[str, str]:
    """The columns each kind of scope filters on: the mart's declaration (domains/sipandu.py), the
    same names in every Sipandu table and in the RT dimension."""
    return mart_of_table(FACTS.name).scope_columns


def _scoped(table, scope: Scope) -> list:
    return scope.conditions(table, _scope_columns())


def _answers(table, scope: Scope) -> bool:
    """Whether `table` has every column the scope filters on (the origins lack the RW and RT)."""
    if scope.kind in ("city", "none"):
        return True
    columns = _scope_columns()
    return all(kind in columns and columns[kind] in table.c for kind in NEEDED_COLUMNS[scope.kind])


def _weekly_table(scope: Scope):
    """The city's weeks for the city, the kelurahans' weekly aggregate when it can answer for the
    scope (a camat, a lurah), else the per-RT one (an RW or RT head): the same counts, the fewest
    rows that hold them."""
    if scope.is_city:
        return CITY_WEEKLY
    return KELURAHAN_WEEKLY if _answers(KELURAHAN_WEEKLY, scope) else WEEKLY


def _hours(now: datetime, moment) -> float:
    return round((now - pd.Timestamp(moment).tz_convert("UTC")).total_seconds() / 3600, 1)


def _percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _listed(frame: pd.DataFrame) -> Listed:
    """The rows of a list query and the counts over the whole list it carries on each row (`total`,
    and `flagged` when asked): 0 when no row came back."""
    counts = {name: int(frame[name].iloc[0]) if not frame.empty else 0
              for name in ("total", "flagged") if name in frame.columns}
    return Listed(frame.drop(columns=list(counts)), **counts)


def _counted(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    for name in columns:
        frame[name] = frame[name].fillna(0).astype("int64")
    return frame
