"""Reporting periods, for every domain: a span of whole days in the city's time, the span just
before it, the last N days and a calendar month cut at today. Mart queries filter on days
(`received_day` and the like), so a period is a pair of dates, both included."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from core.clock import city_today


DEFAULT_PERIOD_DAYS = 30  # what the complaints and KPI pages show first, against the 30 days before
# A full refresh rebuilds a daily aggregate a quarter of days at a time, so that its memory does not
# grow with the city's history (every infrastructure event at once took 24 GB at ten times the city).
FULL_REFRESH_DAYS = 92


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        """The span of the same length that ends the day before this one starts."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))


def last_days(days: int, today: date | None = None) -> Period:
    """The `days` days up to and including today (the city's today by default)."""
    today = today or city_today()
    return Period(today - timedelta(days=days - 1), today)


def calendar_month(year: int, month: int, today: date) -> Period:
    """The month, cut at today when it is the current one (never shorter than one day)."""
    start = date(year, month, 1)
    end = min(date(year, month, calendar.monthrange(year, month)[1]), today)
    return Period(start, max(end, start))


# --- months: the grain of the monthly aggregates -------------------------------------------------

def month_start(day: date) -> date:
    """The first day of a day's month: what a monthly aggregate's `month` holds."""
    return day.replace(day=1)


def next_month(day: date) -> date:
    """The first day of the month after a day's."""
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def months_between(first: date, last: date) -> list[date]:
    """The first days of the months from `first`'s to `last`'s."""
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def whole_months(start: date, end: date) -> tuple[list[date], list[tuple[date, date]]]:
    """The first days of the months wholly inside [start, end], and the other days of the period as
    at most two (first, last) ranges: a monthly aggregate answers the first, a daily one the rest."""
    first = start if start.day == 1 else next_month(start)
    stop = month_start(end + timedelta(days=1))  # the first day after the last whole month
    if first >= stop:
        return [], [(start, end)]
    months = months_between(first, stop - timedelta(days=1))
    loose = ([(start, first - timedelta(days=1))] if start < first else []) + ([(stop, end)] if stop <= end else [])
    return months, loose


def day_windows(first: date, last: date, days: int = FULL_REFRESH_DAYS):
    """[start, stop) windows of `days` days, from `first` until `last` is covered: the slices a full
    refresh rebuilds one at a time."""
    start = first
    while start <= last:
        stop = start + timedelta(days=days)
        yield start, stop
        start = stop
