"""KPI Pimpinan: headline figures, rankings and trend for the chosen period; CSV export; print."""

from datetime import datetime, timezone

from dash import MATCH, Input, Output, State, dcc

from callbacks._access import require_viewer
from callbacks._input import domain_part, month_or_none
from callbacks._register import callback, clientside_callback
from core.services import current_services
from core.spreadsheet import csv_text, xlsx_bytes
from data.complaints.queries import city_today, counts_by, daily_trend, district_summary, names_of
from layouts.components import kpi_cards
from layouts.components.ids_pimpinan import ROLES, Pimpinan
from layouts.components.kpi_cards import MONTH

PERIOD = (Input(Pimpinan.PERIOD, "value"), Input(Pimpinan.MONTH, "value"))
PERIOD_STATE = (State(Pimpinan.PERIOD, "value"), State(Pimpinan.MONTH, "value"))


@callback(Output(Pimpinan.MONTH, "disabled"), Input(Pimpinan.PERIOD, "value"), roles=ROLES)
def enable_month(period: str | None) -> bool:
    require_viewer(ROLES)
    return period != MONTH


@callback(
    Output(Pimpinan.TREND, "figure"),
    Output(Pimpinan.OPD_TABLE, "children"), Output(Pimpinan.KECAMATAN_TABLE, "children"),
    Output(Pimpinan.PRINT_HEADER, "children"),
    *PERIOD,
    roles=ROLES,
)
def show_period(period: str | None, month: str | None):
    viewer = require_viewer(ROLES)
    services, filters = current_services(), _period_filters(period, month)
    return (
        kpi_cards.trend_figure(daily_trend(services, viewer, filters)),
        kpi_cards.ranking_table(_opd_ranking(services, viewer, filters)),
        kpi_cards.ranking_table(_kecamatan_ranking(services, viewer, filters)),
        kpi_cards.print_header(filters, kpi_cards.city_now(datetime.now(timezone.utc))),
    )


# Each domain's cards are their own request (one per domain the layout placed, all sent at once): a
# slow domain delays only its own cards, and each is measured against its own domain's baselines.
@callback(Output(Pimpinan.domain_cards(MATCH), "children"), *PERIOD, State(Pimpinan.domain_cards(MATCH), "id"),
          roles=ROLES)
def show_domain_cards(period: str | None, month: str | None, cards_id: dict):
    viewer = require_viewer(ROLES)
    cards_of = domain_part(cards_id, "kpi_cards", Pimpinan.DOMAIN_CARDS)
    return cards_of(current_services(), viewer, _period_filters(period, month))


@callback(Output(Pimpinan.OPD_CSV, "data"), Input(Pimpinan.OPD_CSV_BUTTON, "n_clicks"), *PERIOD_STATE,
          prevent_initial_call=True, roles=ROLES)
def export_opd_ranking(_clicks, period: str | None, month: str | None):
    return _ranking_file(_opd_ranking, "peringkat-opd", period, month, "csv")


@callback(Output(Pimpinan.OPD_XLSX, "data"), Input(Pimpinan.OPD_XLSX_BUTTON, "n_clicks"), *PERIOD_STATE,
          prevent_initial_call=True, roles=ROLES)
def export_opd_ranking_xlsx(_clicks, period: str | None, month: str | None):
    return _ranking_file(_opd_ranking, "peringkat-opd", period, month, "xlsx")


@callback(Output(Pimpinan.KECAMATAN_CSV, "data"), Input(Pimpinan.KECAMATAN_CSV_BUTTON, "n_clicks"),
          *PERIOD_STATE, prevent_initial_call=True, roles=ROLES)
def export_kecamatan_ranking(_clicks, period: str | None, month: str | None):
    return _ranking_file(_kecamatan_ranking, "peringkat-kecamatan", period, month, "csv")


@callback(Output(Pimpinan.KECAMATAN_XLSX, "data"), Input(Pimpinan.KECAMATAN_XLSX_BUTTON, "n_clicks"),
          *PERIOD_STATE, prevent_initial_call=True, roles=ROLES)
def export_kecamatan_ranking_xlsx(_clicks, period: str | None, month: str | None):
    return _ranking_file(_kecamatan_ranking, "peringkat-kecamatan", period, month, "xlsx")


def _ranking_file(ranking, what: str, period: str | None, month: str | None, extension: str) -> dict:
    """A ranking as the table shows it (rounded alike), for Excel set to Indonesian (core/spreadsheet.py)."""
    viewer = require_viewer(ROLES)
    filters = _period_filters(period, month)
    frame = kpi_cards.export_ranking(ranking(current_services(), viewer, filters))
    name = _file_name(what, filters, extension)
    if extension == "xlsx":
        return dcc.send_bytes(xlsx_bytes(frame, what), name)
    return dcc.send_string(csv_text(frame), name, type="text/csv")


def _period_filters(period: str | None, month: str | None):
    return kpi_cards.period_filters(period, month_or_none(month, "month"), city_today())


def _opd_ranking(services, viewer, filters):
    return kpi_cards.opd_ranking(counts_by(services, viewer, filters, "opd"), names_of(services, "opd"))


def _kecamatan_ranking(services, viewer, filters):
    return kpi_cards.kecamatan_ranking(district_summary(services, viewer, filters, "kecamatan"))


def _file_name(what: str, filters, extension: str) -> str:
    return f"{what}_{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.{extension}"


# Printing happens in the browser. The trend chart is drawn at a fixed pixel width, so it is
# narrowed to an A4 page's width while printing (also for Ctrl+P, through the print events hooked
# on the first run) and given back its own width afterwards.
clientside_callback(
    """
    function(clicks) {
        const chart = () => document.querySelector('#TREND_ID .js-plotly-plot');
        const narrow = () => (chart() && window.Plotly) ? window.Plotly.relayout(chart(), {width: 680}) : null;
        const widen = () => {
            if (chart() && window.Plotly) { window.Plotly.relayout(chart(), {width: null, autosize: true}); }
        };
        if (!window.pantauPrintHooks) {
            window.pantauPrintHooks = true;
            window.addEventListener('beforeprint', narrow);
            window.addEventListener('afterprint', widen);
        }
        if (!clicks) { return window.dash_clientside.no_update; }
        Promise.resolve(narrow()).then(function() { window.print(); widen(); });
        return clicks;
    }
    """.replace("TREND_ID", Pimpinan.TREND),
    Output(Pimpinan.PRINTED, "data"),
    Input(Pimpinan.PRINT_BUTTON, "n_clicks"),
)
