from dataclasses import dataclass

from core.settings import check_positive


@dataclass(frozen=True)
class WeatherSettings:
    heavy_rain_mm: float = 50.0


def validate(section: WeatherSettings) -> None:
    check_positive("weather.heavy_rain_mm", section.heavy_rain_mm)
