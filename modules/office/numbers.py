"""Numbers of an OPD's year: the agenda number of an incoming letter (at registration) and the
number of an outgoing one (after signing). Allocated from a counter row per direction, OPD and
year (core.tickets.allocate_numbers): locked until commit on PostgreSQL, so two registrars never
get the same number, and rolled back with a refused registration, so the agenda has no gaps.

    0017/DISHUB/2026          the 17th letter Dishub received in 2026 (its agenda)
    000.1.2/0005/DISHUB/2026  Dishub's 5th letter out of 2026, with its classification in front
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from core.clock import city_time
from core.tickets import allocate_numbers
from modules.office import workflow
from modules.office.models import OfficeLetter, OfficeNumberCounter

PREFIX = {workflow.INCOMING: "in", workflow.OUTGOING: "out"}


def allocate(session: Session, direction: str, opd_code: str, moment: datetime) -> tuple[int, int]:
    """(year, number): the next number of the OPD's city-time year for that direction."""
    year = city_time(moment).year
    number = allocate_numbers(session, OfficeNumberCounter.__table__, f"{PREFIX[direction]}-{opd_code}-{year}", 1)[0]
    return year, number


def display_number(letter: OfficeLetter) -> str | None:
    if letter.number is None:
        return None
    tail = f"{letter.number:04d}/{letter.opd_code}/{letter.number_year}"
    return tail if letter.direction == workflow.INCOMING else f"{letter.classification}/{tail}"
