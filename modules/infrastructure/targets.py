"""What the prober probes: every active device with a probe (not `passive`), except those inside a
maintenance window without collection, as kinds.Target. The prober re-reads this every
`infrastructure.refresh_seconds`, so a new device, a changed interval or a window is picked up."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import now_or
from modules.infrastructure.kinds import PASSIVE, Target
from modules.infrastructure.maintenance import covered_devices
from modules.infrastructure.models import InfraDevice


def probe_targets(session: Session, now: datetime | None = None) -> list[Target]:
    resting = {code for code, covered in covered_devices(session, now_or(now)).items() if not covered.collect}
    devices = session.scalars(select(InfraDevice).where(InfraDevice.active.is_(True), InfraDevice.probe != PASSIVE)
                              .order_by(InfraDevice.code))
    return [Target(code=d.code, kind=d.kind, probe=d.probe, host=d.host, port=d.port, path=d.path or "/",
                   interval_seconds=float(d.interval_seconds), timeout_seconds=float(d.timeout_seconds))
            for d in devices if d.code not in resting]
