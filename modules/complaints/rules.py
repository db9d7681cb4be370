"""Routing rules and SLA overrides: the data an admin edits (category, optionally kecamatan ->
OPD; own SLA minutes per category), and the SLA policy they give a category."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.audit import record_admin
from core.changelog import record_change
from core.clock import now_or
from modules.complaints.models import ComplaintCategory
from core.settings import Settings
from core.users import Viewer
from modules.complaints.settings import ComplaintSettings
from modules.complaints import sla
from modules.complaints.access import require_role
from modules.complaints.checks import ADMIN_ROLES, require_reference
from modules.complaints.errors import ComplaintValidationError, Reason
from modules.complaints.models import RoutingRule, SlaOverride


def seed_routing_rules(session: Session, now: datetime | None = None) -> int:
    """Gives every category without a default rule one to its OPD (core ComplaintCategory.opd_code).
    Safe to run on every start; rules edited by an admin are kept. Returns how many it added."""
    now = now_or(now)
    defaults = select(RoutingRule.category_code).where(RoutingRule.kecamatan_code.is_(None))
    has_default = set(session.scalars(defaults))
    added = 0
    for category in session.scalars(select(ComplaintCategory).order_by(ComplaintCategory.code)):
        if category.code not in has_default:
            _save_rule(session, RoutingRule(category_code=category.code, kecamatan_code=None,
                                            opd_code=category.opd_code, updated_at=now))
            added += 1
    return added


def set_routing_rule(session: Session, actor: Viewer, category_code: str, opd_code: str,
                     kecamatan_code: str | None = None, *, now: datetime | None = None) -> RoutingRule:
    """Creates or changes the rule for this category (and kecamatan)."""
    require_role(actor, ADMIN_ROLES, "edit routing rules")
    require_reference(session, category_code=category_code, opd_code=opd_code, kecamatan_code=kecamatan_code)
    rule = session.scalar(select(RoutingRule).where(
        RoutingRule.category_code == category_code, RoutingRule.kecamatan_code.is_not_distinct_from(kecamatan_code),
    )) or RoutingRule(category_code=category_code, kecamatan_code=kecamatan_code)
    before = _rule_payload(rule) if rule.id is not None else None
    rule.opd_code, rule.updated_at = opd_code, now_or(now)
    _save_rule(session, rule)
    record_admin(session, actor, "changed" if before else "created", "routing_rule", rule.id, before,
                 _rule_payload(rule), now=now)
    return rule


def delete_routing_rule(session: Session, actor: Viewer, rule_id: int) -> None:
    require_role(actor, ADMIN_ROLES, "edit routing rules")
    rule = session.get(RoutingRule, rule_id)
    if rule is None:
        raise ComplaintValidationError.one("rule_id", "unknown_rule", rule_id=rule_id)
    record_change(session, "complaint_routing_rule", rule.id, "deleted", _rule_payload(rule))
    record_admin(session, actor, "deleted", "routing_rule", rule.id, _rule_payload(rule), None)
    session.delete(rule)
    session.flush()


def list_routing_rules(session: Session) -> list[RoutingRule]:
    return list(session.scalars(select(RoutingRule).order_by(RoutingRule.category_code, RoutingRule.kecamatan_code)))


def set_sla_override(session: Session, actor: Viewer, category_code: str, first_response_minutes: int | None = None,
                     feedback_minutes: int | None = None, *, now: datetime | None = None) -> SlaOverride | None:
    """Own SLA minutes for a category (None: the setting); both None removes the override.
    Applies to complaints received afterwards: due times are fixed at receipt."""
    require_role(actor, ADMIN_ROLES, "edit SLA overrides")
    require_reference(session, category_code=category_code)
    _require_minutes(first_response_minutes=first_response_minutes, feedback_minutes=feedback_minutes)
    override = session.get(SlaOverride, category_code)
    payload = dict(category_code=category_code, first_response_minutes=first_response_minutes,
                   feedback_minutes=feedback_minutes)
    before = _override_payload(override)
    if first_response_minutes is None and feedback_minutes is None:
        _delete_override(session, override, payload)
        if before is not None:
            record_admin(session, actor, "deleted", "sla_override", category_code, before, None, now=now)
        return None
    override = override or SlaOverride(category_code=category_code)
    override.first_response_minutes, override.feedback_minutes = first_response_minutes, feedback_minutes
    override.updated_at = now_or(now)
    session.add(override)
    record_change(session, "complaint_sla_override", category_code, "set", payload)
    record_admin(session, actor, "changed" if before else "created", "sla_override", category_code, before, payload,
                 now=now)
    return override


def list_sla_overrides(session: Session) -> list[SlaOverride]:
    return list(session.scalars(select(SlaOverride).order_by(SlaOverride.category_code)))


def _override_payload(override: SlaOverride | None) -> dict | None:
    if override is None:
        return None
    return dict(category_code=override.category_code, first_response_minutes=override.first_response_minutes,
                feedback_minutes=override.feedback_minutes)


MAX_SLA_MINUTES = 30 * 24 * 60  # a month: beyond it a deadline is no service level any more


def _require_minutes(**minutes: int | None) -> None:
    errors = []
    for name, value in minutes.items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value <= 0):
            errors.append((name, Reason("minutes_not_positive", {"value": value})))
        elif value is not None and value > MAX_SLA_MINUTES:
            errors.append((name, Reason("minutes_too_large", {"value": value, "limit": MAX_SLA_MINUTES})))
    if errors:
        raise ComplaintValidationError.collected(errors)


def _delete_override(session: Session, override: SlaOverride | None, payload: dict) -> None:
    if override is not None:
        session.delete(override)
        record_change(session, "complaint_sla_override", payload["category_code"], "deleted", payload)


def _save_rule(session: Session, rule: RoutingRule) -> RoutingRule:
    session.add(rule)
    session.flush()
    record_change(session, "complaint_routing_rule", rule.id, "set", _rule_payload(rule))
    return rule


def _rule_payload(rule: RoutingRule) -> dict:
    return dict(category_code=rule.category_code, kecamatan_code=rule.kecamatan_code, opd_code=rule.opd_code)


def sla_policy(session: Session, settings: Settings, category_code: str) -> sla.SlaPolicy:
    return sla_policies(session, settings.complaints).get(category_code) or default_policy(settings.complaints)


def sla_policies(session: Session, rules: ComplaintSettings) -> dict[str, sla.SlaPolicy]:
    """The policy of every category with an override."""
    return {o.category_code: sla.SlaPolicy(o.first_response_minutes or rules.first_response_minutes,
                                           o.feedback_minutes or rules.feedback_minutes, rules.working_hours_only)
            for o in session.scalars(select(SlaOverride))}


def default_policy(rules: ComplaintSettings) -> sla.SlaPolicy:
    return sla.SlaPolicy(rules.first_response_minutes, rules.feedback_minutes, rules.working_hours_only)
