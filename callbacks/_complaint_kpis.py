"""The complaints domain's headline cards on the KPI Pimpinan page (named in domains/complaints.py)."""

from __future__ import annotations

from core.services import Services
from core.users import Viewer
from data.complaints.queries import ComplaintFilters, kpis
from layouts.components import kpi_cards


def complaint_cards(services: Services, viewer: Viewer, filters: ComplaintFilters) -> list:
    sla = services.settings.complaints
    return kpi_cards.kpi_cards(kpis(services, viewer, filters),
                               kpi_cards.kpi_specs(sla.first_response_minutes, sla.feedback_minutes))
