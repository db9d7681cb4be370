"""Sipandu (/sipandu): the non-permanent residents of the viewer's area, in aggregates. Every
callback checks the role and asks data/sipandu/pages.py (the Sipandu mart, scoped by the viewer's
one scope object, cached per mart version) for the chosen period; layouts/components/sipandu_charts.py
builds the figures and tables from those answers, in Indonesian. A camat reads his kecamatan, a lurah
his kelurahan, an RT/RW head his RT or RW, the command center the city; an account whose scope the mart
cannot read is told so instead of shown zeros. Nothing here names a person: the mart holds no NIK, name
or address, and the tables list areas and boarding houses, never records."""

from __future__ import annotations

from datetime import datetime

from dash import Input, Output, html

import geo
from callbacks._access import require_viewer
from callbacks._register import callback
from callbacks._sipandu_kpis import sipandu_cards
from core.clock import city_today, utc_now
from core.services import current_services
from data.areas import OUTSIDE, area_bounds, area_of, can_read
from data.complaints.queries import names_of
from data.sipandu import pages
from data.sipandu.pages import DEFAULT_WEEKS, PERIOD_WEEKS
from domains.sipandu import SIPANDU_MART
from layouts.components.complaint_charts import empty_figure, view_for_bounds
from layouts.components.ids_sipandu import ROLES, Sipandu as S
from layouts.components.maps import BOUNDARY_CREDITS
from layouts.components.sipandu_charts import (LIST_LIMIT, NO_RW_BOUNDARIES, backlog_table, caption,
                                               kelurahan_table, kos_table, origin_map, origins_figure,
                                               purposes_figure, residents_map, rw_table, silent_table,
                                               timeliness_block, trend_figure, unreadable)


# --- callbacks -----------------------------------------------------------------------------------

@callback(Output(S.TITLE, "children"), Output(S.CARDS, "children"), Input(S.PAGE, "id"), roles=ROLES)
def show_setup(_page):
    """The page names the viewer's area; the three headline cards (this week, now)."""
    viewer = require_viewer(ROLES)
    services = current_services()
    area = area_of(services, viewer)
    title = "Sipandu: penduduk non-permanen" + ("" if area.kind == "city" else f" — {area.name}")
    cards = sipandu_cards(services, viewer, today=city_today(utc_now()))
    return title, [html.Div(card) for card in cards]  # in a row of three (a grid's first kpi-card spans it)


@callback(Output(S.MAP, "figure"), Output(S.MAP_NOTE, "children"), Output(S.AREAS, "children"),
          Input(S.PAGE, "id"), roles=ROLES)
def show_residents(_page):
    """The present newcomers now: per kelurahan on the map (the city's, the camat's kecamatan's;
    a lurah's or RT/RW head's one kelurahan) and in a table per kelurahan, or per RW inside a
    kelurahan (no RW boundaries exist: the map stops at the kelurahan and says so)."""
    viewer = require_viewer(ROLES)
    services = current_services()
    area = area_of(services, viewer)
    if not can_read(viewer, SIPANDU_MART):
        return empty_figure(unreadable(area)), "", [html.P(unreadable(area), className="muted")]
    kelurahan = pages.residents_by_area(services, viewer, "kelurahan")
    names = {"kelurahan": names_of(services, "kelurahan"), "kecamatan": names_of(services, "kecamatan")}
    labels = geo.centroids("kelurahan")
    inside = labels["code"].isin(area.inside("kelurahan", labels["code"]))
    bounds = area_bounds(area)
    drawn = residents_map(kelurahan, labels[inside], labels.loc[~inside, ["code", "name"]],
                            geo.asset_url("kelurahan"), services.settings.map,
                            view_for_bounds(bounds) if bounds else None)
    note = BOUNDARY_CREDITS + (f" Abu-abu: {OUTSIDE}." if area.is_district else "")
    if area.kind in ("kelurahan", "rw", "rt"):
        rws = pages.residents_by_area(services, viewer, "rw")
        return drawn, f"{NO_RW_BOUNDARIES} {note}", rw_table(rws, area)
    return drawn, note, kelurahan_table(kelurahan, names)


@callback(Output(S.TREND, "figure"), Output(S.PURPOSES, "figure"), Output(S.TIMELINESS, "children"),
          Output(S.CAPTION, "children"), Input(S.PERIOD, "value"), roles=ROLES)
def show_flow(period):
    """The weekly flow of the period, the purposes of its arrivals and the reporting rule's share."""
    viewer = require_viewer(ROLES)
    services = current_services()
    area = area_of(services, viewer)
    if not can_read(viewer, SIPANDU_MART):
        return empty_figure(unreadable(area)), empty_figure(""), [], unreadable(area)
    weeks, today = checked_weeks(period), city_today(utc_now())
    since = pages.period_start(today, weeks)
    hours = services.settings.sipandu.report_within_hours
    return (trend_figure(pages.weekly_flow(services, viewer, weeks, today)),
            purposes_figure(pages.purposes(services, viewer, since)),
            timeliness_block(pages.timeliness(services, viewer, since), hours, since),
            caption(area, weeks, since, today))


@callback(Output(S.ORIGINS, "figure"), Output(S.ORIGIN_MAP, "figure"), Input(S.PERIOD, "value"), roles=ROLES)
def show_origins(period):
    """Where the period's arrivals come from: the regencies ranked, the provinces on a map."""
    viewer = require_viewer(ROLES)
    services = current_services()
    area = area_of(services, viewer)
    if not can_read(viewer, SIPANDU_MART):
        return empty_figure(unreadable(area)), empty_figure("")
    since = pages.period_start(city_today(utc_now()), checked_weeks(period))
    found = pages.origins(services, viewer, since)
    return (origins_figure(found), origin_map(found, pages.province_capitals(), services.settings.map))


@callback(Output(S.BACKLOG, "children"), Output(S.SILENT, "children"), Output(S.KOS, "children"),
          Input(S.PERIOD, "value"), roles=ROLES)
def show_gaps(period):
    """The verification backlog now, the RTs silent over the period, the boarding houses."""
    viewer = require_viewer(ROLES)
    services = current_services()
    area = area_of(services, viewer)
    if not can_read(viewer, SIPANDU_MART):
        said = [html.P(unreadable(area), className="muted")]
        return said, said, said
    now = this_minute()
    since = pages.period_start(city_today(now), checked_weeks(period))
    names = {"kelurahan": names_of(services, "kelurahan"), "kecamatan": names_of(services, "kecamatan")}
    return (backlog_table(pages.backlog(services, viewer, now), names),
            silent_table(pages.silent_rts(services, viewer, since, now, LIST_LIMIT), names, since),
            kos_table(pages.kos_completeness(services, viewer, LIST_LIMIT), names))


# --- inputs --------------------------------------------------------------------------------------

def this_minute() -> datetime:
    """Now to the minute: a repeated call within it is answered from the cache."""
    return utc_now().replace(second=0, microsecond=0)


def checked_weeks(period) -> int:
    """The period's weeks as the page offers them; anything else (a crafted value): the default."""
    return period if isinstance(period, int) and period in PERIOD_WEEKS else DEFAULT_WEEKS
