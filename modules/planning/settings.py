"""The `[planning]` section of settings.toml: the e-Musrenbang calendar (the rounds of a year, as
month-day ranges), the ceiling per RW and the distance within which an earlier year's proposal of
the same item counts as a possible repeat."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.settings import SettingsError, check_positive

ROUNDS = ("rw", "kelurahan", "kecamatan", "city")  # proposing, lurah verifying, camat deciding, perencana


@dataclass(frozen=True)
class PlanningSettings:
    rw_ceiling_rupiah: int = 300_000_000          # the proposals of one RW in one year stay under this
    repeat_distance_metres: float = 50.0          # same item this close to an earlier year's proposal: a repeat
    # the rounds of each year, "MM-DD..MM-DD" (inclusive, city time): RW heads propose during `rw`,
    # lurah verify during `kelurahan`, camat decide during `kecamatan`, the planning agency ranks during `city`
    rw_round: str = "01-02..02-15"
    kelurahan_round: str = "01-02..02-20"
    kecamatan_round: str = "02-01..02-28"
    city_round: str = "03-01..03-31"
    max_photos: int = 4
    max_photo_bytes: int = 5_000_000


def validate(section: PlanningSettings) -> None:
    for key in ("rw_ceiling_rupiah", "repeat_distance_metres", "max_photos", "max_photo_bytes"):
        check_positive(f"planning.{key}", getattr(section, key))
    for name in ROUNDS:
        round_dates(section, name, 2027)


def round_dates(section: PlanningSettings, name: str, year: int) -> tuple[date, date]:
    """(first day, last day) of round `name` in `year`; a bad value raises SettingsError."""
    key = f"{name}_round"
    text = getattr(section, key)
    try:
        first, last = (date(year, *map(int, part.strip().split("-"))) for part in text.split(".."))
    except ValueError:
        raise SettingsError(f"planning.{key}", f"must be MM-DD..MM-DD (a range of days of a year), got {text!r}") \
            from None
    if last < first:
        raise SettingsError(f"planning.{key}", f"must not end before it starts, got {text!r}")
    return first, last
