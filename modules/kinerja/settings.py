"""The `[kinerja]` section of the settings (registered with the domain): how far back a day may be
reported, the minutes a working day should hold, the supervisor's deadline, the quarter's weights
and the score bands.

The weights are Surabaya's e-Performance (80 % individual work, 20 % competence). The band
thresholds are the city's choice: PermenPANRB 6/2022 names the five ratings (Sangat Baik, Baik,
Butuh Perbaikan, Kurang, Sangat Kurang) but sets no numbers for a score; the defaults carry the
cut-offs of the former SKP scale (PP 46/2011: 91, 76, 61, 51) over to the five ratings.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.settings import SettingsError, check_positive

MINUTES_A_DAY = 1440


@dataclass(frozen=True)
class KinerjaSettings:
    entry_days_back: int = 3              # a day may be reported today and this many days back (0: today only)
    daily_minutes_target: int = 300       # approved minutes a working day should hold (the city's choice)
    approval_deadline_days: int = 3       # working days a submitted activity may wait for its supervisor
    work_weight: int = 80                 # percent of the final score from the work score
    competence_weight: int = 20           # percent from the competence score the supervisor enters
    band_sangat_baik: float = 91.0        # final score from which the rating is Sangat Baik
    band_baik: float = 76.0
    band_butuh_perbaikan: float = 61.0
    band_kurang: float = 51.0             # below this: Sangat Kurang
    max_photo_bytes: int = 5_000_000      # an activity's evidence photo


def validate(section: KinerjaSettings) -> None:
    if section.entry_days_back < 0:
        raise SettingsError("kinerja.entry_days_back", f"must be zero or more days, got {section.entry_days_back}")
    check_positive("kinerja.daily_minutes_target", section.daily_minutes_target)
    if section.daily_minutes_target > MINUTES_A_DAY:
        raise SettingsError("kinerja.daily_minutes_target", f"a day has {MINUTES_A_DAY} minutes, got "
                                                            f"{section.daily_minutes_target}")
    check_positive("kinerja.approval_deadline_days", section.approval_deadline_days)
    check_positive("kinerja.max_photo_bytes", section.max_photo_bytes)
    for key in ("work_weight", "competence_weight"):
        if getattr(section, key) < 0:
            raise SettingsError(f"kinerja.{key}", f"must be zero or more, got {getattr(section, key)}")
    if section.work_weight + section.competence_weight != 100:
        raise SettingsError("kinerja.work_weight", "work_weight and competence_weight must add up to 100, got "
                                                   f"{section.work_weight} + {section.competence_weight}")
    thresholds = [section.band_sangat_baik, section.band_baik, section.band_butuh_perbaikan, section.band_kurang]
    if not all(0 < value <= 100 for value in thresholds) or thresholds != sorted(thresholds, reverse=True) \
            or len(set(thresholds)) != len(thresholds):
        raise SettingsError("kinerja.band_sangat_baik", "the band thresholds must lie in (0, 100] and fall "
                                                        f"strictly from Sangat Baik to Kurang, got {thresholds}")
