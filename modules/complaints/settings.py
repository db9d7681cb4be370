"""The `[complaints]` section of settings.toml: SLA minutes, duplicate detection, photo size."""

from __future__ import annotations

from dataclasses import dataclass

from core.settings import check_positive


@dataclass(frozen=True)
class ComplaintSettings:
    first_response_minutes: int = 60
    feedback_minutes: int = 1440
    working_hours_only: bool = False
    duplicate_radius_m: float = 50.0
    duplicate_window_hours: int = 48
    max_photo_bytes: int = 5_000_000


def validate(section: ComplaintSettings) -> None:
    for key in ("first_response_minutes", "feedback_minutes", "duplicate_radius_m", "duplicate_window_hours",
                "max_photo_bytes"):
        check_positive(f"complaints.{key}", getattr(section, key))
