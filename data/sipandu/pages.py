"""The Sipandu questions as the dashboard asks them: `f(services, viewer, ...)`, cached per version
of the Sipandu mart (data/cache.py), so a repeated callback (a second viewer of the same area, a
period chosen again, the wall's next tick) is served from the cache.

Each function only binds data/sipandu/queries.py (the one definition of every word: newcomer,
present, in time, backlog, silent) to the warehouse engine of `services` and the scope of `viewer`;
the viewer's scope is also the cache key, so no answer is shared between areas. Arguments that
move with the clock are passed in whole days (or minutes), never "now" to the microsecond, so the
same question asked again hits the cache.

Every answer is an aggregate or an area's row (an RT, a boarding house): no NIK, name or address
is in the mart, so none can be in an answer.
"""

from __future__ import annotations

import csv
from datetime import date, datetime, time, timedelta
from functools import cache

import pandas as pd

from core.clock import CITY_ZONE
from core.services import Services
from core.settings import resolve_path
from core.users import Viewer
from data.cache import cached
from data.sipandu import queries
from data.sipandu.queries import Listed, SipanduKpis, Timeliness
from data.sipandu.tables import SIPANDU_MART, week_of
from modules.sipandu.regions import region_names

PERIOD_WEEKS = (4, 13, 52)         # the page's choices: a month, a quarter, a year of city weeks
DEFAULT_WEEKS = 13
PROVINCE_CAPITALS = "reference/province_capitals.csv"


def period_start(today: date, weeks: int) -> date:
    """The Monday `weeks` - 1 city weeks before today's: the first day of the page's period (a
    week's start, so the weekly aggregate answers the timeliness)."""
    return week_of(today) - timedelta(weeks=weeks - 1)


def at_noon(today: date) -> datetime:
    """A moment inside the city day `today` (its noon, WIB): what queries.py takes as "now" for
    questions that depend only on the day or the week."""
    return datetime.combine(today, time(12), CITY_ZONE)


# --- the flow and the residents now ---------------------------------------------------------------

@cached(SIPANDU_MART)
def weekly_flow(services: Services, viewer: Viewer, weeks: int, today: date) -> pd.DataFrame:
    """queries.weekly_flow: the last `weeks` weeks up to today's."""
    return queries.weekly_flow(_engine(services), viewer.scope, weeks, now=at_noon(today))


@cached(SIPANDU_MART)
def residents_by_area(services: Services, viewer: Viewer, level: str) -> pd.DataFrame:
    """queries.by_area: the present newcomers per kelurahan ("kelurahan") or per RW ("rw")."""
    return queries.by_area(_engine(services), viewer.scope, level)


# --- origins, purposes, the 24-hour rule -----------------------------------------------------------

@cached(SIPANDU_MART)
def origins(services: Services, viewer: Viewer, since: date) -> pd.DataFrame:
    """queries.origins for every regency (the page ranks them and sums them per province)."""
    return queries.origins(_engine(services), viewer.scope, since, top=len(region_names("regency")))


@cached(SIPANDU_MART)
def purposes(services: Services, viewer: Viewer, since: date) -> pd.DataFrame:
    return queries.purposes(_engine(services), viewer.scope, since)


@cached(SIPANDU_MART)
def timeliness(services: Services, viewer: Viewer, since: date) -> Timeliness:
    return queries.timeliness(_engine(services), viewer.scope, since)


# --- the kelurahan's verification and the gaps ----------------------------------------------------

@cached(SIPANDU_MART)
def backlog(services: Services, viewer: Viewer, now: datetime) -> pd.DataFrame:
    """queries.backlog at `now` (pass a whole minute: core.clock.minute_now)."""
    return queries.backlog(_engine(services), viewer.scope, now=now)


@cached(SIPANDU_MART)
def silent_rts(services: Services, viewer: Viewer, since: date, now: datetime, limit: int) -> Listed:
    """queries.silent_rts: the first `limit` (most boarding houses first) and how many in all."""
    return queries.silent_rts(_engine(services), viewer.scope, since, now=now, limit=limit)


@cached(SIPANDU_MART)
def kos_completeness(services: Services, viewer: Viewer, limit: int) -> Listed:
    """queries.kos_completeness: the first `limit` (nobody recorded first), how many houses in all
    and how many with nobody recorded."""
    return queries.kos_completeness(_engine(services), viewer.scope, limit=limit)


@cached(SIPANDU_MART)
def kpis(services: Services, viewer: Viewer, today: date) -> SipanduKpis:
    """queries.kpis on the city day `today`: its week's newcomers, the in-time share, the backlog."""
    return queries.kpis(_engine(services), viewer.scope, now=at_noon(today))


# --- reference -------------------------------------------------------------------------------------

@cache
def province_capitals() -> pd.DataFrame:
    """code (the province's), name (its capital), lat, lon of the 38 provinces' capitals
    (reference/province_capitals.csv, approximate: for drawing an origin, never for measuring)."""
    with open(resolve_path(PROVINCE_CAPITALS), newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(line for line in file if not line.startswith("#")))
    return pd.DataFrame(rows, columns=["code", "name", "lat", "lon"]).astype({"lat": float, "lon": float})


def _engine(services: Services):
    return services.databases.warehouse
