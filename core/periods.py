"""Reporting periods, for every domain: a span of whole days in the city's time, the span just
before it, the last N days and a calendar month cut at today. Mart queries filter on days
(`received_day` and the like), so a period is a pair of dates, both included."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from core.clock import city_today


DEFAULT_PERIOD_DAYS = 30  # what the complaints and KPI pages show first, against the 30 days before


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


def whole_months(period: Period) -> Period | None:
    """The whole calendar months inside `period` (from the first day of the first one to the last
    day of the last one), None when it holds no whole month. A month grain answers this span; the
    days before and after it need a day grain."""
    first = period.start if period.start.day == 1 else _next_month(period.start)
    stop = (period.end + timedelta(days=1)).replace(day=1)  # the first day of the month after the last whole one
    return Period(first, stop - timedelta(days=1)) if first < stop else None


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_of(days) -> dict[date, list]:
    """The days grouped by the first day of their month."""
    grouped: dict[date, list] = {}
    for day in days:
        grouped.setdefault(month_start(day), []).append(day)
    return grouped


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)
