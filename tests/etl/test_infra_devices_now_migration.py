"""infrastructure_w0002 adds agg_infra_devices_now to a warehouse that already holds the device and
event facts: the revision fills it as the ETL would have."""

from __future__ import annotations

from datetime import date, datetime, timezone

from alembic import command
from sqlalchemy import select

from core import migrate
from data.infrastructure.tables import AggInfraDeviceNow, FctInfraDevice, FctInfraEvent
from etl.infrastructure.devices_now import rebuild_devices_now

BEFORE = "infrastructure_w0001"
PLACE = dict(opd_code="DISHUB", kecamatan_code="35.78.07", kelurahan_code="35.78.07.1004", contract_code="CTR-CAM",
             vendor="PT Kamera Kota")


def at(hour: int) -> datetime:
    return datetime(2026, 11, 9, hour, tzinfo=timezone.utc)


def device(code: str, active: bool = True) -> dict:
    return dict(device_code=code, kind="camera", name=f"Kamera {code}", probe="rtsp", slo_percent=99.0, lat=-7.26,
                lon=112.745, parents="", active=active, updated_at=at(0), **PLACE)


def event(event_id: int, code: str, state: str, start: int, end: int | None, root: str | None = None,
          hidden_by: str | None = None) -> dict:
    return dict(event_id=event_id, device_code=code, kind="camera", state=state, started_at=at(start),
                ended_at=at(end) if end is not None else None, started_day=date(2026, 11, 9), root_cause_code=root,
                suppressed_by=hidden_by, source="probe", detail="", **PLACE)


def devices_now(connection) -> list[tuple]:
    return sorted(tuple(row) for row in connection.execute(select(AggInfraDeviceNow.__table__)))


def test_the_revision_keeps_each_active_device_with_its_newest_open_event(empty_databases):
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), BEFORE)
    events = [event(1, "CAM-1", "UP", 0, 3), event(2, "CAM-1", "DOWN", 3, None, root="CAM-1"),
              event(3, "CAM-2", "UNREACHABLE", 1, None, root="SW-1", hidden_by="SW-1"),
              event(4, "CAM-2", "UP", 0, None),  # half applied: an older event still open
              event(5, "CAM-OLD", "UP", 0, None)]
    with empty_databases.warehouse.begin() as connection:
        connection.execute(FctInfraDevice.__table__.insert(), [device("CAM-1"), device("CAM-2"), device("CAM-3"),
                                                               device("CAM-OLD", active=False)])
        connection.execute(FctInfraEvent.__table__.insert(), events)
    command.upgrade(migrate.alembic_config(empty_databases, "warehouse"), "heads")
    with empty_databases.warehouse.begin() as connection:
        filled = devices_now(connection)
        rebuild_devices_now(connection, None)  # what the ETL makes of the same facts
        assert filled == devices_now(connection)
        states = {row.device_code: (row.state, row.since, row.root_cause_code, row.suppressed_by)
                  for row in connection.execute(select(AggInfraDeviceNow.__table__))}
    assert states == {"CAM-1": ("DOWN", at(3), "CAM-1", None), "CAM-2": ("UNREACHABLE", at(1), "SW-1", "SW-1"),
                      "CAM-3": ("UNKNOWN", None, None, None)}
