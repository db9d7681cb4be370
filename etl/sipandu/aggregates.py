"""agg_sipandu_weekly and agg_sipandu_origins, recomputed in the database from the facts for the
keys a batch touched (the keys its records had before and have after): whole keys, never deltas,
so a record moving on (recorded, then active, then moved out) leaves each week it counted in with
the counts a full refresh gives, and a batch applied twice changes nothing. The kelurahans' weekly
aggregate (agg_sipandu_weekly_kelurahan) is then recomputed from the per-RT one, for the weeks and
kelurahans of the keys touched, and the city's weeks (agg_sipandu_weekly_city) from the
kelurahans' for the weeks touched; the city's origins (agg_sipandu_origins_city) likewise from the
kelurahans' for the months touched, and its days (agg_sipandu_origins_city_daily) from the facts
arrived on the city days touched. agg_sipandu_rt_now is recomputed per RT touched (every boarding
house of it), from the RT's facts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Date, case, delete, func, literal, literal_column, select, tuple_, union_all

from core.clock import city_midnight, city_today
from core.db import is_member, key_parts
from data.sipandu.tables import (AREA_KEYS, CITY_DAILY_ORIGIN_KEYS, CITY_ORIGIN_KEYS, KELURAHAN_WEEKLY_KEYS, NO_KOS,
                                 ORIGIN_KEYS, RT_NOW_KEYS, WEEK_COLUMNS, WEEKLY_KEYS, WEEKLY_MEASURES,
                                 AggSipanduOrigin, AggSipanduOriginCity, AggSipanduOriginCityDaily, AggSipanduRtNow,
                                 AggSipanduWeekly, AggSipanduWeeklyCity, AggSipanduWeeklyKelurahan,
                                 FctSipanduNewcomer)
from modules.sipandu.workflow import EXPIRED, MOVED_OUT, PRESENT, RECORDED, REJECTED

FACTS = FctSipanduNewcomer.__table__
WEEKLY = AggSipanduWeekly.__table__
KELURAHAN_WEEKLY = AggSipanduWeeklyKelurahan.__table__
CITY_WEEKLY = AggSipanduWeeklyCity.__table__
ORIGINS = AggSipanduOrigin.__table__
CITY_ORIGINS = AggSipanduOriginCity.__table__
CITY_DAILY_ORIGINS = AggSipanduOriginCityDaily.__table__
RT_NOW = AggSipanduRtNow.__table__
RT_KEYS = ("kelurahan_code", "rw", "rt")  # the facts' index narrows a rebuild to the RTs touched
EVENT_COLUMNS = (*AREA_KEYS, *WEEK_COLUMNS, "status", "reported_in_time")  # what the weekly counts read
WEEKLY_CHUNK = 100  # keys per statement: 3 + 5 parameters each and the kelurahans, under SQLite's 999
KELURAHAN_WEEKLY_CHUNK = 200  # 3 parameters each, and the weeks, kecamatans and kelurahans
ORIGIN_CHUNK = 120  # 6 parameters each, and the months and kelurahans
DAILY_CHUNK = 31  # city days per statement: a SELECT of 4 parameters each, under SQLite's 500 compound SELECTs
RT_NOW_CHUNK = 200  # RTs per statement: 3 parameters each, their kelurahans (154 in all) and a few more
# the facts' columns the origins' keys come from (the month: the arrival's)
ORIGIN_FACT_KEYS = ("arrival_month", *ORIGIN_KEYS[1:])


# --- the keys a batch touches --------------------------------------------------------------------

def weekly_keys(rows: Iterable[dict]) -> set[tuple]:
    """The agg_sipandu_weekly keys that fact rows (mappings with the area and WEEK_COLUMNS) count in."""
    keys = set()
    for row in rows:
        area = tuple(row[name] for name in AREA_KEYS)
        keys |= {(row[week], *area) for week in WEEK_COLUMNS if _present(row[week])}
    return keys


def origin_keys(rows: Iterable[dict]) -> set[tuple]:
    return {tuple(row[name] for name in ORIGIN_FACT_KEYS) for row in rows}


@dataclass
class TouchedKeys:
    """The aggregate keys fact rows count in: weekly keys, origin keys and city days of arrival."""

    weekly: set[tuple] = field(default_factory=set)
    origins: set[tuple] = field(default_factory=set)
    arrival_days: set[date] = field(default_factory=set)

    def add(self, rows: Iterable[dict]) -> None:
        """Add the keys of fact rows (mappings with the area, WEEK_COLUMNS, the origins' keys and arrived_at)."""
        rows = list(rows)
        self.weekly |= weekly_keys(rows)
        self.origins |= origin_keys(rows)
        self.arrival_days |= {city_today(row["arrived_at"]) for row in rows}


def stored_keys(connection, newcomer_ids: list[int]) -> TouchedKeys:
    """The keys the stored facts of `newcomer_ids` count in, before they are replaced."""
    columns = sorted({*AREA_KEYS, *WEEK_COLUMNS, *ORIGIN_FACT_KEYS, "arrived_at"})
    touched = TouchedKeys()
    for part in key_parts(connection, newcomer_ids):
        query = select(*[FACTS.c[name] for name in columns]).where(is_member(connection, FACTS.c.newcomer_id, part))
        touched.add(connection.execute(query).mappings())
    return touched


# --- rebuilding ----------------------------------------------------------------------------------

def rebuild_weekly_keys(connection, keys: set[tuple] | None) -> None:
    """Recompute agg_sipandu_weekly for `keys` (WEEKLY_KEYS values), the kelurahans' weeks they
    fall in and the city's; None: every key."""
    _rebuild_rt_weeks(connection, keys)
    rebuild_kelurahan_weeks(connection, None if keys is None else {key[:3] for key in keys})
    rebuild_city_weeks(connection, None if keys is None else {key[0] for key in keys})


def _rebuild_rt_weeks(connection, keys: set[tuple] | None) -> None:
    columns = [*WEEKLY_KEYS, *WEEKLY_MEASURES]
    if keys is None:
        connection.execute(delete(WEEKLY))
        connection.execute(WEEKLY.insert().from_select(columns, _weekly_query(FACTS)))
        return
    keys = sorted(keys, key=lambda key: (key[2:], key[0]))  # an RT's weeks together: a chunk reads few RTs' facts
    for start in range(0, len(keys), WEEKLY_CHUNK):
        chunk = keys[start:start + WEEKLY_CHUNK]
        rts = sorted({key[2:] for key in chunk})  # (kelurahan, rw, rt) of (week, kecamatan, kelurahan, rw, rt)
        touched = (select(*[FACTS.c[name] for name in EVENT_COLUMNS])
                   .where(FACTS.c.kelurahan_code.in_(sorted({rt[0] for rt in rts})),  # an index seek: SQLite
                          tuple_(*[FACTS.c[name] for name in RT_KEYS]).in_(rts))     # scans for a row-value IN
                   .cte("touched_facts"))
        connection.execute(delete(WEEKLY).where(WEEKLY.c.kelurahan_code.in_(sorted({rt[0] for rt in rts})),
                                                tuple_(*[WEEKLY.c[name] for name in WEEKLY_KEYS]).in_(chunk)))
        connection.execute(WEEKLY.insert().from_select(columns, _weekly_query(touched, chunk)))


def rebuild_kelurahan_weeks(connection, keys: set[tuple] | None) -> None:
    """Recompute agg_sipandu_weekly_kelurahan for `keys` (KELURAHAN_WEEKLY_KEYS values), summing
    the per-RT rows just rebuilt; None: every key."""
    columns = [*KELURAHAN_WEEKLY_KEYS, *WEEKLY_MEASURES]
    if keys is None:
        connection.execute(delete(KELURAHAN_WEEKLY))
        connection.execute(KELURAHAN_WEEKLY.insert().from_select(columns, _kelurahan_weekly_query()))
        return
    keys = sorted(keys)
    for start in range(0, len(keys), KELURAHAN_WEEKLY_CHUNK):
        chunk = keys[start:start + KELURAHAN_WEEKLY_CHUNK]
        kelurahans = sorted({key[2] for key in chunk})
        connection.execute(delete(KELURAHAN_WEEKLY).where(
            KELURAHAN_WEEKLY.c.kelurahan_code.in_(kelurahans),
            tuple_(*[KELURAHAN_WEEKLY.c[name] for name in KELURAHAN_WEEKLY_KEYS]).in_(chunk)))
        # the per-RT primary key (week, kecamatan, kelurahan, rw, rt) is the seek: its columns in
        # plain INs first, as SQLite scans for a row-value IN alone
        seek = (WEEKLY.c.week.in_(sorted({key[0] for key in chunk})),
                WEEKLY.c.kecamatan_code.in_(sorted({key[1] for key in chunk})),
                WEEKLY.c.kelurahan_code.in_(kelurahans),
                tuple_(*[WEEKLY.c[name] for name in KELURAHAN_WEEKLY_KEYS]).in_(chunk))
        connection.execute(KELURAHAN_WEEKLY.insert().from_select(columns, _kelurahan_weekly_query().where(*seek)))


def rebuild_city_weeks(connection, weeks: set | None) -> None:
    """Recompute agg_sipandu_weekly_city for `weeks` (None: every week) from the kelurahans' weeks
    (rebuilt first): some 150 rows a week."""
    _rebuild_city_sums(connection, CITY_WEEKLY, KELURAHAN_WEEKLY, ("week",), WEEKLY_MEASURES, weeks)


def rebuild_origin_keys(connection, keys: set[tuple] | None) -> None:
    """Recompute agg_sipandu_origins for `keys` (ORIGIN_KEYS values), then the city's origins of
    their months; None: every key."""
    columns = [*ORIGIN_KEYS, "arrivals"]
    if keys is None:
        connection.execute(delete(ORIGINS))
        connection.execute(ORIGINS.insert().from_select(columns, _origins_query()))
        rebuild_city_origins(connection, None)
        return
    keys = sorted(keys)
    aggregate_keys = tuple_(*[ORIGINS.c[name] for name in ORIGIN_KEYS])
    fact_keys = tuple_(*[FACTS.c[name] for name in ORIGIN_FACT_KEYS])
    for start in range(0, len(keys), ORIGIN_CHUNK):
        chunk = keys[start:start + ORIGIN_CHUNK]
        connection.execute(delete(ORIGINS).where(ORIGINS.c.kelurahan_code.in_(sorted({key[2] for key in chunk})),
                                                 aggregate_keys.in_(chunk)))
        seek = (FACTS.c.arrival_month.in_(sorted({key[0] for key in chunk})),  # the index's columns: SQLite
                FACTS.c.kelurahan_code.in_(sorted({key[2] for key in chunk})))  # scans for a row-value IN alone
        connection.execute(ORIGINS.insert().from_select(columns, _origins_query().where(*seek, fact_keys.in_(chunk))))
    rebuild_city_origins(connection, {key[0] for key in keys})


def rebuild_city_origins(connection, months: set | None) -> None:
    """Recompute agg_sipandu_origins_city for `months` (None: every month) from the kelurahans'
    origins of those months (rebuilt first): a month's few thousand rows, whichever keys changed."""
    _rebuild_city_sums(connection, CITY_ORIGINS, ORIGINS, CITY_ORIGIN_KEYS, ("arrivals",), months)


def rebuild_city_daily_origins(connection, days: set[date] | None) -> None:
    """Recompute agg_sipandu_origins_city_daily for the city days `days` (None: every day from the
    first arrival to the last), each from the facts arrived that day (the facts' index on arrived_at)."""
    if days is None:
        connection.execute(delete(CITY_DAILY_ORIGINS))  # days no fact arrives on any more go too
        days = _arrival_days(connection)
    days = sorted(days)
    for start in range(0, len(days), DAILY_CHUNK):
        chunk = days[start:start + DAILY_CHUNK]
        connection.execute(delete(CITY_DAILY_ORIGINS).where(CITY_DAILY_ORIGINS.c.day.in_(chunk)))
        each_day = [_daily_origins_query(day) for day in chunk]
        query = each_day[0] if len(each_day) == 1 else union_all(*each_day)
        connection.execute(CITY_DAILY_ORIGINS.insert().from_select([*CITY_DAILY_ORIGIN_KEYS, "arrivals"], query))


def _arrival_days(connection) -> list[date]:
    """Every city day from the first arrival of the facts to the last (none without facts)."""
    first, last = connection.execute(select(func.min(FACTS.c.arrived_at), func.max(FACTS.c.arrived_at))).one()
    if first is None:
        return []
    first, last = city_today(first), city_today(last)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _daily_origins_query(day: date):
    keys = [FACTS.c[name] for name in CITY_DAILY_ORIGIN_KEYS[1:]]
    return (select(literal(day, Date()).label("day"), *keys, func.count())
            .where(FACTS.c.arrived_at >= city_midnight(day), FACTS.c.arrived_at < city_midnight(day + timedelta(days=1)),
                   FACTS.c.status != REJECTED)
            .group_by(*keys))


def rebuild_rt_now(connection, rts: set[tuple] | None) -> None:
    """Recompute agg_sipandu_rt_now for the RTs `rts` (AREA_KEYS values), every boarding house of
    each (a record may have moved between them); None: every RT."""
    columns = [*RT_NOW_KEYS, "present", "unverified", "last_recorded_at"]
    if rts is None:
        connection.execute(delete(RT_NOW))
        connection.execute(RT_NOW.insert().from_select(columns, _rt_now_query()))
        return
    rts = sorted(key[1:] for key in rts)  # (kelurahan, rw, rt): the facts' index
    for start in range(0, len(rts), RT_NOW_CHUNK):
        chunk = rts[start:start + RT_NOW_CHUNK]
        kelurahans = sorted({rt[0] for rt in chunk})  # an index seek: SQLite scans for a row-value IN alone
        connection.execute(delete(RT_NOW).where(RT_NOW.c.kelurahan_code.in_(kelurahans),
                                                tuple_(*[RT_NOW.c[name] for name in RT_KEYS]).in_(chunk)))
        query = _rt_now_query().where(FACTS.c.kelurahan_code.in_(kelurahans),
                                      tuple_(*[FACTS.c[name] for name in RT_KEYS]).in_(chunk))
        connection.execute(RT_NOW.insert().from_select(columns, query))


def _rebuild_city_sums(connection, city, source, keys: tuple[str, ...], measures: tuple[str, ...],
                       periods: set | None) -> None:
    """`city`'s rows of `periods` (its first key's values; None: every row) as `source`'s measures
    summed over the kelurahans."""
    if periods is not None and not periods:
        return
    grouped = [source.c[name] for name in keys]
    query = select(*grouped, *[func.sum(source.c[name]) for name in measures]).group_by(*grouped)
    if periods is None:
        connection.execute(delete(city))
    else:
        periods = sorted(periods)
        connection.execute(delete(city).where(city.c[keys[0]].in_(periods)))
        query = query.where(source.c[keys[0]].in_(periods))
    connection.execute(city.insert().from_select([*keys, *measures], query))


def _weekly_events(facts) -> list:
    """One SELECT per kind of step, each row a fact's step in the week it happened with a 1 (or 0)
    in the measures it counts in: (the week column, which facts, {measure: what it counts})."""
    c = facts.c
    in_time = case((c.reported_in_time.is_(True), 1), else_=0)
    return [("arrival_week", c.status != REJECTED, {"arrivals": literal_column("1")}),
            ("left_week", c.status == MOVED_OUT, {"departures": literal_column("1")}),
            ("ended_week", c.status == EXPIRED, {"expiries": literal_column("1")}),
            ("recorded_week", None, {"recorded": literal_column("1"), "recorded_in_time": in_time}),
            ("verified_week", c.status != REJECTED, {"verified": literal_column("1")}),  # a rejection is decided
            # at verification too (verified_at), but counts as rejected only
            ("ended_week", c.status == REJECTED, {"rejected": literal_column("1")})]


def _weekly_query(facts, keys: list[tuple] | None = None):
    """The weekly aggregate's rows from `facts` (the fact table, or a part of it), for `keys` only
    when given."""
    branches = []
    for week, condition, counts in _weekly_events(facts):
        measures = [counts.get(name, literal_column("0")).label(name) for name in WEEKLY_MEASURES]
        branch = select(facts.c[week].label("week"), *[facts.c[name] for name in AREA_KEYS], *measures)
        branch = branch.where(facts.c[week].is_not(None))
        branches.append(branch if condition is None else branch.where(condition))
    events = union_all(*branches).subquery("events")
    keys_of_events = [events.c[name] for name in WEEKLY_KEYS]
    query = (select(*keys_of_events, *[func.sum(events.c[name]) for name in WEEKLY_MEASURES])
             .group_by(*keys_of_events))
    return query if keys is None else query.where(tuple_(*keys_of_events).in_(keys))


def _kelurahan_weekly_query():
    keys = [WEEKLY.c[name] for name in KELURAHAN_WEEKLY_KEYS]
    return select(*keys, *[func.sum(WEEKLY.c[name]) for name in WEEKLY_MEASURES]).group_by(*keys)


def _origins_query():
    keys = [FACTS.c[name] for name in ORIGIN_FACT_KEYS]
    return select(*keys, func.count()).where(FACTS.c.status != REJECTED).group_by(*keys)


def _rt_now_query():
    kos = func.coalesce(FACTS.c.kos_code, NO_KOS)
    keys = [*[FACTS.c[name] for name in AREA_KEYS], kos]
    return select(*keys, func.sum(case((FACTS.c.status.in_(PRESENT), 1), else_=0)),
                  func.sum(case((FACTS.c.status == RECORDED, 1), else_=0)),
                  func.max(FACTS.c.recorded_at)).group_by(*keys)


def _present(value) -> bool:
    """A week column's value is a date (NULL comes back as None, from pandas as NaT)."""
    return value is not None and value == value
