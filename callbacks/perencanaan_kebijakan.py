"""Kebijakan: complaints as a basis for policy. Every callback checks the role and asks
data/planning/policy.py (the complaints and proposals marts, each scoped by the viewer) for the
category, the complaints' period and the musrenbang rounds; the map greys the kelurahan outside the
viewer's area."""

from __future__ import annotations

from datetime import timedelta

from dash import Input, Output, html

import geo
from callbacks._access import require_viewer
from callbacks._input import day_or_none
from callbacks._register import callback
from core.services import current_services
from data.areas import OUTSIDE, area_bounds, area_of
from data.complaints.queries import city_today, names_of
from data.planning import policy, queries
from data.planning.policy import CATEGORY_WORK_KINDS, KIND_NAMES, PolicyFilters
from layouts.components import planning_charts as charts
from layouts.components.complaint_charts import view_for_bounds
from layouts.components.ids_perencanaan import ROLES, Kebijakan as K

DEFAULT_CATEGORY = "SALURAN_BANJIR"   # flooding next to drain works: the question the page was made for
DEFAULT_DAYS = 90
MAX_DAYS = 3 * 366


@callback(Output(K.TITLE, "children"), Output(K.CATEGORY, "options"), Output(K.CATEGORY, "value"),
          Output(K.YEARS, "options"), Input(K.PAGE, "id"), roles=ROLES)
def show_setup(_page):
    """The page names the viewer's area; the categories that have a matching kind of work, and the
    musrenbang rounds he has proposals in."""
    viewer = require_viewer(ROLES)
    services = current_services()
    area = area_of(services, viewer)
    names = names_of(services, "category")
    categories = [{"label": f"{names.get(code, code)} → {', '.join(KIND_NAMES.get(k, k) for k in kinds)}",
                   "value": code} for code, kinds in CATEGORY_WORK_KINDS.items()]
    years = [{"label": str(year), "value": year} for year in queries.proposal_years(services, viewer)]
    title = "Aduan sebagai dasar kebijakan" + ("" if area.kind == "city" else f" — {area.name}")
    return title, categories, DEFAULT_CATEGORY, years


@callback(Output(K.MAP, "figure"), Output(K.RANKING, "children"), Output(K.CAPTION, "children"),
          Input(K.CATEGORY, "value"), Input(K.DATES, "start_date"), Input(K.DATES, "end_date"),
          Input(K.YEARS, "value"), roles=ROLES)
def show_policy(category, start, end, years):
    viewer = require_viewer(ROLES)
    services = current_services()
    filters = policy_filters(category, start, end, years)
    area = area_of(services, viewer)
    ranking = policy.kelurahan_ranking(services, viewer, filters)
    labels = geo.centroids("kelurahan")
    outside = labels.loc[~labels["code"].isin(set(ranking["code"])), ["code", "name"]].reset_index(drop=True)
    bounds = area_bounds(area)
    figure = charts.policy_map(ranking, geo.asset_url("kelurahan"), services.settings.map, labels, outside,
                               view=view_for_bounds(bounds) if bounds else None)
    category_name = names_of(services, "category").get(filters.category_code, filters.category_code)
    kinds = ", ".join(KIND_NAMES.get(k, k) for k in filters.work_kinds)
    rounds = ", ".join(str(y) for y in filters.years) if filters.years else "semua tahun"
    caption = (f"{area.name} · aduan \u201c{category_name}\u201d diterima {filters.start:%d/%m/%Y} – "
               f"{filters.end:%d/%m/%Y}, di samping usulan musrenbang jenis {kinds} ({rounds}). "
               "Skor = aduan ÷ (1 + usulan diterima yang sesuai): makin tinggi, makin banyak aduan dibanding "
               "karya yang menjawabnya." + (f" Abu-abu: {OUTSIDE}." if not outside.empty and area.is_district else ""))
    return figure, charts.ranking_table(ranking, names_of(services, "kecamatan")), caption


@callback(Output(K.PROFILE, "children"), Input(K.MAP, "clickData"), Input(K.DATES, "start_date"),
          Input(K.DATES, "end_date"), Input(K.YEARS, "value"), roles=ROLES)
def show_profile(click, start, end, years):
    """The clicked kelurahan's complaints per category next to the works of the matching kinds
    (only a kelurahan of the viewer's area: the scope gives nothing of the others)."""
    viewer = require_viewer(ROLES)
    services = current_services()
    filters = policy_filters(DEFAULT_CATEGORY, start, end, years)
    area = area_of(services, viewer)
    code = clicked_location(click)
    names = names_of(services, "kelurahan")
    if not code or code not in names or not area.inside("kelurahan", [code]):
        return html.P("Klik satu kelurahan di peta untuk melihat aduannya per kategori di samping karya yang sesuai.",
                      className="muted")
    profile = policy.kelurahan_profile(services, viewer, code, filters.start, filters.end, filters.years)
    return charts.profile_table(profile, names[code], names_of(services, "category"))


def policy_filters(category, start, end, years) -> PolicyFilters:
    """The page's choices, checked: a category with a matching kind of work (flooding otherwise),
    the picked days (the last 90 when none are picked, at most three years), the rounds chosen."""
    category = category if isinstance(category, str) and category in CATEGORY_WORK_KINDS else DEFAULT_CATEGORY
    today = city_today()
    first, last = day_or_none(start, "start_date"), day_or_none(end, "end_date")
    if first is None or last is None or first > last:
        first, last = today - timedelta(days=DEFAULT_DAYS - 1), today
    if (last - first).days >= MAX_DAYS:
        first = last - timedelta(days=MAX_DAYS - 1)
    chosen = tuple(sorted({int(y) for y in (years or []) if isinstance(y, int) and 2000 <= y <= 2099}))
    return PolicyFilters(category, first, last, chosen)


def clicked_location(click) -> str | None:
    try:
        location = click["points"][0]["location"]
    except (KeyError, IndexError, TypeError):
        return None
    return location if isinstance(location, str) else None
