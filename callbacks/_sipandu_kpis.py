"""The Sipandu domain's headline cards on the KPI Pimpinan page (named in domains/sipandu.py), also
at the top of the Sipandu page: this week's newcomers, the share reported within the 24-hour rule
and the kelurahan's verification backlog (the wall's Sipandu panel shows the same three)."""

from __future__ import annotations

from datetime import date

from core import formatting
from core.clock import city_today
from core.services import Services
from core.users import Viewer
from data.areas import area_of, can_read
from data.sipandu.queries import SHARE_WEEKS
from domains.sipandu import SIPANDU_MART
from layouts.components.complaint_charts import headline_card
from layouts.components.wall_sipandu_panels import week_figures, week_label, within_hours

TITLE = "Pendatang (Sipandu)"


def sipandu_cards(services: Services, viewer: Viewer, filters=None, today: date | None = None) -> list:
    """The page's period does not apply: the figures are this week's, the last four weeks' and
    now's. A scope the mart cannot answer (an account without its area) is told so."""
    if not can_read(viewer, SIPANDU_MART):
        return [headline_card(TITLE, formatting.MISSING, f"Data pendatang tidak tersedia untuk "
                                                        f"{area_of(services, viewer).name}.")]
    today = today or city_today()
    figures = week_figures(services, viewer, today)
    hours = within_hours(services)
    return [
        headline_card("Pendatang baru minggu ini", formatting.count(figures.newcomers_this_week), week_label(today)),
        headline_card(f"Pendatang dilaporkan ≤ {hours} jam", formatting.percent(figures.in_time_pct),
                      f"dari pencatatan {SHARE_WEEKS} minggu terakhir"),
        headline_card("Pendatang menunggu verifikasi", formatting.count(figures.backlog),
                      "di kelurahan, posisi saat ini"),
    ]
