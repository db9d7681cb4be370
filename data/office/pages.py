"""The e-Office questions as the dashboard asks them: `f(services, viewer, ...)`, cached per version of
the office mart (data/cache.py) and keyed by the viewer's scope, so no answer is shared between OPDs.

Each function only binds data/office/queries.py (the one definition of open, overdue, age and
turnaround) to the warehouse engine of `services` and the scope of `viewer`. Arguments that move
with the clock are whole days or whole minutes (core.clock.minute_now), so a repeated question hits
the cache. Every answer is per OPD or per day: the mart holds no subject, correspondent or name.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd

from core.services import Services
from core.users import Viewer
from data.cache import cached
from data.office import queries
from data.office.queries import OfficeKpis, Turnaround
from data.office.tables import OFFICE_MART

PERIOD_DAYS = (7, 30, 90)   # the page's choices of turnaround and flow period
DEFAULT_DAYS = 30


def period_start(today: date, days: int) -> date:
    """The first city day of a period of `days` days ending today."""
    return today - timedelta(days=days - 1)


@cached(OFFICE_MART)
def ageing(services: Services, viewer: Viewer, now: datetime) -> pd.DataFrame:
    """queries.ageing of queries.open_letters at `now` (a whole minute): per OPD, open, overdue, buckets."""
    return queries.ageing(queries.open_letters(_engine(services), viewer.scope, now=now))


@cached(OFFICE_MART)
def overdue_by_opd(services: Services, viewer: Viewer, today: date) -> pd.DataFrame:
    return queries.overdue_by_opd(_engine(services), viewer.scope, today)


@cached(OFFICE_MART)
def turnaround_by_opd(services: Services, viewer: Viewer, since: date, until: date) -> pd.DataFrame:
    return queries.turnaround_by_opd(_engine(services), viewer.scope, since, until)


@cached(OFFICE_MART)
def turnaround(services: Services, viewer: Viewer, since: date, until: date) -> Turnaround:
    return queries.turnaround(_engine(services), viewer.scope, since, until)


@cached(OFFICE_MART)
def daily_flow(services: Services, viewer: Viewer, since: date, until: date) -> pd.DataFrame:
    return queries.daily_flow(_engine(services), viewer.scope, since, until)


@cached(OFFICE_MART)
def kpis(services: Services, viewer: Viewer, since: date, now: datetime) -> OfficeKpis:
    """queries.kpis at `now` (a whole minute), the turnaround from `since`."""
    return queries.kpis(_engine(services), viewer.scope, since, now=now)


def _engine(services: Services):
    return services.databases.warehouse
