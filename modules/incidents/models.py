"""Tables of the incidents module (prefix `incident_`). Only the service (service.py and the
modules it names) writes them.

Personal data: a call's caller number, kept for call-back; it never leaves the module (no change
log, no public answer, masked on the desk). Its keyed hash (`caller_hash`) finds repeat callers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (JSON, Boolean, Float, ForeignKey, Index, Integer, SmallInteger, String, Text,
                        UniqueConstraint, bindparam, event, text)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, BigId, UtcDateTime
from modules.incidents.workflow import ACTIVE_INCIDENT_STATUSES


# --- reference ------------------------------------------------------------------------------------

class IncidentCategory(Base):
    """reference/incident_categories.csv: `units` lists the AGENCY:unit_type pairs the category
    needs, space-separated, the lead agency first."""

    __tablename__ = "incident_categories"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(80))  # dotted, as Sahana Eden / EIDO: fire.urbanFire
    priority: Mapped[int] = mapped_column(SmallInteger)  # 1 (most urgent) .. 3
    units: Mapped[str] = mapped_column(String(300))
    daily_share: Mapped[float] = mapped_column(Float)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class IncidentUnitType(Base):
    """An agency's kind of unit (reference/incident_agencies.csv): its demo fleet size and speeds."""

    __tablename__ = "incident_unit_types"

    agency_code: Mapped[str] = mapped_column(ForeignKey("opd.code"), primary_key=True)
    unit_type: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    count: Mapped[int] = mapped_column(Integer)
    speed_kmh: Mapped[float] = mapped_column(Float)
    turnout_seconds: Mapped[int] = mapped_column(Integer)


class IncidentPost(Base):
    """A field post (reference/incident_posts.csv): integrated or watch; units are based at one."""

    __tablename__ = "incident_posts"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))  # integrated | watch
    kecamatan_code: Mapped[str] = mapped_column(ForeignKey("kecamatan.code"))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)


# --- units --------------------------------------------------------------------------------------------

class IncidentUnit(Base):
    """A vehicle or team. Its position is kept here only (never in the change log)."""

    __tablename__ = "incident_units"
    __table_args__ = (Index("ix_incident_units_agency_status", "agency_code", "status"),)

    code: Mapped[str] = mapped_column(String(32), primary_key=True)  # DPKP-FE-03
    agency_code: Mapped[str] = mapped_column(ForeignKey("opd.code"))
    unit_type: Mapped[str] = mapped_column(String(32))
    post_code: Mapped[str | None] = mapped_column(ForeignKey("incident_posts.code"))
    status: Mapped[str] = mapped_column(String(16))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    position_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


# --- incidents ------------------------------------------------------------------------------------------

# The few active incidents among five years of closed ones (the live map, the desk, the wall). SQLite's
# statistics know no skew, so without this partial index it scans every incident to find them.
ACTIVE_INCIDENT_SQL = "status IN ({})".format(", ".join(f"'{status}'" for status in ACTIVE_INCIDENT_STATUSES))


class Incident(Base):
    __tablename__ = "incidents"
    __table_args__ = (Index("ix_incidents_status_received", "status", "received_at"),
                      Index("ix_incidents_received", "received_at"),  # the newest incidents (the wall's ticker)
                      Index("ix_incidents_active", "status", sqlite_where=text(ACTIVE_INCIDENT_SQL),
                            postgresql_where=text(ACTIVE_INCIDENT_SQL)))

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)  # INS-2612-000123
    category_code: Mapped[str] = mapped_column(ForeignKey("incident_categories.code"))
    type: Mapped[str] = mapped_column(String(80))
    priority: Mapped[int] = mapped_column(SmallInteger)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(String(300))
    landmark: Mapped[str | None] = mapped_column(String(200))
    kecamatan_code: Mapped[str | None] = mapped_column(ForeignKey("kecamatan.code"), index=True)
    kelurahan_code: Mapped[str | None] = mapped_column(ForeignKey("kelurahan.code"))
    description: Mapped[str] = mapped_column(Text, default="")
    casualties_injured: Mapped[int] = mapped_column(Integer, default=0)
    casualties_dead: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16))  # the first call's
    response_promise_seconds: Mapped[int] = mapped_column(Integer)  # the promise in force at creation
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)  # the first call's
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    first_dispatch_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    first_en_route_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    first_on_scene_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cleared_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    @hybrid_property
    def is_active(self) -> bool:
        return self.status in ACTIVE_INCIDENT_STATUSES

    @is_active.inplace.expression
    @classmethod
    def _is_active_sql(cls):
        # The statuses written into the SQL, not bound: SQLite's planner takes a partial index only
        # when it can see that the query's WHERE implies the index's, and it cannot see a parameter.
        return cls.status.in_(bindparam("active_statuses", list(ACTIVE_INCIDENT_STATUSES), expanding=True,
                                        literal_execute=True))


class IncidentCall(Base):
    __tablename__ = "incident_calls"
    __table_args__ = (Index("ix_incident_calls_hash_outcome", "caller_hash", "outcome", "received_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Personal data: for call-back only; never in the change log, masked on the desk.
    caller_number: Mapped[str | None] = mapped_column(String(32))
    caller_hash: Mapped[str | None] = mapped_column(String(64))  # HMAC-SHA256 of the normalised number
    repeat_caller: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(16))
    camera_id: Mapped[str | None] = mapped_column(String(64))  # source cctv
    post_code: Mapped[str | None] = mapped_column(ForeignKey("incident_posts.code"))  # source field_post
    complaint_ticket: Mapped[str | None] = mapped_column(String(20))  # source complaint
    outcome: Mapped[str] = mapped_column(String(16))
    partner: Mapped[str | None] = mapped_column(String(16))  # outcome referred
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), index=True)
    operator: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class IncidentDispatch(Base):
    """One unit sent to one incident, with its own clock."""

    __tablename__ = "incident_dispatches"
    __table_args__ = (Index("ix_incident_dispatches_unit_status", "unit_code", "status"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    unit_code: Mapped[str] = mapped_column(ForeignKey("incident_units.code"))
    agency_code: Mapped[str] = mapped_column(String(32))
    unit_type: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    dispatched_at: Mapped[datetime] = mapped_column(UtcDateTime)
    en_route_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    on_scene_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cleared_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class IncidentCamera(Base):
    """A CCTV camera linked to an incident (free text codes until the camera registry exists)."""

    __tablename__ = "incident_cameras"
    __table_args__ = (UniqueConstraint("incident_id", "camera_id", name="uq_incident_cameras_incident_camera"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    camera_id: Mapped[str] = mapped_column(String(64))
    linked_at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(64))


class IncidentComplaint(Base):
    """A complaint (by its ticket) linked to an incident."""

    __tablename__ = "incident_complaints"
    __table_args__ = (UniqueConstraint("incident_id", "ticket", name="uq_incident_complaints_incident_ticket"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    ticket: Mapped[str] = mapped_column(String(20))
    linked_at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(64))


class IncidentNote(Base):
    __tablename__ = "incident_notes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)


class IncidentEvent(Base):
    """The timeline, append-only: one row per change (of an incident, a call, a unit or the stage)."""

    __tablename__ = "incident_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    kind: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(64))
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), index=True)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("incident_calls.id"))
    dispatch_id: Mapped[int | None] = mapped_column(ForeignKey("incident_dispatches.id"))
    unit_code: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # never the caller's number


@event.listens_for(IncidentEvent, "before_update")
@event.listens_for(IncidentEvent, "before_delete")
def _events_are_append_only(_mapper, _connection, target) -> None:
    raise RuntimeError(f"incident event {target.id} is append-only")


class IncidentStage(Base):
    """The city's operational stage (1 normal .. 5 crisis, Rio's scale), one row per change: the
    newest row is in force."""

    __tablename__ = "incident_stages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    stage: Mapped[int] = mapped_column(SmallInteger)
    set_at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    proposed: Mapped[int | None] = mapped_column(SmallInteger)  # what the system proposed then


class IncidentCounter(Base):
    """Last incident number handed out per month (city time): INS-<yymm>-<number>."""

    __tablename__ = "incident_counters"

    period: Mapped[str] = mapped_column(String(4), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class IncidentApiKey(Base):
    """A key for an agency's field system (units' status and position); only its SHA-256 digest
    is stored (core.api_keys). A key acts for its agency only, as that agency's `opd` user would."""

    __tablename__ = "incident_api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agency_code: Mapped[str] = mapped_column(ForeignKey("opd.code"))
    label: Mapped[str] = mapped_column(String(100))
    key_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
