"""agg_infra_availability_daily: the seconds each device spent in each state group per city day,
recounted from the events for the (device, day) keys a batch touched; agg_infra_availability_monthly
summed from it for the months they fall in.

An event counts from its start to its end, or, while open, to the ETL's "now" (`until`); an event
spanning days is cut at the city's midnights (WIB, UTC+7 all year). Whole keys are recounted from
the events, never adjusted by deltas, so a batch that reopens, closes or moves an event leaves the
aggregate as a full refresh would make it. The keys a batch touches: every day an event of the
batch spans (as stored before and as it is now, open ones up to `until`), and every day from the
last count to `until` of each open event (`open_event_keys`): a device down for three days with no
new event still has its three days counted.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import delete, func, or_, select

from core.clock import city_clock_column, city_day, city_midnight
from core.db import is_member, key_parts
from core.periods import FULL_REFRESH_DAYS, day_windows, months_between, next_month
from data.infrastructure.tables import (AVAILABILITY_MEASURES, DEVICE_DIMENSIONS, AggInfraAvailabilityDaily,
                                        AggInfraAvailabilityMonthly, FctInfraDevice, FctInfraEvent)
from etl.load import replace_rows
from modules.infrastructure.kinds import EXCLUDED_STATES, FAILED_STATES, PENDING, UP

AGG = AggInfraAvailabilityDaily.__table__
MONTHLY = AggInfraAvailabilityMonthly.__table__
EVENTS = FctInfraEvent.__table__
DEVICES = FctInfraDevice.__table__
DAY = pd.Timedelta(days=1)
MANY_DEVICES = 500  # above this many, the dimensions of every device are read at once

# state -> the aggregate's measure it counts in
MEASURE_OF_STATE = {UP: "up_seconds", PENDING: "up_seconds",
                    **{state: "failed_seconds" for state in FAILED_STATES},
                    **{state: "excluded_seconds" for state in EXCLUDED_STATES}}


# --- which keys ----------------------------------------------------------------------------------

def spanned_keys(events: pd.DataFrame, until: datetime) -> set[tuple[str, date]]:
    """The (device, day) keys the events span, open ones up to `until`."""
    pieces = _day_pieces(events, until)
    return set(zip(pieces["device_code"], pieces["day"]))


def open_event_keys(connection, since: datetime | None, until: datetime) -> set[tuple[str, date]]:
    """The days from `since` (the last count) to `until` of every open event: the days whose count
    grew since the last batch though no event of them changed. None: nothing counted yet."""
    if since is None:
        return set()
    rows = connection.execute(select(EVENTS.c.device_code, EVENTS.c.started_at)
                              .where(EVENTS.c.ended_at.is_(None), EVENTS.c.started_at < until)).all()
    first_day = city_day(since)
    keys = set()
    for device_code, started_at in rows:
        day = max(city_day(started_at), first_day)
        while day <= city_day(until):
            keys.add((device_code, day))
            day += timedelta(days=1)
    return keys


# --- recount -------------------------------------------------------------------------------------

def rebuild_keys(connection, keys: set[tuple[str, date]] | None, until: datetime) -> None:
    """Recount the daily rows of `keys` (None: every row) from the events, then the monthly rows
    of the months they fall in from the daily ones."""
    _rebuild_days(connection, keys, until)
    _rebuild_months(connection, None if keys is None else {(code, day.replace(day=1)) for code, day in keys})


def _rebuild_months(connection, keys: set[tuple[str, date]] | None) -> None:
    """(device, month) rows as the sums of their daily rows (the dimensions are the same on every
    row of a device: the ETL copies them); None: every row."""
    group = [AGG.c.device_code, AGG.c.month, AGG.c.kind, *[AGG.c[name] for name in DEVICE_DIMENSIONS]]
    query = select(*group, *[func.sum(AGG.c[name]) for name in AVAILABILITY_MEASURES]).group_by(*group)
    columns = [column.name for column in group] + list(AVAILABILITY_MEASURES)
    if keys is None:
        # month by month: one GROUP BY over every daily row sorts them all at once (at ten times the
        # city 43 million rows; a full refresh on SQLite had not got past it when its session ended);
        # a month's rows are found through the month's index, written device by device in order
        connection.execute(delete(MONTHLY))
        first, last = connection.execute(select(func.min(AGG.c.day), func.max(AGG.c.day))).one()
        for month in months_between(first, last) if first is not None else []:
            connection.execute(MONTHLY.insert().from_select(
                columns, query.where(AGG.c.month == month).order_by(AGG.c.device_code)))
        return
    for code, month, members in _key_groups(connection, keys):
        if month is not None:  # one month, many devices: the daily rows of the month's days
            daily = [AGG.c.day >= month, AGG.c.day < next_month(month),
                     is_member(connection, AGG.c.device_code, members)]
            monthly = [MONTHLY.c.month == month, is_member(connection, MONTHLY.c.device_code, members)]
        else:  # one device, many months
            daily = [AGG.c.device_code == code, is_member(connection, AGG.c.month, members)]
            monthly = [MONTHLY.c.device_code == code, is_member(connection, MONTHLY.c.month, members)]
        connection.execute(delete(MONTHLY).where(*monthly))
        connection.execute(MONTHLY.insert().from_select(columns, query.where(*daily)))


def _rebuild_days(connection, keys: set[tuple[str, date]] | None, until: datetime) -> None:
    if keys is None:
        connection.execute(delete(AGG))
        for first, stop in _refresh_windows(connection, until):
            # a window's events at a time (every event at once took 24 GB at ten times the city),
            # its days written day by day, as the batches write them: the pages read a period's
            # days, and rows written device by device leave each day's 2,600 rows on as many pages
            events = _read_events(connection, None, city_midnight(first), city_midnight(stop))
            counted = _count(events, until)
            counted = counted[(counted["day"] >= first) & (counted["day"] < stop)]
            counted = counted.sort_values(["day", "device_code"], kind="stable")
            replace_rows(connection, AGG, "device_code", _rows(connection, counted), emptied=True)
        return
    for code, day, members in _key_groups(connection, keys):
        if day is not None:
            connection.execute(delete(AGG).where(AGG.c.day == day, is_member(connection, AGG.c.device_code, members)))
        else:
            connection.execute(delete(AGG).where(AGG.c.device_code == code, is_member(connection, AGG.c.day, members)))
    for part in key_parts(connection, sorted(keys)):
        chunk = pd.DataFrame(part, columns=["device_code", "day"])
        window = (city_midnight(min(chunk["day"])), city_midnight(max(chunk["day"]) + timedelta(days=1)))
        events = _read_events(connection, sorted(set(chunk["device_code"])), *window)
        counted = _count(events, until).merge(chunk, on=["device_code", "day"])
        replace_rows(connection, AGG, "device_code", _rows(connection, counted), emptied=True)


def _refresh_windows(connection, until: datetime):
    """[first, stop) city days, FULL_REFRESH_DAYS at a time, from the first event's day to the day
    of `until` or of the last event's end, whichever is later."""
    first_start, last_end, last_start = connection.execute(
        select(func.min(EVENTS.c.started_at), func.max(EVENTS.c.ended_at), func.max(EVENTS.c.started_at))).one()
    if first_start is None:
        return
    last = max(city_day(moment) for moment in (until, last_end or until, last_start))
    yield from day_windows(city_day(first_start), last, FULL_REFRESH_DAYS)


def _key_groups(connection, keys: set[tuple[str, date]]):
    """(device, period) keys as few statements need them: (None, period, devices) per period when
    the keys share few periods (an open refresh: every device, today), else (device, None,
    periods) per device (a long event closed: one device, many days); each list cut to what one
    statement takes (is_member)."""
    by_period: dict = {}
    by_code: dict = {}
    for code, period in keys:
        by_period.setdefault(period, []).append(code)
        by_code.setdefault(code, []).append(period)
    if len(by_period) <= len(by_code):
        for period, codes in sorted(by_period.items()):
            for part in key_parts(connection, sorted(codes)):
                yield None, period, part
    else:
        for code, periods in sorted(by_code.items()):
            for part in key_parts(connection, sorted(periods)):
                yield code, None, part


def _count(events: pd.DataFrame, until: datetime) -> pd.DataFrame:
    """Seconds per device, day and measure (up, failed, excluded)."""
    pieces = _day_pieces(events, until)
    pieces["measure"] = pieces["state"].map(MEASURE_OF_STATE)
    pieces = pieces[pieces["measure"].notna() & (pieces["seconds"] > 0)]
    if pieces.empty:
        return pd.DataFrame(columns=["device_code", "day", *AVAILABILITY_MEASURES])
    counted = (pieces.pivot_table(index=["device_code", "day"], columns="measure", values="seconds", aggfunc="sum")
               .reindex(columns=list(AVAILABILITY_MEASURES)).fillna(0.0).round(3).reset_index())
    counted.columns.name = None
    return counted[["device_code", "day", *AVAILABILITY_MEASURES]]


def _day_pieces(events: pd.DataFrame, until: datetime) -> pd.DataFrame:
    """Each event cut at the city's midnights: device_code, state, day, seconds (open events end at
    `until`; an event ending before it starts counts nothing)."""
    if events.empty:
        return pd.DataFrame({"device_code": pd.Series(dtype=object), "state": pd.Series(dtype=object),
                             "day": pd.Series(dtype=object), "seconds": pd.Series(dtype=float)})
    start = city_clock_column(events["started_at"])
    end = city_clock_column(events["ended_at"]).fillna(city_clock_column(pd.Series([until]))[0])
    end = end.where(end > start, start)
    first = start.dt.floor("D")
    last = (end - pd.Timedelta(microseconds=1)).dt.floor("D").where(end > start, first - DAY)
    days = ((last - first) // DAY + 1).clip(lower=0).astype("int64").to_numpy()
    at = np.repeat(np.arange(len(events)), days)
    offset = np.arange(len(at)) - np.repeat(np.cumsum(days) - days, days)
    day = first.to_numpy()[at] + offset * np.timedelta64(1, "D")
    piece_start = np.maximum(start.to_numpy()[at], day)
    piece_end = np.minimum(end.to_numpy()[at], day + np.timedelta64(1, "D"))
    return pd.DataFrame({"device_code": events["device_code"].to_numpy()[at], "state": events["state"].to_numpy()[at],
                         "day": pd.to_datetime(day).date,
                         "seconds": (piece_end - piece_start) / np.timedelta64(1, "s")})


def _read_events(connection, devices: list[str] | None, window_start, window_end) -> pd.DataFrame:
    """The events of `devices` (None: every device) overlapping the window."""
    query = select(EVENTS.c.device_code, EVENTS.c.state, EVENTS.c.started_at, EVENTS.c.ended_at).where(
        EVENTS.c.started_at < window_end, or_(EVENTS.c.ended_at.is_(None), EVENTS.c.ended_at > window_start))
    if devices is not None:
        query = query.where(is_member(connection, EVENTS.c.device_code, devices))
    frame = pd.DataFrame(connection.execute(query).all(), columns=["device_code", "state", "started_at", "ended_at"])
    for column in ("started_at", "ended_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def _rows(connection, counted: pd.DataFrame) -> pd.DataFrame:
    """Counted keys with the month and their device's dimensions ('' for a device without a fact)."""
    dimensions = device_dimension_frame(connection, sorted(set(counted["device_code"])))
    rows = counted.merge(dimensions, on="device_code", how="left")
    for column in ("kind", *DEVICE_DIMENSIONS):
        rows[column] = rows[column].fillna("").astype(object)
    rows["month"] = [day.replace(day=1) for day in rows["day"]]
    return rows[[column.name for column in AGG.columns]]


def device_dimension_frame(connection, devices: list[str]) -> pd.DataFrame:
    """device_code, kind and the dimensions of the devices that have a fact."""
    columns = [DEVICES.c.device_code, DEVICES.c.kind, *[DEVICES.c[name] for name in DEVICE_DIMENSIONS]]
    names = [column.name for column in columns]
    if len(devices) > MANY_DEVICES:  # most of the fleet (an open refresh): one read of every device
        every = pd.DataFrame(connection.execute(select(*columns)).all(), columns=names)
        return every[every["device_code"].isin(devices)].reset_index(drop=True)
    found = []
    for part in key_parts(connection, devices):
        found += connection.execute(select(*columns).where(is_member(connection, DEVICES.c.device_code, part))).all()
    return pd.DataFrame(found, columns=names)
