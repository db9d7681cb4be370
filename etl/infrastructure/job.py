"""The infrastructure ETL job (the shape of etl/incidents/job.py), over the two entities of the
`infrastructure` change log: infrastructure_device (inventory) and infrastructure_event (state
changes).

- `apply_changes`: a staged batch -> rejects with reasons -> the device facts, then the event and
  outage facts of the ids in the batch are replaced whole (latest snapshot wins) -> a changed
  device's dimensions are copied onto its events, outages and aggregate rows -> the aggregate keys
  the batch touched, and (at most once a minute, `count_until`) the days open events grew by since
  the last count, are recounted; the devices whose inventory or events the batch held get their
  state now again (agg_infra_devices_now).
  Re-applying a batch at the same "now" leaves every table as it was.
- `full_refresh`: rebuilds the marts from the change log's latest snapshot of every entity (facts
  of entities the retention pruned from the log are kept), then every aggregate row, open events
  up to the moment the last batch counted them to, and every device's state now.

The job's clock ("now", up to which open events count) is a parameter of `infrastructure_job`, so
tests fix it; the registered job reads the real one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import json

import pandas as pd
from sqlalchemy import Text, and_, bindparam, cast, func, select, update

from core.changelog import ChangeLogEntry
from core.clock import utc_now
from core.db import is_member, key_parts
from data.infrastructure.tables import (DEVICE_DIMENSIONS, INFRA_MARTS, AggInfraAvailabilityDaily,
                                        AggInfraAvailabilityMonthly, AggInfraDeviceNow, EtlInfraCountedUntil,
                                        FctInfraDevice, FctInfraEvent, FctInfraOutage)
from etl.infrastructure import facts as transform
from etl.infrastructure.availability import (device_dimension_frame, open_event_keys, rebuild_keys,
                                             spanned_keys)
from etl.infrastructure.devices_now import rebuild_devices_now
from etl.infrastructure.staging import DEVICE, ENTITIES, EVENT, SHAPES, stage_changes
from etl.jobs import BatchResult, Dimensions, Job
from etl.load import clear_rejects, delete_keys, forget_rejects, record_rejects, replace_rows, upsert
from etl.staging import reject_row

NAME = "infrastructure"
READABLE_VERSIONS = (1,)  # the change-log contract's schema_version (SNAPSHOT_VERSION 1)
REFRESH_PAGE = 20_000     # latest snapshots per page of a full refresh
RECOUNT_EVERY = timedelta(minutes=1)  # open events' days are recounted at most this often (count_until)

DEVICES = FctInfraDevice.__table__
EVENTS = FctInfraEvent.__table__
OUTAGES = FctInfraOutage.__table__
AGG = AggInfraAvailabilityDaily.__table__
MONTHLY = AggInfraAvailabilityMonthly.__table__
NOW = AggInfraDeviceNow.__table__
COUNTED = EtlInfraCountedUntil.__table__


def infrastructure_job(clock: Callable[[], datetime] = utc_now, recount_every: timedelta = RECOUNT_EVERY) -> Job:
    """The job, counting open events up to `clock()`, at most once per `recount_every`."""

    def apply_changes(connection, staged: dict[str, pd.DataFrame], dimensions: Dimensions) -> BatchResult:
        counted = _counted_until(connection)
        until = count_until(counted, clock(), recount_every)
        result = _load(connection, staged, dimensions, until, count_keys=True)
        grown = open_event_keys(connection, counted, until) if until != counted else set()
        rebuild_keys(connection, result.touched | grown, until)
        rebuild_devices_now(connection, result.devices)
        _set_counted_until(connection, until)
        return result.counts

    def full_refresh(source, connection, dimensions: Dimensions, progress) -> BatchResult:
        """Every latest snapshot is loaded afresh (the facts of ids pruned from the log are kept),
        every device's dimensions copied onto its rows, then every aggregate row recounted: open
        events up to the moment the batches had counted them to, so that a full refresh equals
        the incremental run it replaces (the next batch counts on from there), or up to now on a
        warehouse never counted."""
        until = _counted_until(connection) or clock()
        clear_rejects(connection, NAME)
        total = BatchResult()
        for page in latest_snapshot_pages(source):
            total += _load(connection, stage_changes(page), dimensions, until, count_keys=False).counts
            progress(len(page))
        copy_device_dimensions(connection, None)
        rebuild_keys(connection, None, until)
        rebuild_devices_now(connection, None)
        _set_counted_until(connection, until)
        return total

    return Job(name=NAME, entities=ENTITIES, marts=INFRA_MARTS, schema_versions=READABLE_VERSIONS,
               stage=stage_changes, apply_changes=apply_changes, full_refresh=full_refresh,
               mart_tables=(DEVICES, EVENTS, OUTAGES, AGG, MONTHLY, NOW))


def count_until(counted: datetime | None, now: datetime, every: timedelta) -> datetime:
    """The moment a batch counts open events to: `now` once `every` has passed since the last
    count (or the clock went back), else the last count's moment. Every device is in some state,
    so counting to `now` recounts the day of each of them (2,500 rows at city scale); between two
    counts a batch recounts only its own events' days, and the availability of the open events
    lags by at most `every`. States and outages (what walls and desks show) are never late."""
    if counted is None or now < counted or now - counted >= every:
        return now
    return counted


class _Loaded:
    def __init__(self):
        self.counts = BatchResult()
        self.touched: set = set()  # aggregate keys (device, day) to recount
        self.devices: set = set()  # device codes whose state now may have changed


def latest_snapshot_pages(source, page_rows: int = REFRESH_PAGE):
    """Pages of change-log rows (as the runner reads them): the latest readable row of each entity
    id, in position order, so a page never holds two snapshots of one id."""
    log = ChangeLogEntry.__table__
    readable = and_(log.c.entity.in_(ENTITIES), log.c.schema_version.in_(READABLE_VERSIONS))
    latest = (select(func.max(log.c.position).label("position")).where(readable)
              .group_by(log.c.entity, log.c.entity_id).subquery())
    query = (select(log.c.position, log.c.entity, log.c.entity_id, cast(log.c.payload, Text))
             .join(latest, latest.c.position == log.c.position).order_by(log.c.position))
    result = source.execution_options(stream_results=True, yield_per=page_rows).execute(query)
    for rows in result.partitions():
        payloads = json.loads("[" + ",".join(row[3] or "null" for row in rows) + "]")
        yield [{"position": row[0], "entity": row[1], "entity_id": row[2], "payload": payload}
               for row, payload in zip(rows, payloads)]


def _load(connection, staged: dict[str, pd.DataFrame], dimensions: Dimensions, until: datetime,
          count_keys: bool) -> _Loaded:
    """Devices first (the events of the batch take their dimensions), then events; with
    `count_keys`, the aggregate keys the events count in, before and after, and the devices whose
    state now may have changed are collected."""
    loaded = _Loaded()
    devices = staged.get(DEVICE)
    if devices is not None and not devices.empty:
        _load_devices(connection, devices, dimensions, loaded)
    events = staged.get(EVENT)
    if events is not None and not events.empty:
        _load_events(connection, events, until, loaded, count_keys)
    return loaded


def _load_devices(connection, snapshots: pd.DataFrame, dimensions: Dimensions, loaded: _Loaded) -> None:
    reasons = transform.device_rejects(snapshots, dimensions)
    good, bad = snapshots[reasons == ""], snapshots[reasons != ""]
    codes = snapshots["code"].tolist()
    loaded.devices |= {code for code in codes if isinstance(code, str)}  # a snapshot may lack its code
    delete_keys(connection, DEVICES, "device_code", codes)  # the old rows go, good and bad alike
    forget_rejects(connection, NAME, DEVICE, codes)
    written = replace_rows(connection, DEVICES, "device_code", transform.fct_infra_devices(good.copy()),
                           emptied=True) if not good.empty else 0
    copy_device_dimensions(connection, codes)
    _record(connection, DEVICE, bad, reasons)
    loaded.counts += BatchResult(read=len(snapshots), written=written, rejected=len(bad))


def _load_events(connection, snapshots: pd.DataFrame, until: datetime, loaded: _Loaded, count_keys: bool) -> None:
    reasons = transform.event_rejects(snapshots)
    good, bad = snapshots[reasons == ""], snapshots[reasons != ""]
    ids = [int(i) for i in snapshots["id"] if i.isdigit()]
    if count_keys:
        stored = _stored_spans(connection, ids)
        loaded.touched |= spanned_keys(stored, until)  # the days the old versions counted in
        loaded.devices |= set(stored["device_code"])
    delete_keys(connection, EVENTS, "event_id", ids)
    delete_keys(connection, OUTAGES, "event_id", ids)
    forget_rejects(connection, NAME, EVENT, snapshots["id"].tolist())
    written = 0
    if not good.empty:
        devices = device_dimension_frame(connection, sorted(set(good["device_code"]))).set_index("device_code")
        facts = transform.fct_infra_events(good.copy(), devices)
        written = replace_rows(connection, EVENTS, "event_id", facts, emptied=True)
        replace_rows(connection, OUTAGES, "event_id", transform.fct_infra_outages(facts), emptied=True)
        if count_keys:
            loaded.touched |= spanned_keys(facts, until)
            loaded.devices |= set(facts["device_code"])
    _record(connection, EVENT, bad, reasons)
    loaded.counts += BatchResult(read=len(snapshots), written=written, rejected=len(bad))


def copy_device_dimensions(connection, codes: list[str] | None) -> None:
    """Copies each device's dimensions (as its fact has them, '' without one) onto its events,
    outages and aggregate rows (the aggregates take its kind too); None: every device."""
    if codes is None:
        codes = sorted(set(connection.scalars(select(EVENTS.c.device_code).distinct()))
                       | set(connection.scalars(select(DEVICES.c.device_code))))
    if not codes:
        return
    found = device_dimension_frame(connection, codes).set_index("device_code")
    values = [{"code": code, **{name: (found.at[code, name] if code in found.index else "")
                                for name in ("kind", *DEVICE_DIMENSIONS)}} for code in codes]
    for table in (EVENTS, OUTAGES, AGG, MONTHLY):
        names = (*DEVICE_DIMENSIONS, "kind") if table in (AGG, MONTHLY) else DEVICE_DIMENSIONS
        statement = (update(table).where(table.c.device_code == bindparam("code"))
                     .values({name: bindparam(f"new_{name}") for name in names}))
        connection.execute(statement, [{"code": v["code"], **{f"new_{name}": v[name] for name in names}}
                                       for v in values])


def _stored_spans(connection, ids: list[int]) -> pd.DataFrame:
    """The stored events of `ids` (device, state, start, end): the days they counted in."""
    found = []
    for part in key_parts(connection, ids):
        found += connection.execute(select(EVENTS.c.device_code, EVENTS.c.state, EVENTS.c.started_at,
                                           EVENTS.c.ended_at)
                                    .where(is_member(connection, EVENTS.c.event_id, part))).all()
    frame = pd.DataFrame(found, columns=["device_code", "state", "started_at", "ended_at"])
    for column in ("started_at", "ended_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def _counted_until(connection) -> datetime | None:
    return connection.scalar(select(COUNTED.c.counted_until).where(COUNTED.c.job == NAME))


def _set_counted_until(connection, until: datetime) -> None:
    upsert(connection, COUNTED, [{"job": NAME, "counted_until": until}], ["job"])


def _record(connection, entity: str, bad: pd.DataFrame, reasons: pd.Series) -> None:
    record_rejects(connection, NAME, [reject_row(SHAPES[entity], entity, row, reasons[index])
                                      for index, row in bad.iterrows()])


JOB = infrastructure_job()
JOBS = [JOB]  # what the infrastructure domain registers (domains/infrastructure.py)
