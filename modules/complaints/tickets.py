"""Ticket numbers a citizen can quote: ADU-<yymm>-<number>, numbered per month (Asia/Jakarta time)."""

from __future__ import annotations

from datetime import datetime

from modules.complaints.sla import JAKARTA

PREFIX = "ADU"


def ticket_period(received_at: datetime) -> str:
    """'2611' for a complaint received in November 2026, local time."""
    return received_at.astimezone(JAKARTA).strftime("%y%m")


def format_ticket(period: str, number: int) -> str:
    return f"{PREFIX}-{period}-{number:06d}"


def normalise_ticket(text: str) -> str:
    """What a citizen types ('adu-2611-000123 ') as stored."""
    return text.strip().upper()
