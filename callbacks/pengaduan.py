"""Pengaduan: every callback reads the filters, asks data/complaints for the viewer's part of the
marts and hands the frames to the builders in layouts/components/complaint_charts.py."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from dash import Input, Output, Patch, State, ctx, no_update

import geo
from callbacks._access import require_viewer
from callbacks._input import day_or_none, row_id_or_none
from callbacks._register import callback
from core.services import Services, current_services
from core.users import Viewer
from data import complaint_desk
from data.areas import OUTSIDE, Area, area_bounds, area_of, district_bounds
from data.complaints import queries
from data.complaints.queries import ComplaintFilters, city_today
from layouts.components import complaint_charts as charts
from layouts.components.ids_pengaduan import EXPORT_PATH, EXPORT_XLSX_PATH, ROLES
from layouts.components.ids_pengaduan import Pengaduan as P

DEFAULT_DAYS = 30
MAX_DAYS = 366
NAMED_DIMENSIONS = ("category", "opd", "kecamatan", "kelurahan", "channel")
FILTERS = ((P.DATES, "start_date"), (P.DATES, "end_date"), (P.OPD, "value"), (P.CATEGORY, "value"),
           (P.CHANNEL, "value"), (P.STATUS, "value"))
FILTER_INPUTS = [Input(component, prop) for component, prop in FILTERS]
HIDDEN, SHOWN = {"display": "none"}, {}


@callback(Output(P.OPD, "options"), Output(P.CATEGORY, "options"), Output(P.CHANNEL, "options"),
          Output(P.OPD, "value"), Output(P.OPD, "disabled"), Input(P.PAGE, "id"), roles=ROLES)
def fill_filter_choices(_page):
    """Choices for the dropdowns; an OPD user's own OPD is preselected and locked (a convenience:
    data/ limits him to his OPD whatever the request asks)."""
    viewer = require_viewer(ROLES)
    services = current_services()
    names = all_names(services)
    own = own_opd(services, viewer)
    return (charts.name_options(names["opd"]), charts.name_options(names["category"]),
            charts.name_options(names["channel"]), [own] if own else [], own is not None)


@callback(Output(P.TITLE, "children"), Input(P.PAGE, "id"), roles=ROLES)
def show_title(_page):
    """The page names the viewer's area: a lurah reads "Pengaduan — Kelurahan Ketabang"."""
    viewer = require_viewer(ROLES)
    area = area_of(current_services(), viewer)
    return "Analisis pengaduan" if area.kind == "city" else f"Pengaduan — {area.name}"


@callback(Output(P.DRILL, "data"), Output(P.MAP, "clickData"), Output(P.BACK, "style"),
          Input(P.MAP, "clickData"), Input(P.BACK, "n_clicks"), State(P.DRILL, "data"), roles=ROLES)
def drill(click, _back, current):
    """A click on a kecamatan drills into it; the back button returns to the city. A camat or
    lurah starts in his own kecamatan and stays there (the rest of the city is not his: no back
    button, a click elsewhere does nothing). clickData is cleared so the same kecamatan can be
    clicked again."""
    viewer = require_viewer(ROLES)
    services = current_services()
    area = area_of(services, viewer)
    if area.is_district:
        return area.kecamatan_code, None, HIDDEN
    if ctx.triggered_id == P.BACK:
        code = None
    elif ctx.triggered_id == P.MAP:
        code = current or clicked_kecamatan(services, click)  # a click on a kelurahan keeps the drill
    else:
        code = home_kecamatan(services, viewer)
    return code, None, SHOWN if code else HIDDEN


@callback(Output(P.MAP, "figure"), Output(P.MAP_CAPTION, "children"),
          Input(P.MEASURE, "value"), Input(P.DRILL, "data"), *FILTER_INPUTS, roles=ROLES)
def show_map(measure, kecamatan, *filter_values):
    viewer = require_viewer(ROLES)
    services = current_services()
    measure = measure if measure in charts.MEASURES else "count"
    filters = filters_from(services, *filter_values, kecamatan=kecamatan)
    level = "kelurahan" if filters.kecamatan_code else "kecamatan"
    area = area_of(services, viewer)
    summary, outside = split_by_area(queries.district_summary(services, viewer, filters, level), area, level)
    minutes = services.settings.complaints.first_response_minutes
    if set(ctx.triggered_prop_ids) == {f"{P.MEASURE}.value"}:  # same districts: recolour only
        patched = Patch()
        patched["data"][1].update(charts.district_style(summary, measure, minutes))
        return patched, no_update
    labels = geo.centroids(level)
    shown = set(summary["code"]) | set(outside["code"])
    bounds = area_bounds(area) if area.kind in ("kelurahan", "rw", "rt") else kecamatan_bounds(filters.kecamatan_code)
    figure = charts.district_map_figure(summary, level, geo.asset_url(level), measure, services.settings.map,
                                        minutes, labels[labels["code"].isin(shown)], bounds=bounds, outside=outside)
    return figure, map_caption(services, filters, len(summary), area, has_outside=not outside.empty)


def split_by_area(summary, area: Area, level: str):
    """(districts inside the viewer's area, districts outside it: code and name only). Outside
    districts carry no figures: the scope gave them none, and a zero would read as a quiet place."""
    inside = summary["code"].isin(area.inside(level, summary["code"]))
    return summary[inside].reset_index(drop=True), summary.loc[~inside, ["code", "name"]].reset_index(drop=True)


@callback(Output(P.KPIS, "children"), *FILTER_INPUTS, roles=ROLES)
def show_kpis(*filter_values):
    viewer = require_viewer(ROLES)
    services = current_services()
    figures = queries.kpis(services, viewer, filters_from(services, *filter_values))
    sla = services.settings.complaints
    return charts.kpi_cards(figures, sla.first_response_minutes, sla.feedback_minutes)


@callback(Output(P.TREND, "figure"), Output(P.BY_CATEGORY, "figure"), Output(P.BY_CHANNEL, "figure"),
          Output(P.BY_OPD, "figure"), Output(P.SLA_OPD, "figure"), Input(P.DRILL, "data"), *FILTER_INPUTS,
          roles=ROLES)
def show_breakdowns(kecamatan, *filter_values):
    viewer = require_viewer(ROLES)
    services = current_services()
    filters = filters_from(services, *filter_values, kecamatan=kecamatan)
    names = all_names(services)
    by = {dimension: queries.counts_by(services, viewer, filters, dimension)
          for dimension in ("category", "channel", "opd")}
    sla = services.settings.complaints
    return (charts.trend_figure(queries.daily_trend(services, viewer, filters)),
            charts.breakdown_figure(by["category"], names["category"]),
            charts.breakdown_figure(by["channel"], names["channel"]),
            charts.breakdown_figure(by["opd"], names["opd"]),
            charts.sla_by_opd_figure(by["opd"], names["opd"], sla.first_response_minutes, sla.feedback_minutes))


@callback(Output(P.QUEUE, "data"), Output(P.QUEUE_CAPTION, "children"), Input(P.DRILL, "data"), *FILTER_INPUTS,
          roles=ROLES)
def show_open_queue(kecamatan, *filter_values):
    viewer = require_viewer(ROLES)
    services = current_services()
    soon = services.settings.wall.soon_minutes
    filters = filters_from(services, *filter_values, kecamatan=kecamatan)
    at = queries.minute_now()  # one clock for the rows and the figures
    queue = queries.open_queue(services, viewer, filters, soon_minutes=soon, at=at)
    rows = charts.queue_rows(queue, all_names(services), at)
    return rows, charts.queue_caption(len(rows), queries.sla_figures(services, viewer, filters, at), soon)


@callback(Output(P.DETAIL, "children"), Input(P.QUEUE, "active_cell"), roles=ROLES)
def show_detail(active_cell):
    viewer = require_viewer(ROLES)
    services = current_services()
    complaint_id = row_id_or_none(active_cell, "row_id")
    if complaint_id is None:
        return no_update
    row = queries.complaint_detail(services, viewer, complaint_id)
    steps = complaint_desk.history(services, viewer, complaint_id) if row else None
    sla = services.settings.complaints
    return charts.detail_panel(row, all_names(services), sla.first_response_minutes, sla.feedback_minutes, steps)


@callback(Output(P.EXPORT, "href"), Input(P.DRILL, "data"), *FILTER_INPUTS, roles=ROLES)
def export_href(kecamatan, *filter_values):
    """The CSV link follows the filters; the file itself is streamed by downloads/complaints.py,
    which checks the caller and his scope again."""
    require_viewer(ROLES)
    filters = filters_from(current_services(), *filter_values, kecamatan=kecamatan)
    return f"{EXPORT_PATH}?{urlencode(export_query(filters), doseq=True)}"


@callback(Output(P.EXPORT_XLSX, "href"), Input(P.EXPORT, "href"), roles=ROLES)
def export_xlsx_href(csv_href: str | None) -> str:
    """The XLSX link asks for the same rows as the CSV link beside it."""
    require_viewer(ROLES)
    query = (csv_href or "").partition("?")[2]
    return f"{EXPORT_XLSX_PATH}?{query}" if query else EXPORT_XLSX_PATH


def export_query(filters: ComplaintFilters) -> dict:
    return {"start": filters.start.isoformat(), "end": filters.end.isoformat(), "opd": filters.opd_codes,
            "category": filters.category_codes, "channel": filters.channels, "status": filters.statuses,
            **({"kecamatan": filters.kecamatan_code} if filters.kecamatan_code else {})}


# --- reading the request ---------------------------------------------------------------------------

def filters_from(services: Services, start, end, opds, categories, channels, statuses,
                 kecamatan=None) -> ComplaintFilters:
    """The request's filters, made safe: dates parsed (default: the last 30 days, at most a year),
    choices as sorted tuples of strings, statuses and the drilled kecamatan only if they exist."""
    last = day_or_none(end, "end_date") or city_today()
    first = day_or_none(start, "start_date") or last - timedelta(days=DEFAULT_DAYS - 1)
    first, last = min(first, last), max(first, last)
    return ComplaintFilters(
        start=max(first, last - timedelta(days=MAX_DAYS - 1)), end=last,
        opd_codes=choices(opds), category_codes=choices(categories), channels=choices(channels),
        statuses=tuple(s for s in choices(statuses) if s in charts.STATUS_NAMES),
        kecamatan_code=known_kecamatan(services, kecamatan),
    )


def choices(values) -> tuple[str, ...]:
    values = values if isinstance(values, list) else []
    return tuple(sorted({v for v in values if isinstance(v, str) and v}))


def clicked_kecamatan(services: Services, click) -> str | None:
    points = click.get("points") if isinstance(click, dict) else None
    point = points[0] if isinstance(points, list) and points and isinstance(points[0], dict) else {}
    return known_kecamatan(services, point.get("location"))


def known_kecamatan(services: Services, code) -> str | None:
    return code if isinstance(code, str) and code and code in names_of(services, "kecamatan") else None


def home_kecamatan(services: Services, viewer: Viewer) -> str | None:
    """Where a camat or lurah starts: the kecamatan he looks after; everyone else the city."""
    scope = viewer.scope
    if scope.kind == "kecamatan":
        return scope.codes[0]
    if scope.kind == "kelurahan":
        kelurahan = queries.dimension_table(services, "kelurahan").set_index("code")["kecamatan_code"]
        return kelurahan.get(scope.codes[0])
    return None


def own_opd(services: Services, viewer: Viewer) -> str | None:
    return viewer.scope.codes[0] if viewer.scope.kind == "opd" else None


def kecamatan_bounds(code: str | None) -> tuple[float, float, float, float] | None:
    return district_bounds("kecamatan", code) if code else None


def map_caption(services: Services, filters: ComplaintFilters, districts: int, area: Area | None = None,
                has_outside: bool = False) -> str:
    period = f"{filters.start:%d/%m/%Y} – {filters.end:%d/%m/%Y}"
    if area is not None and area.kind in ("kelurahan", "rw", "rt"):
        text = f"{area.name} · {period}"
    elif filters.kecamatan_code:
        text = f"Kecamatan {names_of(services, 'kecamatan')[filters.kecamatan_code]} · {districts} kelurahan · {period}"
    else:
        text = f"Kota Surabaya · {districts} kecamatan · {period}"
    if area is not None and area.note:
        text += f" · {area.note}"
    return text + (f" · abu-abu: {OUTSIDE}" if has_outside else "")


def names_of(services: Services, dimension: str) -> dict[str, str]:
    return queries.names_of(services, dimension)


def all_names(services: Services) -> dict[str, dict[str, str]]:
    return {dimension: names_of(services, dimension) for dimension in NAMED_DIMENSIONS}
