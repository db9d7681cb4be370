"""The incidents domain's headline cards on the KPI Pimpinan page (named in domains/incidents.py):
response P50/P90 against the promise, incidents and their top categories, the prank share."""

from __future__ import annotations

from core.services import Services
from core.users import Viewer
from data.incidents.queries import IncidentFilters, category_names, kpis
from layouts.components import incident_charts


def incident_cards(services: Services, viewer: Viewer, filters) -> list:
    """`filters` are the page's (a complaint period): the same days for the incidents."""
    figures = kpis(services, viewer, IncidentFilters(start=filters.start, end=filters.end))
    names = category_names(services)
    top = sorted(figures["by_category"].items(), key=lambda item: -item[1])
    return incident_charts.kpi_cards({
        "p50_seconds": figures["response_p50_seconds"], "p90_seconds": figures["response_p90_seconds"],
        "within_promise_pct": figures["within_promise_pct"], "incidents": figures["incidents"],
        "top_categories": [(names.get(code, code), count) for code, count in top],
        "prank_pct": figures["prank_share_pct"], "calls": figures["calls"],
    }, services.settings.incidents.response_promise_minutes)
