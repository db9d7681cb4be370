"""The registration: the one thing that makes this folder a domain of Pantau."""

from pathlib import Path

from core.domains import Domain, Mart, SettingsSection

from .settings import WeatherSettings, validate

HERE = Path(__file__).resolve().parent
PACKAGE = __name__.rpartition(".")[0]

DOMAIN = Domain(
    name="weather",
    package=PACKAGE,
    settings=SettingsSection("weather", WeatherSettings(), validate),
    models=(f"{PACKAGE}.models",),
    migrations={"transactional": HERE / "migrations" / "transactional",
                "warehouse": HERE / "migrations" / "warehouse"},
    marts=(Mart("weather", tables=("fct_rain_readings",),
                scope_columns={"kecamatan": "kecamatan_code", "kelurahan": "kelurahan_code"}),),
    etl_jobs=f"{PACKAGE}.job:JOBS",
    blueprints=(f"{PACKAGE}.dashboard:blueprint",),
    pages=(f"{PACKAGE}.page",),
    callbacks=(f"{PACKAGE}.callbacks",),
    wall_panels=f"{PACKAGE}.dashboard:PANELS",
    kpi_cards=f"{PACKAGE}.dashboard:cards",
    sample=f"{PACKAGE}.service:write_sample",
    extract=f"{PACKAGE}.service:snapshots",
)
