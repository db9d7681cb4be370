"""The `[incidents]` section of settings.toml: the response promise, repeat prank callers, and the
load thresholds behind the proposed operational stage."""

from __future__ import annotations

from dataclasses import dataclass

from core.settings import SettingsError, check_positive


@dataclass(frozen=True)
class IncidentSettings:
    response_promise_minutes: int = 7  # first unit on scene within this of the first call
    repeat_prank_window_days: int = 30  # earlier prank calls from the same number counted this far back
    repeat_prank_count: int = 2  # this many earlier prank calls flag a new call `repeat_caller`
    # The proposed stage (2..5) reached at these many active incidents ...
    stage_active_incidents: tuple[int, ...] = (15, 30, 50, 80)
    # ... or at these many agencies with no available unit; the higher of both is proposed.
    stage_agencies_without_units: tuple[int, ...] = (1, 2, 3, 5)


def validate(section: IncidentSettings) -> None:
    for key in ("response_promise_minutes", "repeat_prank_window_days", "repeat_prank_count"):
        check_positive(f"incidents.{key}", getattr(section, key))
    for key in ("stage_active_incidents", "stage_agencies_without_units"):
        values = tuple(getattr(section, key))
        if len(values) != 4 or any(int(v) < 1 for v in values) or list(values) != sorted(values):
            raise SettingsError(f"incidents.{key}", f"must be 4 rising positive numbers (stages 2..5), got {values}")
