"""Which OPD a complaint goes to: rules kept as data in `complaint_routing_rules`.

A rule names a category and optionally a kecamatan; the rule with the complaint's kecamatan beats
the category's rule without one. No rule: the complaint waits in the command center's triage queue.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from modules.complaints.models import RoutingRule

RouteTable = dict[tuple[str, str | None], str]  # (category, kecamatan or None) -> OPD


def find_rule(session: Session, category_code: str, kecamatan_code: str | None) -> RoutingRule | None:
    """The most specific rule for this category and kecamatan, or None (triage)."""
    rules = session.scalars(select(RoutingRule).where(
        RoutingRule.category_code == category_code,
        or_(RoutingRule.kecamatan_code.is_(None), RoutingRule.kecamatan_code == kecamatan_code),
    )).all()
    return most_specific(rules)


def most_specific(rules: list[RoutingRule]) -> RoutingRule | None:
    specific = [rule for rule in rules if rule.kecamatan_code is not None]
    general = [rule for rule in rules if rule.kecamatan_code is None]
    return (specific or general or [None])[0]


def route_table(session: Session) -> RouteTable:
    """Every rule at once, for bulk inserts."""
    return {(rule.category_code, rule.kecamatan_code): rule.opd_code for rule in session.scalars(select(RoutingRule))}


def route(table: RouteTable, category_code: str, kecamatan_code: str | None) -> str | None:
    return table.get((category_code, kecamatan_code)) or table.get((category_code, None))
