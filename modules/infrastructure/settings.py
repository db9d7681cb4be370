"""The `[infrastructure]` section of settings.toml: a new device's probing defaults, the state
machine's thresholds (flapping, silence), how long minute rollups are kept, and the prober's pace."""

from __future__ import annotations

from dataclasses import dataclass

from core.settings import SettingsError, check_positive

MIN_INTERVAL_SECONDS = 5  # no device is probed more often (the silence sweep relies on it)


@dataclass(frozen=True)
class InfrastructureSettings:
    default_retries: int = 3                # consecutive failures before DOWN (PENDING until then)
    default_interval_seconds: int = 60      # a device's probe interval when its row names none
    default_timeout_seconds: float = 5.0    # a device's probe timeout when its row names none
    flap_high_percent: float = 20.0         # flapping starts above this weighted percent of state changes
    flap_low_percent: float = 5.0           # ... and stops below this one (Nagios' two thresholds)
    unknown_after_intervals: int = 3        # no result for this many intervals: UNKNOWN
    minute_rollup_days: int = 2             # minute rollups older than this are pruned (daily ones are kept)
    prober_concurrency: int = 500           # probes in flight at once (modules/infrastructure/prober.py)
    refresh_seconds: float = 30.0           # the prober re-reads its targets this often


def validate(section: InfrastructureSettings) -> None:
    for key in ("default_retries", "default_timeout_seconds", "flap_high_percent", "flap_low_percent",
                "unknown_after_intervals", "minute_rollup_days", "prober_concurrency", "refresh_seconds"):
        check_positive(f"infrastructure.{key}", getattr(section, key))
    if section.default_interval_seconds < MIN_INTERVAL_SECONDS:
        raise SettingsError("infrastructure.default_interval_seconds",
                            f"must be at least {MIN_INTERVAL_SECONDS}, got {section.default_interval_seconds}")
    if section.default_timeout_seconds >= section.default_interval_seconds:
        raise SettingsError("infrastructure.default_timeout_seconds",
                            "must be shorter than infrastructure.default_interval_seconds, "
                            f"got {section.default_timeout_seconds}")
    if not section.flap_low_percent < section.flap_high_percent <= 100:
        raise SettingsError("infrastructure.flap_low_percent",
                            "must be below infrastructure.flap_high_percent, which is at most 100, got "
                            f"{section.flap_low_percent} and {section.flap_high_percent}")
