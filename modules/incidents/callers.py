"""Callers' numbers: personal data that never leaves the module. Stored for call-back; a keyed
hash (HMAC-SHA256 with the app's secret key) finds repeat callers without comparing numbers; the
desk shows the number masked."""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.instance import secret_key
from core.settings import Settings
from modules.incidents.models import IncidentCall


def normalised_number(number: str) -> str:
    """Digits only, the country code folded: '+62 812-3456' and '0812 3456' are one caller."""
    digits = re.sub(r"\D", "", number)
    return "0" + digits[2:] if digits.startswith("62") else digits


def caller_hash(settings: Settings, number: str | None) -> str | None:
    if not number or not normalised_number(number):
        return None
    key = secret_key(settings).encode()
    return hmac.new(key, normalised_number(number).encode(), hashlib.sha256).hexdigest()


def is_repeat_prank_caller(session: Session, settings: Settings, digest: str | None, now: datetime) -> bool:
    """The hash made at least `repeat_prank_count` prank calls in the last `repeat_prank_window_days`."""
    if digest is None:
        return False
    section = settings.incidents
    since = now - timedelta(days=section.repeat_prank_window_days)
    pranks = session.scalar(select(func.count()).select_from(IncidentCall).where(
        IncidentCall.caller_hash == digest, IncidentCall.outcome == "prank", IncidentCall.received_at >= since))
    return pranks >= section.repeat_prank_count


def masked(number: str | None) -> str | None:
    """'081234567890' -> '0812****7890': enough for the operator to recognise, not to dial."""
    if not number:
        return None
    digits = normalised_number(number)
    keep = 4 if len(digits) >= 10 else 2 if len(digits) >= 6 else 0
    return digits[:keep] + "*" * (len(digits) - 2 * keep) + (digits[-keep:] if keep else "")


