"""The `[planning]` section of settings.toml: the e-Musrenbang calendar (the rounds of a year, as
month-day ranges), the ceiling per RW and the distance within which an earlier year's proposal of
the same item counts as a possible repeat.

The demo (`make run`) sets `demo_round_now`: this year's rounds are then placed around today, so a
demo started in December shows what the city sees in February, proposals arriving and waiting for
the lurah and the camat; earlier and later years keep the calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from core.clock import city_today
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
    demo_round_now: bool = False                  # demo only: this year's rounds are placed around today


# the demo's rounds of this year, in days from today: the RW heads have proposed for three weeks and
# go on for one more, the lurah verifies until two weeks from now, the camat decides from a week ago
# for three weeks, the planning agency ranks after that
DEMO_ROUND_DAYS = {"rw": (-21, 7), "kelurahan": (-21, 14), "kecamatan": (-7, 21), "city": (22, 35)}


def validate(section: PlanningSettings) -> None:
    for key in ("rw_ceiling_rupiah", "repeat_distance_metres", "max_photos", "max_photo_bytes"):
        check_positive(f"planning.{key}", getattr(section, key))
    for name in ROUNDS:
        calendar_dates(section, name, 2027)


def round_dates(section: PlanningSettings, name: str, year: int, today: date | None = None) -> tuple[date, date]:
    """(first day, last day) of round `name` in `year`; a bad value raises SettingsError. With
    `demo_round_now`, the rounds of today's year (city time, or `today`) come from demo_round."""
    today = today or city_today()
    if section.demo_round_now and year == today.year:
        return demo_round(name, today)
    return calendar_dates(section, name, year)


def calendar_dates(section: PlanningSettings, name: str, year: int) -> tuple[date, date]:
    """Round `name` of `year` as the calendar in the settings has it."""
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


def demo_round(name: str, today: date) -> tuple[date, date]:
    """Round `name` of the demo's calendar: DEMO_ROUND_DAYS around `today`, kept inside its year (a
    round's proposals belong to the year they are made in)."""
    start, end = DEMO_ROUND_DAYS[name]
    first_of_year, last_of_year = date(today.year, 1, 1), date(today.year, 12, 31)

    def inside(day: date) -> date:
        return min(max(day, first_of_year), last_of_year)
    return inside(today + timedelta(days=start)), inside(today + timedelta(days=end))
