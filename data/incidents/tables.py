"""Incident (Command Center 112) mart tables, built from the change log only (etl/incidents).

- `fct_incidents`: one row per incident, its latest snapshot with the intervals worked out.
- `fct_incident_dispatches`: one row per dispatch (one unit on one incident) with its intervals
  and the seconds the unit was busy, for unit utilisation.
- `fct_incident_calls`: one row per call to the command center; no caller data (the module keeps it).
- `fct_incident_units`: one row per unit, its latest status (the fleet utilisation divides by).
- `agg_incidents_daily`: incidents by received day x kecamatan x kelurahan x category.
- `agg_incident_calls_daily`: calls by received day x source x outcome (city-wide).
- `agg_incident_heat_daily` and `agg_incident_heat_monthly`: placed incidents per heat-map cell
  of a received day or month, packed in one row (city-wide): a year's heat map reads a few dozen
  rows instead of ~65,000 facts.
- `agg_incident_response_monthly`: per received month x breakdown (agency, kecamatan, category,
  hour) x code, the month's response times themselves, sorted and packed (city-wide): the exact
  P50 and P90 of a year for the city are read from 12 x ~130 rows instead of ~70,000 facts.
- `agg_incident_response_daily`: the same per received day: the days of a period outside its whole
  months (a 30-day period has no whole month at all) read a few rows per day, not the facts.
Unknown district codes are stored as '' (a key column cannot hold NULL). Days and hours are the
city's (Asia/Jakarta), as for complaints.

Breach (one definition, as in the module's workflow): an incident breaches when its response
exceeds the promise (`late`, settled once a unit is on scene), or when no unit is on scene and
`due_at` (received + promise) is past (a live breach: depends on the moment asked, so the marts
keep `due_at` and the queries decide; see data/incidents/queries.py: breached_condition).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, Index, Integer, LargeBinary, SmallInteger, String, cast
from sqlalchemy.orm import Mapped, mapped_column

from core.db import BigId, UtcDateTime, WarehouseBase

INCIDENTS_MART = "incidents"
DISPATCHES_MART = "incident_dispatches"
UNITS_MART = "incident_units"
INCIDENT_MARTS = (INCIDENTS_MART, DISPATCHES_MART, UNITS_MART)  # the mart versions the pages watch


class FctIncident(WarehouseBase):
    __tablename__ = "fct_incidents"

    incident_number: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    category_code: Mapped[str] = mapped_column(String(48))
    type: Mapped[str] = mapped_column(String(64))
    priority: Mapped[int] = mapped_column(SmallInteger)
    kecamatan_code: Mapped[str] = mapped_column(String(16))    # '' when unknown
    kelurahan_code: Mapped[str] = mapped_column(String(16))
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    source: Mapped[str] = mapped_column(String(16))             # the first call's
    lead_agency_code: Mapped[str] = mapped_column(String(32))   # the category's first unit's, else the first dispatched
    agencies: Mapped[str] = mapped_column(String(200))          # the agencies dispatched, space-separated, sorted
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    received_day: Mapped[date] = mapped_column(Date)           # in Asia/Jakarta, the city's day
    received_hour: Mapped[int] = mapped_column(SmallInteger)   # 0..23 in the city's time
    created_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    first_dispatch_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    first_en_route_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    first_on_scene_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    cleared_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)      # received + the promise in force
    units_dispatched: Mapped[int] = mapped_column(Integer)
    calls: Mapped[int] = mapped_column(Integer)
    casualties_injured: Mapped[int] = mapped_column(Integer)
    casualties_dead: Mapped[int] = mapped_column(Integer)
    response_promise_seconds: Mapped[int] = mapped_column(Integer)
    processing_seconds: Mapped[float | None] = mapped_column(Float, nullable=True)  # first dispatch - received
    response_seconds: Mapped[float | None] = mapped_column(Float, nullable=True)    # first on scene - received
    late: Mapped[bool] = mapped_column(Boolean)  # response_seconds > response_promise_seconds
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)  # the latest of the snapshot's times

    __table_args__ = (
        Index("ix_fct_incidents_day_kecamatan", "received_day", "kecamatan_code"),
        Index("ix_fct_incidents_kelurahan_day", "kelurahan_code", "received_day"),
        Index("ix_fct_incidents_day_response", "received_day", "response_seconds"),
        Index("ix_fct_incidents_received", "received_at", "incident_number"),
        Index("ix_fct_incidents_day_place", "received_day", "lat", "lon"),  # covers the heat map's cells
        # covers compliance per day (met_condition, breached_condition)
        Index("ix_fct_incidents_day_promise", "received_day", "first_on_scene_at", "late", "cancelled_at", "due_at"),
    )


class FctIncidentDispatch(WarehouseBase):
    __tablename__ = "fct_incident_dispatches"

    dispatch_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    incident_number: Mapped[str] = mapped_column(String(32))
    unit_code: Mapped[str] = mapped_column(String(32))
    agency_code: Mapped[str] = mapped_column(String(32))
    unit_type: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    category_code: Mapped[str] = mapped_column(String(48))
    priority: Mapped[int] = mapped_column(SmallInteger)
    kecamatan_code: Mapped[str] = mapped_column(String(16))
    kelurahan_code: Mapped[str] = mapped_column(String(16))
    incident_received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    dispatched_at: Mapped[datetime] = mapped_column(UtcDateTime)
    dispatched_day: Mapped[date] = mapped_column(Date)
    dispatched_hour: Mapped[int] = mapped_column(SmallInteger)
    en_route_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    on_scene_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    cleared_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    turnout_seconds: Mapped[float | None] = mapped_column(Float, nullable=True)   # en route - dispatched
    travel_seconds: Mapped[float | None] = mapped_column(Float, nullable=True)    # on scene - en route
    response_seconds: Mapped[float | None] = mapped_column(Float, nullable=True)  # on scene - incident received
    on_scene_seconds: Mapped[float | None] = mapped_column(Float, nullable=True)  # cleared - on scene
    # dispatched -> cleared or cancelled; NULL while the unit is still out on it
    busy_seconds: Mapped[float | None] = mapped_column(Float, nullable=True)

    __table_args__ = (
        Index("ix_fct_incident_dispatches_day_kecamatan", "dispatched_day", "kecamatan_code"),
        Index("ix_fct_incident_dispatches_incident", "incident_number"),
        # covers unit busy time per agency (data/incidents/queries.py: _busy_seconds), grouped as it is read
        Index("ix_fct_incident_dispatches_agency_busy", "agency_code", "dispatched_day", "dispatched_at", "cleared_at",
              "cancelled_at", "busy_seconds"),
    )


class FctIncidentCall(WarehouseBase):
    __tablename__ = "fct_incident_calls"

    call_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    received_day: Mapped[date] = mapped_column(Date)
    received_hour: Mapped[int] = mapped_column(SmallInteger)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    answer_seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    source: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(16))
    partner: Mapped[str | None] = mapped_column(String(16), nullable=True)
    incident_number: Mapped[str | None] = mapped_column(String(32), nullable=True)
    category_code: Mapped[str] = mapped_column(String(48))    # '' when the call made no incident
    kecamatan_code: Mapped[str] = mapped_column(String(16))
    repeat_caller: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (Index("ix_fct_incident_calls_day_outcome", "received_day", "outcome"),)


class FctIncidentUnit(WarehouseBase):
    __tablename__ = "fct_incident_units"

    unit_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(32), index=True)
    unit_type: Mapped[str] = mapped_column(String(32))
    post_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    status: Mapped[str] = mapped_column(String(16))


AGG_KEYS = ("day", "kecamatan_code", "kelurahan_code", "category_code")
AGG_MEASURES = ("incidents", "cancelled", "on_scene", "late", "no_unit_on_scene", "casualties_injured",
                "casualties_dead")


class AggIncidentsDaily(WarehouseBase):
    """`late` + `no_unit_on_scene` are the day's breaches once every due time has passed."""

    __tablename__ = "agg_incidents_daily"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kecamatan_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    kelurahan_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    category_code: Mapped[str] = mapped_column(String(48), primary_key=True)
    incidents: Mapped[int] = mapped_column(Integer)
    cancelled: Mapped[int] = mapped_column(Integer)
    on_scene: Mapped[int] = mapped_column(Integer)          # a unit reached the scene
    late: Mapped[int] = mapped_column(Integer)
    no_unit_on_scene: Mapped[int] = mapped_column(Integer)  # not cancelled, no unit on scene (yet)
    casualties_injured: Mapped[int] = mapped_column(Integer)
    casualties_dead: Mapped[int] = mapped_column(Integer)


CALL_AGG_KEYS = ("day", "source", "outcome")
CALL_AGG_MEASURES = ("calls", "repeat_callers")


class AggIncidentCallsDaily(WarehouseBase):
    __tablename__ = "agg_incident_calls_daily"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    source: Mapped[str] = mapped_column(String(16), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(16), primary_key=True)
    calls: Mapped[int] = mapped_column(Integer)
    repeat_callers: Mapped[int] = mapped_column(Integer)


# breakdown -> the fct_incidents column it groups by (as data/incidents/queries.py: GROUPS); the
# hour is stored as its number in text and read back as the number
RESPONSE_MONTHLY_COLUMNS = {"agency": "lead_agency_code", "kecamatan": "kecamatan_code",
                            "category": "category_code", "hour": "received_hour"}
RESPONSE_MONTHLY_NUMBERS = ("hour",)


class AggIncidentResponseMonthly(WarehouseBase):
    """The response seconds of the incidents received in `month` (its first day, WIB) whose
    `dimension` column is `code`, as a sorted float64 array (`values`, n of them): exact, so the
    quantiles of a period of whole months are those of its facts. City-wide only (no scope
    columns): a district scope reads the facts."""

    __tablename__ = "agg_incident_response_monthly"

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    dimension: Mapped[str] = mapped_column(String(16), primary_key=True)
    code: Mapped[str] = mapped_column(String(48), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
    response_seconds: Mapped[bytes] = mapped_column(LargeBinary)


class AggIncidentResponseDaily(WarehouseBase):
    """agg_incident_response_monthly per received `day` (WIB), for the days of a period outside its
    whole months. City-wide only, as the monthly one."""

    __tablename__ = "agg_incident_response_daily"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    dimension: Mapped[str] = mapped_column(String(16), primary_key=True)
    code: Mapped[str] = mapped_column(String(48), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
    response_seconds: Mapped[bytes] = mapped_column(LargeBinary)


PROMISE_KEYS = ("day", "category_code", "promise_seconds")
PROMISE_MEASURES = ("incidents", "met", "late", "unreached", "unreached_due_last")


class AggIncidentPromiseDaily(WarehouseBase):
    """The city's incidents per received `day` (WIB), category and the promise they were held to,
    counted against it: `met` and `late` (a unit on scene within or after the promise), `unreached`
    (no unit on scene yet) and the latest due time of those unreached. Cancelled incidents count
    only in `incidents`. At a moment past `unreached_due_last` every unreached incident of the row
    has breached; a day with a later due time (the last minutes') is counted from the facts
    (data/incidents/queries.py: promise_counts). City-wide only, as the response aggregates."""

    __tablename__ = "agg_incident_promise_daily"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    category_code: Mapped[str] = mapped_column(String(48), primary_key=True)
    promise_seconds: Mapped[int] = mapped_column(Integer, primary_key=True)
    incidents: Mapped[int] = mapped_column(Integer)
    met: Mapped[int] = mapped_column(Integer)
    late: Mapped[int] = mapped_column(Integer)
    unreached: Mapped[int] = mapped_column(Integer)
    unreached_due_last: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


BUSY_KEYS = ("day", "agency_code")
BUSY_MEASURES = ("dispatches", "ended", "busy_seconds", "ended_last")


class AggIncidentBusyDaily(WarehouseBase):
    """The units' work per dispatch `day` (WIB) and agency: the dispatches, those ended (cleared or
    cancelled), the busy seconds of the ended ones and the latest end. A row whose dispatches had
    all ended by a window's end lies whole inside any window that starts by its day, so its busy
    seconds count as they are; the other days, and the day before a window (dispatches still out at
    its start), are counted from the facts (data/incidents/queries.py: _busy_seconds). A year is
    some 3,000 rows here against 80,000 dispatches at city scale (800,000 at ten times). City-wide
    and per agency only: no district, no category."""

    __tablename__ = "agg_incident_busy_daily"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    dispatches: Mapped[int] = mapped_column(Integer)
    ended: Mapped[int] = mapped_column(Integer)
    busy_seconds: Mapped[float] = mapped_column(Float)
    ended_last: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


HEAT_CELLS_PER_DEGREE = 500  # the heat map counts incidents per cell of 1/500 degree (about 220 m)


def heat_cell(column):
    """The heat-map cell number of a coordinate column, cast by the database: the facts' answer and
    the aggregate's are cut the same way."""
    return cast(column * HEAT_CELLS_PER_DEGREE, Integer)


# A day's or a month's heat-map cells in one row (data.value_arrays.pack_cells): int32 triples,
# little-endian, sorted by cell. A year's map sums 12 months and the period's other days in numpy
# (a GROUP BY over their ~30,000 cell rows took 15 ms of a cold request at city scale).
class AggIncidentHeatDaily(WarehouseBase):
    """The incidents received on `day` (WIB) with a place, per heat-map cell (heat_cell of lat and
    lon), packed (pack_cells). City-wide only, as the response times: a choice or a district scope
    reads the facts."""

    __tablename__ = "agg_incident_heat_daily"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    cells: Mapped[bytes] = mapped_column(LargeBinary)


class AggIncidentHeatMonthly(WarehouseBase):
    """The same per received month (its first day): a year's map reads 12 of these rows."""

    __tablename__ = "agg_incident_heat_monthly"

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    cells: Mapped[bytes] = mapped_column(LargeBinary)


class DimIncidentCategory(WarehouseBase):
    __tablename__ = "dim_incident_category"

    code: Mapped[str] = mapped_column(String(48), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(64))
    priority: Mapped[int] = mapped_column(SmallInteger)
    lead_agency_code: Mapped[str] = mapped_column(String(32))
    units: Mapped[str] = mapped_column(String(200))  # "AGENCY:unit_type ..." as in the reference


class DimIncidentAgency(WarehouseBase):
    """One row per agency and unit type (reference/incident_agencies.csv); `count` is the demo fleet."""

    __tablename__ = "dim_incident_agency"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)  # "AGENCY:unit_type"
    agency_code: Mapped[str] = mapped_column(String(32))
    unit_type: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    count: Mapped[int] = mapped_column(Integer)
