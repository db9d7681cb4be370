"""Analisis 112: every chart asks data/incidents/queries.py (the marts, scoped by the viewer) for
the period, and turns the answer into a figure (layouts/components/incident_charts.py)."""

from __future__ import annotations

from dash import Input, Output

from callbacks._access import require_viewer
from callbacks._input import day_or_none
from callbacks._register import callback
from core.services import current_services
from data import incident_desk
from data.complaints.queries import city_today
from data.incidents import queries
from data.incidents.queries import IncidentFilters
from layouts.components import incident_charts as charts
from layouts.components.ids_insiden import ANALYSIS_ROLES, Analisis as A

DEFAULT_DAYS = 30
BREAKDOWNS = ("agency", "kecamatan", "category", "hour")  # of the response time, read in one scan
MAX_DAYS = 366


@callback(Output(A.BY_AGENCY, "figure"), Output(A.BY_KECAMATAN, "figure"), Output(A.BY_CATEGORY, "figure"),
          Output(A.BY_HOUR, "figure"), Output(A.HEAT, "figure"), Output(A.COMPLIANCE, "figure"),
          Output(A.PRANK, "figure"), Output(A.UTILISATION, "figure"), Output(A.CAPTION, "children"),
          Input(A.DATES, "start_date"), Input(A.DATES, "end_date"), roles=ANALYSIS_ROLES)
def show_analysis(start, end):
    viewer = require_viewer(ANALYSIS_ROLES)
    services = current_services()
    filters = period(start, end)
    promise = services.settings.incidents.response_promise_minutes
    names = {"agency": incident_desk.agency_names(services), "kecamatan": incident_desk.place_names(),
             "category": queries.category_names(services)}

    response = queries.interval_breakdowns(services, viewer, filters, "response", BREAKDOWNS)

    def by(dimension):
        return charts.percentile_figure(response[dimension], names[dimension], promise)

    hours = response["hour"]
    utilisation = queries.unit_utilisation(services, viewer, filters)
    return (by("agency"), by("kecamatan"), by("category"), charts.hour_figure(hours, promise),
            charts.heat_figure(queries.incident_points(services, viewer, filters), services.settings.map),
            charts.compliance_figure(queries.compliance_by_day(services, viewer, filters), promise),
            charts.prank_figure(queries.prank_share_by_day(services, viewer, filters)),
            charts.utilisation_figure(utilisation, names["agency"]),
            f"Periode {filters.start:%d/%m/%Y} – {filters.end:%d/%m/%Y}. Waktu respons: laporan diterima sampai unit "
            f"pertama tiba; P50 = separuh insiden lebih cepat, P90 = 9 dari 10 insiden lebih cepat.")


def period(start, end) -> IncidentFilters:
    """The picked days (a crafted date outside the data's years is a 400), at most a year; the last
    30 days when none is picked."""
    today = city_today()
    first, last = day_or_none(start, "start_date"), day_or_none(end, "end_date")
    if first is None or last is None or first > last:
        return IncidentFilters.last_days(DEFAULT_DAYS, today)
    if (last - first).days >= MAX_DAYS:
        first = last.fromordinal(last.toordinal() - MAX_DAYS + 1)
    return IncidentFilters(start=first, end=last)

