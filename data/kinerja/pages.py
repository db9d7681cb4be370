"""The Kinerja questions as the dashboard asks them: `f(services, viewer, ...)`, cached per version
of the e-Kinerja mart and of the staff mart (data/cache.py; compliance counts the active staff,
the backlog per supervisor reads fct_staff), so a repeated callback is served from the cache.

Each function only binds data/kinerja/queries.py (the one definition of compliance, minutes
against the target, backlog, latency, linked) to the warehouse engine of `services`, the kinerja
settings and the scope of `viewer`, which is also the cache key. Days are passed whole (the city's
`today`), never "now" to the microsecond, so the same question asked again hits the cache.

Every answer is a count per OPD, per day, per band or per supervisor's pseudonymous staff id: no
name, NIP or description is in the marts, so none can be in an answer.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from core.services import Services
from core.working_time import is_working_day
from core.users import Viewer
from data.cache import cached
from data.kinerja import queries
from data.kinerja.queries import KinerjaKpis
from data.kinerja.tables import KINERJA_MART
from data.staff.tables import STAFF_MART

PERIOD_DAYS = (10, 20, 60)      # the page's choices: two weeks, a month, a quarter of working days
DEFAULT_DAYS = 20
KPI_DAYS = 20                   # the headline card's period: about a month of working days


def period_days(today: date, days: int) -> list[date]:
    """The page's period: the `days` working days before today, oldest first."""
    return queries.last_working_days(today, days)


def heatmap_days(today: date, days: int) -> list[date]:
    """The heat map's days: the period, and today as it stands when it is a working day (a command
    center watches the day fill up; the period's figures leave it out until it is over)."""
    return period_days(today, days) + ([today] if is_working_day(today) else [])


@cached(KINERJA_MART, STAFF_MART)
def compliance_by_day(services: Services, viewer: Viewer, today: date, days: int, by: str = "opd_code") -> pd.DataFrame:
    """queries.compliance_by_day over the heat map's days, per OPD or per unit."""
    return queries.compliance_by_day(_engine(services), viewer.scope, heatmap_days(today, days), by)


@cached(KINERJA_MART, STAFF_MART)
def minutes_against_target(services: Services, viewer: Viewer, today: date, days: int) -> pd.DataFrame:
    """queries.minutes_against_target from the period's first working day to its last."""
    period = period_days(today, days)
    return queries.minutes_against_target(_engine(services), viewer.scope, period[0], period[-1],
                                          services.settings.kinerja.daily_minutes_target)


@cached(KINERJA_MART, STAFF_MART)
def backlog(services: Services, viewer: Viewer, today: date, by: str) -> pd.DataFrame:
    """queries.backlog now (the city day `today`), per OPD or per supervisor."""
    return queries.backlog(_engine(services), viewer.scope, today, _deadline(services), by)


@cached(KINERJA_MART)
def latency(services: Services, viewer: Viewer, today: date, days: int) -> pd.DataFrame:
    period = period_days(today, days)
    return queries.latency(_engine(services), viewer.scope, period[0], period[-1])


@cached(KINERJA_MART)
def linked_share(services: Services, viewer: Viewer, today: date, days: int) -> pd.DataFrame:
    period = period_days(today, days)
    return queries.linked_share(_engine(services), viewer.scope, period[0], period[-1])


@cached(KINERJA_MART)
def score_bands(services: Services, viewer: Viewer, quarters: int = 4) -> pd.DataFrame:
    return queries.score_bands(_engine(services), viewer.scope, quarters)


@cached(KINERJA_MART)
def score_histogram(services: Services, viewer: Viewer, quarter: str) -> pd.DataFrame:
    return queries.score_histogram(_engine(services), viewer.scope, quarter)


@cached(KINERJA_MART, STAFF_MART)
def kpis(services: Services, viewer: Viewer, today: date) -> KinerjaKpis:
    """queries.kpis on the city day `today`, over the last KPI_DAYS working days."""
    return queries.kpis(_engine(services), viewer.scope, today, KPI_DAYS, _deadline(services))


def _deadline(services: Services) -> int:
    return services.settings.kinerja.approval_deadline_days


def _engine(services: Services):
    return services.databases.warehouse
