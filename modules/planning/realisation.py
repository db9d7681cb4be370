"""Realisation in money: payments (SP2D) on a line of the current budget, entered by the line's
OPD only. A payment is more than zero, dated inside the budget's year and not in the future, and a
line's payments together never pass its ceiling (the domain's writer lock, taken first, keeps two
payments from passing it together)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import city_today, now_or
from core.users import Viewer
from modules.planning.budget import line_by_id
from modules.planning.budget_models import PlanningBudgetVersion, PlanningPayment
from modules.planning.budget_snapshot import begin_write, log_payment
from modules.planning.errors import PlanningValidationError
from modules.planning.plan import actor_name, checked_date, checked_rupiah, checked_text, require_opd

REFERENCE_LIMIT = PlanningPayment.reference.type.length


def paid_on_line(session: Session, line_id: int) -> int:
    return int(session.scalar(select(func.coalesce(func.sum(PlanningPayment.amount_rupiah), 0))
                              .where(PlanningPayment.line_id == line_id)))


def record_payment(session: Session, actor: Viewer, line_id: int, *, paid_on, amount_rupiah, reference,
                   now: datetime | None = None) -> PlanningPayment:
    begin_write(session)
    line = line_by_id(session, line_id)
    require_opd(actor, line.opd_code, "enter payments on this line")
    version = session.get(PlanningBudgetVersion, line.version_id)
    if not version.is_current:
        raise PlanningValidationError("line_id", "planning_line_not_current", version=version.version,
                                      year=version.year)
    now = now_or(now)
    paid_on = checked_date("paid_on", paid_on)
    if paid_on.year != version.year:
        raise PlanningValidationError("paid_on", "planning_payment_year", year=version.year)
    if paid_on > city_today(now):
        raise PlanningValidationError("paid_on", "planning_date_future", value=paid_on.isoformat())
    amount = checked_rupiah("amount_rupiah", amount_rupiah, low=1)
    paid = paid_on_line(session, line.id)
    if paid + amount > line.ceiling_rupiah:
        raise PlanningValidationError("amount_rupiah", "planning_payment_over_ceiling", amount=amount,
                                      ceiling=int(line.ceiling_rupiah), paid=paid,
                                      left=int(line.ceiling_rupiah) - paid)
    payment = PlanningPayment(line_id=line.id, paid_on=paid_on, amount_rupiah=amount,
                              reference=checked_text("reference", reference, REFERENCE_LIMIT),
                              entered_by=actor_name(actor), created_at=now)
    session.add(payment)
    log_payment(session, payment, line, version)
    return payment
