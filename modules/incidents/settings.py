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
    # The proposed stage 2, 3, 4, 5 is reached at these many active incidents (comma-separated,
    # rising) ... or at these many agencies with no available unit; the higher of both is proposed.
    stage_active_incidents: str = "15,30,50,80"
    stage_agencies_without_units: str = "1,2,3,5"


def validate(section: IncidentSettings) -> None:
    for key in ("response_promise_minutes", "repeat_prank_window_days", "repeat_prank_count"):
        check_positive(f"incidents.{key}", getattr(section, key))
    for key in ("stage_active_incidents", "stage_agencies_without_units"):
        stage_thresholds(section, key)


def stage_thresholds(section: IncidentSettings, key: str) -> tuple[int, ...]:
    """The four thresholds of stages 2..5 of a `stage_...` key; a bad value raises SettingsError."""
    text = getattr(section, key)
    try:
        values = tuple(int(part) for part in text.split(","))
    except ValueError:
        values = ()
    if len(values) != 4 or values[0] < 1 or list(values) != sorted(values):
        raise SettingsError(f"incidents.{key}", f"must be 4 rising whole numbers from 1 (stages 2..5), got {text!r}")
    return values
