"""The change-log snapshot of every row, read from the tables (the contract test compares it with
the newest change-log payload of each entity; the ETL's full refresh may read it too). Built with
the same functions the service logs with (snapshot.py), so both cannot drift apart."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from modules.infrastructure.inventory import parents_of
from modules.infrastructure.models import InfraContract, InfraDevice, InfraEvent
from modules.infrastructure.snapshot import DEVICE, EVENT, device_snapshot, event_snapshot


def snapshots_by_entity(connection_or_session) -> dict[tuple[str, str], dict[str, Any]]:
    """{(entity, entity id): payload} of every device and every state change."""
    session = connection_or_session if isinstance(connection_or_session, Session) \
        else Session(bind=connection_or_session)
    contracts = {row.code: row for row in session.scalars(select(InfraContract))}
    parents = parents_of(session)
    kinds: dict[str, str] = {}
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for device in session.scalars(select(InfraDevice)):
        kinds[device.code] = device.kind
        found[(DEVICE, device.code)] = device_snapshot(device, contracts.get(device.contract_code),
                                                       parents.get(device.code, []))
    for event in session.scalars(select(InfraEvent)):
        found[(EVENT, str(event.id))] = event_snapshot(event, kinds[event.device_code])
    return found
