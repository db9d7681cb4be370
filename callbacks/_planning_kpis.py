"""The planning domain's headline cards on the KPI Pimpinan page (named in domains/planning.py):
this year's musrenbang round by stage, the budget absorbed up to this month against the same
month last year, the works completed this month (the wall's planning panels show the same)."""

from __future__ import annotations

from datetime import date

from core import formatting
from core.services import Services
from core.users import Viewer
from layouts.components.complaint_charts import headline_card
from layouts.components.wall_planning_panels import absorption_note, month_figures, month_label, round_stages


def planning_cards(services: Services, viewer: Viewer, filters=None, today: date | None = None) -> list:
    """The page's period does not apply: a round is a year's, the absorption a month's."""
    stages = {row["stage"]: int(row["proposals"]) for row in round_stages(services, viewer, today).to_dict("records")}
    figures = month_figures(services, viewer, today)
    year = figures["today"].year
    return [
        headline_card(f"Usulan Musrenbang {year}", formatting.count(stages.get("proposed", 0)),
                      f"diverifikasi {formatting.count(stages.get('verified', 0))} · "
                      f"diterima {formatting.count(stages.get('accepted', 0))} · "
                      f"masuk rencana {formatting.count(stages.get('planned', 0))} · "
                      f"ditolak {formatting.count(stages.get('rejected', 0))}"),
        headline_card(f"Serapan anggaran s.d. {month_label(figures['today'])}",
                      formatting.percent(figures["now"]["absorption_pct"]),
                      absorption_note(figures["now"], figures["last_year"])),
        headline_card("Pekerjaan selesai bulan ini", formatting.count(figures["works_completed"]),
                      month_label(figures["today"])),
    ]
