"""Tables of the infrastructure module (prefix `infra_`). Only the service (service.py and the modules
it names) writes them.

Raw probe results are never stored: a device keeps its current state (infra_device_states), its
state changes (infra_events) and per-minute and per-day rollups of its checks, which is what
availability, latency and the SLA need (2,200 cameras probed every minute would be 3.2 million rows
a day otherwise).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, BigId, UtcDateTime

# --- inventory ------------------------------------------------------------------------------------------


class InfraContract(Base):
    """A maintenance contract with a vendor and its service level objective (reference data; the
    bundled ones in reference/infrastructure_contracts.csv are demo data)."""

    __tablename__ = "infra_contracts"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    vendor: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    slo_percent: Mapped[float] = mapped_column(Float)  # 99.0: the device must be up 99 % of the period
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)


class InfraDevice(Base):
    """A monitored device: a camera, switch, link, tunnel, host or service. `host`, `port` and
    `path` say how it is probed (kinds.PROBE_KINDS); a `passive` device gets its states from alerts."""

    __tablename__ = "infra_devices"
    __table_args__ = (Index("ix_infra_devices_kind_active", "kind", "active"),)

    code: Mapped[str] = mapped_column(String(40), primary_key=True)  # CAM-35780110010001, SW-ACC-0012
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    probe: Mapped[str] = mapped_column(String(16))
    host: Mapped[str] = mapped_column(String(253), default="")
    port: Mapped[int | None] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(String(500), default="")
    interval_seconds: Mapped[int] = mapped_column(Integer)
    timeout_seconds: Mapped[float] = mapped_column(Float)
    retries: Mapped[int] = mapped_column(Integer)  # consecutive failures before DOWN
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    kelurahan_code: Mapped[str | None] = mapped_column(ForeignKey("kelurahan.code"))
    kecamatan_code: Mapped[str | None] = mapped_column(ForeignKey("kecamatan.code"), index=True)
    opd_code: Mapped[str | None] = mapped_column(ForeignKey("opd.code"))  # the owner
    contract_code: Mapped[str | None] = mapped_column(ForeignKey("infra_contracts.code"))
    watches: Mapped[str] = mapped_column(Text, default="")  # what a camera watches
    site: Mapped[str] = mapped_column(String(100), default="")  # a VPN tunnel's site
    end_a: Mapped[str] = mapped_column(String(100), default="")  # a fibre or wireless link's ends
    end_b: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class InfraDeviceParent(Base):
    """An uplink: `device_code` is reached through `parent_code`. A device may have several
    (redundant uplinks); it is UNREACHABLE only when all of them hide it."""

    __tablename__ = "infra_device_parents"

    device_code: Mapped[str] = mapped_column(ForeignKey("infra_devices.code"), primary_key=True)
    parent_code: Mapped[str] = mapped_column(ForeignKey("infra_devices.code"), primary_key=True, index=True)


# --- state --------------------------------------------------------------------------------------------


class InfraDeviceState(Base):
    """A device's state now, one row per device (written with the device)."""

    __tablename__ = "infra_device_states"
    __table_args__ = (Index("ix_infra_device_states_state", "state"),)

    device_code: Mapped[str] = mapped_column(ForeignKey("infra_devices.code"), primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    since: Mapped[datetime] = mapped_column(UtcDateTime)
    last_check_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_ok_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    latency_ms: Mapped[float | None] = mapped_column(Float)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # consecutive failures
    recent: Mapped[str] = mapped_column(String(21), default="")  # last 21 outcomes, "1" ok, "0" not, newest last
    flapping: Mapped[bool] = mapped_column(Boolean, default=False)
    flap_percent: Mapped[float] = mapped_column(Float, default=0.0)
    root_cause_code: Mapped[str | None] = mapped_column(String(40))
    suppressed_by: Mapped[str | None] = mapped_column(String(40))
    open_event_id: Mapped[int | None] = mapped_column(BigId)  # the infra_events row of the current state


class InfraEvent(Base):
    """A state change: the state a device entered, when, until when (null while it lasts), and why."""

    __tablename__ = "infra_events"
    __table_args__ = (Index("ix_infra_events_device_started", "device_code", "started_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    device_code: Mapped[str] = mapped_column(ForeignKey("infra_devices.code"))
    state: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    root_cause_code: Mapped[str | None] = mapped_column(String(40))  # whose own failure explains it
    suppressed_by: Mapped[str | None] = mapped_column(String(40))  # the parent that hides it
    source: Mapped[str] = mapped_column(String(16))  # probe, alertmanager, zabbix, maintenance, manual
    detail: Mapped[str] = mapped_column(String(500), default="")


class InfraRollupMinute(Base):
    """The checks of one device in one minute (UTC), kept `infrastructure.minute_rollup_days` days."""

    __tablename__ = "infra_rollups_minute"

    device_code: Mapped[str] = mapped_column(ForeignKey("infra_devices.code"), primary_key=True)
    minute: Mapped[datetime] = mapped_column(UtcDateTime, primary_key=True, index=True)
    checks: Mapped[int] = mapped_column(Integer, default=0)
    successes: Mapped[int] = mapped_column(Integer, default=0)
    latency_sum_ms: Mapped[float] = mapped_column(Float, default=0.0)  # over the successes
    latency_max_ms: Mapped[float] = mapped_column(Float, default=0.0)


class InfraRollupDaily(Base):
    """The checks of one device in one day of the city (WIB), kept."""

    __tablename__ = "infra_rollups_daily"

    device_code: Mapped[str] = mapped_column(ForeignKey("infra_devices.code"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    checks: Mapped[int] = mapped_column(Integer, default=0)
    successes: Mapped[int] = mapped_column(Integer, default=0)
    latency_sum_ms: Mapped[float] = mapped_column(Float, default=0.0)
    latency_max_ms: Mapped[float] = mapped_column(Float, default=0.0)


class InfraMaintenance(Base):
    """A maintenance window of a device (and its children when `include_children`): one-off, or
    repeated every day or week from `starts_at` for the length of `ends_at - starts_at`. With
    `collect` the device is still probed and its checks rolled up; its state is MAINTENANCE either way."""

    __tablename__ = "infra_maintenance"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_code: Mapped[str] = mapped_column(ForeignKey("infra_devices.code"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recurrence: Mapped[str] = mapped_column(String(8), default="none")  # none, daily, weekly
    collect: Mapped[bool] = mapped_column(Boolean, default=False)
    include_children: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class InfraAlert(Base):
    """An alert received from the city's own monitoring (Alertmanager, Zabbix). One whose device is
    not known is kept (device_code null) for review, never dropped."""

    __tablename__ = "infra_alerts"
    __table_args__ = (Index("ix_infra_alerts_source_fingerprint", "source", "fingerprint"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(16))  # alertmanager, zabbix
    fingerprint: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16))  # firing, resolved
    device_code: Mapped[str | None] = mapped_column(ForeignKey("infra_devices.code"), index=True)
    labels: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    starts_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
