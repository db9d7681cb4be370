"""The e-Office domain's headline cards on the KPI Pimpinan page (named in domains/office.py), also on
the Surat page: the letters overdue now (city-wide, or the viewer's OPD) with the OPDs that have the
most, and the disposition turnaround of the last TURNAROUND_DAYS days. Counts per OPD only."""

from __future__ import annotations

from datetime import date, datetime, time

from core import formatting
from core.clock import CITY_ZONE, city_today, minute_now
from core.services import Services
from core.users import Viewer
from data.areas import area_of, can_read
from data.complaints.queries import names_of
from data.office import pages
from domains.office import OFFICE_MART
from layouts.components.complaint_charts import headline_card
from layouts.components.office_charts import OVERDUE_NOTE, minutes_text, turnaround_note

TITLE = "Surat (e-Office)"
TURNAROUND_DAYS = 30


def office_cards(services: Services, viewer: Viewer, filters=None, today: date | None = None) -> list:
    """The page's period does not apply: overdue is now's, the turnaround the last 30 days'. A scope
    the mart cannot answer (a kecamatan's, a kelurahan's) is told so."""
    if not can_read(viewer, OFFICE_MART):
        return [headline_card(TITLE, formatting.MISSING,
                              f"Data surat tidak tersedia untuk {area_of(services, viewer).name}.")]
    now = minute_now() if today is None else datetime.combine(today, time(12), CITY_ZONE)
    today = city_today(now)
    figures = pages.kpis(services, viewer, pages.period_start(today, TURNAROUND_DAYS), now)
    return [
        headline_card("Surat lewat tenggat", formatting.count(figures.overdue),
                      f"dari {formatting.count(figures.open_letters)} surat terbuka; {OVERDUE_NOTE}"),
        headline_card("OPD dengan tunggakan terbanyak", _top_text(services, figures.top_overdue),
                      "surat lewat tenggat per OPD"),
        headline_card("Disposisi: rata-rata sampai selesai", minutes_text(figures.turnaround.done_mean_minutes),
                      f"{TURNAROUND_DAYS} hari terakhir; {turnaround_note(figures.turnaround)}"),
    ]


def _top_text(services: Services, top: tuple[tuple[str, int], ...]) -> str:
    if not top:
        return "Tidak ada"
    names = names_of(services, "opd")
    return ", ".join(f"{names.get(code, code)} ({formatting.count(overdue)})" for code, overdue in top)
