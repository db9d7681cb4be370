"""Anggaran: the year and OPD choices, the S-curve, physical against financial progress per OPD and
(for the OPD chosen or clicked) per sub kegiatan, and the lagging lines; every answer from
data/planning/budget_queries.py, scoped by the viewer (an OPD user reads his own OPD only)."""

from __future__ import annotations

from dash import Input, Output, no_update
from werkzeug.exceptions import BadRequest

from callbacks._access import require_viewer
from callbacks._register import callback
from core import formatting
from core.clock import city_today
from core.services import current_services
from data.complaints.queries import names_of
from data.planning import budget_queries as queries
from data.planning.budget_queries import FINANCIAL_LAG_POINTS, PHYSICAL_LAG_POINTS, BudgetFilters
from layouts.components import anggaran_charts as charts
from layouts.components.ids_anggaran import ROLES, Anggaran as A

YEAR_RANGE = (2000, 2100)
CODE_LIMIT = 32


@callback(Output(A.YEAR, "options"), Output(A.YEAR, "value"), Input(A.PAGE, "id"), roles=ROLES)
def fill_years(_page):
    viewer = require_viewer(ROLES)
    years = queries.budget_years(current_services(), viewer)
    this_year = city_today().year
    chosen = this_year if this_year in years else (years[0] if years else this_year)
    return [{"label": str(year), "value": year} for year in years], chosen


@callback(Output(A.OPD, "options"), Input(A.YEAR, "value"), roles=ROLES)
def fill_opds(year):
    viewer = require_viewer(ROLES)
    services = current_services()
    names = names_of(services, "opd")
    return [{"label": names.get(code, code), "value": code}
            for code in queries.budget_opds(services, viewer, checked_year(year))]


@callback(Output(A.OPD, "value"), Input(A.PROGRESS, "clickData"), roles=ROLES, prevent_initial_call=True)
def drill_into_opd(click):
    """A click on an OPD's point chooses it (the sub kegiatan chart and the lines follow)."""
    require_viewer(ROLES)
    points = (click or {}).get("points") if isinstance(click, dict) else None
    code = points[0].get("customdata") if points and isinstance(points[0], dict) else None
    return checked_opd(code) if code else no_update


@callback(Output(A.CURVE, "figure"), Output(A.PROGRESS, "figure"), Output(A.SUBS, "figure"),
          Output(A.SUBS_TITLE, "children"), Output(A.LAGGING, "data"), Output(A.LAGGING_CAPTION, "children"),
          Output(A.CAPTION, "children"), Input(A.YEAR, "value"), Input(A.OPD, "value"), roles=ROLES)
def show_budget(year, opd):
    viewer = require_viewer(ROLES)
    services = current_services()
    today = city_today()
    filters = BudgetFilters(year=checked_year(year), opd_code=checked_opd(opd))
    names = names_of(services, "opd")
    elapsed = queries.elapsed_pct(filters.year, today)
    curve = queries.absorption_curve(services, viewer, filters)
    by_opd = queries.progress_by_opd(services, viewer, BudgetFilters(filters.year))
    own = viewer.scope.kind == "opd"
    drilled = filters.opd_code or (viewer.opd_code if own else None)
    by_sub = queries.progress_by_sub_kegiatan(services, viewer, BudgetFilters(filters.year, drilled)) \
        if drilled else None
    lagging = queries.lagging_lines(services, viewer, filters, today)
    this_year = curve[curve["year"] == filters.year]
    last_month = today.month if filters.year == today.year else None
    shown = this_year[this_year["month"] == (last_month or 12)]
    absorbed = shown["absorption_pct"].iloc[0] if len(shown) else None
    where = names.get(drilled, drilled) if drilled else "Kota Surabaya"
    caption = (f"{where} · tahun anggaran {filters.year} · serapan {formatting.percent(absorbed)} · waktu berjalan "
               f"{formatting.percent(elapsed)} · pagu dari APBD yang berlaku (murni atau perubahan)")
    subs_title = (f"Progres per sub kegiatan: {names.get(drilled, drilled)}" if drilled
                  else "Progres per sub kegiatan: pilih OPD atau klik titiknya")
    lagging_caption = (f"{formatting.count(len(lagging))} rekening dengan realisasi keuangan lebih dari "
                       f"{formatting.number(FINANCIAL_LAG_POINTS)} poin atau progres fisik lebih dari "
                       f"{formatting.number(PHYSICAL_LAG_POINTS)} poin di bawah waktu berjalan "
                       f"({formatting.percent(elapsed)}).")
    return (charts.s_curve(curve, filters.year, last_month),
            charts.progress_scatter(by_opd, names, elapsed),
            charts.sub_kegiatan_bars(by_sub) if by_sub is not None else charts.empty_figure("Pilih OPD"),
            subs_title, charts.lagging_rows(lagging, names), lagging_caption, caption)


def checked_year(value) -> int:
    """The chosen year; none chosen: this year; anything but a year in range is a 400."""
    if value is None:
        return city_today().year
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit():
        raise BadRequest(f"year: not a year ({str(value)[:20]!r})")
    year = int(value)
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise BadRequest(f"year: outside {YEAR_RANGE[0]}..{YEAR_RANGE[1]} ({year})")
    return year


def checked_opd(value) -> str | None:
    """An OPD code or None; the viewer's scope decides what it reads, whatever is asked."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or len(value) > CODE_LIMIT:
        raise BadRequest("opd: not an OPD code")
    return value
