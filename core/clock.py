"""The city's clock, for every domain: its time zone, now, today, and moments as UTC.

Surabaya keeps WIB (Asia/Jakarta, UTC+7) all year; there is no daylight saving, so code that
shifts whole columns at once (pandas, SQL-free figures) may add CITY_OFFSET instead of converting
each value. Everything stored is UTC; the city's time is only for days, tickets and display.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

CITY_TIME_ZONE = "Asia/Jakarta"
CITY_ZONE = ZoneInfo(CITY_TIME_ZONE)
CITY_OFFSET = timedelta(hours=7)  # WIB; no daylight saving


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def minute_now() -> datetime:
    """Now, to the minute: answers that depend on the clock are cached per mart version AND minute."""
    return utc_now().replace(second=0, microsecond=0)


def as_utc(moment: datetime) -> datetime:
    """Timezone-aware UTC; a naive value is taken to be UTC already (as core.db.UtcDateTime does)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def city_time(moment: datetime) -> datetime:
    """The moment in the city's time zone (a naive value is taken to be UTC)."""
    return as_utc(moment).astimezone(CITY_ZONE)


def city_day(moment: datetime) -> date:
    """The city day a moment falls on (a naive value is taken to be UTC)."""
    return city_time(moment).date()


def city_today(now: datetime | None = None) -> date:
    return city_day(now or utc_now())


def city_midnight(day: date) -> datetime:
    """00:00 of a city day, in UTC."""
    return datetime.combine(day, datetime.min.time(), timezone.utc) - CITY_OFFSET


def city_naive(moment: datetime) -> datetime:
    """The city's wall-clock time without a zone (for text and day arithmetic on plain values)."""
    return city_time(moment).replace(tzinfo=None)


def city_text(moment: datetime | None, pattern: str = "%d/%m/%Y %H:%M", missing: str = "—") -> str:
    return missing if moment is None else city_time(moment).strftime(pattern)


def now_or(moment: datetime | None) -> datetime:
    """`moment` as UTC, or now: service functions take an optional `now` so tests fix the clock."""
    return as_utc(moment) if moment is not None else utc_now()


# --- whole columns (pandas), for the ETL's facts -------------------------------------------------

def city_clock_column(moments):
    """A pandas column of UTC moments (aware, or naive taken as UTC) as the city's naive
    wall-clock times, shifted at once by CITY_OFFSET."""
    import pandas as pd  # only the ETL and the data layer shift whole columns

    return pd.to_datetime(moments, utc=True).dt.tz_localize(None) + CITY_OFFSET


def city_day_column(moments):
    """The city day (a date) of each moment of a pandas column; None where the moment is missing."""
    days = city_clock_column(moments).dt.normalize()
    return days.dt.date.astype(object).where(days.notna(), None)


def remaining_text(minutes: int) -> str:
    """Time left to a deadline in words: 1423 -> '23 jam 43 menit lagi', -65 -> 'terlambat 1 jam 5 menit'.
    The one place a duration becomes words, so the desk, the queue and the wall all say it alike."""
    return f"terlambat {_hours_minutes(-minutes)}" if minutes < 0 else f"{_hours_minutes(minutes)} lagi"


def _hours_minutes(minutes: int) -> str:
    """Hours and minutes, a zero part left out (a count of minutes past a thousand says nothing at a glance)."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} menit"
    return f"{hours} jam" if not rest else f"{hours} jam {rest} menit"


def iso_utc(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC to the second, as change-log payloads carry times; a naive value is taken to
    be UTC (as core.db stores it)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")
