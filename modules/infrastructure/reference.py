"""The infrastructure domain's reference data: the maintenance contracts and their objectives
(reference/infrastructure_contracts.csv, demo data labelled so). A contract whose vendor or
objective changed re-logs its devices, whose change-log snapshot carries both."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import utc_now
from core.reference import read_csv
from modules.infrastructure.models import InfraContract, InfraDevice

CONTRACTS_FILE = "infrastructure_contracts.csv"


def load_infrastructure_reference(session: Session) -> dict[str, int]:
    changed = []
    for row in read_csv(CONTRACTS_FILE):
        wanted = dict(code=row["code"], vendor=row["vendor"], name=row["name"], slo_percent=float(row["slo_percent"]),
                      starts_on=date.fromisoformat(row["starts_on"]), ends_on=date.fromisoformat(row["ends_on"]))
        found = session.get(InfraContract, wanted["code"])
        if found is None:
            session.add(InfraContract(**wanted))
            continue
        if (found.vendor, found.slo_percent) != (wanted["vendor"], wanted["slo_percent"]):
            changed.append(found.code)
        for key, value in wanted.items():
            setattr(found, key, value)
    session.flush()
    if changed:
        _relog_devices_of(session, changed)
    return {InfraContract.__tablename__: session.scalar(select(func.count()).select_from(InfraContract))}


def _relog_devices_of(session: Session, contract_codes: list[str]) -> None:
    from modules.infrastructure.inventory import relog_devices  # the service writes the log

    codes = session.scalars(select(InfraDevice.code).where(InfraDevice.contract_code.in_(contract_codes))).all()
    relog_devices(session, list(codes), utc_now())
