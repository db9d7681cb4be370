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
