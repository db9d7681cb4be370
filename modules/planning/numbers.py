"""Proposal numbers a citizen can quote: USL-<round year>-<6 digits> (USL-2027-000123 is the 123rd
proposal of the 2027 round), numbered per round year by core.tickets.allocate_numbers."""

from __future__ import annotations

from sqlalchemy.orm import Session

from core.tickets import allocate_numbers
from modules.planning.models import PlanningNumberCounter

PREFIX = "USL"
PATTERN = r"^USL-[0-9]{4}-[0-9]{6}$"


def next_numbers(session: Session, year: int, count: int = 1) -> list[str]:
    """`count` fresh numbers of the round `year`, in the caller's transaction (after begin_write)."""
    return [f"{PREFIX}-{year:04d}-{n:06d}"
            for n in allocate_numbers(session, PlanningNumberCounter.__table__, str(year), count)]
