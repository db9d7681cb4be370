"""Perencanaan: the round's funnel and its drill-down. Every callback checks the role, and every
figure asks data/planning/ (the proposals mart, scoped by the viewer) for the year and the place
drilled into; the drill state (kecamatan, kelurahan, stage) lives in a store and is checked against
the viewer's area whatever the browser sends: a camat starts in his kecamatan, a lurah in his
kelurahan, and neither leaves it."""

from __future__ import annotations

from dash import Input, Output, State, ctx, html

from callbacks._access import require_viewer
from callbacks._register import callback
from core.services import current_services
from data.areas import Area, area_of
from data.complaints.queries import city_today, names_of
from data.planning import drill as planning_drill
from data.planning import budget_queries, queries
from data.planning.queries import PlanningFilters
from data.planning.tables import STAGES
from layouts.components import planning_charts as charts
from layouts.components.ids_perencanaan import ROLES, Perencanaan as P

HIDDEN, SHOWN = {"display": "none"}, {}
EARLIEST_YEAR, LATEST_YEAR = 2000, 2099


@callback(Output(P.TITLE, "children"), Output(P.YEAR, "options"), Output(P.YEAR, "value"), Input(P.PAGE, "id"),
          roles=ROLES)
def show_setup(_page):
    """The page names the viewer's area; the years he has proposals in, newest first (this year
    when there are none yet)."""
    viewer = require_viewer(ROLES)
    services = current_services()
    area = area_of(services, viewer)
    years = queries.proposal_years(services, viewer) or [city_today().year]
    title = "Perencanaan: dari usulan musrenbang ke rencana kerja" if area.kind == "city" else \
        f"Perencanaan — {area.name}"
    return title, [{"label": str(year), "value": year} for year in years], years[0]


@callback(Output(P.DRILL, "data"), Output(P.FUNNEL, "clickData"), Output(P.AREA, "clickData"),
          Input(P.FUNNEL, "clickData"), Input(P.AREA, "clickData"), Input(P.BACK, "n_clicks"),
          State(P.DRILL, "data"), roles=ROLES)
def drill(funnel_click, area_click, _back, current):
    """A click on a stage chooses it; a click on a kecamatan drills into its kelurahan, on a
    kelurahan into its proposals; back goes up one level, never above the viewer's own area. The
    clicks are cleared so the same bar can be clicked again."""
    viewer = require_viewer(ROLES)
    services = current_services()
    area = area_of(services, viewer)
    state = checked_state(services, area, current)
    triggered = ctx.triggered_id
    if triggered == P.FUNNEL:
        stage = clicked(funnel_click)
        state["stage"] = stage if stage in STAGES else None
    elif triggered == P.AREA:
        state = drilled_into(services, area, state, clicked(area_click))
    elif triggered == P.BACK:
        state = went_back(area, state)
    elif not current:
        state = home(area)
    return state, None, None


@callback(Output(P.FUNNEL, "figure"), Output(P.AREA, "figure"), Output(P.BREADCRUMB, "children"),
          Output(P.BACK, "style"), Output(P.PROPOSALS, "children"), Output(P.REJECTIONS, "figure"),
          Output(P.SHARE, "children"), Output(P.CAPTION, "children"),
          Input(P.YEAR, "value"), Input(P.DRILL, "data"), roles=ROLES)
def show_round(year, state):
    """The funnel, the areas of the drill-down level, the proposals of a chosen kelurahan, the
    rejection reasons (all of the place drilled into) and the APBD's musrenbang part."""
    viewer = require_viewer(ROLES)
    services = current_services()
    area = area_of(services, viewer)
    year = checked_year(year)
    state = checked_state(services, area, state)
    filters = PlanningFilters(year=year, kecamatan_code=state["kecamatan"], kelurahan_code=state["kelurahan"])
    stage = state["stage"]
    names = {"kecamatan": names_of(services, "kecamatan"), "kelurahan": names_of(services, "kelurahan")}
    level = filters.area_level
    areas = queries.funnel_by_area(services, viewer, filters)
    if state["kelurahan"]:
        found = planning_drill.proposal_list(services, viewer, filters, stage)
        proposals = [html_title(f"Usulan Kelurahan {names['kelurahan'].get(state['kelurahan'], state['kelurahan'])}"
                                + (f" · {charts.STAGE_NAMES[stage].lower()}" if stage else "")),
                     *charts.proposals_table(found, names["kelurahan"], planning_drill.PROPOSAL_LIMIT)]
    else:
        proposals = [html_title("Usulan"), *charts.proposals_hint()]
    share = planning_drill.apbd_share_of_musrenbang(services, viewer, year, apbd_total_rupiah=apbd_total(
        services, viewer, area, year + 1))
    caption = (f"Musrenbang {year} (dibangun tahun {year + 1}) · {area.name}"
               + (f" · tahap dipilih: {charts.STAGE_NAMES[stage]}" if stage else "")
               + ". Satu usulan dihitung di setiap tahap yang telah dicapainya.")
    return (charts.funnel_figure(queries.funnel(services, viewer, filters), stage),
            charts.area_figure(areas, level, names.get(level, {}), stage),
            breadcrumb(state, names), SHOWN if can_go_back(area, state) else HIDDEN, proposals,
            charts.rejection_figure(queries.rejection_reasons(services, viewer, filters)),
            charts.share_card(share, area.name, area.kind == "city"), caption)


# --- the drill state ---------------------------------------------------------------------------

def home(area: Area) -> dict:
    """Where the viewer starts: the city, his kecamatan, or his kelurahan."""
    if area.kind == "kecamatan":
        return {"kecamatan": area.kecamatan_code, "kelurahan": None, "stage": None}
    if area.kind in ("kelurahan", "rw", "rt"):
        return {"kecamatan": area.kecamatan_code, "kelurahan": area.kelurahan_code, "stage": None}
    return {"kecamatan": None, "kelurahan": None, "stage": None}


def checked_state(services, area: Area, state) -> dict:
    """The store as the browser sent it, kept only where it is a known place inside the viewer's
    area (a crafted store falls back to the viewer's home) and a known stage."""
    state = state if isinstance(state, dict) else {}
    start = home(area)
    kecamatan, kelurahan, stage = state.get("kecamatan") or None, state.get("kelurahan") or None, state.get("stage")
    stage = stage if stage in STAGES else None
    if kecamatan is not None and (kecamatan not in names_of(services, "kecamatan") or not area.may_open(kecamatan)):
        return {**start, "stage": stage}
    if kelurahan is not None and (kecamatan is None or not str(kelurahan).startswith(f"{kecamatan}.")
                                  or kelurahan not in names_of(services, "kelurahan")
                                  or (area.kelurahan_code and kelurahan != area.kelurahan_code)):
        kelurahan = start["kelurahan"] if kecamatan == start["kecamatan"] else None
    if start["kecamatan"] and kecamatan is None:
        kecamatan = start["kecamatan"]
    if start["kelurahan"] and kelurahan is None:
        kelurahan = start["kelurahan"]
    return {"kecamatan": kecamatan, "kelurahan": kelurahan, "stage": stage}


def drilled_into(services, area: Area, state: dict, code) -> dict:
    if not isinstance(code, str) or state["kelurahan"]:
        return state  # an RW bar, or nothing readable: stay
    if state["kecamatan"] is None:
        return checked_state(services, area, {**state, "kecamatan": code})
    return checked_state(services, area, {**state, "kelurahan": code})


def went_back(area: Area, state: dict) -> dict:
    start = home(area)
    if state["kelurahan"] and not start["kelurahan"]:
        return {**state, "kelurahan": None}
    if state["kecamatan"] and not start["kecamatan"]:
        return {**state, "kecamatan": None}
    return state


def can_go_back(area: Area, state: dict) -> bool:
    return went_back(area, state) != state


def clicked(click) -> object:
    """The customdata of the first clicked point (a stage or an area's code), or None."""
    try:
        return click["points"][0]["customdata"]
    except (KeyError, IndexError, TypeError):
        return None


def checked_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        return city_today().year
    return year if EARLIEST_YEAR <= year <= LATEST_YEAR else city_today().year


def breadcrumb(state: dict, names: dict) -> str:
    """Where the drill-down stands: "Kecamatan Genteng › Kelurahan Ketabang · per RW"."""
    if not state["kecamatan"]:
        return "Kota Surabaya · per kecamatan"
    kecamatan = f"Kecamatan {names['kecamatan'].get(state['kecamatan'], state['kecamatan'])}"
    if not state["kelurahan"]:
        return f"{kecamatan} · per kelurahan"
    return f"{kecamatan} › Kelurahan {names['kelurahan'].get(state['kelurahan'], state['kelurahan'])} · per RW"


def html_title(text: str):
    return html.H3(text, className="panel-title")


def apbd_total(services, viewer, area: Area, year: int) -> int | None:
    """The APBD of `year` (its current version's ceilings, from the budget mart) for the city-wide
    view; a district's proposals are not set against the whole city's budget (None: not shown)."""
    if area.kind != "city":
        return None
    return budget_queries.absorption_at(services, viewer, year, 12)["ceiling_rupiah"] or None
