"""The `[complaints]` section of settings.toml: SLA minutes, duplicate detection, photo size, and
the notifications (the citizen's feedback by e-mail or SMS/WhatsApp gateway, the OPD heads' SLA
digests)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.settings import SettingsError, check_positive

EMAIL_ADDRESS = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+")


@dataclass(frozen=True)
class ComplaintSettings:
    first_response_minutes: int = 60
    feedback_minutes: int = 1440
    working_hours_only: bool = False
    duplicate_radius_m: float = 50.0
    duplicate_window_hours: int = 48
    max_photo_bytes: int = 5_000_000
    # --- notifications (modules/complaints/notifications.py) ---
    notify_public_url: str = "http://127.0.0.1:8050"  # the /lacak link in a message starts with this
    notify_poll_seconds: float = 10.0  # how often the delivery worker looks for due messages
    notify_max_attempts: int = 6  # then the message is `failed` and shown to staff
    notify_retry_seconds: float = 60.0  # the first retry waits this long, each next one twice as long
    notify_claim_seconds: int = 300  # a message a worker claimed and did not finish is due again after this
    smtp_host: str = ""  # empty: e-mail is not sent, e-mail messages are `skipped`
    smtp_port: int = 587
    smtp_from: str = "pantau@surabaya.go.id"
    smtp_starttls: bool = True
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_timeout_seconds: float = 10.0
    gateway_url: str = ""  # SMS/WhatsApp gateway; empty: SMS and WhatsApp messages are `skipped`
    gateway_secret: str = ""  # signs each call (X-Pantau-Signature), as the inbound webhook's senders do
    gateway_timeout_seconds: float = 10.0
    digest_minutes: int = 60  # at most one SLA digest per OPD in this many minutes
    digest_remind: bool = False  # list a still-open missed deadline again in the next digests
    opd_head_emails: tuple[str, ...] = ()  # "OPD_CODE=address" pairs; an OPD may appear more than once


def validate(section: ComplaintSettings) -> None:
    for key in ("first_response_minutes", "feedback_minutes", "duplicate_radius_m", "duplicate_window_hours",
                "max_photo_bytes", "notify_poll_seconds", "notify_max_attempts", "notify_retry_seconds",
                "notify_claim_seconds", "smtp_timeout_seconds", "gateway_timeout_seconds", "digest_minutes"):
        check_positive(f"complaints.{key}", getattr(section, key))
    if not 1 <= section.smtp_port <= 65535:
        raise SettingsError("complaints.smtp_port", f"must be between 1 and 65535, got {section.smtp_port}")
    for key in ("notify_public_url", "gateway_url"):
        value = getattr(section, key)
        if value and not re.match(r"https?://[^\s/]+", value):
            raise SettingsError(f"complaints.{key}", f"must be an http:// or https:// URL, got {value!r}")
    if section.gateway_url and not section.gateway_secret:
        raise SettingsError("complaints.gateway_secret", "is required when gateway_url is set (calls are signed)")
    opd_head_addresses(section)


def opd_head_addresses(section: ComplaintSettings) -> dict[str, tuple[str, ...]]:
    """opd_head_emails as {OPD code: addresses}; a malformed pair raises SettingsError."""
    found: dict[str, tuple[str, ...]] = {}
    for pair in section.opd_head_emails:
        code, _, address = pair.partition("=")
        code, address = code.strip(), address.strip()
        if not code or not EMAIL_ADDRESS.fullmatch(address):
            raise SettingsError("complaints.opd_head_emails", f"each entry is OPD_CODE=address, got {pair!r}")
        found[code] = found.get(code, ()) + (address,)
    return found
