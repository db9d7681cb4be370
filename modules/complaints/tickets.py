"""Complaint tickets: ADU-<yymm>-<number>, numbered per month (core/tickets.py does the numbering)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from core import tickets
from core.tickets import normalise_ticket, ticket_period  # noqa: F401 - the complaint code asks here
from modules.complaints.models import TicketCounter

PREFIX = "ADU"


def format_ticket(period: str, number: int) -> str:
    return tickets.format_ticket(PREFIX, period, number)


def next_tickets(session: Session, received_at: datetime, count: int) -> list[str]:
    """`count` fresh tickets of the month of `received_at`."""
    period = ticket_period(received_at)
    return [format_ticket(period, number) for number in allocate_numbers(session, period, count)]


def allocate_numbers(session: Session, period: str, count: int) -> range:
    return tickets.allocate_numbers(session, TicketCounter.__table__, period, count)
