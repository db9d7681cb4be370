"""Sipandu mart tables, built from the change log's `sipandu_newcomer` and `sipandu_kos` snapshots
(etl/sipandu), or on a full refresh from the module's tables through the domain's extract.

- `fct_sipandu_newcomers`: one row per newcomer record (its pseudonymous id), its latest snapshot,
  with the city's week (and month) of each step worked out for the aggregates.
- `fct_sipandu_kos`: one row per boarding house: where, its capacity, whether it is active.
- `agg_sipandu_weekly`: per week x RT, the records' steps counted in the week each happened
  (WEEKLY_MEASURES). The non-permanent residents of an area at a week's end are the running sum of
  arrivals - departures - expiries (data/sipandu/queries.py), never stored per week.
- `agg_sipandu_weekly_kelurahan`: the same counts summed per week x kelurahan, for the scopes that
  need no RW nor RT (the city, a camat, a lurah): the city's running sum over five years reads
  about 40,000 rows instead of half a million.
- `agg_sipandu_weekly_city`: the same counts summed over the city, one row a week
  (core.domains.Mart.city_wide_tables): the city's running sum reads some 260 rows for five years.
- `agg_sipandu_origins`: arrivals per month x kelurahan x origin regency x purpose; carries no RW
  nor RT (core.domains.Mart.coarse_tables): an RW head's or RT head's scope reads the facts (and
  the per-RT weekly aggregate instead of the per-kelurahan one).
- `agg_sipandu_origins_city`: the same arrivals summed over the city per month x origin regency x
  purpose (core.domains.Mart.city_wide_tables): at city scale some 90 rows a month against 4,000
  arrivals, where the aggregate per kelurahan holds three rows for every four arrivals (a
  kelurahan sees few newcomers from one regency in one month).
- `agg_sipandu_origins_city_daily`: the city's arrivals per city day x origin regency x purpose
  (about 90 rows a day): the days of a period before its first whole month (up to 30), which would
  otherwise be counted from the facts (some 40,000 arrivals at ten times the city).
- `agg_sipandu_rt_now`: per RT and boarding house (NO_KOS for the records at none), over every
  record: `present` (recorded or active), `unverified` (recorded, waiting for the kelurahan) and
  `last_recorded_at`. Where they live now, the boarding houses' fill and the silent RTs read some
  14,000 rows at city scale instead of counting 50,000 present records on every request.
- `dim_sipandu_rt`: every RT of the city (core.reference.RtUnit), so that an RT that recorded
  nothing ("silent") can be found.

Nothing personal: the snapshots carry no NIK, name, address, sponsor or owner, and neither does
any table here. Weeks start on Monday and, like months, are the city's (WIB).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import BigInteger, Boolean, Date, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UtcDateTime, WarehouseBase

SIPANDU_MART = "sipandu"
SIPANDU_MARTS = (SIPANDU_MART,)  # the mart versions the pages watch

AREA_KEYS = ("kecamatan_code", "kelurahan_code", "rw", "rt")
WEEKLY_KEYS = ("week", *AREA_KEYS)
KELURAHAN_WEEKLY_KEYS = ("week", "kecamatan_code", "kelurahan_code")
WEEKLY_MEASURES = ("arrivals", "departures", "expiries", "recorded", "recorded_in_time", "verified", "rejected")
ORIGIN_KEYS = ("month", "kecamatan_code", "kelurahan_code", "origin_province", "origin_regency", "purpose")
CITY_ORIGIN_KEYS = ("month", "origin_province", "origin_regency", "purpose")
CITY_DAILY_ORIGIN_KEYS = ("day", "origin_province", "origin_regency", "purpose")
RT_NOW_KEYS = (*AREA_KEYS, "kos_code")
NO_KOS = ""  # agg_sipandu_rt_now's kos_code for the records at no boarding house (a key cannot be NULL)
# the fact's week of each step, the keys of agg_sipandu_weekly it counts in
WEEK_COLUMNS = ("arrival_week", "recorded_week", "verified_week", "left_week", "ended_week")


def week_of(day: date) -> date:
    """The Monday of a city day's week: what agg_sipandu_weekly.week holds."""
    return day - timedelta(days=day.weekday())


def month_of(day: date) -> date:
    """The first day of a city day's month: what agg_sipandu_origins.month holds."""
    return day.replace(day=1)


class FctSipanduNewcomer(WarehouseBase):
    __tablename__ = "fct_sipandu_newcomers"

    newcomer_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kecamatan_code: Mapped[str] = mapped_column(String(16))
    kelurahan_code: Mapped[str] = mapped_column(String(16))
    rw: Mapped[int] = mapped_column(SmallInteger)
    rt: Mapped[int] = mapped_column(SmallInteger)
    kos_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    origin_province: Mapped[str] = mapped_column(String(2))     # Kemendagri 'PP'
    origin_regency: Mapped[str] = mapped_column(String(8))      # Kemendagri 'PP.RR'
    purpose: Mapped[str] = mapped_column(String(8))             # work | study | other
    status: Mapped[str] = mapped_column(String(12))             # modules/sipandu/workflow.py STATUSES
    duplicate_flag: Mapped[bool] = mapped_column(Boolean)
    rejection_reason: Mapped[str | None] = mapped_column(String(16), nullable=True)
    arrived_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    report_minutes: Mapped[int] = mapped_column(Integer)        # recorded_at - arrived_at, whole minutes
    reported_in_time: Mapped[bool] = mapped_column(Boolean)     # within sipandu.report_within_hours
    stay_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    verified_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    left_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    destination_regency: Mapped[str | None] = mapped_column(String(8), nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # the city's week (its Monday) of each step, and the month (its first day) of the arrival
    arrival_week: Mapped[date] = mapped_column(Date)
    recorded_week: Mapped[date] = mapped_column(Date)
    verified_week: Mapped[date | None] = mapped_column(Date, nullable=True)
    left_week: Mapped[date | None] = mapped_column(Date, nullable=True)
    ended_week: Mapped[date | None] = mapped_column(Date, nullable=True)
    arrival_month: Mapped[date] = mapped_column(Date)

    __table_args__ = (
        # an RT's records by time (silent RTs, an RW or RT head's reads, the weekly rebuild), the
        # open ones per area (backlog, residents now), a boarding house's, the city's since a day,
        # and a month's arrivals per kelurahan (the origins' rebuild)
        Index("ix_fct_sipandu_newcomers_rt_recorded", "kelurahan_code", "rw", "rt", "recorded_at"),
        Index("ix_fct_sipandu_newcomers_status_rt", "status", "kelurahan_code", "rw", "rt"),
        Index("ix_fct_sipandu_newcomers_kos", "kos_code", "status"),
        Index("ix_fct_sipandu_newcomers_arrived", "arrived_at"),
        Index("ix_fct_sipandu_newcomers_recorded", "recorded_at"),
        Index("ix_fct_sipandu_newcomers_month_kelurahan", "arrival_month", "kelurahan_code"),
    )


class FctSipanduKos(WarehouseBase):
    __tablename__ = "fct_sipandu_kos"

    kos_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    kecamatan_code: Mapped[str] = mapped_column(String(16))
    kelurahan_code: Mapped[str] = mapped_column(String(16))
    rw: Mapped[int] = mapped_column(SmallInteger)
    rt: Mapped[int] = mapped_column(SmallInteger)
    capacity: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    __table_args__ = (Index("ix_fct_sipandu_kos_rt", "kelurahan_code", "rw", "rt"),)


class WeeklyMeasures:
    """A week's counts (WEEKLY_MEASURES): `arrivals` (records not rejected, by arrival),
    `departures` (moved out, by leaving), `expiries` (expired, by the end), `recorded` and
    `recorded_in_time` (by recording), `verified` (by verification), `rejected` (by the end)."""

    arrivals: Mapped[int] = mapped_column(Integer)
    departures: Mapped[int] = mapped_column(Integer)
    expiries: Mapped[int] = mapped_column(Integer)
    recorded: Mapped[int] = mapped_column(Integer)
    recorded_in_time: Mapped[int] = mapped_column(Integer)
    verified: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer)


class AggSipanduWeekly(WeeklyMeasures, WarehouseBase):
    """Per city week (its Monday) and RT, the week's counts (WeeklyMeasures)."""

    __tablename__ = "agg_sipandu_weekly"

    week: Mapped[date] = mapped_column(Date, primary_key=True)
    kecamatan_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    kelurahan_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    rw: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    rt: Mapped[int] = mapped_column(SmallInteger, primary_key=True)

    __table_args__ = (
        Index("ix_agg_sipandu_weekly_rt_week", "kelurahan_code", "rw", "rt", "week"),
        Index("ix_agg_sipandu_weekly_kecamatan_week", "kecamatan_code", "week"),
    )


class AggSipanduWeeklyKelurahan(WeeklyMeasures, WarehouseBase):
    """agg_sipandu_weekly summed over the RWs and RTs of each kelurahan (the same measures)."""

    __tablename__ = "agg_sipandu_weekly_kelurahan"

    week: Mapped[date] = mapped_column(Date, primary_key=True)
    kecamatan_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    kelurahan_code: Mapped[str] = mapped_column(String(16), primary_key=True)

    __table_args__ = (
        Index("ix_agg_sipandu_weekly_kelurahan_kecamatan_week", "kecamatan_code", "week"),
        Index("ix_agg_sipandu_weekly_kelurahan_kelurahan_week", "kelurahan_code", "week"),
    )


class AggSipanduWeeklyCity(WeeklyMeasures, WarehouseBase):
    """agg_sipandu_weekly summed over the whole city: one row a week."""

    __tablename__ = "agg_sipandu_weekly_city"

    week: Mapped[date] = mapped_column(Date, primary_key=True)


class AggSipanduOrigin(WarehouseBase):
    """Arrivals (records not rejected) per city month (its first day) of arrival."""

    __tablename__ = "agg_sipandu_origins"

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    kecamatan_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    kelurahan_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    origin_province: Mapped[str] = mapped_column(String(2), primary_key=True)
    origin_regency: Mapped[str] = mapped_column(String(8), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(8), primary_key=True)
    arrivals: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_agg_sipandu_origins_kecamatan_month", "kecamatan_code", "month"),
        Index("ix_agg_sipandu_origins_kelurahan_month", "kelurahan_code", "month"),
    )


class AggSipanduOriginCity(WarehouseBase):
    """agg_sipandu_origins summed over the city's kelurahans: arrivals per city month of arrival."""

    __tablename__ = "agg_sipandu_origins_city"

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    origin_province: Mapped[str] = mapped_column(String(2), primary_key=True)
    origin_regency: Mapped[str] = mapped_column(String(8), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(8), primary_key=True)
    arrivals: Mapped[int] = mapped_column(Integer)


class AggSipanduOriginCityDaily(WarehouseBase):
    """The city's arrivals (records not rejected) per city day of arrival."""

    __tablename__ = "agg_sipandu_origins_city_daily"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    origin_province: Mapped[str] = mapped_column(String(2), primary_key=True)
    origin_regency: Mapped[str] = mapped_column(String(8), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(8), primary_key=True)
    arrivals: Mapped[int] = mapped_column(Integer)


class AggSipanduRtNow(WarehouseBase):
    """Per RT and boarding house (NO_KOS: none), the records as they stand now: `present`
    (recorded or active), `unverified` (of them, recorded), and the last one's `last_recorded_at`."""

    __tablename__ = "agg_sipandu_rt_now"

    kecamatan_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    kelurahan_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    rw: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    rt: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    kos_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    present: Mapped[int] = mapped_column(Integer)
    unverified: Mapped[int] = mapped_column(Integer)
    last_recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_agg_sipandu_rt_now_rt", "kelurahan_code", "rw", "rt"),)


class DimSipanduRt(WarehouseBase):
    """Every RT of the city, from the reference table rt_units (code: core.reference.rt_unit_code)."""

    __tablename__ = "dim_sipandu_rt"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    kecamatan_code: Mapped[str] = mapped_column(String(16))
    kelurahan_code: Mapped[str] = mapped_column(String(16))
    rw: Mapped[int] = mapped_column(SmallInteger)
    rt: Mapped[int] = mapped_column(SmallInteger)

    __table_args__ = (Index("ix_dim_sipandu_rt_area", "kelurahan_code", "rw", "rt"),)
