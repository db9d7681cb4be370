"""The city's operational stage, Rio's scale: 1 normal, 2 mobilisasi, 3 perhatian, 4 siaga,
5 krisis. A supervisor sets it with a reason; the system proposes one from the load (active
incidents, agencies with no available unit) and says why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import now_or
from core.settings import Settings
from core.users import Viewer
from modules.incidents import checks
from modules.incidents.access import STAGE_ROLES, require_role
from modules.incidents.errors import IncidentValidationError
from modules.incidents.models import Incident, IncidentStage, IncidentUnit, IncidentUnitType
from modules.incidents.recording import actor_name, begin_write, record
from modules.incidents.settings import stage_thresholds

STAGES = (1, 2, 3, 4, 5)
NORMAL = 1


@dataclass(frozen=True)
class Proposal:
    """A proposed stage and why: (message code, parameters) pairs, e.g.
    ("incident_stage_because_active", {"count": 31})."""

    stage: int
    reasons: tuple[tuple[str, dict], ...]
    active_incidents: int
    agencies_without_units: tuple[str, ...]


def current_stage(session: Session) -> IncidentStage | None:
    """The stage in force (the newest one set), or None when none was ever set (stage 1)."""
    return session.scalars(select(IncidentStage).order_by(IncidentStage.id.desc()).limit(1)).first()


def set_stage(session: Session, actor: Viewer, settings: Settings, stage: int, reason: str,
              *, now: datetime | None = None) -> IncidentStage:
    """The supervisor sets the stage (operator, admin or pimpinan), saying why; the proposal of the
    moment is kept beside it."""
    now = now_or(now)
    require_role(actor, STAGE_ROLES, "set the operational stage")
    if isinstance(stage, bool) or stage not in STAGES:
        raise IncidentValidationError("stage", "incident_stage_range", value=stage)
    reason = checks.text("reason", reason, required=True)
    begin_write(session)
    proposal = proposed_stage(session, settings)
    row = IncidentStage(stage=stage, set_at=now, actor=actor_name(actor), reason=reason, proposed=proposal.stage)
    session.add(row)
    record(session, actor, "stage_set", now, text=reason, data={"stage": stage, "proposed": proposal.stage})
    return row


def proposed_stage(session: Session, settings: Settings) -> Proposal:
    """The stage the load suggests: the higher of what the active incidents and the agencies with
    no available unit reach (settings incidents.stage_active_incidents / stage_agencies_without_units)."""
    section = settings.incidents
    active = session.scalar(select(func.count()).select_from(Incident)
                            .where(Incident.is_active))
    exhausted = agencies_without_units(session)
    by_active = _reached(active, stage_thresholds(section, "stage_active_incidents"))
    by_agencies = _reached(len(exhausted), stage_thresholds(section, "stage_agencies_without_units"))
    reasons = []
    if by_active > NORMAL:
        reasons.append(("incident_stage_because_active", {"count": active}))
    if by_agencies > NORMAL:
        reasons.append(("incident_stage_because_agencies", {"agencies": ", ".join(exhausted)}))
    return Proposal(max(by_active, by_agencies), tuple(reasons) or (("incident_stage_normal", {}),), active,
                    exhausted)


def agencies_without_units(session: Session) -> tuple[str, ...]:
    """Agencies with units of which none is available, sorted."""
    fleet = set(session.scalars(select(IncidentUnitType.agency_code)))
    available = set(session.scalars(select(IncidentUnit.agency_code).where(IncidentUnit.status == "available")))
    with_units = set(session.scalars(select(IncidentUnit.agency_code)))
    return tuple(sorted((fleet & with_units) - available))


def _reached(value: int, thresholds: tuple[int, ...]) -> int:
    return NORMAL + sum(1 for threshold in thresholds if value >= threshold)
