"""The city's working-time calendar, for any service level that counts office hours only:
Monday to Friday 08:00-16:00 in the city's time (WIB), skipping Indonesian public holidays (from
the `holidays` package). Pure functions: a start moment and a number of working minutes give the
moment they run out."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache

import holidays

from core.clock import CITY_ZONE

WORKDAY_START = time(8, 0)
WORKDAY_END = time(16, 0)


def add_working_minutes(start: datetime, minutes: int) -> datetime:
    """`start` plus `minutes` of working time, in UTC. Time outside working hours does not count."""
    moment = start.astimezone(CITY_ZONE)
    remaining = timedelta(minutes=minutes)
    while True:
        moment = _next_working_moment(moment)
        day_end = datetime.combine(moment.date(), WORKDAY_END, CITY_ZONE)
        if moment + remaining <= day_end:
            return (moment + remaining).astimezone(timezone.utc)
        remaining -= day_end - moment
        moment = day_end


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _indonesian_holidays(day.year)


def _next_working_moment(moment: datetime) -> datetime:
    """`moment` if it is inside working hours, else the start of the next working period."""
    day = moment.date()
    if is_working_day(day) and WORKDAY_START <= moment.time() < WORKDAY_END:
        return moment
    if is_working_day(day) and moment.time() < WORKDAY_START:
        return datetime.combine(day, WORKDAY_START, CITY_ZONE)
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return datetime.combine(day, WORKDAY_START, CITY_ZONE)


@lru_cache(maxsize=32)
def _indonesian_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("ID", years=year)
