"""Questions the infrastructure pages, wall panels and KPI cards ask, answered from the marts.

Every function takes the app's services, the viewer and filters; the viewer's scope conditions are
always added (data/scope.py: an OPD reads its own devices, a camat or lurah the devices in his
district). Answers are cached per mart version (data/cache.py); answers that depend on the clock
(the age of an open outage) take `at`, to the minute.

Availability = up / (up + failed) seconds (agg_infra_availability_daily): maintenance, unreachable
and unknown time count for nobody, neither for nor against a device, so a switch that hides its
cameras costs the switch's vendor, not the cameras'. MTTR = the mean duration of the closed
outages a device caused itself (root cause = the device). An SLA compares a contract's
availability over a period with its objective (`slo_percent`); the vendor report's rows (one per
device, 2,200 cameras over a year) are one SQL aggregation over the daily aggregate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import String, and_, case, func, literal_column, select, type_coerce, union_all

from core.clock import city_today, minute_now
from core.db import is_member, key_parts
from core.periods import last_days, next_month
from core.services import Services
from core.users import Viewer
from data.cache import cached
from data.frames import counts_frame, frame_with_counts, rows_frame
from data.infrastructure.tables import (AVAILABILITY_MART, AVAILABILITY_MEASURES, DEVICES_MART, OUTAGES_MART,
                                        DEVICE_DIMENSIONS, AggInfraAvailabilityDaily, AggInfraAvailabilityMonthly,
                                        AggInfraDeviceNow, FctInfraDevice, FctInfraEvent, FctInfraOutage)
from data.scope import scope_conditions
from data.value_arrays import read_rows
from modules.complaints.duplicates import distance_m  # the one haversine of the project
from modules.infrastructure.kinds import CAMERA, OUTAGE_STATES

AGG = AggInfraAvailabilityDaily.__table__
MONTHLY = AggInfraAvailabilityMonthly.__table__
DEVICES = FctInfraDevice.__table__
EVENTS = FctInfraEvent.__table__
OUTAGES = FctInfraOutage.__table__
NOW = AggInfraDeviceNow.__table__

# what availability and MTTR are grouped by -> the column (None: the whole scope at once)
GROUPS = {"all": None, "device": "device_code", "kind": "kind", "kelurahan": "kelurahan_code",
          "kecamatan": "kecamatan_code", "opd": "opd_code", "vendor": "vendor", "contract": "contract_code"}
PERIODS = {"day": "day", "month": "month"}
DAY_COLUMN = {AGG: "day", OUTAGES: "started_day"}


@dataclass(frozen=True)
class InfraFilters:
    start: date
    end: date
    kinds: tuple[str, ...] = ()
    contract_codes: tuple[str, ...] = ()
    vendors: tuple[str, ...] = ()
    kecamatan_code: str | None = None

    @classmethod
    def last_days(cls, days: int, today: date | None = None, **choices) -> "InfraFilters":
        period = last_days(days, today)
        return cls(start=period.start, end=period.end, **choices)


# --- availability --------------------------------------------------------------------------------

@cached(AVAILABILITY_MART)
def availability(services: Services, viewer: Viewer, filters: InfraFilters, by: str = "all",
                 per: str | None = None) -> pd.DataFrame:
    """Seconds up, failed and excluded and availability_pct per value of `by` (all, device, kind,
    kelurahan, kecamatan, opd, vendor, contract), and per `day` or `month` when `per` says so;
    columns code[, day|month], up_seconds, failed_seconds, excluded_seconds, availability_pct
    (None when nothing was measured)."""
    rows = AGG if per == "day" else period_rows(viewer, filters)
    keys = _group_keys(rows, by)
    if per is not None:
        keys.append(rows.c[PERIODS[per]])
    conditions = _conditions(AGG, viewer, filters) if per == "day" else []
    query = (select(_code(rows, by), *(keys[1:] if GROUPS[by] else keys), *_measure_sums(rows))
             .where(*conditions).group_by(*keys).order_by(*keys))
    frame = _frame(services, query, ["code", *([per] if per else []), *AVAILABILITY_MEASURES])
    frame["availability_pct"] = _availability(frame)
    return frame


@cached(AVAILABILITY_MART)
def camera_availability_by_kelurahan(services: Services, viewer: Viewer, filters: InfraFilters) -> pd.DataFrame:
    """The blind-spot map: per kelurahan, the cameras measured in the period and their
    availability (kelurahan_code, cameras, up/failed/excluded seconds, availability_pct)."""
    rows = period_rows(viewer, filters, lambda table: [table.c.kind == CAMERA])
    cameras = _measured(select(rows.c.device_code, rows.c.kelurahan_code, *_measure_sums(rows))
                        .group_by(rows.c.device_code, rows.c.kelurahan_code), rows).subquery("cameras")
    query = (select(cameras.c.kelurahan_code, func.count(), *[func.sum(cameras.c[name])
                                                               for name in AVAILABILITY_MEASURES])
             .group_by(cameras.c.kelurahan_code).order_by(cameras.c.kelurahan_code))
    frame = _frame(services, query, ["kelurahan_code", "cameras", *AVAILABILITY_MEASURES])
    frame["availability_pct"] = _availability(frame)
    return frame


def period_rows(viewer: Viewer, filters: InfraFilters, narrowed=lambda table: []):
    """The aggregate rows of the period in the viewer's scope and the page's choices, as one
    subquery (device_code, kind, dimensions, month, seconds) whose sums are the period's: the months
    wholly inside it from the monthly aggregate; a month it covers in part either from its days in
    the daily aggregate or as the month's row minus the days outside the period (negated rows),
    whichever reads fewer days. So a year read on any day costs about 12 rows per device and a few
    days, not a month of days. `narrowed(table)`: more conditions on either table."""
    choices = [*_choices(MONTHLY, viewer, filters), *narrowed(MONTHLY)]
    daily_choices = [*_choices(AGG, viewer, filters), *narrowed(AGG)]
    whole, from_days, minus_days = [], [], []
    for first, last in _months_of(filters.start, filters.end):
        outside = [(first, filters.start - timedelta(days=1)), (filters.end + timedelta(days=1), last)]
        outside = [(a, min(b, city_today())) for a, b in outside if a <= b]  # no rows after today
        if sum(_days(a, b) for a, b in outside) < _days(max(first, filters.start), min(last, filters.end)):
            whole.append(first)
            minus_days += outside
        else:
            from_days.append((max(first, filters.start), min(last, filters.end)))
    parts = [_monthly_rows(whole, choices)] if whole else []
    parts += [_daily_rows(a, b, daily_choices, sign=1) for a, b in from_days]
    parts += [_daily_rows(a, b, daily_choices, sign=-1) for a, b in minus_days if _days(a, b) > 0]
    return (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("period_rows")


PERIOD_COLUMNS = ("device_code", "kind", *DEVICE_DIMENSIONS, "month")


def _monthly_rows(months: list[date], conditions: list):
    measures = [MONTHLY.c[name] for name in AVAILABILITY_MEASURES]
    return select(*[MONTHLY.c[name] for name in PERIOD_COLUMNS], *measures).where(MONTHLY.c.month.in_(months),
                                                                                 *conditions)


def _daily_rows(start: date, end: date, conditions: list, sign: int):
    """The daily rows of start..end, their seconds negated when `sign` is -1."""
    measures = [(AGG.c[name] if sign > 0 else -AGG.c[name]).label(name) for name in AVAILABILITY_MEASURES]
    return select(*[AGG.c[name] for name in PERIOD_COLUMNS], *measures).where(AGG.c.day >= start, AGG.c.day <= end,
                                                                             *conditions)


def _months_of(start: date, end: date):
    """(first day, last day) of every calendar month start..end touches."""
    month = start.replace(day=1)
    while month <= end:
        following = next_month(month)
        yield month, following - timedelta(days=1)
        month = following


def _days(first: date, last: date) -> int:
    return max(0, (last - first).days + 1)


# --- SLA -----------------------------------------------------------------------------------------

@cached(AVAILABILITY_MART, DEVICES_MART)
def sla_report(services: Services, viewer: Viewer, filters: InfraFilters) -> pd.DataFrame:
    """The vendor SLA report's rows: per device with a contract, its seconds over the period, its
    availability_pct, its contract's slo_percent and whether it met it (`met`: None when nothing
    was measured), with its name and place. One SQL aggregation (grouped by device) joined to the
    devices, ordered by contract, then device."""
    per_device = _per_device(viewer, filters)
    columns = [DEVICES.c.contract_code, DEVICES.c.vendor, DEVICES.c.device_code, DEVICES.c.name, DEVICES.c.kind,
               DEVICES.c.kelurahan_code, DEVICES.c.kecamatan_code, DEVICES.c.opd_code, DEVICES.c.slo_percent,
               *[per_device.c[name] for name in AVAILABILITY_MEASURES]]
    query = (select(*columns).select_from(per_device.join(DEVICES, DEVICES.c.device_code == per_device.c.device_code))
             .order_by(DEVICES.c.contract_code, DEVICES.c.device_code))
    frame = _frame(services, query, [column.name for column in columns])
    frame["availability_pct"] = _availability(frame)
    frame["met"] = _met(frame["availability_pct"], frame["slo_percent"])
    return frame


@cached(AVAILABILITY_MART, DEVICES_MART)
def sla_by_contract(services: Services, viewer: Viewer, filters: InfraFilters) -> pd.DataFrame:
    """Per contract over the period: its devices, their summed seconds, availability_pct against
    slo_percent (`met`), the failed seconds the objective allows (`allowed_failed_seconds`) and how
    many devices fell below it on their own (`devices_below_slo`): contract_seconds' kinds added up."""
    # a few dozen rows added up as plain lists (a frame's groupby cost 1.5 ms, more than the rows)
    totals: dict[tuple, list] = {}  # (contract, vendor) -> [objective, devices, seconds..., below]
    for contract, vendor, _kind, slo, devices, *seconds, below in contract_seconds(
            services, viewer, filters).itertuples(index=False, name=None):
        if contract == "":
            continue
        summed = totals.setdefault((contract, vendor), [float("nan"), 0, *[0.0] * len(seconds), 0])
        if not pd.isna(slo):  # the contract's objective: the same on its devices, NULL on none
            summed[0] = slo if pd.isna(summed[0]) else max(summed[0], slo)
        for index, value in enumerate([devices, *seconds, below], start=1):
            summed[index] += value
    frame = frame_with_counts([(*key, *summed) for key, summed in sorted(totals.items())],
                              ["contract_code", "vendor", "slo_percent", "devices", *AVAILABILITY_MEASURES,
                               "devices_below_slo"], ("devices", "devices_below_slo"))
    frame["availability_pct"] = _availability(frame)
    frame["met"] = _met(frame["availability_pct"], frame["slo_percent"])
    measured = frame["up_seconds"] + frame["failed_seconds"]
    frame["allowed_failed_seconds"] = [None if pd.isna(s) else round(m * (100.0 - s) / 100.0, 1)
                                       for m, s in zip(measured, frame["slo_percent"])]
    return frame


@cached(AVAILABILITY_MART, DEVICES_MART)
def contract_seconds(services: Services, viewer: Viewer, filters: InfraFilters) -> pd.DataFrame:
    """Per contract ('' for the devices without one), vendor and kind: the devices measured in the
    period, their seconds, how many fell below their contract's objective on their own
    (devices_below_slo) and the objective (slo_percent). One read of the period's rows grouped per
    device in the database: the SLA per contract adds its kinds up, and the KPI cards take the
    cameras' part from the same answer instead of reading the period twice more."""
    rows = period_rows(viewer, filters)
    per_device = _measured(select(rows.c.device_code, *_measure_sums(rows)).group_by(rows.c.device_code),
                           rows).subquery("per_device")
    slo, up, failed = DEVICES.c.slo_percent, per_device.c.up_seconds, per_device.c.failed_seconds
    below = and_(slo.is_not(None), up + failed > 0, 100.0 * up < slo * (up + failed))
    keys = [DEVICES.c.contract_code, DEVICES.c.vendor, DEVICES.c.kind]
    query = (select(*keys, func.max(slo), func.count(), *[func.sum(per_device.c[name])
                                                          for name in AVAILABILITY_MEASURES],
                    func.sum(case((below, 1), else_=0)))
             .select_from(per_device.join(DEVICES, DEVICES.c.device_code == per_device.c.device_code))
             .group_by(*keys).order_by(*keys))
    return _frame(services, query, ["contract_code", "vendor", "kind", "slo_percent", "devices",
                                    *AVAILABILITY_MEASURES, "devices_below_slo"])


def cameras_against_contracts(services: Services, viewer: Viewer, filters: InfraFilters) -> tuple:
    """The cameras' availability_pct over the period (every camera measured, under a contract or
    not) and the objectives of the contracts they are under (sorted): the KPI cards' first card,
    from contract_seconds."""
    rows = contract_seconds(services, viewer, filters)
    cameras = rows[rows["kind"] == CAMERA]
    objectives = sorted(set(cameras.loc[cameras["contract_code"] != "", "slo_percent"].dropna()))
    return _percent_up(float(cameras["up_seconds"].sum()), float(cameras["failed_seconds"].sum())), objectives


def _per_device(viewer: Viewer, filters: InfraFilters):
    """The period's seconds per device under contract, grouped by the device alone (its
    dimensions are the same on all its rows: the ETL copies them), as a subquery."""
    rows = period_rows(viewer, filters, lambda table: [table.c.contract_code != ""])
    return _measured(select(rows.c.device_code, *_measure_sums(rows)).group_by(rows.c.device_code),
                     rows).subquery("per_device")


def _measured(grouped, rows):
    """Only the groups with time counted in the period: a month's row minus its days outside the
    period nets a device to zero when all its days were outside it."""
    return grouped.having(func.sum(sum(rows.c[name] for name in AVAILABILITY_MEASURES)) > 0)


# --- outages -------------------------------------------------------------------------------------

@cached(OUTAGES_MART)
def mttr(services: Services, viewer: Viewer, filters: InfraFilters, by: str = "all") -> pd.DataFrame:
    """Mean time to repair per value of `by`: the closed outages started in the period that the
    device caused itself (root cause = itself), their count and mean duration in seconds."""
    keys = _group_keys(OUTAGES, by)
    conditions = [*_conditions(OUTAGES, viewer, filters), OUTAGES.c.own.is_(True),
                  OUTAGES.c.duration_seconds.is_not(None)]
    query = (select(_code(OUTAGES, by), func.count(), func.avg(OUTAGES.c.duration_seconds)).where(*conditions)
             .group_by(*keys).order_by(*keys))
    frame = _frame(services, query, ["code", "outages", "mttr_seconds"])
    frame["mttr_seconds"] = frame["mttr_seconds"].astype(float).round(1)
    return frame


OUTAGE_COLUMNS = ("event_id", "device_code", "kind", "state", "started_at", "ended_at", "duration_seconds",
                  "root_cause_code", "suppressed_by", "own", "kelurahan_code", "kecamatan_code", "opd_code",
                  "contract_code", "vendor")


def outages(services: Services, viewer: Viewer, filters: InfraFilters, at: datetime | None = None,
            own_only: bool = False, limit: int = 500) -> pd.DataFrame:
    """The outages started in the period, newest first, with the device's name: a closed one's
    duration, an open one's age up to `at` (`duration_seconds` then counts to `at`, `open` says
    so), its root cause and the parent that hid it."""
    return _outages(services, viewer, filters, at or minute_now(), own_only, limit)


@cached(OUTAGES_MART, DEVICES_MART)
def _outages(services: Services, viewer: Viewer, filters: InfraFilters, at: datetime, own_only: bool,
             limit: int) -> pd.DataFrame:
    conditions = _conditions(OUTAGES, viewer, filters)
    if own_only:
        conditions.append(OUTAGES.c.own.is_(True))
    frame = _outage_frame(services, conditions, [OUTAGES.c.started_at.desc(), OUTAGES.c.event_id.desc()], limit)
    return _with_age(frame, at)


def longest_outages(services: Services, viewer: Viewer, filters: InfraFilters, count: int,
                    at: datetime | None = None) -> pd.DataFrame:
    """The `count` longest outages a device caused itself (own) started in the period, longest
    first, as `outages` gives them; an open one's length is its age at `at`."""
    return _longest_outages(services, viewer, filters, count, at or minute_now())


@cached(OUTAGES_MART, DEVICES_MART)
def _longest_outages(services: Services, viewer: Viewer, filters: InfraFilters, count: int,
                     at: datetime) -> pd.DataFrame:
    # two reads: the longest closed ones by their stored duration (an index-free top-N, not every
    # outage of the period), and the open ones, whose length only `at` gives (a few, now)
    own = [*_conditions(OUTAGES, viewer, filters), OUTAGES.c.own.is_(True)]
    closed = _outage_frame(services, [*own, OUTAGES.c.ended_at.is_not(None)],
                           [OUTAGES.c.duration_seconds.desc(), OUTAGES.c.event_id.desc()], count)
    still_open = _outage_frame(services, [*own, OUTAGES.c.ended_at.is_(None)], [OUTAGES.c.event_id.desc()], None)
    frame = _with_age(pd.concat([closed, still_open], ignore_index=True) if len(still_open) else closed, at)
    return frame.sort_values(["duration_seconds", "event_id"], ascending=False, ignore_index=True).head(count)


def current_outages(services: Services, viewer: Viewer, at: datetime | None = None) -> pd.DataFrame:
    """The outages open now, oldest first, with their age at `at` (seconds)."""
    return _current_outages(services, viewer, at or minute_now())


@cached(OUTAGES_MART, DEVICES_MART)
def _current_outages(services: Services, viewer: Viewer, at: datetime) -> pd.DataFrame:
    conditions = [OUTAGES.c.ended_at.is_(None), *scope_conditions(OUTAGES, viewer)]
    frame = _outage_frame(services, conditions, [OUTAGES.c.started_at, OUTAGES.c.event_id], None)
    return _with_age(frame, at)


def current_faults(services: Services, viewer: Viewer, at: datetime | None = None) -> pd.DataFrame:
    """The open outages as faults: one row per root cause (a switch down and the cameras it hides
    are one fault), with the root device's state, kind and name, since when, its age at `at`, the
    devices affected (`devices`, the root included when it is in the viewer's scope) and how many
    of them are hidden (`hidden`: UNREACHABLE behind it). Oldest first."""
    return _current_faults(services, viewer, at or minute_now())


@cached(OUTAGES_MART, DEVICES_MART)
def _current_faults(services: Services, viewer: Viewer, at: datetime) -> pd.DataFrame:
    root = func.coalesce(OUTAGES.c.root_cause_code, OUTAGES.c.device_code)
    is_root = OUTAGES.c.device_code == root
    query = (select(root, func.count(), func.sum(case((is_root, 0), else_=1)), func.min(OUTAGES.c.started_at))
             .where(OUTAGES.c.ended_at.is_(None), *scope_conditions(OUTAGES, viewer)).group_by(root))
    with services.databases.warehouse.connect() as connection:
        counted = [tuple(row) for row in connection.execute(query)]
        roots = _root_states(connection, [row[0] for row in counted])
    # a few dozen faults: plain rows, one frame at the end (merges and sorts of small frames took ~5 ms)
    rows = sorted(((code, *roots.get(code, (None, None, None)), since, (at - since).total_seconds(),
                    int(devices), int(hidden or 0)) for code, devices, hidden, since in counted),
                  key=lambda row: (row[4], row[0]))
    faults = pd.DataFrame(rows, columns=["root_cause_code", "root_kind", "root_name", "root_state", "since",
                                         "age_seconds", "devices", "hidden"])
    faults["since"] = pd.to_datetime(faults["since"], utc=True)
    return faults.astype({"devices": "int64", "hidden": "int64", "age_seconds": float})


def _root_states(connection, codes: list[str]) -> dict[str, tuple]:
    """{root device: (kind, name, outage state)} whatever the viewer's scope: a lurah's cameras
    hidden by a switch outside his kelurahan still name the switch. One read of the devices' states
    now (agg_infra_devices_now); a root that is no longer active (not kept there) from its fact
    and its open outage."""
    if not codes:
        return {}
    kept = {code: (kind, name, state if state in OUTAGE_STATES else None) for code, kind, name, state in
            connection.execute(select(NOW.c.device_code, NOW.c.kind, NOW.c.name, NOW.c.state)
                               .where(NOW.c.device_code.in_(codes)))}
    retired = [code for code in codes if code not in kept]
    return {**kept, **(_retired_root_states(connection, retired) if retired else {})}


def _retired_root_states(connection, codes: list[str]) -> dict[str, tuple]:
    # two reads, not a LEFT JOIN: joined, SQLite walks each root's every outage of five years
    # (through the device's index) to find its open one
    states: dict[str, str] = {}
    for code, state in connection.execute(select(OUTAGES.c.device_code, OUTAGES.c.state)
                                          .where(OUTAGES.c.ended_at.is_(None), OUTAGES.c.device_code.in_(codes))
                                          .order_by(OUTAGES.c.started_at, OUTAGES.c.event_id)):
        states.setdefault(code, state)
    devices = select(DEVICES.c.device_code, DEVICES.c.kind, DEVICES.c.name).where(DEVICES.c.device_code.in_(codes))
    return {code: (kind, name, states.get(code)) for code, kind, name in connection.execute(devices)}


def _outage_frame(services: Services, conditions: list, order: list, limit: int | None) -> pd.DataFrame:
    columns = [OUTAGES.c[name] for name in OUTAGE_COLUMNS]
    query = (select(*columns, DEVICES.c.name)
             .select_from(OUTAGES.outerjoin(DEVICES, DEVICES.c.device_code == OUTAGES.c.device_code))
             .where(*conditions).order_by(*order))
    if limit is not None:
        query = query.limit(limit)
    frame = _frame(services, query, [*OUTAGE_COLUMNS, "name"])
    for column in ("started_at", "ended_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def _with_age(frame: pd.DataFrame, at: datetime) -> pd.DataFrame:
    """An open outage's duration counts to `at`."""
    frame["open"] = frame["ended_at"].isna()
    ages = [(at - start).total_seconds() for start in frame["started_at"]]
    frame["duration_seconds"] = frame["duration_seconds"].astype(float).where(~frame["open"],
                                                                              pd.Series(ages, index=frame.index))
    return frame


# --- devices now ---------------------------------------------------------------------------------

DEVICE_STATE_COLUMNS = ["device_code", "kind", "name", "lat", "lon", "kelurahan_code", "state", "since",
                        "root_cause_code", "suppressed_by"]


@cached(DEVICES_MART, OUTAGES_MART)
def device_states(services: Services, viewer: Viewer, kinds: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every active device with its state now (its open event's; UNKNOWN before its first event),
    since when, its root cause and the parent hiding it: for the map of devices by state. One row
    per device, as the ETL keeps them (agg_infra_devices_now)."""
    conditions = list(scope_conditions(NOW, viewer))
    if kinds:
        conditions.append(NOW.c.kind.in_(kinds))
    return _state_frame(services, conditions)


@cached(DEVICES_MART, OUTAGES_MART)
def device_states_of(services: Services, viewer: Viewer, codes: tuple[str, ...]) -> pd.DataFrame:
    """device_states' rows of the devices `codes` that are in the viewer's scope (a device's detail:
    itself, its parents and its children), read by their keys, not with the whole fleet."""
    conditions, warehouse = list(scope_conditions(NOW, viewer)), services.databases.warehouse
    parts = key_parts(warehouse, sorted(set(codes)), per_part=CODES_PER_READ)  # in order
    return _state_frame(services, *[[*conditions, is_member(warehouse, NOW.c.device_code, part)] for part in parts])


CODES_PER_READ = 500  # on SQLite: under its 999 parameters, beside the scope's


def _state_frame(services: Services, *reads: list) -> pd.DataFrame:
    """DEVICE_STATE_COLUMNS of the devices each read's conditions find, in order, as one frame."""
    # the start read as the driver gives it (ISO text on SQLite) and converted once for the column
    columns = [NOW.c[name] if name != "since" else type_coerce(NOW.c.since, String) for name in DEVICE_STATE_COLUMNS]
    with services.databases.warehouse.connect() as connection:
        rows = [row for conditions in reads
                for row in read_rows(connection, select(*columns).where(*conditions).order_by(NOW.c.device_code))]
    frame = rows_frame(rows, DEVICE_STATE_COLUMNS)
    frame["since"] = pd.to_datetime(frame["since"], utc=True, format="ISO8601")
    return frame


@cached(DEVICES_MART, OUTAGES_MART)
def devices_by_state(services: Services, viewer: Viewer) -> pd.DataFrame:
    """Active devices per kind and state now (kind, state, devices), for the wall's up/down panel
    and the landing page: counted in the database from the devices' states now."""
    query = (select(NOW.c.kind, NOW.c.state, func.count()).where(*scope_conditions(NOW, viewer))
             .group_by(NOW.c.kind, NOW.c.state))
    with services.databases.warehouse.connect() as connection:
        counted = counts_frame(read_rows(connection, query), ["kind", "state", "devices"], keys=2)
    return counted.sort_values(["kind", "state"], ignore_index=True)


@cached(OUTAGES_MART, DEVICES_MART)
def newest_events(services: Services, viewer: Viewer, limit: int = 15) -> pd.DataFrame:
    """The newest state changes, newest first (event_id, device_code, kind, name, kelurahan_code,
    state, started_at, root_cause_code): the wall's ticker."""
    columns = [EVENTS.c.event_id, EVENTS.c.device_code, DEVICES.c.kind, DEVICES.c.name, DEVICES.c.kelurahan_code,
               EVENTS.c.state, EVENTS.c.started_at, EVENTS.c.root_cause_code]
    query = (select(*columns).select_from(EVENTS.join(DEVICES, DEVICES.c.device_code == EVENTS.c.device_code))
             .where(*scope_conditions(EVENTS, viewer))
             .order_by(EVENTS.c.started_at.desc(), EVENTS.c.event_id.desc()).limit(limit))
    frame = _frame(services, query, [column.name for column in columns])
    frame["started_at"] = pd.to_datetime(frame["started_at"], utc=True)
    return frame


NEAR_METRES = 300.0  # a camera "near" a place: what a street camera can plausibly see


def cameras_near(services: Services, viewer: Viewer, lat: float | None, lon: float | None,
                 metres: float = NEAR_METRES, limit: int = 8) -> pd.DataFrame:
    """The cameras within `metres` of a point, nearest first, with their state now (device_state's
    columns and distance_m): for an incident's drill-down."""
    cameras = device_states(services, viewer, kinds=(CAMERA,))
    if lat is None or lon is None or cameras.empty:
        return cameras.assign(distance_m=pd.Series(dtype=float)).head(0)
    placed = cameras.dropna(subset=["lat", "lon"]).copy()
    placed["distance_m"] = [round(distance_m(lat, lon, float(a), float(b))) for a, b in zip(placed["lat"], placed["lon"])]
    return placed[placed["distance_m"] <= metres].nsmallest(limit, "distance_m").reset_index(drop=True)


# --- helpers -------------------------------------------------------------------------------------

def _conditions(table, viewer: Viewer, filters: InfraFilters) -> list:
    """The period (in days), the viewer's scope and the page's choices."""
    day = table.c[DAY_COLUMN[table]]
    return [day >= filters.start, day <= filters.end, *_choices(table, viewer, filters)]


def _choices(table, viewer: Viewer, filters: InfraFilters) -> list:
    """The viewer's scope and the page's choices."""
    conditions = list(scope_conditions(table, viewer))
    for choice, column in ((filters.kinds, "kind"), (filters.contract_codes, "contract_code"),
                           (filters.vendors, "vendor")):
        if choice:
            conditions.append(table.c[column].in_(choice))
    if filters.kecamatan_code:
        conditions.append(table.c.kecamatan_code == filters.kecamatan_code)
    return conditions


def _group_keys(table, by: str) -> list:
    """The columns to group by for `by` (none for "all": one row for the whole scope)."""
    if by not in GROUPS:
        raise ValueError(f"by: unknown grouping {by!r} (known: {', '.join(GROUPS)})")
    return [table.c[GROUPS[by]]] if GROUPS[by] else []


def _code(table, by: str):
    """The `code` column of an answer grouped by `by` ('' for "all")."""
    return (table.c[GROUPS[by]] if GROUPS[by] else literal_column("''")).label("code")


def _measure_sums(table) -> list:
    return [func.coalesce(func.sum(table.c[name]), 0.0).label(name) for name in AVAILABILITY_MEASURES]


def _availability(frame: pd.DataFrame) -> pd.Series:
    """up / (up + failed) in percent, to 3 decimals (99.95 % matters in an SLA); None when nothing
    was measured."""
    return pd.Series([_percent_up(up, failed) for up, failed in zip(frame["up_seconds"], frame["failed_seconds"])],
                     index=frame.index, dtype=object)


def _percent_up(up: float, failed: float) -> float | None:
    return round(100.0 * up / (up + failed), 3) if up + failed > 0 else None


def _met(percents: pd.Series, objectives: pd.Series) -> pd.Series:
    return pd.Series([None if p is None or pd.isna(o) else bool(p >= o) for p, o in zip(percents, objectives)],
                     index=percents.index, dtype=object)


def _frame(services: Services, query, columns: list[str]) -> pd.DataFrame:
    with services.databases.warehouse.connect() as connection:
        rows = connection.execute(query).all()
    frame = rows_frame(rows, columns)
    for name in columns:
        if name in AVAILABILITY_MEASURES:
            frame[name] = frame[name].fillna(0.0).astype(float)
        elif name in ("cameras", "devices", "hidden", "outages", "devices_below_slo"):
            frame[name] = frame[name].fillna(0).astype("int64")
    return frame

