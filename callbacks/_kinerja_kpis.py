"""The e-Kinerja domain's headline cards on the KPI Pimpinan page (named in domains/kinerja.py),
also at the top of the Kinerja page: reporting compliance on the last working day and over the
last KPI_DAYS working days (with the OPDs lowest over them), and the approval backlog past the
deadline. Counts and percentages per OPD only: no person."""

from __future__ import annotations

from datetime import date

from core import formatting
from core.clock import city_today
from core.services import Services
from core.users import Viewer
from data.areas import area_of, can_read
from data.complaints.queries import names_of
from data.kinerja import pages
from data.kinerja.pages import KPI_DAYS
from data.kinerja.queries import Compliance
from domains.kinerja import KINERJA_MART
from layouts.components.complaint_charts import headline_card

TITLE = "Kepatuhan lapor kinerja"


def kinerja_cards(services: Services, viewer: Viewer, filters=None, today: date | None = None) -> list:
    """The page's period does not apply (nor the mayor's filters): the figures are the last working
    day's, the last KPI_DAYS working days' and now's. A scope the mart cannot answer is told so."""
    if not can_read(viewer, KINERJA_MART):
        return [headline_card(TITLE, formatting.MISSING, f"Data e-Kinerja tidak tersedia untuk "
                                                        f"{area_of(services, viewer).name}.")]
    figures = pages.kpis(services, viewer, today or city_today())
    deadline = services.settings.kinerja.approval_deadline_days
    period_note = (_lowest(services, figures.lowest) if viewer.scope.is_city
                   else _reported(figures.period, "laporan harian yang diharapkan"))
    return [
        headline_card(f"{TITLE} (hari kerja terakhir)", formatting.percent(figures.on_day.pct),
                      f"{_reported(figures.on_day, 'pegawai aktif melapor')} · {formatting.day(figures.day)}"),
        headline_card(f"{TITLE} ({KPI_DAYS} hari kerja)", formatting.percent(figures.period.pct),
                      period_note),
        headline_card("Aktivitas lewat tenggat persetujuan", formatting.count(figures.overdue),
                      f"dari {formatting.count(figures.awaiting)} yang menunggu; tenggat {deadline} hari kerja"),
    ]


def _reported(found: Compliance, what: str) -> str:
    return f"{formatting.count(found.reported)} dari {formatting.count(found.expected)} {what}"


def _lowest(services: Services, lowest: tuple) -> str:
    if not lowest:
        return "Belum ada pegawai aktif tercatat."
    names = names_of(services, "opd")
    return "Terendah: " + ", ".join(f"{names.get(opd, opd)} {formatting.percent(pct)}" for opd, pct in lowest)
