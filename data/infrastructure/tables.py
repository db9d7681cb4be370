"""Infrastructure monitoring mart tables, built from the change log only (etl/infrastructure).

- `fct_infra_devices`: one row per device, its latest inventory snapshot (kind, place, owner OPD,
  contract and vendor with the contract's objective).
- `fct_infra_events`: every state change (one row per event: state, start, end), the device's
  history, the wall's newest changes and each device's current state (its open event).
- `fct_infra_outages`: the events in FAILED_STATES or UNREACHABLE, with duration (NULL while
  open), root cause and suppressed_by; `own`: the device's own failure (root cause = itself),
  what MTTR averages.
- `agg_infra_availability_daily`: per device and city day (WIB), the seconds spent in each state
  group: up (UP, PENDING), failed (FAILED_STATES), excluded (EXCLUDED_STATES). Availability =
  up / (up + failed): maintenance, unreachable and unknown time count for nobody. An open event
  is counted up to the ETL's "now" when it last counted them, at most a minute ago while changes
  come (`etl_infra_counted_until`).
- `agg_infra_availability_monthly`: the same per device and month, for long periods.
- `agg_infra_devices_now`: each active device with its state now (its newest open event's state,
  since, root cause and the parent hiding it; UNKNOWN before its first event), recomputed by the
  ETL for the devices a batch touched: the live map, the wall and the landing page read one row
  per device instead of matching the devices with their open events on every request.

The events, outages and aggregate carry the device's dimensions (OPD, kecamatan, kelurahan,
contract, vendor) as the device's latest snapshot has them, so a moved or re-contracted device
moves its history with it (the same after a full refresh). Unknown codes are stored as '' (as the
other domains' marts do); a device without a valid snapshot has no dimensions.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import BigId, UtcDateTime, WarehouseBase

DEVICES_MART = "infra_devices"
OUTAGES_MART = "infra_outages"
AVAILABILITY_MART = "infra_availability"
INFRA_MARTS = (DEVICES_MART, OUTAGES_MART, AVAILABILITY_MART)  # the mart versions the pages watch

# the device's dimensions copied onto its events, outages and aggregate rows ('' when unknown)
DEVICE_DIMENSIONS = ("opd_code", "kecamatan_code", "kelurahan_code", "contract_code", "vendor")


class _Dimensions:
    """The device's dimensions, as every table but the devices' own carries them."""

    opd_code: Mapped[str] = mapped_column(String(32))
    kecamatan_code: Mapped[str] = mapped_column(String(16))
    kelurahan_code: Mapped[str] = mapped_column(String(16))
    contract_code: Mapped[str] = mapped_column(String(40))
    vendor: Mapped[str] = mapped_column(String(200))


class FctInfraDevice(_Dimensions, WarehouseBase):
    __tablename__ = "fct_infra_devices"

    device_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    probe: Mapped[str] = mapped_column(String(16))
    slo_percent: Mapped[float | None] = mapped_column(Float, nullable=True)  # the contract's objective
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    parents: Mapped[str] = mapped_column(Text)  # parent codes, space-separated, sorted
    active: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    __table_args__ = (
        Index("ix_fct_infra_devices_kind", "kind"),
        Index("ix_fct_infra_devices_kelurahan", "kelurahan_code"),
        Index("ix_fct_infra_devices_contract", "contract_code"),
    )


class FctInfraEvent(_Dimensions, WarehouseBase):
    __tablename__ = "fct_infra_events"

    event_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    device_code: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)  # NULL while it lasts
    started_day: Mapped[date] = mapped_column(Date)  # the city's day (WIB)
    root_cause_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    suppressed_by: Mapped[str | None] = mapped_column(String(40), nullable=True)
    source: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        Index("ix_fct_infra_events_device_started", "device_code", "started_at"),
        Index("ix_fct_infra_events_started", "started_at"),
        Index("ix_fct_infra_events_ended", "ended_at"),
    )


class FctInfraOutage(_Dimensions, WarehouseBase):
    __tablename__ = "fct_infra_outages"

    event_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    device_code: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))  # FAILED_STATES or UNREACHABLE
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    started_day: Mapped[date] = mapped_column(Date)
    duration_seconds: Mapped[float | None] = mapped_column(Float, nullable=True)  # NULL while open
    root_cause_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    suppressed_by: Mapped[str | None] = mapped_column(String(40), nullable=True)
    own: Mapped[bool] = mapped_column(Boolean)  # root cause = the device itself
    source: Mapped[str] = mapped_column(String(16))

    __table_args__ = (
        Index("ix_fct_infra_outages_day", "started_day"),
        Index("ix_fct_infra_outages_ended", "ended_at"),
        Index("ix_fct_infra_outages_device_started", "device_code", "started_at"),
        Index("ix_fct_infra_outages_root_cause", "root_cause_code"),
    )


AVAILABILITY_MEASURES = ("up_seconds", "failed_seconds", "excluded_seconds")


class AggInfraAvailabilityDaily(_Dimensions, WarehouseBase):
    __tablename__ = "agg_infra_availability_daily"

    device_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)  # the city's day (WIB)
    month: Mapped[date] = mapped_column(Date)                  # the first day of the day's month
    kind: Mapped[str] = mapped_column(String(16))
    up_seconds: Mapped[float] = mapped_column(Float)        # UP and PENDING
    failed_seconds: Mapped[float] = mapped_column(Float)    # FAILED_STATES: the device's own failure
    excluded_seconds: Mapped[float] = mapped_column(Float)  # EXCLUDED_STATES: counted for nobody

    __table_args__ = (
        Index("ix_agg_infra_availability_day_kind", "day", "kind"),
        Index("ix_agg_infra_availability_contract_day", "contract_code", "day"),
        Index("ix_agg_infra_availability_kelurahan_day", "kelurahan_code", "day"),
        Index("ix_agg_infra_availability_month_kind", "month", "kind"),
    )


class AggInfraAvailabilityMonthly(_Dimensions, WarehouseBase):
    """The daily aggregate summed per device and month (rebuilt from it for the months a batch
    touched): a year's SLA report reads 12 rows per device instead of 365, and the days of a
    period's partial months from the daily aggregate."""

    __tablename__ = "agg_infra_availability_monthly"

    device_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # its first day
    kind: Mapped[str] = mapped_column(String(16))
    up_seconds: Mapped[float] = mapped_column(Float)
    failed_seconds: Mapped[float] = mapped_column(Float)
    excluded_seconds: Mapped[float] = mapped_column(Float)

    __table_args__ = (
        Index("ix_agg_infra_availability_monthly_month_kind", "month", "kind"),
    )


class AggInfraDeviceNow(_Dimensions, WarehouseBase):
    """Each active device (its fact's kind, name, place and dimensions) with its state now
    (etl/infrastructure/devices_now.py)."""

    __tablename__ = "agg_infra_devices_now"

    device_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    state: Mapped[str] = mapped_column(String(16))                                 # UNKNOWN before any event
    since: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)     # the open event's start
    root_cause_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    suppressed_by: Mapped[str | None] = mapped_column(String(40), nullable=True)  # the parent hiding it

    __table_args__ = (
        Index("ix_agg_infra_devices_now_kind_state", "kind", "state"),
    )


class EtlInfraCountedUntil(WarehouseBase):
    """The moment the aggregate counted open events up to (the ETL's "now" at its last count, at
    most once a minute: etl.infrastructure.job.count_until): a later count goes on from there,
    so a device down for three days with no new event still has its three days counted."""

    __tablename__ = "etl_infra_counted_until"

    job: Mapped[str] = mapped_column(String(64), primary_key=True)
    counted_until: Mapped[datetime] = mapped_column(UtcDateTime)
