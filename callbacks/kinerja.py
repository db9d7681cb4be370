"""Kinerja (/kinerja): the staff's reporting in aggregates. Every callback checks the role and asks
data/kinerja/pages.py (the e-Kinerja and staff marts, scoped by the viewer's one scope object,
cached per mart version) for the chosen period; layouts/components/kinerja_charts.py builds the
figures and tables, in Indonesian. The command center reads every OPD, an OPD user his own; a scope
the mart cannot read (a kecamatan, a kelurahan, an RT/RW head) is told so instead of shown zeros.
City-wide, the backlog is per OPD; inside one OPD per supervisor, by staff id and unit (the marts
hold no name)."""

from __future__ import annotations

from dash import Input, Output, html

from callbacks._access import require_viewer
from callbacks._kinerja_kpis import kinerja_cards
from callbacks._register import callback
from core.clock import city_today, utc_now
from core.services import current_services
from data.areas import area_of, can_read
from data.complaints.queries import names_of
from data.kinerja import pages
from data.kinerja.pages import DEFAULT_DAYS, PERIOD_DAYS
from domains.kinerja import KINERJA_MART
from layouts.components.complaint_charts import empty_figure
from layouts.components.ids_kinerja import ROLES, Kinerja as K
from layouts.components.kinerja_charts import (backlog_table, bands_figure, caption, heatmap_figure,
                                               histogram_figure, linked_figure, minutes_figure, supervisor_table,
                                               unreadable)


# --- callbacks -----------------------------------------------------------------------------------

@callback(Output(K.TITLE, "children"), Output(K.CARDS, "children"), Input(K.PAGE, "id"), roles=ROLES)
def show_setup(_page):
    """The page names the viewer's OPD (or the city); the three headline cards."""
    viewer = require_viewer(ROLES)
    services = current_services()
    cards = kinerja_cards(services, viewer, today=city_today(utc_now()))
    return "Kinerja pegawai" + _suffix(services, viewer), [html.Div(card) for card in cards]


@callback(Output(K.HEATMAP, "figure"), Output(K.MINUTES, "figure"), Output(K.CAPTION, "children"),
          Input(K.PERIOD, "value"), roles=ROLES)
def show_compliance(period):
    """Compliance per working day (per OPD city-wide, per unit inside an OPD), and approved minutes
    against the target, for the period."""
    viewer = require_viewer(ROLES)
    services = current_services()
    if not can_read(viewer, KINERJA_MART):
        said = unreadable(area_of(services, viewer))
        return empty_figure(said), empty_figure(""), said
    days, today = checked_days(period), city_today(utc_now())
    names = names_of(services, "opd")
    section = services.settings.kinerja
    by = "unit" if viewer.scope.kind == "opd" else "opd_code"
    return (heatmap_figure(pages.compliance_by_day(services, viewer, today, days, by), names),
            minutes_figure(pages.minutes_against_target(services, viewer, today, days), names),
            caption(_area_name(services, viewer), pages.period_days(today, days), section.daily_minutes_target,
                    section.approval_deadline_days))


@callback(Output(K.BACKLOG, "children"), Output(K.LINKED, "figure"), Input(K.PERIOD, "value"), roles=ROLES)
def show_backlog(period):
    """The approval backlog now (per OPD city-wide, per supervisor inside an OPD) with the period's
    approval time, and the share of the period's activities backed by a case."""
    viewer = require_viewer(ROLES)
    services = current_services()
    if not can_read(viewer, KINERJA_MART):
        said = unreadable(area_of(services, viewer))
        return [html.P(said, className="muted")], empty_figure(said)
    days, today = checked_days(period), city_today(utc_now())
    names = names_of(services, "opd")
    deadline = services.settings.kinerja.approval_deadline_days
    latency = pages.latency(services, viewer, today, days)
    if viewer.scope.is_city:  # no person's queue on a city-wide view
        shown = backlog_table(pages.backlog(services, viewer, today, "opd"), latency, names, deadline)
    else:
        shown = supervisor_table(pages.backlog(services, viewer, today, "supervisor"), latency, deadline)
    return shown, linked_figure(pages.linked_share(services, viewer, today, days), names)


@callback(Output(K.BANDS, "figure"), Output(K.HISTOGRAM, "figure"), Input(K.PAGE, "id"), roles=ROLES)
def show_scores(_page):
    """The rating bands of the last scored quarters and the latest quarter's final scores."""
    viewer = require_viewer(ROLES)
    services = current_services()
    if not can_read(viewer, KINERJA_MART):
        said = unreadable(area_of(services, viewer))
        return empty_figure(said), empty_figure("")
    bands = pages.score_bands(services, viewer)
    latest = None if bands.empty else str(bands["quarter"].iloc[-1])
    histogram = None if latest is None else pages.score_histogram(services, viewer, latest)
    return bands_figure(bands), histogram_figure(histogram, latest)


# --- inputs and words ----------------------------------------------------------------------------

def checked_days(period) -> int:
    """The period's working days as the page offers them; anything else (a crafted value): the default."""
    return period if isinstance(period, int) and period in PERIOD_DAYS else DEFAULT_DAYS


def _area_name(services, viewer) -> str:
    """The OPD's name for an OPD's scope, else the city's (the only scopes the mart answers)."""
    if viewer.scope.kind != "opd":
        return "Kota Surabaya"
    code = viewer.scope.codes[0]
    return names_of(services, "opd").get(code, code)


def _suffix(services, viewer) -> str:
    return "" if viewer.scope.kind != "opd" else f" — {_area_name(services, viewer)}"
